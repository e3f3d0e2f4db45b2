"""The window writes nothing to a file before its start-up check's verdict.

Reproduces: signing in (even a failed attempt) wrote an audit entry into a file with a damaged
page, after which the damage dialog said "Chương trình không ghi gì vào tệp này"; a 0-byte file
beside its backups opened the first-run wizard and was made a new office; interrupted backups
left `.part` files behind.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.core.storage import backup, instance_lock
from desktop.ui import startup
from desktop.ui.app import build_main_window
from desktop.ui.dialogs.backup import DamagedChoice, DamagedDatabaseDialog
from desktop.ui.dialogs.sign_in import SignInDialog
from tests.safety.conftest import ADMIN, damage

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def trail(path) -> tuple[int, int]:
    """Audit entries, and the administrator's failed sign-ins, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        entries = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        failed = conn.execute(
            "SELECT failed_count FROM account WHERE username = ?", [ADMIN]
        ).fetchone()[0]
        return entries, failed
    finally:
        conn.close()


@pytest.fixture
def offered(monkeypatch):
    """The damage dialog's calls (the file, the backup offered); the officer quits there."""
    calls: list = []

    def ask(db_path, good, reason=""):
        calls.append((db_path, good, reason))
        return DamagedChoice.QUIT, None

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", staticmethod(ask))
    return calls


def _type_password_when_shown(password: str) -> list[SignInDialog]:
    seen: list[SignInDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        dialog.username.setText(ADMIN)
        dialog.password.setText(password)
        dialog.accept()

    QTimer.singleShot(0, poll)
    return seen


@pytest.mark.parametrize("password", ["sai-mat-khau", "mat-khau-dai-123"])
def test_a_sign_in_on_a_damaged_file_writes_nothing(qtbot, with_backups, offered, password):
    path = with_backups
    damage(path, "person")
    before = trail(path)
    safe = startup.prepare(path)
    assert safe is not None
    seen = _type_password_when_shown(password)
    assert build_main_window(path, safe=safe) is None  # the officer quit at the damage dialog
    safe.finish()
    assert seen, "the sign-in screen was shown"
    assert trail(path) == before  # no sign-in entry, no failure counted
    assert offered and offered[0][1] is not None  # the newest good backup was offered


def test_a_zero_byte_file_beside_backups_offers_the_backup_not_the_wizard(with_backups, offered):
    path = with_backups
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"")
    assert startup.prepare(path) is None  # the officer quit at the damage dialog
    assert offered and "trống" in offered[0][2] and "không phải văn phòng mới" in offered[0][2]
    assert offered[0][1] is not None and offered[0][1].office_code
    assert path.stat().st_size == 0
    assert instance_lock.current_holder(path) is None


def test_leftover_part_files_are_removed_at_the_next_start(office_file):
    folder = backup.backup_folder(office_file)
    folder.mkdir()
    leftovers = [
        folder / f".{office_file.stem}-20261130-080000.sqlite3.part",
        folder / ".restore-20261130-080000.sqlite3.part",
        office_file.parent / ".restore-20261130-090000.sqlite3.part",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half a copy")
    kept = folder / f"{office_file.stem}-20261130-080000.sqlite3"
    kept.write_bytes(b"a backup")
    safe = startup.prepare(office_file)
    assert safe is not None
    safe.finish()
    assert not any(leftover.exists() for leftover in leftovers)
    assert kept.exists()


def test_the_damage_dialog_says_why_an_emptied_file_is_damaged(qtbot, with_backups):
    from desktop.core.storage import verdict

    path = with_backups
    path.write_bytes(b"")
    reason = verdict.file_problems(path)[0]
    box = DamagedDatabaseDialog(path, None, reason=reason)
    qtbot.addWidget(box)
    assert reason in box.text() and "không ghi gì vào tệp này" in box.text()
    assert "SQLite phát hiện lỗi" not in box.text()


def test_the_window_signs_in_through_the_opening_sequence(qtbot, office_file, monkeypatch):
    """The sign-in screen checks the password with the sequence's own step, which refuses to
    run before a sound verdict: the window and a command sign in the same way."""
    from desktop.core.storage import opening
    from tests.safety.conftest import PASSWORD

    steps: list[str] = []
    real = opening.Opening.sign_in

    def sign_in(self, db, username, password):
        steps.append(username)
        assert self.verdict is not None, "signed in before the verdict"
        return real(self, db, username, password)

    monkeypatch.setattr(opening.Opening, "sign_in", sign_in)
    safe = startup.prepare(office_file)
    assert safe is not None
    seen = _type_password_when_shown(PASSWORD)
    window = build_main_window(office_file, safe=safe)
    assert window is not None and seen
    qtbot.addWidget(window)
    assert steps == [ADMIN]
    safe.finish()
    window.ctx.db.close()
