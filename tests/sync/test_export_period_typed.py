"""The export dialog's month is read like every month field: 11/2026, T11/2026, 2026-11."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui import operations
from desktop.ui.context import AppContext
from desktop.ui.dialogs.export_bundle import ExportBundleDialog

pytestmark = pytest.mark.gui


def _dialog(qtbot, tmp_path, commune, period: str) -> tuple[ExportBundleDialog, object]:
    dialog = ExportBundleDialog(AppContext(commune, None))
    qtbot.addWidget(dialog)
    folder = tmp_path / "usb"
    folder.mkdir(exist_ok=True)
    dialog.folder.setText(str(folder))
    dialog.period.selectAll()
    qtbot.keyClicks(dialog.period, period)
    return dialog, folder


@pytest.mark.parametrize("period", ["11/2026", "T11/2026", "2026-11"])
def test_a_typed_month_names_the_bundle(qtbot, tmp_path, commune, period):
    dialog, folder = _dialog(qtbot, tmp_path, commune, period)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    (written,) = folder.glob("*.antq")
    assert "_2026-11_" in written.name


def test_a_bad_month_is_refused_with_its_message_and_nothing_written(
    qtbot, tmp_path, commune, monkeypatch
):
    shown = []
    monkeypatch.setattr(
        "desktop.ui.errors.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    dialog, folder = _dialog(qtbot, tmp_path, commune, "13/2026")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)
    assert shown == ["Tháng 13 không có: tháng ghi từ 1 đến 12, ví dụ 11/2026."]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("typed", ["usb", "C:usb", "\\usb"])
def test_a_relative_folder_is_refused_not_resolved_against_the_working_folder(
    qtbot, tmp_path, commune, monkeypatch, typed
):
    """Typed on Windows, "usb" or "C:usb" would land in whatever folder the program started in."""
    import functools

    from desktop.core import paths

    monkeypatch.chdir(tmp_path)
    windows = functools.partial(paths.is_absolute_folder, windows=True)  # as on an officer's PC
    monkeypatch.setattr(paths, "is_absolute_folder", windows)
    dialog, _folder = _dialog(qtbot, tmp_path, commune, "11/2026")
    dialog.folder.setText(typed)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "không phải đường dẫn đầy đủ" in dialog.result.text()
    assert not operations.running()
    assert not list(tmp_path.rglob("*.antq"))
