"""One record as its detail dialog shows it, with every name already joined in SQL.

The event and person dialogs used to load whole catalogues (event types, hamlets,
organisations, ethnicities, religions) to turn one uid or code into a name. Here each dialog has
one query that joins the names it needs, and each reference says what was found: a name, a
name that has since been deleted from its catalogue, or a code no catalogue knows (a row that
came from another office, or a file edited outside the program). The dialog says which, never
a blank or a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from desktop.core.attendance import Participant
from desktop.core.errors import NotFound
from desktop.core.events import EventInput
from desktop.core.i18n import _
from desktop.core.outcomes import OutcomeRow, Received
from desktop.core.people import AttendedEvent

if TYPE_CHECKING:
    import sqlite_utils

LinkState = Literal["none", "found", "deleted", "unknown"]


@dataclass(frozen=True)
class Link:
    """A record's reference to a catalogue entry (by uid or code), as the join found it."""

    code: str | None
    name: str
    state: LinkState

    @property
    def text(self) -> str:
        """The name to show; a deleted or unknown entry is said to be so, in Vietnamese."""
        if self.state == "found":
            return self.name
        if self.state == "deleted":
            return _("{name} (đã xóa khỏi danh mục)").format(name=self.name)
        if self.state == "unknown":
            return _("Không rõ (mã “{code}” không có trong danh mục)").format(code=self.code)
        return ""


def link(code: str | None, found: Any, name: str | None, deleted_at: str | None = None) -> Link:
    """The `Link` of a LEFT JOIN: `found` is the joined key (NULL when nothing matched)."""
    if code is None or code == "":
        return Link(None, "", "none")
    if found is None:
        return Link(code, "", "unknown")
    return Link(code, name or "", "deleted" if deleted_at else "found")


def _joined(prefix: str, alias: str, key: str, name: str = "name", deleted: bool = True) -> str:
    """The columns `link()` reads for one LEFT JOIN, named `<prefix>_found` and so on."""
    gone = f"{alias}.deleted_at" if deleted else "NULL"
    return (
        f"{alias}.{key} AS {prefix}_found, {alias}.{name} AS {prefix}_name, "
        f"{gone} AS {prefix}_deleted"
    )


def _link_of(row: dict[str, Any], prefix: str, code_column: str) -> Link:
    return link(
        row[code_column], row[f"{prefix}_found"], row[f"{prefix}_name"], row[f"{prefix}_deleted"]
    )


def _pop_link(row: dict[str, Any], prefix: str, code_column: str) -> Link:
    """The link of a joined list row, its columns taken out so the rest fills a dataclass."""
    found = _link_of(row, prefix, code_column)
    for column in (code_column, f"{prefix}_found", f"{prefix}_name", f"{prefix}_deleted"):
        del row[column]
    return found


# --- an event ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetail:
    """An event with the names of its type, hamlet and organiser, its named participants (with
    their hamlets) and its outcomes (with their indicators)."""

    uid: str
    data: EventInput
    event_type: Link
    hamlet: Link
    organiser: Link
    participants: list[Participant]
    outcomes: list[OutcomeRow]

    @property
    def outcome_value(self) -> int:
        """Total value in đồng of the event's outcomes."""
        return sum(outcome.value_vnd or 0 for outcome in self.outcomes)


_EVENT = f"""
SELECT e.*, {_joined("type", "t", "uid")}, {_joined("hamlet", "h", "uid")},
       {_joined("organiser", "g", "uid")}
FROM event e
LEFT JOIN event_type t ON t.uid = e.event_type_uid
LEFT JOIN hamlet h ON h.uid = e.hamlet_uid
LEFT JOIN organisation g ON g.uid = e.organiser_uid
WHERE e.uid = ? AND e.deleted_at IS NULL"""

_PARTICIPANTS = f"""
SELECT p.uid AS person_uid, p.full_name, p.birth_year, p.gender, p.position, a.role,
       p.unit_code, p.hamlet_uid, {_joined("hamlet", "h", "uid")}
FROM attendance a
JOIN person p ON p.uid = a.person_uid AND p.deleted_at IS NULL
LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
WHERE a.event_uid = ? AND a.deleted_at IS NULL
ORDER BY p.sort_key, p.id"""

# Every live outcome of the event, an unknown indicator included (an inner join would drop it).
_OUTCOMES = f"""
SELECT o.uid, o.indicator_uid, {_joined("indicator", "i", "uid")},
       COALESCE(i.category, '') AS category, COALESCE(i.unit_label, '') AS unit_label,
       o.quantity, o.value_vnd, o.recipient, o.recipient_kind, o.issuer_level,
       o.outcome_date
FROM outcome o
LEFT JOIN indicator i ON i.uid = o.indicator_uid
WHERE o.event_uid = ? AND o.deleted_at IS NULL
ORDER BY i.sort_order IS NULL, i.sort_order, o.id"""


def event_detail(db: sqlite_utils.Database, uid: str) -> EventDetail:
    """The event as its dialog shows it; `NotFound` if it is gone."""
    found = db.conn.execute(_EVENT, [uid]).fetchone()
    if found is None:
        raise NotFound("event", uid)
    row = dict(found)
    data = EventInput(**{name: row[name] for name in EventInput.__dataclass_fields__})
    return EventDetail(
        uid=uid,
        data=data,
        event_type=_link_of(row, "type", "event_type_uid"),
        hamlet=_link_of(row, "hamlet", "hamlet_uid"),
        organiser=_link_of(row, "organiser", "organiser_uid"),
        participants=_participants(db, uid),
        outcomes=_outcomes(db, uid, row["title"], row["start_date"]),
    )


def _participants(db: sqlite_utils.Database, event_uid: str) -> list[Participant]:
    people = []
    for found in db.conn.execute(_PARTICIPANTS, [event_uid]):
        row = dict(found)
        hamlet = _pop_link(row, "hamlet", "hamlet_uid")
        people.append(Participant(**row, hamlet_name=hamlet.text))
    return people


def _outcomes(db: sqlite_utils.Database, event_uid: str, title: str, day: str) -> list[OutcomeRow]:
    lines = []
    for found in db.conn.execute(_OUTCOMES, [event_uid]):
        row = dict(found)
        indicator = _pop_link(row, "indicator", "indicator_uid")
        lines.append(
            OutcomeRow(**row, indicator_name=indicator.text, event_title=title, event_date=day)
        )
    return lines


# --- a person ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetail:
    """A person's facts with the names of their hamlet, ethnicity and religion, the events they
    attended and what they received. The national ID is sensitive and not read."""

    uid: str
    full_name: str
    gender: str | None
    birth_year: int | None
    hamlet: Link
    ethnicity: Link
    religion: Link
    address: str
    phone: str
    organisation: str
    position: str
    notes: str
    events: list[AttendedEvent]
    received: list[Received]


_PERSON = f"""
SELECT p.uid, p.full_name, p.gender, p.birth_year, p.address, p.phone, p.organisation,
       p.position, p.notes, p.hamlet_uid, p.ethnicity_code, p.religion_code,
       {_joined("hamlet", "h", "uid")}, {_joined("ethnicity", "n", "code", deleted=False)},
       {_joined("religion", "r", "code", deleted=False)}
FROM person p
LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
LEFT JOIN ethnicity n ON n.code = p.ethnicity_code
LEFT JOIN religion r ON r.code = p.religion_code
WHERE p.uid = ? AND p.deleted_at IS NULL"""

# Every live event the person attended, an event of an unknown type included.
_ATTENDED = f"""
SELECT e.uid AS event_uid, e.start_date, e.title, e.event_type_uid, a.role, e.status,
       {_joined("type", "t", "uid")}
FROM attendance a
JOIN event e ON e.uid = a.event_uid AND e.deleted_at IS NULL
LEFT JOIN event_type t ON t.uid = e.event_type_uid
WHERE a.person_uid = ? AND a.deleted_at IS NULL
ORDER BY e.start_date DESC, e.id DESC"""

# What the person received, an outcome of an unknown indicator included.
_RECEIVED = f"""
SELECT o.uid, COALESCE(o.outcome_date, e.start_date) AS day, o.indicator_uid,
       {_joined("indicator", "i", "uid")}, COALESCE(i.category, '') AS category,
       o.quantity, o.value_vnd, COALESCE(e.title, '') AS event_title
FROM outcome o
LEFT JOIN indicator i ON i.uid = o.indicator_uid
LEFT JOIN event e ON e.uid = o.event_uid
WHERE o.recipient_person_uid = ? AND o.deleted_at IS NULL
ORDER BY day DESC, o.id DESC"""


def person_detail(db: sqlite_utils.Database, uid: str) -> PersonDetail:
    """The person as their dialog shows them; `NotFound` if they are gone."""
    found = db.conn.execute(_PERSON, [uid]).fetchone()
    if found is None:
        raise NotFound("person", uid)
    row = dict(found)
    plain = ("full_name", "gender", "birth_year", "address", "phone", "organisation")
    return PersonDetail(
        uid=uid,
        **{name: row[name] for name in plain},
        position=row["position"],
        notes=row["notes"],
        hamlet=_link_of(row, "hamlet", "hamlet_uid"),
        ethnicity=_link_of(row, "ethnicity", "ethnicity_code"),
        religion=_link_of(row, "religion", "religion_code"),
        events=_attended(db, uid),
        received=_received(db, uid),
    )


def _attended(db: sqlite_utils.Database, person_uid: str) -> list[AttendedEvent]:
    events = []
    for found in db.conn.execute(_ATTENDED, [person_uid]):
        row = dict(found)
        kind = _pop_link(row, "type", "event_type_uid")
        events.append(AttendedEvent(**row, type_name=kind.text))
    return events


def _received(db: sqlite_utils.Database, person_uid: str) -> list[Received]:
    received = []
    for found in db.conn.execute(_RECEIVED, [person_uid]):
        row = dict(found)
        indicator = _pop_link(row, "indicator", "indicator_uid")
        received.append(Received(**row, indicator_name=indicator.text))
    return received
