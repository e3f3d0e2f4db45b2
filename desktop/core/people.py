"""The participant register: people, found without diacritics, sorted by given name.

A new person who looks like one already registered (same search key, birth year and hamlet)
is not written until the user confirms: `create_person` raises `DuplicatePerson` with the
look-alikes, and the caller asks and calls again with `allow_duplicate=True`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core import audit, records
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.listing import Where, order_by
from desktop.core.session import Permission
from desktop.core.text import (
    clean,
    control_character_error,
    has_control_characters,
    person_sort_key,
    register_sorting,
    search_key,
    sort_expression,
)

if TYPE_CHECKING:
    import sqlite_utils

GENDERS = {"nam": N_("Nam"), "nu": N_("Nữ")}
_PHONE = re.compile(r"^(?=(?:\D*\d){8})\+?[0-9 .\-]{8,15}$")  # at least 8 digits
_NATIONAL_ID = re.compile(r"^[0-9]{9}$|^[0-9]{12}$")


@dataclass
class PersonInput:
    full_name: str
    gender: str | None = None
    birth_year: int | None = None
    ethnicity_code: str | None = None
    religion_code: str | None = None
    hamlet_uid: str | None = None
    address: str = ""
    phone: str = ""
    organisation: str = ""
    position: str = ""
    national_id: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Duplicate:
    uid: str
    full_name: str
    birth_year: int | None
    hamlet_name: str


class DuplicatePerson(UserError):
    """The register already has people who look like the one being added."""

    def __init__(self, candidates: list[Duplicate]):
        self.candidates = candidates
        names = "; ".join(
            f"{c.full_name} ({c.birth_year or '?'}, {c.hamlet_name or '-'})" for c in candidates
        )
        super().__init__(
            _("Đã có người trùng họ tên, năm sinh và ấp: {names}. Vẫn thêm người mới?").format(
                names=names
            ),
            f"possible duplicate of {[c.uid for c in candidates]}",
        )


def _copy(data: PersonInput) -> PersonInput:
    """A copy to clean (every field is a plain value; asdict and copy.copy are slow for 50,000)."""
    copied = object.__new__(PersonInput)
    copied.__dict__.update(data.__dict__)
    return copied


def validate(data: PersonInput, today: dt.date | None = None) -> PersonInput:
    data = _copy(data)
    texts = ("full_name", "address", "phone", "organisation", "position", "notes", "national_id")
    errors: dict[str, str] = {}
    if has_control_characters("".join(getattr(data, name) or "" for name in texts)):
        errors = {
            name: control_character_error()
            for name in texts
            if has_control_characters(getattr(data, name))
        }
    for name in ("full_name", "address", "phone", "organisation", "position", "notes"):
        setattr(data, name, clean(getattr(data, name)))
    data.national_id = clean(data.national_id) or None
    if "full_name" in errors:
        pass
    elif not data.full_name:
        errors["full_name"] = _("Hãy nhập họ và tên.")
    elif len(data.full_name) > 100:
        errors["full_name"] = _("Họ và tên quá dài (tối đa 100 ký tự).")
    year_now = (today or dt.date.today()).year
    if data.birth_year is not None and not 1900 <= data.birth_year <= year_now:
        errors["birth_year"] = _("Năm sinh phải từ 1900 đến {year}.").format(year=year_now)
    if data.gender is not None and data.gender not in GENDERS:
        errors["gender"] = _("Giới tính không hợp lệ.")
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = _("Số điện thoại chỉ gồm chữ số (8–15 số), có thể bắt đầu bằng +.")
    if data.national_id and not _NATIONAL_ID.match(data.national_id):
        errors["national_id"] = _("Số định danh cá nhân (CCCD) gồm 12 chữ số (CMND cũ: 9).")
    if errors:
        raise ValidationError(errors)
    return data


def _values(data: PersonInput) -> dict[str, Any]:
    values = dict(vars(data))
    values["search_key"] = search_key(data.full_name)
    values["sort_key"] = person_sort_key(data.full_name)
    return values


def possible_duplicates(
    db: sqlite_utils.Database,
    full_name: str,
    birth_year: int | None,
    hamlet_uid: str | None,
    exclude_uid: str | None = None,
) -> list[Duplicate]:
    """People with the same search key, birth year and hamlet (missing ones match missing)."""
    rows = db.conn.execute(
        """SELECT p.uid, p.full_name, p.birth_year, COALESCE(h.name, '') AS hamlet_name
           FROM person p LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
           WHERE p.deleted_at IS NULL AND p.search_key = ?
             AND p.birth_year IS ? AND p.hamlet_uid IS ? AND p.uid IS NOT ?""",
        [search_key(full_name), birth_year, hamlet_uid, exclude_uid],
    )
    return [Duplicate(**dict(row)) for row in rows]


def create_person(
    db: sqlite_utils.Database, data: PersonInput, *, allow_duplicate: bool = False
) -> str:
    data = validate(data)
    with audit.action(db, Permission.EDIT_RECORDS, "person.create", data.full_name):
        if not allow_duplicate:
            found = possible_duplicates(db, data.full_name, data.birth_year, data.hamlet_uid)
            if found:
                raise DuplicatePerson(found)
        return records.insert(db, "person", _values(data))


def create_people(
    db: sqlite_utils.Database,
    inputs: list[PersonInput],
    uids: list[str] | None = None,
    *,
    checked: bool = False,
) -> list[str]:
    """Add many people at once (a list import): each checked as the form checks one, written
    with one statement, each row still noted in the audit action around the call. `uids`, when
    given, are the new rows' uids (the import names them before writing). `checked` says the
    inputs are what `validate` returned (the import validated every row while planning it)."""
    rows = [_values(data if checked else validate(data)) for data in inputs]
    for row, uid in zip(rows, uids or [], strict=False):
        row["uid"] = uid
    with audit.action(db, Permission.EDIT_RECORDS, "person.create", str(len(rows))):
        return records.insert_many(db, "person", rows)


def update_person(db: sqlite_utils.Database, uid: str, data: PersonInput) -> None:
    data = validate(data)
    with audit.action(db, Permission.EDIT_RECORDS, "person.edit", data.full_name):
        records.update(db, "person", uid, _values(data))


def delete_person(db: sqlite_utils.Database, uid: str) -> None:
    """Tombstone the person and their attendance; outcomes name recipients as text and stay."""
    name = records.fetch(db, "person", uid)["full_name"]
    with audit.action(db, Permission.EDIT_RECORDS, "person.delete", name):
        records.tombstone(db, "person", uid)
        records.tombstone_where(db, "attendance", "person_uid = ?", [uid])


def get_person(db: sqlite_utils.Database, uid: str) -> PersonInput:
    row = records.fetch(db, "person", uid)
    return PersonInput(**{name: row[name] for name in PersonInput.__dataclass_fields__})


@dataclass
class PersonFilter:
    text: str = ""
    hamlet_uid: str | None = None
    gender: str | None = None
    not_in_event_uid: str | None = None

    def where(self) -> Where:
        where = Where(["p.deleted_at IS NULL"])
        if self.hamlet_uid:
            where.add("p.hamlet_uid = ?", self.hamlet_uid)
        if self.gender:
            where.add("p.gender = ?", self.gender)
        if self.not_in_event_uid:
            where.add(
                "NOT EXISTS (SELECT 1 FROM attendance a WHERE a.person_uid = p.uid "
                "AND a.event_uid = ? AND a.deleted_at IS NULL)",
                self.not_in_event_uid,
            )
        where.add_search("p.search_key", self.text)
        return where


@dataclass(frozen=True)
class PersonRow:
    uid: str
    full_name: str
    gender: str | None
    birth_year: int | None
    hamlet_name: str
    ethnicity_name: str
    religion_name: str
    phone: str
    position: str


PERSON_SORTS = {
    "full_name": "p.sort_key",
    "birth_year": "p.birth_year",
    "hamlet_name": sort_expression("h.name"),
    "gender": "p.gender",
}


def count_people(db: sqlite_utils.Database, flt: PersonFilter) -> int:
    where = flt.where()
    return db.conn.execute(
        f"SELECT COUNT(*) FROM person p WHERE {where.sql()}", where.params
    ).fetchone()[0]


def list_people(
    db: sqlite_utils.Database,
    flt: PersonFilter,
    *,
    sort: str = "full_name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[PersonRow]:
    where = flt.where()
    register_sorting(db.conn)
    ordering = order_by(PERSON_SORTS, sort, descending, "p.id")
    hamlet_join = "LEFT JOIN hamlet h ON h.uid = p.hamlet_uid" if sort == "hamlet_name" else ""
    # Pick the page's ids first, then join for display: a deep page (OFFSET 49,800) then skips
    # rows on an index instead of joining hamlet, ethnicity and religion for every skipped row.
    sql = f"""
    SELECT p.uid, p.full_name, p.gender, p.birth_year, COALESCE(h.name, '') AS hamlet_name,
           COALESCE(eth.name, '') AS ethnicity_name, COALESCE(rel.name, '') AS religion_name,
           p.phone, p.position
    FROM person p
    LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
    LEFT JOIN ethnicity eth ON eth.code = p.ethnicity_code
    LEFT JOIN religion rel ON rel.code = p.religion_code
    WHERE p.id IN (
        SELECT p.id FROM person p {hamlet_join}
        WHERE {where.sql()}
        ORDER BY {ordering}
        LIMIT ? OFFSET ?
    )
    ORDER BY {ordering}"""
    return [PersonRow(**dict(r)) for r in db.conn.execute(sql, [*where.params, limit, offset])]


@dataclass(frozen=True)
class AttendedEvent:
    event_uid: str
    start_date: str
    title: str
    type_name: str
    role: str
    status: str


def events_of_person(db: sqlite_utils.Database, person_uid: str) -> list[AttendedEvent]:
    """Every live event the person attended, newest first."""
    rows = db.conn.execute(
        """SELECT e.uid AS event_uid, e.start_date, e.title, t.name AS type_name, a.role,
                  e.status
           FROM attendance a
           JOIN event e ON e.uid = a.event_uid AND e.deleted_at IS NULL
           JOIN event_type t ON t.uid = e.event_type_uid
           WHERE a.person_uid = ? AND a.deleted_at IS NULL
           ORDER BY e.start_date DESC, e.id DESC""",
        [person_uid],
    )
    return [AttendedEvent(**dict(r)) for r in rows]
