"""Ed25519 signatures, age keys and fingerprints short enough to read over the phone."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FINGERPRINT_GROUPS = 8
FINGERPRINT_GROUP_SIZE = 4


def fingerprint(public: str | bytes) -> str:
    """Eight groups of four base32 characters (160 bits of SHA-256), e.g. `ABCD EFGH …`.

    Base32 has no 0/O or 1/I pairs to confuse when read aloud or written on a hand-over form.
    """
    data = public.encode("ascii") if isinstance(public, str) else public
    digest = base64.b32encode(hashlib.sha256(data).digest()[:20]).decode("ascii")
    size = FINGERPRINT_GROUP_SIZE
    return " ".join(digest[i : i + size] for i in range(0, FINGERPRINT_GROUPS * size, size))


def same_fingerprint(typed: str, expected: str) -> bool:
    """Compare a fingerprint as a person typed it: spaces and case do not matter."""
    return "".join(typed.split()).upper() == "".join(expected.split()).upper()


def new_signing_key() -> tuple[bytes, str]:
    """A new Ed25519 key: (raw private bytes, base64 public key)."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw(), public_of(key.private_bytes_raw())


def public_of(private_raw: bytes) -> str:
    public = Ed25519PrivateKey.from_private_bytes(private_raw).public_key()
    return base64.b64encode(public.public_bytes_raw()).decode("ascii")


def sign(private_raw: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_raw).sign(data)


def verifies(public_b64: str, signature: bytes, data: bytes) -> bool:
    """True if `signature` is the holder of `public_b64`'s signature over exactly `data`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_hash(sha_hex: str) -> str:
    """The first 12 hex digits in groups of four, as shown to the officer."""
    return " ".join(sha_hex[i : i + 4] for i in range(0, 12, 4))
