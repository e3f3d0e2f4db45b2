"""Reading the small text files that travel by hand (setup file, ack, escrow sheet).

Officers open these files in Notepad and sometimes save them again: Notepad may add a byte-order
mark (UTF-8 "with BOM", or UTF-16 "Unicode") and turns line ends into CRLF. None of that changes
what the file says, so it must not make a genuine file look damaged or tampered with.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.i18n import _

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """The text of `data`: UTF-8, or UTF-8/UTF-16 after a byte-order mark; raises
    UnicodeDecodeError for anything else (the caller words the refusal)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding)
    return data.decode("utf-8")


def lines(data: bytes) -> list[str]:
    """The file's lines without their line ends (LF, CRLF or CR), BOM removed."""
    return decode(data).splitlines()


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a file the user picked, or a Vietnamese UserError that names it.

    `limit`: refuse a larger file before reading it (checked on the size the disk reports), so
    a file larger than memory never reaches `read`.
    """
    path = Path(path)
    try:
        if limit is not None and path.stat().st_size > limit:
            raise UserError(
                _("Tệp {name} quá lớn, không phải tệp của ANTQ Desk.").format(name=path.name),
                f"{path}: larger than {limit} bytes",
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        message = _("Không tìm thấy tệp {name} (đã bị xóa, đổi tên hoặc USB đã rút?).")
        raise UserError(message.format(name=path), f"missing file {path}: {error!r}") from error
    except IsADirectoryError as error:
        message = _("{name} là một thư mục, không phải tệp. Hãy chọn tệp bên trong.")
        raise UserError(message.format(name=path), f"{path} is a directory") from error
    except PermissionError as error:
        message = _("Không có quyền đọc tệp {name} (tệp đang bị chương trình khác giữ?).")
        raise UserError(message.format(name=path), f"cannot read {path}: {error!r}") from error
    except OSError as error:
        message = _(
            "Không đọc được tệp {name} (ổ đĩa hoặc USB lỗi?). Hãy chép lại tệp rồi thử lại."
        )
        raise UserError(message.format(name=path), f"cannot read {path}: {error!r}") from error
