"""Opening the database and running writes in explicit transactions.

Power cuts are common in commune offices, so the connection runs with `synchronous=FULL` in WAL
mode: a commit that returned is on the disk. Writes take the write lock up front with
`BEGIN IMMEDIATE`, so a second writer waits (busy timeout) instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path, PurePath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from db.errors import classify

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


def _connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    return conn


def sqlite_uri(path: PurePath, **parameters: str) -> str:
    r"""The `file:` URI SQLite opens for the absolute `path`, with `parameters` as its query.

    Server-less on purpose: SQLite refuses any authority but "localhost" ("invalid uri
    authority"), and `Path.as_uri()` writes a share `\\srv\chung\a.sqlite3` (and, through
    `resolve()`, a mapped drive `Z:\`) as `file://srv/chung/...`. Here the share keeps its two
    slashes inside the path, `file:////srv/chung/a.sqlite3`, which Windows opens as the share;
    a drive is `file:///Z:/...`. Every `#`, `?`, `%`, space and non-ASCII letter is
    percent-encoded (UTF-8), so a folder named `Nguyễn` or a file `a#b.sqlite3` is found.
    """
    if not path.is_absolute():
        raise ValueError(f"a SQLite URI needs an absolute path, not {path}")
    if isinstance(path, PureWindowsPath):
        text = _without_long_prefix(str(path)).replace("\\", "/")
    else:
        text = str(path)
    if not text.startswith("/"):
        text = "/" + text  # C:/x -> /C:/x: an empty authority, then the drive
    query = f"?{urlencode(parameters)}" if parameters else ""
    return f"file://{quote(text, safe='/:')}{query}"


def _without_long_prefix(text: str) -> str:
    r"""`\\?\UNC\srv\share` -> `\\srv\share`, `\\?\C:\` -> `C:\`: SQLite gets plain paths."""
    if text.upper().startswith("\\\\?\\UNC\\"):
        return "\\\\" + text[8:]
    if text.startswith("\\\\?\\"):
        return text[4:]
    return text


def open_read_only(path: Path | str) -> sqlite3.Connection:
    """A read-only connection of its own to the file (`mode=ro`): it can never write, and in WAL
    mode it reads a consistent snapshot beside the window's connection. No migration, no
    sqlite-utils: for a look at the file, a check on a thread, or a backup being described.

    `abspath`, not `resolve()`: on Windows `resolve()` turns a mapped drive into its share."""
    uri = sqlite_uri(Path(os.path.abspath(path)), mode="ro")
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def open_database(path: Path | str, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at `path`, migrated to this program's schema.

    `":memory:"` gives a private in-memory database, as the tests use. Raises `DatabaseTooNew`
    for a file written by a newer program and a `DatabaseError` subclass for the environment's
    known problems (locked, damaged, read-only, disk full).
    """
    import sqlite_utils  # here, not at the top: the sign-in screen is drawn before it loads

    from db.migrations import migrate as run_migrations
    from db.migrations import refuse_if_too_new

    conn = None
    try:
        conn = _connect(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        database = sqlite_utils.Database(conn, execute_plugins=False)
        if migrate:
            refuse_if_too_new(database)  # before anything, even the journal mode, is written
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            run_migrations(database)
        return database
    except BaseException as error:
        if conn is not None:
            conn.close()  # a refused file must not stay open (and locked on Windows)
        known = classify(error) if isinstance(error, sqlite3.Error) else None
        if known is None:
            raise
        raise known from error


@contextlib.contextmanager
def transaction(database: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block as one write transaction (`BEGIN IMMEDIATE`), or a savepoint if nested.

    sqlite3 errors of the environment are raised as the matching `DatabaseError`.
    """
    conn = database.conn
    try:
        if conn.in_transaction:
            with database.atomic():
                yield database
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield database
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        known = classify(error)
        if known is None:
            raise
        raise known from error
