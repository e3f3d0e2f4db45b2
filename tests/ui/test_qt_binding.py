"""The Qt binding keeps Python's objects alive: a guard against a broken PySide6 release.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns
nothing, so the program aborts ("none_dealloc") after some thousands of calls. pyproject pins
PySide6 below 6.12; this test fails if a release with that bug is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_steal_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Nguyễn Văn Dũng")
    assert sys.getrefcount(None) - before > -100
