"""Completeness at the province: communes × months — received, late, missing, gap.

A month's bundle is due by the deadline of the commune's own campaign that covers the month
(campaigns travel in bundles): day `report_deadline_day` of the following month, or the
campaign's `report_deadline` if that comes first and the whole month lies before it (the
results report needs the month). With no such campaign at the province yet, the 5th of the
following month. A bundle counts as late when the province received it after its due date, by
the province's own clock (its record of receipt, never a merge decision). A month not received
is missing once its due date has passed, not due before. A gap is a month holding a bundle whose
predecessor in the commune's chain never arrived. The rule is written in docs/bundle-format.md.

The grid lists every commune of the province in the official unit list (An Giang: 102), not
only those enrolled: a commune that has never sent a bundle is "not joined" in every month, and
so are the months before the month of a commune's first bundle (they are not "missing").
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import formats, spreadsheet, units
from desktop.core.i18n import N_, _
from desktop.core.sync import importer, register
from desktop.core.text import text_sort_key

if TYPE_CHECKING:
    import sqlite_utils

RECEIVED, LATE, MISSING, GAP, NOT_DUE = "received", "late", "missing", "gap", "not_due"
NOT_JOINED = "not_joined"
LABELS = {
    RECEIVED: N_("Đã nhận"),
    LATE: N_("Nhận muộn"),
    MISSING: N_("Thiếu"),
    GAP: N_("Đứt chuỗi"),
    NOT_DUE: N_("Chưa đến hạn"),
    NOT_JOINED: N_("Chưa tham gia"),
}
DEFAULT_DEADLINE_DAY = 5


@dataclass(frozen=True)
class Row:
    unit_code: str
    unit_name: str
    cells: tuple[str, ...]
    joined: bool = True  # has sent at least one bundle


@dataclass(frozen=True)
class Grid:
    months: tuple[str, ...]
    rows: tuple[Row, ...]

    def reported(self, month: str) -> int:
        """How many communes sent something for the month (on time, late or with a gap)."""
        index = self.months.index(month)
        return sum(1 for row in self.rows if row.cells[index] in (RECEIVED, LATE, GAP))

    def never_sent(self) -> list[Row]:
        """The communes of the province from which no bundle has ever arrived."""
        return [row for row in self.rows if not row.joined]


@dataclass(frozen=True)
class CampaignDeadline:
    """What of a commune's campaign decides when its monthly bundles are due."""

    start_date: str
    end_date: str
    report_deadline: str | None
    deadline_day: int


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def due_date(month: str, campaign: CampaignDeadline | None) -> dt.date:
    """The day by which a commune's bundle for `month` (yyyy-mm) must reach the province."""
    _first, last = _month_bounds(month)
    day = campaign.deadline_day if campaign else DEFAULT_DEADLINE_DAY
    following = last + dt.timedelta(days=1)
    due = following.replace(day=day)
    if campaign and campaign.report_deadline:
        report = dt.date.fromisoformat(campaign.report_deadline)
        if report >= last:
            due = min(due, report)
    return due


def _campaigns(db: sqlite_utils.Database) -> dict[str, list[CampaignDeadline]]:
    """Each commune's live campaigns, latest start first."""
    found: dict[str, list[CampaignDeadline]] = {}
    for row in db.conn.execute(
        "SELECT unit_code, start_date, end_date, report_deadline, report_deadline_day "
        "FROM campaign WHERE deleted_at IS NULL ORDER BY start_date DESC, code"
    ):
        found.setdefault(row[0], []).append(CampaignDeadline(*tuple(row)[1:]))
    return found


def campaign_for(campaigns: list[CampaignDeadline], month: str) -> CampaignDeadline | None:
    """The campaign whose period overlaps the month (the latest started, if several)."""
    first, last = (day.isoformat() for day in _month_bounds(month))
    for campaign in campaigns:
        if campaign.start_date <= last and campaign.end_date >= first:
            return campaign
    return None


def _bundles(db: sqlite_utils.Database):
    rows = db.conn.execute(
        "SELECT unit_code, device_id, epoch, number, period, received_at FROM bundle_in"
    )
    return [tuple(row) for row in rows]


def _cell(bundles, month: str, received: set, today: dt.date, due: dt.date) -> str:
    in_month = [b for b in bundles if b[4] == month]
    if not in_month:
        first_month = min((b[4] for b in bundles), default=None)
        if first_month is None or month < first_month:
            return NOT_JOINED
        return MISSING if today > due else NOT_DUE
    if any(b[3] > 1 and (b[1], b[2], b[3] - 1) not in received for b in in_month):
        return GAP
    first = min(dt.date.fromisoformat(b[5][:10]) for b in in_month)
    return LATE if first > due else RECEIVED


def province_communes(db: sqlite_utils.Database) -> dict[str, str]:
    """code → name of every commune of this province in the official unit list ({} elsewhere)."""
    row = db.conn.execute("SELECT code, level FROM unit WHERE is_self = 1").fetchone()
    if row is None or row[1] != "province":
        return {}
    return {division.code: division.name for division in units.communes(row[0])}


def grid(db: sqlite_utils.Database, months: list[str], today: dt.date | None = None) -> Grid:
    """The grid for every commune of the province (and any other that sent), given months."""
    today = today or dt.date.today()
    everything = _bundles(db)
    campaigns = _campaigns(db)
    official = province_communes(db)
    senders = {b[0] for b in everything}
    codes = set(official) | set(register.registered_communes(db)) | senders
    names = {**official, **dict(db.conn.execute("SELECT code, name FROM unit").fetchall())}
    rewritten = {r[0] for r in db.conn.execute("SELECT DISTINCT unit_code FROM audit_rewrite")}
    rows = []
    for code in codes:
        mine = [b for b in everything if b[0] == code]
        received = {(b[1], b[2], b[3]) for b in mine} | importer.closed_links(db, code)
        own = campaigns.get(code, [])
        cells = tuple(
            _cell(mine, month, received, today, due_date(month, campaign_for(own, month)))
            for month in months
        )
        name = names.get(code, code)
        if code in rewritten:  # issue 15: named in the grid, not only at import
            name += " " + _("(nhật ký bị viết lại)")
        rows.append(Row(code, name, cells, code in senders))
    rows.sort(key=lambda row: (text_sort_key(row.unit_name), row.unit_code))
    return Grid(tuple(months), tuple(rows))


def write_xlsx(result: Grid, path: Path) -> int:
    """The grid as a spreadsheet, one row per commune and a count of communes that reported."""
    columns = [(_("Mã xã"), "text"), (_("Tên xã"), "text")]
    columns += [(_("Tháng {month}").format(month=formats.month(m)), "text") for m in result.months]
    rows = [
        [row.unit_code, row.unit_name, *(_(LABELS[cell]) for cell in row.cells)]
        for row in result.rows
    ]
    rows.append(["", _("Số xã đã gửi"), *(str(result.reported(m)) for m in result.months)])
    return spreadsheet.write_table(Path(path), _("Tình hình nhận gói"), columns, rows)
