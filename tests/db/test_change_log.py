"""The change log: triggers record every insert, update and delete of a synced table."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from db import transaction
from db.schema import SYNCED_TABLES
from desktop.core import audit, catalogues, records
from desktop.core.text import person_sort_key


@pytest.fixture(autouse=True)
def _inside_an_audit_action(request):
    """`records` refuses to write outside an audit action; these tests drive it directly."""
    if "commune_db" not in request.fixturenames:
        yield
        return
    with audit.action(request.getfixturevalue("commune_db"), None, "test"):
        yield


def _row_values(db, table: str) -> dict:
    """Minimal valid column values for a new row of `table` in the commune database."""
    campaign = db.campaign_uid
    event_type = catalogues.event_types(db, campaign)[0].uid
    indicator = catalogues.indicators(db, campaign)[0].uid

    def event() -> str:
        return records.insert(db, "event", _row_values(db, "event"))

    def person() -> str:
        return records.insert(db, "person", _row_values(db, "person"))

    makers = {
        "campaign": lambda: {
            "code": "KH-TEST",
            "title": "Kế hoạch thử",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
        },
        "event_type": lambda: {"campaign_uid": campaign, "code": "thu", "name": "Loại thử"},
        "indicator": lambda: {
            "campaign_uid": campaign,
            "code": "thu",
            "name": "Chỉ tiêu thử",
            "category": "other",
        },
        "hamlet": lambda: {"name": "Ấp Mới", "search_key": "ap moi"},
        "organisation": lambda: {"name": "Hội Thử", "search_key": "hoi thu"},
        "event": lambda: {
            "campaign_uid": campaign,
            "event_type_uid": event_type,
            "title": "Họp dân",
            "search_key": "hop dan",
            "start_date": "2026-03-01",
            "end_date": "2026-03-01",
        },
        "person": lambda: {
            "full_name": "Nguyễn Văn An",
            "search_key": "nguyen van an",
            "sort_key": person_sort_key("Nguyễn Văn An"),
        },
        "attendance": lambda: {"event_uid": event(), "person_uid": person()},
        "outcome": lambda: {"campaign_uid": campaign, "indicator_uid": indicator},
    }
    return makers[table]()


def _log(db, table: str, uid: str) -> list[tuple[str, int]]:
    return [
        (r["op"], r["rev"])
        for r in db.conn.execute(
            "SELECT op, rev FROM change_log WHERE tbl = ? AND uid = ? ORDER BY seq", [table, uid]
        )
    ]


def _max_seq(db) -> int:
    return db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0]


def test_every_synced_table_has_the_sync_columns(db):
    for table in SYNCED_TABLES:
        columns = {row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")}
        assert {"uid", "unit_code", "rev", "created_at", "updated_at", "deleted_at"} <= columns


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_insert_update_tombstone_each_log_exactly_one_row(commune_db, table):
    uid = records.insert(commune_db, table, _row_values(commune_db, table))
    assert _log(commune_db, table, uid) == [("I", 1)]
    records.update(commune_db, table, uid, {"updated_at": "2026-05-05T00:00:00+00:00"})
    assert _log(commune_db, table, uid) == [("I", 1), ("U", 2)]
    records.tombstone(commune_db, table, uid)
    assert _log(commune_db, table, uid) == [("I", 1), ("U", 2), ("D", 3)]


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_hard_delete_is_logged(commune_db, table):
    uid = records.insert(commune_db, table, _row_values(commune_db, table))
    commune_db.conn.execute(f"DELETE FROM {table} WHERE uid = ?", [uid])
    assert _log(commune_db, table, uid) == [("I", 1), ("D", 1)]


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_rolled_back_insert_leaves_no_log_row(commune_db, table):
    values = _row_values(commune_db, table)  # parents are committed outside the transaction
    before = _max_seq(commune_db)
    with pytest.raises(RuntimeError), transaction(commune_db):
        uid = records.insert(commune_db, table, values)
        assert _log(commune_db, table, uid) == [("I", 1)]  # written in the same transaction
        raise RuntimeError("power cut")
    assert _log(commune_db, table, uid) == []
    assert _max_seq(commune_db) == before


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_update_that_does_not_raise_rev_is_refused(commune_db, table):
    uid = records.insert(commune_db, table, _row_values(commune_db, table))
    with pytest.raises(sqlite3.IntegrityError, match="rev must rise"):
        commune_db.conn.execute(f"UPDATE {table} SET updated_at = 'later' WHERE uid = ?", [uid])
    assert _log(commune_db, table, uid) == [("I", 1)]


def test_seq_strictly_increases(commune_db):
    seqs = [r[0] for r in commune_db.conn.execute("SELECT seq FROM change_log ORDER BY rowid")]
    assert len(seqs) > 10
    assert all(a < b for a, b in itertools.pairwise(seqs))


def test_seq_is_never_reused_after_log_rows_are_deleted(commune_db):
    top = _max_seq(commune_db)
    commune_db.conn.execute("DELETE FROM change_log WHERE seq >= ?", [top - 2])
    uid = records.insert(commune_db, "hamlet", _row_values(commune_db, "hamlet"))
    seq = commune_db.conn.execute("SELECT seq FROM change_log WHERE uid = ?", [uid]).fetchone()[0]
    assert seq == top + 1


def test_a_retired_uid_keeps_its_whole_history(commune_db):
    uid = catalogues.add_hamlet(commune_db, "Ấp Cũ")
    catalogues.rename(commune_db, "hamlet", uid, "Ấp Cũ Hai")
    catalogues.set_active(commune_db, "hamlet", uid, False)
    assert _log(commune_db, "hamlet", uid) == [("I", 1), ("U", 2), ("U", 3)]
