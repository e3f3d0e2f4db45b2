"""Which column is which: the header row found under any title rows, and its cells matched to
the fields of a person or an event in the spellings commune lists use, with or without
diacritics (and in TCVN3/VNI when the header was typed in an old font).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.i18n import N_, _
from desktop.core.listimport import legacy_encodings as legacy
from desktop.core.listimport import readers
from desktop.core.listimport import rows as table
from desktop.core.listimport.readers import Row, Sheet
from desktop.core.text import search_key

PEOPLE, EVENTS = "people", "events"
KINDS = (PEOPLE, EVENTS)
IGNORE = "stt"
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # N_() marked; translate where shown
    synonyms: tuple[str, ...]  # search keys, most specific first
    required: bool = False


_COMMON = (
    Field(IGNORE, N_("Số thứ tự (bỏ qua)"), ("stt", "tt", "so tt", "so thu tu", "thu tu")),
    Field("notes", N_("Ghi chú"), ("ghi chu", "gc", "ghi chu khac")),
)

PEOPLE_FIELDS = (
    Field(
        "full_name",
        N_("Họ và tên"),
        (
            "ho va ten",
            "ho ten",
            "ho & ten",
            "ho, ten",
            "ten nguoi",
            "ten nguoi tham gia",
            "nguoi tham gia",
            "ho va ten nguoi tham gia",
            "full name",
            "name",
        ),
        required=True,
    ),
    Field("family_name", N_("Họ và tên đệm"), ("ho va ten dem", "ho va chu lot", "ho lot", "ho")),
    Field("given_name", N_("Tên"), ("ten", "ten goi")),
    Field("birth_year", N_("Năm sinh"), ("nam sinh", "ns", "sinh nam", "nam sinh nam/nu")),
    Field(
        "birth_date",
        N_("Ngày sinh"),
        (
            "ngay sinh",
            "ngay thang nam sinh",
            "sinh ngay",
            "ngay/thang/nam sinh",
            "ngay, thang, nam sinh",
        ),
    ),
    Field("birth_year_male", N_("Năm sinh (cột Nam)"), ("nam sinh nam", "nam")),
    Field("birth_year_female", N_("Năm sinh (cột Nữ)"), ("nam sinh nu", "nu")),
    Field("gender", N_("Giới tính"), ("gioi tinh", "gioi", "phai", "gt", "nam/nu", "nam, nu")),
    Field("ethnicity", N_("Dân tộc"), ("dan toc", "thanh phan dan toc")),
    Field("religion", N_("Tôn giáo"), ("ton giao", "tg", "dao")),
    Field(
        "hamlet",
        N_("Ấp, khu phố"),
        (
            "ap/khu pho",
            "ap, khu pho",
            "ap",
            "khu pho",
            "ap/kp",
            "kp",
            "thon",
            "to dan pho",
            "xom",
            "ban",
            "thon/xom",
            "ap (khu pho)",
            "ap, kp",
            "thon, to dan pho",
        ),
    ),
    Field(
        "address",
        N_("Địa chỉ"),
        (
            "dia chi",
            "noi o",
            "cho o",
            "noi cu tru",
            "thuong tru",
            "dia chi thuong tru",
            "noi o hien nay",
            "dia chi lien he",
            "cho o hien nay",
        ),
    ),
    Field(
        "phone",
        N_("Số điện thoại"),
        (
            "so dien thoai",
            "dien thoai",
            "sdt",
            "sđt",
            "dt di dong",
            "dt lien he",
            "dt",
            "so dt",
            "di dong",
            "phone",
            "dien thoai lien he",
        ),
    ),
    Field(
        "national_id",
        N_("Số CCCD/CMND"),
        (
            "cccd",
            "so cccd",
            "cmnd",
            "so cmnd",
            "cmnd/cccd",
            "cccd/cmnd",
            "so cccd/cmnd",
            "so cmnd/cccd",
            "can cuoc cong dan",
            "so dinh danh",
            "so dinh danh ca nhan",
            "can cuoc",
        ),
    ),
    Field("position", N_("Chức vụ"), ("chuc vu", "chuc danh", "cv", "chuc vu, chuc danh")),
    Field(
        "organisation",
        N_("Cơ quan, đoàn thể"),
        (
            "don vi",
            "co quan",
            "to chuc",
            "doan the",
            "noi cong tac",
            "co quan, don vi",
            "don vi cong tac",
            "thanh phan",
        ),
    ),
    *_COMMON,
)

EVENTS_FIELDS = (
    Field(
        "title",
        N_("Tên sự kiện"),
        (
            "ten su kien",
            "ten hoat dong",
            "noi dung",
            "noi dung hoat dong",
            "su kien",
            "hoat dong",
            "ten",
            "ten chuong trinh",
        ),
        required=True,
    ),
    Field(
        "start_date",
        N_("Ngày"),
        (
            "ngay",
            "ngay to chuc",
            "thoi gian",
            "ngay bat dau",
            "tu ngay",
            "ngay thuc hien",
            "thoi gian to chuc",
            "ngay thang",
        ),
        required=True,
    ),
    Field("end_date", N_("Ngày kết thúc"), ("ngay ket thuc", "den ngay")),
    Field(
        "event_type", N_("Loại sự kiện"), ("loai su kien", "loai", "loai hoat dong", "hinh thuc")
    ),
    Field("place", N_("Địa điểm"), ("dia diem", "noi to chuc", "dia diem to chuc")),
    Field("hamlet", N_("Ấp, khu phố"), ("ap/khu pho", "ap, khu pho", "ap", "khu pho", "thon")),
    Field("status", N_("Trạng thái"), ("trang thai", "tinh trang")),
    Field(
        "count_total",
        N_("Số người"),
        (
            "so nguoi",
            "so nguoi tham gia",
            "tong so",
            "so luong",
            "so nguoi du",
            "sl",
            "tong so nguoi",
            "so luot nguoi",
        ),
    ),
    Field("count_women", N_("Phụ nữ"), ("phu nu", "nu", "so phu nu")),
    Field("count_youth", N_("Thanh niên"), ("thanh nien", "doan vien thanh nien")),
    Field(
        "count_ethnic",
        N_("Đồng bào dân tộc thiểu số"),
        ("dan toc thieu so", "dong bao dan toc", "dtts", "dong bao dtts"),
    ),
    Field(
        "count_religious",
        N_("Chức sắc, tín đồ tôn giáo"),
        ("ton giao", "chuc sac", "tin do", "chuc sac, tin do"),
    ),
    Field(
        "count_students",
        N_("Học sinh, sinh viên"),
        ("hoc sinh", "sinh vien", "hoc sinh, sinh vien"),
    ),
    *_COMMON,
)

FIELDS = {PEOPLE: PEOPLE_FIELDS, EVENTS: EVENTS_FIELDS}


def fields(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


@dataclass
class Column:
    """One column of the sheet: its header, the field it fills and how its text is read."""

    index: int
    header: str
    field: str | None = None
    encoding: str = legacy.AUTO  # cell by cell, unless the user chooses one for the column
    convert: bool = True  # the user may turn the conversion off
    samples: list[str] = dataclass_field(default_factory=list)
    hint: str = legacy.UNICODE  # the column's usual encoding: breaks a TCVN3/VNI tie in a cell

    @property
    def reading(self) -> str:
        return self.encoding if self.convert else legacy.UNICODE


def _key(header: str) -> str:
    key = search_key(header)
    key = re.sub(r"\(.*?\)", " ", key) if not re.fullmatch(r"\(.*\)", key) else key
    key = re.sub(r"[^\w/,&]+", " ", key)
    return " ".join(key.replace(" ,", ",").split())


def header_text(value: object) -> str:
    """A header cell as text, read as TCVN3 or VNI when that makes it a better header: a known
    one, in Vietnamese words (stripping diacritics alone would match "Äp" to "ấp")."""
    raw = "" if value is None else str(value).strip()
    if raw.isascii():
        return raw
    everything = PEOPLE_FIELDS + EVENTS_FIELDS

    def score(text: str) -> tuple[int, int]:
        words = legacy.words(text)
        return _best_field(_key(text), everything)[1], sum(map(legacy.is_vietnamese_word, words))

    readings = [raw] + [legacy.decode(raw, e) for e in (legacy.TCVN3, legacy.VNI)]
    best = max(readings, key=score)  # the first (as typed) wins a tie
    return best if best == raw else best[:1].upper() + best[1:]  # ABC fonts had no "Ấ"


# The hamlet level in every region's words (search keys); a header made only of them, joined
# by "/", ",", "-", "hoặc" or "và" ("Ấp/Khóm", "Thôn, Tổ dân phố", "Phum/Sóc") is the hamlet.
HAMLET_WORDS = (
    "ap",
    "khom",
    "thon",
    "xom",
    "ban",
    "buon",
    "lang",
    "plei",
    "play",
    "phum",
    "soc",
    "to dan pho",
    "tdp",
    "khu pho",
    "kp",
    "khu dan cu",
    "kdc",
    "khu",
    "to",
    "to tu quan",
    "ten ap",
    "ten thon",
)
_HAMLET_JOINS = re.compile(r"\s*(?:/|,|-|&|\(|\)|\bhoac\b|\bva\b)\s*")


def is_hamlet_header(key: str) -> bool:
    """True for "ap", "ap/khom", "thon, to dan pho", "phum/soc", "ap (khom)"…"""
    parts = [p for p in _HAMLET_JOINS.split(key) if p.strip()]
    return bool(parts) and all(p.strip() in HAMLET_WORDS for p in parts)


def _best_field(key: str, candidates: tuple[Field, ...]) -> tuple[str | None, int]:
    """(field, score): 3 for a spelling it is known by, 2 when a known spelling starts the
    header ("Họ và tên người dự"), 1 when one is a whole word inside it."""
    if is_hamlet_header(key) and any(item.key == "hamlet" for item in candidates):
        return "hamlet", 3
    best: tuple[str | None, int, int] = (None, 0, 0)
    for item in candidates:
        for synonym in item.synonyms:
            if key == synonym:
                score = 3
            elif key.startswith(synonym + " ") or key.startswith(synonym + ","):
                score = 2
            elif f" {synonym} " in f" {key} " and len(synonym) > 3:
                score = 1
            else:
                continue
            if (score, len(synonym)) > best[1:]:
                best = (item.key, score, len(synonym))
    return best[0], best[1]


def guess_fields(headers: list[str], kind: str) -> list[str | None]:
    """The field of each header (None if unknown); each field goes to its best column."""
    scored = []
    for index, header in enumerate(headers):
        name, score = _best_field(_key(header), fields(kind))
        if name:
            scored.append((score, -index, index, name))
    result: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for _score, _order, index, name in sorted(scored, reverse=True):
        if name not in taken or name == IGNORE:
            result[index] = name
            taken.add(name)
    if "full_name" in taken:
        result = [None if f in ("family_name", "given_name") else f for f in result]
    return result


def _row_score(row: Row, kind: str) -> int:
    texts = [header_text(c) for c in row.cells if isinstance(c, str)]
    return sum(_best_field(_key(t), fields(kind))[1] for t in texts)


def find_header_row(sheet: Sheet, kind: str) -> int:
    """Index in `sheet.rows` of the header: the row among the first few whose cells look most
    like headers; title rows above it ("DANH SÁCH NGƯỜI THAM GIA…", merged) score low."""
    candidates = sheet.rows[:HEADER_SEARCH_ROWS]
    if not candidates:
        return 0
    scores = [(_row_score(row, kind), -i) for i, row in enumerate(candidates)]
    return -max(scores)[1]


def _sub_header(sheet: Sheet, index: int, kind: str) -> Row | None:
    """The row under a two-line header ("Năm sinh" over "Nam | Nữ"), if there is one."""
    if index + 1 >= len(sheet.rows):
        return None
    below = sheet.rows[index + 1]
    texts = [c for c in below.cells if c is not None]
    if not texts or not all(isinstance(c, str) for c in texts):
        return None
    known = [c for c in texts if _best_field(_key(header_text(c)), fields(kind))[1] >= 2]
    return below if len(known) == len(texts) else None


@dataclass
class Layout:
    """Where the data is: header row(s) and the columns with their guessed fields."""

    kind: str
    header_index: int
    data_start: int  # index in sheet.rows of the first data row
    columns: list[Column]

    def field_columns(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field and c.field != IGNORE}


def _headers(sheet: Sheet, index: int, kind: str) -> tuple[list[str], int]:
    header = sheet.rows[index]
    width = max(sheet.width, len(header.cells))
    texts = [header_text(header.cells[i]) if i < len(header.cells) else "" for i in range(width)]
    sub = _sub_header(sheet, index, kind)
    if sub is None:
        return texts, index + 1
    parent = ""
    for i in range(width):
        below = header_text(sub.cells[i]) if i < len(sub.cells) else ""
        parent = texts[i] or parent
        if below:
            texts[i] = f"{parent} {below}".strip() if parent else below
    return texts, index + 2


def _sheet_score(sheet: Sheet, kind: str) -> int:
    if not sheet.rows:
        return -1
    return _row_score(sheet.rows[find_header_row(sheet, kind)], kind)


def choose_sheet(path, kind: str, sheet: str | None = None) -> Sheet:
    """The sheet named `sheet`, or else the one holding the list: the first whose header looks
    most like a list of `kind` (an empty first sheet or a cover sheet is passed over)."""
    if sheet:
        return readers.read_sheet(path, sheet)
    sheets = readers.read_sheets(path)
    scored = [(_sheet_score(s, kind), -i) for i, s in enumerate(sheets)]
    if not sheets or max(scored)[0] < 0:
        raise UserError(
            _("Tệp “{name}” không có dữ liệu: mọi trang tính đều trống.").format(
                name=Path(path).name
            ),
            "every sheet empty",
        )
    return sheets[-max(scored)[1]]


def _sample(value: object) -> str:
    """A cell as the column page shows it: 1975, not 1975.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def guess_layout(sheet: Sheet, kind: str, header_index: int | None = None) -> Layout:
    """Header row (unless given: an index in `sheet.rows`), fields and each column's encoding,
    as a first guess the user corrects."""
    if not sheet.rows:
        raise UserError(
            _("Trang “{sheet}” trống, không có danh sách để nhập.").format(sheet=sheet.name),
            f"sheet {sheet.name} empty",
        )
    index = find_header_row(sheet, kind) if header_index is None else header_index
    texts, start = _headers(sheet, index, kind)
    names = guess_fields(texts, kind)
    keys = [search_key(t) for t in texts]
    data = [  # samples and encodings from records, not the column numbers or a page's header
        r
        for r in sheet.rows[start:]
        if not (table.is_numbering(r.cells) or table.is_repeated_header(r.cells, keys))
    ]
    columns = []
    for i, (text, name) in enumerate(zip(texts, names, strict=True)):
        values = [r.cells[i] for r in data if i < len(r.cells) and isinstance(r.cells[i], str)]
        column = Column(i, text, name, hint=legacy.detect(values))
        filled = (r.cells[i] for r in data if i < len(r.cells) and r.cells[i] is not None)
        column.samples = [_sample(v) for v, _ in zip(filled, range(3), strict=False)]
        columns.append(column)
    return Layout(kind, index, start, columns)
