"""The base of every page: refresh when data or the campaign changes, but only when seen.

A page's title and the permission it needs at all (None for everyone: the main window leaves
the others out of the navigation) are its entry in `desktop.ui.pages.PAGES`, read here without
importing the page. A page gates its action widgets by role through `gate` / `set_enabled`
(see `desktop.ui.gating`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.gating import Gates
from desktop.ui.pages import entry_of


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
