#!/usr/bin/env python3
"""The current RFC 6238 code of a base32 secret (SHA1, 6 digits, 30 s): printed when run,
`code(secret)` when imported."""
import base64
import hashlib
import hmac
import struct
import sys
import time


def code(secret, at=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time() if at is None else at) // 30
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


if __name__ == "__main__":
    print(code(sys.argv[1]))
