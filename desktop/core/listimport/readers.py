"""Reading a list file (.xlsx, .xls, .ods, .csv, .txt) into numbered rows, one sheet at a time.

Workbooks are read with python-calamine (.xlsx, the old .xls and LibreOffice's .ods; it is fast
enough for 20,000 rows and gives dates as dates). CSV and text files are read with the csv
module after finding the encoding: UTF-16 (Excel's "Unicode text", tab-separated), UTF-8 with
or without BOM, else Windows-1258, the Vietnamese ANSI code page that old Excel wrote. Rows keep
their number in the file so a rejected row can be found again; empty rows are dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.i18n import _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".txt")
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Row:
    """A non-empty row: its 1-based number in the sheet and its cells (None for empty)."""

    number: int
    cells: list[Any]


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[Row]

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)


class UnreadableFile(UserError):
    """The file is not a spreadsheet the program can read."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(values: list[list[Any]]) -> list[Row]:
    rows = []
    for number, cells in enumerate(values, start=1):
        cells = [None if _blank(c) else c for c in cells]
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            rows.append(Row(number, cells))
    return rows


def _check(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableFile(
            _(
                "Chỉ nhập được tệp Excel (.xlsx, .xls), LibreOffice (.ods), CSV hoặc văn bản "
                "(.txt), không nhập được “{name}”."
            ).format(name=path.name),
            f"unsupported suffix {path.suffix}",
        )


def _os_error(path: Path, error: OSError) -> UnreadableFile:
    """A missing file and one that cannot be opened, told apart in Vietnamese (the system's
    English text goes to the log only)."""
    if isinstance(error, FileNotFoundError):
        message = _(
            "Không tìm thấy tệp “{name}” (đã bị xóa, đổi tên hoặc USB đã rút?). Hãy chọn lại tệp."
        )
    elif isinstance(error, IsADirectoryError):
        message = _("“{name}” là một thư mục, không phải tệp danh sách.")
    else:
        message = _(
            "Không mở được tệp “{name}”: tệp đang mở trong chương trình khác (Excel?) hoặc máy "
            "không cho đọc. Hãy đóng tệp đó rồi thử lại."
        )
    return UnreadableFile(message.format(name=path.name), f"cannot open {path}: {error!r}")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an `UnreadableFile` saying why not."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise _os_error(Path(path), error) from error


def _workbook(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        with open(path, "rb"):  # the OS's reason, before calamine hides it in its own error
            pass
    except OSError as error:
        raise _os_error(path, error) from error
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own and plain errors for bad files
        if isinstance(error, OSError):
            raise _os_error(path, error) from error
        raise UnreadableFile(
            _(
                "Không đọc được tệp “{name}”: tệp hỏng, có mật khẩu hoặc không phải tệp Excel."
            ).format(name=path.name),
            f"calamine cannot read {path}: {error}",
        ) from error


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order; a CSV file has one, named after the file."""
    path = Path(path)
    _check(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return list(_workbook(path).sheet_names)
    return [path.stem]


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file with its non-empty rows (a CSV file has one)."""
    path = Path(path)
    _check(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return [Sheet(path.stem, _rows(read_csv_rows(path)))]
    book = _workbook(path)
    return [_sheet(book, name) for name in book.sheet_names]


def _sheet(book, name: str) -> Sheet:
    return Sheet(name, _rows(book.get_sheet_by_name(name).to_python(skip_empty_area=False)))


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The non-empty rows of one sheet (the first if `sheet` is None)."""
    path = Path(path)
    _check(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return Sheet(path.stem, _rows(read_csv_rows(path)))
    book = _workbook(path)
    names = list(book.sheet_names)
    if not names:
        raise UnreadableFile(
            _("Tệp “{name}” không có trang tính nào.").format(name=path.name), "no sheets"
        )
    name = sheet or names[0]
    if name not in names:
        raise UserError(
            _("Tệp không có trang “{name}”. Các trang của tệp: {names}.").format(
                name=name, names=", ".join(f"“{n}”" for n in names)
            ),
            f"no sheet {name}",
        )
    return _sheet(book, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "le"/"be" when the bytes look like UTF-16 written without a BOM: mostly ASCII text,
    so every other byte is a NUL (no real CSV has NUL bytes otherwise)."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) * 3 < len(sample):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"


def decode_csv_bytes(data: bytes) -> str:
    """UTF-16 (Excel's "Unicode text", with a BOM, or without one), UTF-8 (BOM or not) if the
    bytes are valid UTF-8, else Windows-1258.

    Bytes Windows-1258 leaves undefined are kept as the Latin-1 character of the same code, so
    text in an old font encoding can still be turned back into its bytes and converted.
    """
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_utf16(data[len(bom) :], codec)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if guessed := _utf16_without_bom(data):
        return _decode_utf16(data, guessed)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="latin1passthrough")


def _latin1_passthrough(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("latin1passthrough", _latin1_passthrough)


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _decode_utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("Tệp văn bản Unicode (UTF-16) bị hỏng ở byte {offset}; hãy lưu lại từ Excel.").format(
                offset=error.start
            ),
            f"bad {codec}: {error}",
        ) from error


def read_csv_rows(path: Path) -> list[list[Any]]:
    text = decode_csv_bytes(read_bytes(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:8192]))
    return [list(row) for row in reader]
