"""Commune → province → commune: export, dry run, import, acknowledgement, re-export."""

from __future__ import annotations

import pytest

from db.schema import SYNCED_TABLES
from desktop.core import people
from desktop.core.bundles import BundleError, ack, export, importer, summary


def _rows(db, unit_code):
    """Every synced row of a unit without local ids, as the province should hold it."""
    found = {}
    for table in SYNCED_TABLES:
        for row in db.conn.execute(f"SELECT * FROM {table} WHERE unit_code = ?", [unit_code]):
            values = dict(row)
            values.pop("id")
            found[(table, values["uid"])] = values
    return found


def test_export_then_import_gives_the_province_the_communes_rows(offices):
    written = export.export(offices.a, offices.usb, period="2026-08")
    assert len(written) == 1
    bundle = written[0]
    code = offices.codes["a"]
    assert bundle.path.name.startswith(f"{code}_2026-08_")
    assert bundle.path.name.endswith("_000001.antq")
    assert [p.name for p in offices.usb.iterdir()] == [bundle.path.name]  # no .part left

    before = offices.db_hash()
    dry = importer.import_file(offices.province, bundle.path, offices.identity, dry_run=True)
    assert offices.db_hash() == before
    assert dry.status == "dry-run"
    assert dry.totals().new == bundle.rows > 100
    lines = summary.lines(dry)
    assert lines[0].startswith("Chạy thử (chưa ghi) gói")
    assert any(line.startswith("  person: mới ") for line in lines)

    done = importer.import_file(offices.province, bundle.path, offices.identity, dry_run=False)
    assert done.status == "imported"
    assert done.totals().new == bundle.rows
    assert _rows(offices.province, code) == _rows(offices.a, code)


def test_the_same_bundle_twice_changes_nothing_and_says_so(offices):
    path = export.export(offices.a, offices.usb)[0].path
    importer.import_file(offices.province, path, offices.identity, dry_run=False)
    before = offices.db_hash()
    again = importer.import_file(offices.province, path, offices.identity, dry_run=False)
    assert again.status == "duplicate"
    assert "đã được nhập trước đây; không có gì thay đổi" in summary.lines(again)[0]
    assert offices.db_hash() == before


def test_an_empty_month_still_writes_a_bundle(offices):
    first = export.export(offices.a, offices.usb, period="2026-08")[0]
    importer.import_file(offices.province, first.path, offices.identity, dry_run=False)
    ack.import_ack(offices.a, ack.make_ack(offices.province, offices.codes["a"])[1])
    assert export.waiting_rows(offices.a) == 0

    empty = export.export(offices.a, offices.usb, period="2026-09")
    assert [(b.number, b.rows) for b in empty] == [(2, 0)]
    result = importer.import_file(offices.province, empty[0].path, offices.identity, dry_run=False)
    assert "  Không có thay đổi trong kỳ." in summary.lines(result)
    assert result.manifest.aggregates["people_registered"] == 40


def test_ack_moves_the_mark_and_the_next_export_carries_only_new_changes(offices):
    first = export.export(offices.a, offices.usb)[0]
    importer.import_file(offices.province, first.path, offices.identity, dry_run=False)
    name, data = ack.make_ack(offices.province, offices.codes["a"])
    assert name.startswith(f"ack_{offices.codes['a']}_")
    assert export.last_acknowledgement(offices.a) is None
    got = ack.import_ack(offices.a, data)
    assert export.last_acknowledgement(offices.a) is not None
    assert (got.number, got.seq_to) == (1, first.seq_to)
    assert export.history(offices.a)[0]["acked_at"] is not None

    person = offices.a.conn.execute("SELECT uid FROM person LIMIT 1").fetchone()[0]
    people.delete_person(offices.a, person)
    changed = offices.a.conn.execute(
        "SELECT COUNT(DISTINCT tbl || uid) FROM change_log WHERE seq > ?", [first.seq_to]
    ).fetchone()[0]
    assert export.waiting_rows(offices.a) == changed >= 1
    second = export.export(offices.a, offices.usb)[0]
    assert (second.number, second.rows, second.seq_from) == (2, changed, first.seq_to + 1)
    result = importer.import_file(offices.province, second.path, offices.identity, dry_run=False)
    assert result.tables["person"].deleted == 1

    assert ack.import_ack(offices.a, ack.make_ack(offices.province, offices.codes["a"])[1])
    before = offices.db_hash("a")
    with pytest.raises(BundleError, match="cũ hơn hoặc đã được nhập"):
        ack.import_ack(offices.a, data)  # the first ack again: older, refused
    assert offices.db_hash("a") == before
