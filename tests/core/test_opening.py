"""The opening sequence itself: each step refuses in its order, and nothing is written before
the verdict (desktop/core/storage/opening.py).

Every refusal is checked against the file's bytes (and its -wal) before and after, so a step
that wrote, however little, fails here; a sign-in that reached the audit trail fails too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from db import open_database
from desktop.core.storage import backup, instance_lock, integrity, opening
from desktop.core.storage.dblocation import Mount, Probe
from desktop.core.storage.opening import COMMAND, COMMAND_CREATES, COMMAND_READS, WINDOW, Step
from tests.backup.conftest import damage
from tests.safety.conftest import ADMIN, PASSWORD, make_office

FIXTURES = Path(__file__).resolve().parents[1] / "db" / "fixtures"


class Asked:
    """An Asker that records every question and answers with `password`."""

    def __init__(self, password: str = PASSWORD):
        self.questions: list[str] = []
        self.answer = password

    def password(self, username: str) -> str:
        self.questions.append(username)
        return self.answer


def state(path: Path) -> tuple[str, ...]:
    """The bytes of the file and of its -wal (a write may land in either; a reader may leave
    an empty -wal behind, which holds nothing)."""
    files = [path, path.with_name(path.name + "-wal")]
    return tuple(_bytes(f) if f.exists() and f.stat().st_size else "" for f in files)


def _bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@pytest.fixture
def office(tmp_path) -> Path:
    path = tmp_path / "data" / "antq-desk.sqlite3"
    make_office(path)
    return path


@pytest.fixture
def beside_backups(office) -> Path:
    db = open_database(office)
    backup.automatic_backup(db, office, now=dt.datetime(2026, 11, 30, 8, 0).astimezone())
    db.close()
    return office


def _usb(folder: Path) -> Probe:
    mounts = [Mount("/dev/sda1", "/", "ext4"), Mount("/dev/sdb1", str(folder), "vfat")]
    return Probe(
        platform="linux", mounts=lambda: mounts, removable_device=lambda d: d == "/dev/sdb1"
    )


def _windows_usb_stick() -> Probe:
    """A Windows PC where the data folder is really on E:, a removable drive."""
    return Probe(
        platform="win32",
        drive_type=lambda root: 2 if root.upper() == "E:\\" else 3,
        bus_type=lambda root: 0xB,
        volume_label=lambda root: "USB",
        realpath=lambda path: "E:\\du-lieu",
    )


def test_a_sound_file_opens_and_signs_in_after_the_verdict(office):
    asked = Asked()
    result = opening.open_office(office, COMMAND, username=ADMIN, asker=asked)
    assert isinstance(result, opening.Opened)
    try:
        assert result.actor is not None and result.actor.username == ADMIN
        assert asked.questions == [ADMIN]
    finally:
        result.close()


@pytest.mark.parametrize("password", ["sai-mat-khau", PASSWORD])
def test_a_damaged_page_is_refused_before_any_write_even_the_sign_in(office, password):
    damage(office, "person")
    before = state(office)
    asked = Asked(password)
    result = opening.open_office(office, COMMAND, username=ADMIN, asker=asked)
    assert isinstance(result, opening.Refusal)
    assert result.step is Step.VERDICT and result.damaged
    assert "bị hỏng" in result.message and "damaged database" in result.log_line
    assert asked.questions == []  # nobody was even asked for a password
    assert state(office) == before


def test_a_zero_byte_file_beside_its_backups_is_damaged_not_a_new_office(beside_backups):
    path = beside_backups
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"")
    for intent in (COMMAND, COMMAND_READS, COMMAND_CREATES, WINDOW):
        result = opening.open_office(path, intent, username=ADMIN, asker=Asked())
        assert isinstance(result, opening.Refusal), intent
        assert result.step is Step.VERDICT and "không phải văn phòng mới" in result.message
    assert path.stat().st_size == 0
    assert instance_lock.current_holder(path) is None  # the window's lock was let go


def test_a_zero_byte_file_without_backups_is_a_new_office_for_who_sets_one_up(tmp_path):
    path = tmp_path / "moi.sqlite3"
    path.write_bytes(b"")
    result = opening.open_office(path, COMMAND_CREATES)
    assert isinstance(result, opening.Opened)
    result.close()


def test_a_missing_file_is_refused_and_not_created_unless_an_office_is_set_up(tmp_path):
    path = tmp_path / "go-nham.sqlite3"
    result = opening.open_office(path, COMMAND)
    assert isinstance(result, opening.Refusal) and result.step is Step.LOOK
    assert "Không tìm thấy tệp dữ liệu" in result.message
    assert not path.exists()
    made = opening.open_office(path, COMMAND_CREATES)
    assert isinstance(made, opening.Opened)
    made.close()
    assert path.exists()


@pytest.mark.parametrize("probe", ["linux usb", "windows usb"])
def test_an_unsafe_place_is_refused_before_the_lock_is_taken(office, probe):
    machine = _usb(office.parent) if probe == "linux usb" else _windows_usb_stick()
    before = state(office)
    result = opening.open_office(office, WINDOW, probe=machine)
    assert isinstance(result, opening.Refusal) and result.step is Step.LOCATION
    assert "USB" in result.message
    assert not instance_lock.lock_path(office).exists()  # step 2 never ran
    assert state(office) == before
    reading = opening.open_office(office, COMMAND_READS, probe=machine)  # reading stays possible
    assert isinstance(reading, opening.Opened)
    reading.close()


def test_a_file_another_window_holds_is_refused_naming_who(office):
    holder = instance_lock.InstanceLock(office)
    holder.acquire(instance_lock.Holder("lethimai", "MAY-XA-2", 7, "2026-11-03T08:15:00+07:00"))
    before = state(office)
    try:
        result = opening.open_office(office, WINDOW)
        assert isinstance(result, opening.Refusal) and result.step is Step.LOCK
        assert "lethimai" in result.message and "MAY-XA-2" in result.message
        assert state(office) == before
        beside = opening.open_office(office, COMMAND)  # a command (a scheduled backup) runs
        assert isinstance(beside, opening.Opened)
        beside.close()
    finally:
        holder.release()


def test_leftovers_are_cleared_only_by_the_lock_holder(office):
    folder = backup.backup_folder(office)
    folder.mkdir()
    leftover = folder / f".{office.stem}-20261130-080000.sqlite3.part"
    leftover.write_bytes(b"the window's copy in progress")
    command = opening.open_office(office, COMMAND)
    assert isinstance(command, opening.Opened)
    command.close()
    assert leftover.exists()  # a command beside a window must not delete its copy
    window = opening.Opening(office, WINDOW)
    assert window.prepare() is None
    window.release()
    assert not leftover.exists()


def test_the_steps_that_write_refuse_to_run_before_a_sound_verdict(office):
    damage(office, "event")
    before = state(office)
    early = opening.Opening(office, COMMAND)
    assert early.prepare() is None  # the damaged page is not read before step 4
    with pytest.raises(opening.OutOfOrder):
        early.open_for_work()
    refusal = early.judge(early.check())
    assert refusal is not None and refusal.damaged
    with pytest.raises(opening.OutOfOrder):
        early.open_for_work()
    assert state(office) == before


def test_an_older_file_with_its_triggers_dropped_is_not_migrated(tmp_path):
    """Migrating writes: a file whose verdict fails keeps its schema version and its bytes."""
    path = tmp_path / "cu.sqlite3"
    shutil.copy(FIXTURES / "schema_v0005.sqlite3", path)
    conn = sqlite3.connect(path)
    trigger = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person' LIMIT 1"
    ).fetchone()[0]
    conn.execute(f"DROP TRIGGER {trigger}")
    conn.commit()
    conn.close()
    before = state(path)
    result = opening.open_office(path, COMMAND)
    assert isinstance(result, opening.Refusal) and result.damaged
    assert any(trigger in problem for problem in result.problems)
    assert state(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    conn.close()


def test_a_machine_that_refuses_the_check_is_not_called_damage(office, monkeypatch):
    """Antivirus holding the -wal while the check reads: the known message, no backup offer."""
    from desktop.core.storage import connections

    def held(path):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHORT_READ
        raise error

    monkeypatch.setattr(connections, "read_only_connection", held)
    before = state(office)
    result = opening.open_office(office, COMMAND)
    assert isinstance(result, opening.Refusal) and result.step is Step.VERDICT
    assert not result.damaged and "diệt virus" in result.message
    assert state(office) == before


def test_a_wrong_password_is_a_refusal_after_the_verdict(office):
    result = opening.open_office(office, COMMAND, username=ADMIN, asker=Asked("sai-mat-khau"))
    assert isinstance(result, opening.Refusal) and result.step is Step.SIGN_IN
    assert result.message and not result.damaged


def test_the_weekly_check_is_remembered_only_when_it_ran_clean(office):
    today = dt.date(2026, 12, 3)
    result = opening.open_office(office, WINDOW, today=today)
    assert isinstance(result, opening.Opened)
    try:
        assert integrity.last_full_check(result.db) == today
    finally:
        result.close()
    again = opening.Opening(office, COMMAND, today=today + dt.timedelta(days=1))
    assert again.prepare() is None
    assert again.check().full_ran is False  # a command runs the quick check only
