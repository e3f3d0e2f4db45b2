"""Every figure the program prints, defined once: the overview, the reports, the province.

The overview's tiles, the results report (PDF and xlsx), the commendation list's total and the
province consolidation all read `compute`; none counts on its own. docs/figures.md states each
rule in an officer's words. A province database holds the rows of many communes (each with its
own copy of the campaign, same code), so every figure is grouped by `unit_code` and a total is
the sum of its units.

Counting rules, the same everywhere:
- an event belongs to the period of its start date; only held events count as held;
- an event's participants are the larger of its head-count and its named participants; when the
  named list is the longer, its women are the larger of the head-count of women and the named
  people the register says are women (gender "nữ"); the other groups come from the head-counts;
- a festival counts once per organising unit per campaign (the commune, each hamlet, each
  agency or enterprise, each school), in the period of its first held day: a ceremony on 19/8
  and games on 18/8 are one commune festival, counted in August;
- an outcome belongs to the period of its own date, else its event's start date, else the day
  it was recorded in Vietnam time (UTC+7), never the UTC day;
- quantities of different units are never added: weapons (khẩu), explosives (kg) and support
  tools (cái) are three figures, and so are the media items and the pledging households and units.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from desktop.core.campaigns import Campaign
from desktop.core.i18n import N_, _
from desktop.core.outcomes import ISSUER_LEVELS, RECIPIENT_KINDS
from desktop.core.reports.periods import Period

if TYPE_CHECKING:
    import sqlite_utils

_NAMED = "(SELECT COUNT(*) FROM attendance a WHERE a.event_uid = e.uid AND a.deleted_at IS NULL)"
_NAMED_WOMEN = (
    "(SELECT COUNT(*) FROM attendance a JOIN person p ON p.uid = a.person_uid"
    " WHERE a.event_uid = e.uid AND a.deleted_at IS NULL AND p.gender = 'nu')"
)
_PARTICIPANTS = f"MAX(e.count_total, {_NAMED})"
# When the named list is longer than the head-count, the named people stand for the event:
# its women are then the larger of the head-count of women and the named women. Otherwise the
# head-counts (which then include the named people) stand. Cheap too: the person register is
# read only for those events (CASE is evaluated lazily).
_WOMEN = (
    f"CASE WHEN e.count_total >= {_NAMED} THEN e.count_women "
    f"ELSE MAX(e.count_women, {_NAMED_WOMEN}) END"
)
# The day that puts an outcome in a period (`o` outcome, `e` its event, LEFT JOINed): its own
# date, else its event's, else the day it was recorded, in Vietnam time (UTC+7 all year).
OUTCOME_DAY = "COALESCE(o.outcome_date, e.start_date, date(o.created_at, '+7 hours'))"
COMMUNE_FESTIVAL_TYPES = ("le_xa", "hoi_xa")
HAMLET_FESTIVAL_TYPES = ("le_ap", "hoi_ap")
# Festival kinds: the event types that make one, and which column names its organising unit
# (an agency or school festival with no organiser recorded counts once per event).
FESTIVALS = {
    "festivals_commune": (COMMUNE_FESTIVAL_TYPES, "e.unit_code"),
    "festivals_hamlet": (HAMLET_FESTIVAL_TYPES, "COALESCE(e.hamlet_uid, e.uid)"),
    "festivals_agency": (("ngay_hoi_co_quan",), "COALESCE(e.organiser_uid, e.uid)"),
    "festivals_school": (("ngay_hoi_truong_hoc",), "COALESCE(e.organiser_uid, e.uid)"),
}
GROUPS = {
    "women": N_("Phụ nữ"),
    "youth": N_("Thanh niên"),
    "ethnic": N_("Đồng bào dân tộc thiểu số"),
    "religious": N_("Chức sắc, tín đồ tôn giáo"),
    "students": N_("Học sinh, sinh viên"),
}


@dataclass(frozen=True)
class Scope:
    """Which rows count: the campaign (by code, across units), the dates, optionally the units."""

    campaign_code: str
    start: str
    end: str
    unit_codes: tuple[str, ...] | None = None

    def unit_filter(self, column: str) -> tuple[str, list[str]]:
        return unit_sql(column, self.unit_codes)


def _query(db: sqlite_utils.Database, sql: str, params: list) -> sqlite3.Cursor:
    """Rows readable by column name, also on the overview's bare read-only connection."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


def unit_sql(column: str, unit_codes: tuple[str, ...] | None) -> tuple[str, list[str]]:
    """' AND column IN (?, …)' and its parameters; nothing when every unit counts."""
    if unit_codes is None:
        return "", []
    marks = ", ".join("?" for _ in unit_codes)
    return f" AND {column} IN ({marks})", list(unit_codes)


def scope_for(campaign: Campaign, period: Period, unit_codes: tuple[str, ...] | None) -> Scope:
    return Scope(campaign.code, period.start, period.end, unit_codes)


@dataclass
class UnitFigures:
    """The key figures of one unit (or of all of them): the consolidated table's columns."""

    festivals_commune: int = 0
    festivals_hamlet: int = 0
    festivals_agency: int = 0
    festivals_school: int = 0
    events_held: int = 0
    participants: int = 0
    women: int = 0
    youth: int = 0
    ethnic: int = 0
    religious: int = 0
    students: int = 0
    participants_reported: float = 0
    commendations: float = 0
    commendations_value: int = 0
    gifts: float = 0
    gifts_value: int = 0
    pledges: float = 0
    pledge_units: float = 0
    tips: float = 0
    models: float = 0
    works: float = 0
    works_value: int = 0
    weapons: float = 0
    explosives: float = 0
    tools: float = 0
    media_news: float = 0
    media_reports: float = 0
    media_posters: float = 0
    media_sessions: float = 0
    funds_value: int = 0
    activity: int = 0  # events of any status and outcomes: did the unit record anything?

    def add(self, other: UnitFigures) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass(frozen=True)
class TypeLine:
    code: str
    name: str
    held: int
    participants: int


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    category: str
    unit_label: str
    has_value: bool
    quantity: float
    value_vnd: int


@dataclass(frozen=True)
class CommendationLine:
    form: str
    issuer_level: str
    recipient_kind: str
    quantity: float
    value_vnd: int


@dataclass
class Statistics:
    scope: Scope
    totals: UnitFigures
    by_unit: dict[str, UnitFigures] = field(default_factory=dict)
    event_types: list[TypeLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    commendations: list[CommendationLine] = field(default_factory=list)
    per_month: list[tuple[str, int]] = field(default_factory=list)


# Which indicator codes and categories feed the key figures: field → "code:…" or "cat:…".
# Every indicator of the festival catalogue is read by one of these (tests/reports walks it).
QUANTITIES = {
    "participants_reported": "cat:participants",
    "commendations": "cat:commendation",
    "gifts": "code:suat_qua",
    "pledges": "code:ho_ky_cam_ket",
    "pledge_units": "code:don_vi_ky_giao_uoc",
    "tips": "cat:tip",
    "models": "cat:model",
    "works": "cat:work",
    "weapons": "code:vu_khi",
    "explosives": "code:vat_lieu_no",
    "tools": "code:cong_cu_ho_tro",
    "media_news": "code:tin_bai",
    "media_reports": "code:phong_su",
    "media_posters": "code:pano_ap_phich_bang_ron",
    "media_sessions": "code:buoi_tuyen_truyen",
}
VALUES = {
    "commendations_value": "cat:commendation",
    "gifts_value": "code:suat_qua",
    "works_value": "cat:work",
    "funds_value": "cat:funds",
}


def _event_rows(db: sqlite_utils.Database, scope: Scope):
    unit_sql, unit_params = scope.unit_filter("e.unit_code")
    sql = f"""
    SELECT e.unit_code, t.code, COUNT(*) AS recorded, SUM(e.status = 'held') AS held,
           SUM(CASE WHEN e.status = 'held' THEN {_PARTICIPANTS} ELSE 0 END) AS participants,
           SUM(CASE WHEN e.status = 'held' THEN {_WOMEN} ELSE 0 END) AS women,
           SUM(CASE WHEN e.status = 'held' THEN e.count_youth ELSE 0 END) AS youth,
           SUM(CASE WHEN e.status = 'held' THEN e.count_ethnic ELSE 0 END) AS ethnic,
           SUM(CASE WHEN e.status = 'held' THEN e.count_religious ELSE 0 END) AS religious,
           SUM(CASE WHEN e.status = 'held' THEN e.count_students ELSE 0 END) AS students
    FROM event e
    JOIN campaign c ON c.uid = e.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
    JOIN event_type t ON t.uid = e.event_type_uid
    WHERE e.deleted_at IS NULL AND e.start_date BETWEEN ? AND ?{unit_sql}
    GROUP BY e.unit_code, t.code"""
    return _query(db, sql, [scope.campaign_code, scope.start, scope.end, *unit_params])


def _festival_rows(db: sqlite_utils.Database, scope: Scope):
    """(unit, festival kind, count): each organising unit once, in the period of its first day.

    The first day is taken over the whole campaign, so months and quarters add up to the year.
    """
    unit_sql, unit_params = scope.unit_filter("e.unit_code")
    parts, params = [], []
    for name, (types, organiser) in FESTIVALS.items():
        marks = ", ".join("?" for _ in types)
        parts.append(
            f"SELECT e.unit_code, ? AS kind, {organiser} AS organiser, e.start_date AS day "
            f"FROM event e JOIN event_type t ON t.uid = e.event_type_uid "
            f"JOIN campaign c ON c.uid = e.campaign_uid AND c.code = ? AND c.deleted_at IS NULL "
            f"WHERE e.deleted_at IS NULL AND e.status = 'held' AND t.code IN ({marks}){unit_sql}"
        )
        params += [name, scope.campaign_code, *types, *unit_params]
    sql = f"""
    SELECT unit_code, kind, COUNT(*) FROM (
        SELECT unit_code, kind, organiser, MIN(day) AS first_day
        FROM ({" UNION ALL ".join(parts)}) GROUP BY unit_code, kind, organiser)
    WHERE first_day BETWEEN ? AND ? GROUP BY unit_code, kind"""
    return _query(db, sql, [*params, scope.start, scope.end])


def _outcome_rows(db: sqlite_utils.Database, scope: Scope):
    unit_sql, unit_params = scope.unit_filter("o.unit_code")
    sql = f"""
    SELECT o.unit_code, i.code, i.category, COALESCE(o.issuer_level, '') AS issuer_level,
           COALESCE(o.recipient_kind, '') AS recipient_kind, COUNT(*) AS entries,
           SUM(o.quantity) AS quantity, SUM(o.value_vnd) AS value_vnd
    FROM outcome o
    JOIN campaign c ON c.uid = o.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
    JOIN indicator i ON i.uid = o.indicator_uid
    LEFT JOIN event e ON e.uid = o.event_uid
    WHERE o.deleted_at IS NULL
      AND {OUTCOME_DAY} BETWEEN ? AND ?
      {unit_sql}
    GROUP BY o.unit_code, i.code, o.issuer_level, o.recipient_kind"""
    params = [scope.campaign_code, scope.start, scope.end, *unit_params]
    return _query(db, sql, params)


def _per_month(db: sqlite_utils.Database, scope: Scope) -> dict[str, int]:
    unit_sql, unit_params = scope.unit_filter("e.unit_code")
    sql = f"""
    SELECT substr(e.start_date, 1, 7), SUM({_PARTICIPANTS})
    FROM event e
    JOIN campaign c ON c.uid = e.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
    WHERE e.deleted_at IS NULL AND e.status = 'held' AND e.start_date BETWEEN ? AND ?{unit_sql}
    GROUP BY 1"""
    rows = _query(db, sql, [scope.campaign_code, scope.start, scope.end, *unit_params])
    return {month: int(total or 0) for month, total in rows}


@dataclass(frozen=True)
class EventCount:
    """One event's named list beside what the reports count for it."""

    named: int
    named_women: int
    participants: int
    women: int


def event_count(
    db: sqlite_utils.Database, event_uid: str, count_total: int, count_women: int
) -> EventCount:
    """What the reports count for the event with these head-counts (the form's, not yet saved):
    the same SQL the reports use (`_PARTICIPANTS`, `_WOMEN`), so the event form, the event page
    and the event sheet can never disagree with the totals."""
    row = _query(
        db,
        f"""SELECT {_NAMED} AS named, {_NAMED_WOMEN} AS named_women,
                   {_PARTICIPANTS} AS participants, {_WOMEN} AS women
            FROM (SELECT ? AS uid, ? AS count_total, ? AS count_women) e""",
        [event_uid, int(count_total), int(count_women)],
    ).fetchone()
    return EventCount(**dict(row))


def named_beyond_counts(
    db: sqlite_utils.Database, event_uid: str, count_total: int, count_women: int
) -> list[str]:
    """Warnings, in words, where the event's named list says more than its head-counts.

    Not a refusal: the reports reconcile the two by the rule above, and the warning says which
    figure they will print.
    """
    counted = event_count(db, event_uid, count_total, count_women)
    warnings = []
    if counted.named > count_total:
        warnings.append(
            _(
                "Danh sách có tên có {named} người, nhiều hơn tổng số đã ghi ({total}). "
                "Báo cáo sẽ tính {counted} người tham gia."
            ).format(named=counted.named, total=count_total, counted=counted.participants)
        )
    if counted.named_women > count_women:
        warnings.append(
            _(
                "Danh sách có tên có {named} phụ nữ, nhiều hơn số phụ nữ đã ghi ({count}). "
                "Báo cáo sẽ tính {counted} phụ nữ."
            ).format(named=counted.named_women, count=count_women, counted=counted.women)
        )
    return warnings


def register_counts(db: sqlite_utils.Database, scope: Scope) -> tuple[int, int, int]:
    """(planned events, cancelled events, distinct named people) of the scope's period."""
    unit_sql, unit_params = scope.unit_filter("e.unit_code")
    where = f"""JOIN campaign c ON c.uid = e.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
    WHERE e.deleted_at IS NULL AND e.start_date BETWEEN ? AND ?{unit_sql}"""
    params = [scope.campaign_code, scope.start, scope.end, *unit_params]
    planned, cancelled = _query(
        db,
        f"SELECT SUM(e.status = 'planned'), SUM(e.status = 'cancelled') FROM event e {where}",
        params,
    ).fetchone()
    people = _query(
        db,
        f"""SELECT COUNT(DISTINCT a.person_uid) FROM attendance a
        JOIN event e ON e.uid = a.event_uid {where} AND a.deleted_at IS NULL""",
        params,
    ).fetchone()[0]
    return planned or 0, cancelled or 0, people or 0


def unit_totals(
    db: sqlite_utils.Database, unit: str, start: str = "0000-01-01", end: str = "9999-12-31"
) -> dict[str, int]:
    """A unit's held events, their participants, its outcomes and their value between two
    dates, over all its campaigns, by the rules above: the totals a sync bundle's manifest
    carries (docs/bundle-format.md), so the province reads what the reports print."""
    events = _query(
        db,
        f"""SELECT COUNT(*), COALESCE(SUM({_PARTICIPANTS}), 0) FROM event e
        JOIN campaign c ON c.uid = e.campaign_uid AND c.deleted_at IS NULL
        WHERE e.unit_code = ? AND e.deleted_at IS NULL AND e.status = 'held'
          AND e.start_date BETWEEN ? AND ?""",
        [unit, start, end],
    ).fetchone()
    outcomes = _query(
        db,
        f"""SELECT COUNT(*), COALESCE(SUM(o.value_vnd), 0) FROM outcome o
        JOIN campaign c ON c.uid = o.campaign_uid AND c.deleted_at IS NULL
        LEFT JOIN event e ON e.uid = o.event_uid
        WHERE o.unit_code = ? AND o.deleted_at IS NULL AND {OUTCOME_DAY} BETWEEN ? AND ?""",
        [unit, start, end],
    ).fetchone()
    return {
        "events_held": int(events[0]),
        "participants": int(events[1]),
        "outcomes": int(outcomes[0]),
        "value_vnd": int(outcomes[1]),
    }


def commune_choices(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(code, name) of every commune of the province in the official unit list, and of any
    other whose rows the database holds, by name; [] at a commune (it holds only its own)."""
    from desktop.core import units
    from desktop.core.text import text_sort_key

    me = db.conn.execute("SELECT code, level FROM unit WHERE is_self = 1").fetchone()
    if me is None or me[1] != "province":
        return []
    names = {d.code: d.name for d in units.communes(me[0])}
    names.update(
        db.conn.execute("SELECT code, name FROM unit WHERE level = 'commune' AND is_self = 0")
    )
    for (code,) in db.conn.execute("SELECT DISTINCT unit_code FROM campaign"):
        if code != me[0] and code not in names:
            names[code] = code
    bare = [(code, name) for code, name in names.items()]

    def key(item: tuple[str, str]) -> tuple:
        name = item[1]
        for word in ("xã ", "phường ", "đặc khu "):
            if name.lower().startswith(word):
                name = name[len(word) :]
        return (text_sort_key(name), item[0])

    return sorted(bare, key=key)


def _catalogue(db: sqlite_utils.Database, table: str, columns: str, scope: Scope) -> list:
    """The campaign's catalogue (event types or indicators) by code, in the plan's order."""
    unit_sql, unit_params = scope.unit_filter("x.unit_code")
    sql = f"""
    SELECT x.code, {columns} FROM {table} x
    JOIN campaign c ON c.uid = x.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
    WHERE x.deleted_at IS NULL{unit_sql}
    GROUP BY x.code ORDER BY MIN(x.sort_order), x.code"""
    return _query(db, sql, [scope.campaign_code, *unit_params]).fetchall()


def _months(start: str, end: str) -> list[str]:
    year, month = int(start[:4]), int(start[5:7])
    result = []
    while f"{year:04d}-{month:02d}" <= end[:7]:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def compute(db: sqlite_utils.Database, scope: Scope, chart_from: str | None = None) -> Statistics:
    """Every figure of the results report, per unit and in total.

    `chart_from` starts the participants-per-month series earlier than the period (a monthly
    report still shows the months before it). A new figure is a field of `UnitFigures` filled
    by one of the `_add_…` steps below (or a new one) from its own rule.
    """
    by_unit: dict[str, UnitFigures] = defaultdict(UnitFigures)
    type_held = _add_events(db, scope, by_unit)
    _add_festivals(db, scope, by_unit)
    per_indicator, commendation_sums = _add_outcomes(db, scope, by_unit)
    totals = UnitFigures()
    for unit in by_unit.values():
        totals.add(unit)
    indicators = _catalogue(
        db,
        "indicator",
        "MIN(x.name) AS name, MIN(x.category) AS category, MIN(x.unit_label) AS unit_label, "
        "MAX(x.has_value) AS has_value",
        scope,
    )
    return Statistics(
        scope=scope,
        totals=totals,
        by_unit=dict(by_unit),
        event_types=_type_lines(db, scope, type_held),
        indicators=[
            IndicatorLine(
                r["code"],
                r["name"],
                r["category"],
                r["unit_label"],
                bool(r["has_value"]),
                *per_indicator.get(r["code"], (0, 0)),
            )
            for r in indicators
        ],
        commendations=_commendation_lines(indicators, commendation_sums),
        per_month=_participants_per_month(db, scope, chart_from),
    )


def _add_events(
    db: sqlite_utils.Database, scope: Scope, by_unit: dict[str, UnitFigures]
) -> dict[str, list[int]]:
    """Held events, their participants and groups, per unit; (held, participants) per type."""
    type_held: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in _event_rows(db, scope):
        unit = by_unit[row["unit_code"]]
        unit.activity += row["recorded"]
        unit.events_held += row["held"] or 0
        unit.participants += row["participants"] or 0
        for group in GROUPS:
            setattr(unit, group, getattr(unit, group) + (row[group] or 0))
        type_held[row["code"]][0] += row["held"] or 0
        type_held[row["code"]][1] += row["participants"] or 0
    return type_held


def _add_festivals(db: sqlite_utils.Database, scope: Scope, by_unit: dict[str, UnitFigures]):
    """Festivals, once per organising unit and level (`_festival_rows` says how)."""
    for unit_code, festival_kind, count in _festival_rows(db, scope):
        unit = by_unit[unit_code]
        setattr(unit, festival_kind, getattr(unit, festival_kind) + count)


def _add_outcomes(
    db: sqlite_utils.Database, scope: Scope, by_unit: dict[str, UnitFigures]
) -> tuple[dict[str, list], dict[tuple[str, str, str], list]]:
    """Quantities and values per unit (QUANTITIES, VALUES); per indicator; per commendation."""
    sums: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    per_indicator: dict[str, list] = defaultdict(lambda: [0, 0])
    commendation_sums: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, 0])
    for row in _outcome_rows(db, scope):
        by_unit[row["unit_code"]].activity += row["entries"]
        quantity, value = row["quantity"] or 0, int(row["value_vnd"] or 0)
        for key in (f"code:{row['code']}", f"cat:{row['category']}"):
            sums[row["unit_code"]][key][0] += quantity
            sums[row["unit_code"]][key][1] += value
        per_indicator[row["code"]][0] += quantity
        per_indicator[row["code"]][1] += value
        if row["category"] == "commendation":
            award = (row["code"], row["issuer_level"], row["recipient_kind"])
            commendation_sums[award][0] += quantity
            commendation_sums[award][1] += value
    for unit_code, unit_sums in sums.items():
        unit = by_unit[unit_code]
        for name, key in QUANTITIES.items():
            if key in unit_sums:
                setattr(unit, name, getattr(unit, name) + unit_sums[key][0])
        for name, key in VALUES.items():
            if key in unit_sums:
                setattr(unit, name, getattr(unit, name) + int(unit_sums[key][1]))
    return per_indicator, commendation_sums


def _type_lines(
    db: sqlite_utils.Database, scope: Scope, type_held: dict[str, list[int]]
) -> list[TypeLine]:
    types = _catalogue(db, "event_type", "MIN(x.name) AS name", scope)
    return [TypeLine(r["code"], r["name"], *type_held.get(r["code"], (0, 0))) for r in types]


def _commendation_lines(
    indicators: list, commendation_sums: dict[tuple[str, str, str], list]
) -> list[CommendationLine]:
    """By the plan's order of indicators, then level (highest first), then recipient kind."""
    names = {row["code"]: row["name"] for row in indicators}
    order = {row["code"]: index for index, row in enumerate(indicators)}
    return [
        CommendationLine(names.get(code, code), level, kind, quantity, value)
        for (code, level, kind), (quantity, value) in sorted(
            commendation_sums.items(),
            key=lambda item: (order.get(item[0][0], 99), _level_rank(item[0][1]), item[0][2]),
        )
    ]


def _participants_per_month(
    db: sqlite_utils.Database, scope: Scope, chart_from: str | None
) -> list[tuple[str, int]]:
    chart_scope = Scope(
        scope.campaign_code,
        min(chart_from or scope.start, scope.start),
        scope.end,
        scope.unit_codes,
    )
    months = _per_month(db, chart_scope)
    return [(month, months.get(month, 0)) for month in _months(chart_scope.start, scope.end)]


def _level_rank(level: str) -> int:
    ranks = list(ISSUER_LEVELS)
    return ranks.index(level) if level in ranks else len(ranks)


def level_name(level: str) -> str:
    return _(ISSUER_LEVELS[level]) if level in ISSUER_LEVELS else _("Chưa ghi cấp")


def kind_name(kind: str) -> str:
    return _(RECIPIENT_KINDS[kind]) if kind in RECIPIENT_KINDS else _("Chưa ghi")


@dataclass(frozen=True)
class StatLine:
    """One line of the statistics table, as the PDF prints it and the xlsx exports it."""

    section: str
    label: str
    unit_label: str
    quantity: float | int
    value_vnd: int | None


def lines(stats: Statistics) -> list[StatLine]:
    """The statistics table of the results report, section by section."""
    totals = stats.totals
    festivals = _("Ngày hội")
    people = _("Người tham gia")
    result = [
        StatLine(
            festivals, _("Ngày hội tổ chức ở cấp xã"), _("ngày hội"), totals.festivals_commune, None
        ),
        StatLine(
            festivals,
            _("Ngày hội tổ chức ở ấp, khu phố"),
            _("ngày hội"),
            totals.festivals_hamlet,
            None,
        ),
        StatLine(
            festivals,
            _("Ngày hội ở cơ quan, doanh nghiệp"),
            _("ngày hội"),
            totals.festivals_agency,
            None,
        ),
        StatLine(
            festivals, _("Ngày hội ở nhà trường"), _("ngày hội"), totals.festivals_school, None
        ),
        StatLine(festivals, _("Hoạt động đã tổ chức"), _("hoạt động"), totals.events_held, None),
        StatLine(people, _("Tổng lượt người tham gia"), _("lượt người"), totals.participants, None),
    ]
    for group, label in GROUPS.items():
        result.append(
            StatLine(
                people,
                _("Trong đó: {group}").format(group=_(label)),
                _("lượt người"),
                getattr(totals, group),
                None,
            )
        )
    events = _("Hoạt động theo loại")
    result += [
        StatLine(events, line.name, _("hoạt động"), line.held, None) for line in stats.event_types
    ]
    outcomes = _("Kết quả theo chỉ tiêu")
    result += [
        StatLine(
            outcomes,
            line.name,
            line.unit_label,
            line.quantity,
            line.value_vnd if line.has_value else None,
        )
        for line in stats.indicators
    ]
    return result
