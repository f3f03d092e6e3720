#!/usr/bin/env python3
"""Prints the current RFC 6238 code of a base32 secret (SHA1, 6 digits, 30 s)."""
import base64, hashlib, hmac, struct, sys, time

secret = sys.argv[1]
key = base64.b32decode(secret + "=" * (-len(secret) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = mac[-1] & 0x0F
print(str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6))
