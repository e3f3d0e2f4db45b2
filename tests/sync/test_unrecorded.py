"""An export cut off between writing its file and recording it is found when the program (or the
Đồng bộ page) opens, not only at the next export."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from db import open_database
from desktop.cli import main
from desktop.core.sync import bundle_writer, importer, status
from desktop.ui.context import AppContext
from desktop.ui.pages.sync import SyncPage

from .test_heal import _interrupted_export, rows_of, unit_of


def test_the_sync_page_records_a_whole_file_of_a_cut_off_export(
    qtbot, tmp_path, prov, commune, monkeypatch
):
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    page = SyncPage(AppContext(commune, None))
    qtbot.addWidget(page)
    page.refresh()
    said = page.body.state.text()
    assert "bị ngắt giữa chừng: gói số 1 đã được ghi đủ" in said and left.name in said
    assert [row.number for row in status.list_written(commune)] == [1]
    assert page.body.model.rowCount() == 1
    page.refresh()  # found once: a second opening has nothing more to say
    assert "bị ngắt" not in page.body.state.text()
    result = importer.import_bundle(prov.db, left.read_bytes(), prov.identities)
    assert result.status == importer.IMPORTED
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))


def test_a_cut_off_file_and_its_temporary_are_removed_and_the_bundle_waits(
    tmp_path, commune, monkeypatch
):
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    whole = left.read_bytes()
    left.write_bytes(whole[: len(whole) // 2])  # the stick pulled out half-way
    temporary = left.with_name(f".{left.name}.1a2b3c4d.part")
    temporary.write_bytes(b"half")
    found = bundle_writer.find_unrecorded(commune)
    assert found.recorded == [] and found.waiting == [(1, left)]
    assert sorted(found.removed) == sorted([left, temporary])
    assert not left.exists() and not temporary.exists()
    assert "Lần xuất tới sẽ ghi lại đúng gói này" in " ".join(found.lines())
    assert status.count_written(commune) == 0
    other = tmp_path / "other"
    other.mkdir()
    written = bundle_writer.export(commune, other, period="2026-08")
    assert written[0].recovered and written[0].path.read_bytes() == whole


def test_a_cut_off_file_windows_will_not_delete_is_named(tmp_path, commune, monkeypatch):
    """On Windows an antivirus holding the half-written file refuses its deletion (winerror 32):
    the officer is told not to send it, rather than told it was removed."""
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    left.write_bytes(b"PK\x03\x04 cut")
    real = Path.unlink

    def held(self, missing_ok=False):
        if self == left:
            error = PermissionError(errno.EACCES, "The process cannot access the file")
            error.winerror = 32
            raise error
        return real(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held)
    found = bundle_writer.find_unrecorded(commune)
    assert found.stuck == [left] and found.removed == []
    assert "không xóa được" in " ".join(found.lines()) and "Đừng gửi tệp này" in found.lines()[-1]


def test_without_the_right_to_export_nothing_is_touched(tmp_path, commune, monkeypatch):
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    monkeypatch.setattr(bundle_writer.session, "can", lambda db, permission: False)
    found = bundle_writer.find_unrecorded(commune)
    assert found.waiting == [(1, left)] and found.recorded == [] and left.exists()
    assert status.count_written(commune) == 0


def test_sync_status_command_finishes_a_cut_off_export(tmp_path, commune, monkeypatch, capsys):
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    path = Path(commune.conn.execute("PRAGMA database_list").fetchone()[2])
    commune.close()
    assert main(["--db", str(path), "sync-status"]) == 0
    said = capsys.readouterr()  # found by the opening (stderr) or by sync-status itself (stdout)
    assert "gói số 1 đã được ghi đủ" in said.out + said.err and left.name in said.out + said.err
    again = open_database(path)
    try:
        assert status.count_written(again) == 1
    finally:
        again.close()


@pytest.mark.parametrize("level", ["province"])
def test_the_province_has_nothing_unrecorded(prov, level):
    assert bundle_writer.find_unrecorded(prov.db).lines() == []


def test_any_writing_command_finishes_a_cut_off_export_at_open(
    tmp_path, commune, monkeypatch, capsys
):
    """The opening sequence's step 7: the next start of the program (a command here; the window
    runs the same step once signed in) records the whole file and says so."""
    left = _interrupted_export(tmp_path, commune, monkeypatch)
    path = Path(commune.conn.execute("PRAGMA database_list").fetchone()[2])
    commune.close()
    assert main(["--db", str(path), "backup"]) == 0
    err = capsys.readouterr().err
    assert "gói số 1 đã được ghi đủ" in err and left.name in err
    again = open_database(path)
    try:
        assert status.count_written(again) == 1
    finally:
        again.close()


def test_a_cut_off_export_to_a_relative_folder_is_found_from_any_folder(
    tmp_path, commune, monkeypatch
):
    """`antq-desk export --out usb` run in one folder, the next command run in another: the
    bundle is looked for where it was written, not beside the new working folder."""
    from .conftest import add_person
    from .test_heal import _Killed

    add_person(commune, "Ngô Văn Sơn")
    real = bundle_writer._record
    monkeypatch.setattr(bundle_writer, "_record", lambda *a, **k: (_ for _ in ()).throw(_Killed))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "usb").mkdir()
    with pytest.raises(_Killed):
        bundle_writer.export(commune, Path("usb"), period="2026-08")
    monkeypatch.setattr(bundle_writer, "_record", real)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    found = bundle_writer.find_unrecorded(commune)
    assert [item.path.parent for item in found.recorded] == [tmp_path / "usb"]
    assert found.waiting == []
