#!/usr/bin/env python3
"""What the attacks share: the servers under attack (from the command line of attacks.py),
one request on its own connection from any loopback address, the tally of answers, TOTP codes,
the operator CLI, and the report of each attack. Standard library only.
"""

import base64  # noqa: F401  (the attacks use it through the star import)
import concurrent.futures as cf
import http.client
import json
import os
import subprocess
import sys
import time  # noqa: F401  (the attacks use it through the star import)
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "conformance"))
import rfc6238  # noqa: E402  (the kit's RFC 6238 codes)

BASE, PID, DB, BIN = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
PORT2 = int(sys.argv[5])  # another otp-server on the same database
# A third one behind a trusted proxy (127.0.0.1) serving --static, on a database of its own.
PORT3, PID3, DB3, STATIC = int(sys.argv[6]), int(sys.argv[7]), sys.argv[8], sys.argv[9]
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
results = []


def report(name, held, detail):
    results.append(held)
    print(f"{'refused' if held else 'GOT THROUGH'}  {name}: {detail}", flush=True)


def call(method, path, body=None, cookie=None, source="127.0.0.1", headers=None, port=None,
         prefix="/api/v1"):
    """One request on its own connection from `source`: (status, headers, json, set-cookies);
    the body is None when it is not JSON."""
    port = port or PORT
    conn = http.client.HTTPConnection(HOST, port, timeout=60, source_address=(source, 0))
    h = {"Host": f"{HOST}:{port}"}
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    if cookie:
        h["Cookie"] = cookie
    h.update(headers or {})
    conn.putrequest(method, prefix + path, skip_host=True, skip_accept_encoding=True)
    payload = data.encode() if data is not None else b""
    if data is not None or method in ("POST", "PUT", "PATCH", "DELETE"):
        h["Content-Length"] = str(len(payload))
    for name, value in h.items():
        conn.putheader(name, value)
    conn.endheaders(payload or None)
    resp = conn.getresponse()
    raw = resp.read()
    cookies = [v.split(";")[0] for k, v in resp.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    headers = {k.lower(): v for k, v in resp.getheaders()}
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    return resp.status, headers, body, cookies


def code_of(answer):
    status, _, body, _ = answer
    return "ok" if status < 300 else (body or {}).get("code", str(status))


def tally(answers):
    counts = {}
    for a in answers:
        counts[code_of(a)] = counts.get(code_of(a), 0) + 1
    return dict(sorted(counts.items()))


def totp(secret_b32, at=None, step_offset=0):
    """The code of a base32 secret now (or at `at`), `step_offset` steps away."""
    return rfc6238.code(secret_b32, at=at, step_offset=step_offset)


def cli(*args, stdin="", db=None):
    out = subprocess.run([BIN, *args, "--database", db or DB], input=stdin, capture_output=True,
                         text=True, check=True)
    return out.stdout


def vm_kib(field="VmHWM", pid=None):
    """The server's peak (VmHWM) or current (VmRSS) resident memory in KiB."""
    with open(f"/proc/{pid or PID}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def add_customer(contract_id, password, name):
    cli("customer", "add", "--contract-id", contract_id, "--name", name, stdin=password + "\n")


def provision(serial, secret):
    cli("token", "provision", stdin=f"{serial},{secret}\n")


def activate(contract_id, password, serial, secret, source="127.0.0.1", offset=0):
    status, _, body, cookies = call("POST", "/procedures", {
        "kind": "activate", "contract_id": contract_id, "password": password}, source=source)
    assert status == 201, body
    browser = cookies[0]
    status, _, body, _ = call("POST", f"/procedures/{body['id']}/new-token",
                              {"serial": serial, "otp": totp(secret, step_offset=offset)},
                              cookie=browser, source=source)
    assert status == 200, body


def burst(n, make, workers=None):
    with cf.ThreadPoolExecutor(max_workers=workers or n) as pool:
        return list(pool.map(make, range(n)))
