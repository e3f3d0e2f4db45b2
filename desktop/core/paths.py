"""Where things are: resources shipped with the program and the user's data folder.

One function resolves resources both from the source tree and in the frozen (PyInstaller) build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from desktop import APP_ID

DATABASE_NAME = "antq-desk.sqlite3"


def resource_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def data_dir() -> Path:
    """The user's local (not roaming) data folder, where the database and logs live."""
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


def default_database_path() -> Path:
    return data_dir() / DATABASE_NAME


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))
