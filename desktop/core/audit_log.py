"""Reading the audit trail: the filtered list, one entry's changes, a record's own history.

`desktop.core.audit` writes the trail; this module answers the questions an administrator asks
of it (who changed what, when, with the values before and after) and exports it to Excel.
Entries are append-only and their `at` is UTC, so dates chosen on screen (local days) are turned
into UTC bounds, and the subject is searched without diacritics through a function registered on
the connection rather than a stored search column (a column would need an UPDATE the triggers
refuse). The list needs `Permission.VIEW_AUDIT`; a record's own history is shown to whoever can
see the record, with sensitive values (the national ID) masked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import audit, catalogues, events, formats, people, session, spreadsheet
from desktop.core.i18n import N_, _
from desktop.core.listing import Where, order_by
from desktop.core.session import Permission
from desktop.core.text import search_key

if TYPE_CHECKING:
    import sqlite_utils

SEARCH_FUNCTION = "antq_search_key"
MASK = "•••"

TABLE_LABELS = {
    "event": N_("Sự kiện"),
    "person": N_("Người tham gia"),
    "attendance": N_("Người tham gia sự kiện"),
    "outcome": N_("Kết quả"),
    "campaign": N_("Kế hoạch"),
    "event_type": N_("Loại sự kiện"),
    "indicator": N_("Chỉ tiêu"),
    "hamlet": N_("Ấp, khu phố"),
    "organisation": N_("Cơ quan, đoàn thể"),
    "unit": N_("Đơn vị"),
}

FIELD_LABELS = {
    "title": N_("Tên"),
    "name": N_("Tên"),
    "full_name": N_("Họ và tên"),
    "start_date": N_("Ngày bắt đầu"),
    "end_date": N_("Ngày kết thúc"),
    "event_type_uid": N_("Loại sự kiện"),
    "campaign_uid": N_("Kế hoạch"),
    "level": N_("Cấp tổ chức"),
    "hamlet_uid": N_("Ấp, khu phố"),
    "place": N_("Địa điểm"),
    "organiser_uid": N_("Đơn vị chủ trì"),
    "status": N_("Trạng thái"),
    "count_total": N_("Tổng số người"),
    **events.GROUP_COUNTS,
    "notes": N_("Ghi chú"),
    "gender": N_("Giới tính"),
    "birth_year": N_("Năm sinh"),
    "ethnicity_code": N_("Dân tộc"),
    "religion_code": N_("Tôn giáo"),
    "address": N_("Địa chỉ"),
    "phone": N_("Điện thoại"),
    "organisation": N_("Cơ quan, tổ chức"),
    "position": N_("Chức vụ, vai trò"),
    "national_id": N_("Số định danh cá nhân"),
    "event_uid": N_("Sự kiện"),
    "person_uid": N_("Người"),
    "role": N_("Vai trò"),
    "indicator_uid": N_("Chỉ tiêu"),
    "quantity": N_("Số lượng"),
    "value_vnd": N_("Giá trị (đồng)"),
    "recipient": N_("Người, tập thể nhận"),
    "recipient_person_uid": N_("Người nhận trong danh sách"),
    "decision_ref": N_("Số quyết định"),
    "recipient_kind": N_("Loại người nhận"),
    "issuer_level": N_("Cấp khen thưởng"),
    "code": N_("Mã"),
    "legal_basis": N_("Căn cứ"),
    "issuing_body": N_("Cơ quan ban hành"),
    "report_deadline": N_("Hạn báo cáo"),
    "festival_day": N_("Ngày hội"),
    "report_deadline_day": N_("Ngày hạn báo cáo hằng tháng"),
    "grp": N_("Nhóm"),
    "sort_order": N_("Thứ tự"),
    "category": N_("Nhóm chỉ tiêu"),
    "unit_label": N_("Đơn vị tính"),
    "has_value": N_("Có giá trị tiền"),
    "note": N_("Ghi chú"),
    "kind": N_("Loại"),
    "short_name": N_("Tên viết tắt"),
    "plan_number": N_("Số kế hoạch của tỉnh"),
    "plan_date": N_("Ngày kế hoạch của tỉnh"),
    "plan_issuer": N_("Cơ quan ban hành kế hoạch của tỉnh"),
    "outcome_date": N_("Ngày"),
    "deleted_at": N_("Đã xóa"),
    # what entries note beside their records (`detail`)
    "display_name": N_("Họ tên"),
    "active": N_("Được đăng nhập"),
    "rows": N_("Số dòng"),
    "file": N_("Tệp"),
    "reason": N_("Lý do"),
    "known": N_("Tên đăng nhập có thật"),
    "people": N_("Số người"),
    "events": N_("Số sự kiện"),
    "named": N_("Số lượt ghi tên"),
    "report_settings": N_("Thông tin trình bày báo cáo"),
    "value": N_("Giá trị"),
}

# Bookkeeping columns every synced row has: they change on every edit and say nothing to a user.
HIDDEN_FIELDS = frozenset(
    {"id", "uid", "unit_code", "rev", "created_at", "updated_at", "search_key", "sort_key"}
)
SENSITIVE_FIELDS = frozenset({"national_id"})
DATE_FIELDS = frozenset({"start_date", "end_date", "outcome_date", "report_deadline"})
# A reference to another record, shown by that record's name: (table, column holding the name).
REFERENCES = {
    "event_type_uid": ("event_type", "name"),
    "hamlet_uid": ("hamlet", "name"),
    "organiser_uid": ("organisation", "name"),
    "campaign_uid": ("campaign", "title"),
    "indicator_uid": ("indicator", "name"),
    "event_uid": ("event", "title"),
    "person_uid": ("person", "full_name"),
    "recipient_person_uid": ("person", "full_name"),
}
# Rows that belong to an event or a person, and the references that name what they link.
OWNED_LINKS = {
    "attendance": ("event_uid", "person_uid"),
    "outcome": ("event_uid", "indicator_uid"),
}

_SORTS = {"at": "a.id", "actor": "a.actor", "kind": "a.kind", "subject": "a.subject"}


@dataclass(frozen=True)
class AuditFilter:
    """What the Audit page filters by; dates are local calendar days (yyyy-mm-dd), inclusive."""

    actor: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str = ""


@dataclass(frozen=True)
class _EntryHead:
    """When, who and what of an entry, as the list and a record's history both show them."""

    id: int
    at: str
    actor: str
    actor_name: str
    kind: str

    @property
    def uid(self) -> str:
        """The entry's id as text: list models select rows by a `uid`."""
        return str(self.id)

    @property
    def time_text(self) -> str:
        return formats.date_time(self.at)

    @property
    def kind_text(self) -> str:
        return audit.kind_label(self.kind)

    @property
    def actor_text(self) -> str:
        return actor_label(self.actor, self.actor_name, self.kind)


@dataclass(frozen=True)
class AuditRow(_EntryHead):
    subject: str
    change_count: int


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: its label and the values before and after, as shown."""

    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    table: str
    table_label: str
    uid: str
    op: str
    op_label: str
    name: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class EntryDetail:
    """An entry, what it noted beside the records (`notes`) and the records it changed."""

    row: AuditRow
    notes: list[FieldChange]
    changes: list[RecordChange]


@dataclass(frozen=True)
class HistoryRow(_EntryHead):
    """One entry of a record's history: when, who, what, and a line saying what changed."""

    summary: str


# --- formatting ---------------------------------------------------------------------------------


def actor_label(username: str, display_name: str = "", kind: str | None = None) -> str:
    """'Lê Thị Mai (mai)'; an entry with nobody signed in says why there was nobody.

    That is a failed sign-in, or (any other kind) the office being set up before its first
    account existed; with no kind at hand (the filter's choice) both are named.
    """
    if not username:
        if kind in audit.AUTOMATIC_KINDS:
            return _("(chương trình, tự động)")
        if kind is None:
            return _("(khi thiết lập hoặc chưa đăng nhập)")
        if kind.startswith("login"):
            return _("(chưa đăng nhập)")
        return _("(khi thiết lập, chưa có tài khoản)")
    return f"{display_name} ({username})" if display_name else username


def local_day_start_utc(day: str) -> str:
    """The UTC ISO time at which the local calendar day `day` (yyyy-mm-dd) begins."""
    start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.min).astimezone()
    return start.astimezone(dt.UTC).isoformat(timespec="seconds")


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


# --- the list -----------------------------------------------------------------------------------


def _register_search(db: sqlite_utils.Database) -> None:
    db.conn.create_function(SEARCH_FUNCTION, 1, search_key, deterministic=True)


def _where(db: sqlite_utils.Database, chosen: AuditFilter) -> Where:
    where = Where()
    if chosen.actor is not None:
        where.add("a.actor = ?", chosen.actor)
    if chosen.kind:
        where.add("a.kind = ?", chosen.kind)
    if chosen.date_from:
        where.add("a.at >= ?", local_day_start_utc(chosen.date_from))
    if chosen.date_to:
        where.add("a.at < ?", local_day_start_utc(_next_day(chosen.date_to)))
    if chosen.text.strip():
        _register_search(db)
        where.add_search(f"{SEARCH_FUNCTION}(a.subject)", chosen.text)
    return where


def count_entries(db: sqlite_utils.Database, chosen: AuditFilter) -> int:
    session.require(db, Permission.VIEW_AUDIT)
    where = _where(db, chosen)
    sql = f"SELECT COUNT(*) FROM audit a WHERE {where.sql()}"
    return db.conn.execute(sql, where.params).fetchone()[0]


_ROW_SQL = (
    "SELECT a.id, a.at, a.actor, COALESCE(acc.display_name, '') AS actor_name, a.kind, "
    "a.subject, (SELECT COUNT(*) FROM audit_change c WHERE c.entry_id = a.id) AS change_count "
    "FROM audit a LEFT JOIN account acc ON acc.username = a.actor"
)


def list_entries(
    db: sqlite_utils.Database,
    chosen: AuditFilter,
    *,
    sort: str = "at",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[AuditRow]:
    """A page of entries, newest first unless another order is asked for."""
    session.require(db, Permission.VIEW_AUDIT)
    where = _where(db, chosen)
    sql = (
        f"{_ROW_SQL} WHERE {where.sql()} "
        f"ORDER BY {order_by(_SORTS, sort, descending, 'a.id')} LIMIT ? OFFSET ?"
    )
    rows = db.conn.execute(sql, [*where.params, limit, offset])
    return [AuditRow(**dict(row)) for row in rows]


def actors(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(username, label) of everyone who has an entry, for the filter's choices."""
    session.require(db, Permission.VIEW_AUDIT)
    rows = db.conn.execute(
        "SELECT DISTINCT a.actor, COALESCE(acc.display_name, '') FROM audit a "
        "LEFT JOIN account acc ON acc.username = a.actor ORDER BY a.actor"
    )
    return [(row[0], actor_label(row[0], row[1])) for row in rows]


def kinds(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(kind, label) of every kind of action in the trail, by label."""
    session.require(db, Permission.VIEW_AUDIT)
    found = [row[0] for row in db.conn.execute("SELECT DISTINCT kind FROM audit")]
    return sorted(((kind, audit.kind_label(kind)) for kind in found), key=lambda item: item[1])


# --- one entry ----------------------------------------------------------------------------------


def entry_detail(db: sqlite_utils.Database, entry_id: int) -> EntryDetail:
    """An entry with every record it changed, field by field."""
    session.require(db, Permission.VIEW_AUDIT)
    row = db.conn.execute(f"{_ROW_SQL} WHERE a.id = ?", [entry_id]).fetchone()
    if row is None:
        raise LookupError(f"no audit entry {entry_id}")
    detail = json.loads(
        db.conn.execute("SELECT detail FROM audit WHERE id = ?", [entry_id]).fetchone()[0] or "{}"
    )
    names = _Names(db)
    notes = _notes(names, detail)
    changes = [
        _record_change(names, change)
        for change in db.conn.execute(
            "SELECT table_name, uid, op, before, after FROM audit_change WHERE entry_id = ? "
            "ORDER BY position",
            [entry_id],
        )
    ]
    return EntryDetail(AuditRow(**dict(row)), notes, changes)


def _notes(names: _Names, detail: dict[str, Any]) -> list[FieldChange]:
    """An entry's detail as rows: a before/after pair field by field, anything else as it is."""
    before, after = detail.get("before"), detail.get("after")
    rest = {key: value for key, value in detail.items() if key not in ("before", "after")}
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        notes = list(_field_changes(names, "edit", before, after))
    elif "before" in detail or "after" in detail:
        notes = [
            FieldChange("value", field_label("value"), _plain(before), _plain(after)),
        ]
    else:
        notes = []
    for key, value in rest.items():
        notes.append(FieldChange(key, field_label(key), "", _plain(value)))
    return notes


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {_plain(v)}" for k, v in value.items() if v)
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    return "" if value is None else str(value)


def _record_change(names: _Names, change) -> RecordChange:
    before = json.loads(change["before"]) if change["before"] else {}
    after = json.loads(change["after"]) if change["after"] else {}
    table = change["table_name"]
    return RecordChange(
        table=table,
        table_label=_(TABLE_LABELS[table]) if table in TABLE_LABELS else table,
        uid=change["uid"],
        op=change["op"],
        op_label=_(audit.OP_LABELS[change["op"]]),
        name=names.record(table, change["uid"]),
        fields=list(_field_changes(names, change["op"], before, after)),
    )


def _field_changes(
    names: _Names, op: str, before: dict[str, Any], after: dict[str, Any]
) -> Iterator[FieldChange]:
    keys = list(after) if op != "delete" else list(before)
    keys += [key for key in before if key not in keys]
    for key in sorted(keys, key=_field_order):
        if key in HIDDEN_FIELDS or (op != "edit" and _blank(after.get(key, before.get(key)))):
            continue
        yield FieldChange(
            key,
            field_label(key),
            names.value(key, before.get(key)) if op != "create" else "",
            names.value(key, after.get(key)) if op != "delete" else "",
        )


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == 0


def _field_order(key: str) -> tuple[int, str]:
    order = list(FIELD_LABELS)
    return (order.index(key), key) if key in order else (len(order), key)


def field_label(key: str) -> str:
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key


# Fields that hold a code of a national reference list, and the list's table.
CODE_REFERENCES = {"ethnicity_code": "ethnicity", "religion_code": "religion"}


class _Names:
    """Turns stored values into what a user reads, looking referenced records up once each."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._cache: dict[tuple[str, str], str] = {}
        self._codes: dict[str, dict[str, str]] = {}

    def record(self, table: str, uid: str) -> str:
        column = next((col for tbl, col in REFERENCES.values() if tbl == table), None)
        if column is None:
            return ""
        key = (table, uid)
        if key not in self._cache:
            found = self.db.conn.execute(
                f"SELECT {column} FROM {table} WHERE uid = ?", [uid]
            ).fetchone()
            self._cache[key] = found[0] if found else ""
        return self._cache[key]

    def related(self, table: str, uid: str, owner: str) -> list[str]:
        """Names of what an owned row links besides its owner (the person added, the event)."""
        links = OWNED_LINKS.get(table, ())
        if not links:
            return []
        found = self.db.conn.execute(
            f"SELECT {', '.join(links)} FROM {table} WHERE uid = ?", [uid]
        ).fetchone()
        if found is None:
            return []
        return [self.value(key, found[key]) for key in links if found[key] not in (None, owner)]

    def reference(self, table: str, code: str) -> str:
        """The name of one ethnicity or religion by its code (never the whole list), or the
        code itself when no entry has it."""
        key = (table, code)
        if key not in self._cache:
            found = self.db.conn.execute(
                f"SELECT name FROM {table} WHERE code = ?", [code]
            ).fetchone()
            self._cache[key] = found[0] if found else code
        return self._cache[key]

    def _code_names(self, key: str) -> dict[str, str]:
        if key not in self._codes:
            lists = {
                "status": lambda: {c: _(n) for c, n in events.STATUSES.items()},
                "level": lambda: {c: _(n) for c, n in events.LEVELS.items()},
                "gender": lambda: {c: _(n) for c, n in people.GENDERS.items()},
                "role": lambda: dict(catalogues.choices("attendance_roles")),
            }
            self._codes[key] = lists[key]() if key in lists else {}
        return self._codes[key]

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if key in SENSITIVE_FIELDS:
            return MASK
        if key in REFERENCES:
            return self.record(REFERENCES[key][0], str(value)) or str(value)
        if key == "deleted_at":
            return formats.date_time(str(value))
        if key in DATE_FIELDS:
            return formats.date(str(value))
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, int | float) and key != "birth_year":
            return formats.quantity(value)
        if key in CODE_REFERENCES:
            return self.reference(CODE_REFERENCES[key], str(value))
        names = self._code_names(key)
        return names.get(str(value), str(value))


# --- a record's history -------------------------------------------------------------------------


# Every lookup by index (attendance_event, attendance_person, outcome_event, audit_change_uid):
# the history of one record must not read the whole attendance table.
HISTORY_SQL = (
    "SELECT a.id, a.at, a.actor, COALESCE(acc.display_name, '') AS actor_name, a.kind, "
    "c.table_name, c.uid, c.op, c.before, c.after "
    "FROM audit_change c JOIN audit a ON a.id = c.entry_id "
    "LEFT JOIN account acc ON acc.username = a.actor "
    "WHERE c.uid = :uid OR c.uid IN ("
    "SELECT uid FROM attendance WHERE event_uid = :uid "
    "UNION ALL SELECT uid FROM attendance WHERE person_uid = :uid "
    "UNION ALL SELECT uid FROM outcome WHERE event_uid = :uid) "
    "ORDER BY a.id DESC, c.position"
)


def history(db: sqlite_utils.Database, uid: str) -> list[HistoryRow]:
    """Every entry that touched the record `uid`, or a row belonging to it, newest first.

    An event's history includes who was added to it and its outcomes; a person's, the events
    they were added to. Not permission-checked: whoever sees the record may see its history.
    """
    names = _Names(db)
    rows: list[HistoryRow] = []
    for row in db.conn.execute(HISTORY_SQL, {"uid": uid}):
        line = _summary(names, row, uid)
        if rows and rows[-1].id == row["id"]:  # one entry changed several of the record's rows
            last = rows[-1]
            rows[-1] = HistoryRow(**{**last.__dict__, "summary": f"{last.summary}; {line}"})
            continue
        rows.append(
            HistoryRow(row["id"], row["at"], row["actor"], row["actor_name"], row["kind"], line)
        )
    return rows


def _summary(names: _Names, row, uid: str) -> str:
    """What an entry did to the record: the fields edited, or the related row added/removed."""
    before = json.loads(row["before"]) if row["before"] else {}
    after = json.loads(row["after"]) if row["after"] else {}
    edits = "; ".join(
        _("{field}: {before} → {after}").format(
            field=change.label, before=change.before or "—", after=change.after or "—"
        )
        for change in _field_changes(names, "edit", before, after)
    )
    op = _(audit.OP_LABELS[row["op"]])
    if row["uid"] == uid:  # the kind already says "added" or "deleted"
        return (edits or op) if row["op"] == "edit" else ""
    table = _(TABLE_LABELS.get(row["table_name"], row["table_name"])).lower()
    others = [name for name in names.related(row["table_name"], row["uid"], uid) if name]
    what = f"{op.capitalize()} {table}"
    what = f"{what}: {', '.join(others)}" if others else what
    return f"{what} ({edits})" if row["op"] == "edit" and edits else what


# --- export -------------------------------------------------------------------------------------


def export_xlsx(db: sqlite_utils.Database, chosen: AuditFilter, path: Path) -> int:
    """Write the filtered trail (newest first) to an xlsx; the export is itself audited."""
    session.require(db, Permission.VIEW_AUDIT)
    columns = [
        (_("Số"), "int"),
        (_("Thời gian"), "text"),
        (_("Người thực hiện"), "text"),
        (_("Thao tác"), "text"),
        (_("Đối tượng"), "text"),
        (_("Số bản ghi thay đổi"), "int"),
    ]
    total = count_entries(db, chosen)
    rows = (
        [row.id, row.time_text, row.actor_text, row.kind_text, row.subject, row.change_count]
        for offset in range(0, total, 1000)
        for row in list_entries(db, chosen, offset=offset, limit=1000)
    )
    title = _("Nhật ký thay đổi")
    count = spreadsheet.write_table(path, title, columns, rows)
    audit.log(db, "excel.export", title, rows=count)
    return count
