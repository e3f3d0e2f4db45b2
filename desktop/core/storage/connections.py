"""The connections a background job works on: the window's own connection is for its thread.

The window's connection is not safe to use from two threads at once, and the GUI thread may
write through it at any time. A job gets a connection of its own: read-only (`mode=ro`, a
consistent snapshot in WAL mode beside the window's writes; it can never write) or writing
(no migration: the window already migrated the file). An in-memory database cannot be opened
twice, so a job on one (tests, a throw-away demo) shares the window's connection; the operation
that runs it keeps the window from writing meanwhile.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database, open_read_only
from db.errors import classify
from desktop.core import session

if TYPE_CHECKING:
    import sqlite_utils


def open_for_window(path: Path) -> sqlite_utils.Database:
    """The window's own connection to the file, migrated to this version's schema."""
    import db  # looked up at the call: tests replace `db.open_database`

    return db.open_database(path)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A bare read-only sqlite3 connection; its sqlite3 errors come as they are, for a caller
    that tells damage from a lock itself (the start-up check)."""
    return open_read_only(path)


@contextlib.contextmanager
def for_job(
    path: Path | None, shared: sqlite_utils.Database | None, *, writes: bool
) -> Iterator[sqlite_utils.Database]:
    """A connection for one job on the file at `path` (`shared` when there is no file)."""
    if path is None:
        assert shared is not None, "an in-memory database is shared with the window"
        yield shared
        return
    database = _open(path, writes)
    actor = session.current(shared) if shared is not None else None
    if actor is not None and actor is not session.SETUP_ACTOR:
        session.sign_in(database, actor)  # the job acts for whoever is signed in to the window
    try:
        yield database
    finally:
        database.close()


def _open(path: Path, writes: bool) -> sqlite_utils.Database:
    if writes:
        return open_database(path, migrate=False)
    import sqlite_utils

    try:
        conn = open_read_only(path)
    except sqlite3.Error as error:
        raise (classify(error) or error) from error
    conn.row_factory = sqlite3.Row  # rows by column name, as on the window's own connection
    return sqlite_utils.Database(conn, execute_plugins=False)
