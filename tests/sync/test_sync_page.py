"""The sync page and its dialogs, driven through real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.context import AppContext
from desktop.ui.dialogs.export_bundle import ExportBundleDialog
from desktop.ui.dialogs.import_bundles import ImportBundlesDialog
from desktop.ui.pages.sync import SyncPage

from .conftest import PASSPHRASE, add_person, export_one

BACKGROUND = Qt.ItemDataRole.BackgroundRole

pytestmark = pytest.mark.gui


def test_commune_exports_from_the_dialog_and_sees_nothing_waiting(qtbot, tmp_path, commune):
    ctx = AppContext(commune, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert "chưa xuất gói" in page.body.state.text()
    dialog = ExportBundleDialog(ctx, page)
    qtbot.addWidget(dialog)
    folder = tmp_path / "usb"
    folder.mkdir()
    qtbot.keyClicks(dialog.folder, str(folder))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = list(folder.glob("*.antq"))
    assert len(written) == 1
    assert written[0].name in dialog.result.text()
    assert dialog.open_button.isEnabled()
    page.refresh()
    assert "Không có thay đổi nào đang chờ gửi" in page.body.state.text()
    assert page.body.model.rowCount() == 1
    assert page.body.model.data(page.body.model.index(0, 6)) == "Chưa"


def test_export_to_a_missing_folder_says_so(qtbot, tmp_path, commune, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "desktop.ui.errors.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    dialog = ExportBundleDialog(AppContext(commune, None))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.folder, str(tmp_path / "no-usb"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert shown and "Không tìm thấy thư mục" in shown[0]


def test_province_dry_run_then_commit_and_the_grid(qtbot, tmp_path, prov, commune):
    add_person(commune, "Nguyễn Văn Dũng")
    bundle = export_one(commune, tmp_path / "usb").path
    ctx = AppContext(prov.db, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    dialog = ImportBundlesDialog(ctx, page, [bundle.parent])
    qtbot.addWidget(dialog)
    assert dialog.paths() == [bundle]
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    assert "1 gói sẵn sàng nhập, 0 gói bị từ chối" in dialog.status.text()
    tables = [dialog.model.row_at(i).table for i in range(dialog.model.rowCount())]
    assert "person" in tables
    assert prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    qtbot.mouseClick(dialog.commit_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Đã nhập 1 gói."
    assert prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 1
    page.refresh()
    grid = page.body.grid_model
    assert grid.rowCount() == 102  # every commune of An Giang
    colours = {
        grid.row_at(row).cells[column - 2]: grid.data(grid.index(row, column), BACKGROUND)
        for row in range(grid.rowCount())
        for column in range(2, grid.columnCount())
    }
    assert colours["not_joined"].name() == "#e3e3e3"  # grey: never sent anything
    assert {"received", "late"} & set(colours)
    assert page.body.keys_model.rowCount() == 1


def test_province_enrols_a_commune_key_from_its_first_bundle(qtbot, tmp_path, prov, monkeypatch):
    from .conftest import make_commune

    newcomer = make_commune(tmp_path, prov, 4, enrol=False)
    bundle = export_one(newcomer, tmp_path / "usb").path
    page = SyncPage(AppContext(prov.db, None))
    qtbot.addWidget(page)
    page.refresh()
    shown = []
    monkeypatch.setattr(
        "desktop.ui.pages.sync.QFileDialog.getOpenFileName", lambda *a: (str(bundle), "")
    )
    monkeypatch.setattr(
        "desktop.ui.pages.sync.QMessageBox.information", lambda *a: shown.append(a[2])
    )
    page.body.enrol_key()
    assert shown and "Hãy gọi điện cho xã đối chiếu" in shown[0]
    page.refresh()
    assert page.body.keys_model.rowCount() == 1
    assert page.body.keys_model.data(page.body.keys_model.index(0, 3)) == "Chờ xác nhận"
