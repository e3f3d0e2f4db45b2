"""Setup file, commune key file and the province's register refuse what they should."""

from __future__ import annotations

import json

import pytest

from desktop.core.bundles import BundleError, crypto, keys, signed


def _tamper(data: bytes, old: str, new: str) -> bytes:
    document = json.loads(data)
    assert old in document["body"]
    document["body"] = document["body"].replace(old, new)
    return json.dumps(document).encode()


def test_a_tampered_setup_file_is_refused(offices):
    setup = keys.setup_file(offices.province)
    tampered = _tamper(setup, '"province_name": "', '"province_name": "Giả ')
    before = offices.db_hash("a")
    with pytest.raises(BundleError, match="Chữ ký của tệp thiết lập không đúng"):
        keys.load_province_setup(offices.a, tampered)
    assert offices.db_hash("a") == before


def test_a_setup_file_of_another_province_is_refused(offices):
    body = json.loads(json.loads(keys.setup_file(offices.province))["body"])
    private, _public = crypto.new_signing_key()
    body.update(province_code="01", province_name="Thành phố Hà Nội")
    body["signing_public_key"] = crypto.public_of(private)
    with pytest.raises(BundleError, match="không dành cho đơn vị này"):
        keys.load_province_setup(offices.a, signed.dump(body, private))


def test_the_setup_file_gives_the_province_fingerprint(offices):
    fingerprint = keys.load_province_setup(offices.a, keys.setup_file(offices.province))
    assert fingerprint == keys.province_fingerprint(offices.province)


def test_a_tampered_commune_key_file_is_refused(offices):
    key_file = keys.commune_key_file(offices.a)
    tampered = _tamper(key_file, '"unit_code": "', '"unit_code": "9')
    with pytest.raises(BundleError, match="Chữ ký của tệp khóa không đúng"):
        keys.enroll_commune(offices.province, tampered)


def test_a_commune_cannot_make_a_second_key_by_mistake(offices):
    with pytest.raises(BundleError, match="Đơn vị đã có khóa ký"):
        keys.create_commune_key(offices.a)


def test_province_setup_twice_is_refused(offices):
    with pytest.raises(BundleError, match="đã được thiết lập"):
        keys.set_up_province(offices.province, "91", "mot-mat-khau-dai-du")


def test_a_short_passphrase_is_refused(db):
    with pytest.raises(BundleError, match="ít nhất 10 ký tự"):
        keys.set_up_province(db, "91", "ngan")
