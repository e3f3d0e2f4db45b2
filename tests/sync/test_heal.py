"""Every gap closable: a lost bundle is issued again or closed by a full export, and an export
cut off between writing its file and recording it is finished, never redone with other bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from db.schema import SYNCED_TABLES
from desktop.cli import main
from desktop.core import office, people
from desktop.core.errors import UserError
from desktop.core.sync import ack, bundle_writer, completeness, copies, importer, status

from .conftest import add_event, add_person, export_one


def rows_of(db, unit: str) -> dict[str, list[tuple]]:
    """Every synced row of the commune, without the local integer id: what "identical" means."""
    found = {}
    for table in SYNCED_TABLES:
        cursor = db.conn.execute(f"SELECT * FROM {table} WHERE unit_code = ? ORDER BY uid", [unit])
        names = [column[0] for column in cursor.description]
        found[table] = [
            tuple(value for name, value in zip(names, row, strict=True) if name != "id")
            for row in cursor
        ]
    return found


def unit_of(db) -> str:
    return office.self_unit(db).code


def four_months(tmp_path, commune) -> list:
    """Four bundles, a month's work in each (a person changed, an event, a person removed)."""
    written = []
    first = add_person(commune, "Ngô Văn Sơn")
    written.append(export_one(commune, tmp_path / "b1", period="2026-08"))
    add_event(commune, "Họp dân ấp Tân Hòa", "2026-09-10")
    people.update_person(commune, first, people.PersonInput("Ngô Văn Sơn", "nam", 1981))
    written.append(export_one(commune, tmp_path / "b2", period="2026-09"))
    gone = add_person(commune, "Đặng Thị Thu")
    written.append(export_one(commune, tmp_path / "b3", period="2026-10"))
    people.delete_person(commune, gone)
    add_person(commune, "Võ Minh Trí")
    written.append(export_one(commune, tmp_path / "b4", period="2026-11"))
    return written


def take_ack(prov, commune, folder):
    folder.mkdir(exist_ok=True)
    return ack.import_ack(commune, ack.write_ack(prov.db, unit_of(commune), folder))


def test_lost_bundle_issued_again_closes_the_gap(tmp_path, prov, commune):
    written = four_months(tmp_path, commune)
    for item in (written[0], written[2], written[3]):  # bundle 2 lost in the post
        importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    first_ack = take_ack(prov, commune, tmp_path / "ack1")
    assert first_ack.missing == [2] and first_ack.highest == 1
    lost = written[1].path.read_bytes()
    written[1].path.unlink()
    (tmp_path / "again").mkdir()
    (again,) = copies.reissue(commune, tmp_path / "again")  # the numbers the ack listed
    assert again.number == 2 and again.path.read_bytes() == lost  # same number, same bytes
    result = importer.import_bundle(prov.db, again.path.read_bytes(), prov.identities)
    assert result.status == importer.IMPORTED and result.gaps == []
    second_ack = take_ack(prov, commune, tmp_path / "ack2")
    assert second_ack.highest == 4 and second_ack.moved and second_ack.missing == []
    assert status.status(commune).unacknowledged_changes == 0
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    assert commune.conn.execute("SELECT count(*) FROM bundle_out_copy").fetchone()[0] == 0


def test_lost_bundle_closed_by_the_next_full_export(tmp_path, prov, commune):
    """Today the mark stayed stuck and --full did not help."""
    written = four_months(tmp_path, commune)
    for item in (written[0], written[2], written[3]):
        importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    take_ack(prov, commune, tmp_path / "ack1")
    full = export_one(commune, tmp_path / "full", full=True, period="2026-11")
    result = importer.import_bundle(prov.db, full.path.read_bytes(), prov.identities)
    assert full.number == 5 and result.gaps == []
    after = take_ack(prov, commune, tmp_path / "ack2")
    assert after.highest == 5 and after.missing == [] and after.moved
    assert status.status(commune).unacknowledged_changes == 0
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    assert importer.gaps(prov.db, unit_of(commune), office.device_id(commune), 1) == []
    months = ["2026-08", "2026-09", "2026-10", "2026-11"]
    grid = completeness.grid(prov.db, months, dt.date(2026, 12, 1))
    (row,) = [row for row in grid.rows if row.unit_code == unit_of(commune)]
    assert completeness.GAP not in row.cells  # bundle 3's missing predecessor is closed


def test_a_bundle_the_commune_no_longer_holds_is_refused_with_the_way_out(tmp_path, commune):
    add_person(commune, "Ngô Văn Sơn")
    export_one(commune, tmp_path / "usb")
    with pytest.raises(UserError, match="chưa báo thiếu gói nào"):
        copies.reissue(commune, tmp_path)
    with pytest.raises(UserError, match=r"không còn giữ gói số 7.*xuất toàn bộ"):
        copies.reissue(commune, tmp_path, [1, 7])


class _Killed(BaseException):
    """The program stopping between writing a file and recording it (kill, power cut)."""


def _interrupted_export(tmp_path, commune, monkeypatch):
    add_person(commune, "Ngô Văn Sơn")
    real = bundle_writer._record

    def cut_off(*args, **kwargs):
        raise _Killed

    monkeypatch.setattr(bundle_writer, "_record", cut_off)
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(_Killed):
        bundle_writer.export(commune, folder, period="2026-08")
    monkeypatch.setattr(bundle_writer, "_record", real)
    (left,) = folder.iterdir()
    assert status.count_written(commune) == 0  # the file is there, the record is not
    return left


def test_interrupted_export_is_finished_and_the_province_takes_both_copies(
    tmp_path, prov, commune, monkeypatch
):
    """Today the re-export reused the number with other bytes and the province refused that
    number and every later one."""
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    first_bytes = left.read_bytes()
    add_person(commune, "Đinh Thị Lan")
    written = bundle_writer.export(commune, tmp_path / "usb", period="2026-08")
    assert [(w.number, w.recovered) for w in written] == [(1, True), (2, False)]
    assert written[0].path == left and left.read_bytes() == first_bytes
    assert [row.number for row in status.list_written(commune)] == [2, 1]
    results = [
        importer.import_bundle(prov.db, data, prov.identities)
        for data in (first_bytes, written[0].path.read_bytes(), written[1].path.read_bytes())
    ]
    assert [r.status for r in results] == [importer.IMPORTED, importer.DUPLICATE, importer.IMPORTED]
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))


def test_interrupted_export_whose_file_was_lost_is_written_again(
    tmp_path, prov, commune, monkeypatch
):
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    first_bytes = left.read_bytes()
    left.unlink()  # the USB stick went with the officer
    other = tmp_path / "other"
    other.mkdir()
    written = bundle_writer.export(commune, other, period="2026-08")
    assert written[0].recovered and written[0].path == other / left.name
    assert written[0].path.read_bytes() == first_bytes


def test_first_export_after_a_restore_is_full(tmp_path, prov, commune):
    add_person(commune, "Ngô Văn Sơn")
    importer.import_bundle(
        prov.db,
        export_one(commune, tmp_path / "a", period="2026-08").path.read_bytes(),
        prov.identities,
    )
    take_ack(prov, commune, tmp_path / "ack")
    office.set_meta(commune, "device_epoch", "2")  # what restore does
    after = export_one(commune, tmp_path / "b", period="2026-09")
    row = commune.conn.execute("SELECT full, seq_after FROM bundle_out WHERE epoch = 2").fetchone()
    assert tuple(row) == (1, 0) and after.number == 1
    assert after.rows == sum(len(rows) for rows in rows_of(commune, unit_of(commune)).values())


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("2026-13", "Tháng 13 không có"),
        ("abc", "không phải là tháng"),
        ("2026-00", "Tháng 0 không có"),
        ("2025-12", "không phải một tháng của kế hoạch"),
        ("2027-01", "không phải một tháng của kế hoạch"),
    ],
)
def test_export_refuses_a_month_outside_the_campaign(tmp_path, commune, period, said):
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(UserError, match=said):
        bundle_writer.export(commune, usb, period=period)
    assert status.count_written(commune) == 0 and not list(usb.iterdir())


@pytest.mark.parametrize("megabytes", [0, 0.5, 26, float("nan"), -1])
def test_size_limit_is_between_1_and_25_mib(megabytes):
    with pytest.raises(UserError, match="từ 1 đến 25 MiB"):
        bundle_writer.size_limit(megabytes)
    assert bundle_writer.size_limit(7) == 7 * 1024 * 1024


def test_after_a_restore_the_province_lists_what_the_commune_no_longer_has(
    tmp_path, prov, commune, capsys
):
    """The province kept, silently, the rows sent after the backup the commune went back to."""
    from desktop.core.storage import backup, restore
    from desktop.core.sync import orphans

    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    (tmp_path / "safe").mkdir()
    saved = backup.backup_to_folder(commune, tmp_path / "safe", "mật khẩu sao lưu xã")
    lost = add_person(commune, "Đặng Thị Thu")  # sent, then lost with the PC's disk
    later = export_one(commune, tmp_path / "b", period="2026-09")
    importer.import_bundle(prov.db, later.path.read_bytes(), prov.identities)
    restore.restore(
        commune, tmp_path / "commune0.sqlite3", saved.path, passphrase="mật khẩu sao lưu xã"
    )
    assert office.device_epoch(commune) == 2
    kept = add_person(commune, "Võ Minh Trí")
    full = export_one(commune, tmp_path / "c", period="2026-10")
    result = importer.import_bundle(prov.db, full.path.read_bytes(), prov.identities)
    assert result.orphans == 1 and "1 bản ghi của xã mà bản xuất đầy đủ này không còn" in (
        result.message
    )
    (waiting,) = orphans.listed(prov.db, unit_of(commune))
    assert (waiting.table, waiting.uid, waiting.label) == ("person", lost, "Đặng Thị Thu")
    prov.db.close()
    assert main(["--db", str(prov.path), "orphans"]) == 0
    assert f"{waiting.id}  {unit_of(commune)}  Người tham gia: Đặng Thị Thu" in (
        capsys.readouterr().out
    )
    assert main(["--db", str(prov.path), "orphans", "--remove", str(waiting.id)]) == 0
    assert "Đã xóa 1 bản ghi ở tỉnh." in capsys.readouterr().out
    prov.reopen()
    assert orphans.listed(prov.db) == []
    live = prov.db.conn.execute(
        "SELECT uid FROM person WHERE unit_code = ? AND deleted_at IS NULL ORDER BY full_name",
        [unit_of(commune)],
    )
    assert {row[0] for row in live} == {
        row[0] for row in commune.conn.execute("SELECT uid FROM person WHERE deleted_at IS NULL")
    }
    assert kept in {row[0] for row in prov.db.conn.execute("SELECT uid FROM person")}
    after = take_ack(prov, commune, tmp_path / "ack")
    assert after.highest == 1 and after.missing == [] and after.moved


def test_a_full_export_in_normal_times_lists_nothing(tmp_path, prov, commune):
    add_person(commune, "Ngô Văn Sơn")
    gone = add_person(commune, "Đặng Thị Thu")
    first = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    people.delete_person(commune, gone)
    full = export_one(commune, tmp_path / "b", full=True, period="2026-09")
    result = importer.import_bundle(prov.db, full.path.read_bytes(), prov.identities)
    assert result.orphans == 0 and result.total("deleted") == 1


def test_a_full_export_in_several_parts_is_compared_once_all_have_arrived(tmp_path, prov, commune):
    from desktop.core.sync import orphans

    for index in range(120):
        add_person(commune, f"Người thứ {index} có tên khá dài để tăng kích thước")
    first = export_one(commune, tmp_path / "a", period="2026-08")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    stray = prov.db.conn.execute("SELECT uid FROM person LIMIT 1").fetchone()[0]
    commune.conn.execute("DELETE FROM attendance WHERE person_uid = ?", [stray])
    commune.conn.execute("DELETE FROM person WHERE uid = ?", [stray])  # as if never there
    (tmp_path / "b").mkdir()
    parts = bundle_writer.export(commune, tmp_path / "b", full=True, max_bytes=24 * 1024)
    assert len(parts) >= 2
    results = [
        importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
        for item in reversed(parts)
    ]
    assert [r.orphans for r in results] == [0] * (len(parts) - 1) + [1]
    assert [o.uid for o in orphans.listed(prov.db)] == [stray]
    assert prov.db.conn.execute("SELECT count(*) FROM snapshot_seen").fetchone()[0] == 0
