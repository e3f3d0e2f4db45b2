"""Who took part in which event, and in what role.

A person is on an event's list at most once; removing them tombstones the row, and adding them
again brings the same row back with a higher rev, so the province sees one attendance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import audit, catalogues, records
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils


def roles() -> list[tuple[str, str]]:
    return catalogues.choices("attendance_roles")


def _check(db: sqlite_utils.Database, event_uid: str, person_uid: str, role: str) -> None:
    records.fetch(db, "event", event_uid)
    records.fetch(db, "person", person_uid)
    if role not in dict(roles()):
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})


def _subject(db: sqlite_utils.Database, event_uid: str, person_uids: Sequence[str]) -> str:
    """“Name — event title” (or “N người — event title”) for the audit trail, from whatever
    rows still exist."""
    title = db.conn.execute("SELECT title FROM event WHERE uid = ?", [event_uid]).fetchone()
    if len(person_uids) == 1:
        name = db.conn.execute(
            "SELECT full_name FROM person WHERE uid = ?", [person_uids[0]]
        ).fetchone()
        who = name[0] if name else ""
    else:
        who = _("{count} người").format(count=len(person_uids))
    return " — ".join(part for part in (who, title[0] if title else "") if part)


def add(db: sqlite_utils.Database, event_uid: str, person_uid: str, role: str = "tham_du") -> str:
    """Put the person on the event's list (or change their role); returns the attendance uid."""
    return add_people(db, event_uid, [person_uid], role)[0]


def add_people(
    db: sqlite_utils.Database, event_uid: str, person_uids: Sequence[str], role: str = "tham_du"
) -> list[str]:
    """Put several people on the event's list (or change their role) as one action: one audit
    entry, all or nothing. Returns the attendance uids in the order given."""
    chosen = list(dict.fromkeys(person_uids))
    if not chosen:
        return []
    with audit.action(
        db, Permission.EDIT_RECORDS, "attendance.add", _subject(db, event_uid, chosen)
    ):
        return [_add_one(db, event_uid, person_uid, role) for person_uid in chosen]


def _add_one(db: sqlite_utils.Database, event_uid: str, person_uid: str, role: str) -> str:
    _check(db, event_uid, person_uid, role)
    live = db.conn.execute(
        "SELECT uid, role FROM attendance WHERE event_uid = ? AND person_uid = ? "
        "AND deleted_at IS NULL",
        [event_uid, person_uid],
    ).fetchone()
    if live:
        if live["role"] != role:
            records.update(db, "attendance", live["uid"], {"role": role})
        return live["uid"]
    removed = db.conn.execute(
        "SELECT uid FROM attendance WHERE event_uid = ? AND person_uid = ? "
        "ORDER BY rev DESC LIMIT 1",
        [event_uid, person_uid],
    ).fetchone()
    if removed:
        records.restore(db, "attendance", removed["uid"], {"role": role})
        return removed["uid"]
    return records.insert(
        db, "attendance", {"event_uid": event_uid, "person_uid": person_uid, "role": role}
    )


def remove(db: sqlite_utils.Database, event_uid: str, person_uid: str) -> None:
    remove_people(db, event_uid, [person_uid])


def remove_people(db: sqlite_utils.Database, event_uid: str, person_uids: Sequence[str]) -> None:
    """Take several people off the event's list as one action: one audit entry, all or nothing."""
    chosen = list(dict.fromkeys(person_uids))
    if not chosen:
        return
    with audit.action(
        db, Permission.EDIT_RECORDS, "attendance.remove", _subject(db, event_uid, chosen)
    ):
        for person_uid in chosen:
            records.tombstone_where(
                db, "attendance", "event_uid = ? AND person_uid = ?", [event_uid, person_uid]
            )


@dataclass(frozen=True)
class Participant:
    person_uid: str
    full_name: str
    birth_year: int | None
    gender: str | None
    hamlet_name: str
    position: str
    role: str
    unit_code: str = ""  # the person's commune (a province holds many)


def participants(db: sqlite_utils.Database, event_uid: str) -> list[Participant]:
    """The event's named participants in Vietnamese name order."""
    rows = db.conn.execute(
        """SELECT p.uid AS person_uid, p.full_name, p.birth_year, p.gender,
                  COALESCE(h.name, '') AS hamlet_name, p.position, a.role,
                  p.unit_code
           FROM attendance a
           JOIN person p ON p.uid = a.person_uid AND p.deleted_at IS NULL
           LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
           WHERE a.event_uid = ? AND a.deleted_at IS NULL
           ORDER BY p.sort_key, p.id""",
        [event_uid],
    )
    return [Participant(**dict(r)) for r in rows]
