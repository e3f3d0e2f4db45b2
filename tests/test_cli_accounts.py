"""The command line once a database has accounts: `--user` for writes, roles, the audit check."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import open_database
from desktop.cli import commands as cli
from desktop.cli import console
from desktop.core import accounts
from desktop.core.session import Role

PEOPLE = Path(__file__).parent / "data" / "listimport" / "people_clean.xlsx"
PASSWORD = "mat-khau-dai"


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTQ_LANG", "vi")
    monkeypatch.delenv(console.PASSWORD_VARIABLE, raising=False)


@pytest.fixture
def db_path(tmp_path):
    """A demo commune with an administrator and a viewer."""
    path = tmp_path / "antq.sqlite3"
    assert cli.main(["--db", str(path), "demo"]) == 0
    db = open_database(path)
    accounts.create_first_admin(db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    db.close()
    return path


def _people(path: Path) -> int:
    db = open_database(path)
    try:
        return db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    finally:
        db.close()


def test_a_write_without_user_is_refused_with_a_hint(db_path, capsys):
    before = _people(db_path)
    assert cli.main(["--db", str(db_path), "import-list", str(PEOPLE), "--kind", "people"]) == 2
    err = capsys.readouterr().err
    assert "Cần đăng nhập" in err and "--user" in err and "ANTQ_PASSWORD" in err
    assert _people(db_path) == before


def test_a_write_with_user_and_password_goes_in_under_that_name(db_path, monkeypatch, capsys):
    monkeypatch.setenv(console.PASSWORD_VARIABLE, PASSWORD)
    args = ["--db", str(db_path), "--user", "admin", "import-list", str(PEOPLE), "--kind", "people"]
    assert cli.main(args) == 0
    db = open_database(db_path)
    kinds = [tuple(r) for r in db.conn.execute("SELECT actor, kind FROM audit ORDER BY id DESC")]
    db.close()
    assert kinds[:2] == [("admin", "list.import"), ("admin", "login")]


def test_the_password_is_asked_when_not_in_the_environment(db_path, monkeypatch):
    asked = []
    monkeypatch.setattr(console.getpass, "getpass", lambda prompt: asked.append(prompt) or "sai")
    args = ["--db", str(db_path), "--user", "admin", "import-list", str(PEOPLE), "--kind", "people"]
    assert cli.main(args) == 2
    assert asked == ["Mật khẩu của admin: "]


def test_a_viewer_may_not_import(db_path, monkeypatch, capsys):
    monkeypatch.setenv(console.PASSWORD_VARIABLE, PASSWORD)
    args = ["--db", str(db_path), "--user", "xem", "import-list", str(PEOPLE), "--kind", "people"]
    assert cli.main(args) == 2
    assert "không có quyền nhập dữ liệu" in capsys.readouterr().err


def test_check_reports_the_audit_chain_and_finds_an_edited_entry(db_path, capsys):
    assert cli.main(["--db", str(db_path), "check"]) == 0
    assert "Nhật ký thao tác (ai làm gì): nguyên vẹn" in capsys.readouterr().out
    db = open_database(db_path)
    db.conn.execute("DROP TRIGGER audit_no_update")
    db.conn.execute("UPDATE audit SET actor = 'xem' WHERE kind = 'account.create'")
    db.close()
    assert cli.main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "đã bị sửa ngoài chương trình" in out and "phát hiện lỗi" in out


def test_restore_needs_an_administrator(db_path, tmp_path, monkeypatch, capsys):
    assert cli.main(["--db", str(db_path), "backup"]) == 0  # the automatic copy needs no one
    (copy,) = (db_path.parent / "backups").glob("*.sqlite3")
    monkeypatch.setenv(console.PASSWORD_VARIABLE, PASSWORD)
    base = ["--db", str(db_path)]
    assert cli.main([*base, "--user", "xem", "restore", str(copy), "--yes"]) == 2
    assert "không có quyền khôi phục" in capsys.readouterr().err
    assert cli.main([*base, "--user", "admin", "restore", str(copy), "--yes"]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out


def test_sync_commands_sign_in_too(db_path, tmp_path, monkeypatch, capsys):
    base = ["--db", str(db_path)]
    assert cli.main([*base, "export", "--to", str(tmp_path)]) == 2
    assert "Cần đăng nhập" in capsys.readouterr().err
    monkeypatch.setenv(console.PASSWORD_VARIABLE, PASSWORD)
    assert cli.main([*base, "--user", "xem", "export", "--to", str(tmp_path)]) == 2
    assert "không có quyền xuất dữ liệu" in capsys.readouterr().err
    assert list(tmp_path.glob("*.antq")) == []


def test_a_secret_nobody_can_type_is_refused_in_vietnamese_naming_its_variable(
    db_path, tmp_path, monkeypatch, capsys
):
    """A scheduled task or `< file` has no console: no traceback, the variable to set instead."""

    def no_console(prompt):
        raise EOFError

    monkeypatch.delenv("ANTQ_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.setattr(console.getpass, "getpass", no_console)
    monkeypatch.setenv(console.PASSWORD_VARIABLE, PASSWORD)
    (tmp_path / "usb").mkdir()
    args = ["--user", "admin", "--db", str(db_path), "backup", "--to", str(tmp_path / "usb")]
    assert cli.main(args) == 2
    error = capsys.readouterr().err
    assert "ANTQ_BACKUP_PASSPHRASE" in error and "Traceback" not in error
