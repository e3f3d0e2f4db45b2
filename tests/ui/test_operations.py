"""Long work runs off the GUI thread one way: its own connection, progress, Cancel, errors shown."""

from __future__ import annotations

import gc
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from db import open_database
from desktop.core.errors import UserError
from desktop.ui import errors, operations
from desktop.ui.operations import Operation

pytestmark = pytest.mark.gui


@pytest.fixture
def file_db(tmp_path):
    path = tmp_path / "antq.sqlite3"
    database = open_database(path)
    database.conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    yield path, database
    database.close()


def _run(qtbot, operation: Operation) -> Operation:
    with qtbot.waitSignal(operation.ended, timeout=10_000):
        operation.start()
    assert operation.done and operation.worker.isFinished()
    return operation


def test_the_work_reads_on_a_connection_of_its_own_that_cannot_write(qtbot, file_db):
    path, window_db = file_db
    seen = {}

    def work(job):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        seen["same"] = job.db is window_db
        with pytest.raises(sqlite3.OperationalError):
            job.db.conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        return job.db.conn.execute("SELECT value FROM meta WHERE key = 'k'").fetchone()[0]

    got = []
    _run(qtbot, Operation(None, work, on_success=got.append, database=(path, window_db)))
    assert got == ["v"]
    assert seen == {"thread": True, "same": False}


def test_a_writing_job_writes_and_an_in_memory_database_is_shared(qtbot, file_db, db):
    path, window_db = file_db

    def write(job):
        with job.db.conn:
            job.db.conn.execute("INSERT INTO meta (key, value) VALUES ('w', '1')")

    _run(qtbot, Operation(None, write, database=(path, window_db), writes=True))
    assert window_db.conn.execute("SELECT value FROM meta WHERE key = 'w'").fetchone()[0] == "1"
    shared = []
    _run(qtbot, Operation(None, lambda job: shared.append(job.db is db), database=(None, db)))
    assert shared == [True]


def test_the_result_arrives_even_after_its_window_closed(qtbot):
    parent = QWidget()
    release = threading.Event()
    got = []
    operation = Operation(parent, lambda job: release.wait(5) and "xong", on_success=got.append)
    operation.start()
    parent.deleteLater()
    del parent
    qtbot.wait(50)
    assert operations.running() == 1
    with qtbot.waitSignal(operation.ended, timeout=10_000):
        release.set()
    assert got == ["xong"] and operations.running() == 0


def test_a_known_error_is_shown_in_vietnamese_and_a_bug_goes_to_the_crash_dialog(
    qtbot, monkeypatch
):
    shown, crashed = [], []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(operations.sys, "excepthook", lambda *args: crashed.append(args[1]))

    def refuse(job):
        raise UserError("Tệp không đọc được.", "bad file")

    _run(qtbot, Operation(None, refuse, on_success=pytest.fail))
    assert shown == ["Tệp không đọc được."] and crashed == []

    def bug(job):
        raise KeyError("oops")

    _run(qtbot, Operation(None, bug, on_success=pytest.fail))
    assert len(crashed) == 1 and isinstance(crashed[0], KeyError)


def test_progress_is_shown_and_cancel_stops_the_work_at_its_next_report(qtbot, monkeypatch):
    crashed = []
    monkeypatch.setattr(operations.sys, "excepthook", lambda *args: crashed.append(args[1]))
    reached = []

    def work(job):
        for step in range(1, 10_000):
            job.report(step, 10_000, f"Gói {step}")
            reached.append(step)
            threading.Event().wait(0.002)
        return "all"

    parent = QWidget()
    qtbot.addWidget(parent)
    operation = Operation(
        parent, work, on_success=pytest.fail, busy_text="Đang nhập…", cancellable=True
    )
    operation.start()
    qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.value() > 0)
    assert operation.dialog.labelText().startswith("Gói ")
    button = operation.dialog.findChild(QPushButton)
    assert button.text() == "Hủy"
    with qtbot.waitSignal(operation.ended, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert isinstance(operation.error, operations.Cancelled)
    assert 0 < len(reached) < 9_999 and crashed == []
    assert operation.dialog is None


def test_no_cyclic_collection_on_a_worker_while_it_runs(qtbot):
    enabled_during = []
    assert gc.isenabled()
    _run(qtbot, Operation(None, lambda job: enabled_during.append(gc.isenabled())))
    assert enabled_during == [False]
    assert gc.isenabled()


def test_a_busy_dialog_whose_window_closed_does_not_break_the_delivery(qtbot):
    parent = QWidget()
    release = threading.Event()
    got = []
    operation = Operation(
        parent, lambda job: release.wait(5) and 7, on_success=got.append, busy_text="Đang lưu…"
    )
    operation.start()
    parent.deleteLater()
    qtbot.wait(50)
    with qtbot.waitSignal(operation.ended, timeout=10_000):
        release.set()
    assert got == [7] and operation.dialog is None


def test_a_job_acts_for_the_account_signed_in_to_the_window(qtbot, file_db):
    """A write of a job is audited as the officer's: its own connection carries the sign-in."""
    from desktop.core import accounts, session

    path, database = file_db
    admin = accounts.create_first_admin(database, "admin", "Trần Văn Hùng", "mat-khau-dai")
    seen = []
    work = lambda job: seen.append(session.current(job.db))  # noqa: E731
    _run(qtbot, Operation(None, work, database=(path, database), writes=True))
    _run(qtbot, Operation(None, work, database=(path, database)))
    session.sign_out(database)
    _run(qtbot, Operation(None, work, database=(path, database), writes=True))
    assert seen == [admin, admin, None]  # nobody signed in: a write is refused, never anonymous


def test_the_busy_dialog_shows_however_the_work_reports(qtbot):
    """Modal while the work runs, so the officer starts nothing else on the database; half
    done at once and then quiet (QProgressDialog then guessed it would end soon, never showed)."""
    release = threading.Event()
    window = QWidget()
    qtbot.addWidget(window)
    window.show()

    def work(job) -> None:
        for done in (1, 2, 3):
            job.report(done, 6)
        release.wait(10)

    operation = Operation(window, work, busy_text="Đang sao lưu…").start()
    try:
        shown = lambda: operation.dialog is not None and operation.dialog.isVisible()  # noqa: E731
        qtbot.waitUntil(shown, timeout=1500)  # not seconds after the click
        assert operation.dialog.isModal() and operation.dialog.labelText() == "Đang sao lưu…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: operation.done)
    assert operation.dialog is None


def test_a_reading_job_gets_rows_by_name_as_the_window_does(qtbot, file_db):
    """Core services read rows by column name (records.fetch): on a job's read-only connection
    too, or every report of a real office's file failed where the in-memory tests passed."""
    path, window_db = file_db
    got = []
    _run(
        qtbot,
        Operation(
            None,
            lambda job: dict(job.db.conn.execute("SELECT key, value FROM meta").fetchone()),
            on_success=got.append,
            database=(path, window_db),
        ),
    )
    assert got and set(got[0]) == {"key", "value"}


def test_the_progress_dialog_going_while_it_updates_is_not_a_crash(qtbot, monkeypatch):
    """A modal QProgressDialog processes events inside setValue: the operation may finish there
    and let its dialog go before the update has finished (seen drawing the guide's
    province screenshots: 'NoneType' object has no attribute 'setLabelText')."""
    release = threading.Event()

    def work(job):
        job.show(1, 2, "Đang mở khóa…")
        release.wait(5)
        return "done"

    parent = QWidget()
    qtbot.addWidget(parent)
    operation = Operation(parent, work, busy_text="Đang nhập…", cancellable=True)
    operation.start()
    qtbot.waitUntil(lambda: operation.job._reported.is_set())
    dialog = operation.dialog
    real_set_value = dialog.setValue

    def set_value_that_finishes(value):  # what processEvents inside setValue can do
        real_set_value(value)
        operation.dialog = None

    monkeypatch.setattr(dialog, "setValue", set_value_that_finishes)
    operation._show_progress()  # raised AttributeError before
    assert dialog.labelText() == "Đang mở khóa…"
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)
