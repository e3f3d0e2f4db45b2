"""Writing a table to .xlsx the way an analyst expects to find it in Excel.

Bold header, frozen header row, column widths that fit, dates as real dates and numbers as
numbers, Vietnamese intact. Written to a temporary name and renamed, so a failed write never
leaves a half file under the chosen name.

This is the one xlsx writer of the program: lists, reports, the audit trail, import summaries and
the province's completeness grid all go through `write_table` (or `write_tables` for a
workbook of several sheets). Names and notes come from people
outside the office (imported lists, sync bundles), so a text beginning with `=`, `+`, `-`, `@`, a
tab or a carriage return is stored as text and marked as such (Excel's quote prefix), never as a
formula: `=HYPERLINK(…)` typed as a name must not become a live link in a report. Characters XML
forbids (control characters other than tab and line breaks) are removed rather than failing the
whole export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.storage.durable import atomic_write

FORMATS = {
    "date": "DD/MM/YYYY",
    "int": "#,##0",
    "number": "#,##0.##",
    "money": "#,##0",
    "year": "0",  # 1991, never "1,991"
}
WIDE = 6  # more columns than this print in landscape
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text without the characters an .xlsx (XML) file cannot hold."""
    return _XML_FORBIDDEN.sub("", value)


def looks_like_formula(value: Any) -> bool:
    """A text Excel or LibreOffice would take for a formula (or a DDE call) if typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: its sheet name, (header, kind) per column, and its rows."""

    title: str
    columns: Sequence[tuple[str, str]]
    rows: Iterable[Sequence[Any]]


def _cell(value: Any, kind: str) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(value, float) and value.is_integer() and kind in ("int", "number", "money"):
        return int(value)  # a count reads 3, not 3.0 or "3."
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def write_table(
    path: Path,
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[Any]],
    *,
    preamble: Sequence[str] = (),
) -> int:
    """Write `rows` under headers; `columns` is (header, kind) per column. Returns row count."""
    return write_tables(path, [Sheet(title, columns, rows)], preamble=preamble)


def write_tables(path: Path, sheets: Sequence[Sheet], *, preamble: Sequence[str] = ()) -> int:
    """One sheet a table, each opening with `preamble` (unit, title, period) above its header,
    set to print on A4 fitted to the width, landscape when wide, the header on every page.
    Returns the row count of the first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    counts = []
    for index, sheet in enumerate(sheets):
        target = workbook.active if index == 0 else workbook.create_sheet()
        counts.append(_fill(target, sheet, preamble))
    _save_atomically(workbook, Path(path))
    return counts[0] if counts else 0


def _fill(sheet, table: Sheet, preamble: Sequence[str]) -> int:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = table.columns
    sheet.title = _sheet_name(table.title)
    for index, line in enumerate(preamble):
        sheet.append([clean_text(line)])
        sheet.cell(row=index + 1, column=1).font = Font(bold=index < 2)
    if preamble:
        sheet.append([])
    header_row = len(preamble) + 2 if preamble else 1
    sheet.append([clean_text(header) for header, _ in columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    widths = [len(header) for header, _ in columns]
    count = 0
    for count, row in enumerate(table.rows, start=1):
        values = [_cell(value, kind) for value, (_, kind) in zip(row, columns, strict=True)]
        sheet.append(values)
        for index, ((_, kind), value) in enumerate(zip(columns, values, strict=True)):
            cell = sheet.cell(row=header_row + count, column=index + 1)
            if looks_like_formula(value):
                _as_text(cell)
            elif kind in FORMATS and value is not None:
                cell.number_format = _format(kind, value)
            widths[index] = max(widths[index], len(str(value or "")) if kind != "date" else 10)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    _print_settings(sheet, len(columns), header_row)
    return count


def _format(kind: str, value: Any) -> str:
    if kind == "number" and isinstance(value, int):
        return FORMATS["int"]
    return FORMATS[kind]


def _sheet_name(title: str) -> str:
    title = clean_text(title)
    for bad in "[]:*?/\\":
        title = title.replace(bad, "-")
    return title[:31].strip() or "Sheet1"


def _print_settings(sheet, column_count: int, header_row: int) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if column_count > WIDE else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _as_text(cell) -> None:
    """Keep the value as a string cell (openpyxl made it a formula) that Excel shows as typed."""
    cell.data_type = "s"
    cell.quotePrefix = True


def _save_atomically(workbook, path: Path) -> None:
    with atomic_write(path) as temporary:  # an .xlsx open in Excel is waited for, then named
        workbook.save(temporary)
