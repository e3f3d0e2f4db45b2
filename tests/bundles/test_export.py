"""Writing bundles: size limit, safe writes, keys, re-keying, and the stock `age` tool."""

from __future__ import annotations

import errno
import shutil
import subprocess
import zipfile

import pytest

from desktop.core.bundles import BundleError, archive, export, fileio, importer, keys
from tests.bundles import craft
from tests.bundles.test_round_trip import _rows


def _log_and_history(db):
    return (
        db.conn.execute("SELECT COUNT(*), MAX(seq) FROM change_log").fetchone()[:],
        db.conn.execute("SELECT COUNT(*) FROM bundles_out").fetchone()[0],
    )


def test_a_large_export_becomes_several_chained_bundles(offices):
    limit = export.MIN_BUNDLE_BYTES
    written = export.export(offices.a, offices.usb, max_bytes=limit)
    assert len(written) >= 3
    assert [b.number for b in written] == list(range(1, len(written) + 1))
    assert all(b.size <= limit for b in written)
    assert [b.seq_from for b in written[1:]] == [b.seq_to + 1 for b in written[:-1]]
    manifests = [craft.entries(b.path.read_bytes())[archive.MANIFEST] for b in written]
    assert b'"previous_sha256": null' in manifests[0]
    for before, manifest in zip(written, manifests[1:], strict=False):
        assert f'"previous_sha256": "{before.sha256}"'.encode() in manifest
    for bundle in reversed(written):
        importer.import_file(offices.province, bundle.path, offices.identity, dry_run=False)
    code = offices.codes["a"]
    assert _rows(offices.province, code) == _rows(offices.a, code)


def test_a_stick_pulled_out_half_way_leaves_no_file_and_no_record(offices, monkeypatch):
    before = _log_and_history(offices.a)

    def pulled(_descriptor):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", pulled)
    with pytest.raises(OSError):
        export.export(offices.a, offices.usb)
    assert list(offices.usb.iterdir()) == []
    assert _log_and_history(offices.a) == before


def test_a_stick_that_lies_is_caught_on_read_back(offices, monkeypatch):
    before = _log_and_history(offices.a)
    monkeypatch.setattr(fileio, "_read_back", lambda path: path.read_bytes()[:-1])
    with pytest.raises(BundleError, match="đọc lại không khớp"):
        export.export(offices.a, offices.usb)
    assert list(offices.usb.iterdir()) == []
    assert _log_and_history(offices.a) == before


def test_export_needs_the_province_setup_and_a_folder(offices):
    with pytest.raises(BundleError, match="Không tìm thấy thư mục"):
        export.export(offices.a, offices.usb / "gone")
    offices.a.conn.execute("DELETE FROM bundle_province")
    with pytest.raises(BundleError, match="Chưa nạp tệp thiết lập của tỉnh"):
        export.export(offices.a, offices.usb)


def test_the_bundle_holds_no_names_outside_the_encrypted_payload(offices):
    bundle = export.export(offices.a, offices.usb)[0]
    name = offices.a.conn.execute("SELECT full_name FROM person LIMIT 1").fetchone()[0]
    assert name.encode("utf-8") not in bundle.path.read_bytes()
    with zipfile.ZipFile(bundle.path) as opened:
        assert sorted(opened.namelist()) == sorted(archive.ENTRIES)


def test_fingerprints_are_eight_groups_of_four(offices):
    fingerprint = keys.province_fingerprint(offices.province)
    groups = fingerprint.split(" ")
    assert len(groups) == 8
    assert all(len(g) == 4 and set(g) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for g in groups)


def test_a_wrong_fingerprint_is_not_confirmed(offices):
    keys.create_commune_key(offices.b, replace=True)
    keys.enroll_commune(offices.province, keys.commune_key_file(offices.b))
    with pytest.raises(BundleError, match="Dấu vân tay không khớp"):
        keys.confirm_commune(offices.province, offices.codes["b"], "AAAA " * 8)


def test_rekey_then_full_export_is_accepted_and_changes_nothing(offices):
    first = export.export(offices.a, offices.usb)[0]
    importer.import_file(offices.province, first.path, offices.identity, dry_run=False)
    fingerprint = keys.create_commune_key(offices.a, replace=True)
    enrolment = keys.enroll_commune(offices.province, keys.commune_key_file(offices.a))
    assert enrolment.fingerprint == fingerprint
    keys.confirm_commune(offices.province, offices.codes["a"], fingerprint)
    again = export.export(offices.a, offices.usb, full=True)[0]
    result = importer.import_file(offices.province, again.path, offices.identity, dry_run=False)
    assert result.totals().unchanged == again.rows == first.rows
    with pytest.raises(BundleError, match="Chữ ký của gói không đúng"):  # the old key is revoked
        importer.import_file(offices.province, first.path, offices.identity, dry_run=True)


def test_the_province_passphrase_protects_the_working_identity(offices):
    with pytest.raises(BundleError, match="Mật khẩu bảo vệ khóa của tỉnh không đúng"):
        keys.unlock_working_identity(offices.province, "sai-mat-khau-roi")


@pytest.mark.skipif(shutil.which("age") is None, reason="the stock age tool is not installed")
@pytest.mark.parametrize("which", ["working", "escrow"])
def test_the_stock_age_tool_decrypts_the_payload(offices, tmp_path, which):
    bundle = export.export(offices.a, offices.usb)[0]
    encrypted = tmp_path / "payload.age"
    encrypted.write_bytes(craft.entries(bundle.path.read_bytes())[archive.PAYLOAD])
    identity = tmp_path / "identity.txt"
    text = str(offices.identity) if which == "working" else offices.escrow
    identity.write_text(text + "\n", encoding="ascii")
    done = subprocess.run(
        ["age", "-d", "-i", str(identity), str(encrypted)], capture_output=True, check=True
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == bundle.rows + 1
    assert f'"unit_code": "{offices.codes["a"]}"' in lines[0]
    assert '"table": "person"' in "".join(lines)


@pytest.mark.parametrize(
    ("code", "detail"),
    [(errno.EROFS, "Read-only file system"), (errno.ENOSPC, "No space left on device")],
)
def test_a_read_only_or_full_destination(offices, monkeypatch, code, detail):
    from desktop.core.errors import user_message

    before = _log_and_history(offices.a)

    def refuse(*_args, **_kwargs):
        raise OSError(code, detail)

    monkeypatch.setattr(fileio, "open", refuse, raising=False)
    with pytest.raises(OSError) as caught:
        export.export(offices.a, offices.usb)
    assert user_message(caught.value) == (
        f"Lỗi đọc/ghi tệp: {detail}. Hãy kiểm tra ổ đĩa hoặc USB rồi thử lại."
    )
    assert list(offices.usb.iterdir()) == []
    assert _log_and_history(offices.a) == before


def test_a_bundle_the_history_could_not_record_is_removed(offices, monkeypatch):
    """Otherwise its number would be written again with other content and refused."""
    from db import DatabaseLocked

    def locked(*_args):
        raise DatabaseLocked("database is locked")

    monkeypatch.setattr(export, "_record", locked)
    with pytest.raises(DatabaseLocked):
        export.export(offices.a, offices.usb)
    assert list(offices.usb.iterdir()) == []


def test_a_failure_after_the_rename_leaves_no_file(offices, monkeypatch):
    def gone(_folder):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio, "_fsync_folder", gone)
    with pytest.raises(OSError):
        export.export(offices.a, offices.usb)
    assert list(offices.usb.iterdir()) == []
    assert export.history(offices.a) == []
