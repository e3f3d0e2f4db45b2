"""What the first screen shows, read before the database is opened for work.

Opening the database for work (`db.open_database`) loads sqlite-utils, checks the migrations
and sets the connection up; on an office PC that is a tenth of a second the officer would spend
looking at nothing. The sign-in screen only needs to know which office this is and whether any
account exists, so the window reads those through a read-only `sqlite3` connection, draws the
screen, and opens the database while the password is typed. Anything unusual (a new file, an
office not set up, a file from an older or a newer program, an unreadable one) answers None:
the database is then opened first, as before, and its errors are reported as always.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import open_read_only
from db.migrations import schema_version
from desktop.core import office, session
from desktop.core.office import Unit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstLook:
    unit: Unit
    has_accounts: bool


def first_look(path: Path) -> FirstLook | None:
    """The office and whether it has accounts, or None when the file must be opened first."""
    if not path.is_file():
        return None
    try:
        conn = open_read_only(path)
    except sqlite3.Error as error:
        log.info("first look at %s: %s; opening it first", path, error)
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != schema_version():
            return None  # migrations to run, or a newer program's file: open_database says
        unit = office.read_self_unit(conn)
        return None if unit is None else FirstLook(unit, session.any_account(conn))
    except sqlite3.Error as error:  # damaged, locked…: the full open reports it properly
        log.info("first look at %s: %s; opening it first", path, error)
        return None
    finally:
        conn.close()
