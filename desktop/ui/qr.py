"""QR codes on screen and on paper: the escrow key's safe copy, shown once and printed.

The PNG comes from the core (`desktop.core.sync.escrow.qr_png`, segno); here it becomes a
pixmap for a label, and a printable page (QTextDocument with the image as a resource), so the
same sheet goes to a printer or to a PDF.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QFontDatabase, QImage, QPageLayout, QPixmap, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.i18n import _
from desktop.core.sync.escrow import QR_SCALE, SafeCopy, qr_png
from desktop.ui.printing import use_a4

_QR_URL = QUrl("antq://escrow-qr.png")


def _identity_style() -> str:
    """One line on A4 (74 characters at 10 pt), so nobody copies a line break as part of the key.

    The family is the system's fixed font by name ("Courier New" on Windows): the generic
    "monospace" exists only where fontconfig resolves it, and a proportional fallback makes
    1, l and I hard to tell apart in the only copy of the key.
    """
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    return f'font-family: "{family}"; font-size: 10pt; white-space: pre;'


def qr_image(text: str, scale: int = QR_SCALE) -> QImage:
    image = QImage()
    if not image.loadFromData(QByteArray(qr_png(text, scale)), "PNG"):
        raise RuntimeError("segno's PNG could not be read by Qt")
    return image


class QrLabel(QLabel):
    """A label showing the QR code of a text, at most `side` pixels wide.

    Each module is a whole number of pixels (scaled without smoothing), so the code stays sharp
    enough to scan from the screen.
    """

    def __init__(self, text: str, side: int = 240, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = qr_image(text, scale=1)
        factor = max(1, side // self.image.width())
        width = self.image.width() * factor
        self.setPixmap(QPixmap.fromImage(self.image).scaled(width, width))
        self.setFixedSize(width, width)


def sheet_document(copy: SafeCopy) -> QTextDocument:
    """The safe copy as a printable page: the text of the sheet, the identity large, the QR."""
    document = QTextDocument()
    document.addResource(QTextDocument.ResourceType.ImageResource, _QR_URL, qr_image(copy.identity))
    title, *rest = copy.notes()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in rest)
    document.setHtml(
        f"<h2>{html.escape(title)}</h2>{body}"
        f"<p><b>{html.escape(_('Khóa dự phòng (bí mật):'))}</b></p>"
        f'<p style="{html.escape(_identity_style())}">{html.escape(copy.identity)}</p>'
        f"<p><img src='{_QR_URL.toString()}' width='220' height='220'></p>"
    )
    return document


def print_sheet(copy: SafeCopy, printer: QPrinter) -> None:
    """Print the sheet on `printer` (a real printer or a PDF file), on A4 as the reports are."""
    use_a4(printer, QPageLayout.Orientation.Portrait)
    sheet_document(copy).print_(printer)


def ask_and_print(parent: QWidget, copy: SafeCopy) -> bool:
    """The print dialog, then the sheet; False if the officer cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    use_a4(printer, QPageLayout.Orientation.Portrait)  # what the dialog shows
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("In khóa dự phòng"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_sheet(copy, printer)
    return True
