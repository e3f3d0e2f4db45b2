"""Putting the reports' PDF pages on paper at their true size: A4, each page's orientation.

The PDF pages already carry the decree's layout (A4, margins top and bottom 20 mm, left 30 mm,
right 15 mm; `desktop.core.reports.layout`). A printer left at its defaults would shrink them:
a US-set printer takes Letter paper (the A4 page scaled to fit), the printer's own margins
shrink the page again, and a landscape page scaled into a portrait page prints at ~70 %. So
every page is printed on A4 in full-page mode (the painter's origin is the paper's corner),
turned to the page's own orientation, and painted over the whole sheet at 100 %: the margins on
paper are the decree's, whatever the printer was set to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

# Raster resolution of a PDF page sent to the printer (QtPdf renders images only).
PRINT_DPI = 300


def orientation_of(size: QSizeF) -> QPageLayout.Orientation:
    """A page wider than tall is landscape."""
    if size.width() > size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def use_a4(printer: QPrinter, orientation: QPageLayout.Orientation) -> None:
    """A4 in `orientation`, full page (no printer margins added): call before a page starts."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    layout.setMode(QPageLayout.Mode.FullPageMode)
    printer.setFullPage(True)
    printer.setPageLayout(layout)


def print_pdf_pages(printer: QPrinter, document: QPdfDocument, first: int, last: int) -> bool:
    """Paint pages `first`..`last` (1-based) of `document`; False if the printer did not open."""
    use_a4(printer, orientation_of(document.pagePointSize(first - 1)))
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for number in range(first, last + 1):
            size = document.pagePointSize(number - 1)
            if number > first:
                use_a4(printer, orientation_of(size))
                printer.newPage()
            scale = PRINT_DPI / 72
            pixels = QSize(round(size.width() * scale), round(size.height() * scale))
            sheet = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            sheet.moveTo(0, 0)
            painter.drawImage(sheet, document.render(number - 1, pixels))
    finally:
        painter.end()
    return True
