"""Writing a table to .xlsx the way an analyst expects to find it in Excel.

Bold header, frozen header row, column widths that fit, dates as real dates and numbers as
numbers, Vietnamese intact. Written to a temporary name and renamed, so a failed write never
leaves a half file under the chosen name.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.text import without_control_characters

FORMATS = {"date": "DD/MM/YYYY", "int": "#,##0", "number": "#,##0.##", "money": "#,##0"}


def _cell(value: Any, kind: str) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = without_control_characters(value)  # one BEL would make openpyxl refuse the file
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
    sheet.title = title[:31] or "Sheet1"
    sheet.append([header for header, _ in columns])
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
            if kind in FORMATS and value is not None:
                cell.number_format = FORMATS[kind]
            widths[index] = max(widths[index], len(str(value or "")) if kind != "date" else 10)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    _save_atomically(workbook, Path(path))
    return count


def _save_atomically(workbook, path: Path) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=".antq-", suffix=".xlsx", dir=path.parent)
    os.close(descriptor)
    try:
        workbook.save(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
