"""The province's completeness grid: which commune has reported for which month.

A month counts as reported when a bundle for that period has been imported (an empty bundle
counts: the commune said "nothing new"). A report is late when it was imported after the report
deadline of the commune's campaign covering that month. A gap is a bundle number of the
commune's chain that never arrived. Dates here are for the analyst's eyes; no merge reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from desktop.core import spreadsheet
from desktop.core.i18n import N_, _

RECEIVED, LATE, MISSING = "received", "late", "missing"
LABELS = {RECEIVED: N_("Đã nhận"), LATE: N_("Nhận muộn"), MISSING: N_("Chưa có")}


@dataclass(frozen=True)
class CommuneLine:
    code: str
    name: str
    cells: dict[str, str]  # period → RECEIVED / LATE / MISSING
    gaps: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Grid:
    periods: list[str]
    communes: list[CommuneLine]

    def reported(self, period: str) -> int:
        """How many communes reported for the month (late reports included)."""
        return sum(line.cells[period] != MISSING for line in self.communes)


def _deadline(db: sqlite_utils.Database, unit_code: str, period: str) -> str | None:
    row = db.conn.execute(
        "SELECT report_deadline FROM campaign WHERE unit_code = ? AND deleted_at IS NULL "
        "AND substr(start_date, 1, 7) <= ? AND substr(end_date, 1, 7) >= ? "
        "AND report_deadline IS NOT NULL ORDER BY start_date DESC LIMIT 1",
        [unit_code, period, period],
    ).fetchone()
    return row[0] if row else None


def _gaps(db: sqlite_utils.Database, unit_code: str) -> list[int]:
    rows = db.conn.execute(
        "SELECT device_id, epoch, number FROM bundles_in WHERE unit_code = ?", [unit_code]
    ).fetchall()
    chains: dict[tuple[str, int], set[int]] = {}
    for device, epoch, number in rows:
        chains.setdefault((device, epoch), set()).add(number)
    return sorted(
        n for numbers in chains.values() for n in range(1, max(numbers)) if n not in numbers
    )


def grid(db: sqlite_utils.Database, periods: list[str]) -> Grid:
    """Every commune of the province's register × the given months (`yyyy-mm`)."""
    communes = db.conn.execute(
        "SELECT code, name FROM unit WHERE level = 'commune' AND is_self = 0 ORDER BY code"
    ).fetchall()
    lines = []
    for code, name in communes:
        cells = {}
        for period in periods:
            first = db.conn.execute(
                "SELECT MIN(imported_at) FROM bundles_in WHERE unit_code = ? AND period = ?",
                [code, period],
            ).fetchone()[0]
            deadline = _deadline(db, code, period)
            if first is None:
                cells[period] = MISSING
            elif deadline is not None and first[:10] > deadline:
                cells[period] = LATE
            else:
                cells[period] = RECEIVED
        lines.append(CommuneLine(code, name, cells, _gaps(db, code)))
    return Grid(list(periods), lines)


def write_xlsx(result: Grid, path: Path) -> int:
    """The grid as a spreadsheet: one row per commune, a column per month, gaps, a total row."""
    columns = [(_("Mã"), "text"), (_("Xã, phường"), "text")]
    columns += [(period, "text") for period in result.periods]
    columns.append((_("Gói còn thiếu"), "text"))
    rows = [
        [
            line.code,
            line.name,
            *(_(LABELS[line.cells[p]]) for p in result.periods),
            ", ".join(str(n) for n in line.gaps),
        ]
        for line in result.communes
    ]
    rows.append(["", _("Số xã đã báo cáo"), *(str(result.reported(p)) for p in result.periods), ""])
    return spreadsheet.write_table(path, _("Tình hình nhận gói"), columns, rows)
