"""Importing whole files: every reader, duplicates and decisions, rejected rows, one transaction."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from bench.lists import write_big_file
from desktop.core import catalogues, people, records
from desktop.core.listimport import apply, headers, plan, readers
from tests.listimport.conftest import people_names

PEOPLE_FILES = [
    "people_clean.xlsx",
    "people.xls",
    "people_utf8_bom.csv",
    "people_cp1258.csv",
    "people_tcvn3.xlsx",
    "people_tcvn3.csv",
    "people_vni.xlsx",
]
EXPECTED_NAMES = ["Nguyễn Văn Dũng", "Trần Thị Ánh Tuyết", "Lê Hoàng Phúc", "Đặng Thị Ngọc Hường"]


@pytest.mark.parametrize("name", PEOPLE_FILES)
def test_every_kind_of_file_gives_the_same_people(commune_db, planned, data_file, name):
    result = apply.run(commune_db, planned(data_file(name)))
    assert people_names(commune_db) == EXPECTED_NAMES
    assert (result.added, result.skipped, result.rejected) == (4, 1, 3)
    assert result.hamlets_added == ["Ấp Ba"]
    stored = people.list_people(commune_db, people.PersonFilter(text="tuyet"))[0]
    assert (stored.birth_year, stored.gender, stored.hamlet_name) == (1980, "nu", "Ấp Bình An")
    assert (stored.ethnicity_name, stored.religion_name) == ("Khơ-me", "Không tôn giáo")


def test_workbook_sheets_are_listed_and_chosen(data_file):
    path = data_file("people_clean.xlsx")
    assert readers.sheet_names(path) == ["Danh sách", "Ghi chú"]
    assert readers.read_sheet(path, "Ghi chú").rows[0].cells == ["Trang này không có danh sách"]


def test_rows_keep_their_numbers_in_the_file_past_title_and_empty_rows(planned, data_file):
    rows = planned(data_file("people_clean.xlsx")).rows
    assert [row.number for row in rows] == [5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert [row.number for row in rows if row.left_out] == [8]  # row 8 is empty in the sheet


def test_rejected_rows_carry_their_reasons(planned, data_file):
    rejected = {r.number: r.problems for r in planned(data_file("people_clean.xlsx")).rejected}
    assert rejected == {
        11: ["Hãy nhập họ và tên."],
        12: ["Không đọc được năm sinh “năm xưa”."],
        13: ["Số điện thoại “12ab” không hợp lệ."],
    }


def test_the_summary_names_every_row_not_simply_added(commune_db, planned, data_file, tmp_path):
    summary = apply.run(commune_db, planned(data_file("people_clean.xlsx")))
    path = tmp_path / "ket_qua.xlsx"
    assert apply.save_summary(summary, path) == 9
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", "Kết quả", "Họ và tên", "Lý do")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[10][1:3] == ("Bỏ qua", "Nguyễn Văn Dũng")
    assert by_number[10][3] == "Trùng với dòng 5 trong tệp"
    assert by_number[12][1] == "Không nhập" and "năm xưa" in by_number[12][3]


def test_duplicates_of_the_register_are_found_and_skipped_by_default(
    commune_db, planned, data_file
):
    hamlet = commune_db.hamlets[0]  # Ấp Tân Hòa
    people.create_person(
        commune_db, people.PersonInput("NGUYỄN VĂN DŨNG", birth_year=1975, hamlet_uid=hamlet)
    )
    result = planned(data_file("people_clean.xlsx"))
    first = result.rows[0]
    assert first.duplicate and first.decision == plan.SKIP
    assert first.matches[0].label == "NGUYỄN VĂN DŨNG (1975, Ấp Tân Hòa)"
    summary = apply.run(commune_db, result)
    assert summary.skipped == 2
    assert people_names(commune_db).count("NGUYỄN VĂN DŨNG") == 1
    assert "Nguyễn Văn Dũng" not in people_names(commune_db)


def test_same_name_in_another_hamlet_or_year_is_not_a_duplicate(commune_db, planned, data_file):
    people.create_person(
        commune_db,
        people.PersonInput("Nguyễn Văn Dũng", birth_year=1975, hamlet_uid=commune_db.hamlets[1]),
    )
    people.create_person(
        commune_db,
        people.PersonInput("Nguyễn Văn Dũng", birth_year=1976, hamlet_uid=commune_db.hamlets[0]),
    )
    assert planned(data_file("people_clean.xlsx")).rows[0].matches == []


def test_merge_fills_empty_fields_of_the_existing_person(commune_db, planned, data_file):
    uid = people.create_person(
        commune_db,
        people.PersonInput(
            "Nguyễn Văn Dũng", birth_year=1975, hamlet_uid=commune_db.hamlets[0], phone="0911000111"
        ),
    )
    result = planned(data_file("people_clean.xlsx"))
    result.decide_all(plan.MERGE)
    summary = apply.run(commune_db, result)
    assert (summary.merged, summary.added) == (2, 3)
    merged = people.get_person(commune_db, uid)
    assert merged.phone == "0911000111"  # kept, not overwritten
    assert (merged.gender, merged.position, merged.ethnicity_code) == ("nam", "Trưởng ấp", "01")
    assert people_names(commune_db).count("Nguyễn Văn Dũng") == 1


def test_add_anyway_per_row(commune_db, planned, data_file):
    result = planned(data_file("people_clean.xlsx"))
    repeated = next(row for row in result.rows if row.same_as == 5)
    repeated.decision = plan.ADD
    apply.run(commune_db, result)
    assert people_names(commune_db).count("Nguyễn Văn Dũng") == 2


def test_unknown_hamlet_not_added_goes_to_the_address(commune_db, planned, data_file):
    result = planned(data_file("people_clean.xlsx"))
    assert result.new_hamlets == {"3": "Ấp Ba"}
    result.create_hamlets.clear()
    apply.run(commune_db, result)
    assert [h.name for h in catalogues.hamlets(commune_db)] == ["Ấp Bình An", "Ấp Tân Hòa"]
    phuc = people.list_people(commune_db, people.PersonFilter(text="phuc"))[0]
    assert phuc.hamlet_name == ""
    assert people.get_person(commune_db, phuc.uid).address == "ấp Ba"


def test_a_failure_half_way_leaves_the_register_as_it_was(
    commune_db, planned, data_file, monkeypatch
):
    people.create_person(commune_db, people.PersonInput("Người Có Sẵn", birth_year=1960))
    before_log = commune_db.conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    result = planned(data_file("people_clean.xlsx"))
    real_insert_many, calls = records.insert_many, []

    def failing_insert_many(db, table, rows):
        calls.append(table)
        real_insert_many(db, table, rows)  # the people are in the file when the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(records, "insert_many", failing_insert_many)
    with pytest.raises(OSError):
        apply.run(commune_db, result)
    assert calls == ["person"]  # it did fail half-way, after the hamlet and the people
    assert people_names(commune_db) == ["Người Có Sẵn"]
    assert [h.name for h in catalogues.hamlets(commune_db)] == ["Ấp Bình An", "Ấp Tân Hòa"]
    after_log = commune_db.conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    assert after_log == before_log


def test_events_file(commune_db, planned, data_file):
    result = planned(data_file("events.xlsx"), headers.EVENTS)
    rejected = {r.number: r.problems for r in result.rejected}
    assert rejected == {
        9: ["Ngày “32/13/2026” không có thật."],
        10: ["Số phụ nữ (50) không được lớn hơn tổng số (40)."],
    }
    summary = apply.run(commune_db, result)
    assert summary.added == 3
    rows = commune_db.conn.execute(
        "SELECT e.title, e.start_date, t.code, e.level, e.count_total FROM event e "
        "JOIN event_type t ON t.uid = e.event_type_uid ORDER BY e.id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("Họp dân triển khai ngày hội", "2026-03-05", "tuyen_truyen", "ap", 120),
        ("Phần lễ ngày hội cấp xã", "2026-09-06", "le_xa", "xa", 300),
        ("Ra mắt tổ tự quản", "2026-08-19", "ra_mat_mo_hinh", "ap", 1200),
    ]
    again = planned(data_file("events.xlsx"), headers.EVENTS)
    assert [r.number for r in again.duplicates] == [5, 6, 7]


def test_events_need_a_title_and_date_column(commune_db, tmp_path):
    path = tmp_path / "ev.csv"
    path.write_text("Địa điểm,Số người\nNhà văn hóa,10\n", encoding="utf-8")
    sheet = readers.read_sheet(path)
    layout = headers.guess_layout(sheet, headers.EVENTS)
    with pytest.raises(plan.UserError, match="Chưa chọn cột cho: Tên sự kiện, Ngày"):
        plan.build_plan(commune_db, sheet, layout, campaign_uid=commune_db.campaign_uid)


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    bad = tmp_path / "danh_sach.xlsx"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(readers.UnreadableFile, match=r"Không đọc được tệp “danh_sach\.xlsx”"):
        readers.read_sheet(bad)
    with pytest.raises(readers.UnreadableFile, match="Chỉ nhập được"):
        readers.read_sheet(tmp_path / "a.pdf")


def test_a_large_generated_list_imports_every_row(commune_db, tmp_path):
    path = tmp_path / "big.xlsx"
    write_big_file(path, rows=2_000)
    sheet = readers.read_sheet(path)
    layout = headers.guess_layout(sheet, headers.PEOPLE)
    summary = apply.run(commune_db, plan.build_plan(commune_db, sheet, layout))
    assert summary.added == 2_000


def test_decomposed_unicode_is_stored_composed(commune_db, planned, tmp_path):
    import unicodedata

    path = tmp_path / "nfd.csv"
    text = "Họ và tên;Năm sinh\nNguyễn Thị Ánh;1990\n"
    path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    apply.run(commune_db, planned(path))
    assert people_names(commune_db) == ["Nguyễn Thị Ánh"]
    assert unicodedata.is_normalized("NFC", people_names(commune_db)[0])


def test_a_rejected_row_does_not_make_the_next_one_a_duplicate(commune_db, planned, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text(
        "Họ và tên,Năm sinh,Điện thoại\nLê Văn Tám,1970,số cũ\nLê Văn Tám,1970,0912345678\n",
        encoding="utf-8",
    )
    first, second = planned(path).rows
    assert first.rejected and first.problems == ["Số điện thoại “số cũ” không hợp lệ."]
    assert not second.duplicate and second.decision == plan.ADD
