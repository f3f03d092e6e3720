#!/usr/bin/env python3
"""N customers, each with a demo token registered through 利用開始 and a login waiting at its
OTP step: prints their session cookies, one per line (for the OTP benchmarks, so that the load
is spread over many contracts instead of one).

    customers.py BASE_URL N OTP_SERVER [DATABASE ARGS…]

Customers 4100000000 + i, password bench1234, added with `OTP_SERVER customer add … ARGS`.
"""

import concurrent.futures as cf
import json
import os
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from totp import code  # noqa: E402

BASE, N, BIN, ARGS = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]


def post(path, body, cookie=None):
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(BASE + path, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        cookies = [v.split(";")[0] for k, v in answer.getheaders() if k.lower() == "set-cookie"]
        return json.loads(answer.read() or b"null"), cookies


def customer(i):
    contract = f"{4_100_000_000 + i:010d}"
    subprocess.run([BIN, "customer", "add", "--contract-id", contract, "--name", "ベンチ 花子",
                    *ARGS], input="bench1234\n", text=True, capture_output=True, check=True)
    token, _ = post("/demo/tokens", {})
    started, cookies = post("/procedures", {"kind": "activate", "contract_id": contract,
                                            "password": "bench1234"})
    post(f"/procedures/{started['id']}/new-token",
         {"serial": token["serial"], "otp": code(token["secret"])}, cookies[0])
    _, session = post("/login", {"contract_id": contract, "password": "bench1234"})
    return session[0]


with cf.ThreadPoolExecutor(4) as pool:
    for cookie in pool.map(customer, range(N)):
        print(cookie)
