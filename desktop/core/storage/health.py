"""Checking a database file: SQLite's own checks and the change log that sync relies on.

Sync (DESIGN.md §4) sends what the change log lists, so a live row whose current rev has no
change-log entry would never reach the province; `check` finds such rows as well as damage
and broken references. It also walks the audit trail's hash chain, which finds an entry edited
or removed by someone who opened the file with another tool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from db.schema import SYNCED_TABLES
from desktop.core import audit

if TYPE_CHECKING:
    import sqlite_utils

MAX_MESSAGES = 50


@dataclass(frozen=True)
class HealthReport:
    """What `check` found; `ok` when there is nothing to worry about."""

    integrity: list[str] = field(default_factory=list)
    foreign_keys: dict[str, int] = field(default_factory=dict)
    missing_log: dict[str, int] = field(default_factory=dict)
    rows_checked: int = 0
    audit_breaks: list[str] = field(default_factory=list)
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.missing_log or self.audit_breaks)


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """SQLite's integrity_check messages, empty when the file is sound."""
    rows = db.conn.execute(f"PRAGMA integrity_check({MAX_MESSAGES})").fetchall()
    messages = [row[0] for row in rows]
    return [] if messages == ["ok"] else messages


def foreign_key_violations(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows whose reference points nowhere, counted per table."""
    found: dict[str, int] = {}
    for row in db.conn.execute("PRAGMA foreign_key_check"):
        found[row[0]] = found.get(row[0], 0) + 1
    return found


def rows_without_log(db: sqlite_utils.Database) -> tuple[dict[str, int], int]:
    """Per synced table, live rows with no change-log entry at their current rev; and the total."""
    missing, checked = {}, 0
    for table in SYNCED_TABLES:
        live, unlogged = db.conn.execute(
            f"""SELECT COUNT(*), COALESCE(SUM(NOT EXISTS (
                    SELECT 1 FROM change_log c
                    WHERE c.tbl = '{table}' AND c.uid = r.uid AND c.rev = r.rev)), 0)
                FROM {table} r WHERE r.deleted_at IS NULL"""
        ).fetchone()
        checked += live
        if unlogged:
            missing[table] = unlogged
    return missing, checked


def check(db: sqlite_utils.Database) -> HealthReport:
    missing, checked = rows_without_log(db)
    breaks = audit.verify(db)
    return HealthReport(
        integrity=integrity_problems(db),
        foreign_keys=foreign_key_violations(db),
        missing_log=missing,
        rows_checked=checked,
        audit_breaks=[problem.message for problem in breaks[:MAX_MESSAGES]],
        audit_entries=db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0],
    )
