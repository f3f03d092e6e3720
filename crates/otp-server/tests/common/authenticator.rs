//! A software authenticator (FIDO2, ES256, attestation "none") for the router tests: it makes
//! and uses credentials the way a phone or a security key does, and — unlike a browser — will
//! also sign for another origin, replay a counter or answer another customer's challenge, so
//! the server's refusals can be tested.

use data_encoding::BASE64URL_NOPAD;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The origin the tests' server answers at (the relying party `localhost`).
pub const ORIGIN: &str = "http://localhost:8080";

/// One credential on the authenticator.
pub struct Credential {
    pub id: Vec<u8>,
    pub key: SigningKey,
    pub rp_id: String,
    pub user_handle: Vec<u8>,
    pub counter: u32,
}

fn b64(bytes: &[u8]) -> String {
    BASE64URL_NOPAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    BASE64URL_NOPAD.decode(text.as_bytes()).unwrap()
}

/// CBOR: a major type's head.
fn head(major: u8, len: usize, out: &mut Vec<u8>) {
    let m = major << 5;
    match len {
        0..=23 => out.push(m | len as u8),
        24..=255 => out.extend([m | 24, len as u8]),
        _ => {
            out.push(m | 25);
            out.extend((len as u16).to_be_bytes());
        }
    }
}

fn cbor_int(n: i64, out: &mut Vec<u8>) {
    if n >= 0 {
        head(0, n as usize, out);
    } else {
        head(1, (-1 - n) as usize, out);
    }
}

fn cbor_bytes(b: &[u8], out: &mut Vec<u8>) {
    head(2, b.len(), out);
    out.extend(b);
}

fn cbor_text(t: &str, out: &mut Vec<u8>) {
    head(3, t.len(), out);
    out.extend(t.as_bytes());
}

/// The credential's public key as a COSE_Key (EC2, P-256, ES256).
fn cose_key(key: &SigningKey) -> Vec<u8> {
    let point = key.verifying_key().to_sec1_point(false);
    let raw = point.as_bytes();
    let mut out = Vec::new();
    head(5, 5, &mut out);
    cbor_int(1, &mut out);
    cbor_int(2, &mut out); // kty: EC2
    cbor_int(3, &mut out);
    cbor_int(-7, &mut out); // alg: ES256
    cbor_int(-1, &mut out);
    cbor_int(1, &mut out); // crv: P-256
    cbor_int(-2, &mut out);
    cbor_bytes(&raw[1..33], &mut out);
    cbor_int(-3, &mut out);
    cbor_bytes(&raw[33..65], &mut out);
    out
}

/// Flags: user present, user verified, backup eligible and state (a synced passkey).
const FLAGS: u8 = 0x01 | 0x04 | 0x08 | 0x10;

fn auth_data(rp_id: &str, flags: u8, counter: u32, attested: Option<&[u8]>) -> Vec<u8> {
    let mut out = Sha256::digest(rp_id.as_bytes()).to_vec();
    out.push(flags | if attested.is_some() { 0x40 } else { 0 });
    out.extend(counter.to_be_bytes());
    if let Some(attested) = attested {
        out.extend(attested);
    }
    out
}

fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
    json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false})
        .to_string()
        .into_bytes()
}

/// A new credential for `options` (the server's creation options, `publicKey`), made as at
/// `origin`: the credential and `PublicKeyCredential.toJSON()` of the registration.
pub fn register(options: &Value, origin: &str, seed: u8) -> (Credential, Value) {
    let rp_id = options["rp"]["id"].as_str().unwrap().to_owned();
    let user_handle = unb64(options["user"]["id"].as_str().unwrap());
    let challenge = options["challenge"].as_str().unwrap();
    let key = SigningKey::from_slice(&[seed.max(1); 32]).unwrap();
    let id: Vec<u8> = Sha256::digest([b"credential".as_slice(), &[seed]].concat())[..16].to_vec();
    let mut attested = vec![0u8; 16]; // AAGUID
    attested.extend((id.len() as u16).to_be_bytes());
    attested.extend(&id);
    attested.extend(cose_key(&key));
    let data = auth_data(&rp_id, FLAGS, 0, Some(&attested));
    let mut object = Vec::new();
    head(5, 3, &mut object);
    cbor_text("fmt", &mut object);
    cbor_text("none", &mut object);
    cbor_text("attStmt", &mut object);
    head(5, 0, &mut object);
    cbor_text("authData", &mut object);
    cbor_bytes(&data, &mut object);
    let json = json!({
        "id": b64(&id),
        "rawId": b64(&id),
        "type": "public-key",
        "authenticatorAttachment": "platform",
        "response": {
            "clientDataJSON": b64(&client_data("webauthn.create", challenge, origin)),
            "attestationObject": b64(&object),
            "transports": ["internal"],
        },
        "clientExtensionResults": {"credProps": {"rk": true}},
    });
    let credential = Credential {
        id,
        key,
        rp_id,
        user_handle,
        counter: 0,
    };
    (credential, json)
}

impl Credential {
    /// `PublicKeyCredential.toJSON()` of an assertion for `options` (the server's request
    /// options, `publicKey`), made as at `origin` with the signature counter `counter`.
    pub fn assert_with(&self, options: &Value, origin: &str, counter: u32) -> Value {
        let challenge = options["challenge"].as_str().unwrap();
        let data = auth_data(&self.rp_id, FLAGS, counter, None);
        let client = client_data("webauthn.get", challenge, origin);
        let signed = [data.as_slice(), &Sha256::digest(&client)].concat();
        let signature: Signature = self.key.sign(&signed);
        json!({
            "id": b64(&self.id),
            "rawId": b64(&self.id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64(&client),
                "authenticatorData": b64(&data),
                "signature": b64(signature.to_der().as_bytes()),
                "userHandle": b64(&self.user_handle),
            },
            "clientExtensionResults": {},
        })
    }

    /// An assertion at the tests' origin, the counter moved on by one.
    pub fn assert(&mut self, options: &Value) -> Value {
        self.counter += 1;
        self.assert_with(options, ORIGIN, self.counter)
    }
}
