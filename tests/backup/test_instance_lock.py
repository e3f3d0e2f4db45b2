"""One window per database; a second start names who holds it; a crash never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from desktop.core.storage import instance_lock
from desktop.core.storage.instance_lock import DatabaseInUse, Holder, InstanceLock

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
HOLDER = Holder("lethimai", "MAY-CONG-AN-XA", 4242, "2026-11-03T08:15:00+07:00")


def test_a_second_lock_is_refused_with_who_and_since_when(tmp_path):
    db_path = tmp_path / "antq-desk.sqlite3"
    first = InstanceLock(db_path)
    first.acquire(HOLDER)
    try:
        with pytest.raises(DatabaseInUse) as raised:
            InstanceLock(db_path).acquire()
        message = str(raised.value)
        assert "lethimai" in message and "MAY-CONG-AN-XA" in message
        assert HOLDER.since_text() in message
        assert instance_lock.current_holder(db_path) == HOLDER
    finally:
        first.release()
    assert instance_lock.current_holder(db_path) is None
    with InstanceLock(db_path) as again:
        assert again.held
        assert instance_lock.read_holder(db_path).pid == os.getpid()


def _hold_in_child(db_path):
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from desktop.core.storage.instance_lock import InstanceLock
        InstanceLock(Path({str(db_path)!r})).acquire()
        print("held", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "held"
    return child


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL")
def test_a_killed_holder_leaves_a_stale_record_that_does_not_block(tmp_path):
    db_path = tmp_path / "antq-desk.sqlite3"
    child = _hold_in_child(db_path)
    try:
        with pytest.raises(DatabaseInUse) as raised:
            InstanceLock(db_path).acquire()
        assert raised.value.holder.pid == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert instance_lock.read_holder(db_path).pid == child.pid  # the stale record is still there
    lock = InstanceLock(db_path)
    lock.acquire()
    assert instance_lock.read_holder(db_path).pid == os.getpid()
    lock.release()
    assert not instance_lock.info_path(db_path).exists()


def test_a_held_lock_without_a_record_still_refuses(tmp_path):
    db_path = tmp_path / "antq-desk.sqlite3"
    first = InstanceLock(db_path)
    first.acquire(HOLDER)
    instance_lock.info_path(db_path).unlink()
    try:
        with pytest.raises(DatabaseInUse, match="một cửa sổ ANTQ Desk khác"):
            InstanceLock(db_path).acquire()
    finally:
        first.release()


def test_a_holder_record_antivirus_keeps_holding_lets_the_lock_go(tmp_path, monkeypatch):
    """Windows: the old `.lock-info` held by another program (winerror 32) past the retries.
    The start is refused with a message, and the lock is not left taken by this process."""
    from desktop.core.errors import UserError
    from desktop.core.storage import durable

    def held(source, target, **kwargs):
        error = PermissionError(13, "The process cannot access the file")
        error.winerror = 32
        raise error

    monkeypatch.setattr(durable, "_pause", lambda seconds: None)
    db_path = tmp_path / "antq-desk.sqlite3"
    instance_lock.info_path(db_path).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(os, "replace", held)
    lock = InstanceLock(db_path)
    with pytest.raises(UserError, match="đang mở trong chương trình khác"):
        lock.acquire()
    assert not lock.held
    monkeypatch.undo()
    second = InstanceLock(db_path)
    second.acquire()  # nothing left locked by the failed attempt
    second.release()
