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
    return figures_and_months(db, campaign_uid, unit_codes)[0]


def participants_per_month(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None = None
) -> list[tuple[str, int]]:
    """(yyyy-mm, participants of the events held that month), months in order, gaps as 0."""
    return figures_and_months(db, campaign_uid, unit_codes)[1]


def figures_and_months(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None = None
) -> tuple[KeyFigures, list[tuple[str, int]]]:
    """Both at once, from one computation: what the overview page shows."""
    scope = _scope(db, campaign_uid, unit_codes)
    if scope is None:
        return KeyFigures(), []
    stats = figures.compute(db, scope)
    result = KeyFigures(**vars(stats.totals))
    counts = figures.register_counts(db, scope)
    result.events_planned, result.events_cancelled, result.people_named = counts
    return result, stats.per_month
