"""Writing synced rows: every row gets a uid, its unit's code, a rev and timestamps.

The rules of DESIGN.md §2 live here once: a row is born with rev 1, every edit raises rev by
one (a trigger refuses an update that does not), and deletion is a tombstone, never a DELETE,
so the deletion can travel to the province. Every write is noted in the audit action around it
(`desktop.core.audit`); a write with no action around it raises.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from desktop.core import audit
from desktop.core.errors import NotFound

if TYPE_CHECKING:
    import sqlite_utils


def now_iso() -> str:
    """The current UTC time, for information only: no merge decision reads it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_uid() -> str:
    return str(uuid.uuid4())


def self_unit_code(db: sqlite_utils.Database) -> str:
    row = db.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()
    if row is None:
        raise RuntimeError("the office is not set up: no unit with is_self = 1")
    return row[0]


def insert(db: sqlite_utils.Database, table: str, values: dict[str, Any]) -> str:
    """Insert a new synced row owned by this office; returns its uid."""
    stamp = now_iso()
    row = {
        "uid": new_uid(),
        "unit_code": self_unit_code(db),
        "rev": 1,
        "created_at": stamp,
        "updated_at": stamp,
        **values,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    audit.note_create(db, table, row["uid"], row)
    return row["uid"]


def insert_many(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> list[str]:
    """Insert many new synced rows with the same columns in one statement; their uids, in
    order (a row may bring its own "uid"). Each row is noted in the audit action around the
    call, as `insert` notes one."""
    if not rows:
        return []
    stamp, unit = now_iso(), self_unit_code(db)
    full = [
        {
            "uid": values.get("uid") or new_uid(),
            "unit_code": unit,
            "rev": 1,
            "created_at": stamp,
            "updated_at": stamp,
            **values,
        }
        for values in rows
    ]
    columns = list(full[0])
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        ([row[c] for c in columns] for row in full),
    )
    audit.note_creates(db, table, full)
    return [row["uid"] for row in full]


def update(db: sqlite_utils.Database, table: str, uid: str, values: dict[str, Any]) -> None:
    """Change a live row and raise its rev; NotFound if it is gone or tombstoned."""
    before = _live_row(db, table, uid) if audit.wants_before(db, table) else {}
    assignments = ", ".join(f"{column} = ?" for column in values)
    cursor = db.conn.execute(
        f"UPDATE {table} SET {assignments}, rev = rev + 1, updated_at = ? "
        "WHERE uid = ? AND deleted_at IS NULL",
        [*values.values(), now_iso(), uid],
    )
    if cursor.rowcount == 0:
        raise NotFound(table, uid)
    audit.note_edit(db, table, uid, before, values)


def tombstone(db: sqlite_utils.Database, table: str, uid: str) -> None:
    """Mark a live row deleted; it stays in the table so the deletion can be sent on."""
    before = _live_row(db, table, uid) if audit.wants_before(db, table) else {}
    stamp = now_iso()
    cursor = db.conn.execute(
        f"UPDATE {table} SET deleted_at = ?, updated_at = ?, rev = rev + 1 "
        "WHERE uid = ? AND deleted_at IS NULL",
        [stamp, stamp, uid],
    )
    if cursor.rowcount == 0:
        raise NotFound(table, uid)
    audit.note_delete(db, table, uid, before)


def restore(db: sqlite_utils.Database, table: str, uid: str, values: dict[str, Any]) -> None:
    """Bring a tombstoned row back to life with `values`, raising its rev like any edit."""
    before = db.conn.execute(f"SELECT * FROM {table} WHERE uid = ?", [uid]).fetchone()
    if before is None:
        raise NotFound(table, uid)
    assignments = "".join(f", {column} = ?" for column in values)
    db.conn.execute(
        f"UPDATE {table} SET deleted_at = NULL{assignments}, rev = rev + 1, updated_at = ? "
        "WHERE uid = ?",
        [*values.values(), now_iso(), uid],
    )
    audit.note_edit(db, table, uid, dict(before), {"deleted_at": None, **values})


def tombstone_where(db: sqlite_utils.Database, table: str, where: str, params: list) -> int:
    """Tombstone every live row matching `where`; returns how many."""
    doomed = []
    if audit.wants_before(db, table):
        doomed = db.conn.execute(
            f"SELECT * FROM {table} WHERE deleted_at IS NULL AND ({where})", params
        ).fetchall()
    stamp = now_iso()
    cursor = db.conn.execute(
        f"UPDATE {table} SET deleted_at = ?, updated_at = ?, rev = rev + 1 "
        f"WHERE deleted_at IS NULL AND ({where})",
        [stamp, stamp, *params],
    )
    for row in doomed:
        audit.note_delete(db, table, row["uid"], dict(row))
    return cursor.rowcount


def fetch(db: sqlite_utils.Database, table: str, uid: str) -> dict[str, Any]:
    """The live row with this uid as a dict; NotFound if it is gone."""
    row = _live_row(db, table, uid)
    if not row:
        raise NotFound(table, uid)
    return row


def _live_row(db: sqlite_utils.Database, table: str, uid: str) -> dict[str, Any]:
    row = db.conn.execute(
        f"SELECT * FROM {table} WHERE uid = ? AND deleted_at IS NULL", [uid]
    ).fetchone()
    return dict(row) if row else {}
