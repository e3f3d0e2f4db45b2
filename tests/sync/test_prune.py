"""Taking an ack prunes the change log: superseded acknowledged entries go, the rest stays."""

from __future__ import annotations

from desktop.core import people
from desktop.core.storage import health
from desktop.core.sync import ack, bundle_writer, importer, payload, status

from .conftest import add_person, export_one, make_commune


def _log(db) -> list[tuple]:
    return [tuple(row) for row in db.conn.execute("SELECT seq, tbl, uid, rev FROM change_log")]


def _rename(db, uid: str, name: str) -> None:
    person = people.get_person(db, uid)
    people.update_person(
        db, uid, people.PersonInput(name, person.gender, person.birth_year, hamlet_uid=db.hamlet)
    )


def _ack(tmp_path, prov, commune, name: str):
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    return ack.import_ack(commune, ack.write_ack(prov.db, code, tmp_path / name))


def test_ack_prunes_superseded_entries_and_keeps_the_unacknowledged_range(tmp_path, prov, commune):
    son = add_person(commune, "Ngô Văn Sơn")
    _rename(commune, son, "Ngô Văn Sơn Hải")
    _rename(commune, son, "Ngô Văn Sơn Hà")
    first = export_one(commune, tmp_path / "usb1", period="2026-08")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    # After the bundle, before the ack: a range the province has not acknowledged.
    _rename(commune, son, "Ngô Văn Sơn Hùng")
    lan = add_person(commune, "Phạm Thị Lan")
    second = export_one(commune, tmp_path / "usb2", period="2026-09")  # lost on the way
    before = _log(commune)
    (tmp_path / "acks").mkdir()
    result = _ack(tmp_path, prov, commune, "acks")

    mark = result.acked_seq
    assert result.highest == 1 and mark == first_seq_to(commune)
    after = _log(commune)
    assert result.pruned == len(before) - len(after) >= 2  # Sơn's first revisions
    assert [e for e in before if e[0] > mark] == [e for e in after if e[0] > mark]
    assert [e[3] for e in after if e[2] == son] == [4]  # revs 1-3 superseded by the new edit
    assert health.rows_without_log(commune)[0] == {}

    # The unacknowledged range goes again, e.g. once the province has a new key.
    again = bundle_writer.export(commune, _folder(tmp_path / "usb3"), period="2026-09")
    assert second.number == 2 and again[0].number == 3
    assert {c.uid for c in payload.changed_since(commune, mark)} >= {son, lan}
    imported = importer.import_bundle(prov.db, again[0].path.read_bytes(), prov.identities)
    assert imported.status == importer.IMPORTED and imported.gaps == [2]
    names = "SELECT full_name FROM person WHERE uid IN (?, ?) ORDER BY full_name"
    rows = prov.db.conn.execute(names, [son, lan]).fetchall()
    assert [row[0] for row in rows] == ["Ngô Văn Sơn Hùng", "Phạm Thị Lan"]


def first_seq_to(commune) -> int:
    return commune.conn.execute("SELECT seq_to FROM bundle_out WHERE number = 1").fetchone()[0]


def _folder(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_full_export_reads_the_tables_not_the_log(tmp_path, prov):
    commune = make_commune(tmp_path, prov, 2)
    for index in range(5):
        add_person(commune, f"Người số {index}")
    commune.conn.execute("DELETE FROM change_log")  # as if every entry had been pruned
    assert status.status(commune).waiting_changes == 0
    full = export_one(commune, tmp_path / "usb", full=True)
    result = importer.import_bundle(prov.db, full.path.read_bytes(), prov.identities)
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    sql = "SELECT COUNT(*) FROM person WHERE unit_code = ?"
    assert result.total("new") == full.rows
    assert prov.db.conn.execute(sql, [code]).fetchone()[0] == 5
    commune.close()
