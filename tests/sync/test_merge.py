"""Merge by (unit_code, uid, rev): order independence, tombstones, conflicts, gaps, re-key."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import open_database
from desktop.core import people
from desktop.core.people import PersonInput
from desktop.core.sync import importer, keys, register
from desktop.core.sync.archive import BundleRefused

from .conftest import add_event, add_person, export_one


def _snapshot(db) -> dict:
    """Every synced row as the province holds it, without local ids and timestamps of import."""
    result = {}
    for table in ("campaign", "hamlet", "person", "event"):
        rows = db.conn.execute(f"SELECT * FROM {table} ORDER BY uid").fetchall()
        result[table] = [tuple(v for k, v in dict(row).items() if k != "id") for row in rows]
    return result


def _edit(db, uid: str, name: str) -> None:
    current = people.get_person(db, uid)
    people.update_person(db, uid, PersonInput(name, current.gender, current.birth_year))


def _history(tmp_path, commune) -> list[bytes]:
    """Four bundles: create, edit, delete, create again (each after the previous one)."""
    made = []
    first = add_person(commune, "Nguyễn Văn An")
    second = add_person(commune, "Lê Thị Bình", 1990)
    made.append(export_one(commune, tmp_path / "b1", period="2026-06").path.read_bytes())
    _edit(commune, first, "Nguyễn Văn An Khang")
    add_event(commune, "Họp ấp", "2026-07-02")
    made.append(_after_ack(commune, tmp_path / "b2", "2026-07"))
    people.delete_person(commune, second)
    made.append(_after_ack(commune, tmp_path / "b3", "2026-08"))
    add_person(commune, "Trần Văn Cường", 1975)
    made.append(_after_ack(commune, tmp_path / "b4", "2026-09"))
    return made


def _after_ack(commune, folder, period) -> bytes:
    """As if each earlier bundle had been acknowledged: only the new changes travel."""
    last = commune.conn.execute("SELECT MAX(seq_to), MAX(number) FROM bundle_out").fetchone()
    commune.conn.execute(
        "INSERT INTO ack_in (ack_number, device_id, epoch, highest, acked_seq, issued_at, "
        "imported_at) SELECT COALESCE(MAX(ack_number), 0) + 1, "
        "(SELECT value FROM meta WHERE key = 'device_id'), 1, ?, ?, 'x', 'x' FROM ack_in",
        [last[1], last[0]],
    )
    return export_one(commune, folder, period=period).path.read_bytes()


def test_bundles_in_any_order_give_the_same_province(tmp_path, prov, commune):
    bundles = _history(tmp_path, commune)
    for data in bundles:
        importer.import_bundle(prov.db, data, prov.identities)
    expected = _snapshot(prov.db)
    assert len(expected["person"]) == 3

    @settings(
        max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.permutations(range(len(bundles))))
    def check(order):
        target = tmp_path / "shuffled.sqlite3"
        shutil.copy(prov.path.parent / "fresh.sqlite3", target)
        db = open_database(target)
        try:
            for index in order:
                importer.import_bundle(db, bundles[index], prov.identities)
            assert _snapshot(db) == expected
            assert importer.gaps(db, *_chain(db)) == []
        finally:
            db.close()

    fresh = prov.path.parent / "fresh.sqlite3"
    _fresh_province(prov, fresh)
    check()


def _chain(db):
    return db.conn.execute("SELECT unit_code, device_id, epoch FROM bundle_in LIMIT 1").fetchone()


def _fresh_province(prov, target) -> None:
    """A copy of the province before any import (keys and register kept)."""
    prov.db.close()
    shutil.copy(prov.path, target)
    prov.reopen()
    db = open_database(target)
    for table in ("sync_conflict", "bundle_in", "outcome", "attendance", "person", "event"):
        db.conn.execute(f"DELETE FROM {table}")
    for table in ("event_type", "indicator", "hamlet", "organisation", "campaign"):
        # the province's own campaign (made at set-up) stays: only the communes' rows go
        db.conn.execute(
            f"DELETE FROM {table} WHERE unit_code != (SELECT code FROM unit WHERE is_self = 1)"
        )
    db.close()


def test_tombstone_beats_a_late_old_update(tmp_path, prov, commune):
    bundles = _history(tmp_path, commune)
    importer.import_bundle(prov.db, bundles[2], prov.identities)  # the deletion first
    importer.import_bundle(prov.db, bundles[0], prov.identities)  # then the old creation
    row = prov.db.conn.execute(
        "SELECT deleted_at FROM person WHERE full_name = 'Lê Thị Bình'"
    ).fetchone()
    assert row[0] is not None, "a late old update brought a deleted person back"


def test_gap_is_reported_until_the_missing_bundle_arrives(tmp_path, prov, commune):
    bundles = _history(tmp_path, commune)
    importer.import_bundle(prov.db, bundles[0], prov.identities)
    result = importer.import_bundle(prov.db, bundles[2], prov.identities)
    assert result.gaps == [2]
    assert "Còn thiếu gói số: 2" in result.message
    filled = importer.import_bundle(prov.db, bundles[1], prov.identities)
    assert filled.gaps == []


def test_equal_rev_with_other_content_is_a_conflict_kept_aside(tmp_path, prov, commune):
    uid = add_person(commune, "Đỗ Văn Hải")
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    # a restored backup edits the same row to the same rev with other content (new epoch)
    commune.conn.execute("UPDATE meta SET value = '2' WHERE key = 'device_epoch'")
    commune.conn.execute("DROP TRIGGER person_rev_must_rise")
    commune.conn.execute("UPDATE person SET full_name = 'Đỗ Văn Hải B' WHERE uid = ?", [uid])
    result = importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "b").path.read_bytes(), prov.identities
    )
    assert result.tables["person"]["conflicts"] == 1
    assert result.conflicts == [("person", uid)]
    held = prov.db.conn.execute("SELECT full_name FROM person WHERE uid = ?", [uid]).fetchone()
    assert held[0] == "Đỗ Văn Hải"
    kept = prov.db.conn.execute("SELECT incoming FROM sync_conflict").fetchone()
    assert json.loads(kept[0])["full_name"] == "Đỗ Văn Hải B"


def test_dry_run_shows_the_summary_and_writes_nothing(tmp_path, prov, commune):
    add_person(commune, "Hồ Văn Nam")
    data = export_one(commune, tmp_path / "a").path.read_bytes()
    before = prov.file_hash()
    result = importer.import_bundle(prov.db, data, prov.identities, dry_run=True)
    assert result.status == importer.DRY_RUN
    assert result.tables["person"]["new"] == 1
    assert result.message.startswith("Chạy thử, chưa ghi")
    assert prov.file_hash() == before
    assert importer.import_bundle(prov.db, data, prov.identities).status == importer.IMPORTED


def test_rekey_and_full_re_export(tmp_path, prov, commune):
    add_person(commune, "Mai Văn Tài")
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    old = keys.signing_public(commune)
    new = keys.new_signing_key(commune)
    register.enrol(prov.db, code, new)
    with pytest.raises(register.ReplacesKey) as asked:  # an impostor's key must not slip in
        register.confirm(prov.db, code, keys.fingerprint(new))
    assert keys.fingerprint(old) in str(asked.value)
    assert register.key_for(prov.db, code, old).status == register.ACTIVE
    register.confirm(prov.db, code, keys.fingerprint(new), replace=True)
    assert register.key_for(prov.db, code, old).status == register.RETIRED
    add_person(commune, "Cao Thị Lan")
    full = export_one(commune, tmp_path / "b", full=True).path.read_bytes()
    result = importer.import_bundle(prov.db, full, prov.identities)
    assert result.tables["person"] == {
        "new": 1,
        "updated": 0,
        "deleted": 0,
        "unchanged": 1,
        "conflicts": 0,
    }


def test_bundle_signed_with_the_retired_key_is_refused(tmp_path, prov, commune):
    add_person(commune, "Mai Văn Tài")
    data = export_one(commune, tmp_path / "a").path.read_bytes()
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    new = keys.new_signing_key(commune)
    register.enrol(prov.db, code, new)
    register.confirm(prov.db, code, keys.fingerprint(new), replace=True)
    with pytest.raises(BundleRefused, match="đã được thay bằng khóa mới"):
        importer.import_bundle(prov.db, data, prov.identities)


def test_the_commune_keeps_its_version_of_a_conflict_and_the_province_takes_it(
    tmp_path, prov, commune
):
    """`ack --load` only said "đã nhận đủ": the conflicts are now named with the commune's
    version, and keeping it settles them at the province."""
    from desktop.core.sync import ack

    uid = add_person(commune, "Đỗ Văn Hải")
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    commune.conn.execute("UPDATE meta SET value = '2' WHERE key = 'device_epoch'")
    commune.conn.execute("DROP TRIGGER person_rev_must_rise")
    commune.conn.execute("UPDATE person SET full_name = 'Đỗ Văn Hải B' WHERE uid = ?", [uid])
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "b").path.read_bytes(), prov.identities
    )
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    (tmp_path / "acks").mkdir()
    taken = ack.import_ack(commune, ack.write_ack(prov.db, code, tmp_path / "acks"))
    assert taken.conflicts == [{"table": "person", "uid": uid}]
    assert ack.open_conflicts(commune) == [{"table": "person", "uid": uid, "label": "Đỗ Văn Hải B"}]
    assert ack.keep_ours(commune) == 1
    result = importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "c").path.read_bytes(), prov.identities
    )
    assert result.tables["person"]["updated"] == 1
    held = prov.db.conn.execute("SELECT full_name FROM person WHERE uid = ?", [uid]).fetchone()
    assert held[0] == "Đỗ Văn Hải B"
    assert prov.db.conn.execute("SELECT count(*) FROM sync_conflict").fetchone()[0] == 0
    again = ack.import_ack(commune, ack.write_ack(prov.db, code, tmp_path / "acks"))
    assert again.conflicts == []


def test_enrol_names_the_key_in_use_before_a_new_one_replaces_it(tmp_path, prov, commune, capsys):
    """The impostor's case at the command line: enrolling a second key for a commune says which
    key it has, and that only a confirmation with --replace would retire it."""
    from pathlib import Path

    from desktop.cli import main

    add_person(commune, "Mai Văn Tài")
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    old = keys.signing_public(commune)
    keys.new_signing_key(commune)
    add_person(commune, "Cao Thị Lan")
    second = export_one(commune, tmp_path / "b").path
    province = Path(prov.db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert main(["--db", str(province), "enrol", str(second)]) == 0
    out = capsys.readouterr().out
    assert "chờ xác nhận" in out
    assert keys.fingerprint(old) in out and "--replace" in out
