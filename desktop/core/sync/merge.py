"""Merging received rows into the province database, keyed by (unit_code, uid).

The higher rev wins; an equal rev with equal content changes nothing; an equal rev with other
content is a conflict, kept aside and not applied; a lower rev is ignored, so a late old update
never brings back a deleted row (its tombstone carries a higher rev). No clock is read.
Imported rows keep their uid, unit_code and rev; their text is folded as this version stores it
(`textrepair.fold_row`: "Ð" is stored as "Đ", control characters dropped).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.i18n import _
from desktop.core.sync.payload import Line, fetch_rows, table_columns
from desktop.core.textrepair import fold_row

if TYPE_CHECKING:
    import sqlite_utils

NEW, UPDATED, DELETED, UNCHANGED, CONFLICT = "new", "updated", "deleted", "unchanged", "conflicts"
OUTCOMES = (NEW, UPDATED, DELETED, UNCHANGED, CONFLICT)


@dataclass
class MergeResult:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[tuple[Line, dict[str, Any]]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def count(self, table: str, outcome: str) -> None:
        per_table = self.counts.setdefault(table, dict.fromkeys(OUTCOMES, 0))
        per_table[outcome] += 1


def _existing(db: sqlite_utils.Database, table: str, uid: str) -> dict[str, Any] | None:
    names = ", ".join(table_columns(db, table))
    row = db.conn.execute(f"SELECT {names} FROM {table} WHERE uid = ?", [uid]).fetchone()
    return dict(row) if row else None


def _prefetch(db: sqlite_utils.Database, lines: list[Line]) -> dict[tuple[str, str], dict]:
    """The stored rows the lines name, read in batches rather than one query per line."""
    by_table: dict[str, list[str]] = {}
    for line in lines:
        by_table.setdefault(line.table, []).append(line.uid)
    found = {}
    for table, uids in by_table.items():
        for uid, row in fetch_rows(db, table, uids).items():
            found[(table, uid)] = row
    return found


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    """Insert a received row as it is (uid, unit_code and rev kept)."""
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))


def replace_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    """Overwrite a row with a received one of higher rev (the rev trigger lets it rise)."""
    values = {key: value for key, value in row.items() if key != "uid"}
    assignments = ", ".join(f"{key} = ?" for key in values)
    db.conn.execute(
        f"UPDATE {table} SET {assignments} WHERE uid = ?", [*values.values(), row["uid"]]
    )


def _apply_row(db, line: Line, existing, result: MergeResult) -> None:
    # A commune on an older version still sends "Ð" and control characters: stored folded, and
    # compared folded, so its equal rev sent again is unchanged, not a conflict.
    row = fold_row(line.table, line.row or {})
    deleted = row.get("deleted_at") is not None
    if existing is None:
        insert_row(db, line.table, row)
        result.count(line.table, DELETED if deleted else NEW)
    elif line.rev > existing["rev"]:
        replace_row(db, line.table, row)
        gone = deleted and existing["deleted_at"] is None
        result.count(line.table, DELETED if gone else UPDATED)
    elif line.rev == existing["rev"]:
        stored = fold_row(line.table, existing)
        same = all(stored.get(key) == value for key, value in row.items())
        if same:
            result.count(line.table, UNCHANGED)
        else:
            result.count(line.table, CONFLICT)
            result.conflicts.append((line, row))
    else:
        result.count(line.table, UNCHANGED)


def _apply_tombstone(db, line: Line, existing, result: MergeResult) -> None:
    if existing is not None and line.rev > existing["rev"]:
        db.conn.execute(
            f"UPDATE {line.table} SET rev = ?, deleted_at = COALESCE(deleted_at, updated_at) "
            "WHERE uid = ?",
            [line.rev, line.uid],
        )
        result.count(line.table, DELETED)
    else:
        result.count(line.table, UNCHANGED)


def _reason(error: sqlite3.IntegrityError) -> str:
    text = str(error)
    if "FOREIGN KEY" in text:
        return _("tham chiếu tới bản ghi không có trong dữ liệu")
    if "CHECK" in text:
        return _("giá trị không hợp lệ ({detail})").format(detail=text.split(":", 1)[-1].strip())
    if "NOT NULL" in text:
        return _("thiếu giá trị bắt buộc ({detail})").format(detail=text.split(":", 1)[-1].strip())
    return _("vi phạm ràng buộc dữ liệu ({detail})").format(detail=text[:200])


def merge(
    db: sqlite_utils.Database, lines: list[Line], sender: str, result: MergeResult | None = None
) -> MergeResult:
    """Apply the lines inside the caller's transaction; problems go to `rejected`.

    `result`: add to it (a bundle merged batch by batch, in one transaction).
    """
    result = result if result is not None else MergeResult()
    known, touched = _prefetch(db, lines), set()
    for line in lines:
        key = (line.table, line.uid)
        # A row already merged from this bundle (a repeated line) is read again, as it is now.
        existing = _existing(db, line.table, line.uid) if key in touched else known.get(key)
        touched.add(key)
        if line.unit_code != sender:
            result.rejected.append(
                (
                    line.number,
                    _("bản ghi thuộc đơn vị {code}, không phải xã gửi gói ({sender})").format(
                        code=line.unit_code, sender=sender
                    ),
                )
            )
            continue
        if existing is not None and existing["unit_code"] != sender:
            result.rejected.append((line.number, _("mã bản ghi (uid) đã thuộc về đơn vị khác")))
            continue
        try:
            if line.kind == "row":
                _apply_row(db, line, existing, result)
            else:
                _apply_tombstone(db, line, existing, result)
        except sqlite3.IntegrityError as error:
            result.rejected.append((line.number, _reason(error)))
    return result
