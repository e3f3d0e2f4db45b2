"""A report `Document` as a Word file (.docx) in the Decree 30 layout, to edit and sign.

Offices finish their documents in Word: the chief changes a sentence before signing. So the file
is built in Word's own terms, never as a picture of the PDF: one A4 section per orientation with
the decree's margins, the paragraph styles defined once in the style sheet (Times New Roman 14 pt
body, justified, 1,27 cm first-line indent), the letterhead as a borderless two-column table whose
rules are paragraph borders as long as the text above them, real tables whose header row repeats
and whose rows never split, the signature kept with the last paragraph, and the page number as a
PAGE field from page 2. The measures come from `layout` (the PDF's), the words from the model:
both files say the same. Liberation Serif has Times New Roman's metrics, so reportlab measures
the rules' lengths and the balanced title lines as Word will draw them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import unescape

from docx import Document as new_word_file
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core import formats
from desktop.core.i18n import N_, _
from desktop.core.reports import document as model
from desktop.core.reports import fonts, layout

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
A4_SHORT, A4_LONG = Mm(210), Mm(297)
RULE_EIGHTHS = 5  # a border's width in eighths of a point: 0,6 pt like the PDF's rules
PAGE_NUMBER_SIZE = 13
SIGN_ROOM = Pt(26 * 72 / 25.4)  # room to sign above the signer's name, as in the PDF
_TEXT_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


@dataclass(frozen=True)
class Look:
    """A paragraph style's measures (points; indent True: the body's first-line indent)."""

    size: float = layout.BODY_SIZE
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    indent: bool = False
    before: float = 0
    after: float = 0
    leading: float | None = None  # at least this line height; None: 1,25 × size
    keep_next: bool = False


# Model style → (Word style name, look). Built-in names ("Normal", "Heading 1") stay English in
# the file, as Word shows them in its own language; ours are Vietnamese.
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_LOOKS: dict[str, tuple[str, Look]] = {
    "body": ("Normal", Look(indent=True, after=6)),
    "heading1": ("Heading 1", Look(bold=True, indent=True, before=6, after=6, keep_next=True)),
    "heading2": ("Heading 2", Look(bold=True, indent=True, after=6, keep_next=True)),
    "heading3": ("Heading 3", Look(indent=True, after=6, keep_next=True)),
    "table_heading": (
        N_("Tiêu đề bảng"),
        Look(bold=True, indent=True, after=6, keep_next=True),
    ),
    "doc_type": ("Title", Look(bold=True, align="center", before=20, keep_next=True)),
    "summary": (N_("Trích yếu"), Look(bold=True, align="center", keep_next=True)),
    "subtitle": ("Subtitle", Look(italic=True, align="center", after=4)),
    "note": (N_("Ghi chú"), Look(size=12, italic=True, align="left", after=4, leading=15)),
    "signer": (N_("Người ký"), Look(bold=True, align="center")),
    "office": (N_("Tên cơ quan"), Look(bold=True, align="center")),
    "cell": (N_("Ô bảng"), Look(size=layout.TABLE_SIZE, align="left", leading=14.4)),
    "cell_right": (N_("Ô bảng số"), Look(size=layout.TABLE_SIZE, align="right", leading=14.4)),
    "cell_center": (N_("Ô bảng giữa"), Look(size=layout.TABLE_SIZE, align="center", leading=14.4)),
    "cell_head": (
        N_("Ô đầu bảng"),
        Look(size=layout.TABLE_SIZE, bold=True, align="center", leading=14.4),
    ),
    "letterhead": (N_("Đầu văn bản"), Look(size=13, align="center", leading=16)),
    "recipients_head": (
        N_("Nơi nhận"),
        Look(size=12, bold=True, italic=True, align="left", leading=15),
    ),
    "recipients": (N_("Danh sách nơi nhận"), Look(size=11, align="left", leading=13)),
    "rule": (N_("Đường kẻ"), Look(size=2, align="left", leading=2)),
    "footer": ("Footer", Look(size=layout.FOOTER_SIZE, align="left", leading=10)),
    "header": ("Header", Look(size=PAGE_NUMBER_SIZE, align="center")),
}
_CELL_STYLE = {"l": "cell", "r": "cell_right", "c": "cell_center"}
_BUILT_IN = {key for key, (name, _look) in _LOOKS.items() if name.isascii()}
_STYLE_IDS = {
    key: name.replace(" ", "") if key in _BUILT_IN else "ANTQ" + key.title().replace("_", "")
    for key, (name, _look) in _LOOKS.items()
}


def render(doc: model.Document) -> bytes:
    """The document as .docx bytes."""
    fonts.register()
    word = new_word_file()
    _style_sheet(word)
    writer = _Writer(word, doc.first)
    _page_setup(word.sections[0], doc.first)
    _header_and_footer(word.sections[0], doc.footer)
    for block in doc.blocks:
        writer.block(block)
    _properties(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- the style sheet ---------------------------------------------------------------------------


def _style_sheet(word: Any) -> None:
    """Every style once, Times New Roman for Latin, East Asian and complex-script text alike."""
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _set_fonts(defaults.find(qn("w:rPr")))
    for key, (name, look) in _LOOKS.items():
        if key in _BUILT_IN:
            style = word.styles[name]
        else:  # our name shown in Word's gallery, translated as the report is; an ASCII id
            style = word.styles.add_style(_(name), WD_STYLE_TYPE.PARAGRAPH)
            style.element.styleId = _STYLE_IDS[key]
            style.base_style = word.styles["Normal"]
            style.quick_style = True
        _apply(style, look)


def _set_style(paragraph: Any, key: str) -> Any:
    """Give the paragraph a style of the sheet by its id (python-docx's lookup by name reads
    the whole style sheet each time: seconds for a long list)."""
    paragraph._p.style = _STYLE_IDS[key]
    return paragraph


def _apply(style: Any, look: Look) -> None:
    _reset(style)
    font = style.font
    font.name = FONT
    font.size = Pt(look.size)
    font.bold = look.bold
    font.italic = look.italic
    font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), size=look.size)
    form = style.paragraph_format
    form.alignment = _ALIGN[look.align]
    form.first_line_indent = Pt(layout.INDENT) if look.indent else Pt(0)
    form.left_indent = form.right_indent = Pt(0)
    form.space_before = Pt(look.before)
    form.space_after = Pt(look.after)
    form.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    form.line_spacing = Pt(look.leading or look.size * 1.25)
    form.keep_with_next = look.keep_next
    form.widow_control = True


def _reset(style: Any) -> None:
    """Drop what the template's built-in style carries (Title's rule and letter spacing, the
    headings' theme colours and fonts): the look is ours alone; a heading keeps its outline
    level, so Word's navigation pane still lists it."""
    element = style.element
    rpr = element.find(qn("w:rPr"))
    if rpr is not None:
        element.remove(rpr)
    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        for child in list(ppr):
            if child.tag != qn("w:outlineLvl"):
                ppr.remove(child)


def _set_fonts(rpr: Any, size: float | None = None) -> None:
    """Times New Roman in every script slot (the theme's fonts dropped), Vietnamese language,
    and the complex-script size too: Word picks the slot by character, not by our intent."""
    fonts_element = rpr.find(qn("w:rFonts"))
    if fonts_element is None:
        fonts_element = OxmlElement("w:rFonts")
        rpr.insert(0, fonts_element)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts_element.attrib.pop(qn(f"w:{theme}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts_element.set(qn(f"w:{slot}"), FONT)
    if size is not None:
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            _insert_before(
                rpr,
                size_cs,
                "w:highlight",
                "w:u",
                "w:effect",
                "w:bdr",
                "w:shd",
                "w:fitText",
                "w:vertAlign",
                "w:rtl",
                "w:cs",
                "w:em",
                "w:lang",
                *_TEXT_SUCCESSORS,
            )
        size_cs.set(qn("w:val"), str(round(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert_before(rpr, lang, *_TEXT_SUCCESSORS)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


# --- pages ---------------------------------------------------------------------------------------


def _page_setup(section: Any, orientation: str) -> None:
    """A4 in the orientation; a landscape page of a portrait document is bound along its top
    edge, so its top margin is the binding margin (as the PDF's landscape frame)."""
    if orientation == model.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
        top, left, right = layout.MARGIN_LEFT, layout.MARGIN_BOTTOM, layout.MARGIN_BOTTOM
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_SHORT, A4_LONG
        top, left, right = layout.MARGIN_TOP, layout.MARGIN_LEFT, layout.MARGIN_RIGHT
    section.top_margin, section.bottom_margin = Pt(top), Pt(layout.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Pt(left), Pt(right)
    section.gutter = Pt(0)
    # The number's line sits in the middle of the top margin, the footer in the bottom one's.
    section.header_distance = Pt(top / 2 - PAGE_NUMBER_SIZE * 0.75)
    section.footer_distance = Pt(layout.MARGIN_BOTTOM / 2 - layout.FOOTER_SIZE / 4)


def _header_and_footer(section: Any, footer: str) -> None:
    """The page number from page 2 (a different first page with an empty header), as a PAGE
    field that stays right after edits; the footer line on every page, the first included."""
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = "Header"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    for part in (section.footer, section.first_page_footer):
        line = part.paragraphs[0]
        line.style = "Footer"
        if footer:
            line.add_run(footer)
    section.first_page_header.paragraphs[0].style = "Header"


def _page_field(paragraph: Any) -> None:
    """{ PAGE }: Word and LibreOffice write the number of the page it is drawn on."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run("2")  # what shows until the field is first updated
    field_char("end")


def _properties(word: Any, doc: model.Document) -> None:
    """Title, subject (unit and period), author and keywords: what Explorer and Word show."""
    core = word.core_properties
    core.title = doc.title
    core.subject = ", ".join(part for part in (doc.unit, doc.period) if part)
    core.author = core.last_modified_by = doc.author
    core.keywords = ", ".join(doc.keywords)
    core.comments = ""
    core.language = LANGUAGE
    core.revision = 1
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    core.created = core.modified = now


# --- blocks --------------------------------------------------------------------------------------


class _Writer:
    """Appends blocks to the body, knowing the orientation (for widths) and whether the next
    paragraph must stay with what follows it (after a `NeedSpace`)."""

    def __init__(self, word: Any, orientation: str):
        self.word = word
        self.orientation = orientation
        self.keep_next = False

    @property
    def width(self) -> float:
        """The text width in points."""
        return layout.frame_width(self.orientation)

    def block(self, block: model.Block) -> None:
        handler = getattr(self, f"_{type(block).__name__.lower()}")
        handler(block)
        if not isinstance(block, model.NeedSpace):  # it holds the next paragraph only
            self.keep_next = False

    # paragraphs

    def para(self, text: str, style: str, container: Any = None, **form: Any) -> Any:
        paragraph = _set_style((container or self.word).add_paragraph(), style)
        _add_text(paragraph, text)
        for name, value in form.items():
            setattr(paragraph.paragraph_format, name, value)
        if self.keep_next and container is None:
            paragraph.paragraph_format.keep_with_next = True
            self.keep_next = False
        return paragraph

    def _para(self, block: model.Para, container: Any = None, width: float | None = None) -> Any:
        if block.style == "office":  # broken only between its kind and its place name
            lines = layout.office_lines(block.text, fonts.BOLD, (width or self.width) - 6)
            return self.para("\n".join(line for line, _size in lines), "office", container)
        return self.para(block.text, block.style, container)

    def _space(self, block: model.Space, container: Any = None) -> Any:
        return space(container or self.word, block.points)

    def _needspace(self, block: model.NeedSpace) -> None:
        """Word keeps a heading with the table under it by itself (keep with next); the PDF's
        'room left' becomes that."""
        self.keep_next = True

    def _newpage(self, block: model.NewPage) -> None:
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        _page_setup(section, block.orientation)
        self.orientation = block.orientation

    # the letterhead and the title

    def _letterhead(self, head: model.Letterhead) -> None:
        width = self.width  # the page's, as the PDF's header block takes the frame's
        left_width, right_width = 0.4 * width, 0.6 * width
        table = borderless(self.word, (left_width, right_width))
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        _set_style(first, "letterhead")
        column = left_width - 4
        pieces = [
            (line, size, False) for line, size in _lines(head.parent_body, fonts.REGULAR, column)
        ]
        unit = [(line, size, True) for line, size in _lines(head.unit_name, fonts.BOLD, column)]
        _add_lines(first, [*pieces, *unit])
        unit_width = max(
            (stringWidth(line, fonts.BOLD, size) for line, size, _b in unit), default=60
        )
        rule(left, 0.4 * unit_width, left_width)
        nation, motto = _(model.NATION), _(model.MOTTO)
        top = right.paragraphs[0]
        _set_style(top, "letterhead")
        _add_lines(top, [(nation, 12, True), (motto, 13, True)])
        rule(right, stringWidth(motto, fonts.BOLD, 13), right_width)
        number_cell, date_cell = table.add_row().cells
        if head.number_line:
            line = number_cell.paragraphs[0]
            _set_style(line, "letterhead")
            line.add_run(head.number_line)
            line.paragraph_format.space_before = Pt(8)
        size = 13.0
        while size > 11 and stringWidth(head.place_date, fonts.ITALIC, size) > right_width:
            size -= 0.5
        line = date_cell.paragraphs[0]
        _set_style(line, "letterhead")
        line.paragraph_format.space_before = Pt(8)
        run = line.add_run(head.place_date)
        run.italic = True
        run.font.size = Pt(size)

    def _title(self, title: model.Title) -> None:
        self.para(title.doc_type, "doc_type")
        summary = layout.styles()["summary"]
        width = layout.frame_width(model.PORTRAIT)
        for line in title.summary_lines:
            if line:
                pieces = layout.balanced(line, summary, width).split("<br/>")
                self.para("\n".join(unescape(piece) for piece in pieces), "summary")
        length = layout.title_rule_width(title.summary_lines, width)
        ruled = rule(self.word, length, width)
        ruled.paragraph_format.space_before = Pt(3)
        ruled.paragraph_format.space_after = Pt(14)

    # tables and the chart

    def _table(self, block: model.Table) -> None:
        widths = layout.fractions(self.orientation, *(column.width for column in block.columns))
        table = ruled_table(self.word, widths)
        cells = table.rows[0].cells
        for cell, column in zip(cells, block.columns, strict=True):
            cell_text(cell, column.header, "cell_head", block.font_size)
        header_row(table.rows[0])
        aligns = [column.align for column in block.columns]
        model_row: Any = None  # the first plain row's XML, copied for the others
        for index, values in enumerate(block.rows):
            texts = [str(value) for value in values]
            if index not in block.sections and model_row is not None and _plain(texts):
                table._tbl.append(_copy_row(model_row, texts))
                continue
            row = table.add_row()
            keep_row(row)
            if index in block.sections:
                cell_text(row.cells[0], texts[0], "cell_center", block.font_size, bold=True)
                merged = row.cells[1].merge(row.cells[-1])
                cell_text(merged, texts[1], "cell", block.font_size, bold=True)
                continue
            for cell, value, align in zip(row.cells, texts, aligns, strict=True):
                cell_text(cell, value, _CELL_STYLE[align], block.font_size)
            if block.sign_height_mm:  # room to sign in the last column
                row.height = Mm(block.sign_height_mm)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            if model_row is None and _plain(texts):
                model_row = row._tr
        if block.total is not None:
            row = table.add_row()
            keep_row(row)
            for cell, value, align in zip(row.cells, block.total, aligns, strict=True):
                cell_text(cell, str(value), _CELL_STYLE[align], block.font_size, bold=True)

    def _chart(self, block: model.Chart) -> None:
        """The caption, then the bars as a table of month, bar and count kept on one page
        (reportlab cannot draw the PDF's chart to a picture here: renderPM has no backend)."""
        self.para(block.caption, "subtitle", keep_with_next=True)
        bar_width = 0.6 * self.width
        table = borderless(self.word, (0.15 * self.width, bar_width, 0.15 * self.width))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        top = max((count for _month, count in block.per_month), default=0) or 1
        head_count = table.rows[0].cells[2]
        cell_text(head_count, _("Lượt người"), "note", None, keep=True)
        head_count.paragraphs[0].paragraph_format.left_indent = Pt(4)
        for index, (month, count) in enumerate(block.per_month):
            row = table.add_row()
            keep_row(row)
            month_cell, bar_cell, count_cell = row.cells
            name = _("T{month}/{year}").format(month=int(month[5:7]), year=month[2:4])
            last = index == len(block.per_month) - 1
            cell_text(month_cell, name, "cell_right", None, keep=not last)
            month_cell.paragraphs[0].paragraph_format.right_indent = Pt(4)
            bar = bar_cell.paragraphs[0]
            _set_style(bar, "cell")
            bar.paragraph_format.keep_with_next = not last
            form = bar.paragraph_format
            form.right_indent = Pt(bar_width * (1 - count / top))
            form.space_before = form.space_after = Pt(2)  # a gap between the bars
            form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            form.line_spacing = Pt(10)
            row.height = Pt(16)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            if count:
                shade(bar, "737373")
            cell_text(count_cell, formats.quantity(count), "cell", None, keep=not last)
            count_cell.paragraphs[0].paragraph_format.left_indent = Pt(4)
        space(self.word, 6)

    # the close

    def _signature(self, block: model.Signature) -> None:
        """Lead, 'Nơi nhận:' and the signature on one page: every paragraph before the block keeps
        with the next, and the block's one row never splits."""
        self._lead(block.lead)
        space(self.word, 8, keep=True)
        page = layout.frame_width(model.PORTRAIT)
        table = borderless(self.word, (0.45 * page, 0.55 * page))
        keep_row(table.rows[0])
        left, right = table.rows[0].cells
        if block.recipients:
            head = left.paragraphs[0]
            _set_style(head, "recipients_head")
            head.add_run(_(model.RECIPIENTS_HEAD))
            for line in model.recipient_lines(block.recipients):
                self.para(line, "recipients", left)
        signer = right.paragraphs[0]
        _set_style(signer, "signer")
        _add_text(signer, block.authority)
        if block.position:
            self.para(block.position, "signer", right)
        name = self.para(block.signer_name, "signer", right)
        name.paragraph_format.space_before = SIGN_ROOM
        _keep_cells(table)

    def _signingcolumns(self, block: model.SigningColumns) -> None:
        self._lead(block.lead)
        page = layout.frame_width(model.PORTRAIT)
        widths = (0.45 * page, 0.55 * page)
        table = borderless(self.word, widths)
        keep_row(table.rows[0])
        for cell, items, width in zip(
            table.rows[0].cells, (block.left, block.right), widths, strict=True
        ):
            for item in items:
                if isinstance(item, model.Space):
                    space(cell, item.points)
                else:
                    self._para(item, cell, width)
            _drop_first_empty(cell)
        _keep_cells(table)

    def _lead(self, lead: Sequence[model.Para | model.Space]) -> None:
        for item in lead:
            paragraph = self._space(item) if isinstance(item, model.Space) else self._para(item)
            paragraph.paragraph_format.keep_with_next = True


# --- helpers -------------------------------------------------------------------------------------


def _lines(name: str, face: str, width: float) -> list[tuple[str, float]]:
    return layout.office_lines(name, face, width) if name.strip() else []


def _add_text(paragraph: Any, text: str) -> None:
    """Text with its line breaks as Word line breaks (one paragraph, as the PDF's one block)."""
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.insert(0, OxmlElement("w:br"))


def _add_lines(paragraph: Any, lines: Iterable[tuple[str, float, bool]]) -> None:
    """Centred letterhead lines in one paragraph, each with its size and weight."""
    for index, (line, size, bold) in enumerate(lines):
        run = paragraph.add_run(line)
        if index:
            run._r.insert(0, OxmlElement("w:br"))
        run.font.size = Pt(size)
        run.bold = bold or None


def space(container: Any, points: float, keep: bool = False) -> Any:
    """An empty paragraph exactly `points` high."""
    paragraph = _set_style(container.add_paragraph(), "rule")
    form = paragraph.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(max(points, 1))
    form.keep_with_next = keep
    return paragraph


def rule(container: Any, length: float, available: float) -> Any:
    """A centred rule `length` points long: an empty paragraph whose bottom border is exactly
    as wide as the paragraph, indented to that width."""
    paragraph = _set_style(container.add_paragraph(), "rule")
    form = paragraph.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(2)
    side = max((available - length) / 2, 0)
    form.left_indent = form.right_indent = Pt(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("val", "single"),
        ("sz", str(RULE_EIGHTHS)),
        ("space", "0"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    _insert_ppr(paragraph, borders)
    return paragraph


def shade(paragraph: Any, colour: str) -> None:
    """Fill the paragraph's width (between its indents) with a colour: a bar."""
    fill = OxmlElement("w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", colour)):
        fill.set(qn(f"w:{name}"), value)
    _insert_ppr(paragraph, fill)


_PPR_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _insert_before(parent: Any, element: Any, *successors: str) -> None:
    """Insert `element` before the first of its schema successors present, else at the end."""
    tags = {qn(name) for name in successors}
    for index, child in enumerate(parent):
        if child.tag in tags:
            parent.insert(index, element)
            return
    parent.append(element)


def _insert_ppr(paragraph: Any, element: Any) -> None:
    """Put a border or a shading where the schema wants it in the paragraph's properties
    (Word refuses a file whose elements are out of order)."""
    ppr = paragraph._p.get_or_add_pPr()
    tag = element.tag.split("}")[1]
    successors = _PPR_AFTER_BORDERS if tag == "pBdr" else _PPR_AFTER_BORDERS[1:]
    ppr.insert_element_before(element, *successors)


_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _table(word: Any, widths: Sequence[float], borders: bool) -> Any:
    """A fixed-layout table centred in the text width with these column widths (points)."""
    table = word.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(round(sum(widths) * 20)))
    total.set(qn("w:type"), "dxa")
    existing = tblpr.find(qn("w:tblW"))
    if existing is not None:
        tblpr.remove(existing)
    tblpr.insert_element_before(
        total, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *_TBLPR_AFTER_BORDERS
    )
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        if borders:
            for name, value in (
                ("val", "single"),
                ("sz", "4"),
                ("space", "0"),
                ("color", "000000"),
            ):
                line.set(qn(f"w:{name}"), value)
        else:
            line.set(qn("w:val"), "nil")
        edges.append(line)
    tblpr.insert_element_before(edges, *_TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    pad = (3, 3, 2, 3) if borders else (0, 0, 0, 0)  # left, right, top, bottom
    for edge, points in zip(
        ("top", "left", "bottom", "right"), (pad[2], pad[0], pad[3], pad[1]), strict=True
    ):
        side = OxmlElement(f"w:{edge}")
        side.set(qn("w:w"), str(points * 20))
        side.set(qn("w:type"), "dxa")
        margins.append(side)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Pt(width)
    return table


def ruled_table(word: Any, widths: Sequence[float]) -> Any:
    return _table(word, widths, borders=True)


def borderless(word: Any, widths: Sequence[float]) -> Any:
    return _table(word, widths, borders=False)


def header_row(row: Any) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    keep_row(row)
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def keep_row(row: Any) -> None:
    """A row never splits across pages."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, OxmlElement("w:cantSplit"))


def cell_text(
    cell: Any,
    text: str,
    style: str,
    size: float | None,
    *,
    bold: bool = False,
    keep: bool = False,
) -> None:
    """The cell's one paragraph in a cell style, vertically centred (as the PDF's cells)."""
    paragraph = cell.paragraphs[0]
    _set_style(paragraph, style)
    paragraph.paragraph_format.keep_with_next = keep or None
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if size is not None and size != layout.TABLE_SIZE:  # a wide table's smaller type
        run.font.size = Pt(size)
        form = paragraph.paragraph_format
        form.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        form.line_spacing = Pt(size * 1.2)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _plain(texts: Sequence[str]) -> bool:
    """Text a copied row can hold as one w:t a cell (python-docx writes a line break or a tab
    as an element of its own)."""
    return not any(("\n" in text or "\t" in text or "\r" in text) for text in texts)


def _copy_row(model_row: Any, texts: Sequence[str]) -> Any:
    """A copy of a plain row with other texts: python-docx builds a row cell by cell through
    its schema helpers, a second a thousand rows; a copy keeps every property of the first."""
    row = deepcopy(model_row)
    for cell, text in zip(row.iter(qn("w:tc")), texts, strict=True):
        run = next(cell.iter(qn("w:r")))  # cell_text wrote one run a cell
        for old in run.findall(qn("w:t")):
            run.remove(old)
        if text:
            node = OxmlElement("w:t")
            node.text = text
            node.set(qn("xml:space"), "preserve")
            run.append(node)
    return row


def _keep_cells(table: Any) -> None:
    """Inside the closing block every paragraph keeps with the next: the row stays whole."""
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_together = True
            paragraph.paragraph_format.keep_with_next = True


def _drop_first_empty(cell: Any) -> None:
    """A new cell holds one empty paragraph; once others follow it is dropped."""
    paragraphs = cell.paragraphs
    if (
        len(paragraphs) > 1
        and not paragraphs[0].text
        and paragraphs[0]._p.style != _STYLE_IDS["rule"]
    ):
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)
