"""A report as one renderer-independent document: what it says, in the terms of Decree 30.

Every report kind builds a `Document` from the figures; `layout` draws it as a PDF and `word`
writes it as a .docx. Both read the same blocks, so the two files can never say different
things: a word or a figure exists here once, or in neither file. Nothing here imports
reportlab or python-docx, and nothing here measures text: each renderer lays the blocks out
with its own means (reportlab's metrics, Word's own line breaking).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from desktop.core.i18n import N_

Orientation = Literal["portrait", "landscape"]
PORTRAIT: Orientation = "portrait"
LANDSCAPE: Orientation = "landscape"

# The paragraph styles of the decree's page (see layout.styles for their measures):
# body 14 pt justified with a first-line indent; headings I. (bold capitals), 1. (bold),
# a) (plain) kept with what follows; doc_type and summary the bold centred title; subtitle an
# italic centred line; note a 12 pt italic line under a list; signer a bold centred line;
# office an issuing body's name as a bold centred line (in capitals, as given) that is broken only
# between its kind and its place name ("CÔNG AN XÃ" | "AN BIÊN"), as in the letterhead.
Style = Literal[
    "body",
    "heading1",
    "heading2",
    "heading3",
    "table_heading",
    "doc_type",
    "summary",
    "subtitle",
    "note",
    "signer",
    "office",
]
Align = Literal["l", "r", "c"]

# The fixed words of the decree's page that no report chooses; both renderers write these.
NATION = N_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = N_("Độc lập - Tự do - Hạnh phúc")
RECIPIENTS_HEAD = N_("Nơi nhận:")

MM = 72 / 25.4  # points in a millimetre: `Space(22 * MM)` is room to sign


@dataclass(frozen=True)
class Letterhead:
    """The two header columns: who issues the document, and the motto with place and date.

    The renderer adds `NATION` and `MOTTO` to the right column. "Số: …" (`number_line`, None
    for a document without a number) and the italic place-date line share one baseline, as the
    decree lays them out. The names are in capitals, as printed."""

    parent_body: str
    unit_name: str
    number_line: str | None
    place_date: str


@dataclass(frozen=True)
class Title:
    """'BÁO CÁO' (the document's type) and the bold summary lines under it, with a short rule."""

    doc_type: str
    summary_lines: tuple[str, ...]


@dataclass(frozen=True)
class Para:
    """One paragraph of plain text (never markup) in one of the decree's styles."""

    text: str
    style: Style = "body"


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the text width (relative parts), its alignment."""

    header: str
    width: float
    align: Align = "l"


@dataclass(frozen=True)
class Table:
    """A ruled table whose header row repeats on every page and whose rows never split.

    `sections` are indexes of rows that are a section title: the first cell (a numeral) stays,
    the second spans the rest of the row in bold. `total` is a bold last row. `sign_height_mm`
    keeps every row at least that tall, room for a signature in the last column."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    sections: tuple[int, ...] = ()
    font_size: float = 12
    sign_height_mm: float | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)


@dataclass(frozen=True)
class Chart:
    """The bar chart of participants per month ('2026-08', count), with its caption above it;
    the two stay on one page."""

    caption: str
    per_month: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Space:
    """Vertical room, in points."""

    points: float


@dataclass(frozen=True)
class NeedSpace:
    """Start a new page unless this much room (mm) is left: a table's heading never stands
    alone at the foot of a page."""

    mm: float


@dataclass(frozen=True)
class NewPage:
    """Continue on a new page in this orientation (a landscape appendix after a portrait
    report is a landscape section in Word)."""

    orientation: Orientation = LANDSCAPE


@dataclass(frozen=True)
class Signature:
    """'Nơi nhận:' with its list left; authority, position, room to sign and the name right.

    `recipients` are as the office typed them; `recipient_lines` writes them as the list shows
    them ("- Như trên;" … "- Lưu: VT."). `authority` and `position` are in capitals as shown.

    `lead` (the closing sentence of the body, or a list's count) is kept on one page with the
    block: a signature never stands alone on a page."""

    authority: str
    position: str
    signer_name: str
    recipients: tuple[str, ...]
    lead: tuple[Para, ...] = ()


@dataclass(frozen=True)
class SigningColumns:
    """Two closing columns other than the signature (a sign-in sheet: who made the list left,
    the unit's confirmation right), 45 % and 55 % of the width, centred lines at the top of
    each; `Space` is room to sign.
    `lead` is kept on one page with them."""

    left: tuple[Para | Space, ...]
    right: tuple[Para | Space, ...]
    lead: tuple[Para | Space, ...] = ()


Block = (
    Letterhead
    | Title
    | Para
    | Table
    | Chart
    | Space
    | NeedSpace
    | NewPage
    | Signature
    | SigningColumns
)


@dataclass(frozen=True)
class Document:
    """A whole report. `title`, `unit` and `period` are also the file's properties;
    `footer` is a small line on every page (the audit head the paper anchors)."""

    title: str
    author: str
    unit: str
    period: str
    blocks: tuple[Block, ...]
    footer: str = ""
    first: Orientation = PORTRAIT
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def texts(self) -> list[str]:
        """Every piece of text the document shows, in reading order (renderers' tests compare
        what a PDF or a .docx shows against this)."""
        found: list[str] = []
        for block in self.blocks:
            found += _texts(block)
        return found


def _texts(block: Block) -> list[str]:
    if isinstance(block, Letterhead):
        lines = [block.parent_body, block.unit_name, block.number_line or "", block.place_date]
        return [line for line in lines if line]
    if isinstance(block, Title):
        return [block.doc_type, *block.summary_lines]
    if isinstance(block, Para):
        return [block.text]
    if isinstance(block, Table):
        rows = [*block.rows, *([block.total] if block.total else [])]
        return [*block.headers, *(cell for row in rows for cell in row if cell)]
    if isinstance(block, Chart):
        return [block.caption]
    if isinstance(block, Signature):
        lead = [text for item in block.lead for text in _texts(item)]
        return [*lead, *block.recipients, block.authority, block.position, block.signer_name]
    if isinstance(block, SigningColumns):
        items = (*block.lead, *block.left, *block.right)
        return [text for item in items for text in _texts(item)]
    return []


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """The 'Nơi nhận:' list as shown: '- …;' a line and '.' after the last, whatever was typed."""
    return [
        f"- {line.rstrip(';.')}{'.' if index == len(recipients) - 1 else ';'}"
        for index, line in enumerate(recipients)
    ]


_HEADING = re.compile(r"^(?:([IVX]+)\.|(\d+)\.|([a-zđ])\))\s+\S")


def narrative(typed: str) -> list[Para]:
    """The officer's typed text: one paragraph a line; 'I. …' becomes a heading in capitals,
    '1. …' a bold heading, 'a) …' a plain one kept with what follows; blank lines go."""
    found: list[Para] = []
    for line in (typed or "").splitlines():
        line = line.strip()
        match = _HEADING.match(line)
        if not line:
            continue
        if match and match[1]:
            found.append(Para(line.upper(), "heading1"))
        elif match:
            found.append(Para(line, "heading2" if match[2] else "heading3"))
        else:
            found.append(Para(line))
    return found
