"""Rotation keeps the newest backup of each of the last 7 days and of the last 4 ISO weeks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.core.storage import backup


def _file(day: dt.date, hour: int = 8) -> backup.BackupFile:
    taken = dt.datetime.combine(day, dt.time(hour))
    return backup.BackupFile(Path(f"antq-desk-{taken:%Y%m%d-%H%M%S}.sqlite3"), taken)


def _kept(files: list[backup.BackupFile]) -> list[str]:
    gone = {item.path for item in backup.backups_to_delete(files)}
    return sorted(str(item.taken) for item in files if item.path not in gone)


def test_sixty_days_of_daily_backups_keep_seven_days_and_four_weeks():
    start = dt.date(2026, 9, 1)  # a Tuesday
    files = [_file(start + dt.timedelta(days=n)) for n in range(60)]  # to Friday 30 October
    kept = _kept(files)
    last_seven = [f"2026-10-{day} 08:00:00" for day in range(24, 31)]
    # Sundays close ISO weeks; the week of 26-30 October is the newest (kept by its Friday).
    week_ends = ["2026-10-11 08:00:00", "2026-10-18 08:00:00", "2026-10-25 08:00:00"]
    assert kept == sorted(set(last_seven + week_ends))


def test_several_backups_a_day_keep_the_newest_of_each_day():
    day = dt.date(2026, 11, 2)
    files = [_file(day, hour) for hour in (7, 12, 17)] + [_file(day - dt.timedelta(days=1), 9)]
    assert _kept(files) == ["2026-11-01 09:00:00", "2026-11-02 17:00:00"]


def test_days_are_counted_among_backups_not_back_from_today():
    # The PC was off for months: the last copies stay, whatever today's date is.
    files = [_file(dt.date(2025, 1, 6) + dt.timedelta(days=n)) for n in range(3)]
    assert len(_kept(files)) == 3


def test_rotate_deletes_files_and_leftovers_but_not_the_before_restore_copy(tmp_path):
    db_path = tmp_path / "antq-desk.sqlite3"
    folder = backup.backup_folder(db_path)
    folder.mkdir()
    start = dt.datetime(2026, 10, 1, 8)
    for n in range(20):
        (folder / backup.automatic_name(db_path, start + dt.timedelta(days=n))).write_bytes(b"x")
    kept_aside = folder / backup.before_restore_name(db_path, start)
    kept_aside.write_bytes(b"x")
    leftover = folder / ".antq-desk-20261001-080000.sqlite3.part"
    leftover.write_bytes(b"half")
    someone_elses = folder / "notes.txt"
    someone_elses.write_text("mine")
    removed = backup.rotate(db_path)
    assert len(removed) == 20 - 9  # 7 days + 2 older week ends (4, 11 October)
    remaining = sorted(p.name for p in folder.iterdir())
    assert kept_aside.name in remaining and someone_elses.name in remaining
    assert leftover.name not in remaining
    assert len(backup.automatic_backups(db_path)) == 9
