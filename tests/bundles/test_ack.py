"""Acknowledgements: only the province's genuine, newer ack for this device moves the mark."""

from __future__ import annotations

import json

import pytest

from desktop.core.bundles import BundleError, ack, export, importer, signed
from desktop.core.bundles import keys as bundle_keys


@pytest.fixture
def acked(offices):
    bundle = export.export(offices.a, offices.usb)[0]
    importer.import_file(offices.province, bundle.path, offices.identity, dry_run=False)
    return ack.make_ack(offices.province, offices.codes["a"])[1]


def _refused(offices, data: bytes, message: str) -> None:
    before = offices.db_hash("a")
    with pytest.raises(BundleError, match=message):
        ack.import_ack(offices.a, data)
    assert offices.db_hash("a") == before
    assert export.acknowledged(offices.a) == (0, 0)


def _resigned(offices, data: bytes, **changes) -> bytes:
    body = json.loads(json.loads(data)["body"])
    body.update(changes)
    return signed.dump(body, bundle_keys.province_signing_key(offices.province))


def test_a_tampered_ack(offices, acked):
    document = json.loads(acked)
    document["body"] = document["body"].replace('"number": 1', '"number": 2')
    _refused(offices, json.dumps(document).encode(), "Chữ ký của tệp xác nhận không đúng")


def test_an_ack_signed_by_someone_else(offices, acked):
    body = json.loads(json.loads(acked)["body"])
    forged = signed.dump(body, bundle_keys.commune_signing_key(offices.b)[0])
    _refused(offices, forged, "Chữ ký của tệp xác nhận không đúng")


def test_an_ack_for_another_device(offices, acked):
    _refused(offices, _resigned(offices, acked, device_id="x" * 36), "không dành cho máy này")


def test_an_ack_of_a_bundle_never_written(offices, acked):
    _refused(offices, _resigned(offices, acked, number=7), "gói số 7 mà máy này chưa xuất")


def test_garbage_instead_of_an_ack(offices):
    _refused(offices, b"\x89PNG...", "Không đọc được tệp xác nhận của tỉnh")


def test_the_genuine_ack_is_accepted_once(offices, acked):
    assert ack.import_ack(offices.a, acked).number == 1
    assert export.acknowledged(offices.a)[0] == 1
    with pytest.raises(BundleError, match="cũ hơn hoặc đã được nhập"):
        ack.import_ack(offices.a, acked)
