"""Issue 16: the command line manages accounts, and takes --user after the command name too."""

from __future__ import annotations

from db import open_database
from desktop.cli import main
from desktop.core import accounts, office, units


def _office(tmp_path):
    path = tmp_path / "xa.sqlite3"
    db = open_database(path)
    office.set_up_commune(
        db, office.OfficeSetup(commune_code=units.communes("91")[0].code, year=2026)
    )
    db.close()
    return str(path)


def test_accounts_from_the_command_line(tmp_path, capsys, monkeypatch):
    path = _office(tmp_path)
    monkeypatch.setenv("ANTQ_NEW_PASSWORD", "Mat-khau-quan-tri-1")
    add = ["--db", path, "account", "add", "quantri", "--display-name", "Lê Văn Quản"]
    assert main([*add, "--role", "officer"]) == 2  # the first account must be an administrator
    assert "quản trị viên" in capsys.readouterr().err
    assert main([*add, "--role", "admin"]) == 0
    monkeypatch.setenv("ANTQ_PASSWORD", "Mat-khau-quan-tri-1")
    monkeypatch.setenv("ANTQ_NEW_PASSWORD", "Mat-khau-can-bo-22")
    officer = ["account", "add", "canbo", "--display-name", "Trần Thị Bộ"]
    assert main(["--db", path, *officer]) == 2  # nobody signed in: refused
    assert main(["--db", path, *officer, "--user", "quantri"]) == 0  # --user after the command
    capsys.readouterr()
    assert main(["--db", path, "account", "list"]) == 0
    listed = capsys.readouterr().out
    assert "quantri" in listed and "Trần Thị Bộ" in listed and "Cán bộ nhập liệu" in listed
    monkeypatch.setenv("ANTQ_NEW_PASSWORD", "Mat-khau-tam-thoi-3")
    assert main(["--db", path, "--user", "quantri", "account", "reset", "canbo"]) == 0
    assert main(["--db", path, "account", "unlock", "canbo", "--user", "quantri"]) == 0
    monkeypatch.setenv("ANTQ_PASSWORD", "Mat-khau-tam-thoi-3")
    assert main(["--db", path, "account", "unlock", "quantri", "--user", "canbo"]) == 2
    db = open_database(path)
    try:
        assert accounts.get(db, "canbo").must_change_password
    finally:
        db.close()
