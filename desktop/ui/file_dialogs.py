"""Every file and folder dialog of the window, starting where the officer keeps that kind of file.

A bare file name given to QFileDialog is resolved against the working directory, which on
Windows is the install folder (the shortcuts' "Start in"): a standard user gets "Permission
denied" there, and a per-user install saves reports where nobody looks. So every dialog here
starts in an absolute folder: the last one used for that kind of file, else Documents.

The last folder is remembered per kind and per Windows user in Qt's user settings (an .ini file
under the user's profile), not in the office database: another Windows account on the same PC
cannot open this user's Documents, and a remembered USB stick that is gone is simply skipped.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

SETTINGS_ORGANIZATION = SETTINGS_APPLICATION = "antq-desk"

log = logging.getLogger(__name__)


class FileKind(StrEnum):
    """Kinds of file whose folder is remembered separately (the value is the settings key)."""

    EXCEL = "excel"  # "Xuất Excel" of every list, the audit log, an import summary
    REPORT = "report"  # reports as PDF or xlsx
    LIST = "list"  # a list of people to import
    BACKUP = "backup"  # backups (USB) and the file a restore starts from
    BUNDLE = "bundle"  # sync bundles written or read, a commune's first bundle
    SETUP = "setup"  # the province's setup file for communes
    ACK = "ack"  # the province's acknowledgements


def _settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        SETTINGS_ORGANIZATION,
        SETTINGS_APPLICATION,
    )


def documents_folder() -> Path:
    """The user's Documents folder (OneDrive's on Windows when it holds it), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def last_folder(kind: FileKind) -> Path | None:
    """The folder last used for `kind`, if it is still there (a USB stick may be gone)."""
    value = _settings().value(f"last_folder/{kind.value}", "")
    if not value:
        return None
    folder = Path(str(value))
    return folder if folder.is_absolute() and folder.is_dir() else None


def remember_folder(kind: FileKind, folder: Path) -> None:
    """Keep `folder` for the next dialog of `kind`; a settings file that cannot be written only
    means the next dialog starts in Documents again, so it is logged, not shown."""
    settings = _settings()
    settings.setValue(f"last_folder/{kind.value}", str(folder))
    settings.sync()
    if settings.status() != QSettings.Status.NoError:
        log.warning(
            "cannot keep the last %s folder in %s: %s", kind, settings.fileName(), settings.status()
        )


def start_folder(kind: FileKind, start: Path | None = None) -> Path:
    """Where a dialog for `kind` opens: `start` if given and present, the last folder, Documents."""
    if start is not None and start.is_absolute() and start.is_dir():
        return start
    return last_folder(kind) or documents_folder()


def proposed_path(kind: FileKind, name: str) -> Path:
    """The absolute path a save dialog proposes for the suggested file name."""
    return start_folder(kind) / name


def save_file(
    parent: QWidget | None, kind: FileKind, title: str, name: str, filter_text: str
) -> Path | None:
    """Ask where to save `name`; the chosen path (its folder remembered), or None if cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(proposed_path(kind, name)), filter_text
    )
    return _chosen(kind, chosen)


def open_file(
    parent: QWidget | None,
    kind: FileKind,
    title: str,
    filter_text: str,
    start: Path | None = None,
) -> Path | None:
    """Ask for one existing file; None if cancelled."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, title, str(start_folder(kind, start)), filter_text
    )
    return _chosen(kind, chosen)


def open_files(parent: QWidget | None, kind: FileKind, title: str, filter_text: str) -> list[Path]:
    """Ask for existing files (several may be chosen); empty if cancelled."""
    names, _filter = QFileDialog.getOpenFileNames(
        parent, title, str(start_folder(kind)), filter_text
    )
    paths = [Path(name) for name in names if name]
    if paths:
        remember_folder(kind, paths[0].parent)
    return paths


def choose_folder(parent: QWidget | None, kind: FileKind, title: str) -> Path | None:
    """Ask for a folder (a USB stick, a shared folder); None if cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(kind)))
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def _chosen(kind: FileKind, chosen: str) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(kind, path.parent)
    return path
