#!/usr/bin/env python3
"""Prepares customers who log in with a passkey, for scripts/bench-api.sh: each is added with
the operator's `customer add`, gets a demo token through 利用開始, logs in with the password
and the code, and registers a passkey made by the conformance kit's software authenticator.
Prints one JSON line per customer: what the load generator needs to answer a challenge (the
credential's id, private key and user handle, the relying party and the origin).

    passkey_customers.py BASE_URL COUNT BINARY [customer add ARGS…]
"""

import http.cookiejar
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "conformance"))
from authenticator import Credential, b64  # noqa: E402
from totp import code  # noqa: E402

BASE = sys.argv[1].rstrip("/")
API = BASE + "/api/v1"


def call(opener, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("Origin", BASE)
    with opener.open(req, timeout=30) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else None


def customer(index, binary, args):
    contract_id = f"{2222000000 + index:010d}"
    subprocess.run([binary, "customer", "add", "--contract-id", contract_id, "--name", "ベンチ 花子", *args],
                   input=b"bench1234\n", check=True, stdout=subprocess.DEVNULL)
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    creds = {"contract_id": contract_id, "password": "bench1234"}
    token = call(web, "POST", "/demo/tokens", {})
    started = call(web, "POST", "/procedures", {"kind": "activate", **creds})
    call(web, "POST", f"/procedures/{started['id']}/new-token",
         {"serial": token["serial"], "otp": code(token["secret"])})
    call(web, "POST", "/login", creds)
    call(web, "POST", "/login/otp", {"otp": code(token["secret"], time.time() + 30)})
    options = call(web, "POST", "/passkeys/options", {})
    public_key = options["publicKey"]
    origin = BASE.replace("127.0.0.1", public_key["rp"]["id"])
    credential, made = Credential.register(public_key, origin)
    call(web, "POST", "/passkeys", {"ceremony": options["ceremony"], "credential": made, "name": "bench"})
    return {"contract_id": contract_id, "id": b64(credential.id), "private": f"{credential.private:064x}",
            "user_handle": b64(credential.user_handle), "rp_id": credential.rp_id, "origin": origin}


def main():
    count, binary, args = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    for i in range(count):
        print(json.dumps(customer(i, binary, args)))


if __name__ == "__main__":
    main()
