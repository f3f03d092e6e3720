"""RFC 6238 one-time passwords with the contract's parameters (SHA1/SHA256/SHA512, digits,
period): the one implementation the kit's scenario and the project's scripts (the attacks,
the benchmarks, the PostgreSQL faults) compute codes with. Independent of the server's."""
import base64
import hashlib
import hmac
import struct
import time

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def key_of(secret_b32):
    """The key of a base32 secret, padding optional, either case."""
    return base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))


def at_step(key, step, algorithm="SHA1", digits=6):
    """The code of time step `step` (RFC 4226's dynamic truncation)."""
    mac = hmac.new(key, struct.pack(">Q", step), DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def code(secret_b32, at=None, step_offset=0, algorithm="SHA1", digits=6, period=30):
    """The code of a base32 secret at `at` (now by default), `step_offset` steps away."""
    step = int(time.time() if at is None else at) // period + step_offset
    return at_step(key_of(secret_b32), step, algorithm, digits)
