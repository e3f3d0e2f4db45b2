"""Where things are: resources shipped with the program and the office's data folder.

One function resolves resources both from the source tree and in the frozen (PyInstaller) build.

Data: a per-user install (and a run from source) keeps the database in the user's local data
folder, `%LOCALAPPDATA%\\antq-desk`. An all-users install (the installer run as administrator)
writes the marker `all-users.txt` beside the exe; then the office's data lives in one place every
Windows account of the PC shares, `%PROGRAMDATA%\\antq-desk` (the installer lets users modify it),
so an officer signing in to Windows under their own name finds the office, not an empty program.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

import platformdirs

from desktop import APP_ID

log = logging.getLogger(__name__)

DATABASE_NAME = "antq-desk.sqlite3"
ALL_USERS_MARKER = "all-users.txt"  # written by installer/antq-desk.iss in an all-users install


def resource_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def install_dir() -> Path | None:
    """The folder of the installed program's exe; None when run from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def is_all_users_install(folder: Path | None = None) -> bool:
    """Whether the installer put the program there for every account of the PC."""
    folder = install_dir() if folder is None else folder
    return folder is not None and (folder / ALL_USERS_MARKER).is_file()


def shared_data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`%PROGRAMDATA%\\antq-desk`: the office's data in an all-users install."""
    common = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE")
    if not common:
        raise RuntimeError("all-users install, but Windows names no PROGRAMDATA folder")
    return Path(common) / APP_ID


def user_data_dir() -> Path:
    """The user's local (not roaming) data folder: `%LOCALAPPDATA%\\antq-desk` on Windows."""
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


def data_dir(install: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the database and its backups live (see the module's docstring)."""
    if is_all_users_install(install):
        return shared_data_dir(environ)
    return user_data_dir()


def default_database_path() -> Path:
    return data_dir() / DATABASE_NAME


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def other_office_data(
    db_path: Path, environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> list[Path]:
    """Databases of this program elsewhere on this Windows PC, other than `db_path`: the shared
    one, this account's own, and other accounts' own where Windows lets this account look.

    Asked before a new office is set up: an office that already keeps its records in another
    account's folder (or in the shared one) must not quietly get a second, empty database."""
    if not platform.startswith("win"):
        return []
    found = []
    for candidate in _candidates(environ):
        try:
            if _same_file(candidate, db_path) or not _holds_office(candidate):
                continue
        except OSError as error:  # another account's profile: not ours to read
            log.info("cannot look at %s: %r", candidate, error)
            continue
        if candidate not in found:
            found.append(candidate)
    return found


def _candidates(environ: Mapping[str, str]) -> list[Path]:
    candidates = []
    if environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE"):
        candidates.append(shared_data_dir(environ) / DATABASE_NAME)
    if environ.get("LOCALAPPDATA"):
        candidates.append(Path(environ["LOCALAPPDATA"]) / APP_ID / DATABASE_NAME)
    profile = environ.get("USERPROFILE")
    if profile:
        candidates += _other_profiles(Path(profile))
    return candidates


def _other_profiles(own: Path) -> list[Path]:
    """Each other profile's `AppData\\Local\\antq-desk\\antq-desk.sqlite3`."""
    try:
        profiles = sorted(own.parent.iterdir())
    except OSError as error:
        log.info("cannot list the profiles beside %s: %r", own, error)
        return []
    local = Path("AppData", "Local", APP_ID, DATABASE_NAME)
    return [profile / local for profile in profiles if profile.name != own.name]


def _same_file(candidate: Path, db_path: Path) -> bool:
    return os.path.normcase(os.path.abspath(candidate)) == os.path.normcase(
        os.path.abspath(db_path)
    )


def _holds_office(path: Path) -> bool:
    """A file with an office set up in it; an unreadable one may hold one, so it counts."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    import sqlite3

    from db import open_read_only  # here: the path of the default database is asked at start

    try:
        conn = open_read_only(path)
        try:
            return conn.execute("SELECT 1 FROM unit WHERE is_self = 1").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error as error:
        log.info("cannot read %s (%s): counted as holding an office", path, error)
        return True


def is_absolute_folder(text: str, windows: bool = os.name == "nt") -> bool:
    """Whether a typed folder is a full path (E:\\, D:\\Gui tinh, \\\\server\\share, /media/usb).

    A relative one ("usb", "C:usb", "\\usb") would be resolved against whatever folder the
    program was started from: the bundles would land somewhere the officer never looks."""
    if windows:
        return PureWindowsPath(text).is_absolute()
    return PurePosixPath(text).is_absolute()
