"""Decree 30/2020/NĐ-CP, Appendix I: the layout bullets of issue 12, each as a paper shows it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core import attendance, people, units
from desktop.core.reports import ReportRequest, build_pdf, common, fonts, layout, lists
from desktop.core.reports.common import list_symbol, resolve
from desktop.core.reports.document import Table
from tests.reports.conftest import pdf_text


def _request(db, kind, period="all", **extra):
    return ReportRequest(kind, db.campaign_uid, period, serial=4, day=dt.date(2026, 9, 5), **extra)


@pytest.mark.parametrize("paragraphs", range(0, 40, 3))
def test_the_signature_never_stands_alone_on_a_page(known_db, paragraphs):
    """However long the assessment, the closing sentence goes with the signature."""
    narrative = "\n".join(
        f"Đoạn nhận xét thứ {n}: xã đã phối hợp tốt với các ban, ngành, đoàn thể." * 2
        for n in range(paragraphs)
    )
    request = _request(known_db, "ket-qua", narrative=narrative)
    pages = pdf_text(build_pdf(known_db, request))
    signed = [page for page in pages if "TRƯỞNG CÔNG AN XÃ" in page]
    assert len(signed) == 1
    assert "Trên đây là báo cáo kết quả" in signed[0]


def test_lists_keep_their_closing_line_with_the_signature(known_db):
    for kind in ("khen-thuong", "trich-danh-sach"):
        pages = pdf_text(build_pdf(known_db, _request(known_db, kind)))
        signed = next(page for page in pages if "TRƯỞNG CÔNG AN XÃ" in page)
        assert "Danh sách có" in signed, kind


def test_the_rule_under_the_title_is_a_third_to_a_half_of_the_title_line():
    width = layout.frame_width()
    style = layout.styles()["summary"]
    for lines in (
        ["Kết quả thực hiện Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026", "Tháng 8 năm 2026"],
        ["Danh sách ký tên"],
    ):
        rule = layout.title_rule_width(lines, width)
        pieces = [p for line in lines for p in layout.balanced(line, style, width).split("<br/>")]
        longest = max(min(stringWidth(p, style.fontName, style.fontSize), width) for p in pieces)
        assert longest / 3 <= rule <= longest / 2


def test_no_official_name_splits_inside_its_place_name():
    """All 3,321 communes and every province, in the bold letterhead column."""
    fonts.register()
    width = 0.4 * layout.frame_width() - 4
    names = [f"CÔNG AN {c.name}" for p in units.provinces() for c in units.communes(p.code)]
    names += [f"CÔNG AN {p.name}" for p in units.provinces()]
    assert len(names) > 3321
    for name in names:
        lines = layout.office_lines(name, fonts.BOLD, width)
        _head, place = layout._split_place(" ".join(name.upper().split()))
        assert any(
            line == place or line.endswith(f" {place}") or line == name.upper()
            for line, _size in lines
        ), name
        assert all(stringWidth(line, fonts.BOLD, size) <= width for line, size in lines), name
    department = layout.office_lines(
        "PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC", fonts.BOLD, width
    )
    assert [line for line, _ in department][-1].endswith("TỔ QUỐC")
    assert all(size == layout.LETTERHEAD_SIZE for _, size in department)
    lines = layout.office_lines("CÔNG AN PHƯỜNG RẠCH GIÁ", fonts.BOLD, width)
    assert "RẠCH GIÁ" in [line for line, _ in lines] or lines[0][0].endswith("RẠCH GIÁ")


def test_lists_carry_the_list_symbol(known_db):
    assert list_symbol("BC-CAX") == "DS-CAX" and list_symbol("PV05") == "DS-PV05"
    text = pdf_text(build_pdf(known_db, _request(known_db, "khen-thuong")))[0]
    assert "Số: 04/DS-CAX" in text and "BC-CAX" not in text
    report = pdf_text(build_pdf(known_db, _request(known_db, "ket-qua")))[0]
    assert "Số: 04/BC-CAX" in report


def test_a_planned_or_cancelled_event_sheet_says_so(known_db):
    request = _request(known_db, "su-kien", event_uid=known_db.ev["planned"])
    text = " ".join(pdf_text(build_pdf(known_db, request)))
    assert "chưa tổ chức" in text and "Kết quả tổ chức" not in text


@pytest.mark.parametrize(
    ("typed", "in_sentence"),
    [
        ("Phần lễ Ngày hội toàn dân bảo vệ ANTQ xã", "phần lễ Ngày hội toàn dân bảo vệ ANTQ xã"),
        ("Họp dân ấp Tân Phú", "họp dân ấp Tân Phú"),
        ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"),
        ("Hội Phụ nữ xã tuyên truyền", "Hội Phụ nữ xã tuyên truyền"),
        ("ANTQ tại trường học", "ANTQ tại trường học"),
        ("Công an xã ra quân", "Công an xã ra quân"),
        ("HỌP DÂN ẤP 3", "HỌP DÂN ẤP 3"),
        ("tuyên truyền  pháp luật", "tuyên truyền pháp luật"),
        ("Tết", "Tết"),
    ],
)
def test_an_event_title_inside_a_sentence_keeps_what_was_typed(typed, in_sentence):
    assert common.in_sentence(typed) == in_sentence


def test_report_sentences_embed_the_event_title_in_sentence_case(known_db):
    uid = known_db.ev["planned"]
    known_db.conn.execute(
        "UPDATE event SET title = 'Phần lễ Ngày hội toàn dân bảo vệ ANTQ xã', status = 'held', "
        "rev = rev + 1 "
        "WHERE uid = ?",
        [uid],
    )
    sheet = " ".join(pdf_text(build_pdf(known_db, _request(known_db, "su-kien", event_uid=uid))))
    assert "Kết quả tổ chức phần lễ Ngày hội toàn dân bảo vệ ANTQ xã" in " ".join(sheet.split())
    sign_in = " ".join(pdf_text(build_pdf(known_db, _request(known_db, "ky-ten", event_uid=uid))))
    assert "người tham dự phần lễ Ngày hội" in " ".join(sign_in.split())
    assert "PHẦN LỄ" not in sheet + sign_in and "Phần Lễ" not in sheet + sign_in


def test_sign_in_rows_grow_with_their_content_and_four_digit_serials_fit(known_db):
    person = people.create_person(
        known_db,
        people.PersonInput(
            "Nguyễn Thị Hoàng Yến Phương Thảo Ngọc Bích Trâm Anh Kim Ngân Thu Hà Minh Châu Lan",
            position="Tổ viên tổ bảo vệ an ninh, trật tự ở cơ sở",
        ),
        allow_duplicate=True,
    )
    attendance.add(known_db, known_db.ev["le_xa"], person)
    ctx = resolve(known_db, _request(known_db, "ky-ten", event_uid=known_db.ev["le_xa"]))
    sheet = next(b for b in lists.sign_in_document(known_db, ctx).blocks if isinstance(b, Table))
    assert sheet.sign_height_mm == lists.SIGN_IN_ROW_MM
    drawn = layout.table(sheet)
    drawn.wrap(layout.frame_width(), 2000)
    heights = drawn._rowHeights[1:]
    assert min(heights) >= lists.SIGN_IN_ROW_MM * mm - 0.5
    assert max(heights) > lists.SIGN_IN_ROW_MM * mm + 5  # the long name's row grew
    serial_column = layout.fractions(layout.PORTRAIT, *lists.SIGN_IN_WIDTHS)[0]
    assert stringWidth("9999", fonts.REGULAR, layout.TABLE_SIZE) + 6 <= serial_column
    text = " ".join(pdf_text(build_pdf(known_db, ctx.request)))
    assert "NGƯỜI LẬP DANH SÁCH" in text and "XÁC NHẬN CỦA CÔNG AN XÃ AN BIÊN" in text


def test_every_report_xlsx_opens_with_unit_title_and_period_and_prints_on_a4(known_db, tmp_path):
    import openpyxl

    from desktop.core.reports import KINDS, write

    for code, kind in KINDS.items():
        if kind.province_only:
            continue
        extra = {"event_uid": known_db.ev["le_xa"]} if kind.needs_event else {}
        path = tmp_path / f"{code}.xlsx"
        write(known_db, _request(known_db, code, **extra), path)
        sheet = openpyxl.load_workbook(path).worksheets[0]
        assert sheet["A1"].value == "CÔNG AN XÃ AN BIÊN", code
        assert sheet["A2"].value.startswith(kind.title[:10]), code
        assert sheet["A3"].value, code
        assert int(sheet.page_setup.paperSize) == 9, code
        assert sheet.print_title_rows == "$5:$5", code
        for row in sheet.iter_rows(min_row=6):
            for cell in row:
                header = sheet.cell(row=5, column=cell.column).value
                if header == "Năm sinh" and cell.value:
                    assert cell.number_format == "0", code  # 1991, not 1,991
                if isinstance(cell.value, float):
                    assert not cell.value.is_integer(), (code, header)  # counts are integers


def test_titles_break_between_words_that_belong_together():
    style = layout.styles()["summary"]
    width = layout.frame_width()
    for title in (
        "Tập thể, cá nhân được khen thưởng trong Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Tổng hợp kết quả thực hiện Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Đại biểu, người tham dự Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ xã An Biên năm 2026",
    ):
        lines = layout.balanced(title, style, width).split("<br/>")
        assert len(lines) >= 2, title
        for first, second in itertools.pairwise(lines):
            for phrase in ("Ngày hội", "Tổ quốc", "an ninh", "bảo vệ", "năm 2026", "xã An Biên"):
                assert f"{first} {second}".count(phrase) == title.count(phrase), (title, phrase)
                words = phrase.split()
                assert not (first.endswith(words[0]) and second.startswith(words[1])), phrase


def test_an_office_named_in_a_closing_column_breaks_only_before_its_place_name():
    """The 'office' style: the sign-in sheet's 'XÁC NHẬN CỦA …' is laid out as the letterhead."""
    import io

    from pypdf import PdfReader

    from desktop.core.reports.document import Document, Para, SigningColumns

    name = "CÔNG AN PHƯỜNG NGUYỄN THÁI BÌNH TRUNG"
    closing = SigningColumns(left=(Para("NGƯỜI LẬP", "signer"),), right=(Para(name, "office"),))
    doc = Document("Thử", "Công an", "Công an", "2026", (closing,))
    page = PdfReader(io.BytesIO(layout.render_document(doc))).pages[0].extract_text()
    lines = [" ".join(line.split()) for line in page.splitlines()]
    assert "CÔNG AN PHƯỜNG" in lines and "NGUYỄN THÁI BÌNH TRUNG" in lines
