"""The base of every page: refresh when data or the campaign changes, but only when seen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext


class Page(QWidget):
    """A section of the main window. Subclasses implement `nav_title` and `reload`."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.data_changed.connect(self._mark_stale)
        ctx.campaign_changed.connect(self._mark_stale)

    @staticmethod
    def nav_title() -> str:
        raise NotImplementedError

    def reload(self) -> None:
        """Query the core again and show the result."""
        raise NotImplementedError

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
