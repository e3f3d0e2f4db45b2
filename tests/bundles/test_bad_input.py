"""Every bad bundle is refused with a Vietnamese message and the province database unchanged."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile

import pyrage
import pytest

from desktop.core.bundles import BundleError, archive, export, importer, keys
from tests.bundles import craft


@pytest.fixture
def bundle(offices) -> bytes:
    return export.export(offices.a, offices.usb, period="2026-08")[0].path.read_bytes()


def _refused(offices, data: bytes, message: str) -> BundleError:
    """Import `data` (dry run and commit); both refuse with `message`, nothing is written."""
    before = offices.db_hash()
    for dry_run in (True, False):
        with pytest.raises(BundleError, match=message) as caught:
            importer.import_bundle(offices.province, data, offices.identity, dry_run=dry_run)
    assert offices.db_hash() == before
    assert offices.province.conn.execute("SELECT COUNT(*) FROM bundles_in").fetchone()[0] == 0
    return caught.value


NOT_A_BUNDLE = "Tệp không phải gói dữ liệu ANTQ hợp lệ"


def test_empty_file(offices):
    _refused(offices, b"", f"{NOT_A_BUNDLE}: tệp rỗng")


def test_random_bytes(offices):
    _refused(offices, random.Random(1).randbytes(5000), "không đọc được")


def test_a_photo_renamed(offices):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + random.Random(2).randbytes(3000)
    _refused(offices, png, "không đọc được")


@pytest.mark.parametrize("fraction", [0.5, 0.99])
def test_truncated(offices, bundle, fraction):
    _refused(offices, bundle[: int(len(bundle) * fraction)], "không đọc được")


@pytest.mark.parametrize("entry", [archive.MANIFEST, archive.SIGNATURE, archive.PAYLOAD])
def test_one_byte_flipped_in_the_file(offices, bundle, entry):
    """The zip's CRC catches a flipped byte in any entry before its content is used."""
    position = bundle.index(craft.entries(bundle)[entry][:16]) + 5
    flipped = bytearray(bundle)
    flipped[position] ^= 0x01
    _refused(offices, bytes(flipped), "một mục trong gói bị hỏng")


def test_manifest_changed_after_signing(offices, bundle):
    changed = craft.replace_manifest(bundle, lambda m: m.update(number=2))
    _refused(offices, changed, "Chữ ký của gói không đúng")


def test_signature_with_one_byte_flipped(offices, bundle):
    parts = craft.entries(bundle)
    signature = bytearray(parts[archive.SIGNATURE])
    signature[10] ^= 0x80
    data = archive.pack(parts[archive.MANIFEST], bytes(signature), parts[archive.PAYLOAD])
    _refused(offices, data, "Chữ ký của gói không đúng")


def test_payload_with_one_byte_flipped(offices, bundle):
    parts = craft.entries(bundle)
    encrypted = bytearray(parts[archive.PAYLOAD])
    encrypted[len(encrypted) // 2] ^= 0x01
    data = archive.pack(parts[archive.MANIFEST], parts[archive.SIGNATURE], bytes(encrypted))
    _refused(offices, data, "không khớp với mã băm đã ký")


def test_encrypted_for_another_province_but_the_escrow_key_opens_it(offices):
    stranger = pyrage.x25519.Identity.generate()
    offices.a.conn.execute(
        "UPDATE bundle_province SET working_recipient = ?", [str(stranger.to_public())]
    )
    data = export.export(offices.a, offices.usb)[0].path.read_bytes()
    _refused(offices, data, "Không giải mã được gói: gói được mã hóa cho khóa khác")
    escrow = pyrage.x25519.Identity.from_str(offices.escrow)
    plaintext = pyrage.decrypt(craft.entries(data)[archive.PAYLOAD], [escrow])
    assert json.loads(plaintext.split(b"\n")[0])["unit_code"] == offices.codes["a"]


def test_unknown_commune(offices, bundle):
    offices.province.conn.execute(
        "DELETE FROM bundle_enrolment WHERE unit_code = ?", [offices.codes["a"]]
    )
    _refused(offices, bundle, f"đơn vị {offices.codes['a']} chưa đăng ký khóa với tỉnh")


def test_unconfirmed_commune(offices, bundle):
    offices.province.conn.execute("UPDATE bundle_enrolment SET confirmed = 0")
    _refused(offices, bundle, "chưa được xác nhận dấu vân tay")


def test_revoked_commune(offices, bundle):
    assert keys.revoke_commune(offices.province, offices.codes["a"]) == 1
    _refused(offices, bundle, "đã bị thu hồi")


def test_commune_b_signing_commune_a_payload_under_its_own_name(offices, bundle):
    """B re-signs A's encrypted payload as its own: the payload's identity line gives it away."""
    from desktop.core import office

    stolen = craft.resign(
        offices.b, bundle, unit_code=offices.codes["b"], device_id=office.device_id(offices.b)
    )
    _refused(offices, stolen, "không khớp với phần mô tả đã ký")


def test_commune_b_signing_a_manifest_that_claims_commune_a(offices, bundle):
    _refused(offices, craft.resign(offices.b, bundle), "nhưng do đơn vị")


def test_future_format(offices, bundle):
    _refused(offices, craft.resign(offices.a, bundle, format_version=2), "định dạng mới hơn")


def test_future_schema(offices, bundle):
    _refused(offices, craft.resign(offices.a, bundle, schema_version=999), "cấu trúc dữ liệu mới")


@pytest.mark.parametrize("name", ["../x", "/x", "a\\b", "manifest.json/", "payload.age.exe"])
def test_archive_entry_outside_the_whitelist(offices, bundle, name):
    items = [*craft.entries(bundle).items(), (name, b"x")]
    _refused(offices, craft.rezip(items), "có mục lạ")


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_archive_with_a_duplicate_entry(offices, bundle):
    items = [*craft.entries(bundle).items(), (archive.MANIFEST, b"{}")]
    _refused(offices, craft.rezip(items), "có mục trùng tên")


def test_archive_with_a_missing_entry(offices, bundle):
    items = [(n, d) for n, d in craft.entries(bundle).items() if n != archive.SIGNATURE]
    _refused(offices, craft.rezip(items), "thiếu mục")


def test_archive_with_a_symlink(offices, bundle):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        for name, data in craft.entries(bundle).items():
            info = zipfile.ZipInfo(name)
            if name == archive.SIGNATURE:
                info.external_attr = 0o120777 << 16
            made.writestr(info, data)
    _refused(offices, buffer.getvalue(), "không phải tệp thường")


def test_zip_bomb(offices, bundle):
    items = [*craft.entries(bundle).items()]
    items[0] = (archive.MANIFEST, b"\x00" * 200_000)
    _refused(offices, craft.rezip(items, zipfile.ZIP_DEFLATED), "nghi bom nén")


def test_huge_declared_entry(offices, bundle):
    items = [*craft.entries(bundle).items()]
    items[2] = (archive.PAYLOAD, b"\x00" * (archive.MAX_FILE_BYTES + 1))
    _refused(offices, craft.rezip(items, zipfile.ZIP_DEFLATED), "một mục trong gói quá lớn")


def test_unusual_compression(offices, bundle):
    _refused(offices, craft.rezip([*craft.entries(bundle).items()], zipfile.ZIP_BZIP2), "kiểu nén")


def test_zip_encryption_flag(offices, bundle):
    data = bytearray(bundle)
    central = data.index(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, central + 8)[0]
    struct.pack_into("<H", data, central + 8, flags | 0x1)
    _refused(offices, bytes(data), "bị mã hóa kiểu zip")


def test_declared_size_that_lies(offices, bundle):
    """A stored entry whose declared size is larger than its data."""
    data = bytearray(bundle)
    central = data.index(b"PK\x01\x02")
    size = struct.unpack_from("<I", data, central + 24)[0]
    struct.pack_into("<I", data, central + 24, size + 10)
    _refused(offices, bytes(data), "kích thước khai báo không đúng|bị hỏng")


def test_same_number_with_a_different_hash(offices, bundle):
    importer.import_bundle(offices.province, bundle, offices.identity, dry_run=False)
    offices.a.conn.execute("DELETE FROM bundles_out")  # as after restoring an old copy
    other = export.export(offices.a, offices.usb, period="2026-09")[0].path.read_bytes()
    assert other != bundle
    before = offices.db_hash()
    with pytest.raises(BundleError, match="Đã nhận một gói khác cùng số 1"):
        importer.import_bundle(offices.province, other, offices.identity, dry_run=False)
    assert offices.db_hash() == before


def _payload_refused(offices, lines: list[bytes], *reasons: str) -> None:
    data = craft.bundle_with_lines(offices.a, lines)
    error = _refused(offices, data, "Gói bị từ chối toàn bộ vì có dòng dữ liệu không hợp lệ")
    for reason in reasons:
        assert reason in error.lines


def test_a_row_of_another_commune(offices):
    line = craft.person_line(offices.a, unit_code=offices.codes["b"])
    _payload_refused(offices, [line], f"dòng 2: bản ghi của đơn vị khác ({offices.codes['b']}).")


def test_invalid_json_and_utf8_with_line_numbers(offices):
    good = craft.person_line(offices.a)
    lines = [good, b'{"table": "person", "row": \n', good, b"\xff\xfe not text\n"]
    _payload_refused(
        offices,
        lines,
        "dòng 3: không phải JSON hợp lệ.",
        "dòng 5: không phải văn bản UTF-8.",
    )


def test_birth_year_3025_and_a_huge_name(offices):
    lines = [
        craft.person_line(offices.a, birth_year=3025),
        craft.person_line(offices.a, full_name="A" * 20_000),
        craft.person_line(offices.a, full_name="B" * 1_000_000),
    ]
    _payload_refused(
        offices,
        lines,
        "dòng 2: person.birth_year không hợp lệ (3025).",
        "dòng 3: person.full_name quá dài (20000 ký tự).",
        "dòng 4: dòng quá dài.",
    )


def test_unknown_table_and_column(offices):
    lines = [
        b'{"table": "user", "row": {}}\n',
        craft.person_line(offices.a, password="x"),
    ]
    _payload_refused(
        offices, lines, "dòng 2: bảng không được đồng bộ.", "dòng 3: cột lạ “password”."
    )


def test_counts_per_table_that_disagree_with_the_manifest(offices):
    data = craft.bundle_with_lines(offices.a, [craft.person_line(offices.a)])
    lying = craft.resign(offices.a, data, counts={"event": 1})
    _refused(offices, lying, "Số dòng theo từng bảng trong gói không khớp")


def test_a_bundle_for_another_province(offices, bundle):
    _refused(offices, craft.resign(offices.a, bundle, province_code="01"), "gửi cho tỉnh khác")


def test_a_manifest_field_of_the_wrong_type(offices, bundle):
    _refused(offices, craft.resign(offices.a, bundle, number="1"), "trường number sai kiểu")


def test_a_broken_chain_is_reported(offices):
    first = export.export(offices.a, offices.usb)[0].path.read_bytes()
    second = export.export(offices.a, offices.usb)[0].path.read_bytes()
    forked = craft.resign(offices.a, second, previous_sha256="0" * 64)
    importer.import_bundle(offices.province, first, offices.identity, dry_run=False)
    result = importer.import_bundle(offices.province, forked, offices.identity, dry_run=True)
    assert result.warnings == ["Chuỗi gói bị đứt: gói số 2 không nối tiếp gói số 1 đã nhận."]
