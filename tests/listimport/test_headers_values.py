"""Header guessing and the cell parsers: the spellings and formats commune lists use."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.listimport import headers, values
from desktop.core.listimport.readers import Row, Sheet


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("ho ten", "full_name"),
        ("Họ, tên", "full_name"),
        ("Năm sinh", "birth_year"),
        ("Nam sinh", "birth_year"),
        ("Ngày tháng năm sinh", "birth_date"),
        ("Giới tính", "gender"),
        ("gioi tinh", "gender"),
        ("Dân tộc", "ethnicity"),
        ("Tôn giáo", "religion"),
        ("Ấp/Khu phố", "hamlet"),
        ("Ấp, khu phố", "hamlet"),
        ("Thôn", "hamlet"),
        ("Địa chỉ thường trú", "address"),
        ("Số điện thoại", "phone"),
        ("SĐT", "phone"),
        ("ĐT liên hệ", "phone"),
        ("Số CCCD", "national_id"),
        ("CMND/CCCD", "national_id"),
        ("Chức vụ", "position"),
        ("Ghi chú", "notes"),
        ("STT", "stt"),
        ("Màu áo", None),
    ],
)
def test_people_headers_are_recognised(header, field):
    assert headers.guess_fields([header], headers.PEOPLE) == [field]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Tên sự kiện", "title"),
        ("Nội dung hoạt động", "title"),
        ("Ngày tổ chức", "start_date"),
        ("Ngày", "start_date"),
        ("Loại", "event_type"),
        ("Hình thức", "event_type"),
        ("Địa điểm", "place"),
        ("Số người tham gia", "count_total"),
        ("Phụ nữ", "count_women"),
    ],
)
def test_event_headers_are_recognised(header, field):
    assert headers.guess_fields([header], headers.EVENTS) == [field]


def test_each_field_goes_to_one_column_and_split_names_give_way_to_a_full_name():
    guessed = headers.guess_fields(["Họ và tên", "Tên", "Họ tên (viết hoa)"], headers.PEOPLE)
    assert guessed.count("full_name") == 1
    assert "given_name" not in guessed


def _sheet(*rows: list) -> Sheet:
    return Sheet("S", [Row(i + 1, list(r)) for i, r in enumerate(rows)])


def test_header_row_is_found_under_merged_title_rows():
    sheet = _sheet(
        ["DANH SÁCH NGƯỜI THAM GIA"],
        ["Kèm theo Kế hoạch số 12/KH-UBND"],
        ["STT", "Họ và tên", "Năm sinh", "Ấp"],
        [1, "Nguyễn Văn A", 1970, "Ấp 1"],
    )
    layout = headers.guess_layout(sheet, headers.PEOPLE)
    assert (layout.header_index, layout.data_start) == (2, 3)
    assert [c.field for c in layout.columns] == ["stt", "full_name", "birth_year", "hamlet"]


def test_two_line_header_with_birth_years_under_nam_and_nu():
    sheet = _sheet(
        ["STT", "Họ và tên", "Năm sinh", None, "Ấp"],
        [None, None, "Nam", "Nữ", None],
        [1, "Nguyễn Văn A", 1970, None, "Ấp 1"],
    )
    layout = headers.guess_layout(sheet, headers.PEOPLE)
    assert layout.data_start == 2
    fields = [c.field for c in layout.columns]
    assert fields[2:4] == ["birth_year_male", "birth_year_female"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05/03/2026", dt.date(2026, 3, 5)),
        ("5/3/26", dt.date(2026, 3, 5)),
        ("05-03-2026", dt.date(2026, 3, 5)),
        ("2026-03-05", dt.date(2026, 3, 5)),
        (46086, dt.date(2026, 3, 5)),  # Excel serial number
        ("46086", dt.date(2026, 3, 5)),
        (dt.datetime(2026, 3, 5, 8, 30), dt.date(2026, 3, 5)),
    ],
)
def test_dates(cell, expected):
    assert values.parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["32/13/2026", "hôm qua", "", "29/02/2025"])
def test_bad_dates_say_why(cell):
    with pytest.raises(values.BadValue, match=r"ngày|Ngày"):
        values.parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        (1975, 1975),
        (1975.0, 1975),
        ("1975", 1975),
        ("năm 1975", 1975),
        ("Năm 1975", 1975),
        ("12/05/1980", 1980),
        ("1/2/75", 1975),
        (27000, 1973),
        (dt.date(1990, 1, 1), 1990),
    ],
)
def test_birth_years(cell, year):
    assert values.parse_birth_year(cell) == year


@pytest.mark.parametrize(
    ("cell", "phone"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678.0, "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678, 0987654321", "0912345678"),
    ],
)
def test_phones(cell, phone):
    assert values.parse_phone(cell) == phone


@pytest.mark.parametrize(
    ("cell", "gender"),
    [
        ("Nam", "nam"),
        ("nam", "nam"),
        ("M", "nam"),
        ("Nữ", "nu"),
        ("nu", "nu"),
        ("NỮ", "nu"),
        ("F", "nu"),
    ],
)
def test_genders(cell, gender):
    assert values.parse_gender(cell) == gender


def test_unknown_gender_is_a_reason():
    with pytest.raises(values.BadValue, match="Giới tính “khác” không rõ"):
        values.parse_gender("khác")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ấp 3", "ấp Ba"),
        ("Ấp 3", "khu phố 03"),
        ("Ấp 3", "KP. III"),
        ("Ấp Tân Hòa", "tan hoa"),
        ("Ấp Tân Hòa", "ẤP TÂN HÒA"),
    ],
)
def test_hamlets_match_ignoring_diacritics_and_prefixes(a, b):
    assert values.hamlet_key(a) == values.hamlet_key(b)


def test_different_hamlets_stay_different():
    assert values.hamlet_key("Ấp 3") != values.hamlet_key("Ấp 13")
    assert values.hamlet_key("Ấp Tân Hòa") != values.hamlet_key("Ấp Tân Hội")


def test_national_id_gets_back_the_zero_excel_dropped():
    assert values.parse_national_id(89012345678.0) == "089012345678"
    with pytest.raises(values.BadValue):
        values.parse_national_id("12345")
