"""The page of Decree 30/2020/NĐ-CP (Appendix I): header, title, body, recipients and signature.

A4 portrait (landscape pages for wide tables), margins top/bottom 20 mm, left 30 mm, right 15 mm;
Liberation Serif embedded; body 14 pt justified with a 1,27 cm first-line indent; page numbers
from page 2, centred in the top margin. `render_document` draws a report's `document.Document`
block by block into these pieces; nothing here knows the domain or decides what a report says.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from desktop.core.i18n import _
from desktop.core.reports import document as model
from desktop.core.reports import fonts
from desktop.core.reports.chart import participants_chart

PORTRAIT, LANDSCAPE = "portrait", "landscape"
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
BODY_SIZE = 14
TABLE_SIZE = 12
INDENT = 1.27 * cm
RULE = 0.6


def frame_width(orientation: str = PORTRAIT) -> float:
    page = A4 if orientation == PORTRAIT else landscape(A4)
    if orientation == PORTRAIT:
        return page[0] - MARGIN_LEFT - MARGIN_RIGHT
    return page[0] - 2 * MARGIN_BOTTOM


def _style(name: str, **values) -> ParagraphStyle:
    fonts.register()
    base = {"fontName": fonts.REGULAR, "fontSize": BODY_SIZE, "leading": BODY_SIZE * 1.25}
    return ParagraphStyle(name, **{**base, **values})


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every report uses."""
    return {
        "body": _style("body", alignment=TA_JUSTIFY, firstLineIndent=INDENT, spaceAfter=6),
        "heading1": _style(
            "h1",
            fontName=fonts.BOLD,
            firstLineIndent=INDENT,
            spaceBefore=6,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "heading2": _style(
            "h2", fontName=fonts.BOLD, firstLineIndent=INDENT, spaceAfter=6, keepWithNext=1
        ),
        "table_heading": _style("h2t", fontName=fonts.BOLD, firstLineIndent=INDENT, spaceAfter=6),
        "heading3": _style("h3", firstLineIndent=INDENT, spaceAfter=6, keepWithNext=1),
        "doc_type": _style("doc_type", fontName=fonts.BOLD, alignment=TA_CENTER, spaceBefore=20),
        "summary": _style("summary", fontName=fonts.BOLD, alignment=TA_CENTER),
        "subtitle": _style("subtitle", fontName=fonts.ITALIC, alignment=TA_CENTER, spaceAfter=4),
        "cell": _style("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
        "cell_right": _style(
            "cell_r", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2, alignment=TA_RIGHT
        ),
        "cell_center": _style(
            "cell_c", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2, alignment=TA_CENTER
        ),
        "cell_head": _style(
            "cell_h",
            fontName=fonts.BOLD,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * 1.2,
            alignment=TA_CENTER,
        ),
        "cell_total": _style(
            "cell_t",
            fontName=fonts.BOLD,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * 1.2,
            alignment=TA_RIGHT,
        ),
        "recipients_head": _style("rec_h", fontName=fonts.BOLD_ITALIC, fontSize=12, leading=15),
        "recipients": _style("rec", fontSize=11, leading=13),
        "signer": _style("signer", fontName=fonts.BOLD, alignment=TA_CENTER),
        "note": _style("note", fontName=fonts.ITALIC, fontSize=12, leading=15, spaceAfter=4),
    }


def text(value: str) -> str:
    """Escape user text for a reportlab Paragraph."""
    return escape(value or "")


class HeaderBlock(Flowable):
    """Issuing body left (40 %), national name and motto right (60 %), each with its rule.

    "Số: …" and the italic place-date line share one baseline, as the decree lays them out.
    """

    LEADING = 16

    def __init__(self, head: model.Letterhead):
        super().__init__()
        self.head = head

    def _columns(self, width: float) -> tuple[list, list]:
        left_width = 0.4 * width - 4
        left = [
            (line, fonts.REGULAR, size)
            for line, size in office_lines(self.head.parent_body, fonts.REGULAR, left_width)
        ]
        left += [
            (line, fonts.BOLD, size)
            for line, size in office_lines(self.head.unit_name, fonts.BOLD, left_width)
        ]
        right = [
            (_(model.NATION), fonts.BOLD, 12),
            (_(model.MOTTO), fonts.BOLD, 13),
        ]
        return left, right

    def wrap(self, available_width, available_height):
        fonts.register()
        self.width = available_width
        left, right = self._columns(available_width)
        self.rows = max(len(left), len(right))
        self.height = (self.rows + 1) * self.LEADING + 14
        return self.width, self.height

    def draw(self) -> None:
        canvas, width = self.canv, self.width
        left, right = self._columns(width)
        left_centre, right_centre = 0.2 * width, 0.7 * width
        top = self.height - 12
        for index, (line, face, size) in enumerate(left):
            canvas.setFont(face, size)
            canvas.drawCentredString(left_centre, top - index * self.LEADING, line)
        for index, (line, face, size) in enumerate(right):
            canvas.setFont(face, size)
            canvas.drawCentredString(right_centre, top - index * self.LEADING, line)
        canvas.setLineWidth(RULE)
        unit_width = (
            max(stringWidth(line, face, size) for line, face, size in left if face == fonts.BOLD)
            if any(f == fonts.BOLD for _, f, _ in left)
            else 60
        )
        left_rule_y = top - (len(left) - 1) * self.LEADING - 6
        rule = unit_width * 0.4
        canvas.line(left_centre - rule / 2, left_rule_y, left_centre + rule / 2, left_rule_y)
        motto, face, size = right[1]
        motto_width = stringWidth(motto, face, size)
        right_rule_y = top - self.LEADING - 6
        canvas.line(
            right_centre - motto_width / 2,
            right_rule_y,
            right_centre + motto_width / 2,
            right_rule_y,
        )
        baseline = top - self.rows * self.LEADING - 8
        if self.head.number_line:
            canvas.setFont(fonts.REGULAR, 13)
            canvas.drawCentredString(left_centre, baseline, self.head.number_line)
        size = 13
        while size > 11 and stringWidth(self.head.place_date, fonts.ITALIC, size) > 0.6 * width:
            size -= 0.5
        canvas.setFont(fonts.ITALIC, size)
        canvas.drawCentredString(right_centre, baseline, self.head.place_date)


# The words that end an office's kind and start its place name: "CÔNG AN PHƯỜNG | RẠCH GIÁ".
_PLACE_STARTS = ("XÃ", "PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN", "TỈNH", "THÀNH PHỐ")
LETTERHEAD_SIZE = 13
LETTERHEAD_MIN_SIZE = 11


def _split_place(name: str) -> tuple[str, str]:
    """('CÔNG AN PHƯỜNG', 'RẠCH GIÁ'); ('', name) when no place word is found."""
    words = name.split()
    for index in range(len(words) - 1, 0, -1):
        for start in _PLACE_STARTS:
            kind = start.split()
            if words[index - len(kind) + 1 : index + 1] == kind and index + 1 < len(words):
                return " ".join(words[: index + 1]), " ".join(words[index + 1 :])
    return "", name


def office_lines(name: str, face: str, width: float) -> list[tuple[str, float]]:
    """An office's name in the letterhead column, never broken inside its place name.

    One line when it fits; else the office kind, then the place name on a line of its own
    (the type smaller, down to 11 pt, if the place name alone is wider than the column).
    """
    name = " ".join(name.upper().split())
    if stringWidth(name, face, LETTERHEAD_SIZE) <= width:
        return [(name, LETTERHEAD_SIZE)]
    head, place = _split_place(name)
    if not head:  # no place in it ("PHÒNG XÂY DỰNG …"): wrapped between word groups
        return [(line, LETTERHEAD_SIZE) for line in _wrap_grouped(name, face, width)]
    size: float = LETTERHEAD_SIZE
    while size > LETTERHEAD_MIN_SIZE and stringWidth(place, face, size) > width:
        size -= 0.5
    lines = [(line, size) for line in simpleSplit(head, face, size, width)]
    if stringWidth(place, face, size) <= width:
        return [*lines, (place, size)]
    return [*lines, *((line, size) for line in simpleSplit(place, face, size, width))]


_NAME_GROUPS = re.compile(r"phong trào|an ninh tổ quốc|tổ quốc|bảo vệ|an ninh", re.IGNORECASE)


def _wrap_grouped(name: str, face: str, width: float) -> list[str]:
    """Greedy lines that never break inside "PHONG TRÀO", "AN NINH TỔ QUỐC" and the like."""
    glued = _NAME_GROUPS.sub(lambda match: match[0].replace(" ", _GLUE), name)
    lines: list[str] = []
    for word in (w.replace(_GLUE, " ") for w in glued.split(" ")):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(candidate, face, LETTERHEAD_SIZE) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def title_rule_width(summary_lines: Sequence[str], width: float) -> float:
    """40 % of the longest title line as laid out: the decree asks for 1/3 to 1/2 of it."""
    style = styles()["summary"]
    longest = 0.0
    for line in summary_lines:
        for piece in balanced(line, style, width).split("<br/>"):
            plain = piece.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            longest = max(longest, min(stringWidth(plain, style.fontName, style.fontSize), width))
    return 0.4 * longest if longest else 0.25 * width


def title_block(doc_type: str, summary_lines: Sequence[str]) -> list[Flowable]:
    """'BÁO CÁO' and the bold summary under it, with a short rule beneath."""
    style = styles()
    items: list[Flowable] = [Paragraph(text(doc_type), style["doc_type"])]
    width = frame_width(PORTRAIT)
    items += [
        Paragraph(balanced(line, style["summary"], width), style["summary"])
        for line in summary_lines
        if line
    ]
    items.append(
        HRFlowable(
            width=title_rule_width(summary_lines, width),
            thickness=RULE,
            color=colors.black,
            spaceBefore=5,
            spaceAfter=14,
            hAlign="CENTER",
        )
    )
    return items


# Words a title line never breaks between: names of the festival and of places, dates.
_KEEP_TOGETHER = re.compile(
    r"Ngày hội|Tổ quốc|an ninh|bảo vệ|năm \d{4}|tháng \d{1,2}|Quý [IVX]+"
    r"|(?:xã|phường|ấp|khu phố|tỉnh|đặc khu|thị trấn)(?: [A-ZÀ-Ỹ0-9][^\s,;.]*)+"
)
_GLUE = "\u2060"  # joins the words of a kept phrase while the line is balanced


def _glued_words(line: str) -> list[str]:
    glued = _KEEP_TOGETHER.sub(lambda match: match[0].replace(" ", _GLUE), line)
    return glued.split(" ")


def balanced(line: str, style: ParagraphStyle, width: float) -> str:
    """Escaped markup for a centred line, broken into lines of even length, never an orphan word
    and never inside a name ("Ngày hội", "Tổ quốc", "xã An Biên") or a date ("năm 2026")."""
    words = [word.replace(_GLUE, " ") for word in _glued_words(" ".join(line.split()))]
    lines = len(simpleSplit(line, style.fontName, style.fontSize, width))
    if lines < 2 or len(words) < 2 * lines:
        return text(line)
    target = stringWidth(line, style.fontName, style.fontSize) / lines
    pieces: list[str] = []
    current: list[str] = []
    for word in words:
        candidate = " ".join([*current, word])
        fits = stringWidth(candidate, style.fontName, style.fontSize) <= target * 1.08
        if current and not fits and len(pieces) < lines - 1:
            pieces.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    pieces.append(" ".join(current))
    if any(stringWidth(p, style.fontName, style.fontSize) > width for p in pieces):
        return text(line)
    return "<br/>".join(text(piece) for piece in pieces)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    aligns: Sequence[str],
    *,
    total: Sequence[str] | None = None,
    min_row_height: float | None = None,
    sections: Sequence[int] = (),
    font_size: float = TABLE_SIZE,
) -> Table:
    """A ruled table whose header row repeats on every page; `aligns` is 'l', 'r' or 'c' a column.

    `widths` are fractions of the available width.
    """
    style = {name: _sized(item, font_size) for name, item in styles().items()}
    cell_style = {"l": style["cell"], "r": style["cell_right"], "c": style["cell_center"]}
    data = [[Paragraph(text(h), style["cell_head"]) for h in header]]
    spans = []
    for index, row in enumerate(rows):
        if index in sections:  # a section title spanning the row after its number
            spans.append(("SPAN", (1, index + 1), (-1, index + 1)))
            data.append(
                [
                    Paragraph(f"<b>{text(str(row[0]))}</b>", style["cell_center"]),
                    Paragraph(f"<b>{text(str(row[1]))}</b>", style["cell"]),
                ]
                + [""] * (len(header) - 2)
            )
            continue
        cells: list = [
            Paragraph(text(str(v)), cell_style[a]) for v, a in zip(row, aligns, strict=True)
        ]
        if min_row_height:  # a strut: the row is at least this tall and grows with its text
            cells[-1] = (
                [Spacer(0, min_row_height - 5), cells[-1]]
                if row[-1]
                else Spacer(0, min_row_height - 5)
            )
        data.append(cells)
    if total is not None:
        data.append(
            [
                Paragraph(f"<b>{text(str(v))}</b>", cell_style[a])
                for v, a in zip(total, aligns, strict=True)
            ]
        )
    table = Table(
        data,
        colWidths=list(widths),
        repeatRows=1,
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    return table


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if style.fontSize != TABLE_SIZE or size == TABLE_SIZE:
        return style
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.2)


def fractions(orientation: str, *parts: float) -> list[float]:
    """Column widths in points from relative parts, filling the frame width."""
    width = frame_width(orientation)
    whole = sum(parts)
    return [width * part / whole for part in parts]


def signature_block(
    authority: str, position: str, signer_name: str, recipients: Sequence[str]
) -> Flowable:
    """'Nơi nhận:' with its list left; authority, position, room to sign and the name right."""
    style = styles()
    left: list[Flowable] = []
    if recipients:
        left.append(Paragraph(text(_(model.RECIPIENTS_HEAD)), style["recipients_head"]))
        left += [
            Paragraph(text(line), style["recipients"]) for line in model.recipient_lines(recipients)
        ]
    right: list[Flowable] = [Paragraph(text(authority), style["signer"])]
    if position:
        right.append(Paragraph(text(position), style["signer"]))
    right.append(Spacer(1, 26 * mm))
    right.append(Paragraph(text(signer_name), style["signer"]))
    table = signing_columns(left, right, ("TOPPADDING", (0, 0), (0, 0), 2))
    return KeepTogether([Spacer(1, 8), table])


def signing_columns(left: list[Flowable], right: list[Flowable], *extra_style: tuple) -> Table:
    """The two columns that close a document: 45 % left (recipients, who made a list), 55 %
    right (who signs), flush with the text frame."""
    width = frame_width(PORTRAIT)
    table = Table([[left, right]], colWidths=[0.45 * width, 0.55 * width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *extra_style,
            ]
        )
    )
    return table


FOOTER_SIZE = 8


def _page_number(
    canvas, document, *, footer: str = "", top_margin: float, footer_left: float
) -> None:
    """From page 2 the page number centred in the top margin; on every page the footer line.

    A landscape page of a portrait document is bound along its top edge, so its top margin is
    the binding (left) margin and its footer starts at the bottom margin's width."""
    if canvas.getPageNumber() >= 2:
        page_width, page_height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 13)
        canvas.drawCentredString(
            page_width / 2, page_height - top_margin / 2 - 4, str(canvas.getPageNumber())
        )
        canvas.restoreState()
    _draw_footer(canvas, footer, footer_left)


def _draw_footer(canvas, footer: str, left: float) -> None:
    """A small line in the bottom margin of every page (e.g. the audit head the paper anchors)."""
    if not footer:
        return
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, FOOTER_SIZE)
    canvas.drawString(left, MARGIN_BOTTOM / 2, footer)
    canvas.restoreState()


def _templates(footer: str = "") -> list[PageTemplate]:
    portrait_size, landscape_size = A4, landscape(A4)
    portrait_frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        frame_width(PORTRAIT),
        portrait_size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        id="portrait",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    # Landscape pages of a portrait document are bound along their top edge.
    landscape_frame = Frame(
        MARGIN_BOTTOM,
        MARGIN_BOTTOM,
        frame_width(LANDSCAPE),
        landscape_size[1] - MARGIN_LEFT - MARGIN_BOTTOM,
        id="landscape",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return [
        PageTemplate(
            PORTRAIT,
            [portrait_frame],
            onPage=partial(
                _page_number, footer=footer, top_margin=MARGIN_TOP, footer_left=MARGIN_LEFT
            ),
            pagesize=portrait_size,
        ),
        PageTemplate(
            LANDSCAPE,
            [landscape_frame],
            onPage=partial(
                _page_number, footer=footer, top_margin=MARGIN_LEFT, footer_left=MARGIN_BOTTOM
            ),
            pagesize=landscape_size,
        ),
    ]


def render_document(doc: model.Document) -> bytes:
    """The document as PDF bytes: each block becomes its flowables on Decree 30 pages, and the
    document's title, author, unit and period become the file's properties."""
    style = styles()
    story: list[Flowable] = []
    orientation = doc.first
    for block in doc.blocks:
        if isinstance(block, model.NewPage):
            orientation = block.orientation
        story += _flowables(block, orientation, style)
    return _render(
        story,
        title=doc.title,
        author=doc.author,
        subject=", ".join(part for part in (doc.unit, doc.period) if part),
        keywords=doc.keywords,
        first=doc.first,
        footer=doc.footer,
    )


Styles = dict[str, ParagraphStyle]


def _flowables(block: model.Block, orientation: str, style: Styles) -> list[Flowable]:
    return _DRAWN[type(block)](block, orientation, style)


def _paragraph(para: model.Para | model.Space, width: float, style: Styles) -> list[Flowable]:
    """A paragraph in its style; an office's name a line per `office_lines` (never broken inside
    its place name), with the column's cell padding kept free."""
    if isinstance(para, model.Space):
        return [Spacer(1, para.points)]
    if para.style == "office":
        lines = office_lines(para.text, fonts.BOLD, width - 6)
        return [Paragraph(text(line), style["signer"]) for line, _size in lines]
    return [Paragraph(text(para.text), style[para.style])]


def _items(
    items: Sequence[model.Para | model.Space], width: float, style: Styles
) -> list[Flowable]:
    return [flowable for item in items for flowable in _paragraph(item, width, style)]


def table(block: model.Table, orientation: str = PORTRAIT) -> Table:
    """A model table at the width of a page in `orientation`."""
    return data_table(
        block.headers,
        block.rows,
        fractions(orientation, *(column.width for column in block.columns)),
        [column.align for column in block.columns],
        total=block.total,
        min_row_height=block.sign_height_mm * mm if block.sign_height_mm else None,
        sections=block.sections,
        font_size=block.font_size,
    )


def _chart(block: model.Chart, orientation: str, style: Styles) -> list[Flowable]:
    """The caption and the bars on one page."""
    caption = Paragraph(text(block.caption), style["subtitle"])
    return [KeepTogether([caption, participants_chart(block.per_month, frame_width(orientation))])]


def _signature(block: model.Signature, orientation: str, style: Styles) -> list[Flowable]:
    """The recipients and the signature, kept on one page with their lead."""
    signed = signature_block(block.authority, block.position, block.signer_name, block.recipients)
    if not block.lead:
        return [signed]
    return [KeepTogether([*_items(block.lead, frame_width(orientation), style), signed])]


def _signing(block: model.SigningColumns, orientation: str, style: Styles) -> list[Flowable]:
    """The two closing columns, kept on one page with their lead."""
    page = frame_width(PORTRAIT)
    left, right = _items(block.left, 0.45 * page, style), _items(block.right, 0.55 * page, style)
    columns = signing_columns(left, right)
    if not block.lead:
        return [columns]
    return [KeepTogether([*_items(block.lead, frame_width(orientation), style), columns])]


_Drawer = Callable[[Any, str, Styles], list[Flowable]]
_DRAWN: dict[type, _Drawer] = {
    model.Letterhead: lambda block, _orientation, _style: [HeaderBlock(block)],
    model.Title: lambda block, _orientation, _style: title_block(
        block.doc_type, block.summary_lines
    ),
    model.Para: lambda block, orientation, style: _paragraph(
        block, frame_width(orientation), style
    ),
    model.Table: lambda block, orientation, _style: [table(block, orientation)],
    model.Chart: _chart,
    model.Space: lambda block, _orientation, _style: [Spacer(1, block.points)],
    model.NeedSpace: lambda block, _orientation, _style: [CondPageBreak(block.mm * mm)],
    model.NewPage: lambda block, _orientation, _style: [
        NextPageTemplate(block.orientation),
        PageBreak(),
    ],
    model.Signature: _signature,
    model.SigningColumns: _signing,
}


def _render(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    keywords: Sequence[str],
    first: str = PORTRAIT,
    footer: str = "",
) -> bytes:
    """Lay the story out on Decree 30 pages and return the PDF bytes (`footer` on each page)."""
    fonts.register()
    buffer = io.BytesIO()
    templates = _templates(footer)
    if first == LANDSCAPE:
        templates.reverse()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        subject=subject,
        keywords=list(keywords),
        creator="ANTQ Desk",
        initialFontName=fonts.REGULAR,
        initialFontSize=BODY_SIZE,
        pageTemplates=templates,
    )
    document.build(story)
    return buffer.getvalue()
