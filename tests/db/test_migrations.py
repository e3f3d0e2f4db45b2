"""Migrations: from empty, re-run, refusing a newer database, and every past schema version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import open_database, transaction
from db.errors import DatabaseLocked, DatabaseTooNew, classify
from db.migrations import MIGRATION_SET, schema_version, split_statements, step_names
from db.schema import SYNCED_TABLES

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED_TABLES = {
    "_sqlite_migrations",
    "meta",
    "unit",
    "ethnicity",
    "religion",
    "change_log",
    *SYNCED_TABLES,
}


def _schema(conn) -> list[tuple]:
    return conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()


def _migration_rows(conn) -> list[tuple]:
    return conn.execute("SELECT migration_set, name, applied_at FROM _sqlite_migrations").fetchall()


def _snapshot(path: Path) -> tuple[bytes, int, list[tuple]]:
    with sqlite3.connect(path) as conn:
        schema = [tuple(row) for row in _schema(conn)]
    conn.close()
    return path.read_bytes(), path.stat().st_mtime_ns, schema


def _make_too_new(path: Path, tamper: str, *, wal: bool = True) -> None:
    """A database of ours that a newer program has touched, closed cleanly."""
    database = open_database(path)
    database.conn.execute(tamper)
    if not wal:
        database.conn.execute("PRAGMA journal_mode = DELETE")
    database.close()


def test_migrating_an_empty_file_creates_every_table_and_sets_user_version(tmp_path):
    database = open_database(tmp_path / "new.sqlite3")
    tables = {r[0] for r in database.conn.execute("SELECT name FROM sqlite_master")}
    assert tables >= EXPECTED_TABLES
    assert database.conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    names = [row[1] for row in _migration_rows(database.conn)]
    assert names == step_names()


def test_schema_version_is_the_number_of_the_newest_step():
    assert schema_version() == int(step_names()[-1][:4])
    assert step_names() == sorted(step_names())


def test_rerunning_migrate_changes_nothing(tmp_path):
    path = tmp_path / "antq.sqlite3"
    first = open_database(path)
    schema, applied = _schema(first.conn), _migration_rows(first.conn)
    first.close()
    again = open_database(path)
    assert _schema(again.conn) == schema
    assert _migration_rows(again.conn) == applied
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
@pytest.mark.parametrize(
    "tamper",
    [
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        f"VALUES ('{MIGRATION_SET}', '9999_from_the_future', '2030-01-01')",
        "PRAGMA user_version = 9999",
    ],
    ids=["unknown-migration", "higher-user-version"],
)
def test_newer_database_is_refused_and_left_untouched(tmp_path, tamper, wal):
    path = tmp_path / "newer.sqlite3"
    _make_too_new(path, tamper, wal=wal)
    before = _snapshot(path)
    with pytest.raises(DatabaseTooNew):
        open_database(path)
    assert _snapshot(path) == before


def test_file_connection_is_durable_and_enforces_foreign_keys(tmp_path):
    conn = open_database(tmp_path / "antq.sqlite3").conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_keys_refuse_an_event_of_a_missing_campaign(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            "INSERT INTO event (uid, unit_code, created_at, updated_at, campaign_uid, "
            "event_type_uid, title, search_key, start_date, end_date) "
            "VALUES ('e', '00001', 'now', 'now', 'missing', 'missing', 't', 't', "
            "'2026-01-01', '2026-01-01')"
        )


def test_transaction_rolls_back_on_exception(db):
    with pytest.raises(RuntimeError), transaction(db):
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert db.conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'k'").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_nested_transaction_rolls_back_only_the_inner_block(db):
    with transaction(db):
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('outer', '1')")
        with pytest.raises(RuntimeError), transaction(db):
            db.conn.execute("INSERT INTO meta (key, value) VALUES ('inner', '1')")
            raise RuntimeError("boom")
    keys = {r[0] for r in db.conn.execute("SELECT key FROM meta")}
    assert "outer" in keys and "inner" not in keys


def test_transaction_takes_the_write_lock_up_front(tmp_path):
    path = tmp_path / "antq.sqlite3"
    database = open_database(path)
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with transaction(database):
        # Nothing written yet: only BEGIN IMMEDIATE can be holding the lock.
        with pytest.raises(sqlite3.OperationalError) as raised:
            other.execute("INSERT INTO meta (key, value) VALUES ('other', '1')")
        assert isinstance(classify(raised.value), DatabaseLocked)
    other.execute("INSERT INTO meta (key, value) VALUES ('other', '1')")
    other.close()


def test_transaction_reports_a_held_lock_as_database_locked(tmp_path):
    path = tmp_path / "antq.sqlite3"
    open_database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiting = open_database(path)
    waiting.conn.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(DatabaseLocked), transaction(waiting):
        pass
    holder.execute("ROLLBACK")
    holder.close()


def test_split_statements_keeps_trigger_bodies_whole():
    script = """
    -- a comment line
    CREATE TABLE t (a INTEGER);

    CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
        INSERT INTO t (a) VALUES (NEW.a + 1);
        SELECT 1;
    END;
    CREATE INDEX t_a ON t(a);
    """
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    assert "SELECT 1;" in statements[1]


def test_split_statements_refuses_an_unfinished_statement():
    with pytest.raises(ValueError):
        split_statements("CREATE TABLE t (a INTEGER)")


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.sqlite3"))


def test_there_is_a_fixture_for_every_schema_version():
    versions = {int(path.stem.removeprefix("schema_v")) for path in _fixtures()}
    # numbers are reserved per feature (0002 sync, 0003 reports, 0004 list import), so not dense
    assert versions == {int(name[:4]) for name in step_names()}


def _synced_tables_in(conn: sqlite3.Connection) -> list[str]:
    """The synced tables this file has: an old schema lacks those a later migration added."""
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return [table for table in SYNCED_TABLES if table in present]


def test_an_old_file_is_counted_by_the_tables_it_has(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.sqlite3")
    conn.execute("CREATE TABLE person (uid TEXT)")
    assert _synced_tables_in(conn) == ["person"]
    conn.close()


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda path: path.name)
def test_every_past_schema_version_migrates_and_keeps_its_rows(tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with sqlite3.connect(path) as conn:
        counts = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in _synced_tables_in(conn)
        }
        log = conn.execute("SELECT MAX(seq) FROM change_log").fetchone()[0]
    conn.close()
    database = open_database(path)
    conn = database.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert [row[1] for row in _migration_rows(conn)] == step_names()
    for table, count in counts.items():
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table
    assert all(counts.values()), "a fixture should hold at least one row per synced table it has"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT MAX(seq) FROM change_log").fetchone()[0] >= log
