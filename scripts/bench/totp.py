#!/usr/bin/env python3
"""The current RFC 6238 code of a base32 secret (SHA1, 6 digits, 30 s): printed when run,
`code(secret)` when imported. The codes come from the kit's one implementation,
conformance/rfc6238.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "conformance"))
from rfc6238 import code  # noqa: E402

__all__ = ["code"]

if __name__ == "__main__":
    print(code(sys.argv[1]))
