"""The participant register: diacritic-free search, given-name order, duplicates, validation."""

from __future__ import annotations

import pytest

from desktop.core import attendance, people
from desktop.core.errors import ValidationError
from desktop.core.people import DuplicatePerson, PersonFilter, PersonInput


def _names(db, **filters) -> list[str]:
    return [row.full_name for row in people.list_people(db, PersonFilter(**filters))]


@pytest.fixture
def register(new_person):
    for name in (
        "Nguyễn Văn Dũng",
        "Đặng Thị Mai",
        "Nguyễn Văn Dung",
        "Trần Văn An",
        "Lê Thị Dáng",
    ):
        new_person(name)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen van dung", ["Nguyễn Văn Dung", "Nguyễn Văn Dũng"]),
        ("Nguyễn Văn Dũng", ["Nguyễn Văn Dung", "Nguyễn Văn Dũng"]),
        ("dang", ["Lê Thị Dáng", "Đặng Thị Mai"]),
        ("mai dang", ["Đặng Thị Mai"]),  # every word, in any order
        ("van thi", []),
        ("", ["Trần Văn An", "Lê Thị Dáng", "Nguyễn Văn Dung", "Nguyễn Văn Dũng", "Đặng Thị Mai"]),
    ],
)
def test_search_ignores_diacritics_and_needs_every_word(commune_db, register, query, found):
    assert _names(commune_db, text=query) == found
    assert people.count_people(commune_db, PersonFilter(text=query)) == len(found)


def test_list_is_sorted_by_given_name(commune_db, new_person):
    for name in ("Trần Văn Bình", "Võ Thị Ánh", "Lê Văn An", "Phạm Thị Ánh"):
        new_person(name)
    assert _names(commune_db) == ["Lê Văn An", "Phạm Thị Ánh", "Võ Thị Ánh", "Trần Văn Bình"]
    assert _names(commune_db)[::-1] == [
        row.full_name for row in people.list_people(commune_db, PersonFilter(), descending=True)
    ]


def test_filters_by_hamlet_and_gender(commune_db, new_person):
    tan_hoa, binh_an = commune_db.hamlets
    new_person("Nguyễn Văn An", gender="nam", hamlet_uid=tan_hoa)
    new_person("Trần Thị Bình", gender="nu", hamlet_uid=binh_an)
    assert _names(commune_db, hamlet_uid=tan_hoa) == ["Nguyễn Văn An"]
    assert _names(commune_db, gender="nu") == ["Trần Thị Bình"]


def _add(db, name="Nguyễn Văn Dũng", **fields) -> str:
    return people.create_person(db, PersonInput(name, **fields))


def test_same_name_year_and_hamlet_is_a_duplicate(commune_db):
    hamlet = commune_db.hamlets[0]
    first = _add(commune_db, birth_year=1980, hamlet_uid=hamlet)
    with pytest.raises(DuplicatePerson) as raised:
        _add(commune_db, "nguyễn văn dung", birth_year=1980, hamlet_uid=hamlet)
    (candidate,) = raised.value.candidates
    assert (candidate.uid, candidate.hamlet_name) == (first, "Ấp Tân Hòa")
    assert "Nguyễn Văn Dũng" in str(raised.value)
    assert people.count_people(commune_db, PersonFilter()) == 1


@pytest.mark.parametrize(
    "other",
    [{"birth_year": 1981}, {"hamlet": 1}, {"name": "Nguyễn Văn Dương"}],
    ids=["other-year", "other-hamlet", "other-name"],
)
def test_look_alike_that_differs_is_not_a_duplicate(commune_db, other):
    hamlets = commune_db.hamlets
    _add(commune_db, birth_year=1980, hamlet_uid=hamlets[0])
    _add(
        commune_db,
        other.get("name", "Nguyễn Văn Dũng"),
        birth_year=other.get("birth_year", 1980),
        hamlet_uid=hamlets[other.get("hamlet", 0)],
    )
    assert people.count_people(commune_db, PersonFilter()) == 2


def test_deleted_person_is_not_a_duplicate(commune_db):
    people.delete_person(commune_db, _add(commune_db, birth_year=1980))
    _add(commune_db, birth_year=1980)
    assert people.count_people(commune_db, PersonFilter()) == 1


def test_confirmed_duplicate_is_written(commune_db):
    _add(commune_db, birth_year=1980)
    people.create_person(
        commune_db, PersonInput("Nguyễn Văn Dũng", birth_year=1980), allow_duplicate=True
    )
    assert people.count_people(commune_db, PersonFilter(text="dung")) == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"full_name": " "}, "full_name"),
        ({"birth_year": 3025}, "birth_year"),
        ({"birth_year": 1899}, "birth_year"),
        ({"phone": "09x1234567"}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"phone": "12 - - - - - 34"}, "phone"),
        ({"national_id": "12345"}, "national_id"),
        ({"national_id": "07920100123A"}, "national_id"),
        ({"gender": "khac"}, "gender"),
    ],
)
def test_invalid_person_is_refused(commune_db, fields, field):
    data = PersonInput(**{"full_name": "Nguyễn Văn An", **fields})
    with pytest.raises(ValidationError) as raised:
        people.create_person(commune_db, data)
    assert list(raised.value.fields) == [field]
    assert people.count_people(commune_db, PersonFilter()) == 0


def test_birth_year_message_names_the_allowed_range(commune_db):
    with pytest.raises(ValidationError) as raised:
        people.validate(PersonInput("Nguyễn Văn An", birth_year=3025))
    assert raised.value.fields["birth_year"].startswith("Năm sinh phải từ 1900 đến ")


def test_valid_phone_and_national_id_are_kept(commune_db):
    uid = _add(commune_db, phone="0912 345 678", national_id="079201001234")
    saved = people.get_person(commune_db, uid)
    assert (saved.phone, saved.national_id) == ("0912 345 678", "079201001234")


def test_update_renames_and_is_found_by_the_new_name(commune_db):
    uid = _add(commune_db)
    people.update_person(commune_db, uid, PersonInput("Đặng Văn Dũng"))
    assert _names(commune_db, text="dang") == ["Đặng Văn Dũng"]
    assert _names(commune_db, text="nguyen") == []


def test_delete_removes_the_person_from_events(commune_db, new_event):
    event = new_event()
    uid = _add(commune_db)
    attendance.add(commune_db, event, uid)
    people.delete_person(commune_db, uid)
    assert _names(commune_db) == []
    assert attendance.participants(commune_db, event) == []


def test_events_of_person_lists_every_live_event_newest_first(commune_db, new_event):
    uid = _add(commune_db)
    march = new_event("Họp dân", start_date="2026-03-01")
    august = new_event("Ngày hội", "le_xa", start_date="2026-08-19")
    removed = new_event("Tuyên truyền", start_date="2026-05-01")
    for event in (march, august, removed):
        attendance.add(commune_db, event, uid, "dai_bieu" if event == august else "tham_du")
    attendance.remove(commune_db, removed, uid)
    attended = people.events_of_person(commune_db, uid)
    assert [(e.event_uid, e.role) for e in attended] == [(august, "dai_bieu"), (march, "tham_du")]
    assert attended[0].type_name == "Phần lễ ngày hội cấp xã"


def test_not_in_event_filter_offers_only_people_not_yet_listed(commune_db, new_event, new_person):
    event = new_event()
    listed = new_person("Nguyễn Văn An")
    new_person("Trần Thị Bình")
    attendance.add(commune_db, event, listed)
    assert _names(commune_db, not_in_event_uid=event) == ["Trần Thị Bình"]


@pytest.mark.parametrize(
    ("sort", "descending"),
    [("full_name", False), ("full_name", True), ("birth_year", False), ("hamlet_name", True)],
)
def test_pages_join_up_into_the_whole_sorted_list(commune_db, sort, descending):
    given = ["An", "Bình", "Ánh", "Dũng", "Đạt", "Hòa", "Hoa", "Yến", "Út", "Ưng"]
    for index in range(31):
        people.create_person(
            commune_db,
            PersonInput(
                full_name=f"Nguyễn Văn {given[index % len(given)]} {index}",
                birth_year=1950 + index % 7,
                hamlet_uid=commune_db.hamlets[index % 2],
            ),
        )
    flt = PersonFilter()
    whole = people.list_people(commune_db, flt, sort=sort, descending=descending, limit=100)
    paged = []
    for offset in range(0, 31, 7):
        paged += people.list_people(
            commune_db, flt, sort=sort, descending=descending, offset=offset, limit=7
        )
    assert [p.uid for p in paged] == [p.uid for p in whole]
    assert len(whole) == 31
