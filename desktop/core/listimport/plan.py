"""The import plan: every data row read, checked and compared before anything is written.

`build_plan` turns a sheet and its column layout into `PlannedRow`s: the values as they will be
stored, the reasons a row must be rejected, notes on what was adjusted, and the look-alikes a
row has in the register or earlier in the file (same search key, birth year and hamlet for
people; same title and date for events). The user decides per row or for all: skip, merge into
the existing person, or add anyway. `apply.run` then writes the plan in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core import catalogues, events, people
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.listimport import legacy_encodings as legacy
from desktop.core.listimport import values as v
from desktop.core.listimport.headers import EVENTS, PEOPLE, Layout, fields
from desktop.core.listimport.readers import Sheet
from desktop.core.text import clean, search_key

if TYPE_CHECKING:
    import sqlite_utils

_NAME_FIELDS = ("full_name", "family_name", "given_name")
SKIP, MERGE, ADD = "skip", "merge", "add"
DECISIONS = (SKIP, MERGE, ADD)
DEFAULT_EVENT_TYPE = "hop_khac"
_RELIGION_ALIASES = {"khong": "00", "0": "00", "-": "00", "phat": "01", "thien chua": "02"}
_STATUSES = {
    "da to chuc": "held",
    "hoan thanh": "held",
    "xong": "held",
    "ke hoach": "planned",
    "du kien": "planned",
    "chua to chuc": "planned",
    "da huy": "cancelled",
    "huy": "cancelled",
    "hoan": "cancelled",
}


@dataclass(frozen=True)
class Match:
    """A record the row looks like: its uid and how to name it to the user."""

    uid: str
    label: str


@dataclass
class PlannedRow:
    number: int  # row number in the sheet, as Excel shows it
    shown: dict[str, str]  # field → text as it will be stored, for the preview
    data: Any = None  # PersonInput / EventInput, None when rejected
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_hamlet: str | None = None  # key of a hamlet not (yet) in the catalogue
    hamlet_text: str = ""
    matches: list[Match] = field(default_factory=list)  # look-alikes in the register
    same_as: int | None = None  # an earlier row of the file it repeats
    decision: str = ADD

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    @property
    def duplicate(self) -> bool:
        return not self.rejected and (bool(self.matches) or self.same_as is not None)

    @property
    def label(self) -> str:
        return self.shown.get("full_name") or self.shown.get("title") or ""


@dataclass
class ImportPlan:
    kind: str
    rows: list[PlannedRow]
    new_hamlets: dict[str, str]  # hamlet key → name it would be added under
    create_hamlets: set[str]  # the keys the user agreed to add
    campaign_uid: str | None = None

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.duplicate]

    @property
    def rejected(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.rejected]

    def decide_all(self, decision: str) -> None:
        """One answer for every duplicate row (merge only for people)."""
        if decision not in DECISIONS or (decision == MERGE and self.kind != PEOPLE):
            raise ValueError(decision)
        for row in self.duplicates:
            row.decision = decision


@dataclass
class _Catalogues:
    hamlets: v.CatalogueMatcher
    hamlet_names: dict[str, str]
    ethnicities: v.CatalogueMatcher
    religions: v.CatalogueMatcher
    event_types: v.CatalogueMatcher
    default_type: str | None
    names: dict[tuple[str, str], str]  # ("ethnicity" | "religion" | "event_type", id) → name

    def find_event_type(self, raw: str) -> str | None:
        """The type named `raw`, or the only one whose name begins with it ("Ra mắt mô hình")."""
        found = self.event_types.find(raw)
        if found or not raw:
            return found
        key = search_key(raw)
        starts = {uid for name, uid in self.event_types.by_key.items() if name.startswith(key)}
        return starts.pop() if len(starts) == 1 else None

    @classmethod
    def load(cls, db: sqlite_utils.Database, campaign_uid: str | None) -> _Catalogues:
        hamlets = catalogues.hamlets(db, include_inactive=True)
        types = (
            catalogues.event_types(db, campaign_uid, include_inactive=True) if campaign_uid else []
        )
        eth = catalogues.load("ethnicities")["items"]
        rel = catalogues.load("religions")["items"]
        religions = [(i["code"], [i["name"], *i.get("other_names", [])]) for i in rel]
        religions += [(code, [alias]) for alias, code in _RELIGION_ALIASES.items()]
        return cls(
            hamlets=v.CatalogueMatcher.of(((h.uid, [h.name]) for h in hamlets), key=v.hamlet_key),
            hamlet_names={h.uid: h.name for h in hamlets},
            ethnicities=v.CatalogueMatcher.of(
                (i["code"], [i["name"], *i.get("other_names", [])]) for i in eth
            ),
            religions=v.CatalogueMatcher.of(religions),
            event_types=v.CatalogueMatcher.of((t.uid, [t.name, t.code]) for t in types),
            default_type=next((t.uid for t in types if t.code == DEFAULT_EVENT_TYPE), None),
            names={("ethnicity", i["code"]): i["name"] for i in eth}
            | {("religion", i["code"]): i["name"] for i in rel}
            | {("event_type", t.uid): t.name for t in types},
        )


def _cells(sheet: Sheet, layout: Layout):
    """(row number, {field: value}) for each data row, text read in its column's encoding."""
    columns = layout.field_columns()
    for row in sheet.rows[layout.data_start :]:
        values: dict[str, Any] = {}
        for name, column in columns.items():
            value = row.cells[column.index] if column.index < len(row.cells) else None
            if isinstance(value, str):
                value = clean(legacy.decode(value, column.reading))
                if name in _NAME_FIELDS and column.reading == legacy.TCVN3:
                    value = legacy.capitalise_words(value)
            if not v.is_blank(value):
                values[name] = value
        if values:
            yield row.number, values


def _parse(row: PlannedRow, cells: dict[str, Any], name: str, parser: Callable[[Any], Any]):
    """Parse one cell; a bad value becomes a problem of the row, a missing one None."""
    if name not in cells:
        return None
    try:
        return parser(cells[name])
    except v.BadValue as error:
        row.problems.append(str(error))
        return None


def _hamlet(
    row: PlannedRow, cells: dict[str, Any], cats: _Catalogues, plan: ImportPlan
) -> str | None:
    raw = v.text(cells.get("hamlet"))
    if not raw:
        return None
    uid = cats.hamlets.find(raw, key=v.hamlet_key)
    if uid:
        row.shown["hamlet"] = cats.hamlet_names[uid]
        return uid
    key = v.hamlet_key(raw)
    plan.new_hamlets.setdefault(key, v.hamlet_display_name(raw))
    row.new_hamlet, row.hamlet_text = key, raw
    row.shown["hamlet"] = plan.new_hamlets[key]
    return None


def _code(
    row: PlannedRow, cells: dict[str, Any], name: str, matcher: v.CatalogueMatcher, what: str
):
    raw = v.text(cells.get(name))
    if not raw:
        return None
    code = matcher.find(raw)
    if code is None:
        row.notes.append(
            _("{what} “{value}” không có trong danh mục, ghi vào ghi chú.").format(
                what=what, value=raw
            )
        )
    return code


def _full_name(cells: dict[str, Any]) -> str:
    if "full_name" in cells:
        return v.text(cells["full_name"])
    return clean(f"{v.text(cells.get('family_name'))} {v.text(cells.get('given_name'))}")


def _birth(row: PlannedRow, cells: dict[str, Any]) -> tuple[int | None, str | None]:
    """Birth year and, from a list with "Nam | Nữ" columns of birth years, the gender."""
    year = _parse(row, cells, "birth_year", v.parse_birth_year)
    if year is None:
        year = _parse(row, cells, "birth_date", v.parse_birth_year)
    for name, gender in (("birth_year_male", "nam"), ("birth_year_female", "nu")):
        if name in cells:
            if search_key(v.text(cells[name])) != "x":
                year = year or _parse(row, cells, name, v.parse_birth_year)
            return year, gender
    return year, None


def _person(row: PlannedRow, cells: dict[str, Any], cats: _Catalogues, plan: ImportPlan):
    year, gender_from_year = _birth(row, cells)
    gender = _parse(row, cells, "gender", v.parse_gender) or gender_from_year
    hamlet_uid = _hamlet(row, cells, cats, plan)
    extra = []
    ethnicity = _code(row, cells, "ethnicity", cats.ethnicities, _("Dân tộc"))
    if "ethnicity" in cells and ethnicity is None:
        extra.append(_("Dân tộc: {value}").format(value=v.text(cells["ethnicity"])))
    religion = _code(row, cells, "religion", cats.religions, _("Tôn giáo"))
    if "religion" in cells and religion is None:
        extra.append(_("Tôn giáo: {value}").format(value=v.text(cells["religion"])))
    data = people.PersonInput(
        full_name=_full_name(cells),
        gender=gender,
        birth_year=year,
        ethnicity_code=ethnicity,
        religion_code=religion,
        hamlet_uid=hamlet_uid,
        address=v.text(cells.get("address")),
        phone=_parse(row, cells, "phone", v.parse_phone) or "",
        organisation=v.text(cells.get("organisation")),
        position=v.text(cells.get("position")),
        national_id=_parse(row, cells, "national_id", v.parse_national_id),
        notes="; ".join([v.text(cells.get("notes")), *extra]).strip("; "),
    )
    try:
        data = people.validate(data)
    except ValidationError as error:
        row.problems.extend(error.fields.values())
    return None if row.problems else data


def _status(raw: str, start: dt.date | None) -> str:
    status = _STATUSES.get(search_key(raw))
    if status:
        return status
    return "held" if start and start <= dt.date.today() else "planned"


def _event(db, row: PlannedRow, cells: dict[str, Any], cats: _Catalogues, plan: ImportPlan):
    start = _parse(row, cells, "start_date", v.parse_date)
    if "start_date" not in cells:
        row.problems.append(_("Thiếu ngày tổ chức."))
    end = _parse(row, cells, "end_date", v.parse_date)
    type_uid = cats.find_event_type(v.text(cells.get("event_type")))
    if type_uid is None:
        type_uid = cats.default_type
        if "event_type" in cells:
            row.notes.append(
                _("Loại “{value}” không có trong kế hoạch, xếp vào loại khác.").format(
                    value=v.text(cells["event_type"])
                )
            )
    hamlet_uid = _hamlet(row, cells, cats, plan)
    counts = {
        name: _parse(row, cells, name, v.parse_count) or 0
        for name in ("count_total", *events.GROUP_COUNTS)
    }
    if "count_total" not in cells:
        counts["count_total"] = max(counts.values())
    data = events.EventInput(
        campaign_uid=plan.campaign_uid or "",
        event_type_uid=type_uid or "",
        title=v.text(cells.get("title")),
        start_date=start.isoformat() if start else "",
        end_date=end.isoformat() if end else "",
        level="ap" if hamlet_uid else "xa",
        hamlet_uid=hamlet_uid,
        place=v.text(cells.get("place")),
        status=_status(v.text(cells.get("status")), start),
        notes=v.text(cells.get("notes")),
        **counts,
    )
    if row.problems:
        return None
    try:
        return events.validate(db, data)
    except ValidationError as error:
        row.problems.extend(error.fields.values())
        return None


def _people_register(db: sqlite_utils.Database) -> dict[tuple, list[Match]]:
    """Every live person by (search key, birth year, hamlet), read once for the whole file."""
    table: dict[tuple, list[Match]] = {}
    rows = db.conn.execute(
        """SELECT p.uid, p.full_name, p.search_key, p.birth_year, p.hamlet_uid,
                  COALESCE(h.name, '') AS hamlet_name
           FROM person p LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
           WHERE p.deleted_at IS NULL"""
    )
    for r in rows:
        label = f"{r['full_name']} ({r['birth_year'] or '?'}, {r['hamlet_name'] or '-'})"
        table.setdefault((r["search_key"], r["birth_year"], r["hamlet_uid"]), []).append(
            Match(r["uid"], label)
        )
    return table


def _events_register(db: sqlite_utils.Database, campaign_uid: str) -> dict[tuple, list[Match]]:
    table: dict[tuple, list[Match]] = {}
    rows = db.conn.execute(
        "SELECT uid, title, start_date FROM event WHERE deleted_at IS NULL AND campaign_uid = ?",
        [campaign_uid],
    )
    for r in rows:
        label = f"{r['title']} ({events.format_date(r['start_date'])})"
        table.setdefault((search_key(r["title"]), r["start_date"]), []).append(
            Match(r["uid"], label)
        )
    return table


def duplicate_key(row: PlannedRow) -> tuple:
    """What two rows share when they are the same person (or the same event)."""
    data = row.data
    if isinstance(data, people.PersonInput):
        hamlet = data.hamlet_uid or (f"new:{row.new_hamlet}" if row.new_hamlet else None)
        return (search_key(data.full_name), data.birth_year, hamlet)
    return (search_key(data.title), data.start_date)


def _show(row: PlannedRow, data: Any, names: dict[tuple[str, str], str]) -> None:
    """The preview's text for each stored value (hamlet already set)."""
    if isinstance(data, people.PersonInput):
        row.shown.update(
            full_name=data.full_name,
            gender=people.GENDERS.get(data.gender or "", ""),
            birth_year=str(data.birth_year or ""),
            ethnicity=names.get(("ethnicity", data.ethnicity_code or ""), ""),
            religion=names.get(("religion", data.religion_code or ""), ""),
            address=data.address,
            phone=data.phone,
            national_id=data.national_id or "",
            position=data.position,
            organisation=data.organisation,
            notes=data.notes,
        )
    else:
        row.shown.update(
            title=data.title,
            event_type=names.get(("event_type", data.event_type_uid), ""),
            start_date=events.format_date(data.start_date),
            end_date=events.format_date(data.end_date),
            place=data.place,
            status=_(events.STATUSES[data.status]),
            count_total=str(data.count_total),
            notes=data.notes,
        )


def _show_rejected(row: PlannedRow, cells: dict[str, Any], kind: str) -> None:
    """A rejected row is previewed as it was read, so the user can find it in the file."""
    for name, value in cells.items():
        row.shown.setdefault(name, v.text(value))
    if kind == PEOPLE:
        row.shown["full_name"] = _full_name(cells)


def build_plan(
    db: sqlite_utils.Database, sheet: Sheet, layout: Layout, *, campaign_uid: str | None = None
) -> ImportPlan:
    """Read, check and compare every data row; nothing is written."""
    if layout.kind == EVENTS and not campaign_uid:
        raise UserError(_("Hãy chọn kế hoạch trước khi nhập sự kiện."), "no campaign for events")
    missing = _missing_fields(layout)
    if missing:
        raise UserError(
            _("Chưa chọn cột cho: {fields}.").format(fields=", ".join(missing)),
            "required column not mapped",
        )
    cats = _Catalogues.load(db, campaign_uid)
    plan = ImportPlan(layout.kind, [], {}, set(), campaign_uid)
    register = _people_register(db) if layout.kind == PEOPLE else _events_register(db, campaign_uid)
    seen: dict[tuple, int] = {}  # duplicate key → the first row that has it
    for number, cells in _cells(sheet, layout):
        row = _plan_row(db, number, cells, cats, plan)
        if not row.rejected:
            key = duplicate_key(row)
            row.matches = [] if row.new_hamlet else list(register.get(key, []))
            row.same_as = seen.get(key)
            seen.setdefault(key, number)
            row.decision = SKIP if row.duplicate else ADD
        plan.rows.append(row)
    plan.create_hamlets = set(plan.new_hamlets)
    return plan


def _plan_row(db, number: int, cells: dict[str, Any], cats: _Catalogues, plan: ImportPlan):
    """One row read and checked: stored values, or the reasons it cannot be."""
    row = PlannedRow(number, {})
    if plan.kind == PEOPLE:
        row.data = _person(row, cells, cats, plan)
    else:
        row.data = _event(db, row, cells, cats, plan)
    if row.data is None:
        _show_rejected(row, cells, plan.kind)
    else:
        _show(row, row.data, cats.names)
    return row


def _missing_fields(layout: Layout) -> list[str]:
    mapped = set(layout.field_columns())
    if layout.kind == PEOPLE and {"family_name", "given_name"} & mapped:
        mapped.add("full_name")
    return [_(f.label) for f in fields(layout.kind) if f.required and f.key not in mapped]
