"""Files that travel by hand: the escrow sheet opens bundles, Notepad re-saves are still read,
and a missing or unreadable file is named in Vietnamese without stopping a batch."""

from __future__ import annotations

import codecs

import pytest

from db import open_database
from desktop.cli import main
from desktop.core import catalogues, office, units
from desktop.core.errors import UserError
from desktop.core.sync import ack, importer, keys, register, setup_file, textfile

from .conftest import PASSPHRASE, add_person, export_one


def _notepad(data: bytes, bom: bytes = codecs.BOM_UTF8) -> bytes:
    """What Notepad writes back after "Save as… UTF-8 with BOM": CRLF line ends, a BOM."""
    return bom + data.replace(b"\n", b"\r\n")


def test_import_with_only_the_escrow_sheet_province_init_wrote(tmp_path, capsys, monkeypatch):
    """The sheet has Vietnamese comment lines (UTF-8): reading it was a UnicodeDecodeError."""
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    province, setup, sheet = tmp_path / "p.sqlite3", tmp_path / "s.json", tmp_path / "khóa.txt"
    init = ["--db", province, "province-init", "--province", "91", "--setup-out", setup]
    assert main([str(p) for p in [*init, "--escrow-out", sheet]]) == 0
    commune = open_database(tmp_path / "c.sqlite3")
    code = units.communes("91")[0].code
    office.set_up_commune(commune, office.OfficeSetup(commune_code=code, year=2026))
    setup_file.load_setup_file(commune, setup)
    commune.hamlet = catalogues.add_hamlet(commune, "Ấp Tân Hòa")
    add_person(commune, "Lâm Thị Ngọc")
    public = keys.signing_public(commune)
    written = export_one(commune, tmp_path / "usb")
    commune.close()
    db = open_database(province)
    register.enrol(db, code, public)
    register.confirm(db, code, keys.fingerprint(public))
    db.close()
    capsys.readouterr()
    monkeypatch.delenv("ANTQ_PASSPHRASE")  # the working passphrase is forgotten
    argv = ["--db", province, "import", "--escrow-identity", sheet, written.path]
    assert main([str(p) for p in argv]) == 0, capsys.readouterr()
    assert "1 mới" in capsys.readouterr().out
    db = open_database(province)
    try:
        found = db.conn.execute("SELECT full_name FROM person WHERE unit_code = ?", [code])
        assert [row[0] for row in found] == ["Lâm Thị Ngọc"]
    finally:
        db.close()


def test_escrow_sheet_saved_again_by_notepad_still_opens(tmp_path, province_template):
    made = province_template[4]
    from desktop.core.sync import escrow

    sheet, _qr = escrow.write_safe_copy(escrow.SafeCopy.of("Tỉnh An Giang", made), tmp_path / "k")
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        text = sheet.read_text(encoding="utf-8").replace("\n", "\r\n")
        saved = tmp_path / "notepad.txt"
        saved.write_bytes(bom + text.encode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-8"))
        assert str(keys.read_identity_file(saved)) == made.escrow_identity


def test_escrow_identity_that_is_not_a_key_says_so(tmp_path):
    bad = tmp_path / "anh.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(UserError, match="Tệp khóa bí mật không hợp lệ"):
        keys.read_identity_file(bad)
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        keys.read_identity_file(tmp_path / "không-có.txt")


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b""])
def test_ack_saved_again_by_notepad_is_taken(tmp_path, prov, commune, bom):
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "usb")
    importer.import_bundle(prov.db, first.path.read_bytes(), prov.identities)
    path = ack.write_ack(prov.db, first.path.name.split("_")[0], tmp_path / "usb")
    data = path.read_bytes()
    if bom == codecs.BOM_UTF16_LE:
        data = bom + data.replace(b"\n", b"\r\n").decode("ascii").encode("utf-16-le")
    else:
        data = _notepad(data, bom)
    path.write_bytes(data)
    result = ack.import_ack(commune, path)
    assert result.highest == 1 and result.moved


def test_setup_file_saved_again_by_notepad_is_loaded(tmp_path, prov):
    saved = tmp_path / "thiết lập.json"
    saved.write_bytes(_notepad(prov.setup_path.read_bytes()))
    db = open_database(tmp_path / "c.sqlite3")
    try:
        code = units.communes("91")[1].code
        office.set_up_commune(db, office.OfficeSetup(commune_code=code, year=2026))
        loaded = setup_file.load_setup_file(db, saved)
        assert loaded.province_name == "An Giang"
    finally:
        db.close()


def test_text_in_another_code_page_is_not_taken_for_utf8():
    with pytest.raises(UnicodeDecodeError):
        textfile.decode("Đà Nẵng".encode("cp1258", "replace"))


def test_batch_goes_on_after_a_missing_file_and_names_it(
    tmp_path, prov, commune, capsys, monkeypatch
):
    """A missing file stopped the batch with an unnamed English error and hid what was
    committed before it."""
    add_person(commune, "Ngô Văn Sơn")
    first = export_one(commune, tmp_path / "usb")
    add_person(commune, "Đinh Thị Lan")
    second = export_one(commune, tmp_path / "usb2")
    prov.db.close()
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    gone = tmp_path / "usb" / "đã-xóa.antq"
    argv = ["--db", prov.path, "import", first.path, gone, tmp_path, second.path]
    assert main([str(p) for p in argv]) == 1
    out = capsys.readouterr().out
    prov.reopen()
    lines = out.splitlines()
    assert any(line.startswith(first.path.name) and "53 mới" in line for line in lines)
    assert any(line.startswith("đã-xóa.antq") and "Không tìm thấy tệp" in line for line in lines)
    assert any("là một thư mục" in line for line in lines)
    assert any(line.startswith(second.path.name) and "1 mới" in line for line in lines)
    assert "  Người tham gia: 1 mới, 0 cập nhật" in out and "person:" not in out
    assert "Errno" not in out and "No such file" not in out
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_in").fetchone()[0] == 2


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "to.antq"
    big.write_bytes(b"x")
    monkeypatch.setattr(type(big), "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(UserError, match="quá lớn"):
        textfile.read_bytes(big, limit=0)


def test_province_init_asks_the_passphrase_twice(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ANTQ_PASSPHRASE", raising=False)
    typed = iter(["mat-khau-tinh-2026", "mat-khau-tinh-2062"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    argv = ["--db", tmp_path / "p.sqlite3", "province-init", "--province", "91"]
    argv += ["--setup-out", tmp_path / "s.json", "--escrow-out", tmp_path / "k.txt"]
    assert main([str(p) for p in argv]) == 2
    assert "không khớp" in capsys.readouterr().err
    assert not (tmp_path / "k.txt").exists()


@pytest.mark.parametrize(
    ("level", "argv", "said"),
    [
        ("province", ["export", "--to", "."], "Đây là văn phòng cấp tỉnh"),
        ("province", ["ack", "--load", "x.antq-ack"], "Đây là văn phòng cấp tỉnh"),
        ("commune", ["import", "x.antq"], "Đây là văn phòng cấp xã"),
        ("commune", ["ack", "--commune", "30985", "--to", "."], "Đây là văn phòng cấp xã"),
    ],
)
def test_a_command_on_the_wrong_side_says_so(
    tmp_path, prov, commune, capsys, monkeypatch, level, argv, said
):
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    path = prov.path if level == "province" else tmp_path / "commune0.sqlite3"
    prov.db.close()
    commune.close()
    assert main([str(p) for p in ["--db", path, *argv]]) == 2
    assert said in capsys.readouterr().err
    prov.reopen()


def test_fingerprints_have_no_look_alikes_and_compare_as_typed():
    import base64
    import os

    for _ in range(200):
        text = keys.fingerprint(base64.b64encode(os.urandom(32)).decode("ascii"))
        assert len(text) == 24 and text.count("-") == 4
        assert not set(text) & set("O0I1")
    sample = keys.fingerprint(base64.b64encode(bytes(32)).decode("ascii"))
    assert keys.same_fingerprint(sample.lower().replace("-", " "), sample)
    assert not keys.same_fingerprint("", sample)
    assert "white-space:nowrap" in keys.unbreakable(sample)


def test_a_setup_file_with_other_keys_is_loaded_only_when_asked(tmp_path, prov, commune, capsys):
    from desktop.core.sync import province as province_office

    other = open_database(tmp_path / "other-province.sqlite3")
    province_office.set_up_province(other, "91", province_office.make_keys("91", PASSPHRASE))
    path = setup_file.write_setup_file(other, tmp_path / "moi.json")
    new = setup_file.parse_setup(path.read_bytes())
    other.close()
    old = setup_file.loaded_setup(commune)
    with pytest.raises(setup_file.ReplacesSetup) as asked:
        setup_file.load_setup_file(commune, path)
    assert old.fingerprint in str(asked.value) and new.fingerprint in str(asked.value)
    assert setup_file.loaded_setup(commune) == old
    commune_path = tmp_path / "commune0.sqlite3"
    commune.close()
    assert main(["--db", str(commune_path), "setup-load", str(path)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["--db", str(commune_path), "setup-load", str(path), "--replace"]) == 0
    reopened = open_database(commune_path)
    assert setup_file.loaded_setup(reopened).fingerprint == new.fingerprint
    reopened.close()


def test_working_identity_is_exported_as_an_age_identity_file(tmp_path, prov, capsys, monkeypatch):
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    prov.db.close()
    out = tmp_path / "khoa-lam-viec.txt"
    assert main(["--db", str(prov.path), "working-identity", "--out", str(out)]) == 0
    assert "dùng xong hãy xóa" in capsys.readouterr().out
    prov.reopen()
    assert str(keys.read_identity_file(out)) == str(prov.identities[0])


def test_completeness_prints_the_grid_in_the_terminal(tmp_path, prov, commune, capsys):
    item = export_one(commune, tmp_path / "usb", period="2026-08")
    importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    prov.db.close()
    argv = ["--db", str(prov.path), "completeness", "--months", "2026-08,2026-09"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    code = office.self_unit(commune).code
    (row,) = [line for line in out.splitlines() if line.startswith(code)]
    assert ("Nhận muộn" in row or "Đã nhận" in row) and "Thiếu" in row
    prov.reopen()


def test_an_import_that_another_window_finished_first_is_already_imported(
    tmp_path, prov, commune, monkeypatch
):
    """Two imports of the same bundle at once: the second finds it inside its transaction."""
    item = export_one(commune, tmp_path / "usb", period="2026-08")
    importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    real, calls = importer._check_chain, []

    def not_yet_seen(*args):  # as read before the other window committed
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(importer, "_check_chain", not_yet_seen)
    again = importer.import_bundle(prov.db, item.path.read_bytes(), prov.identities)
    assert again.status == importer.DUPLICATE and len(calls) == 2
    assert prov.db.conn.execute("SELECT count(*) FROM bundle_in").fetchone()[0] == 1
