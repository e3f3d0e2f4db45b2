"""The Reports page: choose, preview (QtPdf), save, print and export, driven like a user."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desktop.core.reports import settings as report_settings
from desktop.ui.context import AppContext
from desktop.ui.pages.reports import ReportsPage
from tests.reports.conftest import pdf_text
from tests.reports.reports_page import choose, page_fixture, preview  # noqa: F401  (a fixture)

# What the offscreen platform says when a window asks for window-system features.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def test_preview_of_the_results_report_keeps_settings_and_narrative(qtbot, page, known_db):
    assert page.kind.findData("tong-hop") < 0  # the consolidated report is the province's
    choose(page.kind, "ket-qua")
    choose(page.period, "2026-08")
    page.serial.setValue(5)
    page.narrative.setPlainText("Nhân dân đồng tình hưởng ứng.")
    page.settings_form.fields["signer_name"].setText("Nguyễn Văn Bình")  # keyClicks: ASCII only
    preview(qtbot, page)
    assert page.document.pageCount() >= 2
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    text = " ".join(pdf_text(page._pdf))
    assert "Số: 05/BC-CAX" in text and "Nguyễn Văn Bình" in text
    assert "Nhân dân đồng tình hưởng ứng." in text
    assert report_settings.load(known_db).signer_name == "Nguyễn Văn Bình"
    campaign = known_db.campaign_uid
    saved = report_settings.load_narrative(known_db, "ket-qua", campaign, "2026-08")
    assert saved == "Nhân dân đồng tình hưởng ứng."
    choose(page.period, "2026-09")
    assert page.narrative.toPlainText() == ""
    choose(page.period, "2026-08")
    assert page.narrative.toPlainText() == "Nhân dân đồng tình hưởng ứng."


def test_event_reports_need_the_event_combo_and_save_as_pdf(qtbot, page, known_db, tmp_path):
    choose(page.kind, "ky-ten")
    assert page.event_choice.isEnabled() and not page.period.isEnabled()
    choose(page.event_choice, known_db.ev["le_xa"])
    preview(qtbot, page)
    target = tmp_path / "ky-ten"
    page.ask_path = lambda *_args: target
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "ky-ten.pdf"
    assert saved.exists() and "Nguyễn Thị Ánh Tuyết" in " ".join(pdf_text(saved.read_bytes()))


def test_statistics_go_to_excel_off_the_gui_thread(qtbot, page, tmp_path):
    choose(page.kind, "ket-qua")
    choose(page.period, "all")
    target = tmp_path / "so-lieu.xlsx"
    page.ask_path = lambda *_args: target
    with qtbot.waitSignal(page.exported, timeout=20_000):
        qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert "Đã ghi" in page.status.text()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert ("Người tham gia", "Tổng lượt người tham gia", "lượt người", 1003, None) in rows


def test_a_bad_symbol_is_refused_with_a_message(qtbot, page, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "desktop.ui.errors.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    page.settings_form.fields["symbol"].setText("BC CAX")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert shown and "Ký hiệu" in shown[0]
    assert not page.progress.isVisible()


def test_printing_paints_every_page(qtbot, page, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    choose(page.kind, "ket-qua")
    preview(qtbot, page)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert page.print_to(printer) == page.document.pageCount()
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_province_offers_the_consolidated_report_and_one_commune(qtbot, province_db):
    page = ReportsPage(AppContext(province_db, None))
    qtbot.addWidget(page)
    page.show()
    assert page.kind.findData("tong-hop") >= 0 and page.commune.isVisibleTo(page)
    assert page.commune.count() == 1 + 102  # "Toàn tỉnh" and every commune of An Giang
    choose(page.kind, "ket-qua")
    choose(page.period, "2026-08")
    choose(page.commune, province_db.codes[0])
    page.narrative.setPlainText("Xã đã báo cáo đầy đủ, đúng hạn.")
    preview(qtbot, page)
    text = " ".join(pdf_text(page._pdf))
    assert "Kết quả thực hiện Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026 của xã" in text
    assert "Xã đã báo cáo đầy đủ, đúng hạn." in text
    choose(page.commune, "")  # the whole province keeps a narrative of its own
    assert page.narrative.toPlainText() == ""
    choose(page.commune, province_db.codes[0])
    assert page.narrative.toPlainText() == "Xã đã báo cáo đầy đủ, đúng hạn."
    choose(page.kind, "tong-hop")
    assert not page.commune.isEnabled()
    preview(qtbot, page)
    assert any("PHỤ LỤC" in text for text in pdf_text(page._pdf))


def test_the_campaign_basis_is_edited_and_cited_by_the_report(qtbot, page, known_db, monkeypatch):
    """Decision 521 dated 13/6/2005, and the province's plan: both open the results report."""
    from PySide6.QtCore import QDate

    from desktop.core import campaigns
    from desktop.ui.dialogs.campaign_basis import CampaignBasisDialog

    def fill(parent, ctx, uid):
        dialog = CampaignBasisDialog(parent, ctx, uid)
        qtbot.addWidget(dialog)
        assert "ngày 13/6/2005" in dialog.legal_basis.toPlainText()
        dialog.plan_number.setText("45/KH-CAT")
        dialog.has_date.setChecked(True)
        dialog.plan_date.setDate(QDate(2026, 7, 2))
        dialog.plan_issuer.setText("Công an tỉnh An Giang")
        dialog.accept()
        return dialog.saved_uid

    monkeypatch.setattr(CampaignBasisDialog, "ask", classmethod(lambda cls, *a: fill(*a)))
    qtbot.mouseClick(page.basis_button, Qt.MouseButton.LeftButton)
    campaign = campaigns.get(known_db, known_db.campaign_uid)
    assert (campaign.plan_number, campaign.plan_date) == ("45/KH-CAT", "2026-07-02")
    choose(page.kind, "ket-qua")
    preview(qtbot, page)
    text = " ".join(pdf_text(page._pdf))
    assert "Quyết định số 521/QĐ-TTg ngày 13/6/2005" in text
    assert "Kế hoạch số 45/KH-CAT ngày 2/7/2026 của Công an tỉnh An Giang, Công an xã" in text


def test_a_plan_without_its_number_is_refused(known_db):
    from desktop.core import campaigns
    from desktop.core.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        campaigns.update_basis(
            known_db,
            known_db.campaign_uid,
            campaigns.BasisInput("Căn cứ", "", "31/08/2026", "Công an tỉnh"),
        )
    assert set(caught.value.fields) == {"plan_number", "plan_date"}


def test_save_and_print_stay_in_sight_after_a_preview_on_a_small_screen(qtbot, page, known_db):
    page.resize(819 - 150, 574 - 80)  # the page's share of 1024×768 at 125 %
    choose(page.kind, "ket-qua")
    preview(qtbot, page)
    for button in (page.save_button, page.print_button):
        place = button.geometry().translated(button.parentWidget().mapTo(page, button.pos() * 0))
        assert button.isVisible() and button.isEnabled()
        assert page.rect().contains(place), button.text()
        assert (
            button.mapTo(page, button.rect().topLeft()).y()
            < page.preview.mapTo(page, page.preview.rect().topLeft()).y()
        )  # above the preview, not under a long form


def test_a_report_date_typed_like_officers_type_it(qtbot, page, known_db):
    page.day.setText("5/9/2026")
    assert page.request().day.isoformat() == "2026-09-05"


def test_a_report_of_an_office_file_is_made_on_its_own_connection(qtbot, tmp_path):
    """The window of a real office file builds reports on a read-only connection of the job's
    own: its rows must read as the window's do (a tuple there failed every report)."""
    from db import open_database
    from desktop.core import demo

    path = tmp_path / "xa.sqlite3"
    database = open_database(path)
    demo.create_demo_commune(database)
    widget = ReportsPage(AppContext(database, path))
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    choose(widget.kind, "ket-qua")
    preview(qtbot, widget)
    assert any("BÁO CÁO" in text for text in pdf_text(widget._pdf))
    database.close()
