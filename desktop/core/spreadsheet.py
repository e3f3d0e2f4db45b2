"""Writing a table to .xlsx the way an analyst expects to find it in Excel.

Bold header, frozen header row, column widths that fit, dates as real dates and numbers as
numbers, Vietnamese intact. Written to a temporary name and renamed, so a failed write never
leaves a half file under the chosen name.

This is the one xlsx writer of the program: lists, reports, the audit trail, import summaries and
the province's completeness grid all go through `write_table`. Names and notes come from people
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
from pathlib import Path
from typing import Any

from desktop.core.storage.durable import atomic_write

FORMATS = {"date": "DD/MM/YYYY", "int": "#,##0", "number": "#,##0.##", "money": "#,##0"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text without the characters an .xlsx (XML) file cannot hold."""
    return _XML_FORBIDDEN.sub("", value)


def looks_like_formula(value: Any) -> bool:
    """A text Excel or LibreOffice would take for a formula (or a DDE call) if typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _cell(value: Any, kind: str) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = clean_text(value)
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
) -> int:
    """Write `rows` under headers; `columns` is (header, kind) per column. Returns row count."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[][:*?/\\]", " ", clean_text(title))[:31].strip() or "Sheet1"
    sheet.append([clean_text(header) for header, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(header) for header, _ in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        values = [_cell(value, kind) for value, (_, kind) in zip(row, columns, strict=True)]
        sheet.append(values)
        for index, ((_, kind), value) in enumerate(zip(columns, values, strict=True)):
            cell = sheet.cell(row=count + 1, column=index + 1)
            if looks_like_formula(value):
                _as_text(cell)
            elif kind in FORMATS and value is not None:
                cell.number_format = FORMATS[kind]
            widths[index] = max(widths[index], len(str(value or "")) if kind != "date" else 10)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    _save_atomically(workbook, Path(path))
    return count


def _as_text(cell) -> None:
    """Keep the value as a string cell (openpyxl made it a formula) that Excel shows as typed."""
    cell.data_type = "s"
    cell.quotePrefix = True


def _save_atomically(workbook, path: Path) -> None:
    with atomic_write(path) as temporary:  # an .xlsx open in Excel is waited for, then named
        workbook.save(temporary)
