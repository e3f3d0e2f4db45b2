"""Every bad input of issue 3 gets a Vietnamese message and leaves the database as it was.

The province database is compared byte for byte (file closed, WAL folded in) before and after.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import stat
import struct
import zipfile

import pytest
from pyrage import x25519

from desktop.core import people
from desktop.core.sync import archive, importer, keys, register
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.manifest import Manifest

from .conftest import add_person, export_one, forge, make_commune, row_body


def refused(prov, data: bytes, fragment: str, identities=None) -> BundleRefused:
    before = prov.file_hash()
    with pytest.raises(BundleRefused) as caught:
        importer.import_bundle(prov.db, data, identities or prov.identities, file_name="x.antq")
    assert fragment in str(caught.value)
    assert prov.file_hash() == before, "a refused bundle changed the database"
    return caught.value


@pytest.fixture
def bundle(tmp_path, commune):
    add_person(commune, "Nguyễn Văn Dũng")
    return export_one(commune, tmp_path / "usb", period="2026-08").path.read_bytes()


def _entries(data: bytes) -> dict[str, bytes]:
    return archive.unpack(data, 1 << 30)


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


NOT_A_BUNDLE = "không phải gói đồng bộ ANTQ hoặc đã bị hỏng"
INVALID = "Gói có nội dung không hợp lệ: "  # readable, but not allowed: not "chép chưa xong"
BAD_SIGNATURE = "Chữ ký của gói không đúng"


def test_empty_file(prov):
    refused(prov, b"", "Tệp rỗng")


def test_random_bytes(prov):
    refused(prov, os.urandom(5000), NOT_A_BUNDLE)


def test_renamed_photo(prov):
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(3000)
    refused(prov, photo, NOT_A_BUNDLE)


@pytest.mark.parametrize("share", [0.5, 0.99])
def test_truncated(prov, bundle, share):
    refused(prov, bundle[: int(len(bundle) * share)], NOT_A_BUNDLE)


def test_byte_flipped_in_the_manifest(prov, bundle):
    entries = _entries(bundle)
    manifest = _flip(entries[archive.MANIFEST], 40)
    data = archive.pack(manifest, entries[archive.SIGNATURE], entries[archive.PAYLOAD])
    refused(prov, data, BAD_SIGNATURE)


def test_byte_flipped_in_the_signature(prov, bundle):
    entries = _entries(bundle)
    signature = _flip(entries[archive.SIGNATURE], 10)
    data = archive.pack(entries[archive.MANIFEST], signature, entries[archive.PAYLOAD])
    refused(prov, data, BAD_SIGNATURE)


def test_byte_flipped_in_the_payload(prov, bundle):
    entries = _entries(bundle)
    encrypted = _flip(entries[archive.PAYLOAD], len(entries[archive.PAYLOAD]) // 2)
    data = archive.pack(entries[archive.MANIFEST], entries[archive.SIGNATURE], encrypted)
    refused(prov, data, "không khớp với mã băm đã ký")


def test_byte_flipped_in_the_file_itself(prov, bundle):
    refused(prov, _flip(bundle, len(bundle) // 2), NOT_A_BUNDLE)


def test_encrypted_for_another_provinces_key_opens_with_escrow(tmp_path, prov, commune):
    stranger = x25519.Identity.generate()
    commune.conn.execute(
        "UPDATE province_setup SET working_recipient = ?", [str(stranger.to_public())]
    )
    add_person(commune, "Lê Văn Tám")
    data = export_one(commune, tmp_path / "usb").path.read_bytes()
    refused(prov, data, "Không giải mã được gói bằng khóa làm việc")
    result = importer.import_bundle(prov.db, data, [prov.escrow_identity])
    assert result.status == importer.IMPORTED
    assert result.tables["person"]["new"] == 1


def test_unknown_commune(tmp_path, prov):
    stranger = make_commune(tmp_path, prov, 3, enrol=False)
    data = export_one(stranger, tmp_path / "usb").path.read_bytes()
    error = refused(prov, data, "chưa được đăng ký")
    assert keys.fingerprint(keys.signing_public(stranger)) in str(error)


def test_unconfirmed_commune(tmp_path, prov):
    waiting = make_commune(tmp_path, prov, 3, enrol=False)
    register.enrol(prov.db, _code(waiting), keys.signing_public(waiting))
    data = export_one(waiting, tmp_path / "usb").path.read_bytes()
    refused(prov, data, "chưa được xác nhận")


def test_revoked_commune(tmp_path, prov, commune, bundle):
    register.revoke(prov.db, _code(commune), keys.fingerprint(keys.signing_public(commune)))
    refused(prov, bundle, "đã bị thu hồi")


def test_commune_b_signs_commune_a_payload(tmp_path, prov, commune, bundle):
    other = make_commune(tmp_path, prov, 2)
    entries = _entries(bundle)
    original = Manifest(**json.loads(entries[archive.MANIFEST]))
    as_b = dataclasses.replace(
        original, unit_code=_code(other), signer_public_key=keys.signing_public(other)
    ).to_bytes()
    data = archive.pack(as_b, keys.sign(other, as_b), entries[archive.PAYLOAD])
    refused(prov, data, "không khớp với phần mô tả đã ký")
    claims_a = dataclasses.replace(original, signer_public_key=keys.signing_public(other))
    raw = claims_a.to_bytes()
    data = archive.pack(raw, keys.sign(other, raw), entries[archive.PAYLOAD])
    refused(prov, data, "được ký bằng khóa của xã")


@pytest.mark.parametrize("field", ["format_version", "schema_version"])
def test_future_format_or_schema(prov, commune, field):
    data = forge(commune, b"", changes={field: 999})
    refused(prov, data, "phiên bản ANTQ Desk mới hơn")


def _zip(entries: list[tuple[str, bytes]], attrs: dict | None = None, method=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = method or zipfile.ZIP_STORED
            info.external_attr = (attrs or {}).get(name, (stat.S_IFREG | 0o644) << 16)
            made.writestr(info, data)
    return buffer.getvalue()


def _patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    buffer = bytearray(data)
    start = buffer.find(b"PK\x01\x02")
    while start != -1:
        length = struct.unpack_from("<H", buffer, start + 28)[0]
        if bytes(buffer[start + 46 : start + 46 + length]) == name.encode():
            struct.pack_into(fmt, buffer, start + offset, value)
        start = buffer.find(b"PK\x01\x02", start + 4)
    return bytes(buffer)


def _good_entries(bundle: bytes) -> list[tuple[str, bytes]]:
    return list(_entries(bundle).items())


@pytest.mark.parametrize("evil", ["../x", "/x", "a\\b"])
def test_archive_with_unsafe_names(prov, bundle, evil):
    refused(prov, _zip([*_good_entries(bundle), (evil, b"boom")]), INVALID)


def test_archive_with_a_duplicate_entry(prov, bundle):
    entries = _good_entries(bundle)
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip([*entries, entries[0]])
    refused(prov, data, INVALID)


def test_archive_with_a_symlink(prov, bundle):
    attrs = {archive.MANIFEST: (stat.S_IFLNK | 0o777) << 16}
    refused(prov, _zip(_good_entries(bundle), attrs), INVALID)


def test_archive_with_a_directory(prov, bundle):
    attrs = {archive.PAYLOAD: (stat.S_IFDIR | 0o755) << 16}
    refused(prov, _zip(_good_entries(bundle), attrs), INVALID)


def test_archive_with_an_encrypted_entry(prov, bundle):
    data = _patch_central(_zip(_good_entries(bundle)), archive.PAYLOAD, 8, "<H", 0x1)
    refused(prov, data, INVALID)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_archive_with_unusual_compression(prov, bundle, method):
    refused(prov, _zip(_good_entries(bundle), method=method), INVALID)


def test_archive_whose_declared_size_lies(prov, bundle):
    entries = _good_entries(bundle)
    size = len(dict(entries)[archive.PAYLOAD])
    for lie in (size - 10, size + 10):
        data = _patch_central(_zip(entries), archive.PAYLOAD, 24, "<I", lie)
        refused(prov, data, NOT_A_BUNDLE)


def test_zip_bomb(prov, bundle):
    entries = dict(_good_entries(bundle))
    entries[archive.PAYLOAD] = bytes(30 * 1024 * 1024)
    error = refused(prov, _zip(list(entries.items()), method=zipfile.ZIP_DEFLATED), INVALID)
    assert "bom nén" in str(error) and "chép chưa xong" not in str(error)


def test_duplicate_bundle_is_a_no_op_that_says_so(prov, bundle):
    importer.import_bundle(prov.db, bundle, prov.identities)
    before = prov.file_hash()
    again = importer.import_bundle(prov.db, bundle, prov.identities)
    assert again.status == importer.DUPLICATE
    assert "đã được nhập trước đây; không có gì thay đổi" in again.message
    assert prov.file_hash() == before


def test_same_number_with_a_different_hash(tmp_path, prov, commune, bundle):
    importer.import_bundle(prov.db, bundle, prov.identities)
    commune.conn.execute("DELETE FROM bundle_out")  # as if restored without a new epoch
    commune.conn.execute("DELETE FROM bundle_out_copy")  # (a copy would be finished instead)
    add_person(commune, "Trần Thị Bé")
    other = export_one(commune, tmp_path / "usb2").path.read_bytes()
    people_before = prov.db.conn.execute("SELECT * FROM person").fetchall()
    with pytest.raises(BundleRefused, match="khác với gói số 1 tỉnh đã nhận"):
        importer.import_bundle(prov.db, other, prov.identities, file_name="x.antq")
    # not merged, but kept aside for the officer's decision (tests/sync/test_rivals.py)
    assert prov.db.conn.execute("SELECT * FROM person").fetchall() == people_before
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_rival").fetchone()[0] == 1


def test_older_bundle_replayed(tmp_path, prov, commune, bundle):
    importer.import_bundle(prov.db, bundle, prov.identities)
    add_person(commune, "Trần Thị Bé")
    newer = export_one(commune, tmp_path / "usb2").path.read_bytes()
    importer.import_bundle(prov.db, newer, prov.identities)
    before = prov.file_hash()
    replay = importer.import_bundle(prov.db, bundle, prov.identities)
    assert replay.status == importer.DUPLICATE
    assert prov.file_hash() == before


def _code(db) -> str:
    return db.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]


def _person(commune) -> str:
    return add_person(commune, "Phạm Văn Lợi")


def _counts(table: str, rows: int) -> dict:
    return {table: {"rows": rows, "tombstones": 0}}


def test_row_of_another_unit(prov, commune):
    uid = _person(commune)
    body = row_body(commune, "person", uid, unit_code="99999")
    error = refused(prov, forge(commune, body, counts=_counts("person", 1)), "dòng 2")
    assert "không phải xã gửi gói" in str(error)


def test_invalid_json_and_utf8_lines_are_listed(prov, commune):
    uid = _person(commune)
    body = row_body(commune, "person", uid) + b"{not json\n" + b'{"kind":"row","x":"\xff\xfe"}\n'
    error = refused(prov, forge(commune, body, counts=_counts("person", 1)), "bị từ chối toàn bộ")
    assert "dòng 3: không phải JSON hợp lệ" in str(error)
    assert "dòng 4: không phải chữ UTF-8 hợp lệ" in str(error)


def test_a_one_megabyte_name(prov, commune):
    uid = _person(commune)
    body = row_body(commune, "person", uid, full_name="A" * 1_000_000)
    error = refused(prov, forge(commune, body, counts=_counts("person", 1)), "dòng 2")
    assert "full_name" in str(error)


def test_birth_year_3025_refuses_the_whole_bundle(prov, commune):
    good, bad = _person(commune), add_person(commune, "Võ Thị Sáu", 1990)
    body = row_body(commune, "hamlet", commune.hamlet) + row_body(commune, "person", good)
    body += row_body(commune, "person", bad, birth_year=3025)
    counts = {**_counts("hamlet", 1), **_counts("person", 2)}
    error = refused(prov, forge(commune, body, counts=counts), "dòng 4")
    assert "birth_year" in str(error)
    assert [line for line, _reason in error.rejected] == [4]
    assert prov.db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0


def test_counts_that_do_not_match_the_manifest(prov, commune):
    uid = _person(commune)
    body = row_body(commune, "person", uid)
    refused(prov, forge(commune, body, counts=_counts("person", 2)), "Số dòng trong gói")


def test_deleted_people_travel_as_tombstones(prov, commune, tmp_path):
    uid = _person(commune)
    people.delete_person(commune, uid)
    data = export_one(commune, tmp_path / "usb").path.read_bytes()
    result = importer.import_bundle(prov.db, data, prov.identities)
    assert result.tables["person"]["deleted"] == 1


def test_a_payload_that_inflates_past_its_cap_is_refused():
    import gzip

    from desktop.core.sync import bundle_reader

    with pytest.raises(BundleRefused, match="đã bị hỏng"):
        bundle_reader.gunzip(gzip.compress(bytes(5000)), cap=1000)
    with pytest.raises(BundleRefused, match="đã bị hỏng"):
        bundle_reader.gunzip(gzip.compress(b"abc" * 100)[:-5])
