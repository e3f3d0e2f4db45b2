"""The Reports page's "Lưu Word (.docx)…", clicked like a user; the file read back."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from desktop.core import accounts, session
from desktop.ui.context import AppContext
from desktop.ui.pages.reports import ReportsPage
from tests.reports.conftest import pdf_text
from tests.reports.reports_page import choose, page_fixture, preview  # noqa: F401  (a fixture)
from tests.reports.word_files import open_docx, paragraph_texts, words
from tests.safety.conftest import ADMIN, PASSWORD, VIEWER

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def test_the_word_button_saves_the_report_shown_as_a_docx(qtbot, page, known_db, tmp_path):
    assert not page.word_button.isEnabled(), "nothing to save before a preview"
    choose(page.kind, "ket-qua")
    choose(page.period, "2026-08")
    page.serial.setValue(5)
    page.narrative.setPlainText("Nhân dân đồng tình hưởng ứng.")
    preview(qtbot, page)
    assert page.word_button.isEnabled()
    offered = []

    def ask(title, name, filter_text):
        offered.append((name, filter_text))
        return tmp_path / "bao-cao-thang-8"  # typed without its suffix

    page.ask_path = ask
    with qtbot.waitSignal(page.word_saved, timeout=20_000):
        qtbot.mouseClick(page.word_button, Qt.MouseButton.LeftButton)
    name, filter_text = offered[0]
    assert name.startswith("ket-qua-") and name.endswith("-2026-08.docx") and name.isascii()
    assert "*.docx" in filter_text
    saved = tmp_path / "bao-cao-thang-8.docx"
    assert saved.exists() and str(saved) in page.status.text()
    docx_file = open_docx(saved.read_bytes())
    text = " ".join(paragraph_texts(docx_file))
    assert "Số: 05/BC-CAX" in text and "Nhân dân đồng tình hưởng ứng." in text
    assert docx_file.sections[0].page_width.mm == pytest.approx(210, abs=0.2)
    # The same words as the preview: the Word file and the PDF are one document.
    shown = set(words(pdf_text(page._pdf)))
    assert set(words(paragraph_texts(docx_file))) - shown <= {"lượt", "người"}  # the chart's axis
    assert page.word_button.isEnabled() and not page.progress.isVisible()


def test_a_sign_in_sheet_as_word_needs_the_export_right_and_is_recorded(
    qtbot, known_db, tmp_path, monkeypatch
):
    accounts.create_first_admin(known_db, ADMIN, "Quản Trị", PASSWORD)
    accounts.create_account(known_db, VIEWER, "Người Xem", "viewer", PASSWORD)
    accounts.sign_out(known_db)
    accounts.authenticate(known_db, VIEWER, PASSWORD)
    page = ReportsPage(AppContext(known_db, None))
    qtbot.addWidget(page)
    page.show()
    choose(page.kind, "ky-ten")
    choose(page.event_choice, known_db.ev["le_xa"])
    preview(qtbot, page)
    shown: list[str] = []
    monkeypatch.setattr("desktop.ui.errors.QMessageBox.warning", lambda *a: shown.append(a[2]))
    asked = []
    page.ask_path = lambda *args: asked.append(args) or tmp_path / "ky-ten.docx"
    qtbot.mouseClick(page.word_button, Qt.MouseButton.LeftButton)
    assert shown and "không có quyền xuất dữ liệu" in shown[0]
    assert asked == [] and not (tmp_path / "ky-ten.docx").exists()  # refused before asking
    accounts.sign_out(known_db)
    session.sign_in(known_db, accounts.authenticate(known_db, ADMIN, PASSWORD))
    with qtbot.waitSignal(page.word_saved, timeout=20_000):
        qtbot.mouseClick(page.word_button, Qt.MouseButton.LeftButton)
    docx_file = open_docx((tmp_path / "ky-ten.docx").read_bytes())
    assert "Nguyễn Thị Ánh Tuyết" in " ".join(paragraph_texts(docx_file))
    row = known_db.conn.execute(
        "SELECT actor, subject, detail FROM audit WHERE kind = 'export.personal'"
    ).fetchone()
    detail = json.loads(row[2])
    assert row[:2] == (ADMIN, "ky-ten") and detail["file"] == "ky-ten.docx" and detail["people"] > 0
