"""The results report: its figures, its layout lines, its font and its xlsx, read back."""

from __future__ import annotations

import unicodedata

import openpyxl
import pytest

from desktop.core import campaigns, formats
from desktop.core import figures as statistics
from desktop.core.reports import ReportRequest, build_pdf, fonts, settings, write
from desktop.core.reports.common import resolve
from desktop.core.reports.results import compute
from tests.reports.conftest import REPORT_DAY, embedded_fonts, pdf_text

NARRATIVE = (
    "1. Ưu điểm\n"
    "Công tác tuyên truyền được triển khai sâu rộng; quần chúng nhân dân đồng tình hưởng ứng.\n"
    "2. Hạn chế\n"
    "Một số ấp tổ chức phần hội còn đơn điệu, chưa thu hút thanh niên."
)


def _request(db, period="2026-08", **extra):
    return ReportRequest("ket-qua", db.campaign_uid, period, serial=5, day=REPORT_DAY, **extra)


def test_august_figures_follow_the_counting_rules(known_db):
    stats = compute(known_db, resolve(known_db, _request(known_db)))
    totals = stats.totals
    assert (totals.festivals_commune, totals.festivals_hamlet) == (1, 1)  # ceremony+fête = 1 day
    assert totals.events_held == 4  # the planned October event and March are outside
    assert totals.participants == 500 + 300 + 120 + 3  # the meeting: 3 named, no head-count
    assert (totals.women, totals.youth, totals.ethnic) == (360, 270, 30)
    assert (totals.commendations, totals.commendations_value) == (3, 2_940_000)
    assert (totals.gifts, totals.gifts_value) == (30, 15_000_000)
    assert (totals.pledges, totals.tips, totals.weapons) == (120, 0, 2)
    assert totals.funds_value == 35_000_000  # no event: counted on its own date
    levels = {(c.issuer_level, c.recipient_kind): c.quantity for c in stats.commendations}
    assert levels == {("tinh", "tap_the"): 1, ("xa", "ca_nhan"): 2}
    assert dict(stats.per_month)["2026-03"] == 80  # the chart starts with the campaign
    whole = compute(known_db, resolve(known_db, _request(known_db, "all"))).totals
    assert (whole.events_held, whole.tips, whole.participants) == (5, 3, 1003)


def test_statistics_agree_with_the_database(known_db):
    """Totals cross-checked against plain SQL over the same rows."""
    stats = compute(known_db, resolve(known_db, _request(known_db, "all")))
    sql = known_db.conn.execute
    held = sql("SELECT COUNT(*) FROM event WHERE status = 'held' AND deleted_at IS NULL")
    assert stats.totals.events_held == held.fetchone()[0]
    money = sql("SELECT SUM(value_vnd) FROM outcome WHERE deleted_at IS NULL").fetchone()[0]
    assert sum(line.value_vnd for line in stats.indicators) == money
    women = sql("SELECT SUM(count_women) FROM event WHERE status = 'held'").fetchone()[0]
    assert stats.totals.women == women


def test_pdf_has_the_decree_header_title_figures_and_signature(known_db):
    settings.save_narrative(known_db, "ket-qua", known_db.campaign_uid, "2026-08", NARRATIVE)
    data = build_pdf(known_db, _request(known_db))
    pages = pdf_text(data)
    text = " ".join(pages)
    first = pages[0]
    for line in (
        "CÔNG AN TỈNH AN GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-CAX",
        "ngày 02 tháng 9 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Tháng 8 năm 2026",
    ):
        assert line in first, line
    unit = resolve(known_db, _request(known_db)).unit
    assert f"CÔNG AN {unit.name.upper()}" in first
    assert "923 lượt người tham gia" in text
    assert "15.000.000 đồng" in text and "35.000.000 đồng" in text
    stats = compute(known_db, resolve(known_db, _request(known_db)))
    for line in statistics.lines(stats):
        row = f"{line.label} {line.unit_label} {formats.quantity(line.quantity)}".strip()
        if line.value_vnd is not None:
            row += f" {formats.quantity(line.value_vnd)}"
        assert row in text, row
    assert "Quần chúng nhân dân đồng tình hưởng ứng" in text.replace("quần", "Quần")
    assert "NHẬN XÉT, ĐÁNH GIÁ VÀ KIẾN NGHỊ" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text and "TRƯỞNG CÔNG AN XÃ" in text
    assert not pages[0].startswith("1 ")  # no formats.quantity on page 1
    assert all(page.startswith(f"{n} ") for n, page in enumerate(pages[1:], start=2))


def test_every_character_has_a_glyph_and_the_font_is_embedded(known_db):
    data = build_pdf(known_db, _request(known_db, narrative=NARRATIVE))
    text = "".join(pdf_text(data))
    assert unicodedata.normalize("NFC", "Ưu điểm") in text
    assert fonts.missing_glyphs(text) == set()
    assert fonts.missing_glyphs(text, fonts.BOLD) == set()
    used = embedded_fonts(data)
    assert used and all(used.values()), used
    assert all("LiberationSerif" in name for name in used), used


def test_narrative_is_kept_per_period_and_settings_are_proposed_again(known_db):
    campaign = known_db.campaign_uid
    settings.save_narrative(known_db, "ket-qua", campaign, "2026-08", "Đánh giá tháng 8.")
    assert settings.load_narrative(known_db, "ket-qua", campaign, "2026-08") == "Đánh giá tháng 8."
    assert settings.load_narrative(known_db, "ket-qua", campaign, "2026-09") == ""
    saved = settings.load(known_db)
    saved.signer_authority = "KT. TRƯỞNG CÔNG AN XÃ"
    saved.signer_position = "PHÓ TRƯỞNG CÔNG AN XÃ"
    saved.signer_name = "Nguyễn Văn Bình"
    saved.recipients = ["Công an tỉnh (PV05);", "Lưu: VT, CAX"]
    settings.save(known_db, saved)
    again = settings.load(known_db)
    assert again.recipients == ["Công an tỉnh (PV05)", "Lưu: VT, CAX"]
    text = " ".join(pdf_text(build_pdf(known_db, _request(known_db))))
    assert "KT. TRƯỞNG CÔNG AN XÃ PHÓ TRƯỞNG CÔNG AN XÃ" in text
    assert "- Công an tỉnh (PV05); - Lưu: VT, CAX." in text
    assert "Nguyễn Văn Bình" in text and "Đánh giá tháng 8." in text


def test_settings_refuse_a_symbol_with_spaces(known_db):
    from desktop.core.errors import ValidationError

    bad = settings.load(known_db)
    bad.symbol = "BC CAX"
    with pytest.raises(ValidationError) as error:
        settings.save(known_db, bad)
    assert "symbol" in error.value.fields


def test_statistics_xlsx_has_the_same_lines_as_numbers(known_db, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    count = write(known_db, _request(known_db), path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    stats = compute(known_db, resolve(known_db, _request(known_db)))
    expected = statistics.lines(stats)
    # the unit, the title and the period open the sheet, then a blank row and the header
    assert [row[0] for row in rows[:4]] == [
        "CÔNG AN XÃ AN BIÊN",
        "Báo cáo kết quả",
        "Tháng 8 năm 2026",
        None,
    ]
    assert count == len(expected) == len(rows) - 5
    assert rows[4] == ("Mục", "Nội dung", "Đơn vị tính", "Số lượng", "Giá trị (đồng)")
    by_label = {row[1]: row for row in rows[5:]}
    assert by_label["Tổng lượt người tham gia"][3] == 923
    assert by_label["Suất quà"][3:] == (30, 15_000_000)
    assert isinstance(by_label["Hộ gia đình ký cam kết"][3], int)  # a count, not 120.0
    assert sheet.freeze_panes == "A6" and sheet["A5"].font.bold and sheet["A1"].font.bold
    assert sheet.print_title_rows == "$5:$5" and int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    # every table of the PDF: the figures, the commendations and the participants per month
    assert book.sheetnames == ["Số liệu kết quả", "Khen thưởng", "Lượt người theo tháng"]
    commendations = list(book["Khen thưởng"].iter_rows(values_only=True))
    assert commendations[-1][0] == "Tổng cộng" and commendations[-1][3:] == (3, 2_940_000)
    months = dict(list(book["Lượt người theo tháng"].iter_rows(values_only=True))[5:])
    assert months["08/2026"] == 923 and months["03/2026"] == 80


def test_a_pdf_is_written_atomically_where_asked(known_db, tmp_path):
    path = tmp_path / "bao-cao.pdf"
    size = write(known_db, _request(known_db), path)
    assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size == size
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]
    assert campaigns.get(known_db, known_db.campaign_uid).code == "NH-ANTQ-2026"
