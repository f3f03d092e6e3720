"""A software passkey authenticator for the conformance kit: FIDO2, ES256 (P-256), attestation
"none", discoverable, user verified — what a phone or a security key does, in the standard
library only (the curve's arithmetic is a few lines of integers; speed does not matter here).

    cred = Credential.register(options["publicKey"], origin)   # -> (cred, toJSON() body)
    cred.assert_(options["publicKey"], origin)                  # -> toJSON() body
"""

import base64
import hashlib
import json
import secrets

# NIST P-256 (FIPS 186-4, D.1.2.3).
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def _add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        slope = (3 * p[0] * p[0] + A) * pow(2 * p[1], -1, P) % P
    else:
        slope = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (slope * slope - p[0] - q[0]) % P
    return x, (slope * (p[0] - x) - p[1]) % P


def _mul(k, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def _der_int(v):
    raw = v.to_bytes(32, "big").lstrip(b"\0") or b"\0"
    if raw[0] & 0x80:
        raw = b"\0" + raw
    return b"\x02" + bytes([len(raw)]) + raw


def _sign(private, message):
    """ECDSA over SHA-256, DER-encoded as WebAuthn carries it."""
    z = int.from_bytes(hashlib.sha256(message).digest(), "big")
    while True:
        k = secrets.randbelow(N - 1) + 1
        r = _mul(k, G)[0] % N
        s = pow(k, -1, N) * (z + r * private) % N
        if r and s:
            body = _der_int(r) + _der_int(s)
            return b"\x30" + bytes([len(body)]) + body


def _cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    return bytes([major << 5 | 25]) + n.to_bytes(2, "big")


def _cbor(value):
    """The few CBOR items a COSE key and an attestation object hold."""
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise TypeError(value)


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# User present, user verified, backup eligible and backed up (a synced passkey).
FLAGS = 0x01 | 0x04 | 0x08 | 0x10


def _client_data(kind, challenge, origin):
    return json.dumps({"type": kind, "challenge": challenge, "origin": origin,
                       "crossOrigin": False}).encode()


class Credential:
    def __init__(self, rp_id, user_handle):
        self.private = secrets.randbelow(N - 1) + 1
        self.id = secrets.token_bytes(16)
        self.rp_id, self.user_handle = rp_id, user_handle
        self.counter = 0

    def _auth_data(self, attested=b""):
        flags = FLAGS | (0x40 if attested else 0)
        return (hashlib.sha256(self.rp_id.encode()).digest() + bytes([flags])
                + self.counter.to_bytes(4, "big") + attested)

    @classmethod
    def register(cls, options, origin):
        """A new credential for the server's creation options, made as at `origin`."""
        cred = cls(options["rp"]["id"], unb64(options["user"]["id"]))
        x, y = _mul(cred.private, G)
        cose = _cbor({1: 2, 3: -7, -1: 1, -2: x.to_bytes(32, "big"), -3: y.to_bytes(32, "big")})
        attested = bytes(16) + len(cred.id).to_bytes(2, "big") + cred.id + cose
        attestation = _cbor({"fmt": "none", "attStmt": {}, "authData": cred._auth_data(attested)})
        client = _client_data("webauthn.create", options["challenge"], origin)
        return cred, {
            "id": b64(cred.id), "rawId": b64(cred.id), "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": b64(client), "attestationObject": b64(attestation),
                         "transports": ["internal"]},
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def assert_(self, options, origin):
        """An assertion for the server's request options, made as at `origin`."""
        self.counter += 1
        data = self._auth_data()
        client = _client_data("webauthn.get", options["challenge"], origin)
        signature = _sign(self.private, data + hashlib.sha256(client).digest())
        return {
            "id": b64(self.id), "rawId": b64(self.id), "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": b64(client), "authenticatorData": b64(data),
                         "signature": b64(signature), "userHandle": b64(self.user_handle)},
            "clientExtensionResults": {},
        }
