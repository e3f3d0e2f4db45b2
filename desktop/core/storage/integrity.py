"""SQLite's own checks at the moments they matter, and refusing to write to a damaged file.

`PRAGMA quick_check` runs at every start (fast: it reads every page but skips the index
cross-checks); the full `PRAGMA integrity_check` runs once a week (the day of the last clean
one is kept in `meta`) and before every sync export, so damage is never sent to the province.
A damaged database is switched to `PRAGMA query_only`: SQLite itself then refuses every write
on that connection, whatever path it comes from, while the officer can still look and print.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING

from db import errors as db_errors
from desktop.core import office
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.storage import health

if TYPE_CHECKING:
    import sqlite_utils

FULL_CHECK_KEY = "integrity_checked_on"
FULL_CHECK_EVERY = dt.timedelta(days=7)
MAX_MESSAGES = 20


class DamagedData(UserError):
    """SQLite's check found damage; nothing may be written until a backup is restored."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            _(
                "Tệp dữ liệu bị hỏng (SQLite phát hiện lỗi khi kiểm tra). Chương trình sẽ không "
                "ghi gì vào tệp này để tránh hỏng thêm. Hãy khôi phục từ bản sao lưu gần nhất "
                "(Tệp → Khôi phục từ bản sao lưu…)."
            ),
            f"integrity check failed: {problems[:3]}",
        )


def raise_if_not_damage(error: sqlite3.Error) -> None:
    """A check that failed because of the machine (a "disk I/O error" while antivirus holds the
    -wal, a lock) says nothing about the file: raise the known error instead of calling the
    file damaged, which would send the officer to restore an older backup."""
    known = db_errors.classify(error)
    if isinstance(known, db_errors.DiskIOError | db_errors.DatabaseLocked):
        raise known from error


def _problems(db: sqlite_utils.Database, pragma: str) -> list[str]:
    try:
        rows = db.conn.execute(f"PRAGMA {pragma}({MAX_MESSAGES})").fetchall()
    except sqlite3.DatabaseError as error:  # a badly damaged file fails the check itself
        raise_if_not_damage(error)
        return [str(error)]
    messages = [row[0] for row in rows]
    return [] if messages == ["ok"] else messages


def quick_problems(db: sqlite_utils.Database) -> list[str]:
    """`PRAGMA quick_check`: empty when the file looks sound."""
    return _problems(db, "quick_check")


def full_problems(db: sqlite_utils.Database) -> list[str]:
    """`PRAGMA integrity_check`: empty when the file is sound."""
    try:
        return health.integrity_problems(db)
    except sqlite3.DatabaseError as error:
        raise_if_not_damage(error)
        return [str(error)]


def last_full_check(db: sqlite_utils.Database) -> dt.date | None:
    value = office.get_meta(db, FULL_CHECK_KEY)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def full_check_due(db: sqlite_utils.Database, today: dt.date) -> bool:
    """A week since the last clean full check, or never, or a date in the future (wrong clock)."""
    last = last_full_check(db)
    return last is None or last > today or today - last >= FULL_CHECK_EVERY


def start_checks(db: sqlite_utils.Database, today: dt.date) -> tuple[list[str], bool]:
    """The quick check, and the full one when it is due: the problems found (empty: sound) and
    whether the full one ran. It only reads, so it can run on a read-only connection of its own
    while the window starts (`opening.check_file`); the caller remembers a clean full check
    with `remember_full_check`, so it runs again a week later."""
    problems = quick_problems(db)
    if problems or not full_check_due(db, today):
        return problems, False
    return full_problems(db), True


def remember_full_check(db: sqlite_utils.Database, today: dt.date) -> None:
    """A clean full check today: the next one is due in a week."""
    office.set_meta(db, FULL_CHECK_KEY, today.isoformat())


def require_sound(db: sqlite_utils.Database) -> None:
    """The full check before work that must not spread damage (a sync export).

    On damage the connection stops writing (`refuse_writes`) until a backup is restored, and
    `DamagedData` is raised.
    """
    problems = full_problems(db)
    if problems:
        refuse_writes(db)
        raise DamagedData(problems)


def refuse_writes(db: sqlite_utils.Database) -> None:
    """Let SQLite refuse every write on this connection from now on (a damaged file)."""
    db.conn.execute("PRAGMA query_only = ON")


def writes_refused(db: sqlite_utils.Database) -> bool:
    return bool(db.conn.execute("PRAGMA query_only").fetchone()[0])
