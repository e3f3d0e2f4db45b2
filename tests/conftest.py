"""Shared fixtures: Qt offscreen before anything loads it, a migrated in-memory database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTQ_LANG", "vi")

import argon2
import pytest

from db import open_database
from desktop.core import accounts, office


@pytest.fixture(autouse=True)
def _quick_password_hashes(monkeypatch):
    """Real argon2id with small parameters, so tests that create accounts or sign in stay fast.

    A test of the hashing parameters themselves sets its own hasher on top of this one.
    """
    quick = argon2.PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: quick)


_real_fsync = os.fsync


def _windows_fsync(descriptor: int) -> None:
    """os.fsync as Windows has it: FlushFileBuffers needs a handle open for writing (EBADF)."""
    import errno
    import fcntl
    import stat

    if (
        stat.S_ISREG(os.fstat(descriptor).st_mode)
        and fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
    ):
        raise OSError(errno.EBADF, "Bad file descriptor")
    _real_fsync(descriptor)


@pytest.fixture(autouse=True)
def _fsync_as_on_windows(monkeypatch):
    """Every test runs with Windows' fsync, so a read-only fsync fails here as on an office PC."""
    if os.name != "nt":  # on Windows the real one already behaves so
        monkeypatch.setattr(os, "fsync", _windows_fsync)


@pytest.fixture(autouse=True)
def _user_settings_in_tmp(tmp_path_factory):
    """Qt's per-user settings (the folders file dialogs remember) live in a fresh folder per test,
    never in the developer's profile, and one test's choices do not leak into the next."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("user-settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture(autouse=True)
def _windows_folders_per_test(tmp_path, monkeypatch):
    """On Windows (the CI workflow), each test's data and logs in its own folder, as
    XDG_DATA_HOME/XDG_STATE_HOME give them on Linux; platformdirs reads this override."""
    if os.name == "nt":
        monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", str(tmp_path / "LocalAppData"))


@pytest.fixture
def db():
    """A fresh, migrated in-memory database with no office set up."""
    database = open_database(":memory:")
    yield database
    database.close()


@pytest.fixture
def commune_db(db):
    """A database set up as the first commune of An Giang with its 2026 campaign and two hamlets."""
    from desktop.core import catalogues

    campaign_uid = office.set_up_commune(
        db,
        office.OfficeSetup(
            commune_code=_an_giang_commune(),
            year=2026,
            head_name="Trần Văn Hùng",
            officer_name="Lê Thị Mai",
        ),
    )
    db.campaign_uid = campaign_uid
    db.hamlets = [catalogues.add_hamlet(db, "Ấp Tân Hòa"), catalogues.add_hamlet(db, "Ấp Bình An")]
    return db


def _an_giang_commune() -> str:
    from desktop.core import units

    return units.communes("91")[0].code
