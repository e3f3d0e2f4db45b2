"""One PC, several Windows accounts: an all-users install shares the office's data, and a new
office is not set up quietly beside data that already exists.

Windows is simulated with its environment variables pointing into a temporary folder laid out
as a PC: `ProgramData`, `Users\\<account>\\AppData\\Local`, and the install folder.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest

from db import open_database
from desktop.core import office, paths, units

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pc(tmp_path) -> dict[str, str]:
    """The environment of account "an" on a PC that also has the account "binh"."""
    for account in ("an", "binh", "Public"):
        (tmp_path / "Users" / account / "AppData" / "Local").mkdir(parents=True)
    (tmp_path / "ProgramData").mkdir()
    return {
        "PROGRAMDATA": str(tmp_path / "ProgramData"),
        "ALLUSERSPROFILE": str(tmp_path / "ProgramData"),
        "LOCALAPPDATA": str(tmp_path / "Users" / "an" / "AppData" / "Local"),
        "USERPROFILE": str(tmp_path / "Users" / "an"),
    }


def _office(path: Path, set_up: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    if set_up:
        office.set_up_commune(
            db, office.OfficeSetup(commune_code=units.communes("91")[0].code, year=2026)
        )
    db.close()
    return path


def _own(env) -> Path:
    return Path(env["LOCALAPPDATA"]) / "antq-desk" / paths.DATABASE_NAME


def _binh(env) -> Path:
    local = Path(env["USERPROFILE"]).parent / "binh" / "AppData" / "Local"
    return local / "antq-desk" / paths.DATABASE_NAME


def _shared(env) -> Path:
    return Path(env["PROGRAMDATA"]) / "antq-desk" / paths.DATABASE_NAME


def test_an_all_users_install_keeps_the_data_in_programdata(tmp_path, pc):
    install = tmp_path / "Program Files" / "ANTQ Desk"
    install.mkdir(parents=True)
    assert paths.data_dir(install, pc) == paths.user_data_dir()  # no marker: per-user
    (install / paths.ALL_USERS_MARKER).write_text("all users", encoding="utf-8")
    assert paths.data_dir(install, pc) == Path(pc["PROGRAMDATA"]) / "antq-desk"


def test_the_installed_exe_finds_its_marker(tmp_path, pc, monkeypatch):
    install = tmp_path / "Program Files" / "ANTQ Desk"
    install.mkdir(parents=True)
    (install / paths.ALL_USERS_MARKER).write_text("all users", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install / "antq-desk.exe"))
    for name, value in pc.items():
        monkeypatch.setenv(name, value)
    assert paths.default_database_path() == _shared(pc)


def test_run_from_source_is_never_an_all_users_install():
    assert paths.install_dir() is None
    assert not paths.is_all_users_install()


def test_another_accounts_office_is_found(pc):
    _office(_binh(pc))
    _office(_own(pc), set_up=False)  # this account once opened the program and left the wizard
    assert paths.other_office_data(_shared(pc), pc, "win32") == [_binh(pc)]


def test_the_shared_office_is_found_from_a_per_user_install(pc):
    _office(_shared(pc))
    assert paths.other_office_data(_own(pc), pc, "win32") == [_shared(pc)]


def test_this_accounts_old_data_is_found_after_an_all_users_install(pc):
    _office(_own(pc))
    assert paths.other_office_data(_shared(pc), pc, "win32") == [_own(pc)]


def test_the_file_being_set_up_is_not_other_data(pc):
    _office(_shared(pc))
    assert paths.other_office_data(_shared(pc), pc, "win32") == []


def test_an_unreadable_file_counts_and_an_unreadable_profile_is_skipped(pc, monkeypatch):
    _binh(pc).parent.mkdir(parents=True)
    _binh(pc).write_bytes(b"not a database, or damaged" * 50)
    assert paths.other_office_data(_shared(pc), pc, "win32") == [_binh(pc)]
    real = Path.is_file

    def is_file(self):
        if "binh" in self.parts:
            raise PermissionError(13, "Access is denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert paths.other_office_data(_shared(pc), pc, "win32") == []


def test_nothing_is_looked_for_off_windows(pc):
    _office(_binh(pc))
    assert paths.other_office_data(_shared(pc), pc, "linux") == []


def test_the_installer_writes_the_marker_and_opens_the_shared_folder_to_users():
    text = (ROOT / "installer" / "antq-desk.iss").read_text(encoding="utf-8-sig")
    marker = re.search(
        r'^Source: "([^"]+)"; DestDir: "\{app\}".*Check: IsAdminInstallMode', text, re.M
    )
    assert marker and marker.group(1) == paths.ALL_USERS_MARKER
    assert (ROOT / "installer" / paths.ALL_USERS_MARKER).is_file()
    folder = re.search(r'^Name: "\{commonappdata\}\\antq-desk";(.*)$', text, re.M)
    assert folder, "the installer does not create %PROGRAMDATA%\\antq-desk"
    assert "Permissions: users-modify" in folder.group(1)
    assert "Check: IsAdminInstallMode" in folder.group(1)
    assert "uninsneveruninstall" in folder.group(1)


def test_the_command_line_refuses_a_new_office_beside_other_data(pc, tmp_path, monkeypatch, capsys):
    from desktop.cli import commands

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # its log
    _office(_binh(pc))
    real = paths.other_office_data
    monkeypatch.setattr(
        paths, "other_office_data", functools.partial(real, environ=pc, platform="win32")
    )
    code = units.communes("91")[0].code
    assert commands.main(["--db", str(_shared(pc)), "init", "--commune", code]) == 2
    assert "đã có dữ liệu ANTQ Desk ở nơi khác" in capsys.readouterr().err
    assert not _shared(pc).exists()
    argv = ["--db", str(_shared(pc)), "init", "--commune", code, "--despite-other-data"]
    assert commands.main(argv) == 0
