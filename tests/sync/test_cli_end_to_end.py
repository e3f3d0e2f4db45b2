"""Through the command line: two demo communes export three months each, the province imports
the six bundles shuffled, and its totals per commune equal the communes' own."""

from __future__ import annotations

import random

import pytest

from db import open_database
from desktop.cli import main
from desktop.core import people, units
from desktop.core.sync import keys

from .conftest import PASSPHRASE

TOTALS = {
    "people": "SELECT COUNT(*) FROM person WHERE deleted_at IS NULL AND unit_code = ?",
    "events": "SELECT COUNT(*), SUM(count_total) FROM event WHERE deleted_at IS NULL "
    "AND unit_code = ?",
    "attendance": "SELECT COUNT(*) FROM attendance WHERE deleted_at IS NULL AND unit_code = ?",
    "outcomes": "SELECT COUNT(*), SUM(value_vnd), SUM(quantity) FROM outcome "
    "WHERE deleted_at IS NULL AND unit_code = ?",
}


def _totals(path, code) -> dict:
    db = open_database(path)
    try:
        return {
            name: tuple(db.conn.execute(sql, [code]).fetchone()) for name, sql in TOTALS.items()
        }
    finally:
        db.close()


def _run(capsys, *argv) -> str:
    code = main([str(part) for part in argv])
    out = capsys.readouterr()
    assert code == 0, out.err + out.out
    return out.out


def _delete_someone(path) -> None:
    """A month's work at the commune: one participant removed from the register."""
    db = open_database(path)
    try:
        uid = db.conn.execute(
            "SELECT uid FROM person WHERE deleted_at IS NULL AND uid NOT IN "
            "(SELECT person_uid FROM attendance) LIMIT 1"
        ).fetchone()[0]
        people.delete_person(db, uid)
    finally:
        db.close()


def test_two_communes_three_months_shuffled_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANTQ_PASSPHRASE", PASSPHRASE)
    province, setup = tmp_path / "province.sqlite3", tmp_path / "setup.json"
    printed = _run(
        capsys,
        "--db",
        province,
        "province-init",
        "--province",
        "91",
        "--setup-out",
        setup,
        "--escrow-out",
        tmp_path / "khoa.txt",
    )
    assert "khoa.txt" in printed and "AGE-SECRET-KEY-1" not in printed  # the sheet only
    codes = [c.code for c in units.communes("91")[:2]]
    files, paths = [], {}
    for index, code in enumerate(codes):
        path = paths[code] = tmp_path / f"{code}.sqlite3"
        _run(capsys, "--db", path, "demo", "--commune", code, "--seed", 10 + index)
        assert "Dấu vân tay khóa ký của xã" in _run(capsys, "--db", path, "setup-load", setup)
        for month in ("2026-06", "2026-07", "2026-08"):
            if month != "2026-06":
                _delete_someone(path)
            out = tmp_path / f"usb-{code}-{month}"
            out.mkdir()
            _run(capsys, "--db", path, "export", "--to", out, "--period", month)
            files += sorted(out.glob("*.antq"))
    for code in codes:
        first = next(f for f in files if f.name.startswith(code))
        assert "chờ xác nhận" in _run(capsys, "--db", province, "enrol", first)
        db = open_database(paths[code])
        fingerprint = keys.fingerprint(keys.signing_public(db))  # read out over the phone
        db.close()
        _run(capsys, "--db", province, "confirm", "--commune", code, "--fingerprint", fingerprint)
    random.Random(3).shuffle(files)
    dry = _run(capsys, "--db", province, "import", "--dry-run", *files)
    assert dry.count("Chạy thử, chưa ghi") == len(files)
    printed = _run(capsys, "--db", province, "import", *files)
    assert "bị từ chối" not in printed
    for code in codes:
        assert _totals(province, code) == _totals(paths[code], code), code
    again = _run(capsys, "--db", province, "import", *files)
    assert again.count("đã được nhập trước đây") == len(files)


@pytest.mark.parametrize("argv", [["import", "nothing.antq"], ["export", "--to", "nowhere"]])
def test_known_errors_exit_2_with_a_vietnamese_message(tmp_path, capsys, argv):
    code = main(["--db", str(tmp_path / "missing.sqlite3"), *argv])
    assert code == 2
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err
