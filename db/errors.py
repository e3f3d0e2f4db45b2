"""Errors of the environment that a user can act on, told apart from bugs.

The core and the UI show these with a Vietnamese message; anything else is a bug and gets the
crash dialog. `classify` maps a raw `sqlite3` error onto one of them.
"""

from __future__ import annotations

import sqlite3


class DatabaseError(Exception):
    """A known problem with the database file; `str()` is an English log line."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer ANTQ Desk; opening it could damage it."""

    def __init__(self, unknown: list[str]):
        self.unknown = unknown
        super().__init__(f"database has migrations this program does not know: {unknown}")


class DatabaseLocked(DatabaseError):
    """Another program holds the database for writing longer than the busy timeout."""


class DiskFull(DatabaseError):
    """The disk (or the user's quota) has no room for the write."""


class DiskIOError(DatabaseError):
    """The system failed a read or write of the file or its -wal/-shm ("disk I/O error"):
    antivirus holding a side file for a moment, a failing disk, a share that dropped."""


class DamagedDatabase(DatabaseError):
    """The file is not a database or fails SQLite's checks."""


class ReadOnlyDatabase(DatabaseError):
    """The folder or the file cannot be written."""


def classify(error: sqlite3.Error) -> DatabaseError | None:
    """Return the known error behind a sqlite3 error, or None for a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return DatabaseLocked(str(error))
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DiskFull(str(error))
    if (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR) or "disk i/o error" in text:
        return DiskIOError(str(error))  # every extended SQLITE_IOERR_* code has it as low byte
    if (
        code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
        or "malformed" in text
        or ("not a database" in text)
    ):
        return DamagedDatabase(str(error))
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM) or (
        "readonly" in text or "unable to open" in text
    ):
        return ReadOnlyDatabase(str(error))
    return None
