"""Save and open dialogs start in Documents or the last folder used, never the working directory.

On Windows the working directory is the install folder (the shortcut's "Start in"), where a
standard user may not write: a dialog given a bare file name proposes a file there. These tests
run from such a folder and read the path each dialog is given.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.ui import export, file_dialogs
from desktop.ui.dialogs import backup
from desktop.ui.file_dialogs import FileKind
from desktop.ui.models.rows import RowsModel

UI = Path(__file__).parents[2] / "desktop" / "ui"


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """A user profile with a Documents folder, and the program started from its install folder."""
    home = tmp_path / "Users" / "Nguyễn Văn An"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    install = tmp_path / "Program Files" / "ANTQ Desk"
    install.mkdir(parents=True)
    monkeypatch.chdir(install)  # as the installer's shortcut starts the program
    return home / "Documents"


class Recorder:
    """Stands in for QFileDialog's static functions: keeps what each was given, answers `reply`."""

    def __init__(self, monkeypatch, reply: str = ""):
        self.calls: list[tuple[str, tuple]] = []
        self.reply = reply
        for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, self._answer(name))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _answer(self, name: str):
        def answer(*args, **_kwargs):
            self.calls.append((name, args))
            if name == "getOpenFileNames":
                return ([self.reply] if self.reply else []), ""
            return self.reply, ""

        return answer

    def _folder(self, *args, **_kwargs):
        self.calls.append(("getExistingDirectory", args))
        return self.reply

    @property
    def start(self) -> Path:
        """The folder or file the last dialog was told to start at."""
        return Path(self.calls[-1][1][2])


def test_a_save_dialog_proposes_the_file_in_documents_not_the_install_folder(
    qapp, documents, monkeypatch
):
    dialogs = Recorder(monkeypatch)
    assert file_dialogs.save_file(None, FileKind.EXCEL, "Xuất Excel", "nguoi.xlsx", "") is None
    assert dialogs.start == documents / "nguoi.xlsx"
    assert dialogs.start.is_absolute()
    assert Path.cwd() not in dialogs.start.parents


def test_the_folder_used_is_remembered_for_that_kind_of_file_only(qapp, documents, monkeypatch):
    usb = documents.parent / "E"
    usb.mkdir()
    dialogs = Recorder(monkeypatch, reply=str(usb / "danh-sach.xlsx"))
    assert file_dialogs.save_file(None, FileKind.EXCEL, "", "nguoi.xlsx", "") == (
        usb / "danh-sach.xlsx"
    )
    file_dialogs.save_file(None, FileKind.EXCEL, "", "su-kien.xlsx", "")
    assert dialogs.start == usb / "su-kien.xlsx"
    file_dialogs.save_file(None, FileKind.REPORT, "", "bao-cao.pdf", "")
    assert dialogs.start == documents / "bao-cao.pdf"


def test_a_remembered_usb_stick_that_is_gone_falls_back_to_documents(qapp, documents, monkeypatch):
    usb = documents.parent / "E"
    usb.mkdir()
    dialogs = Recorder(monkeypatch, reply=str(usb))
    assert file_dialogs.choose_folder(None, FileKind.BACKUP, "") == usb
    file_dialogs.choose_folder(None, FileKind.BACKUP, "")
    assert dialogs.start == usb
    usb.rmdir()  # the stick was pulled out
    file_dialogs.choose_folder(None, FileKind.BACKUP, "")
    assert dialogs.start == documents


def test_a_cancelled_dialog_changes_nothing(qapp, documents, monkeypatch):
    dialogs = Recorder(monkeypatch, reply="")
    assert file_dialogs.open_files(None, FileKind.BUNDLE, "", "") == []
    assert file_dialogs.open_file(None, FileKind.BUNDLE, "", "") is None
    assert dialogs.start == documents
    assert file_dialogs.last_folder(FileKind.BUNDLE) is None


def test_xuat_excel_of_a_list_asks_with_a_full_path(qtbot, ctx, documents, monkeypatch):
    """The dialog of every list's "Xuất Excel", from its page."""
    from PySide6.QtWidgets import QWidget

    page = QWidget()
    page.ctx = ctx
    qtbot.addWidget(page)
    dialogs = Recorder(monkeypatch, reply="")
    export.ask_and_export(page, RowsModel([], []), "Người tham gia", "nguoi-tham-gia")
    assert dialogs.start == documents / "nguoi-tham-gia.xlsx"


def test_backup_dialogs_start_in_documents_or_the_automatic_backups(
    qapp, documents, monkeypatch, tmp_path
):
    dialogs = Recorder(monkeypatch, reply="")
    assert backup.choose_folder(None) is None
    assert dialogs.start == documents
    automatic = tmp_path / "backups"
    automatic.mkdir()
    backup.choose_backup_file(None, automatic)
    assert dialogs.start == automatic


def _file_dialog_users() -> list[str]:
    """Modules of desktop/ui that name QFileDialog (outside the one helper)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "file_dialogs.py" and path.parent == UI:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        if "QFileDialog" in names:
            found.append(str(path.relative_to(UI)))
    return found


def test_every_file_dialog_goes_through_the_one_helper():
    assert _file_dialog_users() == []


def test_a_settings_file_that_cannot_be_written_is_logged_and_the_file_still_saved(
    qapp, documents, monkeypatch, tmp_path, caplog
):
    from PySide6.QtCore import QSettings

    blocked = tmp_path / "roaming"
    blocked.mkdir()
    (blocked / "antq-desk").write_text("not a folder")  # where the settings folder should be
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(blocked))
    Recorder(monkeypatch, reply=str(documents / "a.xlsx"))
    with caplog.at_level("WARNING"):
        chosen = file_dialogs.save_file(None, FileKind.EXCEL, "", "a.xlsx", "")
    assert chosen == documents / "a.xlsx"
    assert "cannot keep the last excel folder" in caplog.text
