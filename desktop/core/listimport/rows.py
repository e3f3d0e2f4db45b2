"""Rows of a list that are not records: totals, signature blocks, notes, repeated headers, blanks.

Commune lists are printed documents: under the table come "Tổng cộng: 200 người", a place and
date, "Người lập biểu", "(Ký, ghi rõ họ tên)", "TRƯỞNG CÔNG AN XÃ" and the signer's name, and
notes; long lists repeat their header on every printed page, with a row of column numbers
"(1) (2) (3)". Each such row is left out with its reason, never stored as a person. Once a
signature block or a note begins, every row under it is part of it (the signer's name looks
like anyone's) until the header repeats for the next page.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop.core.i18n import N_
from desktop.core.text import search_key

# Reasons (translated where shown).
TOTAL = N_("Dòng tổng cộng, không phải một người")
SIGNATURE = N_("Phần ký tên dưới danh sách")
NOTE = N_("Ghi chú, chú thích dưới danh sách")
HEADER = N_("Dòng tiêu đề lặp lại (sang trang)")
NUMBERING = N_("Dòng đánh số cột")
BLANK = N_("Dòng trống")

# Matched on the lower-case text with its marks: "Cộng" is a total, "Công" a given name.
_TOTAL = re.compile(
    r"^(tổng cộng|tổng số|tong cong|tong so)(\s|:|$)|^tổng\s*(:|$|\d)"
    r"|^cộng(?!\s*(đồng|tác|sản|hòa|hoà|hưởng|sự|lực))(\s|:|$)"
)
_SIGNATURE = re.compile(
    r"^\(?\s*(người lập( biểu| bảng| danh sách)?|người ghi|người tổng hợp|người báo cáo"
    r"|ký,? ghi rõ|ký tên|ký và ghi|ký, đóng dấu|xác nhận của|t/?m\.?\s|tm\.|kt\.|t/l\.|tl\."
    r"|q\.\s|thủ trưởng|trưởng công an|phó trưởng công an|chủ tịch|phó chủ tịch"
    r"|trưởng ban|trưởng ấp|trưởng khóm|trưởng thôn|bí thư|cán bộ phụ trách|nơi nhận)"
)
_PLACE_DATE = re.compile(r"^([^,\d]{1,40},\s*)?ngày\s*(\d{1,2}|\.+|…+)\s*tháng")
_NOTE = re.compile(r"^(\*|\(\*+\)|ghi chú\s*:|lưu ý|chú thích|chú ý\s*:|nguồn\s*:|ghi chú$)")


@contextmanager
def bulk_work() -> Iterator[None]:
    """Python's cycle collector paused while 50,000 rows are read or written: it would walk
    every new row again and again (~15 % of the time) though rows hold no cycles. Restored
    after, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _texts(cells: list[Any], ignore: frozenset[int] = frozenset()) -> list[str]:
    return [
        unicodedata.normalize("NFC", str(c)).strip().lower()
        for i, c in enumerate(cells)
        if c is not None and str(c).strip() and i not in ignore
    ]


def _number_like(cell: Any) -> bool:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    return isinstance(cell, str) and cell.strip(" ()").replace(".0", "").isdigit()


def is_numbering(cells: list[Any]) -> bool:
    """ "1 2 3 4 5" or "(1) (2) (3)" across the columns: the numbers printed under a header."""
    seen = 0
    for cell in cells:  # quick, for every row: a person's second cell is a name
        if cell is None:
            continue
        if not _number_like(cell):
            return False
        seen += 1
        if seen == 3:
            break
    if seen < 3:
        return False
    texts = [re.sub(r"[()\s]", "", t) for t in _texts(cells)]
    if len(texts) < 3 or not all(re.fullmatch(r"\d+(\.0)?", t) for t in texts):
        return False
    numbers = [int(float(t)) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 2


def is_total(cells: list[Any], ignore: frozenset[int] = frozenset()) -> bool:
    """ "Tổng cộng: 200 người", "Cộng", "Cộng ấp 1" in any cell but the free-text ones."""
    return any(_TOTAL.match(t) for t in _texts(cells, ignore))


def starts_signature(cells: list[Any], ignore: frozenset[int] = frozenset()) -> bool:
    """A title of a signer or a place and date, in a sparse row (a person's row is fuller)."""
    if len(_texts(cells)) > 3:
        return False
    return any(_SIGNATURE.match(t) or _PLACE_DATE.match(t) for t in _texts(cells, ignore))


def starts_note(cells: list[Any]) -> bool:
    texts = _texts(cells)
    return len(texts) == 1 and bool(_NOTE.match(texts[0]))


def is_repeated_header(cells: list[Any], header_keys: list[str]) -> bool:
    """At least two cells, and most of the row, repeat the header of their column."""
    same = filled = 0
    for index, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        filled += 1
        if not isinstance(cell, str) or index >= len(header_keys) or not header_keys[index]:
            continue
        if (
            abs(len(cell.strip()) - len(header_keys[index])) <= 2
            and search_key(cell) == header_keys[index]
        ):
            same += 1
    return same >= 2 and same * 2 >= filled


def _numbered_record(cells: list[Any], stt: int | None) -> bool:
    """The row has a number in the "STT" column: it is a record, whatever else it says."""
    if stt is None or stt >= len(cells):
        return False
    value = cells[stt]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().rstrip(".").isdigit()


def classify(
    numbered: Iterator[tuple[int, list[Any]]],
    header_keys: list[str],
    *,
    stt: int | None = None,
    free_text: frozenset[int] = frozenset(),
) -> Iterator[tuple[int, list[Any], str | None]]:
    """(row number, cells, reason or None) for each row of the table, blank rows included.

    `numbered` gives the non-empty rows in order with their cells already read in their
    encodings; a number skipped between two of them was a blank row. `stt` is the index of
    the row-number column; `free_text` the columns (position, address, notes…) where "Chủ
    tịch" or "Tổng…" are ordinary values, not a signature or a total.
    """
    below_table: str | None = None
    previous: int | None = None
    for number, cells in numbered:
        if previous is not None:
            for blank in range(previous + 1, number):
                yield blank, [], BLANK
        previous = number
        if _numbered_record(cells, stt) and not is_numbering(cells):  # the common case, first
            below_table = None
            yield number, cells, None
        elif is_repeated_header(cells, header_keys):
            below_table = None
            yield number, cells, HEADER
        elif is_numbering(cells):
            yield number, cells, NUMBERING
        elif below_table:
            if below_table == NOTE and starts_signature(cells, free_text):
                below_table = SIGNATURE
            yield number, cells, below_table
        elif is_total(cells, free_text):
            yield number, cells, TOTAL
        elif starts_signature(cells, free_text):
            below_table = SIGNATURE
            yield number, cells, SIGNATURE
        elif starts_note(cells):
            below_table = NOTE
            yield number, cells, NOTE
        else:
            yield number, cells, None
