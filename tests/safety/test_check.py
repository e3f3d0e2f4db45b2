"""`antq-desk check` on files as bad luck and an adversary leave them.

Each test reproduces a failure found when the claims were tested: `check` wrote a new schema
into a 0-byte file and said "không có lỗi"; it said "audit chain intact, 0 entries" about a file
it could not read; dropped triggers and rows edited with sqlite3 passed with exit code 0.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop.cli.commands import EXIT_OK, EXIT_PROBLEMS, main
from desktop.core.storage import health, verdict
from tests.safety.conftest import damage, raw


def run_check(path: Path, capsys) -> tuple[int, str]:
    code = main(["--db", str(path), "check"])
    return code, capsys.readouterr().out


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_office_passes(office_file, capsys):
    code, out = run_check(office_file, capsys)
    assert code == EXIT_OK, out
    assert "Kết quả: tệp dữ liệu không có lỗi." in out
    assert "KHÔNG CHẠY ĐƯỢC" not in out


def test_a_zero_byte_file_beside_backups_is_damaged_and_stays_empty(with_backups, capsys):
    path = with_backups
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"")
    code, out = run_check(path, capsys)
    assert code == EXIT_PROBLEMS
    assert "trống" in out and "không phải văn phòng mới" in out
    assert "không có lỗi" not in out and "nguyên vẹn" not in out
    assert out.count("KHÔNG CHẠY ĐƯỢC") == len(health.CHECKS)
    assert path.stat().st_size == 0  # nothing was written into it


def test_a_file_whose_tables_are_gone_is_damaged(with_backups, capsys):
    path = with_backups
    conn_statements = [
        f"DROP TABLE IF EXISTS {name}"
        for name in ("attendance", "outcome", "person", "event", "audit_change", "audit")
    ]
    raw(path, "PRAGMA foreign_keys = OFF", *conn_statements)
    code, out = run_check(path, capsys)
    assert code == EXIT_PROBLEMS
    assert "Bảng person đã bị xóa khỏi tệp." in out
    assert "Bảng audit đã bị xóa khỏi tệp." in out


def test_a_damaged_page_names_the_checks_that_could_not_run(office_file, capsys):
    damage(office_file, "audit")
    before = fingerprint(office_file)
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    assert "KHÔNG CHẠY ĐƯỢC" in out
    chain_line = next(line for line in out.splitlines() if "Nhật ký thao tác (ai làm gì)" in line)
    assert "nguyên vẹn" not in chain_line
    assert fingerprint(office_file) == before


@pytest.mark.parametrize(
    "trigger",
    ["audit_no_update", "audit_change_no_delete", "person_log_update", "outcome_rev_must_rise"],
)
def test_a_dropped_trigger_is_found(office_file, capsys, trigger):
    assert ("trigger", trigger) in verdict.expected_schema(verdict.schema_version())
    raw(office_file, f"DROP TRIGGER {trigger}")
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    assert f"Trigger {trigger} đã bị xóa khỏi tệp." in out


def test_a_trigger_replaced_by_a_harmless_looking_one_is_found(office_file, capsys):
    raw(
        office_file,
        "DROP TRIGGER audit_no_delete",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END",
    )
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    assert "Trigger audit_no_delete đã bị sửa ngoài chương trình." in out


def test_a_trigger_added_outside_the_program_is_found(office_file, capsys):
    raw(
        office_file,
        "CREATE TRIGGER quiet AFTER INSERT ON person BEGIN UPDATE person SET notes = '' "
        "WHERE uid = new.uid; END",
    )
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    assert "Có trigger lạ quiet" in out


def test_six_edits_made_with_sqlite3_are_each_named(office_file, capsys):
    uids = office_file.uids
    raw(
        office_file,
        f"UPDATE person SET full_name = 'Nguyễn Văn Ẩn', rev = rev + 1 WHERE uid = '{uids['an']}'",
        f"UPDATE person SET birth_year = 1990, rev = rev + 1 WHERE uid = '{uids['an']}'",
        f"UPDATE person SET phone = '0999999999', rev = rev + 1 WHERE uid = '{uids['binh']}'",
        f"UPDATE outcome SET value_vnd = 500000000, rev = rev + 1 WHERE uid = '{uids['outcome']}'",
        "UPDATE account SET role = 'admin' WHERE username = 'nguoi.xem'",
        "UPDATE account SET active = 0 WHERE username = 'can.bo'",
    )
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    for table, uid, field in [
        ("person", uids["an"], "full_name"),
        ("person", uids["an"], "birth_year"),
        ("person", uids["binh"], "phone"),
        ("outcome", uids["outcome"], "value_vnd"),
    ]:
        assert f"Bản ghi {table} {uid}: trường {field} đã bị sửa ngoài chương trình" in out
    assert "Tài khoản nguoi.xem: trường role đã bị sửa ngoài chương trình" in out
    assert "Tài khoản can.bo: trường active đã bị sửa ngoài chương trình" in out


def test_rows_and_accounts_added_with_sqlite3_are_named(office_file, capsys):
    raw(
        office_file,
        "INSERT INTO person (uid, unit_code, rev, created_at, updated_at, full_name, "
        "search_key, sort_key) "
        "SELECT 'ngoai-le', unit_code, 1, '2099-01-01T00:00:00+00:00', "
        "'2099-01-01T00:00:00+00:00', 'Người Lạ', 'nguoi la', 'la nguoi' FROM person LIMIT 1",
        "INSERT INTO account (username, display_name, role, password_hash, created_at, "
        "password_changed_at) VALUES ('ke.gian', 'Kẻ Gian', 'admin', 'x', 'now', 'now')",
    )
    code, out = run_check(office_file, capsys)
    assert code == EXIT_PROBLEMS
    assert "Bản ghi person ngoai-le không có trong nhật ký thao tác" in out
    assert "Tài khoản ke.gian không có trong nhật ký thao tác" in out


def test_check_never_writes_and_falls_back_where_the_folder_is_read_only(
    office_file, capsys, monkeypatch
):
    """In a read-only folder SQLite cannot create a WAL file's shared memory: `check` then reads
    the file as immutable (simulated: the first read-only open fails as it does there)."""
    import sqlite3

    real_connect = sqlite3.connect
    opened: list[str] = []

    def connect(target, *args, **kwargs):
        opened.append(str(target))
        if "immutable" not in str(target) and "mode=ro" in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    before = fingerprint(office_file)
    files_before = sorted(os.listdir(office_file.parent))
    monkeypatch.setattr(sqlite3, "connect", connect)
    code, out = run_check(office_file, capsys)
    assert code == EXIT_OK, out
    assert all("mode=ro" in target for target in opened), opened
    assert fingerprint(office_file) == before
    assert sorted(os.listdir(office_file.parent)) == files_before
