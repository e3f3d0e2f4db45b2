"""SQLite's "disk I/O error" is an error of the machine with a message, not a crash.

On Windows antivirus holds the database's -wal or -shm for a moment, or a disk starts failing,
and SQLite answers SQLITE_IOERR (one of its extended codes). Linux cannot produce that on
demand, so the error is raised at the seams where SQLite would raise it.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

import pytest

from db import errors as db_errors
from db import transaction
from desktop.core.errors import user_message


def _disk_io_error(code: int = sqlite3.SQLITE_IOERR_SHORT_READ) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = code
    error.sqlite_errorname = "SQLITE_IOERR_SHORT_READ"
    return error


@pytest.mark.parametrize(
    "code",
    [sqlite3.SQLITE_IOERR, sqlite3.SQLITE_IOERR_SHORT_READ, sqlite3.SQLITE_IOERR_FSYNC, None],
)
def test_every_ioerr_code_is_a_known_disk_error(code):
    assert isinstance(db_errors.classify(_disk_io_error(code)), db_errors.DiskIOError)


def test_the_message_says_what_to_try():
    message = user_message(_disk_io_error())
    assert message is not None
    assert "diệt virus" in message and "ổ đĩa" in message and "antq-desk check" in message


def test_a_write_that_meets_it_raises_the_known_error(db):
    with pytest.raises(db_errors.DiskIOError), transaction(db):
        raise _disk_io_error()


def test_the_command_line_prints_it_and_exits_2(capsys):
    from desktop.cli import commands

    def read(args):
        raise _disk_io_error()

    assert commands._run_known(read, argparse.Namespace(command="report")) == 2
    assert "diệt virus" in capsys.readouterr().err


def test_the_window_shows_it_instead_of_the_crash_dialog(qtbot, tmp_path, monkeypatch):
    """A list fetching rows outside a guarded slot reaches the excepthook."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import errors as ui_errors

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(("warning", a[2])))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(("critical", a[2])))
    ui_errors.install_crash_handler(tmp_path / "antq-desk.log")
    error = _disk_io_error()
    sys.excepthook(type(error), error, None)
    assert len(shown) == 1
    kind, text = shown[0]
    assert kind == "warning" and "diệt virus" in text


class _HeldConnection:
    """A connection whose reads fail as SQLite's do while antivirus holds the -wal."""

    def execute(self, sql, *args):
        if sql.startswith("PRAGMA query_only"):
            raise AssertionError("writes were refused as if the file were damaged")
        raise _disk_io_error()


def test_the_integrity_checks_do_not_call_a_disk_io_error_damage():
    """Before an export the full check runs; damage would switch the file to read-only and send
    the officer to restore a backup. A disk I/O error is not damage."""
    from types import SimpleNamespace

    from desktop.core.storage import integrity

    held = SimpleNamespace(conn=_HeldConnection())
    for check in (integrity.quick_problems, integrity.full_problems, integrity.require_sound):
        with pytest.raises(db_errors.DiskIOError):
            check(held)
