"""Completeness at the province: communes × months — received, late, missing, gap.

A month's deadline is a day of the following month (the 5th unless the campaign says
otherwise); a bundle counts as late when the province received it after that day, by the
province's own clock (its record of receipt, not a merge decision). A gap is a month holding
a bundle whose predecessor in the commune's chain never arrived.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from desktop.core import spreadsheet
from desktop.core.i18n import N_, _
from desktop.core.sync import register

RECEIVED, LATE, MISSING, GAP, NOT_DUE = "received", "late", "missing", "gap", "not_due"
LABELS = {
    RECEIVED: N_("Đã nhận"),
    LATE: N_("Nhận muộn"),
    MISSING: N_("Thiếu"),
    GAP: N_("Đứt chuỗi"),
    NOT_DUE: N_("Chưa đến hạn"),
}
DEFAULT_DEADLINE_DAY = 5


@dataclass(frozen=True)
class Row:
    unit_code: str
    unit_name: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    months: tuple[str, ...]
    rows: tuple[Row, ...]

    def reported(self, month: str) -> int:
        """How many communes sent something for the month (on time, late or with a gap)."""
        index = self.months.index(month)
        return sum(1 for row in self.rows if row.cells[index] in (RECEIVED, LATE, GAP))


def deadline(month: str, day: int = DEFAULT_DEADLINE_DAY) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, day)


def _bundles(db: sqlite_utils.Database):
    rows = db.conn.execute(
        "SELECT unit_code, device_id, epoch, number, period, received_at FROM bundle_in"
    )
    return [tuple(row) for row in rows]


def _cell(bundles, month: str, received: set, today: dt.date, day: int) -> str:
    in_month = [b for b in bundles if b[4] == month]
    if not in_month:
        return MISSING if today > deadline(month, day) else NOT_DUE
    if any(b[3] > 1 and (b[1], b[2], b[3] - 1) not in received for b in in_month):
        return GAP
    first = min(dt.date.fromisoformat(b[5][:10]) for b in in_month)
    return LATE if first > deadline(month, day) else RECEIVED


def grid(
    db: sqlite_utils.Database,
    months: list[str],
    today: dt.date | None = None,
    deadline_day: int = DEFAULT_DEADLINE_DAY,
) -> Grid:
    """The grid for the registered communes and the given months (yyyy-mm)."""
    today = today or dt.date.today()
    everything = _bundles(db)
    codes = sorted(set(register.registered_communes(db)) | {b[0] for b in everything})
    names = dict(db.conn.execute("SELECT code, name FROM unit").fetchall())
    rows = []
    for code in codes:
        mine = [b for b in everything if b[0] == code]
        received = {(b[1], b[2], b[3]) for b in mine}
        cells = tuple(_cell(mine, month, received, today, deadline_day) for month in months)
        rows.append(Row(code, names.get(code, code), cells))
    return Grid(tuple(months), tuple(rows))


def write_xlsx(result: Grid, path: Path) -> int:
    """The grid as a spreadsheet, one row per commune and a count of communes that reported."""
    columns = [(_("Mã xã"), "text"), (_("Tên xã"), "text")]
    columns += [(_("Tháng {month}").format(month=_month_text(m)), "text") for m in result.months]
    rows = [
        [row.unit_code, row.unit_name, *(_(LABELS[cell]) for cell in row.cells)]
        for row in result.rows
    ]
    rows.append(["", _("Số xã đã gửi"), *(str(result.reported(m)) for m in result.months)])
    return spreadsheet.write_table(Path(path), _("Tình hình nhận gói"), columns, rows)


def _month_text(month: str) -> str:
    year, number = month.split("-")
    return f"{number}/{year}"
