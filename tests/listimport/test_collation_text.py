"""One Vietnamese collation for titles, hamlets and catalogues; look-alike letters, control
characters and names typed in capitals."""

from __future__ import annotations

import pytest

from desktop.core import catalogues, events, people
from desktop.core.errors import ValidationError
from desktop.core.text import clean, name_case, search_key, text_sort_key

TITLES_IN_ORDER = [
    "An toàn giao thông",
    "Ánh sáng an ninh",
    "Ăn ở hợp vệ sinh",
    "Âm nhạc đường phố",
    "Dân vận khéo",
    "Đại hội điển hình",
    "Ôn tập",
    "Ơn nghĩa",
    "Ưu đãi",
]


def test_titles_sort_letter_by_letter_in_the_vietnamese_alphabet():
    assert sorted(reversed(TITLES_IN_ORDER), key=text_sort_key) == TITLES_IN_ORDER


def test_tones_only_decide_after_the_letters():
    words = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mac"]
    assert sorted(reversed(words), key=text_sort_key) == words


def test_numbers_sort_by_value():
    hamlets = ["Ấp 10", "Ấp 2", "Ấp 1", "ấp 03", "Khóm 1"]
    assert sorted(hamlets, key=text_sort_key) == ["Ấp 1", "Ấp 2", "ấp 03", "Ấp 10", "Khóm 1"]


def _event(db, title: str, hamlet: str | None = None) -> str:
    uid = catalogues.event_types(db, db.campaign_uid)[0].uid
    return events.create_event(
        db,
        events.EventInput(
            db.campaign_uid,
            uid,
            title,
            "2026-03-01",
            level="ap" if hamlet else "xa",
            hamlet_uid=hamlet,
        ),
    )


def test_the_event_list_sorts_titles_and_hamlets_in_vietnamese_order(commune_db):
    for title in reversed(TITLES_IN_ORDER):
        _event(commune_db, title)
    flt = events.EventFilter(campaign_uid=commune_db.campaign_uid)
    listed = events.list_events(commune_db, flt, sort="title", descending=False)
    assert [row.title for row in listed] == TITLES_IN_ORDER
    for hamlet in ("Ấp Đông", "Ấp Dương"):  # without marks "dong" < "duong"; Đ is after D
        _event(commune_db, f"Họp dân {hamlet}", catalogues.add_hamlet(commune_db, hamlet))
    by_hamlet = events.list_events(commune_db, flt, sort="hamlet_name", descending=True)
    assert [row.hamlet_name for row in by_hamlet[:2]] == ["Ấp Đông", "Ấp Dương"]


def test_organisations_and_hamlets_sort_in_vietnamese_order(commune_db):
    for name in ("Đoàn Thanh niên", "Dân quân", "Hội Nông dân", "Hội Cựu chiến binh"):
        catalogues.add_organisation(commune_db, name)
    names = [o.name for o in catalogues.organisations(commune_db)]
    assert names.index("Dân quân") < names.index("Đoàn Thanh niên")
    assert names.index("Hội Cựu chiến binh") < names.index("Hội Nông dân")
    assert names == sorted(names, key=text_sort_key)
    for name in ("Ấp 10", "Ấp 2"):
        catalogues.add_hamlet(commune_db, name)
    assert [h.name for h in catalogues.hamlets(commune_db)][:2] == ["Ấp 2", "Ấp 10"]


def test_look_alike_d_is_stored_as_the_vietnamese_letter_and_found_without_marks(commune_db):
    uid = people.create_person(commune_db, people.PersonInput("\u00d0ặng Văn Ân"))
    assert people.get_person(commune_db, uid).full_name == "\u0110ặng Văn Ân"
    assert search_key("\u00d0ặng") == "dang"
    found = people.list_people(commune_db, people.PersonFilter(text="dang"))
    assert [p.uid for p in found] == [uid]


def test_control_characters_are_removed_from_stored_text():
    assert clean("Lê\x07 Văn\x00 Tám\x1b") == "Lê Văn Tám"


def test_forms_refuse_a_name_with_a_control_character(commune_db):
    with pytest.raises(ValidationError) as raised:
        people.create_person(commune_db, people.PersonInput("Lê Văn\x07 Tám"))
    assert "ký tự điều khiển" in raised.value.fields["full_name"]
    type_uid = catalogues.event_types(commune_db, commune_db.campaign_uid)[0].uid
    with pytest.raises(ValidationError) as raised:
        events.validate(
            commune_db,
            events.EventInput(commune_db.campaign_uid, type_uid, "Họp\x0b dân", "2026-03-01"),
        )
    assert "title" in raised.value.fields


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("DANH THỊ SA RƯƠL", "Danh Thị Sa Rươl"),
        ("ẤP Ổ RÉ", "Ấp Ổ Ré"),
        ("Ấp ổ Ré", "Ấp ổ Ré"),
        ("Nguyễn Văn Dũng", "Nguyễn Văn Dũng"),
    ],
)
def test_names_in_capitals_get_vietnamese_name_case(typed, stored):
    assert name_case(typed) == stored


def test_outcome_recipients_sort_in_vietnamese_order(commune_db):
    from desktop.core import outcomes

    indicator = catalogues.indicators(commune_db, commune_db.campaign_uid)[0].uid
    recipients = ["Đoàn Thanh niên", "Dân quân", "Ấp 10", "Ấp 2", "Ánh Dương"]
    for name in recipients:
        outcomes.create_outcome(
            commune_db,
            outcomes.OutcomeInput(
                commune_db.campaign_uid, indicator, outcome_date="2026-03-01", recipient=name
            ),
        )
    flt = outcomes.OutcomeFilter(campaign_uid=commune_db.campaign_uid)
    listed = outcomes.list_outcomes(commune_db, flt, sort="recipient", descending=False)
    assert [o.recipient for o in listed] == [
        "Ánh Dương",
        "Ấp 2",
        "Ấp 10",
        "Dân quân",
        "Đoàn Thanh niên",
    ]


def test_a_control_character_stored_before_the_fix_does_not_break_an_xlsx_export(tmp_path):
    from openpyxl import load_workbook

    from desktop.core import spreadsheet

    path = tmp_path / "danh-sach.xlsx"
    rows = [["Lê Văn\x07 Tám", "2026-03-01"]]
    assert spreadsheet.write_table(path, "DS", [("Họ và tên", "text"), ("Ngày", "date")], rows)
    assert load_workbook(path).active["A2"].value == "Lê Văn Tám"
