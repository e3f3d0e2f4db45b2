"""The campaign's key figures at a glance, and participants per month for the chart.

Every figure comes from `desktop.core.figures` over the whole campaign, so a tile always shows
what the results report "cả kế hoạch" prints (docs/figures.md). Only the register's own counts
(planned and cancelled events, distinct named people) are added here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import figures

if TYPE_CHECKING:
    import sqlite_utils


@dataclass
class KeyFigures(figures.UnitFigures):
    events_planned: int = 0
    events_cancelled: int = 0
    people_named: int = 0


def _scope(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None
) -> figures.Scope | None:
    row = db.conn.execute(
        "SELECT code, start_date, end_date FROM campaign WHERE uid = ? AND deleted_at IS NULL",
        [campaign_uid],
    ).fetchone()
    return None if row is None else figures.Scope(row[0], row[1], row[2], unit_codes)


def key_figures(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None = None
) -> KeyFigures:
    """The whole campaign's figures (at a province, of `unit_codes` or of every commune)."""
    scope = _scope(db, campaign_uid, unit_codes)
    if scope is None:
        return KeyFigures()
    totals = figures.compute(db, scope).totals
    result = KeyFigures(**vars(totals))
    counts = figures.register_counts(db, scope)
    result.events_planned, result.events_cancelled, result.people_named = counts
    return result


def participants_per_month(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None = None
) -> list[tuple[str, int]]:
    """(yyyy-mm, participants of the events held that month), months in order, gaps as 0."""
    scope = _scope(db, campaign_uid, unit_codes)
    return [] if scope is None else figures.compute(db, scope).per_month
