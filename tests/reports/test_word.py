"""The Word renderer on documents built here by hand: the Decree 30 page in Word's own terms.

Each .docx is read back with python-docx (and its XML where python-docx has no word for it):
A4 and the decree's margins per section, Times New Roman 14 in every script slot, the letterhead
as a borderless two-column table with its two rules as long as the PDF's, the PAGE field from
page 2, repeating header rows and rows that never split, right-aligned figures, the signature
kept with its lead, the file's properties, and the same words as the model.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.reports import document as m
from desktop.core.reports import fonts, layout, word
from tests.reports.word_files import (
    fixed_words,
    open_docx,
    paragraph_texts,
    recipients_words,
    words,
)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
EMU_TOLERANCE = Mm(0.2)


def sample(**changes) -> m.Document:
    """A report with every kind of block, as a report kind would build it."""
    rows = tuple(
        (
            str(i),
            f"Chỉ tiêu số {i} <b>&amp;",
            "" if i in (1, 11) else f"{i * 1234:,}".replace(",", "."),
        )
        for i in range(1, 41)
    )
    values = dict(
        title="Báo cáo kết quả",
        author="Công an xã An Biên",
        unit="CÔNG AN XÃ AN BIÊN",
        period="tháng 8 năm 2026",
        footer="Nhật ký 1.234 · 9f8e7d6c",
        keywords=("ANTQ", "ket-qua"),
        blocks=(
            m.Letterhead(
                "CÔNG AN TỈNH AN GIANG",
                "CÔNG AN XÃ AN BIÊN",
                "Số:       /BC-CAX",
                "An Biên, ngày 05 tháng 9 năm 2026",
            ),
            m.Title(
                "BÁO CÁO",
                ("Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",),
            ),
            m.Para("Thực hiện Kế hoạch số 123/KH-CAT ngày 13/5/2022 của Công an tỉnh, " * 4),
            m.Para("I. KẾT QUẢ", "heading1"),
            m.NeedSpace(30),
            m.Para("Bảng 1. Số liệu", "table_heading"),
            m.Table(
                (m.Column("STT", 1, "c"), m.Column("Nội dung", 6), m.Column("Số lượng", 2, "r")),
                rows,
                total=("", "Tổng cộng", "1.012.000"),
                sections=(0, 10),
            ),
            m.Chart(
                "Biểu đồ 1. Lượt người tham gia theo tháng", (("2026-07", 120), ("2026-08", 3400))
            ),
            m.NewPage(m.LANDSCAPE),
            m.Table(
                (m.Column("STT", 1, "c"), m.Column("Họ và tên", 5), m.Column("Ký tên", 3)),
                tuple((str(i), f"Nguyễn Thị Hoa {i}", "") for i in range(1, 13)),
                sign_height_mm=12,
            ),
            m.NewPage(m.PORTRAIT),
            m.Signature(
                "TRƯỞNG CÔNG AN XÃ",
                "",
                "Nguyễn Văn An",
                ("Công an tỉnh (PV05)", "Lưu: VT"),
                lead=(m.Para("Trên đây là báo cáo kết quả của Công an xã."),),
            ),
        ),
    )
    values.update(changes)
    return m.Document(**values)


@pytest.fixture(scope="module")
def built():
    doc = sample()
    return doc, open_docx(word.render(doc))


def _close(length, millimetres: float) -> bool:
    return abs(length - Mm(millimetres)) <= EMU_TOLERANCE


def test_every_section_is_a4_with_the_decrees_margins(built):
    _doc, docx_file = built
    orientations = [section.orientation for section in docx_file.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in docx_file.sections:
        short, long = sorted((section.page_width, section.page_height))
        assert _close(short, 210) and _close(long, 297)
        assert _close(section.bottom_margin, 20)
        if section.orientation == WD_ORIENT.PORTRAIT:
            assert section.page_width < section.page_height
            assert _close(section.top_margin, 20)
            assert _close(section.left_margin, 30) and _close(section.right_margin, 15)
        else:  # bound along its top edge, as the PDF's landscape pages
            assert section.page_width > section.page_height
            assert _close(section.top_margin, 30)
            assert _close(section.left_margin, 20) and _close(section.right_margin, 20)


def test_the_body_style_is_times_new_roman_14_justified_with_a_first_line_indent(built):
    _doc, docx_file = built
    normal = docx_file.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(normal.paragraph_format.first_line_indent - Mm(12.7)) <= EMU_TOLERANCE
    slots = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert slots.get(qn(f"w:{slot}")) == "Times New Roman", slot
    assert slots.get(qn("w:asciiTheme")) is None  # a theme font would win over ours
    defaults = docx_file.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {default_fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    body = [p for p in docx_file.paragraphs if p.text.startswith("Thực hiện")]
    assert body and body[0].style.name == "Normal"
    # No run anywhere names another font: the style sheet alone decides.
    named = {r.font.name for p in docx_file.paragraphs for r in p.runs} - {None}
    assert named <= {"Times New Roman"}


def test_the_letterhead_is_a_borderless_two_column_table_with_its_rules(built):
    _doc, docx_file = built
    body = docx_file.element.body
    assert body[0].tag == qn("w:tbl"), "the letterhead opens the document"
    head = docx_file.tables[0]
    assert len(head.columns) == 2
    edges = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert edges is not None and {e.get(qn("w:val")) for e in edges} == {"nil"}
    width = layout.frame_width(m.PORTRAIT)
    left, right = (column.width.pt for column in head.columns)
    assert left == pytest.approx(0.4 * width, abs=0.1) and right == pytest.approx(
        0.6 * width, abs=0.1
    )
    cells = head.rows[0].cells
    assert "CÔNG AN XÃ AN BIÊN" in cells[0].text and MOTTO in cells[1].text
    fonts.register()
    expected = {
        0: 0.4 * stringWidth("CÔNG AN XÃ AN BIÊN", fonts.BOLD, 13),
        1: stringWidth(MOTTO, fonts.BOLD, 13),
    }
    for index, cell in enumerate(cells):
        ruled = [
            p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
        ]
        assert len(ruled) == 1, f"one rule in column {index}"
        border = ruled[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert border.get(qn("w:val")) == "single"
        form = ruled[0].paragraph_format
        length = head.columns[index].width.pt - form.left_indent.pt - form.right_indent.pt
        assert length == pytest.approx(expected[index], abs=0.5), f"rule {index}"
        assert form.left_indent == form.right_indent, "centred under its text"
    number, place = head.rows[1].cells
    assert number.text == "Số:       /BC-CAX"
    assert place.text == "An Biên, ngày 05 tháng 9 năm 2026"
    assert all(run.italic for run in place.paragraphs[0].runs)


def test_the_title_is_bold_and_centred_with_a_short_rule(built):
    _doc, docx_file = built
    paragraphs = docx_file.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    title, summary = paragraphs[index], paragraphs[index + 1]
    for paragraph in (title, summary):
        assert (
            paragraph.style.font.bold
            and paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        )
    rule = paragraphs[index + 2]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
    width = layout.frame_width(m.PORTRAIT)
    length = width - rule.paragraph_format.left_indent.pt - rule.paragraph_format.right_indent.pt
    expected = layout.title_rule_width(sample().blocks[1].summary_lines, width)
    assert length == pytest.approx(expected, abs=0.5)
    assert length < width / 2


def test_page_numbers_are_a_page_field_in_the_header_from_page_two(built):
    _doc, docx_file = built
    first = docx_file.sections[0]
    assert first.different_first_page_header_footer  # w:titlePg
    assert first._sectPr.find(qn("w:titlePg")) is not None
    instructions = [t.text.strip() for t in first.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(first.first_page_header._element.iter(qn("w:instrText")))
    for later in docx_file.sections[1:]:  # their first pages are not page 1: numbered
        assert not later.different_first_page_header_footer
        assert later.header.is_linked_to_previous
    for footer in (first.footer, first.first_page_footer):
        assert footer.paragraphs[0].text == "Nhật ký 1.234 · 9f8e7d6c"


def test_tables_repeat_their_header_rows_never_split_and_align_figures_right(built):
    _doc, docx_file = built
    table = docx_file.tables[1]
    rows = table.rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    assert [c.text for c in rows[0].cells] == ["STT", "Nội dung", "Số lượng"]
    width = sum(column.width.pt for column in table.columns)
    assert width == pytest.approx(layout.frame_width(m.PORTRAIT), abs=0.5)
    figures = [row.cells[2].paragraphs[0] for row in rows[1:] if row.cells[2].text[:1].isdigit()]
    assert len(figures) > 30
    for paragraph in figures:
        alignment = paragraph.alignment or paragraph.style.paragraph_format.alignment
        assert alignment == WD_ALIGN_PARAGRAPH.RIGHT
    section = rows[11]  # row index 10 of the model, after the header
    assert section.cells[1].text == section.cells[2].text == "Chỉ tiêu số 11 <b>&amp;"
    assert all(run.bold for run in section.cells[1].paragraphs[0].runs)
    total = rows[-1]
    assert total.cells[2].text == "1.012.000" and all(
        r.bold for r in total.cells[2].paragraphs[0].runs
    )


def test_a_sign_in_table_leaves_room_to_sign(built):
    _doc, docx_file = built
    table = next(t for t in docx_file.tables if t.rows[0].cells[-1].text == "Ký tên")
    assert table.columns[-1].width.pt >= 0.3 * layout.frame_width(m.LANDSCAPE)
    assert sum(c.width.pt for c in table.columns) == pytest.approx(
        layout.frame_width(m.LANDSCAPE), abs=0.5
    )
    for row in table.rows[1:]:
        assert row.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST
        assert abs(row.height - Mm(12)) <= EMU_TOLERANCE


def test_the_signature_is_kept_with_the_last_paragraph(built):
    _doc, docx_file = built
    body = list(docx_file.element.body)
    table = docx_file.tables[-1]
    position = body.index(table._tbl)
    lead = next(p for p in docx_file.paragraphs if p.text.startswith("Trên đây"))
    between = body[body.index(lead._p) : position]
    for element in between:  # the lead and the space under it
        assert element.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    edges = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {e.get(qn("w:val")) for e in edges} == {"nil"}
    left, right = table.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    head_style = left.paragraphs[0].style
    assert head_style.font.size == Pt(12) and head_style.font.bold and head_style.font.italic
    assert [p.text for p in left.paragraphs[1:]] == ["- Công an tỉnh (PV05);", "- Lưu: VT."]
    assert left.paragraphs[1].style.font.size == Pt(11)
    assert [p.text for p in right.paragraphs] == ["TRƯỞNG CÔNG AN XÃ", "Nguyễn Văn An"]
    assert right.paragraphs[-1].paragraph_format.space_before >= Mm(20)  # room to sign
    for paragraph in (*left.paragraphs, *right.paragraphs):
        assert paragraph.paragraph_format.keep_together


def test_the_chart_caption_stays_with_its_bars(built):
    _doc, docx_file = built
    caption = next(p for p in docx_file.paragraphs if p.text.startswith("Biểu đồ 1"))
    assert caption.paragraph_format.keep_with_next
    bars = next(t for t in docx_file.tables if t.rows[-1].cells[0].text == "T8/26")
    assert [row.cells[2].text for row in bars.rows[1:]] == ["120", "3.400"]
    indents = [row.cells[1].paragraphs[0].paragraph_format.right_indent for row in bars.rows[1:]]
    assert indents[0] > indents[1]  # the longer bar is the larger count


def test_the_file_properties_carry_title_unit_and_period(built):
    _doc, docx_file = built
    core = docx_file.core_properties
    assert core.title == "Báo cáo kết quả"
    assert core.subject == "CÔNG AN XÃ AN BIÊN, tháng 8 năm 2026"
    assert core.author == "Công an xã An Biên"
    assert core.keywords == "ANTQ, ket-qua"
    assert core.created is not None
    assert abs(core.created - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)
    assert core.language == "vi-VN"


def test_the_docx_says_every_word_of_the_model_and_no_other(built):
    doc, docx_file = built
    expected = Counter(words(doc.texts()))
    found = Counter(words(paragraph_texts(docx_file)))
    chart = Counter(words(["T7/26", "T8/26", "120", "3.400", "Lượt người"]))
    assert found - expected == fixed_words() + recipients_words() + chart
    assert expected - found == Counter()
    # And in the model's order: the reading order of the file is the document's.
    order = words(paragraph_texts(docx_file))
    position = 0
    for token in words(doc.texts()):
        position = order.index(token, position) + 1


def test_text_that_looks_like_markup_is_written_as_typed(built):
    _doc, docx_file = built
    assert any(
        cell.text == "Chỉ tiêu số 3 <b>&amp;" for cell in docx_file.tables[1].column_cells(1)
    )


def test_a_document_without_number_footer_or_recipients_is_still_whole():
    doc = sample(
        footer="",
        blocks=(
            m.Letterhead(
                "CÔNG AN TỈNH AN GIANG",
                "CÔNG AN PHƯỜNG RẠCH GIÁ",
                None,
                "Rạch Giá, ngày 1 tháng 1 năm 2027",
            ),
            m.Para("Nội dung."),
            m.Signature(
                "KT. TRƯỞNG CÔNG AN PHƯỜNG", "PHÓ TRƯỞNG CÔNG AN PHƯỜNG", "Lê Văn Bình", ()
            ),
        ),
    )
    docx_file = open_docx(word.render(doc))
    assert docx_file.tables[0].rows[1].cells[0].text == ""
    assert docx_file.sections[0].footer.paragraphs[0].text == ""
    right = docx_file.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs] == [
        "KT. TRƯỞNG CÔNG AN PHƯỜNG",
        "PHÓ TRƯỞNG CÔNG AN PHƯỜNG",
        "Lê Văn Bình",
    ]
    assert "Nơi nhận" not in docx_file.tables[-1].rows[0].cells[0].text


def test_a_landscape_first_page_starts_a_landscape_document():
    doc = sample(first=m.LANDSCAPE, blocks=(m.Para("Phụ lục."),))
    section = open_docx(word.render(doc)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height


def test_room_asked_for_keeps_the_next_paragraph_with_what_follows_and_nothing_later():
    table = m.Table((m.Column("STT", 1, "c"), m.Column("Nội dung", 6)), (("1", "Một"),))
    doc = sample(
        blocks=(
            m.NeedSpace(40),
            m.Para("Danh sách người tham dự có tên:"),
            table,
            m.NeedSpace(40),
            table,
            m.Para("Đoạn sau bảng."),
        )
    )
    docx_file = open_docx(word.render(doc))
    kept = {p.text: p.paragraph_format.keep_with_next for p in docx_file.paragraphs}
    assert kept["Danh sách người tham dự có tên:"] is True
    assert not kept["Đoạn sau bảng."]


def test_every_row_of_a_long_table_keeps_its_own_text_and_properties():
    rows = (
        ("1", "Nguyễn Văn An", "1.234"),
        ("2", "", ""),
        ("3", "  hai dấu cách đầu", "0"),
        ("4", "Dòng một\nDòng hai", "12"),
        ("5", "Trần <Thị> & Bình", "5.000.000"),
    )
    columns = (m.Column("STT", 1, "c"), m.Column("Họ và tên", 5), m.Column("Số", 2, "r"))
    doc = sample(blocks=(m.Table(columns, rows, sign_height_mm=9),))
    table = open_docx(word.render(doc)).tables[0]
    assert [tuple(c.text for c in row.cells) for row in table.rows[1:]] == [
        ("1", "Nguyễn Văn An", "1.234"),
        ("2", "", ""),
        ("3", "  hai dấu cách đầu", "0"),
        ("4", "Dòng một\nDòng hai", "12"),
        ("5", "Trần <Thị> & Bình", "5.000.000"),
    ]
    for row in table.rows[1:]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert abs(row.height - Mm(9)) <= EMU_TOLERANCE
        figure = row.cells[2].paragraphs[0]
        assert figure.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
