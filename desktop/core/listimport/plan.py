"""The import plan: every data row read, checked and compared before anything is written.

`build_plan` turns a sheet and its column layout into `PlannedRow`s: the values as they will be
stored, the reasons a row must be rejected, notes on what was adjusted, and the look-alikes a
row has in the register or earlier in the file (same search key, birth year and hamlet for
people; same title and date for events). The user decides per row or for all: skip, merge into
the existing person, or add anyway. `apply.run` then writes the plan in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core import catalogues, events, formats, people
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.listimport import legacy_encodings as legacy
from desktop.core.listimport import rows as table
from desktop.core.listimport import values as v
from desktop.core.listimport.headers import EVENTS, IGNORE, PEOPLE, Column, Layout, fields
from desktop.core.listimport.readers import Sheet
from desktop.core.text import clean, has_control_characters, name_case, search_key

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
    exact: tuple = ()  # the key that makes it the same record, not a look-alike


@dataclass
class PlannedRow:
    number: int  # row number in the sheet, as Excel shows it
    shown: dict[str, str]  # field → text as it will be stored, for the preview
    data: Any = None  # PersonInput / EventInput, None when rejected
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_hamlet: str | None = None  # key of a hamlet not (yet) in the catalogue
    hamlet_text: str = ""
    matches: list[Match] = field(default_factory=list)  # the same record in the register
    same_as: int | None = None  # an earlier row of the file it repeats
    maybe: list[Match] = field(default_factory=list)  # differ only in tone marks: "có thể trùng"
    maybe_same_as: int | None = None
    decision: str = ADD
    left_out: str = ""  # N_() reason when the row is not a record (a total, a signature…)
    keys: tuple[tuple, tuple] | None = None  # (exact, loose) duplicate keys, made once

    @property
    def rejected(self) -> bool:
        return bool(self.problems) and not self.left_out

    @property
    def duplicate(self) -> bool:
        if self.left_out or self.rejected:
            return False
        earlier = (self.same_as, self.maybe_same_as)
        return bool(self.matches or self.maybe) or any(n is not None for n in earlier)

    @property
    def possible(self) -> bool:
        """Only a look-alike (same name without marks): the officer decides; added unless told."""
        return self.duplicate and not self.matches and self.same_as is None

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
    sheet_name: str = ""
    event_uid: str | None = None  # a sign-in list: its people become this event's participants
    unmapped: list[str] = field(default_factory=list)  # headers of columns with data not read
    encodings: dict[str, Counter] = field(default_factory=dict)  # column header → cells per code

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.duplicate]

    @property
    def rejected(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.rejected]

    @property
    def left_out(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.left_out]

    @property
    def records(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.left_out]

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


_NAME_CASED = (*_NAME_FIELDS, "hamlet")
_FREE_TEXT = ("position", "organisation", "address", "notes", "place")


def _read_cell(value: str, column: Column | None) -> tuple[str, str]:
    """A text cell's value in Unicode and the encoding it was read in."""
    if column is None:
        return legacy.decode_cell(value)
    if column.reading == legacy.AUTO:
        return legacy.decode_cell(value, column.hint)
    return legacy.decode(value, column.reading), column.reading


def _decoded_rows(sheet: Sheet, layout: Layout, read_as: dict[int, list[tuple[str, str]]]):
    """(row number, cells) of the table, each text cell read in its own encoding; `read_as`
    gets, per row number, the (column header, encoding) of each non-ASCII mapped cell, which
    the preview counts for the rows that are records."""
    by_index = {c.index: c for c in layout.columns}
    mapped = {c.index for c in layout.field_columns().values()}
    for row in sheet.rows[layout.data_start :]:
        cells = list(row.cells)
        for index, value in enumerate(cells):
            if not isinstance(value, str) or value.isascii():
                continue  # numbers, dates and ASCII text read the same in every encoding
            column = by_index.get(index)
            text, encoding = _read_cell(value, column)
            if index in mapped:
                assert column is not None, "a mapped index is one of the layout's columns"
                read_as.setdefault(row.number, []).append((column.header, encoding))
            if encoding == legacy.TCVN3 and column is not None and column.field in _NAME_CASED:
                text = legacy.capitalise_words(text)
            cells[index] = text
        yield row.number, cells


def _field_values(cells: list[Any], layout: Layout, notes: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, column in layout.field_columns().items():
        value = cells[column.index] if column.index < len(cells) else None
        if isinstance(value, str):
            if has_control_characters(value):
                notes.append(
                    _("Đã bỏ ký tự điều khiển không in được trong ô “{field}”.").format(
                        field=column.header or name
                    )
                )
            value = clean(value)
            if name in _NAME_CASED:
                value = name_case(value)
        if not v.is_blank(value):
            values[name] = value
    return values


def _unmapped(sheet: Sheet, layout: Layout) -> list[str]:
    """The headers (or "cột H") of columns that hold data but fill no field."""
    names = []
    for column in layout.columns:
        if column.field:
            continue
        has_data = any(
            column.index < len(r.cells) and r.cells[column.index] is not None
            for r in sheet.rows[layout.data_start :]
        )
        if has_data:
            letter = column_letter(column.index)
            names.append(f"“{column.header}” ({letter})" if column.header else letter)
    return names


def column_letter(index: int) -> str:
    """ "cột A", "cột AB": how Excel names a column, for messages."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return _("cột {letter}").format(letter=letters)


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
    if key not in plan.new_hamlets:
        plan.new_hamlets[key] = v.hamlet_display_name(raw)
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
    for name in ("birth_year", "birth_date"):
        if note := v.two_digit_year_note(cells.get(name), year):
            row.notes.append(note)
    for name, gender in (("birth_year_male", "nam"), ("birth_year_female", "nu")):
        if name in cells:
            if search_key(v.text(cells[name])) != "x":
                year = year or _parse(row, cells, name, v.parse_birth_year)
            return year, gender
    return year, None


def _phone(row: PlannedRow, cells: dict[str, Any], extra: list[str]) -> str:
    """The first number goes to the phone field; the others to the notes, and the preview
    says so (a cell with two numbers keeps both)."""
    numbers = _parse(row, cells, "phone", v.parse_phones) or []
    if len(numbers) > 1:
        others = ", ".join(numbers[1:])
        extra.append(_("Số điện thoại khác: {numbers}").format(numbers=others))
        row.notes.append(
            _(
                "Ô điện thoại có {count} số: số đầu ghi vào “Số điện thoại”, {others} ghi vào "
                "“Ghi chú”."
            ).format(count=len(numbers), others=others)
        )
    return numbers[0] if numbers else ""


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
        phone=_phone(row, cells, extra),
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
    counts: dict[str, Any] = {  # ints, spread by name over EventInput's count fields
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


def exact_name(name: str) -> str:
    """Names compare with their tone marks: "Dụng", "Dung" and "Dũng" are three people."""
    return clean(name).casefold()


def _people_register(db: sqlite_utils.Database) -> dict[tuple, list[Match]]:
    """Every live person by (search key, birth year, hamlet), read once for the whole file; each
    match carries its exact key so a look-alike is told from the same person."""
    table: dict[tuple, list[Match]] = {}
    rows = db.conn.execute(
        """SELECT p.uid, p.full_name, p.search_key, p.birth_year, p.hamlet_uid,
                  COALESCE(h.name, '') AS hamlet_name
           FROM person p LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
           WHERE p.deleted_at IS NULL"""
    )
    for r in rows:
        label = f"{r['full_name']} ({r['birth_year'] or '?'}, {r['hamlet_name'] or '-'})"
        loose = (r["search_key"], r["birth_year"], r["hamlet_uid"])
        exact = (exact_name(r["full_name"]), r["birth_year"], r["hamlet_uid"])
        table.setdefault(loose, []).append(Match(r["uid"], label, exact))
    return table


def _events_register(db: sqlite_utils.Database, campaign_uid: str) -> dict[tuple, list[Match]]:
    table: dict[tuple, list[Match]] = {}
    rows = db.conn.execute(
        "SELECT uid, title, start_date, place, hamlet_uid FROM event "
        "WHERE deleted_at IS NULL AND campaign_uid = ?",
        [campaign_uid],
    )
    for r in rows:
        label = f"{r['title']} ({formats.date(r['start_date'])}, {r['place'] or '-'})"
        loose = (search_key(r["title"]), r["start_date"], search_key(r["place"]), r["hamlet_uid"])
        exact = (exact_name(r["title"]), *loose[1:])
        table.setdefault(loose, []).append(Match(r["uid"], label, exact))
    return table


def _keys(row: PlannedRow) -> tuple[tuple, tuple]:
    if row.keys is None:
        loose = _loose_key(row)
        name = row.data.full_name if isinstance(row.data, people.PersonInput) else row.data.title
        row.keys = ((exact_name(name), *loose[1:]), loose)
    return row.keys


def loose_key(row: PlannedRow) -> tuple:
    """What two rows share when they may be the same person (or event): names without marks."""
    return _keys(row)[1]


def _loose_key(row: PlannedRow) -> tuple:
    data = row.data
    if isinstance(data, people.PersonInput):
        hamlet = data.hamlet_uid or (f"new:{row.new_hamlet}" if row.new_hamlet else None)
        return (search_key(data.full_name), data.birth_year, hamlet)
    hamlet = data.hamlet_uid or (f"new:{row.new_hamlet}" if row.new_hamlet else None)
    return (search_key(data.title), data.start_date, search_key(data.place), hamlet)


def duplicate_key(row: PlannedRow) -> tuple:
    """What two rows share when they are the same person: the same name with its marks, birth
    year and hamlet (for events: title, date, place and hamlet)."""
    return _keys(row)[0]


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
            start_date=formats.date(data.start_date),
            end_date=formats.date(data.end_date),
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
    with table.bulk_work():
        return _build(db, sheet, layout, campaign_uid)


def _build(db, sheet: Sheet, layout: Layout, campaign_uid: str | None) -> ImportPlan:
    cats = _Catalogues.load(db, campaign_uid)
    plan = ImportPlan(layout.kind, [], {}, set(), campaign_uid, sheet_name=sheet.name)
    plan.unmapped = _unmapped(sheet, layout)
    if layout.kind == PEOPLE:
        register = _people_register(db)
    else:
        assert campaign_uid, "build_plan refuses events without a campaign"
        register = _events_register(db, campaign_uid)
    seen: dict[tuple, int] = {}  # exact key → the first row that has it
    seen_loose: dict[tuple, int] = {}
    read_as: dict[int, list[tuple[str, str]]] = {}
    for number, cells, reason in _table_rows(sheet, layout, read_as):
        if reason:
            plan.rows.append(PlannedRow(number, _raw_shown(cells, layout), left_out=reason))
            continue
        _count_encodings(plan, read_as.pop(number, []))
        notes: list[str] = []
        values = _field_values(cells, layout, notes)
        if not values:
            continue
        row = _plan_row(db, number, values, cats, plan)
        row.notes[:0] = notes
        if not row.rejected:
            _compare(row, register, seen, seen_loose)
        plan.rows.append(row)
    if not plan.records:
        raise UserError(
            _(
                "Trang “{sheet}” không có dòng dữ liệu nào để nhập (chỉ có tiêu đề, tổng cộng "
                "hoặc phần ký tên). Không có gì được ghi."
            ).format(sheet=sheet.name),
            "nothing to import",
        )
    plan.create_hamlets = set(plan.new_hamlets)
    return plan


def _table_rows(sheet: Sheet, layout: Layout, read_as: dict[int, list[tuple[str, str]]]):
    header_keys = [search_key(c.header) for c in layout.columns]
    stt = next((c.index for c in layout.columns if c.field == IGNORE), None)
    free = frozenset(c.index for c in layout.columns if c.field in _FREE_TEXT)
    decoded = _decoded_rows(sheet, layout, read_as)
    return table.classify(decoded, header_keys, stt=stt, free_text=free)


def _count_encodings(plan: ImportPlan, cells: list[tuple[str, str]]) -> None:
    for header, encoding in cells:
        counts = plan.encodings.get(header)
        if counts is None:
            counts = plan.encodings[header] = Counter()
        counts[encoding] += 1


def _raw_shown(cells: list[Any], layout: Layout) -> dict[str, str]:
    """A left-out row previewed as it was read: its text in the name (title) column."""
    text = " | ".join(v.text(c) for c in cells if not v.is_blank(c))
    return {"full_name" if layout.kind == PEOPLE else "title": text}


def _compare(
    row: PlannedRow,
    register: dict[tuple, list[Match]],
    seen: dict[tuple, int],
    seen_loose: dict[tuple, int],
) -> None:
    """The same record (exact name) is a duplicate, skipped unless told; a look-alike that
    differs only in tone marks is "có thể trùng", added unless the officer says otherwise."""
    key, loose = duplicate_key(row), loose_key(row)
    found = [] if row.new_hamlet and not row.data.hamlet_uid else register.get(loose, [])
    row.matches = [m for m in found if m.exact == key]
    row.maybe = [m for m in found if m.exact != key]
    row.same_as = seen.get(key)
    if row.same_as is None and seen_loose.get(loose) is not None:
        row.maybe_same_as = seen_loose[loose]
    seen.setdefault(key, row.number)
    seen_loose.setdefault(loose, row.number)
    row.decision = ADD if row.possible or not row.duplicate else SKIP


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
