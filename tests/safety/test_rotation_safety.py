"""Rotation never deletes the last backup holding the office's data; automatic backups and what
rotation removed are audit entries.

Reproduces: after seven daily backups of an emptied file, rotation deleted the last good one.
"""

from __future__ import annotations

import datetime as dt
import json

from db import open_database
from desktop.cli.commands import EXIT_OK, main
from desktop.core import accounts, people
from desktop.core.storage import backup
from tests.safety.conftest import ADMIN, PASSWORD


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 11, n, 8, 0)  # 2 November 2026 is a Monday


def test_a_sudden_drop_keeps_the_older_full_backup_and_warns(office_file):
    db = open_database(office_file)
    try:
        accounts.authenticate(db, ADMIN, PASSWORD)
        uids = [office_file.uids["an"], office_file.uids["binh"]]
        uids += [
            people.create_person(db, people.PersonInput(full_name=f"Người {n}")) for n in range(10)
        ]
        full = backup.automatic_backup(db, office_file, now=day(2))
        for uid in uids:  # the register emptied (by mistake, or by someone)
            people.delete_person(db, uid)
        warnings = [
            backup.automatic_backup(db, office_file, now=day(n)).warning for n in range(3, 11)
        ]
    finally:
        db.close()
    names = {item.path.name for item in backup.automatic_backups(office_file)}
    assert full.path.name in names  # rotation alone would have deleted it (2 Nov)
    assert backup.automatic_name(office_file, day(3)) not in names
    assert full.path.name in warnings[-1] and "ít bản ghi hơn hẳn" in warnings[-1]


def test_an_ordinary_rotation_still_deletes_and_warns_of_nothing(office_file):
    db = open_database(office_file)
    try:
        infos = [backup.automatic_backup(db, office_file, now=day(n)) for n in range(2, 11)]
    finally:
        db.close()
    assert not infos[-1].warning
    names = {item.path.name for item in backup.automatic_backups(office_file)}
    assert infos[0].path.name not in names and len(names) == 7


def test_held_back_picks_the_newest_backup_holding_the_data():
    files = [backup.BackupFile(backup.Path(f"b{n}"), day(n)) for n in range(2, 11)]
    counts = {
        f"b{n}": c for n, c in zip(range(2, 11), [1500, 1490, 3, 3, 3, 3, 3, 3, 3], strict=True)
    }
    kept, doomed = files[2:], files[:2]
    held = backup.held_back(kept, doomed, count=lambda path: counts[str(path)])
    assert held is not None and held.path.name == "b3"
    counts.update({f"b{n}": 1400 for n in range(4, 11)})
    assert backup.held_back(kept, doomed, count=lambda path: counts[str(path)]) is None


def test_automatic_backups_and_rotations_are_audit_entries(office_file, capsys):
    db = open_database(office_file)
    try:
        for n in range(2, 10):
            backup.automatic_backup(db, office_file, now=day(n))
        rows = db.conn.execute(
            "SELECT actor, subject, detail FROM audit WHERE kind = 'backup.auto' ORDER BY id"
        ).fetchall()
    finally:
        db.close()
    assert [row[1] for row in rows] == [
        backup.automatic_name(office_file, day(n)) for n in range(2, 10)
    ]
    assert json.loads(rows[-1][2])["removed"] == [backup.automatic_name(office_file, day(2))]
    assert main(["--db", str(office_file), "backup"]) == EXIT_OK
    db = open_database(office_file)
    try:
        last = db.conn.execute("SELECT kind FROM audit ORDER BY id DESC").fetchone()[0]
    finally:
        db.close()
    assert last == "backup.auto"


def test_the_window_shows_rotations_warning_in_its_status_bar(qtbot, office_file, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    from desktop.ui import startup

    warning = backup.Rotation([], office_file).warning
    monkeypatch.setattr(
        backup,
        "backup_at_start",
        lambda db, path: backup.BackupInfo(
            office_file, None, 7, "", "", "", "", 1, {}, 0, warning=warning
        ),
    )
    safe = startup.prepare(office_file)
    window = QMainWindow()
    qtbot.addWidget(window)
    safe.window = window
    done = []
    daily = startup.daily_backup(window, office_file, None, done.append)
    qtbot.waitUntil(lambda: daily.done, timeout=10_000)
    safe._daily_backup_done(done[0])
    assert window.statusBar().currentMessage() == warning and "ít bản ghi hơn hẳn" in warning
    safe.finish()
