"""End to end through the command line: two communes, three months each, shuffled import."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import zipfile

import pytest

from db import open_database, transaction
from desktop import bundles_cli
from desktop.core import demo, records, units

PASSPHRASE = "mat-khau-cua-tinh-2026"


@pytest.fixture(autouse=True)
def _environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ANTQ_LANG", "vi")
    monkeypatch.setenv(bundles_cli.PASSPHRASE_VARIABLE, PASSPHRASE)


def _run(capsys, db, *argv) -> tuple[int, str]:
    code = bundles_cli.main(["--db", str(db), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out + err


def _totals(path, unit_code):
    db = open_database(path)
    try:
        return db.conn.execute(
            "SELECT (SELECT COUNT(*) FROM person WHERE unit_code = ?1 AND deleted_at IS NULL), "
            "(SELECT COUNT(*) FROM event WHERE unit_code = ?1 AND deleted_at IS NULL), "
            "(SELECT SUM(count_total) FROM event WHERE unit_code = ?1 AND deleted_at IS NULL), "
            "(SELECT SUM(value_vnd) FROM outcome WHERE unit_code = ?1 AND deleted_at IS NULL)",
            [unit_code],
        ).fetchone()[:]
    finally:
        db.close()


def _edit_month(path, month: int) -> None:
    """A month of work: one event's head-count changes, one person leaves the register."""
    db = open_database(path)
    try:
        with transaction(db):
            event = db.conn.execute("SELECT uid FROM event ORDER BY id LIMIT 1").fetchone()[0]
            records.update(db, "event", event, {"count_total": 100 + month})
            person = db.conn.execute(
                "SELECT uid FROM person WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
            ).fetchone()[0]
            records.tombstone(db, "person", person)
    finally:
        db.close()


def test_two_communes_three_months_shuffled_import_totals_match(tmp_path, capsys):
    province = tmp_path / "tinh.sqlite3"
    setup = tmp_path / "thiet-lap.json"
    code, out = _run(capsys, province, "setup-province", "--province", "91", "--setup-out", setup)
    assert code == 0, out
    assert "KHÓA DỰ PHÒNG" in out and "AGE-SECRET-KEY-1" in out

    communes = {}
    for index, commune in enumerate(units.communes("91")[:2]):
        path = tmp_path / f"xa-{commune.code}.sqlite3"
        db = open_database(path)
        demo.build_commune(db, commune.code, 2026, 30 + index, 30, 6)
        db.close()
        key_file = tmp_path / f"khoa-{commune.code}.json"
        code, out = _run(
            capsys, path, "setup-commune-keys", "--setup", setup, "--key-out", key_file
        )
        assert code == 0, out
        spoken = re.search(r"đọc cho tỉnh qua điện thoại\): ([A-Z2-7 ]+)", out).group(1)
        assert _run(capsys, province, "enroll", key_file)[0] == 0
        code, out = _run(
            capsys, province, "confirm", "--commune", commune.code, "--fingerprint", spoken
        )
        assert code == 0, out
        communes[commune.code] = path

    usb = tmp_path / "usb"
    usb.mkdir()
    for month in (6, 7, 8):
        for path in communes.values():
            code, out = _run(capsys, path, "export", "--to", usb, "--period", f"2026-{month:02d}")
            assert code == 0 and "Đã ghi " in out, out
            _edit_month(path, month)
    for path in communes.values():  # what the last month changed
        assert _run(capsys, path, "export", "--to", usb, "--period", "2026-09")[0] == 0

    files = sorted(usb.glob("*.antq"))
    assert len(files) == 8
    random.Random(5).shuffle(files)
    before = province.read_bytes()
    code, out = _run(capsys, province, "verify", *files)
    assert code == 0 and out.count(" hợp lệ: đơn vị ") == 8, out
    assert "Số liệu của kỳ: sự kiện đã tổ chức " in out
    assert province.read_bytes() == before
    code, out = _run(capsys, province, "import", "--dry-run", *files)
    assert code == 0 and out.count("Chạy thử (chưa ghi) gói") == 8, out
    assert province.read_bytes() == before
    code, out = _run(capsys, province, "import", *files)
    assert code == 0 and out.count("Đã nhập gói") == 8, out
    for unit_code, path in communes.items():
        assert _totals(province, unit_code) == _totals(path, unit_code)

    months = "2026-06,2026-07,2026-08,2026-09,2026-10"
    grid_file = tmp_path / "tinh-hinh.xlsx"
    code, out = _run(capsys, province, "completeness", "--months", months, "--out", grid_file)
    assert code == 0 and grid_file.exists(), out
    assert "Tháng 2026-07: 2/2 xã đã báo cáo." in out
    assert "Tháng 2026-10: 0/2 xã đã báo cáo." in out
    code, out = _run(capsys, province, "import", files[0])
    assert code == 0 and "đã được nhập trước đây" in out
    junk = tmp_path / "anh.antq"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    code, out = _run(capsys, province, "import", junk)
    assert code == 1 and "Từ chối anh.antq: Tệp không phải gói dữ liệu ANTQ hợp lệ" in out

    unit_code, path = next(iter(communes.items()))
    code, out = _run(capsys, province, "ack-export", "--commune", unit_code, "--to", usb)
    assert code == 0, out
    ack_file = next(usb.glob(f"ack_{unit_code}_*.json"))
    code, out = _run(capsys, path, "ack-import", ack_file)
    assert code == 0 and "Tỉnh đã xác nhận nhận đủ tới gói số 4." in out
    code, out = _run(capsys, path, "export", "--to", usb, "--period", "2026-10")
    assert "Không có thay đổi trong kỳ" in out

    identity = tmp_path / "khoa-lam-viec.txt"
    assert _run(capsys, province, "export-identity", "--out", identity)[0] == 0
    assert identity.stat().st_mode & 0o777 == 0o600
    if shutil.which("age"):
        payload = zipfile.ZipFile(files[0]).read("payload.age")
        done = subprocess.run(
            ["age", "-d", "-i", str(identity)], input=payload, capture_output=True, check=True
        )
        assert done.stdout.startswith(b'{"device_id": ')


def test_known_errors_exit_2_with_a_vietnamese_message(tmp_path, capsys):
    code, out = _run(capsys, tmp_path / "missing.sqlite3", "export", "--to", tmp_path)
    assert code == 2 and "Lỗi: Không tìm thấy tệp dữ liệu" in out
    db = tmp_path / "xa.sqlite3"
    opened = open_database(db)
    demo.build_commune(opened, units.communes("91")[0].code, 2026, 1, 5, 2)
    opened.close()
    code, out = _run(capsys, db, "export", "--to", tmp_path)
    assert code == 2 and "Chưa nạp tệp thiết lập của tỉnh" in out


def test_every_command_has_vietnamese_help(capsys):
    for name in (
        "setup-province",
        "export-identity",
        "setup-commune-keys",
        "enroll",
        "confirm",
        "revoke",
        "export",
        "import",
        "verify",
        "ack-export",
        "ack-import",
        "completeness",
    ):
        with pytest.raises(SystemExit):
            bundles_cli.main([name, "--help"])
        out = capsys.readouterr().out
        assert "Cách dùng:" in out and "Hiện trợ giúp này rồi thoát." in out
