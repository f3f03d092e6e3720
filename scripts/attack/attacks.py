#!/usr/bin/env python3
"""Every attack of docs/security.md, run against live otp-servers (release build, demo mode,
temporary databases) on 127.0.0.0/8 only, each bounded in count and time. Prints what each
attack got; exits 1 if any of them got through.

    attacks.py BASE_URL SERVER_PID DATABASE OTP_SERVER_BINARY SECOND_INSTANCE_PORT \\
               PROXIED_PORT PROXIED_PID PROXIED_DATABASE PROXIED_STATIC_DIR

The first two servers share DATABASE; the third trusts 127.0.0.1 as its proxy and serves
PROXIED_STATIC_DIR. scripts/attack.sh starts them and runs this. Standard library only.
"""

import sys

import guessing
import holes
import passkeys
from common import report, results

for attack in guessing.ATTACKS + holes.ATTACKS + passkeys.ATTACKS:
    try:
        attack()
    except Exception as err:  # an attack that could not be run is a failure of the check
        report(attack.__name__, False, f"could not run: {err!r}")

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
