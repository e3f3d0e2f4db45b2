"""The large benchmark commune, generated once into bench/.data and reused while it is current."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from db import open_database
from desktop.core import demo, office

DATA_DIR = Path(__file__).resolve().parent / ".data"
LARGE_DB = DATA_DIR / "large.sqlite3"
PEOPLE, EVENTS, ATTENDANCE = 50_000, 5_000, 200_000
SEED = 1908
# Raise when the generator or its parameters change, so an old file is rebuilt.
GENERATOR_VERSION = f"1:{PEOPLE}:{EVENTS}:{ATTENDANCE}:{SEED}"
_VERSION_KEY = "bench_generator_version"


@dataclass(frozen=True)
class LargeData:
    path: Path
    generated_seconds: float | None  # None when an existing file was reused


def _current(path: Path) -> bool:
    if not path.exists():
        return False
    db = open_database(path)
    try:
        return office.get_meta(db, _VERSION_KEY) == GENERATOR_VERSION
    finally:
        db.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _generate(path: Path) -> float:
    """Write the large commune to a temporary file and rename it, so a half file never counts."""
    partial = path.with_suffix(".partial")
    _remove(partial)
    started = time.perf_counter()
    db = open_database(partial)
    # 200,000 rows with random uids: a larger page cache keeps the index pages in memory.
    db.conn.execute("PRAGMA cache_size = -131072")
    try:
        demo.generate_large_commune(db, PEOPLE, EVENTS, ATTENDANCE, SEED, today=dt.date.today())
        office.set_meta(db, _VERSION_KEY, GENERATOR_VERSION)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    elapsed = time.perf_counter() - started
    _remove(path)
    os.replace(partial, path)
    return elapsed


def large_database(regenerate: bool = False) -> LargeData:
    """The path of the large benchmark database, generating it if missing or out of date."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if not regenerate and _current(LARGE_DB):
        return LargeData(LARGE_DB, None)
    print(f"Generating the large commune into {LARGE_DB} …", flush=True)
    return LargeData(LARGE_DB, _generate(LARGE_DB))
