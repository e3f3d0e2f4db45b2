"""Lists as offices really keep them (tests/data/listimport/office_*, made by make_test_files):
rows that are not records, the hamlet column in every region's words, the sheet with the list,
text in UTF-16 and in mixed encodings, names in capitals, look-alike letters, control
characters, duplicates that differ in tone marks, two-digit years and phone numbers."""

from __future__ import annotations

import errno

import pytest

from desktop.core import people
from desktop.core.errors import UserError
from desktop.core.listimport import apply, batch, headers, plan, readers, rows
from desktop.core.listimport import legacy_encodings as legacy
from tests.listimport.conftest import DATA, people_names
from tests.listimport.make_test_files import OFFICE_PEOPLE_ROWS

OFFICE_FILES = [
    "office_people.xlsx",
    "office_people_tcvn3.xlsx",
    "office_people_vni.xlsx",
    "office_people_libreoffice.ods",
    "office_people_libreoffice.xls",
    "office_people_libreoffice.xlsx",
    "office_people_tcvn3_libreoffice.xls",
]
STORED = [
    "Nguyễn Văn Dụng",
    "Nguyễn Văn Dung",
    "Nguyễn Văn Dũng",
    "Danh Thị Sa Rươl",
    "Võ Thành Tâm",
    "Đặng Thị Hoa",
    "Trương Văn Tài",
    "Thạch Thanh Yến",
]
LEFT_OUT = {
    6: rows.NUMBERING,
    12: rows.TOTAL,
    13: rows.HEADER,
    14: rows.NUMBERING,
    16: rows.BLANK,
    21: rows.BLANK,
    22: rows.TOTAL,
    23: rows.NOTE,
    24: rows.BLANK,
    25: rows.SIGNATURE,
    26: rows.SIGNATURE,
    27: rows.SIGNATURE,
    28: rows.BLANK,
    29: rows.SIGNATURE,
}


def _plan(db, name: str, kind: str = headers.PEOPLE) -> plan.ImportPlan:
    sheet = headers.choose_sheet(DATA / name, kind)
    layout = headers.guess_layout(sheet, kind)
    campaign = db.campaign_uid if kind == headers.EVENTS else None
    return plan.build_plan(db, sheet, layout, campaign_uid=campaign)


@pytest.mark.parametrize("name", OFFICE_FILES)
def test_totals_signatures_notes_and_repeated_headers_never_become_people(commune_db, name):
    planned = _plan(commune_db, name)
    assert {row.number: row.left_out for row in planned.left_out} == LEFT_OUT
    assert [row.number for row in planned.records] == OFFICE_PEOPLE_ROWS
    summary = apply.run(commune_db, planned)
    pasted = "Võ Thành Tâm" if "tcvn3" in name else "Thạch Thanh Yến"  # row 20, another encoding
    assert people_names(commune_db) == [*STORED[:-1], pasted]
    assert summary.left_out == len(LEFT_OUT)
    stored = " ".join(people_names(commune_db))
    for not_a_person in ("Tổng", "Cộng", "Cán Bộ", "Trưởng", "Người lập", "Ký"):
        assert not_a_person not in stored


def test_the_command_line_names_each_row_left_out_and_the_column_not_read(commune_db):
    summary = batch.import_file(commune_db, DATA / "office_people.xlsx", headers.PEOPLE)
    out = "\n".join(batch.report_lines(summary))
    assert "Dòng 22 (không phải dòng danh sách): Tổng cộng: 200 người — Dòng tổng cộng" in out
    assert (
        "Dòng 29 (không phải dòng danh sách): Trần Thị Cán Bộ | Nguyễn Văn Trưởng — Phần ký" in out
    )
    assert "Dòng 13 (không phải dòng danh sách): STT | Họ và tên" in out
    assert (
        "Cột không nhập (chưa biết là gì, dữ liệu trong đó không được ghi): “Màu áo” (cột H)."
        in out
    )
    assert "Trang tính: “DS tham gia”." in out


@pytest.mark.parametrize(
    "header",
    [
        "Ấp",
        "Khóm",
        "Ấp/Khóm",
        "Khóm/Ấp",
        "Thôn",
        "Thôn/Ấp",
        "Xóm",
        "Bản",
        "Buôn",
        "Làng",
        "Plei",
        "Phum",
        "Sóc",
        "Phum/Sóc",
        "Tổ dân phố",
        "Khu phố",
        "Khu dân cư",
        "Tổ",
        "Thôn, Tổ dân phố",
        "Ấp (Khóm)",
        "Bản - Làng",
        "KHÓM / ẤP",
    ],
)
def test_the_hamlet_column_is_recognised_in_every_regions_words(header):
    assert headers.guess_fields(["Họ và tên", header], headers.PEOPLE) == ["full_name", "hamlet"]


def test_the_sheet_with_the_list_is_chosen_past_an_empty_first_sheet(commune_db):
    assert readers.sheet_names(DATA / "office_people.xlsx") == ["Bìa", "DS tham gia"]
    assert headers.choose_sheet(DATA / "office_people.xlsx", headers.PEOPLE).name == "DS tham gia"
    with pytest.raises(UserError, match="Trang “Bìa” trống"):
        headers.guess_layout(readers.read_sheet(DATA / "office_people.xlsx", "Bìa"), "people")


def test_an_unknown_sheet_lists_the_sheets_there_are():
    with pytest.raises(UserError, match="Các trang của tệp: “Bìa”, “DS tham gia”"):
        headers.choose_sheet(DATA / "office_people.xlsx", headers.PEOPLE, "Trang 3")


def test_a_file_with_headers_only_says_so_and_writes_nothing(commune_db):
    before = commune_db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    with pytest.raises(UserError, match="không có dòng dữ liệu nào để nhập"):
        batch.import_file(commune_db, DATA / "office_headers_only.xlsx", headers.PEOPLE)
    assert commune_db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == before


def test_a_plan_that_writes_nothing_leaves_no_audit_entry(commune_db):
    apply.run(commune_db, _plan(commune_db, "office_people.xlsx"))
    before = commune_db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    again = apply.run(commune_db, _plan(commune_db, "office_people.xlsx"))
    assert again.added == 0 and again.skipped == 9
    assert commune_db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == before


@pytest.mark.parametrize("name", ["office_unicode_text.txt", "office_utf16be.csv"])
def test_utf16_unicode_text_is_read(commune_db, name):
    summary = apply.run(commune_db, _plan(commune_db, name))
    assert people_names(commune_db)[:2] == ["Nguyễn Văn Dụng", "Nguyễn Văn Dung"]
    assert summary.left_out == 1  # "Tổng cộng: 5 người"


def test_control_characters_are_removed_from_imported_names_and_the_preview_says_so(commune_db):
    planned = _plan(commune_db, "office_unicode_text.txt")
    row = next(r for r in planned.rows if r.label.startswith("Trương"))
    assert row.data.full_name == "Trương Văn Tài"
    assert any("ký tự điều khiển" in note for note in row.notes)


def test_a_unicode_cell_in_a_tcvn3_column_is_never_converted(commune_db):
    planned = _plan(commune_db, "office_people_tcvn3.xlsx")
    assert "Võ Thành Tâm" in [row.label for row in planned.records]
    assert planned.encodings["Họ và tên"] == {legacy.TCVN3: 9, legacy.UNICODE: 1}  # records only
    assert "“Họ và tên” 1 ô Unicode, 9 ô TCVN3" in "\n".join(batch.plan_lines(planned))


def test_a_tcvn3_cell_pasted_into_a_unicode_column_is_converted(commune_db):
    planned = _plan(commune_db, "office_people.xlsx")
    row = next(r for r in planned.rows if r.number == 20)
    assert row.data.full_name == "Thạch Thanh Yến"
    assert planned.encodings["Họ và tên"][legacy.TCVN3] == 1


@pytest.mark.parametrize("name", ["office_people.xlsx", "office_people_vni.xlsx"])
def test_names_and_hamlets_in_capitals_get_name_case(commune_db, name):
    planned = _plan(commune_db, name)
    row = next(r for r in planned.rows if r.number == 10)
    assert row.data.full_name == "Danh Thị Sa Rươl"
    assert "Khóm 3" in planned.new_hamlets.values()


def test_tcvn3_hamlet_names_keep_their_capital_letters(commune_db):
    planned = _plan(commune_db, "office_people_tcvn3.xlsx")
    row = next(r for r in planned.rows if r.number == 7)
    assert row.shown["hamlet"] == "Ấp Tân Hòa"  # found in the catalogue, not "ấp Tân Hòa"
    assert sorted(planned.new_hamlets.values()) == ["Khóm 3", "Ấp 2"]


def test_a_look_alike_d_is_stored_as_the_vietnamese_letter_and_found(commune_db):
    apply.run(commune_db, _plan(commune_db, "office_people.xlsx"))
    found = people.list_people(commune_db, people.PersonFilter(text="dang thi hoa"))
    assert [p.full_name for p in found] == ["\u0110ặng Thị Hoa"]


def test_a_missing_file_and_an_unreadable_file_are_told_apart(tmp_path, monkeypatch):
    with pytest.raises(UserError) as missing:
        readers.read_sheet(tmp_path / "khong-co.xlsx")
    assert "Không tìm thấy tệp “khong-co.xlsx”" in str(missing.value)
    assert "No such file" not in str(missing.value)
    locked = tmp_path / "dang-mo.csv"
    locked.write_text("Họ và tên\nA\n", encoding="utf-8")

    def refuse(self):  # Excel holds the file open on Windows: a sharing violation
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(self))

    monkeypatch.setattr(type(locked), "read_bytes", refuse)
    with pytest.raises(UserError) as unreadable:
        readers.read_sheet(locked)
    assert "Không mở được tệp “dang-mo.csv”" in str(unreadable.value)
    assert "cannot access" not in str(unreadable.value)


def test_names_differing_only_in_tone_marks_are_different_people(commune_db):
    planned = _plan(commune_db, "office_people.xlsx")
    by_number = {row.number: row for row in planned.rows}
    assert by_number[8].possible and by_number[8].decision == plan.ADD
    assert by_number[9].possible and by_number[9].maybe_same_as == 7
    assert by_number[19].same_as == 9 and by_number[19].decision == plan.SKIP
    apply.run(commune_db, planned)
    names = people_names(commune_db)
    assert [names.count(n) for n in ("Nguyễn Văn Dung", "Nguyễn Văn Dũng", "Nguyễn Văn Dụng")] == [
        1,
        1,
        1,
    ]


def test_a_look_alike_of_the_register_is_offered_as_possible_not_skipped(commune_db):
    people.create_person(
        commune_db,
        people.PersonInput("Nguyễn Văn Dung", birth_year=1980, hamlet_uid=commune_db.hamlets[0]),
    )
    planned = _plan(commune_db, "office_people.xlsx")
    first = next(r for r in planned.rows if r.number == 7)
    assert first.possible and [m.label for m in first.maybe] == [
        "Nguyễn Văn Dung (1980, Ấp Tân Hòa)"
    ]
    assert "Có thể trùng (chỉ khác dấu)" in apply.dry_run(planned).lines[1].reason
    same = next(r for r in planned.rows if r.number == 8)
    assert same.matches and same.decision == plan.SKIP


def test_events_with_the_same_title_and_date_at_different_places_are_different(commune_db):
    planned = _plan(commune_db, "office_events_places.xlsx", headers.EVENTS)
    summary = apply.run(commune_db, planned)
    assert (summary.added, summary.skipped, summary.left_out) == (2, 1, 1)


def test_a_two_digit_year_is_refused_and_a_short_date_is_shown_with_its_century(commune_db):
    planned = _plan(commune_db, "office_people.xlsx")
    by_number = {row.number: row for row in planned.rows}
    assert by_number[17].rejected
    assert "chỉ có hai chữ số" in by_number[17].problems[0]
    assert by_number[18].data.birth_year == 1985
    assert "Năm “85” trong “1/2/85” được hiểu là 1985." in by_number[18].notes


def test_phone_numbers_get_their_leading_zero_and_every_number_is_kept(commune_db):
    planned = _plan(commune_db, "office_people.xlsx")
    by_number = {row.number: row for row in planned.rows}
    assert by_number[9].data.phone == "02973866123"  # a landline stored as a number
    assert by_number[11].data.phone == "0912345679"  # a mobile stored as a number
    assert by_number[10].data.phone == "0912111222"
    assert "02973866124" in by_number[10].data.notes
    assert any("Ô điện thoại có 2 số" in note for note in by_number[10].notes)


VIETNAMESE_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


def test_the_independent_charts_and_the_programs_tables_agree_on_every_letter():
    from tests.listimport import legacy_charts

    for letter in VIETNAMESE_LETTERS:
        assert legacy.decode_tcvn3(legacy_charts.to_tcvn3(letter)) == letter
        for case in (letter, letter.upper()):
            assert legacy.decode_vni(legacy_charts.to_vni(case)) == case


def _event(db, title: str) -> str:
    from desktop.core import catalogues, events

    type_uid = catalogues.event_types(db, db.campaign_uid)[0].uid
    return events.create_event(
        db, events.EventInput(db.campaign_uid, type_uid, title, "2026-08-19")
    )


def test_a_sign_in_list_becomes_an_events_participants_in_one_step(commune_db):
    from desktop.core import attendance

    first, second = _event(commune_db, "Ngày hội ấp Tân Hòa"), _event(commune_db, "Họp dân")
    planned = _plan(commune_db, "office_people.xlsx")
    planned.event_uid = first
    summary = apply.run(commune_db, planned)
    assert summary.participants == 8  # row 19 is row 9's person; row 17 was not imported
    assert "Đã đưa 8 người vào danh sách tham gia sự kiện." in summary.text()
    names = sorted(p.full_name for p in attendance.participants(commune_db, first))
    assert names == sorted(set(people_names(commune_db)))
    again = _plan(commune_db, "office_people.xlsx")  # the same people sign in elsewhere
    again.event_uid = second
    summary = apply.run(commune_db, again)
    assert (summary.added, summary.participants) == (0, 8)
    assert len(attendance.participants(commune_db, second)) == 8


def test_a_tcvn3_hamlet_typed_in_the_abc_font_keeps_its_capitals(commune_db):
    from tests.listimport import legacy_charts

    tcvn3 = legacy_charts.to_tcvn3
    sheet = readers.Sheet(
        "DS",
        [
            readers.Row(1, [tcvn3("Họ và tên"), tcvn3("Ấp")]),
            readers.Row(2, [tcvn3("Lâm Thị Sô Phi"), tcvn3("Ấp Ổ Ré")]),
            readers.Row(3, [tcvn3("Thạch Văn Út"), tcvn3("Ấp Ổ Ré")]),
        ],
    )
    assert tcvn3("Ấp Ổ Ré") == tcvn3("ấp ổ Ré")  # the ABC fonts have no "Ổ": one code for both
    planned = plan.build_plan(commune_db, sheet, headers.guess_layout(sheet, headers.PEOPLE))
    assert list(planned.new_hamlets.values()) == ["Ấp Ổ Ré"]
    assert [row.data.full_name for row in planned.records] == ["Lâm Thị Sô Phi", "Thạch Văn Út"]


def test_the_cycle_collector_paused_for_an_import_is_back_after_it_even_on_error(commune_db):
    import gc

    apply.run(commune_db, _plan(commune_db, "office_people.xlsx"))
    assert gc.isenabled()
    with pytest.raises(UserError):
        _plan(commune_db, "office_headers_only.xlsx")
    assert gc.isenabled()
