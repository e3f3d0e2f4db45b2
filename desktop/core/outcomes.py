"""Outcomes: what came of the campaign, counted against its indicator catalogue.

An outcome belongs to the campaign and, usually, to one of its events: so many gift packages
worth so much, a Bằng khen of the province for a collective, households pledging, tips received.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from desktop.core import audit, records
from desktop.core.campaigns import SAME_CAMPAIGN, SAME_INDICATOR, campaign_date_problem
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.listing import Where, order_by
from desktop.core.session import Permission
from desktop.core.text import (
    clean,
    like_pattern,
    register_sorting,
    search_key,
    search_terms,
    sort_expression,
)

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

RECIPIENT_KINDS = {"tap_the": N_("Tập thể"), "ca_nhan": N_("Cá nhân")}
ISSUER_LEVELS = {"trung_uong": N_("Trung ương"), "tinh": N_("Cấp tỉnh"), "xa": N_("Cấp xã")}
MAX_VALUE_VND = 10**13


@dataclass
class OutcomeInput:
    campaign_uid: str
    indicator_uid: str
    quantity: float = 1
    value_vnd: int = 0
    event_uid: str | None = None
    recipient: str = ""
    recipient_kind: str | None = None
    issuer_level: str | None = None
    decision_ref: str = ""
    outcome_date: str | None = None
    notes: str = ""
    recipient_person_uid: str | None = None  # a person of the register, when one received it


def _indicator(db, data: OutcomeInput) -> sqlite3.Row | None:
    return db.conn.execute(
        "SELECT category, has_value FROM indicator WHERE uid = ? AND campaign_uid = ? "
        "AND deleted_at IS NULL",
        [data.indicator_uid, data.campaign_uid],
    ).fetchone()


def validate(db: sqlite_utils.Database, data: OutcomeInput) -> OutcomeInput:
    data = OutcomeInput(**asdict(data))
    data.recipient, data.decision_ref = clean(data.recipient), clean(data.decision_ref)
    data.notes = clean(data.notes)
    errors: dict[str, str] = {}
    indicator = _indicator(db, data)
    if indicator is None:
        errors["indicator_uid"] = _("Hãy chọn chỉ tiêu trong danh mục của kế hoạch.")
    if not isinstance(data.quantity, int | float) or data.quantity < 0:
        errors["quantity"] = _("Số lượng phải từ 0 trở lên.")
    if not isinstance(data.value_vnd, int) or not 0 <= data.value_vnd <= MAX_VALUE_VND:
        errors["value_vnd"] = _("Giá trị (đồng) phải là số nguyên từ 0 trở lên.")
    if data.event_uid:
        same_campaign = db.conn.execute(
            "SELECT 1 FROM event WHERE uid = ? AND campaign_uid = ? AND deleted_at IS NULL",
            [data.event_uid, data.campaign_uid],
        ).fetchone()
        if not same_campaign:
            errors["event_uid"] = _("Sự kiện không thuộc kế hoạch này.")
    if data.recipient_kind is not None and data.recipient_kind not in RECIPIENT_KINDS:
        errors["recipient_kind"] = _("Đối tượng nhận không hợp lệ.")
    if data.issuer_level is not None and data.issuer_level not in ISSUER_LEVELS:
        errors["issuer_level"] = _("Cấp khen thưởng không hợp lệ.")
    if indicator is not None and indicator["category"] == "commendation":
        if data.recipient_kind is None:
            errors["recipient_kind"] = _("Khen thưởng cần ghi rõ tập thể hay cá nhân.")
        if data.issuer_level is None:
            errors["issuer_level"] = _("Khen thưởng cần ghi rõ cấp khen.")
    if data.recipient_person_uid:
        _check_person(db, data, errors)
    if len(data.recipient) > 300:
        errors["recipient"] = _("Tên người/đơn vị nhận quá dài (tối đa 300 ký tự).")
    data.outcome_date = data.outcome_date or None
    if data.outcome_date is not None:
        problem = campaign_date_problem(db, data.campaign_uid, data.outcome_date)
        if problem:
            errors["outcome_date"] = problem
    if errors:
        raise ValidationError(errors)
    return data


def _check_person(db: sqlite_utils.Database, data: OutcomeInput, errors: dict[str, str]) -> None:
    """A linked recipient is a living record of the register, and a person, not a collective."""
    person = db.conn.execute(
        "SELECT full_name FROM person WHERE uid = ? AND deleted_at IS NULL",
        [data.recipient_person_uid],
    ).fetchone()
    if person is None:
        errors["recipient"] = _("Người nhận không còn trong danh sách người tham gia.")
        return
    if data.recipient_kind == "tap_the":
        errors["recipient_kind"] = _("Người chọn từ danh sách là cá nhân, không phải tập thể.")
    if not data.recipient:
        data.recipient = person["full_name"]


@dataclass
class Received:
    """One outcome received by a person, for their page."""

    uid: str
    day: str | None
    indicator_name: str
    category: str
    quantity: float
    value_vnd: int
    event_title: str


def _values(data: OutcomeInput) -> dict[str, Any]:
    values = asdict(data)
    values["search_key"] = search_key(f"{data.recipient} {data.decision_ref} {data.notes}")
    return values


def _subject(db: sqlite_utils.Database, data: OutcomeInput) -> str:
    """“Indicator — recipient” for the audit trail (many outcomes name no recipient)."""
    indicator = db.conn.execute(
        "SELECT name FROM indicator WHERE uid = ?", [data.indicator_uid]
    ).fetchone()
    return " — ".join(filter(None, [indicator[0] if indicator else "", data.recipient]))


def create_outcome(db: sqlite_utils.Database, data: OutcomeInput) -> str:
    data = validate(db, data)
    with audit.action(db, Permission.EDIT_RECORDS, "outcome.create", _subject(db, data)):
        return records.insert(db, "outcome", _values(data))


def update_outcome(db: sqlite_utils.Database, uid: str, data: OutcomeInput) -> None:
    data = validate(db, data)
    with audit.action(db, Permission.EDIT_RECORDS, "outcome.edit", _subject(db, data)):
        records.update(db, "outcome", uid, _values(data))


def delete_outcome(db: sqlite_utils.Database, uid: str) -> None:
    subject = _subject(db, get_outcome(db, uid))
    with audit.action(db, Permission.EDIT_RECORDS, "outcome.delete", subject):
        records.tombstone(db, "outcome", uid)


def get_outcome(db: sqlite_utils.Database, uid: str) -> OutcomeInput:
    row = records.fetch(db, "outcome", uid)
    return OutcomeInput(**{name: row[name] for name in OutcomeInput.__dataclass_fields__})


@dataclass
class OutcomeFilter:
    campaign_uid: str | None = None
    event_uid: str | None = None
    indicator_uid: str | None = None
    category: str | None = None
    text: str = ""

    def where(self) -> Where:
        where = Where(["o.deleted_at IS NULL"])
        for column, value in (
            (f"o.campaign_uid {SAME_CAMPAIGN}", self.campaign_uid),  # a province: every copy
            ("o.event_uid = ?", self.event_uid),
            (f"o.indicator_uid {SAME_INDICATOR}", self.indicator_uid),
            ("i.category = ?", self.category),
        ):
            if value:
                where.add(column, value)
        for term in search_terms(self.text):
            pattern = like_pattern(term)
            where.add(
                "(o.search_key LIKE ? ESCAPE '\\' OR COALESCE(e.search_key, '') LIKE ? "
                "ESCAPE '\\')",
                pattern,
                pattern,
            )
        return where


@dataclass(frozen=True)
class OutcomeRow:
    uid: str
    indicator_name: str
    category: str
    unit_label: str
    quantity: float
    value_vnd: int
    recipient: str
    recipient_kind: str | None
    issuer_level: str | None
    event_title: str
    event_date: str
    outcome_date: str | None


OUTCOME_SORTS = {
    "indicator_name": "i.sort_order",
    "quantity": "o.quantity",
    "value_vnd": "o.value_vnd",
    "recipient": sort_expression("o.recipient"),
    "event_date": "COALESCE(o.outcome_date, e.start_date)",
}

_OUTCOME_FROM = """
FROM outcome o
JOIN indicator i ON i.uid = o.indicator_uid
LEFT JOIN event e ON e.uid = o.event_uid
"""


def count_outcomes(db: sqlite_utils.Database, flt: OutcomeFilter) -> int:
    where = flt.where()
    return db.conn.execute(
        f"SELECT COUNT(*) {_OUTCOME_FROM} WHERE {where.sql()}", where.params
    ).fetchone()[0]


def list_outcomes(
    db: sqlite_utils.Database,
    flt: OutcomeFilter,
    *,
    sort: str = "event_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[OutcomeRow]:
    where = flt.where()
    register_sorting(db.conn)
    sql = f"""
    SELECT o.uid, i.name AS indicator_name, i.category, i.unit_label, o.quantity, o.value_vnd,
           o.recipient, o.recipient_kind, o.issuer_level, COALESCE(e.title, '') AS event_title,
           COALESCE(e.start_date, '') AS event_date, o.outcome_date
    {_OUTCOME_FROM}
    WHERE {where.sql()}
    ORDER BY {order_by(OUTCOME_SORTS, sort, descending, "o.id")}
    LIMIT ? OFFSET ?"""
    return [OutcomeRow(**dict(r)) for r in db.conn.execute(sql, [*where.params, limit, offset])]


@dataclass(frozen=True)
class IndicatorTotal:
    indicator_uid: str
    code: str
    name: str
    category: str
    unit_label: str
    entries: int
    quantity: float
    value_vnd: int


def totals_by_indicator(db: sqlite_utils.Database, flt: OutcomeFilter) -> list[IndicatorTotal]:
    """Per indicator of the filter's outcomes: number of entries, quantity and value.

    By the indicator's code: a province holds one copy of the catalogue per commune."""
    where = flt.where()
    sql = f"""
    SELECT MIN(i.uid) AS indicator_uid, i.code, MIN(i.name) AS name,
           MIN(i.category) AS category, MIN(i.unit_label) AS unit_label,
           COUNT(*) AS entries, SUM(o.quantity) AS quantity, SUM(o.value_vnd) AS value_vnd
    {_OUTCOME_FROM}
    WHERE {where.sql()}
    GROUP BY i.code ORDER BY MIN(i.sort_order), MIN(i.name)"""
    return [IndicatorTotal(**dict(r)) for r in db.conn.execute(sql, where.params)]
