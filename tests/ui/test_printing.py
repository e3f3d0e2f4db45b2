"""A report prints at its true size on A4, with the decree's margins on paper.

An office printer often comes set for the US: Letter paper and its own margins. The test
prints to a PDF file through a printer preset that way (QPrinter's PDF output stands in for the
Windows driver), then reads the printed pages back: their size (pypdf) and where the ink sits.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from desktop.ui.pages.reports import ReportsPage

A4_POINTS = (595, 842)  # 210 × 297 mm, as whole points
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # mm, Nghị định 30/2020/NĐ-CP


def _report_like_pdf() -> bytes:
    """A portrait and a landscape A4 page, each with a black block filling its text area."""
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for size in (A4, landscape(A4)):
        sheet.setPageSize(size)
        width, height = size
        sheet.rect(
            LEFT * mm,
            BOTTOM * mm,
            width - (LEFT + RIGHT) * mm,
            height - (TOP + BOTTOM) * mm,
            stroke=0,
            fill=1,
        )
        sheet.drawString(LEFT * mm, 10 * mm, "Trang")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _us_printer(path) -> QPrinter:
    """A printer as a US driver sets it up: Letter, portrait, half-inch margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12.7, 12.7, 12.7, 12.7),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def _ink_box_mm(pdf: bytes, page: int) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in mm from the sheet's top-left corner of the black block."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    points = document.pagePointSize(page)
    scale = 4  # pixels per mm
    width, height = (
        round(points.width() / 72 * 25.4 * scale),
        round(points.height() / 72 * 25.4 * scale),
    )
    image = document.render(page, QImage(width, height, QImage.Format.Format_RGB32).size())
    middle_row, middle_column = height // 2, width // 2

    def dark(x: int, y: int) -> bool:
        colour = image.pixelColor(x, y)  # unpainted paper renders transparent
        return colour.alpha() > 128 and colour.lightness() < 60

    left = next(x for x in range(width) if dark(x, middle_row))
    right = next(x for x in reversed(range(width)) if dark(x, middle_row))
    top = next(y for y in range(height) if dark(middle_column, y))
    bottom = next(y for y in reversed(range(height)) if dark(middle_column, y))
    return left / scale, top / scale, (width - right) / scale, (height - bottom) / scale


@pytest.fixture
def page(qtbot, ctx) -> ReportsPage:
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page._show_pdf(_report_like_pdf())
    return page


def test_a_us_set_printer_prints_the_report_on_a4_at_full_size(page, tmp_path):
    target = tmp_path / "printed.pdf"
    assert page.print_to(_us_printer(target)) == 2
    printed = target.read_bytes()
    sizes = [
        (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        for sheet in PdfReader(target).pages
    ]
    assert sizes == [A4_POINTS, A4_POINTS[::-1]]  # A4, and the landscape page turned
    for number in (0, 1):
        left, top, right, bottom = _ink_box_mm(printed, number)
        assert left == pytest.approx(LEFT, abs=0.6)
        assert top == pytest.approx(TOP, abs=0.6)
        assert right == pytest.approx(RIGHT, abs=0.6)
        assert bottom == pytest.approx(BOTTOM, abs=0.6)


def test_a_page_range_prints_only_those_pages_in_their_orientation(page, tmp_path):
    target = tmp_path / "printed.pdf"
    printer = _us_printer(target)
    printer.setFromTo(2, 2)
    assert page.print_to(printer) == 1
    sheets = PdfReader(target).pages
    assert len(sheets) == 1
    assert float(sheets[0].mediabox.width) > float(sheets[0].mediabox.height)


def test_the_print_dialog_already_shows_a4(page, monkeypatch):
    """The officer sees A4 in the print dialog, not the printer's Letter default."""
    import PySide6.QtPrintSupport

    shown = []

    class PrintDialog:
        DialogCode = PySide6.QtPrintSupport.QPrintDialog.DialogCode

        def __init__(self, printer, _parent):
            shown.append(printer.pageLayout().pageSize().id())

        def setWindowTitle(self, _title): ...

        def setMinMax(self, _first, _last): ...

        def exec(self):
            return self.DialogCode.Rejected

    class UsPrinter(QPrinter):
        """The default printer of a PC whose driver was installed with US settings."""

        def __init__(self, mode):
            super().__init__(mode)
            self.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))

    monkeypatch.setattr(PySide6.QtPrintSupport, "QPrinter", UsPrinter)
    monkeypatch.setattr(PySide6.QtPrintSupport, "QPrintDialog", PrintDialog)
    page.print_pdf()
    assert shown == [QPageSize.PageSizeId.A4]
