"""The base of every page: refresh when data or the campaign changes, but only when seen.

A page's title and the permission it needs at all (None for everyone: the main window leaves
the others out of the navigation) are its entry in `desktop.ui.pages.PAGES`, read here without
importing the page. A page gates its action widgets by role through `gate` / `set_enabled`
(see `desktop.ui.gating`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.gating import Gates
from desktop.ui.pages import entry_of
from desktop.ui.widgets import SearchBox, title_label

# A filter row item: a widget, a (label text, widget) pair or (label text, widget, stretch), or
# an int (spacing in pixels). The search box takes the free width; without one, the row ends
# with a stretch.
FilterItem = QWidget | tuple[str, QWidget] | tuple[str, QWidget, int] | int


class Page(QWidget):
    """A section of the main window, listed in `PAGES`. Subclasses implement `reload`."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.gates = Gates(ctx, self)
        ctx.data_changed.connect(self._mark_stale)
        ctx.campaign_changed.connect(self._mark_stale)

    @classmethod
    def nav_title(cls) -> str:
        return entry_of(cls).title()

    @classmethod
    def required_permission(cls) -> Permission | None:
        """The permission without which the page is left out of the navigation (None: all)."""
        return entry_of(cls).permission

    def reload(self) -> None:
        """Query the core again and show the result."""
        raise NotImplementedError

    def gate(self, widget: QWidget, permission: Permission, *, hide: bool = False) -> None:
        """Disable (or hide) `widget` whenever the signed-in role lacks `permission`."""
        self.gates.gate(widget, permission, hide=hide)

    def set_enabled(self, widget: QWidget, enabled: bool) -> None:
        """Enable a gated widget when the screen wants it and the role allows it."""
        self.gates.set_enabled(widget, enabled)

    # --- the shape every register page shares: title, filters, table, actions -------------
    def action_button(
        self,
        text: str,
        slot: Callable[[], object],
        permission: Permission | None = None,
        tooltip: str = "",
    ) -> QPushButton:
        """A button of the page's action row, gated by `permission` when it needs one."""
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        if tooltip:
            button.setToolTip(tooltip)
        if permission is not None:
            self.gate(button, permission)
        return button

    def register_layout(
        self,
        title: str,
        count_label: QLabel,
        filter_rows: Sequence[Sequence[FilterItem]],
        table: QWidget,
        actions: Sequence[QPushButton],
        end_actions: Sequence[QPushButton] = (),
        head_actions: Sequence[QPushButton] = (),
    ) -> QVBoxLayout:
        """Title and count, the filter rows, the table, then the actions (`end_actions` at the
        right end: import and export; or `head_actions` by the title, where a long action row
        would not fit a 1024×768 screen)."""
        head = QHBoxLayout()
        head.addWidget(title_label(title))
        head.addStretch(1)
        head.addWidget(count_label)
        for button in head_actions:
            head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        for items in filter_rows:
            layout.addLayout(_filter_row(items))
        layout.addWidget(table, 1)
        layout.addLayout(_button_row(actions, end_actions))
        return layout

    def page_shortcut(self, keys: QKeySequence.StandardKey | str, slot: Callable[[], object]):
        """A shortcut that works anywhere on this page (Ctrl+F: search, Ctrl+N: new…)."""
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def refresh(self) -> None:
        self._stale = False
        self.reload()

    def _mark_stale(self, *_args) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()


def _filter_row(items: Sequence[FilterItem]) -> QLayout:
    row = QHBoxLayout()
    stretched = False
    for item in items:
        if isinstance(item, int):
            row.addSpacing(item)
        elif isinstance(item, tuple):
            row.addWidget(QLabel(item[0]))
            stretch = item[2] if len(item) == 3 else 0
            row.addWidget(item[1], stretch)
            stretched = stretched or stretch > 0
        elif isinstance(item, SearchBox):
            row.addWidget(item, 1)
            stretched = True
        else:
            row.addWidget(item)
    if not stretched:
        row.addStretch(1)
    return row


def _button_row(actions: Sequence[QPushButton], end_actions: Sequence[QPushButton]) -> QLayout:
    row = QHBoxLayout()
    for button in actions:
        row.addWidget(button)
    row.addStretch(1)
    for button in end_actions:
        row.addWidget(button)
    return row
