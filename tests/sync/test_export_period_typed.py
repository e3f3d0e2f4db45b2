"""The export dialog's month is read like every month field: 11/2026, T11/2026, 2026-11."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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
    assert shown == ["Tháng 13 không có: tháng ghi từ 1 đến 12, ví dụ 11/2026."]
    assert list(folder.iterdir()) == []
