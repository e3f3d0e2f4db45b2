"""The events register: create, edit, cancel and delete events, and list them in pages.

An event belongs to a campaign and has a type from its catalogue, a period (end ≥ start), a level
(commune, hamlet, agency, school), a status (planned, held, cancelled) and head-counts by group.
Named participants are kept in `attendance` (see `attendance.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from desktop.core import audit, formats, records
from desktop.core.campaigns import SAME_CAMPAIGN, SAME_TYPE, campaign_date_problem, is_iso_date
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.listing import Where, order_by
from desktop.core.session import Permission
from desktop.core.text import (
    clean,
    control_character_error,
    has_control_characters,
    register_sorting,
    search_key,
    sort_expression,
)

if TYPE_CHECKING:
    import sqlite_utils

STATUSES = {"planned": N_("Kế hoạch"), "held": N_("Đã tổ chức"), "cancelled": N_("Đã hủy")}
LEVELS = {
    "xa": N_("Cấp xã"),
    "ap": N_("Cấp ấp, khu phố"),
    "co_quan": N_("Cơ quan, doanh nghiệp"),
    "truong_hoc": N_("Nhà trường"),
}
GROUP_COUNTS = {
    "count_women": N_("Phụ nữ"),
    "count_youth": N_("Thanh niên"),
    "count_ethnic": N_("Đồng bào dân tộc thiểu số"),
    "count_religious": N_("Chức sắc, tín đồ tôn giáo"),
    "count_students": N_("Học sinh, sinh viên"),
}
MAX_COUNT = 1_000_000


@dataclass
class EventInput:
    """What the event form edits."""

    campaign_uid: str
    event_type_uid: str
    title: str
    start_date: str
    end_date: str = ""
    level: str = "xa"
    hamlet_uid: str | None = None
    place: str = ""
    organiser_uid: str | None = None
    status: str = "planned"
    count_total: int = 0
    count_women: int = 0
    count_youth: int = 0
    count_ethnic: int = 0
    count_religious: int = 0
    count_students: int = 0
    notes: str = ""


def _parse_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if is_iso_date(value) else None


def _check_counts(data: EventInput, errors: dict[str, str]) -> None:
    total = data.count_total
    if not isinstance(total, int) or not 0 <= total <= MAX_COUNT:
        errors["count_total"] = _("Tổng số người phải là số nguyên từ 0 trở lên.")
        return
    for column, label in GROUP_COUNTS.items():
        value = getattr(data, column)
        if not isinstance(value, int) or value < 0:
            errors[column] = _("Số {group} phải là số nguyên từ 0 trở lên.").format(
                group=_(label).lower()
            )
        elif value > total:
            errors[column] = _("Số {group} ({count}) không được lớn hơn tổng số ({total}).").format(
                group=_(label).lower(), count=value, total=total
            )


def validate(db: sqlite_utils.Database, data: EventInput) -> EventInput:
    """Return the cleaned input or raise ValidationError with a message per bad field."""
    data = EventInput(**asdict(data))
    errors: dict[str, str] = {
        name: control_character_error()
        for name in ("title", "place", "notes")
        if has_control_characters(getattr(data, name))
    }
    data.title, data.place, data.notes = clean(data.title), clean(data.place), clean(data.notes)
    data.end_date = data.end_date or data.start_date
    if "title" in errors:
        pass
    elif not data.title:
        errors["title"] = _("Hãy nhập tên sự kiện.")
    elif len(data.title) > 300:
        errors["title"] = _("Tên sự kiện quá dài (tối đa 300 ký tự).")
    type_ok = db.conn.execute(
        "SELECT 1 FROM event_type WHERE uid = ? AND campaign_uid = ? AND deleted_at IS NULL",
        [data.event_type_uid, data.campaign_uid],
    ).fetchone()
    if not type_ok:
        errors["event_type_uid"] = _("Hãy chọn loại sự kiện của kế hoạch.")
    start, end = _parse_date(data.start_date), _parse_date(data.end_date)
    if start is None:
        errors["start_date"] = _("Ngày bắt đầu không hợp lệ.")
    elif problem := campaign_date_problem(db, data.campaign_uid, data.start_date):
        errors["start_date"] = problem
    if end is None:
        errors["end_date"] = _("Ngày kết thúc không hợp lệ.")
    elif start is not None and end < start:
        errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if data.status not in STATUSES:
        errors["status"] = _("Trạng thái không hợp lệ.")
    if data.level not in LEVELS:
        errors["level"] = _("Cấp tổ chức không hợp lệ.")
    if data.level == "ap" and not data.hamlet_uid:
        errors["hamlet_uid"] = _("Sự kiện cấp ấp, khu phố cần chọn ấp, khu phố.")
    _check_counts(data, errors)
    if errors:
        raise ValidationError(errors)
    return data


def _values(data: EventInput) -> dict[str, Any]:
    values = asdict(data)
    values["search_key"] = search_key(f"{data.title} {data.place}")
    return values


def create_event(db: sqlite_utils.Database, data: EventInput) -> str:
    data = validate(db, data)
    with audit.action(db, Permission.EDIT_RECORDS, "event.create", data.title):
        return records.insert(db, "event", _values(data))


def update_event(db: sqlite_utils.Database, uid: str, data: EventInput) -> None:
    data = validate(db, data)
    with audit.action(db, Permission.EDIT_RECORDS, "event.edit", data.title):
        records.update(db, "event", uid, _values(data))


def cancel_event(db: sqlite_utils.Database, uid: str) -> None:
    with audit.action(db, Permission.EDIT_RECORDS, "event.cancel", _title(db, uid)):
        records.update(db, "event", uid, {"status": "cancelled"})


def delete_event(db: sqlite_utils.Database, uid: str) -> None:
    """Tombstone the event with its attendance and outcomes, in one transaction."""
    with audit.action(db, Permission.EDIT_RECORDS, "event.delete", _title(db, uid)):
        records.tombstone(db, "event", uid)
        records.tombstone_where(db, "attendance", "event_uid = ?", [uid])
        records.tombstone_where(db, "outcome", "event_uid = ?", [uid])


def _title(db: sqlite_utils.Database, uid: str) -> str:
    return records.fetch(db, "event", uid)["title"]


def get_event(db: sqlite_utils.Database, uid: str) -> EventInput:
    row = records.fetch(db, "event", uid)
    return EventInput(**{name: row[name] for name in EventInput.__dataclass_fields__})


@dataclass
class EventFilter:
    campaign_uid: str | None = None
    event_type_uid: str | None = None
    status: str | None = None
    hamlet_uid: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str = ""
    unit_code: str | None = None  # at the province: one commune's events

    def where(self) -> Where:
        """The campaign and the type match every copy (a province lists all communes')."""
        where = Where(["e.deleted_at IS NULL"])
        for column, value in (
            (f"e.campaign_uid {SAME_CAMPAIGN}", self.campaign_uid),
            (f"e.event_type_uid {SAME_TYPE}", self.event_type_uid),
            ("e.status = ?", self.status),
            ("e.hamlet_uid = ?", self.hamlet_uid),
            ("e.unit_code = ?", self.unit_code),
        ):
            if value:
                where.add(column, value)
        if self.date_from:
            where.add("e.end_date >= ?", self.date_from)
        if self.date_to:
            where.add("e.start_date <= ?", self.date_to)
        where.add_search("e.search_key", self.text)
        return where


@dataclass(frozen=True)
class EventRow:
    uid: str
    start_date: str
    end_date: str
    title: str
    type_name: str
    level: str
    hamlet_name: str
    place: str
    status: str
    count_total: int
    named_count: int
    outcome_count: int


EVENT_SORTS = {
    "start_date": "e.start_date",
    "title": sort_expression("e.title"),
    "type_name": "t.sort_order",
    "hamlet_name": sort_expression("h.name"),
    "status": "e.status",
    "count_total": "e.count_total",
}

_EVENT_FROM = """
FROM event e
JOIN event_type t ON t.uid = e.event_type_uid
LEFT JOIN hamlet h ON h.uid = e.hamlet_uid
"""


def count_events(db: sqlite_utils.Database, flt: EventFilter) -> int:
    where = flt.where()
    sql = f"SELECT COUNT(*) FROM event e WHERE {where.sql()}"
    return db.conn.execute(sql, where.params).fetchone()[0]


def list_events(
    db: sqlite_utils.Database,
    flt: EventFilter,
    *,
    sort: str = "start_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[EventRow]:
    """One page of events; counts of named participants and outcomes come per row."""
    where = flt.where()
    register_sorting(db.conn)
    sql = f"""
    SELECT e.uid, e.start_date, e.end_date, e.title, t.name AS type_name, e.level,
           COALESCE(h.name, '') AS hamlet_name, e.place, e.status, e.count_total,
           (SELECT COUNT(*) FROM attendance a
             WHERE a.event_uid = e.uid AND a.deleted_at IS NULL) AS named_count,
           (SELECT COUNT(*) FROM outcome o
             WHERE o.event_uid = e.uid AND o.deleted_at IS NULL) AS outcome_count
    {_EVENT_FROM}
    WHERE {where.sql()}
    ORDER BY {order_by(EVENT_SORTS, sort, descending, "e.id")}
    LIMIT ? OFFSET ?"""
    rows = db.conn.execute(sql, [*where.params, limit, offset])
    return [EventRow(**dict(row)) for row in rows]


def events_for_choice(db: sqlite_utils.Database, campaign_uid: str) -> list[tuple[str, str]]:
    """(uid, "dd/mm/yyyy – title") of the campaign's live events, newest first, for pickers."""
    rows = db.conn.execute(
        f"SELECT uid, start_date, title FROM event WHERE campaign_uid {SAME_CAMPAIGN} "
        "AND deleted_at IS NULL "
        "ORDER BY start_date DESC, id DESC",
        [campaign_uid],
    )
    return [(r["uid"], f"{formats.date(r['start_date'])} – {r['title']}") for r in rows]


def types_by_use(db: sqlite_utils.Database, campaign_uid: str, items: list) -> list:
    """Catalogue `items` of event types with the office's most-used first, the rest in their order.

    The officer recording the week's third meeting finds its kind at the top of the list.
    """
    used = dict(
        db.conn.execute(
            "SELECT event_type_uid, COUNT(*) FROM event "
            "WHERE campaign_uid = ? AND deleted_at IS NULL GROUP BY event_type_uid",
            [campaign_uid],
        ).fetchall()
    )
    order = {item.uid: position for position, item in enumerate(items)}
    return sorted(items, key=lambda item: (-used.get(item.uid, 0), order[item.uid]))


def status_for(start: dt.date | None, today: dt.date | None = None) -> str:
    """The status a new event starts with: held if it began before today, else planned."""
    today = today or dt.date.today()
    return "held" if start is not None and start < today else "planned"
