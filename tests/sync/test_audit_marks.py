"""Issue 15: the province keeps every (entry number, hash) of a commune's audit trail it has
received and checks each later manifest against them."""

from __future__ import annotations

import datetime as dt
import hashlib

from desktop.core.sync import archive, completeness, importer, manifest

from .conftest import add_person, export_one
from .test_heal import unit_of


def _import(prov, item):
    return importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)


def test_a_trail_rewritten_after_it_was_reported_is_named_at_import_and_in_the_grid(
    tmp_path, prov, commune
):
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "a", period="2026-08")
    assert _import(prov, first).warnings == []
    head = commune.conn.execute("SELECT audit_head_id FROM bundle_out").fetchone()[0]
    forged = hashlib.sha256(b"rewritten").hexdigest()  # entries changed outside the program
    commune.conn.execute("DROP TRIGGER audit_no_update")  # outside the program, with sqlite3
    commune.conn.execute("UPDATE audit SET hash = ? WHERE id = ?", [forged, head])
    add_person(commune, "Đinh Thị Lan")
    second = export_one(commune, tmp_path / "b", period="2026-09")
    result = _import(prov, second)
    assert result.status == importer.IMPORTED  # the data still arrives; the doubt is named
    assert any(f"viết lại sau khi báo cáo (mục số {head}" in w for w in result.warnings)
    assert "viết lại" in result.message
    grid = completeness.grid(prov.db, ["2026-08", "2026-09"], dt.date(2026, 10, 1))
    (row,) = [r for r in grid.rows if r.unit_code == unit_of(commune)]
    assert row.unit_name.endswith("(nhật ký bị viết lại)")


def test_an_honest_trail_raises_nothing_across_many_bundles(tmp_path, prov, commune):
    for month in ("2026-08", "2026-09", "2026-10"):
        add_person(commune, f"Người tháng {month}")
        result = _import(prov, export_one(commune, tmp_path / month, period=month))
        assert result.warnings == []
    (last,) = (tmp_path / "2026-10").iterdir()
    third = manifest.parse(archive.unpack(last.read_bytes(), 1 << 30)[archive.MANIFEST])
    assert len(third.audit_marks) == 2 and third.format_version == 3
    assert importer.rewritten_communes(prov.db) == set()
