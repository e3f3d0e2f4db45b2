"""Opening a received bundle: signature first, then the manifest, then (only then) decryption.

The signing key is looked up among the keys the province enrolled, by trying the signature
against them; until one verifies, nothing in the manifest is believed (the claimed unit is read
only to word the refusal).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import office
from desktop.core.i18n import _
from desktop.core.sync import archive, keys, manifest, register
from desktop.core.sync.archive import BundleRefused

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_MAX_PAYLOAD = 32 * 1024 * 1024
MAX_PLAIN = 256 * 1024 * 1024


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: manifest.Manifest
    manifest_bytes: bytes
    bundle_hash: str
    encrypted: bytes
    key: register.EnrolledKey


def _embedded_key(manifest_bytes: bytes) -> str | None:
    try:
        value = json.loads(manifest_bytes.decode("ascii")).get("signer_public_key")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and len(value) < 100 else None


def _refuse_unverified(db: sqlite_utils.Database, manifest_bytes: bytes, signature: bytes):
    """Word the refusal of a signature no usable key verifies."""
    unit = manifest.peek_unit(manifest_bytes)
    embedded = _embedded_key(manifest_bytes)
    if unit and embedded and keys.verify(embedded, signature, manifest_bytes):
        known = register.key_for(db, unit, embedded)
        if known is None:
            return BundleRefused(
                _(
                    "Xã {code} chưa được đăng ký với khóa này (dấu vân tay {fingerprint}). Hãy "
                    "gọi điện đối chiếu dấu vân tay với xã rồi đăng ký và xác nhận khóa."
                ).format(code=unit, fingerprint=keys.fingerprint(embedded)),
                f"unknown key for {unit}",
            )
    return BundleRefused(
        _(
            "Chữ ký của gói không đúng: gói đã bị sửa trên đường đi hoặc không phải do xã ghi "
            "trên gói lập ra. Không mở gói này; hãy xin xã gửi lại."
        ),
        f"bad signature (claimed unit {unit})",
    )


def _signing_key(db: sqlite_utils.Database, manifest_bytes: bytes, signature: bytes):
    for key in register.all_keys(db):
        if keys.verify(key.public_key, signature, manifest_bytes):
            return key
    raise _refuse_unverified(db, manifest_bytes, signature)


def _refuse_status(key: register.EnrolledKey) -> BundleRefused:
    messages = {
        register.UNCONFIRMED: _(
            "Khóa của xã {code} chưa được xác nhận (dấu vân tay {fingerprint}). Hãy gọi điện "
            "đối chiếu rồi xác nhận khóa trước khi nhập gói."
        ),
        register.REVOKED: _(
            "Khóa ký của xã {code} đã bị thu hồi (dấu vân tay {fingerprint}); gói bị từ chối."
        ),
        register.RETIRED: _(
            "Khóa ký của xã {code} đã được thay bằng khóa mới (dấu vân tay cũ {fingerprint}); "
            "gói ký bằng khóa cũ bị từ chối. Hãy nhờ xã xuất lại gói đầy đủ."
        ),
    }
    return BundleRefused(
        messages[key.status].format(code=key.unit_code, fingerprint=key.fingerprint),
        f"key of {key.unit_code} is {key.status}",
    )


def verify(
    db: sqlite_utils.Database, data: bytes, max_payload: int = DEFAULT_MAX_PAYLOAD
) -> VerifiedBundle:
    """Check container, signature, signer and payload hash; nothing is decrypted."""
    entries = archive.unpack(data, max_payload)
    manifest_bytes, signature = entries[archive.MANIFEST], entries[archive.SIGNATURE]
    if len(signature) != 64:
        raise _refuse_unverified(db, manifest_bytes, signature)
    key = _signing_key(db, manifest_bytes, signature)
    if key.status != register.ACTIVE:
        raise _refuse_status(key)
    parsed = manifest.parse(manifest_bytes)
    if parsed.unit_code != key.unit_code or parsed.signer_public_key != key.public_key:
        raise BundleRefused(
            _(
                "Gói ghi là của xã {claimed} nhưng được ký bằng khóa của xã {signer}. Gói bị "
                "từ chối."
            ).format(claimed=parsed.unit_code, signer=key.unit_code),
            f"manifest unit {parsed.unit_code} signed by {key.unit_code}",
        )
    me = office.self_unit(db)
    if parsed.province_code != me.code:
        raise BundleRefused(
            _("Gói này gửi cho tỉnh có mã {code}, không phải tỉnh này.").format(
                code=parsed.province_code
            ),
            f"bundle for province {parsed.province_code}",
        )
    encrypted = entries[archive.PAYLOAD]
    digest = hashlib.sha256(encrypted).hexdigest()
    if digest != parsed.payload_sha256 or len(encrypted) != parsed.payload_size:
        raise BundleRefused(
            _(
                "Phần dữ liệu của gói không khớp với mã băm đã ký: tệp bị hỏng hoặc bị sửa. "
                "Hãy xin xã gửi lại."
            ),
            "payload hash mismatch",
        )
    return VerifiedBundle(
        parsed, manifest_bytes, manifest.bundle_hash(manifest_bytes), encrypted, key
    )


def gunzip(data: bytes, cap: int = MAX_PLAIN) -> bytes:
    """The decompressed payload, refusing more than `cap` bytes (a bomb) or a cut stream."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        plain = inflater.decompress(data, cap)
    except zlib.error as error:
        raise archive.damaged(f"payload gzip: {error}") from error
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise archive.damaged("payload gzip: too large, cut or trailing data")
    return plain


def decrypt(bundle: VerifiedBundle, identities: list) -> bytes:
    """The payload's plain JSON Lines, decrypted with one of the province's identities."""
    import pyrage  # here: start-up never needs it (docs/performance.md, Startup)

    try:
        return gunzip(pyrage.decrypt(bundle.encrypted, identities))
    except pyrage.DecryptError as error:
        raise BundleRefused(
            _(
                "Không giải mã được gói bằng khóa làm việc của tỉnh: gói được mã hóa cho một "
                "khóa khác (xã dùng tệp thiết lập cũ hoặc của tỉnh khác). Có thể mở bằng khóa "
                "dự phòng (lưu trong két); nếu không, hãy gửi xã tệp thiết lập mới."
            ),
            f"payload not for these identities: {error}",
        ) from error


def signature_b64(signature: bytes) -> str:
    return base64.b64encode(signature).decode("ascii")


def claimed_signer(data: bytes) -> tuple[str, str]:
    """(unit code, public key) of a bundle that proves it holds the key it names.

    For enrolment only: the key signs its own manifest, which shows possession, not identity;
    identity comes from the fingerprint read out over the phone before `register.confirm`.
    """
    entries = archive.unpack(data, DEFAULT_MAX_PAYLOAD)
    manifest_bytes, signature = entries[archive.MANIFEST], entries[archive.SIGNATURE]
    unit, embedded = manifest.peek_unit(manifest_bytes), _embedded_key(manifest_bytes)
    if not unit or not embedded or not keys.verify(embedded, signature, manifest_bytes):
        raise _refuse_unverified_plain()
    return unit, embedded


def _refuse_unverified_plain() -> BundleRefused:
    return BundleRefused(
        _("Chữ ký của gói không đúng: không dùng gói này để đăng ký khóa của xã."),
        "enrolment from a bundle with a bad self-signature",
    )
