"""The first-run wizard's province office: keys, the escrow sheet shown once, the setup file."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pyrage
import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWizard, QWizardPage

from desktop.core import campaigns, office
from desktop.core.sync import keys, setup_file
from desktop.ui.dialogs.first_run import (
    COMMUNE,
    PAGE_ESCROW,
    PAGE_OFFICE,
    PAGE_PROVINCE,
    PAGE_SETUP_FILE,
    FirstRunWizard,
)
from desktop.ui.qr import print_sheet

PASSPHRASE = "mat-khau-tinh-2026"


@pytest.fixture
def wizard(qtbot, empty_ctx):
    wizard = FirstRunWizard(None, empty_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _button(wizard, which):
    return wizard.button(getattr(QWizard.WizardButton, which))


def _fill(qtbot, page, code: str, passphrase: str, repeat: str) -> None:
    page.province.setCurrentIndex(page.province.findData(code))
    page.passphrase.clear()
    page.repeat.clear()
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClicks(page.repeat, repeat)


def _to_escrow_page(qtbot, wizard):
    wizard.welcome.province.setChecked(True)
    wizard.next()
    _fill(qtbot, wizard.province_page, "91", PASSPHRASE, PASSPHRASE)
    wizard.province_page.signer_name.setText("Nguyễn Văn Thành")
    wizard.province_page.signer_position.setText("Trưởng phòng")
    _button(wizard, "CommitButton").click()
    assert wizard.currentId() == PAGE_ESCROW


def test_passphrase_is_asked_twice_and_checked_before_anything_is_made(qtbot, wizard, empty_ctx):
    wizard.welcome.province.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_PROVINCE
    page = wizard.province_page
    assert page.passphrase.echoMode() == page.passphrase.EchoMode.Password
    _fill(qtbot, page, "91", "ngan", "khac")
    _button(wizard, "CommitButton").click()
    assert wizard.currentId() == PAGE_PROVINCE
    messages = page.errors.messages()
    assert "ít nhất 8 ký tự" in messages["passphrase"]
    assert "không giống nhau" in messages["repeat"]
    _fill(qtbot, page, "91", PASSPHRASE, PASSPHRASE + "x")
    _button(wizard, "CommitButton").click()
    assert set(page.errors.messages()) == {"repeat"}
    assert not office.is_set_up(empty_ctx.db)


def test_province_path_shows_the_escrow_key_once_and_offers_the_setup_file(
    qtbot, wizard, empty_ctx, tmp_path, monkeypatch
):
    _to_escrow_page(qtbot, wizard)
    db = empty_ctx.db
    # Nothing is stored while the escrow key is on screen: a power cut now leaves no office
    # whose only escrow copy was lost, and the wizard starts again.
    assert not office.is_set_up(db)
    assert db.conn.execute("SELECT count(*) FROM sync_key").fetchone()[0] == 0
    page = wizard.escrow_page
    shown = page.identity.text()
    assert shown.startswith("AGE-SECRET-KEY-1")
    assert page.qr is not None and page.qr.isVisible() and page.qr.width() >= 150

    # No way on, back or out until it is ticked as printed and in the safe.
    assert not _button(wizard, "NextButton").isEnabled()
    assert not _button(wizard, "BackButton").isEnabled()
    assert not _button(wizard, "CancelButton").isEnabled()
    wizard.reject()
    assert wizard.isVisible() and wizard.currentId() == PAGE_ESCROW
    page.printed.click()
    assert _button(wizard, "NextButton").isEnabled()
    _button(wizard, "NextButton").click()

    # Leaving the escrow page set the office up with the keys the sheet belongs to.
    unit = office.self_unit(db)
    assert (unit.level, unit.code) == ("province", "91")
    # the signer asked here signs the province's reports, under the office's full name
    from desktop.core.reports import settings as report_settings

    defaults = report_settings.load(db)
    assert (defaults.signer_name, defaults.signer_authority) == ("Nguyễn Văn Thành", "TRƯỞNG PHÒNG")
    assert defaults.unit_name == "PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC"
    assert [c.code for c in campaigns.list_campaigns(db)] == [f"NH-ANTQ-{dt.date.today().year}"]
    keys.unlock_working_identity(db, PASSPHRASE)  # the working key opens with the passphrase
    assert shown not in str(db.conn.execute("SELECT * FROM sync_key").fetchall())
    escrow_recipient = keys.province_recipients(db)[1]
    sealed = pyrage.encrypt(b"thu", [keys.parse_recipient(escrow_recipient)])
    assert pyrage.decrypt(sealed, [keys.parse_identity(shown)]) == b"thu"
    assert wizard.currentId() == PAGE_SETUP_FILE
    final = wizard.setup_file_page
    assert keys.fingerprint(keys.signing_public(db)) in final.fingerprint.text()
    target = tmp_path / "thiet-lap.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    final.save_button.click()
    assert str(target) in final.saved.text()
    loaded = setup_file.parse_setup(target.read_bytes())
    assert (loaded.province_code, loaded.escrow_recipient) == ("91", escrow_recipient)
    _button(wizard, "FinishButton").click()
    assert wizard.result() == QDialog.DialogCode.Accepted


def test_the_provinces_email_is_asked_optionally_and_goes_into_the_setup_file(
    qtbot, wizard, empty_ctx, tmp_path, monkeypatch
):
    wizard.welcome.province.setChecked(True)
    wizard.next()
    page = wizard.province_page
    _fill(qtbot, page, "91", PASSPHRASE, PASSPHRASE)
    qtbot.keyClicks(page.email, "pv05 angiang@congan")
    _button(wizard, "CommitButton").click()
    assert wizard.currentId() == PAGE_PROVINCE and wizard.province_state.made is None
    assert "không hợp lệ" in page.errors.messages()["email"]
    page.email.clear()
    qtbot.keyClicks(page.email, " pv05.angiang@congan.gov.vn ")
    _button(wizard, "CommitButton").click()
    assert wizard.currentId() == PAGE_ESCROW
    wizard.escrow_page.printed.click()
    _button(wizard, "NextButton").click()
    final = wizard.setup_file_page
    fingerprint = keys.fingerprint(keys.signing_public(empty_ctx.db))
    assert keys.unbreakable(fingerprint) in final.fingerprint.text()  # read out whole, one line
    target = tmp_path / "thiet-lap.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    final.save_button.click()
    assert setup_file.parse_setup(target.read_bytes()).email == "pv05.angiang@congan.gov.vn"


def test_a_province_set_up_without_an_email_writes_none(qtbot, wizard, empty_ctx):
    _to_escrow_page(qtbot, wizard)
    wizard.escrow_page.printed.click()
    _button(wizard, "NextButton").click()
    assert office.is_set_up(empty_ctx.db)
    assert '"email"' not in setup_file.setup_text(empty_ctx.db)


def test_the_printed_sheet_carries_the_identity_and_a_qr_that_scans(qtbot, wizard, tmp_path):
    _to_escrow_page(qtbot, wizard)
    copy = wizard.province_state.copy
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "khoa.pdf"))
    print_sheet(copy, printer)
    text = PdfReader(tmp_path / "khoa.pdf").pages[0].extract_text()
    assert copy.identity in "".join(text.split())  # how pypdf splits runs varies with the font
    assert "KHÓA DỰ PHÒNG" in " ".join(text.split())
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", str(tmp_path / "khoa.pdf"), str(tmp_path / "page")],
            check=True,
            timeout=60,
        )
        page_png = next(tmp_path.glob("page*.png"))
        scanned = subprocess.run(
            ["zbarimg", "--raw", "-q", str(page_png)], capture_output=True, timeout=60, check=True
        )
        assert scanned.stdout.decode("ascii").strip() == copy.identity


def test_a_page_added_to_a_path_comes_after_the_office_page(qtbot, wizard, empty_ctx):
    extra = QWizardPage()
    extra.setLayout(None)
    QLabel("Tài khoản quản trị", extra)
    wizard.add_step(COMMUNE, 10, extra, after=PAGE_OFFICE)
    assert wizard.paths[COMMUNE] == [PAGE_OFFICE, 10]
    wizard.next()
    wizard.office_page.units.select("30985")
    assert _button(wizard, "NextButton").isVisible()
    _button(wizard, "NextButton").click()
    assert wizard.currentId() == 10 and office.is_set_up(empty_ctx.db)
    _button(wizard, "FinishButton").click()
    assert wizard.result() == QDialog.DialogCode.Accepted
