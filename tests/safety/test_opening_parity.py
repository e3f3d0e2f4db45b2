"""The window and a command refuse the same file at the same step, saying the same thing.

Both open through `desktop.core.storage.opening`; each case drives the window's start-up
(`startup.prepare`, `build_main_window`) and a writing command (`antq-desk backup`) on the same
file and compares what the officer is told, and that neither wrote a byte.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.cli import console
from desktop.cli.commands import EXIT_KNOWN_ERROR, main
from desktop.core.storage import connections
from desktop.core.storage.dblocation import Mount, Probe
from desktop.ui import startup
from desktop.ui.app import build_main_window
from tests.safety.conftest import OFFICER, PASSWORD, damage

FIXTURES = Path(__file__).resolve().parents[1] / "db" / "fixtures"

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)


@pytest.fixture
def window_told(monkeypatch) -> list[tuple[str, str]]:
    """What the window showed: ("critical", message) boxes and ("damaged", first problem)."""
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "critical",
        staticmethod(lambda parent, title, text: told.append(("critical", text))),
    )

    def offer(db_path, problems, reason=""):
        told.append(("damaged", problems[0]))
        return False  # the officer quits at the damage dialog

    monkeypatch.setattr(startup, "_offer_restore", offer)
    return told


def open_in_window(path, probe=None) -> None:
    safe = startup.prepare(path, probe=probe)
    if safe is None:
        return
    assert build_main_window(path, sign_in=False, safe=safe) is None
    safe.finish()


def command_error(path, capsys) -> str:
    assert main(["--db", str(path), "--user", OFFICER, "backup"]) == EXIT_KNOWN_ERROR
    return capsys.readouterr().err


def test_a_usb_folder(qtbot, office_file, window_told, monkeypatch, capsys):
    mounts = [Mount("/dev/sda1", "/", "ext4"), Mount("/dev/sdb1", str(office_file.parent), "vfat")]
    usb = Probe(
        platform="linux", mounts=lambda: mounts, removable_device=lambda d: d == "/dev/sdb1"
    )
    before = fingerprint(office_file)
    open_in_window(office_file, usb)
    monkeypatch.setattr(console, "LOCATION_PROBE", usb)
    err = command_error(office_file, capsys)
    [(kind, message)] = window_told
    assert kind == "critical" and "USB" in message and message in err
    assert fingerprint(office_file) == before


def test_a_damaged_page(qtbot, office_file, window_told, capsys):
    damage(office_file, "person")
    before = fingerprint(office_file)
    open_in_window(office_file)
    err = command_error(office_file, capsys)
    [(kind, problem)] = window_told
    assert kind == "damaged" and problem in err and "bị hỏng" in err
    assert fingerprint(office_file) == before


def test_a_zero_byte_file_beside_its_backups(qtbot, with_backups, window_told, capsys):
    path = with_backups
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"")
    open_in_window(path)
    err = command_error(path, capsys)
    [(kind, problem)] = window_told
    assert kind == "damaged" and "không phải văn phòng mới" in problem and problem in err
    assert path.stat().st_size == 0


def test_a_machine_refusing_the_check(qtbot, office_file, window_told, monkeypatch, capsys):
    def held(path):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHORT_READ
        raise error

    monkeypatch.setattr(connections, "read_only_connection", held)
    before = fingerprint(office_file)
    open_in_window(office_file)
    err = command_error(office_file, capsys)
    [(kind, message)] = window_told
    assert kind == "critical" and "diệt virus" in message and message in err
    assert fingerprint(office_file) == before


def test_an_older_file_with_a_trigger_dropped_is_migrated_by_neither(
    qtbot, tmp_path, window_told, capsys
):
    """Migrating is the first write: neither opener runs it before the verdict."""
    path = tmp_path / "cu.sqlite3"
    shutil.copy(FIXTURES / "schema_v0005.sqlite3", path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER person_log_update")
    conn.commit()
    conn.close()
    before = fingerprint(path)
    safe = startup.prepare(path)
    assert safe is not None and safe.opening.look is None  # older: no sign-in screen first
    assert build_main_window(path, safe=safe) is None
    safe.finish()
    err = command_error(path, capsys)
    [(kind, problem)] = window_told
    assert kind == "damaged" and "person_log_update" in problem and problem in err
    assert fingerprint(path) == before
