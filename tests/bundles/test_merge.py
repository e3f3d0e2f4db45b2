"""Merging at the province: idempotent, order-independent, tombstones win, conflicts kept aside."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import open_database, transaction
from db.schema import SYNCED_TABLES
from desktop.core import records
from desktop.core.bundles import ack, export, importer, summary
from tests.bundles import craft


def _rows(db, unit_code):
    found = {}
    for table in SYNCED_TABLES:
        for row in db.conn.execute(f"SELECT * FROM {table} WHERE unit_code = ?", [unit_code]):
            values = dict(row)
            values.pop("id")
            found[(table, values["uid"])] = values
    return found


def _ack_body(data: bytes) -> dict:
    return json.loads(json.loads(data)["body"])


def _export_and_ack(offices) -> bytes:
    """One incremental bundle of commune A, imported and acknowledged at the province."""
    data = export.export(offices.a, offices.usb)[-1].path.read_bytes()
    importer.import_bundle(offices.province, data, offices.identity, dry_run=False)
    ack.import_ack(offices.a, ack.make_ack(offices.province, offices.codes["a"])[1])
    return data


def _new_person(db) -> str:
    with transaction(db):
        return records.insert(
            db,
            "person",
            {"full_name": "Phạm Thị Hoa", "search_key": "pham thi hoa", "sort_key": "hoa"},
        )


@pytest.fixture
def four_bundles(offices):
    """Bundles 1–4 of commune A: all rows; edits and a new person; deletions; one more edit."""
    a = offices.a
    first, second = (r[0] for r in a.conn.execute("SELECT uid FROM person ORDER BY id LIMIT 2"))
    bundles = [_export_and_ack(offices)]
    with transaction(a):
        records.update(a, "person", first, {"phone": "0912345678"})
        offices.new_uid = _new_person(a)
        visit = a.conn.execute("SELECT uid FROM attendance LIMIT 1").fetchone()[0]
        records.tombstone(a, "attendance", visit)
    bundles.append(_export_and_ack(offices))
    with transaction(a):
        records.tombstone(a, "person", first)
        records.update(a, "person", offices.new_uid, {"phone": "0987654321"})
    bundles.append(_export_and_ack(offices))
    with transaction(a):
        records.update(a, "person", second, {"notes": "Đã chuyển đi nơi khác"})
    bundles.append(_export_and_ack(offices))
    offices.deleted_uid = first
    return bundles


def _fresh_province(templates, folder):
    path = folder / f"province-{uuid.uuid4().hex}.sqlite3"
    shutil.copyfile(templates.folder / "province.sqlite3", path)
    return open_database(path)


def _import_all(db, bundles, identity):
    for data in bundles:
        importer.import_bundle(db, data, identity, dry_run=False)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_order_gives_the_communes_own_rows(offices, templates, four_bundles, tmp_path, data):
    order = data.draw(st.permutations(range(4)))
    db = _fresh_province(templates, tmp_path)
    try:
        _import_all(db, [four_bundles[i] for i in order], offices.identity)
        code = offices.codes["a"]
        assert _rows(db, code) == _rows(offices.a, code)
        assert db.conn.execute("SELECT COUNT(*) FROM bundle_conflict").fetchone()[0] == 0
    finally:
        db.close()


def test_twice_is_once(offices, four_bundles):
    code = offices.codes["a"]
    state = _rows(offices.province, code)
    before = offices.db_hash()
    for data in four_bundles:
        result = importer.import_bundle(offices.province, data, offices.identity, dry_run=False)
        assert result.status == "duplicate"
    assert offices.db_hash() == before
    assert _rows(offices.province, code) == state


def test_a_tombstone_beats_a_late_update(offices, templates, four_bundles, tmp_path):
    db = _fresh_province(templates, tmp_path)
    try:
        first, second, third, _fourth = four_bundles
        _import_all(db, [first, third], offices.identity)
        late = importer.import_bundle(db, second, offices.identity, dry_run=False)
        assert late.tables["person"].older >= 1
        row = db.conn.execute(
            "SELECT deleted_at, rev FROM person WHERE uid = ?", [offices.deleted_uid]
        ).fetchone()
        assert row["deleted_at"] is not None and row["rev"] == 3
    finally:
        db.close()


def test_a_missing_bundle_is_reported_as_a_gap(offices, templates, four_bundles, tmp_path):
    db = _fresh_province(templates, tmp_path)
    try:
        first, _second, third, _fourth = four_bundles
        _import_all(db, [first], offices.identity)
        result = importer.import_bundle(db, third, offices.identity, dry_run=True)
        assert result.gaps == [2]
        assert "  Còn thiếu gói số: 2." in summary.lines(result)
        _import_all(db, [third], offices.identity)
        body = _ack_body(ack.make_ack(db, offices.codes["a"])[1])
        assert (body["number"], body["missing"]) == (1, [2])
    finally:
        db.close()


def test_equal_rev_with_other_content_is_a_conflict_kept_aside(offices):
    importer.import_bundle(
        offices.province,
        export.export(offices.a, offices.usb)[0].path.read_bytes(),
        offices.identity,
        dry_run=False,
    )
    uid = offices.a.conn.execute("SELECT uid FROM person ORDER BY id LIMIT 1").fetchone()[0]
    stored = offices.province.conn.execute(
        "SELECT full_name FROM person WHERE uid = ?", [uid]
    ).fetchone()[0]
    line = craft.person_line(offices.a, full_name="Tên khác hẳn")
    data = craft.bundle_with_lines(offices.a, [line], number=2)
    result = importer.import_bundle(offices.province, data, offices.identity, dry_run=False)
    assert result.tables["person"].conflicts == 1
    assert result.conflicts == [{"table": "person", "uid": uid, "line": 2}]
    assert any("Xung đột: person" in line for line in summary.lines(result))
    kept = offices.province.conn.execute(
        "SELECT full_name FROM person WHERE uid = ?", [uid]
    ).fetchone()[0]
    assert kept == stored
    kept_aside = offices.province.conn.execute("SELECT tbl, uid, line FROM bundle_conflict")
    assert [tuple(row) for row in kept_aside] == [("person", uid, 2)]
    body = _ack_body(ack.make_ack(offices.province, offices.codes["a"])[1])
    assert body["conflicts"] == [{"table": "person", "uid": uid, "rev": 1}]
