"""Killed at random points (SIGKILL), a writer loses nothing it was told was committed.

A child process saves people through the real core service in a loop and prints each uid once
`create_person` has returned (the commit is done). The parent kills it at a random moment, many
times; after each kill every printed person is in the database with its change-log entry, and
SQLite's integrity check passes. The same for automatic backups: a kill never leaves a backup
file that looks complete but is not.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from db import open_database
from desktop.core.storage import backup, health

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL is POSIX"),
]

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20

WRITER = textwrap.dedent(
    """
    import sys
    from db import open_database
    from desktop.core import people
    db = open_database(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        uid = people.create_person(db, people.PersonInput(full_name=f"Người thử {sys.argv[2]} {n}"))
        print(uid, flush=True)
    """
)

BACKER = textwrap.dedent(
    """
    import sys, datetime as dt
    from db import open_database
    from desktop.core.storage import backup
    db = open_database(sys.argv[1])
    print("ready", flush=True)
    start = dt.datetime(2026, 1, 1, 8).astimezone() + dt.timedelta(days=int(sys.argv[2]) * 100)
    for n in range(10_000):
        info = backup.automatic_backup(db, sys.argv[1], now=start + dt.timedelta(days=n))
        print(info.path.name, flush=True)
    """
)


def _run_and_kill(script: str, args: list[str], rng: random.Random) -> list[str]:
    """Start the child, let it work for a random moment, SIGKILL it; the lines it printed."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    time.sleep(rng.uniform(0.0, 0.25))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    return [line for line in out.splitlines() if line]


def test_committed_people_survive_sigkill(office_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    committed: list[str] = []
    for round_number in range(ROUNDS):
        committed += _run_and_kill(WRITER, [str(office_path), str(round_number)], rng)
        db = open_database(office_path)
        try:
            live = {row[0] for row in db.conn.execute("SELECT uid FROM person")}
            missing = [uid for uid in committed if uid not in live]
            assert not missing, f"seed {seed}, round {round_number}: lost {missing[:3]}"
            logged = {
                row[0]
                for row in db.conn.execute(
                    "SELECT uid FROM change_log WHERE tbl = 'person' AND op = 'I' AND rev = 1"
                )
            }
            assert set(committed) <= logged, f"seed {seed}: change log incomplete"
            report = health.check(db)
            assert report.ok, f"seed {seed}, round {round_number}: {report}"
        finally:
            db.close()
    assert len(committed) > ROUNDS  # the children did write between the kills
    print(f"{len(committed)} people committed in {ROUNDS} kills (seed {seed})")


def test_a_killed_backup_leaves_no_complete_looking_file(office_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for round_number in range(4):
        written = _run_and_kill(BACKER, [str(office_path), str(round_number)], rng)
        files = backup.automatic_backups(office_path)
        for item in files:
            backup.describe(item.path)  # raises if a file that looks complete is not sound
        if written:
            assert written[-1] in {item.path.name for item in files}, f"seed {seed}"
    backup.rotate(office_path)
    leftovers = [p for p in backup.backup_folder(office_path).iterdir() if p.name.endswith(".part")]
    assert leftovers == []
