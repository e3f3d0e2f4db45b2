"""What the dialogs that put the sync's open questions to the officer share: rows kept aside
(conflicts, bundles of one number, rows a commune no longer has), one chosen at a time, and a
count of what was decided for the page that opened them."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QTableView

from desktop.ui.context import AppContext
from desktop.ui.models.rows import RowsModel
from desktop.ui.screen import fits_screen


def choice_view(model: RowsModel, name: str) -> QTableView:
    """A table of whole rows, one selected at a time, its columns as wide as their text."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class DecisionDialog(QDialog):
    """A dialog of decisions: `decided` counts them, `ask` shows it and returns that count."""

    def __init__(self, ctx: AppContext, parent, title: str, height: int = 560):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self.decided = 0
        self.setWindowTitle(title)
        self.resize(900, height)

    @classmethod
    def ask(cls, ctx: AppContext, parent=None) -> int:
        """Show the dialog; returns how many questions were decided (0 if none)."""
        dialog = cls(ctx, parent)
        dialog.exec()
        return dialog.decided
