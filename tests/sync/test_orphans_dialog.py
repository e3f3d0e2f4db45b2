"""The province's window: rows a commune's full snapshot no longer has, decided in a dialog; the
province's own fingerprint and e-mail address on the "Đồng bộ" page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.core import office
from desktop.core.errors import ValidationError
from desktop.core.sync import importer, keys, orphans, setup_file
from desktop.ui.context import AppContext
from desktop.ui.dialogs import orphans as orphans_dialog
from desktop.ui.dialogs.orphans import OrphansDialog
from desktop.ui.pages.sync import SyncPage

from .conftest import add_person, export_one

pytestmark = pytest.mark.gui


def _two_orphans(tmp_path, prov, commune) -> dict[str, str]:
    """Two people the province received, then gone from the commune's full snapshot."""
    lost = {name: add_person(commune, name) for name in ("Đặng Thị Thu", "Lê Văn Ổn")}
    add_person(commune, "Võ Minh Trí")
    first = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    for uid in lost.values():  # as if never there: a restore from an older backup
        commune.conn.execute("DELETE FROM attendance WHERE person_uid = ?", [uid])
        commune.conn.execute("DELETE FROM person WHERE uid = ?", [uid])
    full = export_one(commune, tmp_path / "b", full=True, period="2026-09")
    assert importer.import_bundle(prov.db, full.path.read_bytes(), prov.identities).orphans == 2
    return lost


def _select(dialog: OrphansDialog, label: str) -> None:
    rows = [i for i in range(dialog.model.rowCount()) if dialog.model.row_at(i).label == label]
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    dialog.table.selectionModel().select(dialog.model.index(rows[0], 0), flags)


def _live(prov, uid: str) -> bool:
    row = prov.db.conn.execute("SELECT deleted_at FROM person WHERE uid = ?", [uid]).fetchone()
    return row[0] is None


def test_the_province_keeps_one_row_and_removes_the_other_from_the_dialog(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    lost = _two_orphans(tmp_path, prov, commune)
    ctx = AppContext(prov.db, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.body.orphans_button.isEnabled()
    assert "2 bản ghi tỉnh đang giữ mà xã không còn" in page.body.summary.text()
    dialog = OrphansDialog(ctx, page)
    qtbot.addWidget(dialog)
    model = dialog.model
    shown = {
        tuple(model.data(model.index(row, col)) for col in (1, 2, 4))
        for row in range(model.rowCount())
    }
    commune_name = office.self_unit(commune).name
    assert shown == {
        (commune_name, "Người tham gia", "Đặng Thị Thu"),
        (commune_name, "Người tham gia", "Lê Văn Ổn"),
    }
    assert not dialog.keep_button.isEnabled() and not dialog.remove_button.isEnabled()

    _select(dialog, "Đặng Thị Thu")
    assert dialog.keep_button.isEnabled()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert [o.label for o in orphans.listed(prov.db)] == ["Lê Văn Ổn"]
    assert model.rowCount() == 1 and _live(prov, lost["Đặng Thị Thu"])

    asked = []
    monkeypatch.setattr(orphans_dialog, "confirm", lambda *a: asked.append(a[2]) or False)
    _select(dialog, "Lê Văn Ổn")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "Đánh dấu đã xóa 1 bản ghi ở tỉnh" in asked[0]
    assert _live(prov, lost["Lê Văn Ổn"]) and model.rowCount() == 1  # "Không": nothing changed

    monkeypatch.setattr(orphans_dialog, "confirm", lambda *a: True)
    _select(dialog, "Lê Văn Ổn")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert not _live(prov, lost["Lê Văn Ổn"])
    assert orphans.listed(prov.db) == [] and dialog.decided == 2
    assert dialog.count.text() == "Không có bản ghi nào chờ quyết định."
    decided = prov.db.conn.execute("SELECT subject FROM audit WHERE kind = 'sync.orphan'")
    assert [row[0] for row in decided] == ["keep", "remove"]  # one audit entry per decision
    page.refresh()
    assert not page.body.orphans_button.isEnabled()
    assert "không còn, chờ quyết định" not in page.body.summary.text()


def test_a_role_without_import_cannot_decide(qtbot, tmp_path, prov, commune, monkeypatch):
    _two_orphans(tmp_path, prov, commune)
    ctx = AppContext(prov.db, None)
    monkeypatch.setattr(ctx, "can", lambda permission: False)
    dialog = OrphansDialog(ctx)
    qtbot.addWidget(dialog)
    _select(dialog, "Đặng Thị Thu")
    assert not dialog.keep_button.isEnabled() and not dialog.remove_button.isEnabled()
    assert dialog.model.rowCount() == 2


def test_the_province_page_shows_its_fingerprint_whole_and_edits_its_email(
    qtbot, prov, monkeypatch
):
    ctx = AppContext(prov.db, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    own = keys.fingerprint(keys.signing_public(prov.db))
    assert keys.unbreakable(own) in page.body.identity.text()
    assert "Chưa có thư điện tử nhận gói" in page.body.identity.text()
    answers = iter([("pv05-angiang@congan", True), ("pv05.angiang@congan.gov.vn", True)])
    monkeypatch.setattr("desktop.ui.pages.sync.QInputDialog.getText", lambda *a, **k: next(answers))
    warned = []
    monkeypatch.setattr(
        "desktop.ui.errors.QMessageBox.warning", lambda *args: warned.append(args[2])
    )
    page.body.edit_email()
    assert warned and "không hợp lệ" in warned[0]
    assert office.get_meta(prov.db, setup_file.EMAIL_KEY) in (None, "")
    page.body.edit_email()
    page.refresh()
    assert office.get_meta(prov.db, setup_file.EMAIL_KEY) == "pv05.angiang@congan.gov.vn"
    assert "pv05.angiang@congan.gov.vn" in page.body.identity.text()
    assert '"email": "pv05.angiang@congan.gov.vn"' in setup_file.setup_text(prov.db)


def test_an_invalid_email_is_refused_by_the_core_as_a_field_error():
    with pytest.raises(ValidationError) as raised:
        setup_file.check_email("không phải địa chỉ")
    assert "không hợp lệ" in raised.value.fields["email"]
    assert setup_file.check_email("  pv05@congan.gov.vn ") == "pv05@congan.gov.vn"
    assert setup_file.check_email("   ") == ""
