"""A kill -9 in the middle of an import leaves the bundle wholly in or wholly absent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import open_database
from desktop.core.bundles import export, importer

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
import pyrage
from db import open_database
from desktop.core.bundles import importer

slow = importer._merge_row
def merge_row(*args, **kwargs):
    time.sleep(0.002)  # stretch the transaction so the kill lands inside it
    return slow(*args, **kwargs)
importer._merge_row = merge_row
db = open_database(sys.argv[1])
identity = pyrage.x25519.Identity.from_str(sys.argv[3])
print("started", flush=True)
importer.import_file(db, sys.argv[2], identity, dry_run=False)
print("done", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")
def test_kill_during_import_then_import_again(offices):
    bundle = export.export(offices.a, offices.usb)[0]
    path, code = offices.paths["province"], offices.codes["a"]
    offices.province.close()
    pristine = path.read_bytes()
    rng = random.Random(3)
    outcomes = set()
    for _attempt in range(4):
        for suffix in ("-wal", "-shm"):  # the last attempt's journal belongs to its file
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.write_bytes(pristine)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(bundle.path), str(offices.identity)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        assert child.stdout.readline().strip() == b"started"
        time.sleep(rng.uniform(0.05, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        db = open_database(path)
        try:
            assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            received = db.conn.execute("SELECT COUNT(*) FROM bundles_in").fetchone()[0]
            rows = db.conn.execute("SELECT COUNT(*) FROM person WHERE unit_code = ?", [code])
            people = rows.fetchone()[0]
            assert (received, people) in {(0, 0), (1, 40)}
            outcomes.add(received)
        finally:
            db.close()
    assert 0 in outcomes, "no kill landed inside the import"
    db = open_database(path)
    try:
        result = importer.import_file(db, bundle.path, offices.identity, dry_run=False)
        assert result.status in {"imported", "duplicate"}
        rows = db.conn.execute("SELECT COUNT(*) FROM person WHERE unit_code = ?", [code])
        assert rows.fetchone()[0] == 40
    finally:
        db.close()
