"""The backup menu, the restore dialog and the start-up checks, driven through real widgets."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from db import open_database
from desktop.core import office, units
from desktop.core.storage import (
    backup,
    connections,
    dblocation,
    durable,
    instance_lock,
    integrity,
    opening,
)
from desktop.core.storage.instance_lock import InstanceLock
from desktop.ui import startup
from desktop.ui.app import build_main_window
from desktop.ui.context import AppContext
from desktop.ui.dialogs import backup as backup_dialogs
from desktop.ui.dialogs.backup import DamagedChoice, DamagedDatabaseDialog, RestoreDialog
from desktop.ui.main_window import MainWindow
from tests.backup.conftest import BACKUP_PASSPHRASE, add_people, damage, person_count

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def shown(monkeypatch):
    """The message boxes the code under test showed: (kind, title, text)."""
    seen: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            lambda parent, title, text, *rest, k=kind: seen.append((k, title, text)),
        )
    return seen


@pytest.fixture
def ctx(office_db, office_path):
    return AppContext(office_db, office_path)


def test_restore_dialog_shows_the_backup_and_needs_a_confirmation(qtbot, ctx, office_path):
    taken = backup.automatic_backup(ctx.db, office_path)
    add_people(ctx.db, ["Phạm Thị Dung"])
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.choice.count() == 1
    text = dialog.details.text()
    assert taken.taken_text in text and "Số người tham gia: 3" in text
    assert not dialog.warning.isVisibleTo(dialog)
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(ctx.data_changed):
        result = dialog.run_restore()
    assert result is not None and result.epoch == 2
    assert person_count(ctx.db) == 3
    assert backup.describe(result.kept_copy).counts["person"] == 4


def test_a_damaged_backup_cannot_be_chosen(qtbot, ctx, office_path):
    taken = backup.automatic_backup(ctx.db, office_path)
    damage(taken.path)
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert "không phải bản sao lưu dùng được" in dialog.details.text()
    dialog.confirm.setChecked(True)
    assert not dialog.restore_button.isEnabled()


def test_a_backup_of_another_office_is_flagged(qtbot, ctx, office_path, tmp_path):
    other_path = tmp_path / "other.sqlite3"
    other = open_database(other_path)
    office.set_up_commune(other, office.OfficeSetup(commune_code=units.communes("91")[1].code))
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup.backup_to_folder(other, usb, BACKUP_PASSPHRASE)
    other.close()
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.secrets[copy.path] = {"passphrase": BACKUP_PASSPHRASE}
    dialog.show_file(copy.path)
    assert dialog.warning.isVisibleTo(dialog)
    assert "không phải của" in dialog.warning.text()


def test_back_up_to_a_usb_folder(qtbot, ctx, tmp_path, shown):
    usb = tmp_path / "usb"
    usb.mkdir()
    written = backup_dialogs.back_up_to_folder(None, ctx, usb, BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: written.done, timeout=20_000)  # encrypted off the GUI thread
    info = written.result
    assert info is not None and info.path.parent == usb
    assert shown[-1][0] == "information" and str(info.path) in shown[-1][2]
    pulled = backup_dialogs.back_up_to_folder(None, ctx, tmp_path / "pulled-out", BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: pulled.done, timeout=20_000)
    assert pulled.result is None and pulled.error is not None
    assert shown[-1][0] == "warning" and "Hãy cắm USB" in shown[-1][2]


def test_the_file_menu_has_backup_and_restore(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "Sao lưu ra USB…" in texts and "Khôi phục từ bản sao lưu…" in texts


def _usb_probe() -> dblocation.Probe:
    return dblocation.Probe(
        platform="linux",
        mounts=lambda: [dblocation.Mount("/dev/sdb1", "/", "vfat")],
        removable_device=lambda device: True,
    )


def test_start_refuses_a_database_on_a_usb_stick(office_path, shown):
    assert startup.prepare(office_path, probe=_usb_probe()) is None
    assert shown[-1][0] == "critical" and "USB" in shown[-1][2]
    assert instance_lock.current_holder(office_path) is None


def test_a_second_start_names_who_has_the_database(office_path, shown):
    first = startup.prepare(office_path)
    assert first is not None
    try:
        assert startup.prepare(office_path) is None
        _kind, title, text = shown[-1]
        assert title == "Dữ liệu đang được mở" and instance_lock.me().host in text
    finally:
        first.finish()
    second = startup.prepare(office_path)
    assert second is not None
    second.finish()


def test_a_damaged_file_is_restored_from_the_newest_good_backup(
    qtbot, office_db, office_path, monkeypatch, shown
):
    older = backup.automatic_backup(office_db, office_path, now=dt.datetime(2026, 11, 1, 8))
    newest = backup.automatic_backup(office_db, office_path, now=dt.datetime(2026, 11, 2, 8))
    damage(newest.path)
    office_db.close()
    damage(office_path)
    offered = []

    def choose(db_path, good):
        offered.append(good)
        return DamagedChoice.RESTORE, good.path

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", staticmethod(choose))
    safe = startup.prepare(office_path)
    assert safe is not None and safe.lock.held
    window = build_main_window(office_path, sign_in=False, safe=safe)
    assert window is not None  # over the restored backup
    qtbot.addWidget(window)
    window.ctx.db.close()
    safe.finish()
    assert offered[0].path == older.path  # the damaged newer backup was passed over
    assert "Đã khôi phục" in shown[-1][1]
    db = open_database(office_path)
    try:
        assert person_count(db) == 3 and office.device_epoch(db) == 2
    finally:
        db.close()


def test_quitting_at_the_damage_message_opens_nothing(office_path, monkeypatch):
    damage(office_path)
    monkeypatch.setattr(
        DamagedDatabaseDialog, "ask", staticmethod(lambda path, good: (DamagedChoice.QUIT, None))
    )
    safe = startup.prepare(office_path)
    assert build_main_window(office_path, sign_in=False, safe=safe) is None
    safe.finish()
    assert instance_lock.current_holder(office_path) is None


def test_the_check_runs_while_the_first_dialog_is_up(qtbot, office_path, monkeypatch):
    """The check starts once the first screen has painted (it must not slow drawing it) and
    reads on its own thread; the window waits for its verdict, not the dialog."""
    started = threading.Event()
    release = threading.Event()
    real = opening.check_file

    def slow_check(path, today, **kwargs):
        started.set()
        release.wait(10)
        return real(path, today, **kwargs)

    monkeypatch.setattr(opening, "check_file", slow_check)
    safe = startup.prepare(office_path)
    QApplication.processEvents()
    assert safe.check is not None and not started.is_set()  # nothing painted yet
    first_screen = QDialog()
    qtbot.addWidget(first_screen)
    first_screen.show()
    qtbot.waitUntil(started.is_set)  # prepare returned before the check, which now runs
    release.set()
    db = open_database(office_path)
    try:
        assert safe.settle(db) is startup.Settled.SOUND
        assert integrity.last_full_check(db) == dt.date.today()  # the weekly one ran, clean
    finally:
        db.close()
        safe.finish()


def test_the_damage_message_offers_the_newest_good_backup(qtbot, office_db, office_path):
    good = backup.automatic_backup(office_db, office_path)
    box = DamagedDatabaseDialog(office_path, good)
    qtbot.addWidget(box)
    assert good.taken_text in box.text()
    assert box.defaultButton() is box.restore_newest
    box.restore_newest.click()
    assert box.decide() == (DamagedChoice.RESTORE, good.path)
    none_box = DamagedDatabaseDialog(office_path, None)
    qtbot.addWidget(none_box)
    assert none_box.restore_newest is None and "Không tìm thấy" in none_box.text()


def test_daily_backup_at_start_and_backup_at_exit_after_changes(qtbot, office_path, shown):
    safe = startup.prepare(office_path)
    window = MainWindow(AppContext(open_database(office_path), office_path))
    qtbot.addWidget(window)
    safe.attach(window)
    qtbot.waitUntil(lambda: len(backup.automatic_backups(office_path)) == 1)
    add_people(window.ctx.db, ["Phạm Thị Dung"])
    safe.finish()
    assert not safe.lock.held
    files = backup.automatic_backups(office_path)
    assert max(backup.describe(f.path).counts["person"] for f in files) == 4
    window.ctx.db.close()


def test_nothing_changed_means_no_exit_backup(qtbot, office_path, monkeypatch):
    safe = startup.prepare(office_path)
    window = MainWindow(AppContext(open_database(office_path), office_path))
    qtbot.addWidget(window)
    safe.attach(window)
    qtbot.waitUntil(lambda: len(backup.automatic_backups(office_path)) == 1)
    made = []
    monkeypatch.setattr(backup, "automatic_backup", lambda *a, **k: made.append(a))
    safe.finish()
    assert made == []
    window.ctx.db.close()


def test_a_failed_daily_backup_is_shown_in_the_status_bar(qtbot, office_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(durable, "fsync_file", full_disk)
    safe = startup.prepare(office_path)
    window = MainWindow(AppContext(open_database(office_path), office_path))
    qtbot.addWidget(window)
    safe.attach(window)
    qtbot.waitUntil(lambda: "Chưa sao lưu được hôm nay" in window.statusBar().currentMessage())
    assert "đã đầy" in window.statusBar().currentMessage()
    safe.finish()
    window.ctx.db.close()


def test_held_lock_is_reported_in_the_message(office_path, shown):
    lock = InstanceLock(office_path)
    lock.acquire(instance_lock.Holder("lethimai", "MAY-XA-2", 7, "2026-11-03T08:15:00+07:00"))
    try:
        assert startup.prepare(office_path) is None
        assert "lethimai" in shown[-1][2] and "MAY-XA-2" in shown[-1][2]
    finally:
        lock.release()


def test_the_menu_follows_the_role_of_who_signs_in(qtbot, ctx):
    from desktop.core import accounts
    from desktop.core.session import Role

    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", "mat-khau-dai")
    accounts.create_account(ctx.db, "xem", "Phạm Văn Xem", Role.VIEWER, "mat-khau-dai")
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, "mat-khau-dai")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    to_usb = window.findChild(type(window.menuBar().actions()[0]), "backup_to_usb")
    from_backup = window.findChild(type(to_usb), "restore_backup")
    assert to_usb.isEnabled() and from_backup.isEnabled()
    for username, usb, restore_ in (("xem", False, False), ("mai", True, False)):
        accounts.authenticate(ctx.db, username, "mat-khau-dai")
        ctx.notify_actor_changed()
        assert (to_usb.isEnabled(), from_backup.isEnabled()) == (usb, restore_), username


def test_the_daily_backup_runs_off_the_gui_thread(qtbot, office_path, monkeypatch):
    """Copying and verifying a large commune takes seconds: the window must stay responsive."""
    threads = []
    real = backup.backup_at_start

    def recording(db, path, **kwargs):
        threads.append(threading.current_thread())
        return real(db, path, **kwargs)

    monkeypatch.setattr(backup, "backup_at_start", recording)
    safe = startup.prepare(office_path)
    window = MainWindow(AppContext(open_database(office_path), office_path))
    qtbot.addWidget(window)
    safe.attach(window)
    qtbot.waitUntil(lambda: len(backup.automatic_backups(office_path)) == 1)
    safe.finish()
    assert threads and threads[0] is not threading.main_thread()
    window.ctx.db.close()


def test_a_disk_io_error_at_the_start_up_check_is_not_called_damage(
    qtbot, office_path, monkeypatch, shown
):
    """Antivirus holding the -wal while the start-up check reads: the file is not damaged, so
    no backup is offered to replace it; the officer is told what the machine did."""

    def held(path):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHORT_READ
        raise error

    monkeypatch.setattr(connections, "read_only_connection", held)
    offered = []
    monkeypatch.setattr(
        DamagedDatabaseDialog, "ask", staticmethod(lambda *a: offered.append(a) or (None, None))
    )
    before = office_path.read_bytes()
    safe = startup.prepare(office_path)
    assert build_main_window(office_path, sign_in=False, safe=safe) is None
    safe.finish()
    assert offered == []
    assert shown[-1][0] == "critical" and "diệt virus" in shown[-1][2]
    assert office_path.read_bytes() == before
