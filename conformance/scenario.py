#!/usr/bin/env python3
"""Walks the otp-portal contract through a live API: login, 利用開始, 交換, 利用中止, and the
refusals the SPA relies on. Standard library only; TOTP per RFC 6238, computed here.

    scenario.py BASE_URL

With a demo-mode server it uses the demo customer and POST /demo/tokens; otherwise it reads
CONFORMANCE_CONTRACT_ID, CONFORMANCE_PASSWORD and CONFORMANCE_TOKENS (CSV: serial,base32).
Prints one line per check and exits 1 at the first failure.
"""

import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import rfc6238
from authenticator import Credential

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
API = BASE + "/api/v1"
checks = 0


def fail(message):
    print(f"FAIL: {message}")
    print(f"{checks} passed, 1 failed")
    sys.exit(1)


def ok(message):
    global checks
    checks += 1
    print(f"ok   {message}")


class Browser:
    """One browser: its own cookie jar, same-origin headers like a real fetch."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(API + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if method != "GET":
            req.add_header("Origin", BASE)
        try:
            with self.opener.open(req, timeout=30) as resp:
                raw = resp.read()
                return resp.status, resp.headers.get("Content-Type", ""), json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            raw = err.read()
            content_type = err.headers.get("Content-Type", "")
            if not content_type.startswith("application/problem+json"):
                fail(f"{method} {path}: {err.code} is not problem+json ({content_type})")
            return err.code, content_type, json.loads(raw)


def expect(answer, status, code=None, what=""):
    got_status, _, body = answer
    got_code = body.get("code") if isinstance(body, dict) else None
    if got_status != status or (code is not None and got_code != code):
        fail(f"{what}: expected {status} {code or ''}, got {got_status} {got_code} {body}")
    ok(f"{what}: {status}{' ' + code if code else ''}")
    return body


class Token:
    def __init__(self, serial, secret, algorithm="SHA1", digits=6, period=30):
        self.serial, self.key = serial, rfc6238.key_of(secret)
        self.algorithm, self.digits, self.period = algorithm, int(digits), int(period)
        self.last = -1

    def at_step(self, step):
        return rfc6238.at_step(self.key, step, self.algorithm, self.digits)

    def fresh(self):
        """A code not used before. Servers accept one step either side of their now; the
        current and the next step stay acceptable if the period turns over on the way (the
        previous one would not), so only those two are used."""
        while True:
            now = int(time.time()) // self.period
            step = max(now, self.last + 1)
            if step <= now + 1:
                self.last = step
                return self.at_step(step)
            time.sleep(self.period - time.time() % self.period + 0.2)


def main():
    config = expect(Browser().call("GET", "/config"), 200, what="GET /config")
    for key in ("bank_name", "contact", "demo", "otp_digits", "rules"):
        if key not in config:
            fail(f"/config lacks {key}")
    if config["demo"]:
        contract_id, password = "0123456789", "demo1234"
        tokens = [Token(**expect(Browser().call("POST", "/demo/tokens", {}), 201, what="POST /demo/tokens"))
                  for _ in range(2)]
    else:
        contract_id = os.environ["CONFORMANCE_CONTRACT_ID"]
        password = os.environ["CONFORMANCE_PASSWORD"]
        with open(os.environ["CONFORMANCE_TOKENS"]) as f:
            tokens = [Token(*line.strip().split(",")[:2]) for line in f if line.strip()][:2]
    a, b = tokens
    creds = {"contract_id": contract_id, "password": password}

    # Login without a token, the session, logout.
    web = Browser()
    body = expect(web.call("POST", "/login", creds), 200, what="login")
    if body["otp_required"]:
        fail("the test contract must not have a token yet")
    expect(web.call("GET", "/session"), 200, what="session")
    expect(web.call("POST", "/logout", {}), 204, what="logout")
    expect(web.call("GET", "/session"), 401, "unauthenticated", "session after logout")
    expect(web.call("POST", "/login", {**creds, "password": "wrong0000"}), 401, "invalid_credentials", "wrong password")
    expect(web.call("POST", "/login", {"contract_id": "12", "password": "x"}), 422, "validation", "malformed fields")

    # Wrong-state starts.
    expect(web.call("POST", "/procedures", {"kind": "exchange", **creds}), 409, "no_active_token", "exchange without a token")

    # 利用開始 with A.
    p = expect(web.call("POST", "/procedures", {"kind": "activate", **creds}), 201, what="activate: start")
    if p["step"] != "new_token":
        fail(f"activate starts at {p['step']}")
    pid = p["id"]
    expect(Browser().call("GET", f"/procedures/{pid}"), 404, "procedure_not_found", "another browser")
    expect(web.call("POST", f"/procedures/{pid}/current-token", {"otp": "123456"}), 409, "step_out_of_order", "out of order")
    expect(web.call("POST", f"/procedures/{pid}/new-token", {"serial": "ZZZZ99999999", "otp": "123456"}), 422, "serial_unknown", "unknown serial")
    done = expect(web.call("POST", f"/procedures/{pid}/new-token", {"serial": a.serial, "otp": a.fresh()}), 200, what="activate: new token")
    if done["step"] != "completed":
        fail("activate did not complete")
    expect(web.call("POST", "/procedures", {"kind": "activate", **creds}), 409, "token_already_active", "activate twice")

    # Login with the OTP step; a replayed code is refused.
    body = expect(web.call("POST", "/login", creds), 200, what="login with a token")
    if not body["otp_required"]:
        fail("login must ask for the OTP once a token is active")
    code = a.fresh()
    expect(web.call("POST", "/login/otp", {"otp": code}), 200, what="login OTP")
    expect(web.call("POST", "/login", creds), 200, what="login again")
    expect(web.call("POST", "/login/otp", {"otp": code}), 401, "otp_invalid", "replayed code")
    expect(web.call("POST", "/login/otp", {"otp": a.fresh()}), 200, what="login OTP, fresh code")

    # 交換 from A to B.
    p = expect(web.call("POST", "/procedures", {"kind": "exchange", **creds}), 201, what="exchange: start")
    pid = p["id"]
    expect(web.call("POST", f"/procedures/{pid}/current-token", {"otp": a.fresh()}), 200, what="exchange: current token")
    done = expect(web.call("POST", f"/procedures/{pid}/new-token", {"serial": b.serial, "otp": b.fresh()}), 200, what="exchange: new token")
    if done["step"] != "completed":
        fail("exchange did not complete")
    expect(web.call("POST", f"/procedures/{pid}/new-token", {"serial": b.serial, "otp": b.fresh()}), 409, "step_out_of_order", "resubmit a finished exchange")

    passkeys(config, web, creds, b)

    # 利用中止 with B.
    p = expect(web.call("POST", "/procedures", {"kind": "stop", **creds}), 201, what="stop: start")
    pid = p["id"]
    expect(web.call("POST", f"/procedures/{pid}/current-token", {"otp": a.at_step(int(time.time()) // a.period)}), 401, "otp_invalid", "stop with the old token's code")
    step = expect(web.call("POST", f"/procedures/{pid}/current-token", {"otp": b.fresh()}), 200, what="stop: current token")
    if step["step"] != "confirm":
        fail("stop must ask for confirmation")
    expect(web.call("POST", f"/procedures/{pid}/confirm", {}), 200, what="stop: confirm")
    body = expect(web.call("POST", "/login", creds), 200, what="login after stop")
    if body["otp_required"]:
        fail("no OTP after 利用中止")

    # Cancel.
    p = expect(web.call("POST", "/procedures", {"kind": "activate", **creds}), 201, what="cancel: start")
    expect(web.call("DELETE", f"/procedures/{p['id']}"), 204, what="cancel")
    expect(web.call("GET", f"/procedures/{p['id']}"), 200, what="cancelled procedure")
    print(f"{checks} passed, 0 failed")


def passkey_origin(rp_id):
    """The origin a browser would name: BASE when it is on the relying party's domain; for a
    server reached at an IP address (WebAuthn refuses those), the same scheme and port on the
    relying party's host name, which the server also lists among its public origins."""
    url = urllib.parse.urlsplit(BASE)
    host = url.hostname or ""
    if host == rp_id or host.endswith("." + rp_id):
        return f"{url.scheme}://{url.netloc}"
    return f"{url.scheme}://{rp_id}{':' + str(url.port) if url.port else ''}"


def ceremony(browser, options_path, answer_path, credential, origin, status, code=None, what=""):
    """Asks for a challenge and answers it with `credential`, as the browser's dialog does."""
    options = expect(browser.call("POST", options_path, {}), 200, what=f"{what}: options")
    body = {"ceremony": options["ceremony"],
            "credential": credential.assert_(options["publicKey"], origin)}
    expect(browser.call("POST", answer_path, body), status, code, what)
    return body


def passkeys(config, web, creds, token):
    """Passkeys beside the token: registered after an OTP login, a login with the passkey
    alone, and what a real-time phishing relay (password and current code) can no longer do;
    removed again, so the token's own path returns for the rest of the scenario."""
    if not config.get("passkeys", {}).get("enabled"):
        if os.environ.get("CONFORMANCE_PASSKEYS") == "required":
            fail("/config says passkeys are off, and CONFORMANCE_PASSKEYS=required")
        print("--   passkeys: off at this server (/config), not walked")
        return
    expect(web.call("POST", "/login", creds), 200, what="passkeys: login")
    expect(web.call("POST", "/login/otp", {"otp": token.fresh()}), 200, what="passkeys: login OTP")
    listed = expect(web.call("GET", "/passkeys"), 200, what="passkeys: empty list")
    if listed["passkeys"] or not listed.get("fresh_until"):
        fail(f"a fresh OTP login with no passkey: {listed}")
    options = expect(web.call("POST", "/passkeys/options", {}), 200, what="passkeys: creation options")
    public_key = options["publicKey"]
    selection = public_key.get("authenticatorSelection", {})
    if selection.get("residentKey") != "required" or selection.get("userVerification") != "required":
        fail(f"passkeys must be discoverable and user-verified: {selection}")
    origin = passkey_origin(public_key["rp"]["id"])
    credential, made = Credential.register(public_key, origin)
    body = {"ceremony": options["ceremony"], "credential": made, "name": "conformance"}
    added = expect(web.call("POST", "/passkeys", body), 201, what="passkeys: register")
    expect(web.call("POST", "/passkeys", body), 401, "passkey_invalid", "passkeys: the same registration again")
    renamed = expect(web.call("PATCH", f"/passkeys/{added['id']}", {"name": "kit"}), 200, what="passkeys: rename")
    if renamed["name"] != "kit":
        fail(f"rename: {renamed}")
    expect(web.call("PATCH", f"/passkeys/{added['id']}", {"name": " "}), 422, "validation", "passkeys: an empty name")

    # A login with the passkey alone: no OTP step; its answer is used once.
    visitor = Browser()
    used = ceremony(visitor, "/login/passkey/options", "/login/passkey", credential, origin, 200,
                    what="passkeys: login with the passkey")
    expect(visitor.call("GET", "/session"), 200, what="passkeys: the passkey's session")
    expect(Browser().call("POST", "/login/passkey", used), 401, "passkey_invalid", "passkeys: the same answer again")
    options = expect(Browser().call("POST", "/login/passkey/options", {}), 200, what="passkeys: another origin's options")
    elsewhere = {"ceremony": options["ceremony"],
                 "credential": credential.assert_(options["publicKey"], "https://bank-login.example")}
    expect(Browser().call("POST", "/login/passkey", elsewhere), 401, "passkey_invalid", "passkeys: an answer made on another site")

    # What a phishing relay holds — the password and a current code — changes no factor.
    relay = Browser()
    expect(relay.call("POST", "/login", creds), 200, what="relay: login")
    expect(relay.call("POST", "/login/otp", {"otp": token.fresh()}), 200, what="relay: login OTP")
    expect(relay.call("POST", "/passkeys/options", {}), 403, "confirmation_required", "relay: register a passkey")
    expect(relay.call("DELETE", f"/passkeys/{added['id']}"), 403, "confirmation_required", "relay: remove the passkey")
    p = expect(relay.call("POST", "/procedures", {"kind": "exchange", **creds}), 201, what="relay: exchange start")
    if p["step"] != "passkey":
        fail(f"an exchange of a contract with a passkey starts at {p['step']}")
    expect(relay.call("POST", f"/procedures/{p['id']}/current-token", {"otp": token.fresh()}), 409,
           "step_out_of_order", "relay: the current code instead of the passkey")
    expect(relay.call("DELETE", f"/procedures/{p['id']}"), 204, what="relay: cancel")

    # The customer removes the passkey after confirming with it.
    ceremony(visitor, "/session/confirm/options", "/session/confirm/passkey", credential, origin, 204,
             what="passkeys: confirm with the passkey")
    expect(visitor.call("DELETE", f"/passkeys/{added['id']}"), 204, what="passkeys: remove")
    listed = expect(visitor.call("GET", "/passkeys"), 200, what="passkeys: list after removal")
    if listed["passkeys"]:
        fail(f"the passkey is still listed: {listed}")
    expect(visitor.call("POST", "/logout", {}), 204, what="passkeys: logout")


if __name__ == "__main__":
    main()
