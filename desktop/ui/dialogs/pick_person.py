"""Choosing people already in the register to put on an event's list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.core import catalogues
from desktop.core.i18n import _
from desktop.core.outcomes import format_quantity
from desktop.core.people import PersonFilter
from desktop.ui.context import AppContext
from desktop.ui.dialogs import dialog_buttons
from desktop.ui.models.people import people_model
from desktop.ui.widgets import RecordTable, SearchBox, fill_combo


class PickPersonDialog(QDialog):
    """A searchable, paged, multi-select list of people not yet on the event."""

    def __init__(self, parent, ctx: AppContext, exclude_event_uid: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.exclude_event_uid = exclude_event_uid
        self.setWindowTitle(_("Chọn người tham gia"))
        self.resize(820, 560)
        self.search = SearchBox(_("Gõ họ tên (không dấu cũng được)…"))
        self.search.setObjectName("pick_search")
        self.hamlet_filter = QComboBox()
        fill_combo(
            self.hamlet_filter,
            [(None, _("Mọi ấp, khu phố"))]
            + [(h.uid, h.name) for h in catalogues.hamlets(ctx.db, include_inactive=True)],
        )
        self.model = people_model(ctx, self.current_filter, self)
        self.table = RecordTable()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 220)
        self.count_label = QLabel()
        self.search.search.connect(self.refresh)
        self.hamlet_filter.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(lambda _index: self.accept())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.hamlet_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(_("Giữ Ctrl hoặc Shift để chọn nhiều người.")))
        layout.addWidget(self.count_label)
        layout.addWidget(dialog_buttons(self, _("Thêm vào danh sách")))
        self.refresh()

    def current_filter(self) -> PersonFilter:
        return PersonFilter(
            text=self.search.text(),
            hamlet_uid=self.hamlet_filter.currentData(),
            not_in_event_uid=self.exclude_event_uid,
        )

    def refresh(self, *_args) -> None:
        self.model.refresh()
        self.count_label.setText(
            _("{count} người phù hợp").format(count=format_quantity(self.model.total))
        )

    def chosen(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.uid_at(row) for row in rows]

    @classmethod
    def ask(cls, parent, ctx: AppContext, exclude_event_uid: str | None = None) -> list[str]:
        """The uids of the people chosen, or [] if the user cancelled."""
        dialog = cls(parent, ctx, exclude_event_uid)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
        finally:
            dialog.deleteLater()
