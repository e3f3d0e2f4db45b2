"""The .antq container: a zip read from memory, from a whitelist of entries, never extracted.

Every check here runs on bytes already in memory, before any signature is verified or anything
is decrypted, so a hostile archive can cost at most `MAX_FILE_BYTES` of memory.
"""

from __future__ import annotations

import io
import zipfile

from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

MANIFEST, SIGNATURE, PAYLOAD = "manifest.json", "manifest.sig", "payload.age"
ENTRIES = (MANIFEST, SIGNATURE, PAYLOAD)
DEFAULT_MAX_BYTES = 7 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024  # larger than any bundle a commune may write
MAX_MANIFEST_BYTES = 256 * 1024
MAX_SIGNATURE_BYTES = 64
MAX_RATIO = 50  # uncompressed / compressed, for DEFLATE entries
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ENTRY_CAPS = {
    MANIFEST: MAX_MANIFEST_BYTES,
    SIGNATURE: MAX_SIGNATURE_BYTES,
    PAYLOAD: MAX_FILE_BYTES,
}


def pack(manifest: bytes, signature: bytes, payload: bytes) -> bytes:
    """The bundle file's bytes; entries stored (the payload is encrypted, it would not shrink)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in ((MANIFEST, manifest), (SIGNATURE, signature), (PAYLOAD, payload)):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _refuse(reason: str, log: str) -> BundleError:
    return BundleError(
        _("Tệp không phải gói dữ liệu ANTQ hợp lệ: {reason}").format(reason=reason), log
    )


def unpack(data: bytes) -> dict[str, bytes]:
    """The three entries of a bundle, after every structural check; `BundleError` otherwise."""
    if not data:
        raise _refuse(_("tệp rỗng."), "empty file")
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(_("tệp quá lớn."), f"file of {len(data)} bytes")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as error:
        raise _refuse(
            _("không đọc được (tệp bị cắt dở, hỏng hoặc không phải gói .antq)."), repr(error)
        ) from error
    with archive:
        _check_entries(infos)
        return {info.filename: _read(archive, info) for info in infos}


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    names = [info.filename for info in infos]
    for name in names:
        if name not in ENTRIES:
            raise _refuse(
                _("có mục lạ “{name}” trong gói.").format(name=name[:80]), f"entry {name!r}"
            )
    if len(set(names)) != len(names):
        raise _refuse(_("có mục trùng tên trong gói."), f"duplicate entries {names}")
    if set(names) != set(ENTRIES):
        raise _refuse(_("thiếu mục trong gói."), f"entries {names}")
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(_("mục trong gói bị mã hóa kiểu zip."), f"{info.filename} encrypted")
        if info.compress_type not in _METHODS:
            raise _refuse(_("kiểu nén không được hỗ trợ."), f"method {info.compress_type}")
        if (info.external_attr >> 16) & 0o170000 not in (0, 0o100000):
            raise _refuse(_("mục trong gói không phải tệp thường."), f"{info.filename} mode")
        if info.file_size > _ENTRY_CAPS[info.filename]:
            raise _refuse(_("một mục trong gói quá lớn."), f"{info.filename} {info.file_size}")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.compress_type == zipfile.ZIP_DEFLATED and ratio > MAX_RATIO:
            raise _refuse(_("tỉ lệ nén bất thường (nghi bom nén)."), f"ratio {ratio:.0f}")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one entry, never more than it declared (a declared size that lies is refused)."""
    cap = info.file_size
    try:
        with archive.open(info) as handle:
            data = handle.read(cap + 1)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError) as error:
        raise _refuse(_("một mục trong gói bị hỏng."), repr(error)) from error
    if len(data) != cap:
        raise _refuse(_("kích thước khai báo không đúng."), f"{info.filename} size lies")
    return data
