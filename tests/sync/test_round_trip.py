"""A commune's export reaches the province whole: rows, tombstones, counts, idempotence."""

from __future__ import annotations

from desktop.core import people
from desktop.core.sync import bundle_writer, importer

from .conftest import add_event, add_person


def _count(db, table: str, unit: str) -> int:
    """The rows of one unit (the province also holds its own campaign)."""
    sql = f"SELECT COUNT(*) FROM {table} WHERE unit_code = ?"
    return db.conn.execute(sql, [unit]).fetchone()[0]


def test_export_then_import_carries_every_row(tmp_path, prov, commune):
    add_person(commune, "Nguyễn Văn Dũng")
    gone = add_person(commune, "Đặng Thị Mai", 1992)
    people.delete_person(commune, gone)
    add_event(commune, "Ngày hội ấp Tân Hòa", "2026-08-19", 120)
    out = tmp_path / "usb"
    out.mkdir()
    written = bundle_writer.export(commune, out, period="2026-08")
    assert len(written) == 1
    assert written[0].path.name.startswith(f"{commune_code(commune)}_2026-08_")
    result = importer.import_bundle(
        prov.db, written[0].path.read_bytes(), prov.identities, file_name=written[0].path.name
    )
    assert result.status == importer.IMPORTED, result.message
    assert result.tables["person"]["new"] == 1
    assert result.tables["person"]["deleted"] == 1
    for table in ("person", "event", "campaign", "hamlet"):
        code = commune_code(commune)
        assert _count(prov.db, table, code) == _count(commune, table, code), table
    again = importer.import_bundle(prov.db, written[0].path.read_bytes(), prov.identities)
    assert again.status == importer.DUPLICATE
    assert "đã được nhập trước đây" in again.message


def commune_code(db) -> str:
    return db.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
