"""Keeping every window inside the screen offices have: 1366×768 or 1024×768, often at 125 %.

At 125 % a 1024×768 screen is 819×614 logical pixels, less the taskbar. A window sized for a
larger screen puts its buttons where nobody can reach them. `fits_screen(window)` sizes a
window as it is first shown: never larger than the available screen,
and a dialog whose content cannot shrink that far gets its content in a scroll area while its
buttons stay in sight underneath. `available_geometry` is the one seam a test replaces to
play a smaller screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

FITTED = "antq_fitted"  # a dynamic property: set once a window has been fitted


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary one) not taken by the taskbar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fit(window: QWidget) -> None:
    """Size and place a top-level window inside the available screen (once per window)."""
    if window.property(FITTED):
        return
    window.setProperty(FITTED, True)
    area = available_geometry(window)
    if isinstance(window, QDialog) and not isinstance(window, QMessageBox):
        _scroll_when_too_tall(window, area.size())
    size = window.size().boundedTo(area.size())
    hint = window.minimumSizeHint()
    if hint.isValid():
        size = size.expandedTo(hint.boundedTo(area.size()))
    window.resize(size)
    window.setMaximumSize(window.maximumSize().boundedTo(_max_size(window, area.size())))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    window.move(max(x, area.x()), max(y, area.y()))


def _max_size(window: QWidget, area: QSize) -> QSize:
    """The available size, less the window frame (title bar and borders)."""
    frame = window.frameGeometry().size() - window.geometry().size()
    return QSize(area.width() - max(frame.width(), 0), area.height() - max(frame.height(), 0))


def _scroll_when_too_tall(dialog: QDialog, area: QSize) -> None:
    """Put the dialog's content (all but its buttons) in a scroll area if it cannot fit."""
    layout = dialog.layout()
    if layout is None:
        return
    needed = layout.totalMinimumSize()
    if needed.height() <= area.height() - 40 and needed.width() <= area.width():
        return
    if not isinstance(layout, QBoxLayout):
        return
    buttons_at = _buttons_index(layout)
    inner = QWidget()
    inner_layout = QVBoxLayout(inner)
    inner_layout.setContentsMargins(0, 0, 0, 0)
    for _index in range(buttons_at):
        _move_first(layout, inner_layout)
    scroll = QScrollArea(objectName="fit_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    layout.insertWidget(0, scroll, 1)


def _move_first(source: QBoxLayout, target: QVBoxLayout) -> None:
    """Move the first item of `source` to the end of `target`, with its stretch.

    Never through `takeAt` for a sub-layout: PySide would hand Python a second owner of the
    layout (its QLayoutItem face), which deletes it from under the dialog later.
    """
    item, stretch = source.itemAt(0), source.stretch(0)
    widget, sub = item.widget(), item.layout()
    source.removeItem(item)
    if widget is not None:
        target.addWidget(widget, stretch)
    elif sub is not None:
        target.addLayout(sub, stretch)
    else:
        target.addItem(item)


def _buttons_index(layout: QLayout) -> int:
    """Index of the first trailing item that holds the dialog's buttons (the count if none)."""
    for index in range(layout.count() - 1, -1, -1):
        if _holds_buttons(layout.itemAt(index)):
            return index
    return layout.count()


def _holds_buttons(item) -> bool:
    widget, sub = item.widget(), item.layout()
    if isinstance(widget, QDialogButtonBox):
        return True
    if sub is not None:
        return any(_holds_buttons(sub.itemAt(i)) for i in range(sub.count()))
    return False


class ScreenFit(QObject):
    """Fits its window the first time it is shown (an event filter on that window alone).

    Not on the whole application: a Python filter there runs for every event of every object,
    objects half-destroyed included, which can crash PySide.
    """

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and watched is self.parent():
            fit(watched)
        return False


def fits_screen(window: QWidget) -> None:
    """Open `window` inside the available screen whenever it is first shown."""
    window.installEventFilter(ScreenFit(window))
