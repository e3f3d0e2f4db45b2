"""Rows the province holds that a commune no longer has: found by its full exports, decided by
the province officer.

After a restore at the commune (a backup older than its last bundles), records it sent and then
lost are still at the province. The first export of the new epoch is full; once all its parts
have arrived, every live row the province holds for the commune and the snapshot lacks is
listed here for a decision (keep it, or mark it deleted at the province) instead of being kept
silently. A row that a later snapshot carries again leaves the list by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.schema import SYNCED_TABLES
from desktop.core import audit, records
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.sync.manifest import Manifest

KEEP, REMOVE = "keep", "remove"


@dataclass(frozen=True)
class Orphan:
    id: int
    unit_code: str
    table: str
    uid: str
    found_at: str
    decision: str | None
    label: str  # the row's name or title, so the officer knows what it is


def note_snapshot(
    db: sqlite_utils.Database, m: Manifest, carried: list[tuple[str, str]], bundle_id: int
) -> int:
    """Inside the import's transaction: remember the (table, uid) a full export carried; once
    all its parts are in, list the rows it lacks. Returns how many are listed (0 until then)."""
    if not m.full:
        return 0
    first = m.number - m.part + 1
    key = [m.unit_code, m.device_id, m.epoch, first]
    db.conn.executemany(
        "INSERT OR IGNORE INTO snapshot_seen (unit_code, device_id, epoch, first_number, tbl, "
        "uid) VALUES (?, ?, ?, ?, ?, ?)",
        [(*key, table, uid) for table, uid in carried],
    )
    arrived = db.conn.execute(
        "SELECT COUNT(*) FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number BETWEEN ? AND ? AND full = 1",
        [m.unit_code, m.device_id, m.epoch, first, first + m.parts - 1],
    ).fetchone()[0]
    if arrived < m.parts:
        return 0
    stamp = records.now_iso()
    for table in SYNCED_TABLES:
        missing = (
            f"SELECT uid FROM {table} WHERE unit_code = ? AND deleted_at IS NULL AND uid NOT IN "
            "(SELECT uid FROM snapshot_seen WHERE unit_code = ? AND device_id = ? AND epoch = ? "
            "AND first_number = ? AND tbl = ?)"
        )
        params = [m.unit_code, *key, table]
        db.conn.execute(
            "DELETE FROM sync_orphan WHERE unit_code = ? AND tbl = ? AND decision IS NULL AND "
            f"uid NOT IN ({missing})",
            [m.unit_code, table, *params],
        )
        db.conn.execute(
            "INSERT OR IGNORE INTO sync_orphan (unit_code, tbl, uid, bundle_id, found_at) "
            f"SELECT ?, ?, uid, ?, ? FROM ({missing})",
            [m.unit_code, table, bundle_id, stamp, *params],
        )
    db.conn.execute(
        "DELETE FROM snapshot_seen WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND first_number = ?",
        key,
    )
    return pending_count(db, m.unit_code)


def pending_count(db: sqlite_utils.Database, unit_code: str | None = None) -> int:
    where, params = ("AND unit_code = ?", [unit_code]) if unit_code else ("", [])
    return db.conn.execute(
        f"SELECT COUNT(*) FROM sync_orphan WHERE decision IS NULL {where}", params
    ).fetchone()[0]


_LABEL_COLUMN = {
    "person": "full_name",
    "event": "title",
    "campaign": "title",
    "outcome": "recipient",
    "hamlet": "name",
    "organisation": "name",
}


def label(db: sqlite_utils.Database, table: str, uid: str) -> str:
    column = _LABEL_COLUMN.get(table)
    if column is None:
        return ""
    row = db.conn.execute(f"SELECT {column} FROM {table} WHERE uid = ?", [uid]).fetchone()
    return str(row[0]) if row and row[0] is not None else ""


def listed(db: sqlite_utils.Database, unit_code: str | None = None) -> list[Orphan]:
    """The rows waiting for a decision (oldest first), for one commune or all."""
    where, params = ("AND unit_code = ?", [unit_code]) if unit_code else ("", [])
    rows = db.conn.execute(
        "SELECT id, unit_code, tbl, uid, found_at, decision FROM sync_orphan "
        f"WHERE decision IS NULL {where} ORDER BY unit_code, id",
        params,
    ).fetchall()
    return [
        Orphan(id_, unit, table, uid, found_at, decision, label(db, table, uid))
        for id_, unit, table, uid, found_at, decision in rows
    ]


def decide(db: sqlite_utils.Database, ids: list[int], decision: str) -> int:
    """Keep the rows, or mark them deleted at the province; one transaction, one audit entry."""
    if decision not in (KEEP, REMOVE):
        raise ValueError(decision)
    wanted = sorted(set(ids))
    found = {
        row[0]: (row[1], row[2])
        for row in db.conn.execute(
            f"SELECT id, tbl, uid FROM sync_orphan WHERE decision IS NULL AND id IN "
            f"({', '.join('?' * len(wanted))})",
            wanted,
        )
    }
    unknown = [str(i) for i in wanted if i not in found]
    if unknown or not wanted:
        raise UserError(
            _("Không có bản ghi nào số {ids} đang chờ quyết định.").format(
                ids=", ".join(unknown) or "—"
            ),
            f"orphans: unknown ids {unknown}",
        )
    stamp = records.now_iso()
    with audit.action(db, Permission.IMPORT, "sync.orphan", decision) as entry:
        entry.detail.update(rows=[f"{tbl}/{uid}" for tbl, uid in found.values()])
        for orphan_id, (table, uid) in found.items():
            if decision == REMOVE:
                db.conn.execute(
                    f"UPDATE {table} SET deleted_at = ?, updated_at = ?, rev = rev + 1 "
                    "WHERE uid = ? AND deleted_at IS NULL",
                    [stamp, stamp, uid],
                )
            db.conn.execute(
                "UPDATE sync_orphan SET decision = ?, decided_at = ? WHERE id = ?",
                [decision, stamp, orphan_id],
            )
    return len(found)
