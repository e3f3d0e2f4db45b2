"""The campaign's key figures at a glance, and participants per month for the chart.

A festival is a day: the ceremony (phần lễ) and the festivities (phần hội) held on one day are
one commune festival, and one hamlet festival per hamlet and day, as the results report counts.
Participants of an event count as the larger of its head-count and its named participants:
officers often add named guests without raising the head-count, and never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

_PARTICIPANTS_OF_EVENT = """
MAX(e.count_total, (SELECT COUNT(*) FROM attendance a
                    WHERE a.event_uid = e.uid AND a.deleted_at IS NULL))
"""


@dataclass(frozen=True)
class KeyFigures:
    events_held: int
    events_planned: int
    events_cancelled: int
    festivals_commune: int
    festivals_hamlet: int
    participants: int
    people_named: int
    commendations: float
    gifts: float
    gifts_value: int
    models: float
    works: float
    works_value: int
    pledges: float
    tips: float
    weapons: float
    media: float
    funds_value: int


def _category_sums(db: sqlite_utils.Database, campaign_uid: str) -> dict[str, tuple[float, int]]:
    rows = db.conn.execute(
        """SELECT i.category, SUM(o.quantity), SUM(o.value_vnd)
           FROM outcome o JOIN indicator i ON i.uid = o.indicator_uid
           WHERE o.campaign_uid = ? AND o.deleted_at IS NULL
           GROUP BY i.category""",
        [campaign_uid],
    )
    return {category: (quantity or 0, value or 0) for category, quantity, value in rows}


def key_figures(db: sqlite_utils.Database, campaign_uid: str) -> KeyFigures:
    events = db.conn.execute(
        f"""SELECT
              SUM(e.status = 'held'), SUM(e.status = 'planned'), SUM(e.status = 'cancelled'),
              COUNT(DISTINCT CASE WHEN e.status = 'held' AND t.code IN ('le_xa', 'hoi_xa')
                    THEN e.start_date END),
              COUNT(DISTINCT CASE WHEN e.status = 'held' AND t.code IN ('le_ap', 'hoi_ap')
                    THEN COALESCE(e.hamlet_uid, '') || '|' || e.start_date END),
              SUM(CASE WHEN e.status = 'held' THEN {_PARTICIPANTS_OF_EVENT} ELSE 0 END)
            FROM event e JOIN event_type t ON t.uid = e.event_type_uid
            WHERE e.campaign_uid = ? AND e.deleted_at IS NULL""",
        [campaign_uid],
    ).fetchone()
    held, planned, cancelled, fest_commune, fest_hamlet, participants = (v or 0 for v in events)
    people = db.conn.execute(
        """SELECT COUNT(DISTINCT a.person_uid) FROM attendance a
           JOIN event e ON e.uid = a.event_uid AND e.deleted_at IS NULL
           WHERE e.campaign_uid = ? AND a.deleted_at IS NULL""",
        [campaign_uid],
    ).fetchone()[0]
    sums = _category_sums(db, campaign_uid)

    def quantity(category: str) -> float:
        return sums.get(category, (0, 0))[0]

    def value(category: str) -> int:
        return int(sums.get(category, (0, 0))[1])

    return KeyFigures(
        events_held=held,
        events_planned=planned,
        events_cancelled=cancelled,
        festivals_commune=fest_commune,
        festivals_hamlet=fest_hamlet,
        participants=participants,
        people_named=people,
        commendations=quantity("commendation"),
        gifts=quantity("gift"),
        gifts_value=value("gift"),
        models=quantity("model"),
        works=quantity("work"),
        works_value=value("work"),
        pledges=quantity("pledge"),
        tips=quantity("tip"),
        weapons=quantity("weapons"),
        media=quantity("media"),
        funds_value=value("funds"),
    )


def participants_per_month(db: sqlite_utils.Database, campaign_uid: str) -> list[tuple[str, int]]:
    """(yyyy-mm, participants of the events held that month), months in order, gaps as 0."""
    rows = dict(
        db.conn.execute(
            f"""SELECT substr(e.start_date, 1, 7), SUM({_PARTICIPANTS_OF_EVENT})
            FROM event e WHERE e.campaign_uid = ? AND e.deleted_at IS NULL
              AND e.status = 'held'
            GROUP BY 1""",
            [campaign_uid],
        ).fetchall()
    )
    period = db.conn.execute(
        "SELECT start_date, end_date FROM campaign WHERE uid = ?", [campaign_uid]
    ).fetchone()
    if period is None:
        return []
    months, (year, month) = [], map(int, period[0][:7].split("-"))
    last = period[1][:7]
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months.append((key, int(rows.get(key) or 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
