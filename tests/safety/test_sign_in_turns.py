"""Sign-in attempts take turns, across processes.

Reproduces: eight simultaneous wrong passwords from the command line were eight password
checks, each reading the failures before any was recorded; they are now one check and seven
refusals to wait.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from db import open_database
from desktop.core import accounts
from tests.safety.conftest import OFFICER

ROOT = Path(__file__).resolve().parents[2]
ATTEMPT = """
import sys, time
from desktop.cli.commands import main
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.005)
sys.exit(main(["--db", sys.argv[1], "--user", "can.bo", "backup"]))
"""


def test_eight_simultaneous_wrong_passwords_are_one_check_and_seven_waits(office_file):
    db = open_database(office_file)
    for _ in range(2):  # two free failures already: the next one earns a wait
        with contextlib.suppress(accounts.LoginRefused):
            accounts.authenticate(db, OFFICER, "sai-mat-khau")
    db.close()
    start = time.time() + 8  # every process has imported the program by then
    env = {**os.environ, "ANTQ_PASSWORD": "sai-mat-khau", "ANTQ_LANG": "vi"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", ATTEMPT, str(office_file), str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert all(run.returncode == 2 for run in runs), errors
    told_to_wait = [error for error in errors if "Hãy đợi" in error]
    wrong = [error for error in errors if "không đúng" in error]
    assert (len(wrong), len(told_to_wait)) == (1, 7), json.dumps(errors, ensure_ascii=False)
    conn = sqlite3.connect(office_file)
    try:
        checks = conn.execute(
            "SELECT COUNT(*) FROM audit WHERE kind = 'login.failed' AND actor = ?", [OFFICER]
        ).fetchone()[0]
        failed = conn.execute(
            "SELECT failed_count FROM account WHERE username = ?", [OFFICER]
        ).fetchone()[0]
    finally:
        conn.close()
    assert (checks, failed) == (3, 3)
