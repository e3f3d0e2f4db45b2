"""The verdict on a database file before anything is written to it.

Opening a file for work (`db.open_database`) creates the schema in whatever it finds: a 0-byte
file, or one whose tables were lost, would silently become a new, empty office, and after a week
of automatic backups of the empty file rotation would delete the last good one. So every path
that writes (the window, every CLI command that writes) and `antq-desk check` look at the file
first, through a read-only connection that can never write:

- a 0-byte file, or one without tables, is new only when no automatic backup of it exists; next
  to a `backups/` folder holding backups it is a damaged file;
- a file of a known schema version must hold every table and trigger that version's migrations
  made, unchanged: dropping the audit trail's append-only triggers or the change-log triggers
  is found here, not only a missing table;
- a file whose office is gone while backups of it exist is damaged too;
- then SQLite's `PRAGMA quick_check` (`opening.check_file`, step 4 of the opening sequence).

Nothing here writes, so it also runs in a read-only folder (falling back to SQLite's
`immutable` mode when even the shared-memory file of a WAL database cannot be created).
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from pathlib import Path

from db.migrations import schema_version, split_statements, step_names
from desktop.core.i18n import _

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")


class Unreadable(Exception):
    """The file cannot be read as an SQLite database at all."""


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that can never write to `path` (`mode=ro`); in a folder where SQLite cannot
    even create a WAL database's shared-memory file, one that treats the file as immutable."""
    uri = Path(path).resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "unable to open" not in str(error).lower():
            raise
        log.info("%s cannot be opened read-only (%s); reading it as immutable", path, error)
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


@functools.cache
def expected_schema(version: int) -> dict[tuple[str, str], str]:
    """(type, name) → SQL of every table and trigger the migrations up to `version` make."""
    conn = sqlite3.connect(":memory:")
    from importlib import resources

    try:
        for name in step_names():
            if int(name[:4]) > version:
                break
            script = (resources.files("db.migrations") / f"{name}.sql").read_text("utf-8")
            for statement in split_statements(script):
                conn.execute(statement)
        return _schema_of(conn)
    finally:
        conn.close()


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '\\_%' ESCAPE '\\'"
    )
    return {(kind, name): _SPACES.sub(" ", sql or "").strip() for kind, name, sql in rows}


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Tables or triggers that the file's schema version should have and that are missing,
    changed or added (an extra trigger could rewrite what the program writes)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0 or version > schema_version():
        return []  # a new file, or a newer program's: open_database says so
    expected, found = expected_schema(version), _schema_of(conn)
    problems = []
    for (kind, name), sql in expected.items():
        what = _("Bảng") if kind == "table" else _("Trigger")
        if (kind, name) not in found:
            problems.append(_("{what} {name} đã bị xóa khỏi tệp.").format(what=what, name=name))
        elif found[(kind, name)] != sql:
            problems.append(
                _("{what} {name} đã bị sửa ngoài chương trình.").format(what=what, name=name)
            )
    for kind, name in found.keys() - expected.keys():
        if kind == "trigger":
            problems.append(_("Có trigger lạ {name} không do chương trình tạo.").format(name=name))
    return problems


def has_backups(db_path: Path) -> bool:
    """Whether the automatic backups folder of this database holds any backup of it."""
    from desktop.core.storage.backup import automatic_backups

    return bool(automatic_backups(db_path))


def _empty_message(db_path: Path) -> str:
    return _(
        "Tệp dữ liệu {path} trống (không còn bảng dữ liệu nào) trong khi thư mục sao lưu bên "
        "cạnh có bản sao lưu của nó: tệp đã bị hỏng hoặc bị ghi đè, không phải văn phòng mới."
    ).format(path=db_path)


def file_problems(db_path: Path, *, schema: bool = True) -> list[str]:
    """What is wrong with the file before its pages are read (empty, tables or office gone,
    schema changed). Empty: the file is either sound so far or a genuinely new file.

    `schema=False` skips comparing tables and triggers with the migrations (a few
    milliseconds): the window does that part on the start-up check's thread."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return []
    if db_path.stat().st_size == 0:
        return [_empty_message(db_path)] if has_backups(db_path) else []
    try:
        conn = open_for_reading(db_path)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        return _content_problems(conn, db_path, schema)
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def _content_problems(conn: sqlite3.Connection, db_path: Path, schema: bool) -> list[str]:
    tables = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not tables:
        if version or has_backups(db_path):
            return [_empty_message(db_path)]
        return []
    problems = schema_problems(conn) if schema else []
    if problems:
        return problems
    if version and not _has_office(conn) and has_backups(db_path):
        return [
            _(
                "Tệp dữ liệu {path} không còn dữ liệu của văn phòng trong khi thư mục sao lưu "
                "bên cạnh có bản sao lưu của nó: tệp đã bị hỏng hoặc bị ghi đè."
            ).format(path=db_path)
        ]
    return []


def _has_office(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM unit WHERE is_self = 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False
