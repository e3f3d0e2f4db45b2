"""The ordered, named schema migrations, applied with sqlite-utils' `Migrations`.

Each step is a file `NNNN_name.sql` in this folder, applied in the order of its number, in its
own transaction together with the record that it ran. A landed step is never edited: change the
schema with a new file. The schema version is the number of the newest step, kept in
`PRAGMA user_version` as well, so other tools can read it.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from db.errors import DatabaseTooNew

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "antq-desk"
_STEP_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements, keeping trigger bodies whole."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending[:80]!r}")
    return statements


def step_names() -> list[str]:
    """The migration steps this program knows, oldest first."""
    files = resources.files(__name__)
    names = [f.name for f in files.iterdir() if _STEP_NAME.match(f.name)]
    return [name.removesuffix(".sql") for name in sorted(names)]


def schema_version() -> int:
    """The schema version this program writes: the number of its newest migration."""
    return int(step_names()[-1][:4])


@cache
def migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for name in step_names():
        script = (resources.files(__name__) / f"{name}.sql").read_text(encoding="utf-8")
        steps(name=name)(_runner(name, split_statements(script)))
    return steps


def _runner(name: str, statements: list[str]):
    def run(database: sqlite_utils.Database) -> None:
        for statement in statements:
            database.conn.execute(statement)

    run.__name__ = f"migration_{name}"
    return run


def applied_names(database: sqlite_utils.Database) -> list[str]:
    return [step.name for step in migrations().applied(database)]


def refuse_if_too_new(database: sqlite_utils.Database) -> int:
    """Raise `DatabaseTooNew` for a database written by a newer program; read-only.

    Returns the stored schema version (`PRAGMA user_version`).
    """
    known = set(step_names())
    unknown = [name for name in applied_names(database) if name not in known]
    stored_version = database.conn.execute("PRAGMA user_version").fetchone()[0]
    if unknown or stored_version > schema_version():
        raise DatabaseTooNew(unknown or [f"schema version {stored_version}"])
    return stored_version


def migrate(database: sqlite_utils.Database) -> int:
    """Bring the database to this program's schema; refuse one written by a newer program.

    Returns the schema version. Re-running on a migrated database changes nothing.
    """
    stored_version = refuse_if_too_new(database)
    if migrations().pending(database):
        migrations().apply(database)
    version = schema_version()
    if stored_version != version:
        database.conn.execute(f"PRAGMA user_version = {version}")
    return version
