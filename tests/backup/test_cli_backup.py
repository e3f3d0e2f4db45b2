"""`antq-desk backup`, `restore` and the file status lines of `check`."""

from __future__ import annotations

import pytest

from db import open_database
from desktop.cli import commands as cli
from desktop.core import office
from desktop.core.storage import backup, instance_lock
from desktop.core.storage.instance_lock import InstanceLock
from tests.backup.conftest import add_people, damage, person_count


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ANTQ_LANG", "vi")


def _main(office_path, *args: str) -> int:
    return cli.main(["--db", str(office_path), *args])


def test_backup_to_a_folder_and_automatic(office_path, tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    assert _main(office_path, "backup", "--to", str(usb)) == 0
    out = capsys.readouterr().out
    written = list(usb.iterdir())
    assert len(written) == 1 and str(written[0]) in out
    assert "Đã sao lưu và kiểm tra" in out and "Số người tham gia: 3" in out
    assert _main(office_path, "backup") == 0
    assert len(backup.automatic_backups(office_path)) == 1


def test_backup_to_a_missing_usb_is_a_clear_message(office_path, tmp_path, capsys):
    assert _main(office_path, "backup", "--to", str(tmp_path / "E")) == 2
    assert "Hãy cắm USB" in capsys.readouterr().err


def test_restore_describes_first_and_needs_yes(office_path, tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    _main(office_path, "backup", "--to", str(usb))
    db = open_database(office_path)
    add_people(db, ["Phạm Thị Dung"])
    db.close()
    (copy,) = usb.iterdir()
    capsys.readouterr()
    assert _main(office_path, "restore", str(copy)) == 1
    out = capsys.readouterr().out
    assert "Sao lưu lúc:" in out and "Số người tham gia: 3" in out and "Chưa khôi phục" in out
    db = open_database(office_path)
    assert person_count(db) == 4
    db.close()
    assert _main(office_path, "restore", str(copy), "--yes") == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    db = open_database(office_path)
    try:
        assert person_count(db) == 3 and office.device_epoch(db) == 2
    finally:
        db.close()


def test_restore_is_refused_while_a_window_has_the_database(office_path, tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    _main(office_path, "backup", "--to", str(usb))
    (copy,) = usb.iterdir()
    holder = instance_lock.Holder("lethimai", "MAY-XA", 1, "2026-11-03T08:00:00+07:00")
    lock = InstanceLock(office_path)
    lock.acquire(holder)
    try:
        assert _main(office_path, "restore", str(copy), "--yes") == 2
        assert "lethimai" in capsys.readouterr().err
    finally:
        lock.release()


def test_restore_of_a_damaged_database(office_path, tmp_path, capsys):
    _main(office_path, "backup")
    (taken,) = backup.automatic_backups(office_path)
    office_path.write_bytes(b"not a database any more" * 500)
    assert _main(office_path, "restore", str(taken.path), "--yes") == 0
    db = open_database(office_path)
    try:
        assert person_count(db) == 3
    finally:
        db.close()


def test_check_reports_the_place_and_the_holder(office_path, capsys):
    assert _main(office_path, "check") == 0
    out = capsys.readouterr().out
    assert "ổ đĩa trong máy (đạt)" in out and "không có cửa sổ ANTQ Desk nào" in out
    with InstanceLock(office_path):
        assert _main(office_path, "check") == 0
        assert "Đang mở bởi:" in capsys.readouterr().out
    damage(office_path)
    assert _main(office_path, "check") == 1
