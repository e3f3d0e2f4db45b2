"""A record's own history, for its detail dialog: who changed what and when.

Read from the audit trail (`audit_log.history`): the record's own edits field by field, and for
an event or a person the rows that belong to it (people added, outcomes recorded). Shown to
whoever can open the record; sensitive values come masked from the core.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import audit_log
from desktop.core.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.models.paged import Column, Index
from desktop.ui.models.rows import RowsModel


def history_columns() -> list[Column]:
    return [
        Column("at", _("Thời gian"), display=lambda r: r.time_text),
        Column("actor", _("Người thực hiện"), display=lambda r: r.actor_text),
        Column("kind", _("Thao tác"), display=lambda r: r.kind_text),
        Column("summary", _("Nội dung thay đổi")),
    ]


class HoverRowsModel(RowsModel):
    """Rows of changes: values can be long (a title, a note), so each shows whole on hover."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return super().data(index, Qt.ItemDataRole.DisplayRole) or None
        return super().data(index, role)


def wrap_rows(view: QTableView) -> None:
    """Wrap long text in a short table and keep each row as tall as its text."""
    view.setWordWrap(True)
    rows = view.verticalHeader()
    rows.setMinimumSectionSize(26)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # follows column widths


class HistoryView(QWidget):
    """The table of one record's history, newest first; `reload` after the record changes."""

    def __init__(self, ctx: AppContext, uid: str, parent=None):
        super().__init__(parent)
        self.ctx, self.uid = ctx, uid
        self.model = HoverRowsModel(history_columns(), parent=self)
        self.table = QTableView(objectName="history_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        char = self.table.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for section, width in enumerate((17, 24, 22)):
            header.resizeSection(section, width * char + 18)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        wrap_rows(self.table)
        self.empty_label = QLabel(
            _("Chưa có thay đổi nào được ghi lại."), objectName="history_empty"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        rows = audit_log.history(self.ctx.db, self.uid)
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)

    @property
    def count(self) -> int:
        return self.model.rowCount()
