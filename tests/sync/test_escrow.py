"""The escrow key's safe copy: a text sheet that `age` reads, and a QR code that scans back."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import subprocess

import pytest

from db import open_database
from desktop.cli import main
from desktop.core import office
from desktop.core.errors import ValidationError
from desktop.core.sync import archive, escrow, keys, province

from .conftest import PASSPHRASE, add_person, export_one

AGE, ZBARIMG = shutil.which("age"), shutil.which("zbarimg")


def _scan(path) -> str:
    """What a QR reader gets from the image (zbarimg, Debian package zbar-tools)."""
    result = subprocess.run(
        [ZBARIMG, "--raw", "-q", str(path)], capture_output=True, timeout=60, check=True
    )
    return result.stdout.decode("ascii").strip()


def test_safe_copy_text_is_an_identity_file_with_the_facts_as_comments(province_template):
    made = province_template[4]
    copy = escrow.SafeCopy.of("Tỉnh An Giang", made, dt.date(2026, 8, 1))
    text = copy.text()
    assert text.endswith(made.escrow_identity + "\n")
    assert all(line.startswith("# ") for line in text.splitlines()[:-1])
    assert "01/08/2026" in text and made.escrow_recipient in text
    assert keys.fingerprint(made.signing_public) in text
    assert str(keys.parse_identity(text)) == made.escrow_identity


@pytest.mark.skipif(ZBARIMG is None, reason="the Debian package `zbar-tools` is not installed")
def test_qr_png_scans_back_to_the_identity(tmp_path, province_template):
    identity = province_template[4].escrow_identity
    path = tmp_path / "qr.png"
    path.write_bytes(escrow.qr_png(identity))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _scan(path) == identity


def test_short_passphrase_and_unknown_province_are_field_errors(db):
    with pytest.raises(ValidationError) as raised:
        province.make_keys("00", "ngan")
    assert set(raised.value.fields) == {"province_code", "passphrase"}
    assert "ít nhất 8 ký tự" in raised.value.fields["passphrase"]
    assert not office.is_set_up(db)


def test_province_init_writes_the_safe_copy_as_text_and_qr(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    path, sheet = tmp_path / "province.sqlite3", tmp_path / "safe" / "khoa-du-phong.txt"
    sheet.parent.mkdir()
    argv = ["--db", path, "province-init", "--province", "91", "--setup-out", tmp_path / "s.json"]
    assert main([str(part) for part in [*argv, "--escrow-out", sheet]]) == 0
    printed = capsys.readouterr().out
    qr = sheet.with_suffix(".png")
    assert str(sheet) in printed and str(qr) in printed
    identity = sheet.read_text(encoding="utf-8").splitlines()[-1]
    assert identity.startswith("AGE-SECRET-KEY-1") and identity not in printed  # sheet only
    db = open_database(path)
    try:
        _working, escrow_recipient = keys.province_recipients(db)
    finally:
        db.close()
    assert str(keys.parse_identity(identity).to_public()) == escrow_recipient
    if ZBARIMG:
        assert _scan(qr) == identity


@pytest.mark.skipif(AGE is None, reason="the Debian package `age` is not installed")
def test_stock_age_opens_a_payload_with_the_printed_sheet(
    tmp_path, prov, commune, province_template
):
    add_person(commune, "Trương Thị Hạnh")
    data = export_one(commune, tmp_path / "usb").path.read_bytes()
    (tmp_path / "payload.age").write_bytes(archive.unpack(data, 1 << 30)[archive.PAYLOAD])
    copy = escrow.SafeCopy.of("Tỉnh An Giang", province_template[4])
    sheet, _qr = escrow.write_safe_copy(copy, tmp_path / "khoa-du-phong.txt")
    result = subprocess.run(
        [AGE, "-d", "-i", str(sheet), str(tmp_path / "payload.age")],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert "Trương Thị Hạnh" in gzip.decompress(result.stdout).decode("utf-8")


def test_province_init_stores_nothing_if_the_safe_copy_cannot_be_written(
    tmp_path, capsys, monkeypatch
):
    """The keys are stored only after the escrow copy is out: a failed write (a stick pulled,
    a wrong folder) leaves no province office whose only escrow copy was lost."""
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    path, sheet = tmp_path / "province.sqlite3", tmp_path / "not-there" / "khoa.txt"
    argv = ["--db", path, "province-init", "--province", "91", "--setup-out", tmp_path / "s.json"]
    assert main([str(part) for part in [*argv, "--escrow-out", sheet]]) == 2
    argv += ["--escrow-out", tmp_path / "khoa.txt"]
    assert "Lỗi:" in capsys.readouterr().err
    db = open_database(path)
    try:
        assert not office.is_set_up(db)
        assert db.conn.execute("SELECT count(*) FROM sync_key").fetchone()[0] == 0
    finally:
        db.close()
    assert main([str(part) for part in argv]) == 0  # and it can simply be run again
    capsys.readouterr()
    assert main([str(part) for part in argv]) == 2  # once set up, no new keys or sheet
    said = capsys.readouterr()
    assert "đã được thiết lập" in said.err and "AGE-SECRET-KEY" not in said.out
