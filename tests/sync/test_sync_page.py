"""The sync page and its dialogs, driven through real widgets."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from desktop.ui import operations
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
    dialog = ExportBundleDialog(ctx)  # its own window: qtbot closes each widget it was given
    qtbot.addWidget(dialog)
    folder = tmp_path / "usb"
    folder.mkdir()
    qtbot.keyClicks(dialog.folder, str(folder))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
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
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert shown and "Không tìm thấy thư mục" in shown[0]


def test_province_dry_run_then_commit_and_the_grid(qtbot, tmp_path, prov, commune):
    add_person(commune, "Nguyễn Văn Dũng")
    bundle = export_one(commune, tmp_path / "usb").path
    ctx = AppContext(prov.db, None)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    dialog = ImportBundlesDialog(ctx, None, [bundle.parent])  # qtbot closes each on its own
    qtbot.addWidget(dialog)
    assert dialog.paths() == [bundle]
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert "1 gói sẵn sàng nhập, 0 gói bị từ chối" in dialog.status.text()
    tables = [dialog.model.row_at(i).table for i in range(dialog.model.rowCount())]
    assert "Người tham gia" in tables and "person" not in tables
    assert prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    qtbot.mouseClick(dialog.commit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert dialog.status.text().startswith("Đã nhập 1 gói, 0 gói bị từ chối")
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
    from desktop.core.sync import keys

    from .conftest import make_commune

    newcomer = make_commune(tmp_path, prov, 4, enrol=False)
    bundle = export_one(newcomer, tmp_path / "usb").path
    page = SyncPage(AppContext(prov.db, None))
    qtbot.addWidget(page)
    page.refresh()
    shown = []
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getOpenFileName", lambda *a: (str(bundle), "")
    )
    monkeypatch.setattr(
        "desktop.ui.pages.sync.QMessageBox.information", lambda *a: shown.append(a[2])
    )
    page.body.enrol_key()
    assert shown and "Hãy gọi điện cho xã đối chiếu" in shown[0]
    assert keys.unbreakable(keys.fingerprint(keys.signing_public(newcomer))) in shown[0]
    page.refresh()
    assert page.body.keys_model.rowCount() == 1
    assert page.body.keys_model.data(page.body.keys_model.index(0, 3)) == "Chờ xác nhận"


def test_import_dialog_unseals_the_key_once_and_says_when_the_passphrase_is_empty(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    from desktop.core.sync import keys

    add_person(commune, "Nguyễn Văn Dũng")
    first = export_one(commune, tmp_path / "usb").path
    add_person(commune, "Đinh Thị Lan")
    second = export_one(commune, tmp_path / "usb2").path
    calls = []
    real = keys.unlock_working_identity
    monkeypatch.setattr(
        keys,
        "unlock_working_identity",
        lambda *a: calls.append(threading.current_thread()) or real(*a),
    )
    dialog = ImportBundlesDialog(AppContext(prov.db, None), None, [first, second])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert dialog.status.text() == "Chưa nhập mật khẩu khóa làm việc của tỉnh." and not calls
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert "2 gói sẵn sàng nhập" in dialog.status.text()
    qtbot.mouseClick(dialog.commit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert dialog.status.text().startswith("Đã nhập 2 gói")
    assert len(calls) == 1  # scrypt once for the dry run and the import of both bundles
    assert calls[0] is not threading.main_thread()  # the window stays alive meanwhile


def test_import_dialog_says_a_wrong_passphrase_and_tries_again(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    add_person(commune, "Nguyễn Văn Dũng")
    bundle = export_one(commune, tmp_path / "usb").path
    dialog = ImportBundlesDialog(AppContext(prov.db, None), None, [bundle])
    qtbot.addWidget(dialog)
    shown: list[str] = []
    dialog.status.setText("")
    qtbot.keyClicks(dialog.passphrase, "sai-mat-khau")
    from desktop.ui import errors

    monkeypatch.setattr(
        errors, "show_known_error", lambda _p, error: shown.append(str(error)) or True
    )
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    monkeypatch.undo()
    assert shown == ["Mật khẩu bảo vệ khóa không đúng."]
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.dry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert "1 gói sẵn sàng nhập" in dialog.status.text()


def test_import_dialog_cancel_rolls_back_the_bundle_being_imported_and_stops(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    from desktop.core.sync import importer

    add_person(commune, "Nguyễn Văn Dũng")
    first = export_one(commune, tmp_path / "usb").path
    add_person(commune, "Đinh Thị Lan")
    second = export_one(commune, tmp_path / "usb2").path
    dialog = ImportBundlesDialog(AppContext(prov.db, None), None, [first, second])
    qtbot.addWidget(dialog)
    real, started = importer.import_one_file, []

    def clicked_cancel_during_the_first(db, path, identities, **kwargs):
        started.append(path)
        dialog._operation.job.cancel()  # the officer clicks Hủy while it is imported
        return real(db, path, identities, **kwargs)

    monkeypatch.setattr(importer, "import_one_file", clicked_cancel_during_the_first)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.commit()
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert started == [first]  # the second bundle was never opened
    assert "Đã hủy" in dialog.status.text()
    assert "chưa được nhập (đã hoàn tác)" in dialog.model.row_at(0).note
    assert prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    assert prov.db.conn.execute("SELECT COUNT(*) FROM bundle_in").fetchone()[0] == 0


def test_export_dialog_says_what_to_do_next_and_remembers_the_folder(qtbot, tmp_path, commune):
    ctx = AppContext(commune, None)
    folder = tmp_path / "USB Xã"
    folder.mkdir()
    dialog = ExportBundleDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == ""
    dialog.folder.insert(str(folder))  # QTest types ASCII only
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    said = dialog.result.text()
    assert "thư điện tử" in said and "USB mang lên tỉnh" in said and str(folder) in said
    again = ExportBundleDialog(ctx)
    qtbot.addWidget(again)
    assert again.folder.text() == str(folder)


@pytest.mark.parametrize("click", ["Từ chối", "Chấp nhận"])
def test_setup_file_shows_its_fingerprint_before_it_is_accepted(
    qtbot, tmp_path, prov, monkeypatch, click
):
    from db import open_database
    from desktop.core import office, units
    from desktop.core.sync import keys, setup_file
    from desktop.ui.pages import sync as sync_page

    db = open_database(tmp_path / "c.sqlite3")
    office.set_up_commune(
        db, office.OfficeSetup(commune_code=units.communes("91")[2].code, year=2026)
    )
    page = SyncPage(AppContext(db, None))
    qtbot.addWidget(page)
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getOpenFileName", lambda *a: (str(prov.setup_path), "")
    )
    shown = []

    def answer(box):
        shown.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == click]
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(sync_page.QMessageBox, "exec", answer)
    page.body.load_setup()
    expected = setup_file.parse_setup(prov.setup_path.read_bytes()).fingerprint
    assert keys.unbreakable(expected) in shown[0]
    assert (setup_file.currently_loaded(db) is not None) == (click == "Chấp nhận")
    db.close()


def test_commune_window_loads_an_ack_naming_the_missing_and_sends_them_again(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    from desktop.core.sync import ack, importer
    from desktop.ui.pages import sync as sync_page

    bundles = []
    for index in range(3):
        add_person(commune, f"Người {index}")
        bundles.append(export_one(commune, tmp_path / f"m{index}").path)
    for path in (bundles[0], bundles[2]):
        importer.import_bundle(prov.db, path.read_bytes(), prov.identities)
    ack_path = ack.write_ack(prov.db, bundles[0].name.split("_")[0], tmp_path)
    page = SyncPage(AppContext(commune, None))
    qtbot.addWidget(page)
    page.refresh()
    shown = []
    monkeypatch.setattr(sync_page.QMessageBox, "information", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getOpenFileName", lambda *a: (str(ack_path), "")
    )
    page.body.load_ack()
    assert "Tỉnh còn thiếu gói số: 2" in shown[-1]
    out = tmp_path / "again"
    out.mkdir()
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getExistingDirectory", lambda *a: str(out)
    )
    qtbot.mouseClick(page.body.reissue_button, Qt.MouseButton.LeftButton)
    (again,) = out.iterdir()
    assert again.read_bytes() == bundles[1].read_bytes() and "số 2" in shown[-1]


def test_loading_an_ack_with_a_conflict_shows_both_versions_and_takes_the_provinces(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    from desktop.core.sync import ack, importer
    from desktop.ui.dialogs import ack_conflicts
    from desktop.ui.pages import sync as sync_page

    uid = add_person(commune, "Đỗ Văn Hải")
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    commune.conn.execute("UPDATE meta SET value = '2' WHERE key = 'device_epoch'")
    commune.conn.execute("DROP TRIGGER person_rev_must_rise")
    commune.conn.execute("UPDATE person SET full_name = 'Đỗ Văn Hải B' WHERE uid = ?", [uid])
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "b").path.read_bytes(), prov.identities
    )
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    ack_path = ack.write_ack(prov.db, code, tmp_path)
    page = SyncPage(AppContext(commune, None))
    qtbot.addWidget(page)
    seen = []

    def look(dialog):
        qtbot.addWidget(dialog)
        model = dialog.fields_model
        rows = {model.row_at(i).label: model.row_at(i) for i in range(model.rowCount())}
        seen.append(
            (rows["Họ và tên"].ours, rows["Họ và tên"].theirs, dialog.take_button.isEnabled())
        )
        monkeypatch.setattr(ack_conflicts, "confirm", lambda *a: True)
        qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.note.text())
        return dialog.decided

    monkeypatch.setattr(sync_page.QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(
        sync_page.ConflictsDialog, "ask", classmethod(lambda cls, ctx, parent: look(cls(ctx)))
    )
    monkeypatch.setattr(
        "desktop.ui.file_dialogs.QFileDialog.getOpenFileName", lambda *a: (str(ack_path), "")
    )
    page.body.load_ack()
    assert seen[0] == ("Đỗ Văn Hải B", "Đỗ Văn Hải", True)
    assert "Không còn bản ghi xung đột" in seen[1]
    name = commune.conn.execute("SELECT full_name FROM person WHERE uid = ?", [uid]).fetchone()
    assert name[0] == "Đỗ Văn Hải"
