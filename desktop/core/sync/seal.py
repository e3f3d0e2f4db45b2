"""The working identity sealed with the officer's passphrase: an age file (scrypt recipient)
written here with a bounded work factor.

age (and pyrage) calibrate scrypt to about a second of the writing machine, which on a recent
PC means N = 2^20: 1 GiB of memory at every unseal, on office PCs with 4 GB. The same format
with N = 2^17 (128 MiB, a fraction of a second) is written here instead, following the age v1
specification (https://age-encryption.org/v1), so `age -d` and pyrage still open it; reading
goes through pyrage. A key sealed with a larger factor is sealed again, bounded, the first time
it is unsealed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

LOG_N = 17  # scrypt N = 2^17, r = 8: 128 MiB
_INTRO = b"age-encryption.org/v1\n"
_LABEL = b"age-encryption.org/v1/scrypt"


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def seal(plaintext: bytes, passphrase: str, log_n: int = LOG_N) -> bytes:
    """An age v1 file of `plaintext` (under 64 KiB) for one scrypt recipient."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    if len(plaintext) >= 64 * 1024:
        raise ValueError("seal() writes a single chunk")
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=_LABEL + salt,
        n=2**log_n,
        r=8,
        p=1,
        maxmem=2**log_n * 8 * 128 + 2**20,
        dklen=32,
    )
    body = ChaCha20Poly1305(wrap).encrypt(bytes(12), file_key, None)
    header = _INTRO + b"-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n"
    header += _b64(body) + b"\n---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunk = stream.encrypt(bytes(11) + b"\x01", plaintext, None)  # the last (only) chunk
    return header + b" " + _b64(mac) + b"\n" + nonce + chunk


def work_factor(sealed: bytes) -> int:
    """log2(N) of a sealed file's scrypt stanza (0 if there is none)."""
    lines = sealed.split(b"\n", 3)
    parts = lines[1].split() if len(lines) > 1 else []
    if len(parts) == 4 and parts[:2] == [b"->", b"scrypt"] and parts[3].isdigit():
        return int(parts[3])
    return 0
