"""Driving the Reports page like a user: the page over the known commune, a choice in a combo,
a preview (shared by the page's PDF and Word tests; not a test module)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.context import AppContext
from desktop.ui.pages.reports import ReportsPage


@pytest.fixture(name="page")
def page_fixture(qtbot, known_db):
    widget = ReportsPage(AppContext(known_db, None))
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def preview(qtbot, page) -> None:
    """Click "Xem trước" and wait for the report; the progress bar is gone once it is shown."""
    with qtbot.waitSignal(page.generated, timeout=20_000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert not page.progress.isVisible()
