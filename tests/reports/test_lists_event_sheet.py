"""Sign-in sheet, commendation list, register extract and event sheet, read back."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.core.errors import UserError
from desktop.core.reports import ReportRequest, build_pdf, fonts, write
from desktop.core.reports.lists import BLANK_SIGN_IN_ROWS
from tests.reports.conftest import REPORT_DAY, embedded_fonts, pdf_text


def _request(db, kind, period="all", event=None):
    return ReportRequest(kind, db.campaign_uid, period, event_uid=event, serial=7, day=REPORT_DAY)


def _check_font(data: bytes) -> str:
    text = " ".join(pdf_text(data))
    assert fonts.missing_glyphs(text) == set()
    assert all(embedded_fonts(data).values())
    return text


def test_sign_in_sheet_lists_participants_with_an_empty_signature_column(known_db):
    data = build_pdf(known_db, _request(known_db, "ky-ten", event=known_db.ev["le_xa"]))
    text = _check_font(data)
    assert "DANH SÁCH" in text and "Đại biểu, người tham dự lễ khai mạc Ngày hội cấp xã" in text
    assert "Thời gian: 19/08/2026" in text and "Ký tên" in text
    for name in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Đặng Thị Hương"):
        assert name in text
    # Five named rows then blank numbered rows: nothing is printed in the signature column.
    assert f"{5 + BLANK_SIGN_IN_ROWS} Danh sách có 5 người." in text
    assert "Số: " not in text  # a sign-in sheet carries no document number


def test_sign_in_sheet_needs_an_event(known_db):
    with pytest.raises(UserError):
        build_pdf(known_db, _request(known_db, "ky-ten"))


def test_commendation_list_shows_each_recipient_with_form_level_and_decision(known_db):
    text = _check_font(build_pdf(known_db, _request(known_db, "khen-thuong", "2026-Q3")))
    assert "Tập thể, cá nhân được khen thưởng" in text and "Quý III năm 2026" in text
    assert "Trường Tiểu học Tân Hòa Tập thể Bằng khen (cấp tỉnh)" in text
    assert "Quyết định số 449/QĐ-UBND" in text and "2.340.000" in text
    assert "Tổng cộng 3 2.940.000" in text  # quantity, as the results report totals it
    assert text.index("Trường Tiểu học") < text.index("Ông Trần Văn Đức")  # collectives first


def test_register_extract_counts_participations_and_hides_sensitive_fields(known_db, tmp_path):
    text = _check_font(build_pdf(known_db, _request(known_db, "trich-danh-sach")))
    assert "TRÍCH DANH SÁCH" in text and "Danh sách có 5 người." in text
    assert "CCCD" not in text and "Điện thoại" not in text
    path = tmp_path / "trich.xlsx"
    assert write(known_db, _request(known_db, "trich-danh-sach"), path) == 5
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    times = {row[0]: row[-1] for row in rows[1:]}
    assert times["Trần Văn Đức"] == 3 and times["Đặng Thị Hương"] == 1  # le_xa, hop, march


def test_event_sheet_has_facts_counts_participants_and_outcomes(known_db, tmp_path):
    data = build_pdf(known_db, _request(known_db, "su-kien", event=known_db.ev["le_xa"]))
    text = _check_font(data)
    assert "Kết quả tổ chức lễ khai mạc Ngày hội cấp xã" in text
    assert "Thời gian: 19/08/2026." in text and "Tình trạng: Đã tổ chức." in text
    assert "Tổng số người tham dự 500" in text and "Trong đó: Phụ nữ 200" in text
    assert "Nguyễn Thị Ánh Tuyết" in text and "Đại biểu" in text
    assert "Suất quà Hộ nghèo, gia đình chính sách 30 suất 15.000.000" in text
    assert "Tổng giá trị 17.940.000" in text
    path = tmp_path / "su-kien.xlsx"
    assert write(known_db, _request(known_db, "su-kien", event=known_db.ev["le_xa"]), path) == 3
