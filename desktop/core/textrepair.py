"""Text stored by versions before `text.clean` folded look-alike letters and dropped controls.

Since issue 13, text is folded when it is stored: "Ð" (U+00D0, Icelandic eth) is stored as "Đ"
(U+0110), so "Ðặng" is found by "dang", and control characters are removed, so one BEL in a name
no longer breaks an .xlsx. Rows stored before keep them. `repair_stored_text` rewrites those
rows once, when a file of this office is opened for work; `fold_row` folds a row received in a
bundle from a commune still running an older version, as the province merges it.

Why a step of the core and not a migration: a repaired row must travel and be accounted for
like any edit. `check` replays the audit trail against every row of this office
(`audit_match`), so an UPDATE the trail does not know is reported as tampering; the trail is a
hash chain the core computes (`audit._append`), which SQL in a migration cannot extend; and sync
sends a row only when its `rev` rises with a change-log line (`records.update` and the
triggers). So the repair is an ordinary edit through `records.update` inside one
`audit.action` per table (one transaction, one entry of kind `text.repair` naming every
repaired row with its values before and after), and a `meta` row records that it ran, so the
next open repairs nothing and a bundle carries each repaired row once, as an edit with a
higher rev. Only this office's live rows are repaired: the commune is the only writer of its
rows (a province rewriting a commune's row would raise its rev and collide with the commune's
next edit), and a deleted row is never shown, searched or exported.

It writes, so it runs only on a file the start-up verdict found sound, never on a file opened
read-only (a backup being looked at), never on one whose writes are refused (damaged), and not
before the office is set up. It checks this itself before its first write.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db import transaction
from db.schema import SYNCED_TABLES
from desktop.core import audit, office, records
from desktop.core.i18n import _
from desktop.core.text import (
    LEGACY_IN_LINE,
    legacy_free_text,
    legacy_line,
    legacy_search_key,
    person_sort_key,
)

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

DONE_KEY = "text_repaired"
# The folding rules this repair applies; a later version that folds more raises it to run again.
RULES = "1"
# Free text, where a tab or a line break is the officer's own: only other controls go.
FREE_TEXT = frozenset({"notes", "note", "legal_basis"})
# Columns that never hold words: keys and references (uids), stamps, and the person's sort key,
# which is made again from the folded name.
_NOT_WORDS = frozenset({"uid", "unit_code", "created_at", "updated_at", "deleted_at", "sort_key"})
# What a value holds when it may need folding (a free text's line breaks are sorted out later).
_SUSPECT = re.compile(f"[{re.escape(LEGACY_IN_LINE)}]")


def _holds_words(column: str) -> bool:
    return column not in _NOT_WORDS and not column.endswith("_uid")


def fold_value(column: str, value: Any) -> Any:
    """One stored value as this version stores it (unchanged when there is nothing to fold)."""
    if not isinstance(value, str) or not _holds_words(column):
        return value
    if column == "search_key":
        return legacy_search_key(value)
    if column in FREE_TEXT:
        return legacy_free_text(value)
    return legacy_line(value)


def fold_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with its text folded as this version stores it, a person's sort key made again from
    the folded name; the same dict when nothing changed. Used for the rows repaired here and for
    every row a bundle brings (a commune on an older version still sends "Ð")."""
    text = " ".join([v for k, v in row.items() if type(v) is str and k not in _NOT_WORDS])
    if not _SUSPECT.search(text):
        return row  # nearly every row: nothing to fold, nothing copied
    folded = {key: fold_value(key, value) for key, value in row.items()}
    if folded == row:
        return row
    if table == "person" and "sort_key" in row and folded.get("full_name") != row["full_name"]:
        folded["sort_key"] = person_sort_key(folded["full_name"])
    return folded


@dataclass(frozen=True)
class TextRepair:
    """What `repair_stored_text` did: rows repaired per table, or why it did not look."""

    repaired: dict[str, int] = field(default_factory=dict)
    skipped: str = ""  # English, for the log: why nothing was looked at
    sent_on: bool = False  # a commune's: the repaired rows go to the province in the next bundle

    @property
    def count(self) -> int:
        return sum(self.repaired.values())

    def message(self) -> str | None:
        """What the officer is told (the window's status bar, the command line), if anything."""
        if not self.count:
            return None
        done = _(
            "Đã sửa chữ “Ð” và ký tự điều khiển trong {count} bản ghi cũ để tìm kiếm và xuất "
            "Excel đúng; mỗi bản ghi đã sửa có trong Nhật ký thao tác."
        ).format(count=self.count)
        if not self.sent_on:
            return done
        return done + " " + _("Các bản ghi này sẽ được gửi lên tỉnh trong gói đồng bộ sau.")


def repair_stored_text(db: sqlite_utils.Database, *, judged_sound: bool = False) -> TextRepair:
    """Fold the text of this office's rows stored by an older version; once per file.

    Call it after the migrations, once the start-up verdict found the file sound (see the
    module's docstring); `judged_sound` says the caller's verdict just read the file (the
    opening sequence), so its schema and quick check are not run a second time. A file already
    repaired costs one read of `meta`.
    """
    if office.get_meta(db, DONE_KEY) == RULES:
        return TextRepair(skipped="already repaired")
    reason = why_not_now(db, judged_sound=judged_sound)
    if reason:
        log.info("stored text not repaired: %s", reason)
        return TextRepair(skipped=reason)
    unit = records.self_unit_code(db)
    repaired = {}
    for table in SYNCED_TABLES:
        count = _repair_table(db, table, unit)
        if count:
            repaired[table] = count
    office.set_meta(db, DONE_KEY, RULES)
    log.info("stored text repaired: %s", repaired or "nothing to repair")
    return TextRepair(repaired, sent_on=office.self_unit(db).level == "commune")


def why_not_now(db: sqlite_utils.Database, *, judged_sound: bool = False) -> str:
    """Why the repair must not write to this file now (English, for the log); "" when it may.
    `judged_sound`: the file's verdict was just given, its checks are not repeated."""
    from desktop.core.storage import integrity, verdict

    if integrity.writes_refused(db):
        return "writes are refused on this connection (a damaged file)"
    if not _writable(db.conn):
        return "the file is open read-only"
    if not office.is_set_up(db):
        return "the office is not set up"
    if judged_sound:
        return ""
    problems = verdict.schema_problems(db.conn) or integrity.quick_problems(db)
    if problems:
        return f"the file is not sound: {problems[:2]}"
    return ""


def _writable(conn: sqlite3.Connection) -> bool:
    """Whether SQLite would write to this connection (not `mode=ro`, not an immutable or
    read-only file). An update of no row asks SQLite for the write permission and changes
    nothing, even where it is granted."""
    try:
        conn.execute("UPDATE meta SET value = value WHERE 0")
    except sqlite3.OperationalError as error:
        if error.sqlite_errorname != "SQLITE_READONLY":
            raise
        return False
    return True


def _text_columns(db: sqlite_utils.Database, table: str) -> list[str]:
    """Every column of `table` declared TEXT that holds words: new columns are covered too."""
    return [
        row[1]
        for row in db.conn.execute(f"PRAGMA table_info({table})")
        if row[2].upper() == "TEXT" and _holds_words(row[1])
    ]


def _changes(db: sqlite_utils.Database, table: str, unit: str) -> list[tuple[str, dict]]:
    """(uid, new values) of each live row of this office whose text needs folding."""
    columns = _text_columns(db, table)
    if not columns:
        return []
    # One regular expression over each row's text, in Python: twice as fast as SQLite's GLOB
    # per column (a 50,000-person file is read in about 0.2 s), and U+0000 is found too.
    suspects = [
        row[0]
        for row in db.conn.execute(
            f"SELECT uid, {', '.join(columns)} FROM {table} "
            "WHERE unit_code = ? AND deleted_at IS NULL",
            [unit],
        )
        if _SUSPECT.search(" ".join(value for value in row[1:] if isinstance(value, str)))
    ]
    found = []
    for uid in suspects:
        stored = dict(db.conn.execute(f"SELECT * FROM {table} WHERE uid = ?", [uid]).fetchone())
        folded = fold_row(table, stored)
        values = {key: value for key, value in folded.items() if value != stored[key]}
        if values:
            found.append((uid, values))
    return found


def _repair_table(db: sqlite_utils.Database, table: str, unit: str) -> int:
    """One transaction: the table's rows to repair found and rewritten, with one audit entry."""
    from desktop.core.audit_log import TABLE_LABELS

    with transaction(db):
        changes = _changes(db, table, unit)
        if not changes:
            return 0
        subject = _(TABLE_LABELS[table])
        rows = {"rows": len(changes)}
        with audit.action(db, None, "text.repair", subject, detail=rows) as entry:
            entry.actor = ""  # the program did it, whoever is signed in
            for uid, values in changes:
                records.update(db, table, uid, values)
    return len(changes)
