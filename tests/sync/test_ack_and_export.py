"""Acks move the commune's mark forward only; failed exports leave nothing that looks whole."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest

from desktop.core.sync import ack, bundle_writer, importer, status
from desktop.core.sync.archive import BundleRefused

from .conftest import add_person, export_one


def _unacked(commune) -> int:
    return status.status(commune).unacknowledged_changes


def test_ack_round_trip_moves_the_mark_and_the_next_export_starts_after_it(tmp_path, prov, commune):
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "usb", period="2026-08")
    assert _unacked(commune) > 0
    assert status.status(commune).waiting_changes == 0
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    code = first.path.name.split("_")[0]
    ack_path = ack.write_ack(prov.db, code, tmp_path / "usb")
    result = ack.import_ack(commune, ack_path)
    assert result.highest == 1 and result.moved
    assert _unacked(commune) == 0
    assert status.list_written(commune)[0].acked_at is not None
    empty = export_one(commune, tmp_path / "usb2", period="2026-09")
    assert empty.rows == 0  # "không có thay đổi trong kỳ": still a bundle
    result = importer.import_bundle(prov.db, empty.path.read_bytes(), prov.identities)
    assert result.status == importer.IMPORTED and result.tables == {}


def _acked_commune(tmp_path, prov, commune):
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "usb")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    return first.path.name.split("_")[0]


def _folder(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


def _commune_hash(commune, path) -> str:
    commune.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tampered_ack_is_refused_and_changes_nothing(tmp_path, prov, commune):
    code = _acked_commune(tmp_path, prov, commune)
    path = ack.write_ack(prov.db, code, _folder(tmp_path / "acks"))
    path.write_bytes(
        path.read_bytes().replace(b'"highest_contiguous":1', b'"highest_contiguous":9')
    )
    before = _commune_hash(commune, tmp_path / "commune0.sqlite3")
    with pytest.raises(BundleRefused, match="chữ ký không đúng"):
        ack.import_ack(commune, path)
    assert _commune_hash(commune, tmp_path / "commune0.sqlite3") == before


def test_replayed_older_ack_is_refused(tmp_path, prov, commune):
    code = _acked_commune(tmp_path, prov, commune)
    older = ack.write_ack(prov.db, code, _folder(tmp_path / "acks"))
    newer = ack.write_ack(prov.db, code, _folder(tmp_path / "acks2"))
    ack.import_ack(commune, newer)
    before = _commune_hash(commune, tmp_path / "commune0.sqlite3")
    with pytest.raises(BundleRefused, match="đã cũ"):
        ack.import_ack(commune, older)
    assert _commune_hash(commune, tmp_path / "commune0.sqlite3") == before


def _failing(monkeypatch, function: str, code: int, after: int = 0):
    real = getattr(os, function)
    calls = {"n": 0}

    def fail(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, function, fail)


@pytest.mark.parametrize(
    ("function", "code", "message"),
    [
        ("open", errno.EROFS, "chỉ cho đọc"),
        ("fsync", errno.ENOSPC, "đã đầy"),
        ("replace", errno.EIO, "bị gián đoạn"),
    ],
    ids=["read-only", "full", "stick-pulled"],
)
def test_failed_export_leaves_no_bundle_and_no_record(
    tmp_path, commune, monkeypatch, function, code, message
):
    add_person(commune, "Ngô Văn Sơn")
    folder = tmp_path / "usb"
    folder.mkdir()
    log_before = tuple(commune.conn.execute("SELECT COUNT(*), MAX(seq) FROM change_log").fetchone())
    _failing(monkeypatch, function, code)
    with pytest.raises(Exception, match=message) as caught:
        bundle_writer.export(commune, folder)
    assert type(caught.value).__name__ == "UserError"
    monkeypatch.undo()
    assert list(folder.iterdir()) == []
    assert commune.conn.execute("SELECT COUNT(*) FROM bundle_out").fetchone()[0] == 0
    log_after = commune.conn.execute("SELECT COUNT(*), MAX(seq) FROM change_log").fetchone()
    assert tuple(log_after) == log_before


def test_a_lying_stick_is_caught_by_the_read_back(tmp_path, commune, monkeypatch):
    add_person(commune, "Ngô Văn Sơn")
    folder = tmp_path / "usb"
    folder.mkdir()
    real = bundle_writer.Path.read_bytes
    monkeypatch.setattr(bundle_writer.Path, "read_bytes", lambda self: real(self)[:-1] + b"?")
    with pytest.raises(Exception, match="không giống tệp đã ghi"):
        bundle_writer.export(commune, folder)
    monkeypatch.undo()
    assert list(folder.iterdir()) == []


def test_large_export_becomes_several_consecutive_bundles(tmp_path, prov, commune):
    for index in range(300):
        add_person(commune, f"Người thứ {index} có tên khá dài để tăng kích thước")
    folder = tmp_path / "usb"
    folder.mkdir()
    written = bundle_writer.export(commune, folder, max_bytes=72 * 1024)
    assert len(written) >= 2
    assert [item.number for item in written] == list(range(1, len(written) + 1))
    assert all(item.size <= 72 * 1024 for item in written)
    for item in reversed(written):
        importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    count = prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    assert count == 300


def test_a_folder_that_cannot_be_synced_still_gets_its_checked_bundle(
    tmp_path, commune, monkeypatch
):
    add_person(commune, "Ngô Văn Sơn")
    folder = tmp_path / "fat-stick"
    folder.mkdir()
    real = os.fsync
    calls = {"n": 0}

    def fsync(descriptor):
        calls["n"] += 1
        if calls["n"] == 2:  # the folder's fsync, after the file's
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    written = bundle_writer.export(commune, folder)
    assert [path.name for path in folder.iterdir()] == [written[0].path.name]
    assert status.count_written(commune) == 1
