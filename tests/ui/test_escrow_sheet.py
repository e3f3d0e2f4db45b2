"""The escrow sheet's key line is set in a fixed-width font that exists on the office's PC.

"monospace" is a fontconfig alias: Linux resolves it, Windows has no font of that name and
falls back to a proportional one, where 1, l and I look alike in the one copy of the key. The
Windows platform gives "Courier New" as its system fixed font; the seam here does the same.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QFont, QFontDatabase, QTextCursor, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.core.sync.escrow import SafeCopy
from desktop.ui import qr

IDENTITY = "AGE-SECRET-KEY-1QQQSYQCYQ5RQWZQFPG9SCRGWPUGPZYSN2SFYQ9QZGXYSPLQDZQLLQI1L"


@pytest.fixture
def copy() -> SafeCopy:
    return SafeCopy("An Giang", IDENTITY, "age1recipient", "AB12-CD34", dt.date(2026, 8, 19))


@pytest.fixture
def windows_fixed_font(monkeypatch) -> str:
    """QFontDatabase.systemFont as the Windows platform answers it."""
    real = QFontDatabase.systemFont

    def system_font(which):
        if which == QFontDatabase.SystemFont.FixedFont:
            return QFont("Courier New", 10)
        return real(which)

    monkeypatch.setattr(QFontDatabase, "systemFont", staticmethod(system_font))
    return "Courier New"


def _families_of(document: QTextDocument, text: str) -> list[str]:
    found = document.find(text)
    assert not found.isNull()
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat().fontFamilies()


def test_the_key_line_uses_the_systems_fixed_font(qapp, copy, windows_fixed_font):
    families = _families_of(qr.sheet_document(copy), IDENTITY)
    assert families and families[0] == windows_fixed_font


def test_the_sheet_prints_on_a4_whatever_the_printer_was_set_to(qapp, copy, tmp_path):
    from PySide6.QtGui import QPageSize

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "khoa.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    qr.print_sheet(copy, printer)
    sheet = PdfReader(tmp_path / "khoa.pdf").pages[0]
    assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (595, 842)
    assert IDENTITY in "".join(sheet.extract_text().split())
