"""The .antq container: a zip of three named entries, read in memory, never extracted.

Reading refuses anything unusual before it looks at content: other or duplicate names,
directories, symlinks, encrypted entries, compression other than stored or deflate, entries
larger than their cap, a compression ratio that smells of a zip bomb, and a declared size that
does not match what comes out.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib

from desktop.core.errors import UserError
from desktop.core.i18n import _

MANIFEST, SIGNATURE, PAYLOAD = "manifest.json", "manifest.sig", "payload.age"
ENTRY_ORDER = (MANIFEST, SIGNATURE, PAYLOAD)
MAX_MANIFEST = 256 * 1024
MAX_SIGNATURE = 64
MAX_RATIO = 50
MAX_FILE = 64 * 1024 * 1024
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


class BundleRefused(UserError):
    """A bundle (or ack) that is not accepted; the message says why in Vietnamese.

    `rejected` lists the (line number, reason) of the bad lines when they were the cause.
    """

    def __init__(
        self, message: str, log_message: str = "", rejected: list[tuple[int, str]] | None = None
    ):
        super().__init__(message, log_message)
        self.rejected = rejected or []


def damaged(detail: str) -> BundleRefused:
    return BundleRefused(
        _(
            "Tệp không phải gói đồng bộ ANTQ hoặc đã bị hỏng (có thể chép chưa xong). Hãy "
            "xin xã gửi lại tệp."
        ),
        f"not a readable bundle: {detail}",
    )


def invalid(reason: str, detail: str) -> BundleRefused:
    """A readable container whose content is not allowed (a bomb, a path, an odd entry): said
    as such, not as a copy that did not finish."""
    return BundleRefused(
        _("Gói có nội dung không hợp lệ: {reason}. Không mở gói này; hãy liên hệ xã.").format(
            reason=reason
        ),
        f"bundle content refused: {detail}",
    )


def pack(manifest: bytes, signature: bytes, payload: bytes) -> bytes:
    """The container's bytes: manifest and signature deflated, the payload stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in (
            (MANIFEST, manifest, zipfile.ZIP_DEFLATED),
            (SIGNATURE, signature, zipfile.ZIP_STORED),
            (PAYLOAD, payload, zipfile.ZIP_STORED),
        ):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = method
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _caps(max_payload: int) -> dict[str, int]:
    return {MANIFEST: MAX_MANIFEST, SIGNATURE: MAX_SIGNATURE, PAYLOAD: max_payload}


def _check_entry(info: zipfile.ZipInfo, cap: int) -> None:
    mode = info.external_attr >> 16
    if info.is_dir() or stat.S_ISDIR(mode):
        raise invalid(_("có thư mục"), f"directory entry {info.filename!r}")
    if stat.S_ISLNK(mode):
        raise invalid(_("có liên kết tượng trưng"), f"symlink entry {info.filename!r}")
    if info.flag_bits & 0x1:
        raise invalid(_("có phần bị mã hóa kiểu zip"), f"encrypted entry {info.filename!r}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise invalid(
            _("kiểu nén không được phép"), f"compression {info.compress_type} in {info.filename!r}"
        )
    if info.file_size > cap:
        raise invalid(
            _("phần {name} quá lớn").format(name=info.filename),
            f"{info.filename!r} declares {info.file_size} bytes, cap {cap}",
        )
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise invalid(
            _("tỷ lệ nén bất thường (bom nén)"),
            f"{info.filename!r} compression ratio over {MAX_RATIO}",
        )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) != info.file_size or len(data) > cap:
        raise damaged(f"{info.filename!r} size {len(data)} != declared {info.file_size}")
    return data


def unpack(data: bytes, max_payload: int) -> dict[str, bytes]:
    """The three entries' bytes, from a container held in memory."""
    if not data:
        raise BundleRefused(_("Tệp rỗng, không có nội dung."), "empty file")
    if len(data) > MAX_FILE:
        raise damaged(f"{len(data)} bytes")
    caps = _caps(max_payload)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if sorted(names) != sorted(ENTRY_ORDER) or len(set(names)) != len(names):
                shown = ", ".join(sorted(set(names) - set(ENTRY_ORDER)))[:120]
                reason = _("phần lạ hoặc trùng tên ({names})").format(names=shown or "—")
                raise invalid(reason, f"entries {names[:10]!r}")
            for info in infos:
                _check_entry(info, caps[info.filename])
            return {
                info.filename: _read_entry(archive, info, caps[info.filename]) for info in infos
            }
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as error:
        raise damaged(repr(error)) from error
    except OSError as error:  # a truncated archive can fail to seek past its end
        raise damaged(repr(error)) from error
