"""kill -9 at random points of an import: the file stays sound, the bundle is wholly in or wholly
absent, and importing it again works."""

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
    command = [sys.executable, "-m", "desktop.cli", "--db", str(prov.path), "import"]
    command += ["--escrow-identity", str(escrow), str(bundle)]
    rng = random.Random(9)
    outcomes = set()
    for _attempt in range(10):
        prov.path.write_bytes(pristine)
        for suffix in ("-wal", "-shm"):
            Path(f"{prov.path}{suffix}").unlink(missing_ok=True)
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))  # start-up, decryption, merge, commit
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        integrity, bundles, rows = _state(prov.path)
        assert integrity == "ok"
        assert (bundles, rows) in ((0, 0), (1, people)), "a bundle got in half-way"
        outcomes.add(bundles)
        db = open_database(prov.path)
        try:
            again = importer.import_bundle(db, bundle.read_bytes(), [prov.escrow_identity])
            assert again.status in (importer.IMPORTED, importer.DUPLICATE)
        finally:
            db.close()
        assert _state(prov.path)[1:] == (1, people)
    prov.reopen()
    print("outcomes seen:", outcomes)
