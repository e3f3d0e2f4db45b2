"""kill -9 during an import: the file stays sound, the bundle is wholly in or wholly absent, and
importing it again works.

One kill is certain to land inside the import's transaction: the child holds there (every row
merged and the bundle recorded, not yet committed) and says so before it is killed. The others
land at random points, start-up and decryption included.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import open_database
from desktop.core import demo
from desktop.core.sync import importer, keys, register, setup_file

ROOT = Path(__file__).resolve().parents[2]

# The import, with a pause inside its transaction after the bundle is recorded (a test seam).
_HOLD_INSIDE_THE_TRANSACTION = """
import sys, time
from pathlib import Path
from desktop.cli import main
from desktop.core.sync import importer

record = importer._record


def record_then_hold(*args, **kwargs):
    record(*args, **kwargs)
    Path(sys.argv[1]).write_text("inside", encoding="ascii")
    time.sleep(600)


importer._record = record_then_hold
sys.exit(main(sys.argv[2:]))
"""


def _state(path: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        bundles = conn.execute("SELECT COUNT(*) FROM bundle_in").fetchone()[0]
        rows = conn.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    finally:
        conn.close()
    return integrity, bundles, rows


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_import(tmp_path, prov, province_template):
    commune = open_database(tmp_path / "commune.sqlite3")
    demo.build_commune(commune, None, 2026, 5, 3000, 80)
    setup_file.load_setup_file(commune, prov.setup_path)
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    public = keys.signing_public(commune)
    register.enrol(prov.db, code, public)
    register.confirm(prov.db, code, keys.fingerprint(public))
    from desktop.core.sync import bundle_writer

    (tmp_path / "usb").mkdir()
    bundle = bundle_writer.export(commune, tmp_path / "usb")[0].path
    people = commune.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    commune.close()
    escrow = tmp_path / "escrow.txt"
    escrow.write_text(province_template[4].escrow_identity + "\n", encoding="ascii")
    prov.db.close()
    pristine = prov.path.read_bytes()
    arguments = ["--db", str(prov.path), "import", "--escrow-identity", str(escrow), str(bundle)]
    marker = tmp_path / "inside-the-transaction"

    def restart() -> None:
        prov.path.write_bytes(pristine)
        for suffix in ("-wal", "-shm"):
            Path(f"{prov.path}{suffix}").unlink(missing_ok=True)
        marker.unlink(missing_ok=True)

    def kill(child: subprocess.Popen) -> tuple[int, int]:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        integrity, bundles, rows = _state(prov.path)
        assert integrity == "ok"
        assert (bundles, rows) in ((0, 0), (1, people)), "a bundle got in half-way"
        db = open_database(prov.path)
        try:
            again = importer.import_bundle(db, bundle.read_bytes(), [prov.escrow_identity])
            assert again.status in (importer.IMPORTED, importer.DUPLICATE)
        finally:
            db.close()
        assert _state(prov.path)[1:] == (1, people)
        return bundles, rows

    # Certain: killed inside the transaction, every row merged; nothing of it may remain.
    restart()
    held = [sys.executable, "-c", _HOLD_INSIDE_THE_TRANSACTION, str(marker), *arguments]
    child = subprocess.Popen(held, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, "the import ended before it reached its transaction"
        assert time.monotonic() < deadline, "the import never reached its transaction"
        time.sleep(0.05)
    assert kill(child) == (0, 0)

    # Random: start-up, verification, decryption, merge or commit, wherever the kill lands.
    command = [sys.executable, "-m", "desktop.cli", *arguments]
    rng = random.Random(9)
    for _attempt in range(6):
        restart()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        kill(child)
    prov.reopen()
