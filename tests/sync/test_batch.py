"""A batch of bundles: a dry run predicts the real run, Cancel stops between bundles, and lines
the database cannot hold are refused with their reason, never a traceback."""

from __future__ import annotations

import pytest

from desktop.core.sync import importer

from .conftest import add_person, export_one, forge
from .test_bad_input import refused


def _two(tmp_path, commune):
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "a", period="2026-08").path
    add_person(commune, "Đinh Thị Lan")
    second = export_one(commune, tmp_path / "b", period="2026-09").path
    return first, second


def test_dry_run_of_a_batch_simulates_it_in_order(tmp_path, prov, commune):
    """Each file was checked alone: the same bundle was "59 mới" twice."""
    first, second = _two(tmp_path, commune)
    before = prov.file_hash()
    trial = importer.import_files(prov.db, [first, first, second], prov.identities, dry_run=True)
    assert [r.status for r in trial] == [importer.DRY_RUN, importer.DUPLICATE, importer.DRY_RUN]
    assert trial[2].tables["person"]["new"] == 1 and trial[2].tables["person"]["unchanged"] == 1
    assert prov.file_hash() == before  # nothing of the batch stays
    real = importer.import_files(prov.db, [first, first, second], prov.identities)
    assert [r.status for r in real] == [importer.IMPORTED, importer.DUPLICATE, importer.IMPORTED]
    assert [r.tables for r in real] == [r.tables for r in trial]


def test_cancel_while_a_bundle_merges_rolls_it_back_whole(tmp_path, prov, commune):
    first, second = _two(tmp_path, commune)
    results = importer.import_files(
        prov.db, [first, second], prov.identities, cancelled=lambda: True
    )
    assert [r.status for r in results] == []  # asked before the first: nothing opened
    asked = []

    def cancelled() -> bool:  # Hủy pressed after the first file began
        asked.append(1)
        return len(asked) > 1

    results = importer.import_files(prov.db, [first, second], prov.identities, cancelled=cancelled)
    assert [r.status for r in results] == [importer.STOPPED]
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_in").fetchone()[0] == 0
    assert prov.db.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0


def test_cancel_between_bundles_keeps_what_was_imported(tmp_path, prov, commune):
    first, second = _two(tmp_path, commune)
    seen = []
    results = importer.import_files(
        prov.db,
        [first, second],
        prov.identities,
        cancelled=lambda: len(seen) == 1,
        progress=lambda index, total, result: seen.append((index, total, result.status)),
    )
    assert seen == [(1, 2, importer.IMPORTED)] and len(results) == 1
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_in").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ({"birth_year": 2**70}, "số quá lớn"),
        ({"uid": "../../etc/passwd"}, "trường uid sai định dạng"),
        ({"updated_at": "hôm qua"}, "trường updated_at sai định dạng"),
        ({"created_at": "2026-13-45T00:00:00"}, "trường created_at sai định dạng"),
    ],
)
def test_lines_the_database_cannot_hold_are_refused_with_their_reason(
    prov, commune, override, said
):
    uid = add_person(commune, "Lê Văn Tám")
    from desktop.core.sync import payload

    row = payload.fetch_rows(commune, "person", [uid])[uid]
    row.update(override)
    data = forge(
        commune,
        payload.row_line("person", row),
        counts={"person": {"rows": 1, "tombstones": 0}},
    )
    error = refused(prov, data, said)
    assert error.rejected and error.rejected[0][0] == 2
