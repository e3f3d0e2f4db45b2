"""What the commune's sync page shows: bundles written, what is waiting, the last ack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import office
from desktop.core.sync.bundle_writer import acked_seq, short

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class WrittenRow:
    number: int
    epoch: int
    period: str
    seq_after: int
    seq_to: int
    rows: int
    size: int
    short_hash: str
    file_name: str
    created_at: str
    acked_at: str | None


@dataclass(frozen=True)
class SyncStatus:
    waiting_changes: int
    unacknowledged_changes: int
    last_ack_at: str | None
    bundles_written: int
    province_loaded: bool


def _changed_rows_after(db: sqlite_utils.Database, seq: int) -> int:
    row = db.conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT tbl, uid FROM change_log WHERE seq > ?)", [seq]
    ).fetchone()
    return row[0]


def status(db: sqlite_utils.Database) -> SyncStatus:
    """`waiting_changes`: rows changed since the last bundle written; `unacknowledged`: since
    the last acknowledgement (these go in the next export)."""
    device, epoch = office.device_id(db), office.device_epoch(db)
    last = db.conn.execute(
        "SELECT COALESCE(MAX(seq_to), 0), COUNT(*) FROM bundle_out WHERE device_id = ? "
        "AND epoch = ?",
        [device, epoch],
    ).fetchone()
    ack = db.conn.execute("SELECT MAX(imported_at) FROM ack_in").fetchone()[0]
    loaded = db.conn.execute("SELECT 1 FROM province_setup").fetchone() is not None
    return SyncStatus(
        _changed_rows_after(db, last[0]),
        _changed_rows_after(db, acked_seq(db)),
        ack,
        last[1],
        loaded,
    )


def count_written(db: sqlite_utils.Database) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM bundle_out").fetchone()[0]


def list_written(db: sqlite_utils.Database, offset: int = 0, limit: int = 100) -> list[WrittenRow]:
    rows = db.conn.execute(
        "SELECT number, epoch, period, seq_after, seq_to, row_count, size, bundle_hash, "
        "file_name, created_at, acked_at FROM bundle_out ORDER BY epoch DESC, number DESC "
        "LIMIT ? OFFSET ?",
        [limit, offset],
    )
    return [
        WrittenRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], short(r[7]), r[8], r[9], r[10])
        for r in rows
    ]
