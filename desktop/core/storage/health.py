"""Checking a database file: SQLite's own checks and the change log that sync relies on.

Sync (DESIGN.md §4) sends what the change log lists, so a live row whose current rev has no
change-log entry would never reach the province; `check` finds such rows as well as damage
and broken references. It also walks the audit trail's hash chain, which finds an entry edited
or removed by someone who opened the file with another tool, compares every record of this
office and every account with the state the trail recorded (`desktop/core/audit_match.py`), and
verifies that the tables and triggers (the trail's append-only triggers, the change log's) are
those the migrations made (`verdict.schema_problems`).

`check_file` is what `antq-desk check` runs: it never writes (a read-only connection, so it
runs in a read-only folder and never turns an empty file into a new office), and a check that
could not run on a damaged file is reported as such, never as passed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.schema import SYNCED_TABLES
from desktop.core import audit, audit_match
from desktop.core.i18n import N_, _
from desktop.core.storage import verdict

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
    structure: list[str] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)
    records_compared: int = 0
    not_run: dict[str, str] = field(default_factory=dict)  # check's label → why it could not run

    @property
    def ok(self) -> bool:
        return not (
            self.integrity
            or self.foreign_keys
            or self.missing_log
            or self.audit_breaks
            or self.structure
            or self.tampered
            or self.not_run
        )


# The checks `check` runs, by label (N_-marked: translated where printed).
INTEGRITY = N_("Tính toàn vẹn của tệp")
STRUCTURE = N_("Bảng và trigger")
FOREIGN = N_("Liên kết giữa các bản ghi")
CHANGE_LOG = N_("Nhật ký thay đổi để đồng bộ")
CHAIN = N_("Nhật ký thao tác (ai làm gì)")
RECORDS = N_("Bản ghi so với nhật ký thao tác")
CHECKS = (INTEGRITY, STRUCTURE, FOREIGN, CHANGE_LOG, CHAIN, RECORDS)


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


def _tampering(db: sqlite_utils.Database) -> tuple[list[str], int]:
    rows, compared = audit_match.record_mismatches(db.conn)
    found = [item.message for item in rows + audit_match.account_mismatches(db.conn)]
    return found, compared


def check(db: sqlite_utils.Database) -> HealthReport:
    """Every check; one that fails to run (a damaged file) is named in `not_run`."""
    values: dict[str, Any] = {}
    not_run: dict[str, str] = {}

    def run(label: str, step: Callable[[], dict[str, Any]]) -> None:
        try:
            values.update(step())
        except sqlite3.DatabaseError as error:
            not_run[label] = str(error)

    run(INTEGRITY, lambda: {"integrity": integrity_problems(db)})
    run(STRUCTURE, lambda: {"structure": verdict.schema_problems(db.conn)})
    run(FOREIGN, lambda: {"foreign_keys": foreign_key_violations(db)})
    run(
        CHANGE_LOG,
        lambda: dict(zip(("missing_log", "rows_checked"), rows_without_log(db), strict=True)),
    )
    run(
        CHAIN,
        lambda: {
            "audit_breaks": [problem.message for problem in audit.verify(db)[:MAX_MESSAGES]],
            "audit_entries": db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0],
        },
    )
    run(RECORDS, lambda: dict(zip(("tampered", "records_compared"), _tampering(db), strict=True)))
    if "tampered" in values:
        values["tampered"] = values["tampered"][:MAX_MESSAGES]
    return HealthReport(**values, not_run=not_run)


def check_file(path: Path) -> HealthReport:
    """`check` on the file at `path`, read-only; an empty or unreadable file is reported with
    every check it prevented, and is never turned into a new database."""
    import sqlite_utils

    problems = verdict.file_problems(path)
    if Path(path).stat().st_size == 0 or (problems and not _has_tables(path)):
        why = _("tệp trống, không có bảng dữ liệu nào")
        return HealthReport(structure=problems or [why], not_run={label: why for label in CHECKS})
    try:
        conn = verdict.open_for_reading(path)
    except sqlite3.Error as error:
        message = _("Tệp bị hỏng: không đọc được như một tệp dữ liệu ({reason}).")
        return HealthReport(
            structure=[message.format(reason=error)],
            not_run={label: str(error) for label in CHECKS},
        )
    try:
        report = check(sqlite_utils.Database(conn, execute_plugins=False))
    finally:
        conn.close()
    if len(report.not_run) == len(CHECKS):  # not one check could read it
        reason = next(iter(report.not_run.values()))
        problems = problems or [
            _("Tệp bị hỏng: không đọc được như một tệp dữ liệu ({reason}).").format(reason=reason)
        ]
    if problems and not report.structure:
        report = HealthReport(**{**report.__dict__, "structure": problems})
    return report


def _has_tables(path: Path) -> bool:
    try:
        conn = verdict.open_for_reading(path)
        try:
            return bool(conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True  # unreadable rather than empty: the checks say what they could not do
