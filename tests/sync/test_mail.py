"""The export's e-mail draft: an .eml to the province's address with the bundles attached."""

from __future__ import annotations

import email
from email.policy import default

import pytest
from PySide6.QtCore import Qt

from db import open_database
from desktop.core import office, units
from desktop.core.errors import UserError
from desktop.core.sync import mail, setup_file

from .conftest import add_person, export_one


@pytest.fixture
def mailed(tmp_path, prov):
    """A commune whose setup file carries the province's address."""
    setup_file.set_email(prov.db, "pv05@congan.angiang.gov.vn")
    path = setup_file.write_setup_file(prov.db, tmp_path / "thiet-lap.json")
    db = open_database(tmp_path / "c.sqlite3")
    office.set_up_commune(
        db, office.OfficeSetup(commune_code=units.communes("91")[3].code, year=2026)
    )
    from desktop.core import catalogues

    db.hamlet = catalogues.add_hamlet(db, "Ấp Tân Hòa")
    setup_file.load_setup_file(db, path)
    yield db
    db.close()


def test_draft_is_addressed_to_the_province_with_the_bundle_attached(tmp_path, mailed):
    add_person(mailed, "Ngô Văn Sơn")
    item = export_one(mailed, tmp_path / "usb", period="2026-08")
    path = mail.write_draft(mailed, [item.path], "2026-08")
    assert path.suffix == ".eml" and path.parent == item.path.parent
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["To"] == "pv05@congan.angiang.gov.vn" and message["X-Unsent"] == "1"
    assert "gửi gói đồng bộ kỳ 08/2026" in message["Subject"]
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == item.path.name
    assert attached.get_content() == item.path.read_bytes()
    assert "Đề nghị tỉnh nhập gói" in message.get_body(("plain",)).get_content()


def test_without_an_address_the_draft_is_refused_with_the_way_out(tmp_path, commune):
    add_person(commune, "Ngô Văn Sơn")
    item = export_one(commune, tmp_path / "usb", period="2026-08")
    with pytest.raises(UserError, match="không có địa chỉ thư điện tử"):
        mail.write_draft(commune, [item.path], "2026-08")


def test_a_bad_address_is_refused_at_the_province(prov):
    with pytest.raises(UserError, match="không hợp lệ"):
        setup_file.set_email(prov.db, "pv05 at congan")


@pytest.mark.gui
@pytest.mark.parametrize("opens", [True, False])
def test_export_dialog_prepares_the_mail(qtbot, tmp_path, mailed, monkeypatch, opens):
    from desktop.ui import operations
    from desktop.ui.context import AppContext
    from desktop.ui.dialogs import export_bundle

    opened, told = [], []
    monkeypatch.setattr(
        export_bundle.QDesktopServices, "openUrl", lambda url: opened.append(url) or opens
    )
    monkeypatch.setattr(export_bundle.QMessageBox, "information", lambda *a: told.append(a[2]))
    dialog = export_bundle.ExportBundleDialog(AppContext(mailed, None))
    qtbot.addWidget(dialog)
    folder = tmp_path / "usb"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    assert not dialog.mail_button.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    qtbot.mouseClick(dialog.mail_button, Qt.MouseButton.LeftButton)
    (draft,) = folder.glob("*.eml")
    assert opened[0].toLocalFile() == str(draft)
    if opens:
        assert "Đã mở thư soạn sẵn" in dialog.result.text() and not told
    else:
        assert "pv05@congan.angiang.gov.vn" in told[0] and draft.name in told[0]
