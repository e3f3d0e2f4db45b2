"""A demo commune filled with realistic data, and a large one for the benchmark.

The demo lets a new user (or a trainer) see every register full before typing anything: one
festival campaign, 8–12 hamlets, ~1,500 people, ~60 events peaking at the 19 August festival,
named participants and outcomes. Everything is written in one transaction with bulk inserts so
it takes a couple of seconds, yet every row is exactly what the services write: the inputs go
through the services' own `validate` and value functions and get uid, unit code, rev 1 and
timestamps the way `records.insert` gives them; the change-log triggers fire as usual.

Content is deterministic for a seed (`random.Random(seed)`); only uids and timestamps differ
between runs, as they would for rows typed by hand. "Today" decides which events are past (held,
a few cancelled) and which are still planned; tests pass it explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from desktop.core import (
    attendance,
    audit,
    catalogues,
    events,
    formats,
    office,
    outcomes,
    people,
    records,
    units,
)
from desktop.core.events import EventInput
from desktop.core.outcomes import OutcomeInput
from desktop.core.paths import resource_path
from desktop.core.people import PersonInput
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_PROVINCE = "91"  # An Giang

# Families of the Khmer and Hoa communities of the Mekong delta: they decide the ethnicity.
_KHMER_FAMILIES = frozenset({"Danh", "Thạch", "Sơn", "Kim"})
_HOA_FAMILIES = frozenset({"Lâm", "Quách", "Diệp", "Tăng", "Lữ", "La", "Lưu", "Tạ", "Châu"})
# Religion codes of Decision 1019/QĐ-TCTK with a plausible An Giang mix (Hòa Hảo is strong there).
_COMMON_MIDDLE_SHARE = 0.35
_RELIGION_WEIGHTS = {"00": 44, "01": 20, "03": 18, "02": 8, "05": 7, "08": 2, "04": 1}

# Head-count ranges per event type, and the share of it recorded by name.
_COUNT_RANGES = {
    "tham_muu": (12, 30),
    "tuyen_truyen": (40, 180),
    "chon_diem": (10, 25),
    "cong_trinh_chao_mung": (30, 120),
    "tham_hoi_tang_qua": (20, 60),
    "le_xa": (300, 600),
    "hoi_xa": (250, 700),
    "le_ap": (80, 220),
    "hoi_ap": (100, 300),
    "ngay_hoi_co_quan": (60, 150),
    "ngay_hoi_truong_hoc": (300, 800),
    "khen_thuong": (80, 200),
    "ra_mat_mo_hinh": (40, 120),
    "ky_cam_ket": (50, 200),
    "giao_nop_vu_khi": (20, 80),
    "so_ket": (30, 60),
    "tong_ket": (40, 90),
    "hop_khac": (15, 60),
}
_NAMED_SHARE = (0.15, 0.4)
_FESTIVAL_TYPES = frozenset({"le_xa", "hoi_xa", "khen_thuong"})
_FESTIVAL_PLACES = ("Nhà văn hóa {hamlet}", "Sân vận động xã", "Trung tâm Văn hóa - Thể thao xã")
_FIXED_LEVELS = {"ngay_hoi_co_quan": "co_quan", "ngay_hoi_truong_hoc": "truong_hoc"}
_ORGANISERS = {
    "tham_muu": "dang_uy_xa",
    "khen_thuong": "ubnd_xa",
    "tham_hoi_tang_qua": "mttq_xa",
    "ky_cam_ket": "mttq_xa",
    "hoi_xa": "doan_thanh_nien_xa",
    "hoi_ap": "ban_cong_tac_mat_tran",
    "le_ap": "ban_cong_tac_mat_tran",
    "ngay_hoi_truong_hoc": "truong_hoc",
}
# Filler activities that run all year, in the proportions a commune reports them.
_FILLER_TYPES = ("tuyen_truyen", "tuyen_truyen", "tuyen_truyen", "hop_khac", "giao_nop_vu_khi")


@cache
def _names() -> dict[str, Any]:
    """The demo name lists of resources/demo/names.json."""
    return json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Hamlet:
    uid: str
    name: str

    @property
    def in_sentence(self) -> str:
        """ "ấp Tân Hòa": a hamlet's name inside a sentence starts in lower case."""
        return self.name[:1].lower() + self.name[1:]


@dataclass
class _Demo:
    """What every step of the generator needs: the randomness, the office and its catalogues."""

    db: sqlite_utils.Database
    rng: random.Random
    today: dt.date
    year: int
    campaign_uid: str
    unit_code: str
    commune: str
    stamp: str
    hamlets: list[_Hamlet] = field(default_factory=list)
    type_uids: dict[str, str] = field(default_factory=dict)
    indicator_uids: dict[str, str] = field(default_factory=dict)
    organiser_uids: dict[str, str] = field(default_factory=dict)
    person_uids: list[str] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)
    residents: dict[str, list[int]] = field(default_factory=dict)
    named_targets: list[int] = field(default_factory=list)
    outcome_count: int = 0

    def row(self, values: dict[str, Any]) -> dict[str, Any]:
        """A synced row as `records.insert` writes it: uid, unit, rev 1, timestamps, values."""
        return {
            "uid": records.new_uid(),
            "unit_code": self.unit_code,
            "rev": 1,
            "created_at": self.stamp,
            "updated_at": self.stamp,
            **values,
        }

    def fill(self, template: str, hamlet: _Hamlet | None = None) -> str:
        hamlet_text = hamlet.in_sentence if hamlet else ""
        return template.format(hamlet=hamlet_text, commune=self.commune, year=self.year)


@dataclass(frozen=True)
class _Slot:
    """One event of the schedule before it gets a title and head-counts."""

    type_code: str
    start: dt.date
    hamlet: _Hamlet | None = None
    days: int = 0


@dataclass
class _Event:
    uid: str
    slot: _Slot
    data: EventInput


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run created, for the CLI and the first-run wizard to report."""

    campaign_uid: str
    commune_name: str
    hamlets: int
    people: int
    events: int
    attendance: int
    outcomes: int


def default_commune_code() -> str:
    """The first commune (xã) of An Giang: ấp hamlets, a Mekong delta setting as the names."""
    communes = units.communes(DEFAULT_PROVINCE)
    return next((c.code for c in communes if c.division_type == "xã"), communes[0].code)


def create_demo_commune(
    db: sqlite_utils.Database,
    commune_code: str | None = None,
    year: int | None = None,
    seed: int = 2026,
    people: int = 1500,
    events: int = 60,
    *,
    today: dt.date | None = None,
) -> str:
    """Set up an empty database as a demo commune full of plausible records; returns the campaign.

    Raises `ValidationError` (from `office.set_up_commune`) if the office is already set up or the
    commune code is not official; nothing is written then.
    """
    return build_commune(db, commune_code, year, seed, people, events, today=today).campaign_uid


def generate_large_commune(
    db: sqlite_utils.Database,
    people: int = 50_000,
    events: int = 5_000,
    attendance: int = 200_000,
    seed: int = 19_08,
    *,
    today: dt.date | None = None,
) -> DemoSummary:
    """The benchmark's large commune: the demo's code path, scaled, all in last year (held)."""
    today = today or dt.date.today()
    return build_commune(
        db, None, today.year - 1, seed, people, events, attendance=attendance, today=today
    )


def build_commune(
    db: sqlite_utils.Database,
    commune_code: str | None,
    year: int | None,
    seed: int,
    people: int,
    events: int,
    *,
    attendance: int | None = None,
    today: dt.date | None = None,
) -> DemoSummary:
    """Generate the whole commune in one transaction; `attendance` fixes the named total."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    year = year or today.year
    code = commune_code or default_commune_code()
    # The rows are synthetic: the audit entry sums them up instead of listing 200,000 of them.
    with audit.action(db, Permission.MANAGE_KEYS, "demo.create", capture=False) as entry:
        demo = _set_up_office(db, rng, code, year, today)  # refuses a bad commune code
        entry.subject = units.commune(code).name
        _add_hamlets(demo)
        _add_people(demo, people)
        planned = _add_events(demo, events, attendance)
        named = _add_attendance_and_outcomes(demo, planned)
        _add_campaign_outcomes(demo)
        entry.detail.update(people=len(demo.person_names), events=len(planned), named=named)
    return DemoSummary(
        demo.campaign_uid,
        units.commune(code).name,
        len(demo.hamlets),
        len(demo.person_names),
        len(planned),
        named,
        demo.outcome_count,
    )


# --- office, hamlets, people ------------------------------------------------------------------


def _random_name(rng: random.Random, gender: str) -> str:
    names = _names()
    families = names["family"]
    family = rng.choices([f for f, _ in families], [w for _, w in families])[0]
    suffix = "male" if gender == "nam" else "female"
    middles = names[f"middle_{suffix}"]
    # "Văn" and "Thị" (first in the lists) are far the most common middle names.
    middle = middles[0] if rng.random() < _COMMON_MIDDLE_SHARE else rng.choice(middles)
    given = rng.choice(names[f"given_{suffix}"])
    return f"{family} {middle} {given}"


def _phone(rng: random.Random) -> str:
    return rng.choice(_names()["phone_prefixes"]) + f"{rng.randrange(10**7):07d}"


def _proper_name(division: units.Division) -> str:
    """ "Xã An Biên" → "An Biên": the templates put "xã" in front themselves."""
    prefix = division.division_type.lower() + " "
    name = division.name
    return name[len(prefix) :] if name.lower().startswith(prefix) else name


def _set_up_office(
    db: sqlite_utils.Database, rng: random.Random, code: str, year: int, today: dt.date
) -> _Demo:
    setup = office.OfficeSetup(
        commune_code=code,
        head_name=_random_name(rng, "nam"),
        officer_name=_random_name(rng, rng.choice(("nam", "nu"))),
        officer_phone=_phone(rng),
        year=year,
    )
    campaign_uid = office.set_up_commune(db, setup)
    demo = _Demo(
        db=db,
        rng=rng,
        today=today,
        year=year,
        campaign_uid=campaign_uid,
        unit_code=records.self_unit_code(db),
        commune=_proper_name(units.commune(code)),
        stamp=records.now_iso(),
    )
    demo.type_uids = {i.code: i.uid for i in catalogues.event_types(db, campaign_uid)}
    demo.indicator_uids = {i.code: i.uid for i in catalogues.indicators(db, campaign_uid)}
    demo.organiser_uids = {i.code: i.uid for i in catalogues.organisations(db)}
    return demo


def _add_hamlets(demo: _Demo) -> None:
    """8–12 hamlets: ấp for a xã, khu phố for a phường."""
    ward = units.commune(demo.unit_code).division_type == "phường"
    prefix, kind = ("Khu phố", "khu_pho") if ward else ("Ấp", "ap")
    pool = [n for n in _names()["hamlet_names"] if n.startswith(prefix)]
    count = min(demo.rng.randint(8, 12), len(pool))
    for name in demo.rng.sample(pool, count):
        uid = catalogues.add_hamlet(demo.db, name, kind)
        demo.hamlets.append(_Hamlet(uid, name))


def _ethnicity(rng: random.Random, family: str) -> str:
    if family in _KHMER_FAMILIES and rng.random() < 0.9:
        return "05"
    if family in _HOA_FAMILIES and rng.random() < 0.4:
        return "04"
    return "01"


def _religion(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == "05" and rng.random() < 0.9:
        return "01"  # Khmer Theravada Buddhism
    return rng.choices(list(_RELIGION_WEIGHTS), list(_RELIGION_WEIGHTS.values()))[0]


def _position(rng: random.Random, birth_year: int, year: int) -> str:
    age = year - birth_year
    if age <= 18:
        return "Học sinh"
    if age <= 22 and rng.random() < 0.5:
        return "Sinh viên"
    if rng.random() < 0.7:
        return ""
    choices = [p for p in _names()["positions"] if p not in ("Học sinh", "Sinh viên")]
    return rng.choice(choices)


def _person_input(demo: _Demo) -> PersonInput:
    rng = demo.rng
    gender = rng.choice(("nam", "nu"))
    full_name = _random_name(rng, gender)
    birth_year = int(rng.triangular(1945, 2010, 1982))
    ethnicity = _ethnicity(rng, full_name.split(" ")[0])
    hamlet = rng.choice(demo.hamlets)
    return PersonInput(
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        ethnicity_code=ethnicity,
        religion_code=_religion(rng, ethnicity),
        hamlet_uid=hamlet.uid,
        address=f"Tổ {rng.randint(1, 15)}, {hamlet.name}",
        phone=_phone(rng) if rng.random() < 0.7 else "",
        position=_position(rng, birth_year, demo.year),
    )


def _add_people(demo: _Demo, count: int) -> None:
    """`count` people, none of whom `people.possible_duplicates` would flag."""
    seen: set[tuple[str, int | None, str | None]] = set()
    rows: list[dict[str, Any]] = []
    while len(rows) < count:
        data = people.validate(_person_input(demo), today=demo.today)
        values = people._values(data)
        key = (values["search_key"], data.birth_year, data.hamlet_uid)
        if key in seen:
            continue
        seen.add(key)
        demo.residents.setdefault(data.hamlet_uid or "", []).append(len(rows))
        demo.person_names.append(data.full_name)
        rows.append(demo.row(values))
        demo.person_uids.append(rows[-1]["uid"])
    _insert_rows(demo.db, "person", rows)


# --- events -----------------------------------------------------------------------------------


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _festival_slots(demo: _Demo) -> list[_Slot]:
    """The activities of the plan around the festival, most important first."""
    rng, year, hamlets = demo.rng, demo.year, demo.hamlets
    festival = dt.date(year, 8, 19)
    site = rng.choice(hamlets)
    slots = [
        _Slot("le_xa", festival, site),
        _Slot("hoi_xa", festival, site),
        _Slot("khen_thuong", festival, site),
        _Slot("tham_muu", _day(rng, dt.date(year, 3, 2), dt.date(year, 3, 25))),
        _Slot("chon_diem", _day(rng, dt.date(year, 6, 1), dt.date(year, 6, 25)), site),
        _Slot("tham_muu", _day(rng, dt.date(year, 7, 1), dt.date(year, 7, 10))),
    ]
    for hamlet in rng.sample(hamlets, min(5, len(hamlets))):
        day = festival - dt.timedelta(days=rng.randint(3, 24))
        slots += [_Slot("le_ap", day, hamlet), _Slot("hoi_ap", day, hamlet)]
    before = (dt.date(year, 7, 15), dt.date(year, 8, 18))
    for code, count in (
        ("tham_hoi_tang_qua", 3),
        ("ra_mat_mo_hinh", 3),
        ("cong_trinh_chao_mung", 2),
        ("ky_cam_ket", 2),
    ):
        slots += [_Slot(code, _day(rng, *before), rng.choice(hamlets)) for _ in range(count)]
    slots += [
        _Slot("ngay_hoi_truong_hoc", _day(rng, dt.date(year, 8, 5), dt.date(year, 8, 17))),
        _Slot("ngay_hoi_co_quan", _day(rng, dt.date(year, 8, 10), dt.date(year, 8, 18))),
        _Slot("so_ket", _day(rng, dt.date(year, 7, 3), dt.date(year, 7, 14))),
        _Slot("tong_ket", _day(rng, dt.date(year, 11, 20), dt.date(year, 12, 20))),
    ]
    return slots


def _filler_slot(demo: _Demo, index: int) -> _Slot:
    """Propaganda, meetings and weapon hand-ins through the year, denser before the festival."""
    rng, year = demo.rng, demo.year
    code = _FILLER_TYPES[index % len(_FILLER_TYPES)]
    if rng.random() < 0.35:
        start = _day(rng, dt.date(year, 7, 1), dt.date(year, 8, 18))
    else:
        start = _day(rng, dt.date(year, 1, 5), dt.date(year, 12, 28))
    days = rng.randint(5, 30) if code == "giao_nop_vu_khi" and rng.random() < 0.3 else 0
    return _Slot(code, start, rng.choice(demo.hamlets), days)


def _schedule(demo: _Demo, count: int) -> list[_Slot]:
    slots = _festival_slots(demo)[:count]
    slots += [_filler_slot(demo, i) for i in range(count - len(slots))]
    return sorted(slots, key=lambda s: s.start)


def _place(demo: _Demo, slot: _Slot, level: str, hamlet: _Hamlet | None) -> str:
    """A place that fits the level; the commune festival is held at the chosen site."""
    places = _names()["places"]
    if slot.type_code in _FESTIVAL_TYPES:
        pool = list(_FESTIVAL_PLACES)
    elif level == "co_quan":
        pool = [p for p in places if "Công ty" in p]
    elif level == "truong_hoc":
        pool = [p for p in places if p.startswith("Sân trường THCS")]
    elif level == "ap" and hamlet:
        pool = [p for p in places if "{hamlet}" in p]
    else:
        pool = [p for p in places if "{hamlet}" not in p and "Công ty" not in p]
    return demo.fill(demo.rng.choice(pool), hamlet)


def _status(demo: _Demo, slot: _Slot, end: dt.date) -> str:
    if end >= demo.today:
        return "planned"
    cancellable = slot.type_code not in _FESTIVAL_TYPES
    return "cancelled" if cancellable and demo.rng.random() < 0.05 else "held"


def _group_counts(rng: random.Random, type_code: str, total: int) -> dict[str, int]:
    """Head-counts by group as shares of the total, so none can exceed it."""
    school = type_code == "ngay_hoi_truong_hoc"
    festive = type_code in ("hoi_xa", "hoi_ap", "le_xa", "le_ap")
    students = rng.uniform(0.7, 0.9) if school else rng.uniform(0.05, 0.2) if festive else 0.0
    shares = {
        "count_women": rng.uniform(0.38, 0.55),
        "count_youth": rng.uniform(0.6, 0.9) if school else rng.uniform(0.15, 0.35),
        "count_ethnic": rng.uniform(0.02, 0.12),
        "count_religious": rng.uniform(0.2, 0.5),
        "count_students": students,
    }
    return {column: int(total * share) for column, share in shares.items()}


def _event_input(demo: _Demo, slot: _Slot) -> EventInput:
    rng = demo.rng
    template = rng.choice(_names()["event_title_templates"][slot.type_code])
    uses_hamlet = "{hamlet}" in template
    hamlet = (slot.hamlet or rng.choice(demo.hamlets)) if uses_hamlet else slot.hamlet
    level = _FIXED_LEVELS.get(slot.type_code) or ("ap" if uses_hamlet else "xa")
    if slot.type_code in ("le_ap", "hoi_ap"):
        level = "ap"
    end = slot.start + dt.timedelta(days=slot.days)
    status = _status(demo, slot, end)
    total = rng.randint(*_COUNT_RANGES[slot.type_code]) if status == "held" else 0
    return EventInput(
        campaign_uid=demo.campaign_uid,
        event_type_uid=demo.type_uids[slot.type_code],
        title=demo.fill(template, hamlet),
        start_date=slot.start.isoformat(),
        end_date=end.isoformat(),
        level=level,
        hamlet_uid=hamlet.uid if hamlet else None,
        place=_place(demo, slot, level, hamlet),
        organiser_uid=demo.organiser_uids.get(_ORGANISERS.get(slot.type_code, "cong_an_xa")),
        status=status,
        count_total=total,
        notes="",
        **_group_counts(rng, slot.type_code, total),
    )


def _add_events(demo: _Demo, count: int, attendance_total: int | None) -> list[_Event]:
    planned = []
    for slot in _schedule(demo, count):
        data = events.validate(demo.db, _event_input(demo, slot))
        planned.append(_Event(records.new_uid(), slot, data))
    demo.named_targets = _named_targets(demo, planned, attendance_total)
    _fit_totals(planned, demo.named_targets)
    rows = [{**demo.row(events._values(e.data)), "uid": e.uid} for e in planned]
    _insert_rows(demo.db, "event", rows)
    return planned


def _named_targets(demo: _Demo, planned: Sequence[_Event], total: int | None) -> list[int]:
    """How many named participants each event gets; scaled to `total` when one is asked for."""
    base = [_named_base(demo.rng, e) for e in planned]
    if total is None:
        return base
    held = [i for i, e in enumerate(planned) if e.data.status == "held"]
    weight = sum(base[i] for i in held) or 1
    cap = len(demo.person_names)
    targets = [0] * len(planned)
    for i in held:
        targets[i] = min(cap, round(base[i] * total / weight))
    shortfall = total - sum(targets)
    for i in held * 2:
        if shortfall == 0:
            break
        step = 1 if shortfall > 0 else -1
        if 0 <= targets[i] + step <= cap:
            targets[i] += step
            shortfall -= step
    return targets


def _named_base(rng: random.Random, event: _Event) -> int:
    if event.data.status == "planned":
        return rng.randint(1, 3)  # the organisers are known in advance
    if event.data.status == "cancelled":
        return 0
    return max(3, int(event.data.count_total * rng.uniform(*_NAMED_SHARE)))


def _fit_totals(planned: list[_Event], targets: list[int]) -> None:
    """Keep head-count ≥ named participants when the benchmark asks for many names."""
    for event, named in zip(planned, targets, strict=True):
        if event.data.status == "held" and named > event.data.count_total:
            ratio = named / max(event.data.count_total, 1)
            event.data.count_total = named
            for column in events.GROUP_COUNTS:
                value = int(getattr(event.data, column) * ratio)
                setattr(event.data, column, min(value, named))


# --- attendance and outcomes ------------------------------------------------------------------


def _pick_people(demo: _Demo, hamlet: _Hamlet | None, count: int) -> list[int]:
    """`count` distinct people, mostly residents of the event's hamlet when it has one."""
    rng, everyone = demo.rng, len(demo.person_names)
    count = min(count, everyone)
    residents = demo.residents.get(hamlet.uid, []) if hamlet else []
    chosen = rng.sample(residents, min(len(residents), int(count * 0.8)))
    taken = set(chosen)
    while len(chosen) < count:
        index = rng.randrange(everyone)
        if index not in taken:
            taken.add(index)
            chosen.append(index)
    return chosen


def _roles(rng: random.Random, type_code: str, count: int, honorees: int) -> list[str]:
    """Roles in list order: organisers, delegates and guests, honorees, performers, the rest."""
    roles = ["to_chuc"] * rng.randint(1, 3)
    if type_code in ("le_xa", "khen_thuong", "le_ap", "ngay_hoi_co_quan", "ngay_hoi_truong_hoc"):
        roles += ["dai_bieu"] * rng.randint(3, 8) + ["khach_moi"] * rng.randint(2, 5)
    roles += ["duoc_khen"] * honorees
    if type_code in ("hoi_xa", "hoi_ap"):
        roles += ["bieu_dien"] * rng.randint(5, 15)
    roles = roles[:count]
    return roles + ["tham_du"] * (count - len(roles))


def _add_attendance_and_outcomes(demo: _Demo, planned: list[_Event]) -> int:
    """Named participants with their roles, and the outcomes; honorees get the awards."""
    valid_roles = dict(attendance.roles())
    attendance_rows, outcome_inputs = [], []
    for event, target in zip(planned, demo.named_targets, strict=True):
        found = _event_outcomes(demo, event) if event.data.status == "held" else []
        honorees = [o for o in found if o.recipient_kind == "ca_nhan"]
        chosen = _pick_people(demo, event.slot.hamlet, max(target, len(honorees)))
        roles = _roles(demo.rng, event.slot.type_code, len(chosen), len(honorees))
        names = iter(
            demo.person_names[i] for i, r in zip(chosen, roles, strict=True) if r == "duoc_khen"
        )
        for outcome in honorees:
            outcome.recipient = next(names, outcome.recipient)
        for index, role in zip(chosen, roles, strict=True):
            assert role in valid_roles
            values = {"event_uid": event.uid, "person_uid": demo.person_uids[index], "role": role}
            attendance_rows.append(demo.row(values))
        outcome_inputs += found
    _insert_rows(demo.db, "attendance", attendance_rows)
    _insert_outcomes(demo, outcome_inputs)
    return len(attendance_rows)


def _insert_outcomes(demo: _Demo, inputs: list[OutcomeInput]) -> None:
    rows = [demo.row(outcomes._values(outcomes.validate(demo.db, o))) for o in inputs]
    _insert_rows(demo.db, "outcome", rows)
    demo.outcome_count += len(rows)


def _outcome(
    demo: _Demo, event: _Event | None, indicator: str, quantity: float, value: int = 0, **more: Any
) -> OutcomeInput:
    return OutcomeInput(
        campaign_uid=demo.campaign_uid,
        indicator_uid=demo.indicator_uids[indicator],
        quantity=quantity,
        value_vnd=value,
        event_uid=event.uid if event else None,
        outcome_date=event.data.start_date if event else more.pop("outcome_date", None),
        **more,
    )


def _decision(demo: _Demo, event: _Event, issuer: str) -> str:
    day = dt.date.fromisoformat(event.data.start_date) - dt.timedelta(days=demo.rng.randint(3, 10))
    who = {
        "xa": f"Chủ tịch UBND xã {demo.commune}",
        "tinh": "Chủ tịch UBND tỉnh",
        "trung_uong": "Bộ trưởng Bộ Công an",
    }[issuer]
    number = demo.rng.randint(12, 980)
    return f"Quyết định số {number}/QĐ-UBND ngày {formats.date(day)} của {who}"


def _collective(demo: _Demo) -> str:
    template = demo.rng.choice(_names()["recipients_collective"])
    return demo.fill(template, demo.rng.choice(demo.hamlets))


def _commendations(demo: _Demo, event: _Event) -> list[OutcomeInput]:
    """The ceremony's awards: giấy khen of the commune, bằng khen of the province, and more."""
    rng, found = demo.rng, []
    plan = [("giay_khen", "xa", "ca_nhan", 300_000)] * rng.randint(4, 10)
    plan += [("giay_khen", "xa", "tap_the", 600_000)] * rng.randint(2, 4)
    plan += [
        ("bang_khen", "tinh", "tap_the", 4_680_000),
        ("bang_khen", "tinh", "ca_nhan", 2_340_000),
    ]
    if rng.random() < 0.5:
        plan.append(("ky_niem_chuong_bv_antq", "trung_uong", "ca_nhan", 0))
    if rng.random() < 0.3:
        plan.append(("co_thi_dua", "tinh", "tap_the", 0))
    for indicator, issuer, kind, value in plan:
        recipient = _collective(demo) if kind == "tap_the" else ""
        found.append(
            _outcome(
                demo,
                event,
                indicator,
                1,
                value,
                recipient=recipient,
                recipient_kind=kind,
                issuer_level=issuer,
                decision_ref=_decision(demo, event, issuer),
            )
        )
    return found


def _gifts(demo: _Demo, event: _Event, recipient: str) -> OutcomeInput:
    """Gift packages at a round value per package, e.g. 20 suất × 500.000 đồng."""
    rng = demo.rng
    packages = rng.randint(10, 40)
    each = rng.choice((300_000, 500_000, 500_000, 1_000_000))
    notes = f"{packages} suất × {formats.quantity(each)} đồng"
    return _outcome(
        demo, event, "suat_qua", packages, packages * each, recipient=recipient, notes=notes
    )


def _work(demo: _Demo, event: _Event) -> list[OutcomeInput]:
    rng = demo.rng
    cost = rng.randint(20, 300) * 1_000_000
    work = rng.choice(_names()["works"])
    hamlet = event.slot.hamlet
    name = f"{work} {hamlet.in_sentence}" if hamlet else work
    donors = rng.randint(10, 60)
    raised = int(cost * rng.uniform(0.3, 0.8)) // 100_000 * 100_000
    return [
        _outcome(demo, event, "cong_trinh", 1, cost, recipient=name),
        _outcome(demo, event, "kinh_phi_xa_hoi_hoa", donors, raised, recipient=name),
    ]


def _model(demo: _Demo, event: _Event) -> list[OutcomeInput]:
    hamlet = event.slot.hamlet
    model = demo.rng.choice(_names()["model_names"])
    where = f" – {hamlet.name}" if hamlet else ""
    teams = demo.rng.randint(1, 3)
    return [
        _outcome(demo, event, "mo_hinh", 1, recipient=f"{model}{where}"),
        _outcome(demo, event, "to_doi_tu_quan", teams, recipient=f"{model}{where}"),
    ]


def _maybe(demo: _Demo, chance: float, item: OutcomeInput) -> list[OutcomeInput]:
    return [item] if demo.rng.random() < chance else []


def _event_outcomes(demo: _Demo, event: _Event) -> list[OutcomeInput]:
    """What a held event of this type typically produced, as the province asks it reported."""
    rng, code, hamlet = demo.rng, event.slot.type_code, event.slot.hamlet
    if code == "khen_thuong":
        return _commendations(demo, event)
    if code == "tham_hoi_tang_qua":
        where = hamlet.in_sentence if hamlet else f"xã {demo.commune}"
        return [_gifts(demo, event, f"Gia đình chính sách, hộ nghèo {where}")]
    if code == "cong_trinh_chao_mung":
        return _work(demo, event)
    if code == "ra_mat_mo_hinh":
        return _model(demo, event)
    if code == "le_xa":
        return [
            _outcome(demo, event, "tin_bai", rng.randint(2, 4)),
            _outcome(demo, event, "phong_su", 1),
            _outcome(demo, event, "pano_ap_phich_bang_ron", rng.randint(5, 15)),
            _gifts(demo, event, "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"),
        ]
    if code == "le_ap":
        pledges = _outcome(demo, event, "ho_ky_cam_ket", rng.randint(50, 200))
        tips = _outcome(demo, event, "tin_bao_to_giac", rng.randint(1, 3))
        return [pledges, *_maybe(demo, 0.5, tips)]
    if code == "ky_cam_ket":
        if event.data.level == "ap":
            return [_outcome(demo, event, "ho_ky_cam_ket", rng.randint(80, 350))]
        return [_outcome(demo, event, "don_vi_ky_giao_uoc", rng.randint(5, 15))]
    if code == "tuyen_truyen":
        posters = _outcome(demo, event, "pano_ap_phich_bang_ron", rng.randint(2, 10))
        news = _outcome(demo, event, "tin_bai", 1)
        return [
            _outcome(demo, event, "buoi_tuyen_truyen", 1),
            *_maybe(demo, 0.3, posters),
            *_maybe(demo, 0.3, news),
        ]
    if code == "giao_nop_vu_khi":
        return [
            _outcome(demo, event, "cong_cu_ho_tro", rng.randint(1, 6)),
            *_maybe(demo, 0.5, _outcome(demo, event, "vu_khi", rng.randint(1, 3))),
            *_maybe(
                demo, 0.3, _outcome(demo, event, "vat_lieu_no", round(rng.uniform(0.1, 1.5), 1))
            ),
        ]
    if code == "hop_khac":
        return _maybe(demo, 0.5, _outcome(demo, event, "tin_bao_to_giac", rng.randint(1, 3)))
    return []


def _add_campaign_outcomes(demo: _Demo) -> None:
    """Outcomes of the campaign as a whole: news items and hotline tips, one per past quarter."""
    found = []
    for month in (3, 6, 9, 12):
        last_day = dt.date(demo.year, month, 30 if month in (6, 9) else 31)
        if last_day >= demo.today:
            break
        found.append(
            _outcome(
                demo,
                None,
                "tin_bai",
                demo.rng.randint(6, 12),
                outcome_date=last_day.isoformat(),
                recipient=f"Trang thông tin Công an xã {demo.commune}",
            )
        )
        found.append(
            _outcome(
                demo,
                None,
                "tin_bao_to_giac",
                demo.rng.randint(5, 15),
                outcome_date=last_day.isoformat(),
                notes="Tin báo qua đường dây nóng của Công an xã",
            )
        )
    _insert_outcomes(demo, found)


def _insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """One executemany for rows that all have the same columns (the triggers still fire)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
