"""The conflicts the province's ack reports, at the commune: both versions and the choice.

Each conflicting record is listed; the selected one is shown field by field, the commune's value
beside the province's, differences marked. "Giữ bản của xã" and "Lấy bản của tỉnh" call the core
(`desktop.core.sync.conflicts`), as `antq-desk ack --keep-commune/--take-province` do. When the
province's version cannot be read (the commune's key changed), the dialog says why and only
keeping the commune's version is offered.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import conflicts, importer
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.dialogs.decisions import DecisionDialog, choice_view
from desktop.ui.errors import guarded
from desktop.ui.gating import Gates
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel


class ConflictsDialog(DecisionDialog):
    """One conflict at a time: its fields side by side, then keep or take."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent, _("Bản ghi xung đột với tỉnh"))
        about = QLabel(
            _(
                "Tỉnh giữ riêng các bản ghi dưới đây: cùng phiên bản nhưng nội dung khác với bản "
                "ở tỉnh. Chọn một bản ghi, so từng trường, rồi giữ bản của xã (gói xuất sau mang "
                "bản của xã lên tỉnh) hoặc lấy bản của tỉnh (ghi vào máy này, gói xuất sau báo "
                "lại cho tỉnh)."
            )
        )
        about.setWordWrap(True)
        self.list_model = RowsModel(
            [
                Column("table", _("Loại bản ghi"), display=lambda c: importer.table_label(c.table)),
                Column("label", _("Bản ghi"), display=lambda c: c.label or c.uid),
            ]
        )
        self.list_view = choice_view(self.list_model, "conflicts")
        self.fields_model = RowsModel(
            [
                Column("label", _("Trường")),
                Column("ours", _("Bản của xã")),
                Column("theirs", _("Bản của tỉnh")),
                Column("differs", _("Khác nhau"), display=lambda r: _("khác") if r.differs else ""),
            ]
        )
        self.fields_view = choice_view(self.fields_model, "fields")
        self.note = QLabel(objectName="note")
        self.note.setWordWrap(True)
        self.keep_button = QPushButton(_("Giữ bản của xã"), objectName="keep_commune")
        self.keep_button.clicked.connect(self.keep)
        self.take_button = QPushButton(_("Lấy bản của tỉnh"), objectName="take_province")
        self.take_button.clicked.connect(self.take)
        close = QPushButton(_("Đóng"), objectName="close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.keep_button, self.take_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.fields_view, 2)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.gates = Gates(ctx, self)
        self.gates.gate(self.keep_button, Permission.EDIT_RECORDS)
        self.gates.gate(self.take_button, Permission.EDIT_RECORDS)
        self.list_view.selectionModel().selectionChanged.connect(self._show)
        self.reload()

    def reload(self) -> None:
        self.list_model.set_rows(conflicts.listed(self.ctx.db))
        if self.list_model.rowCount():
            self.list_view.selectRow(0)
        self._show()

    def current(self) -> conflicts.Conflict | None:
        rows = self.list_view.selectionModel().selectedRows()
        return self.list_model.row_at(rows[0].row()) if rows else None

    def _show(self, *_args) -> None:
        chosen = self.current()
        self.fields_model.set_rows(conflicts.field_rows(self.ctx.db, chosen) if chosen else [])
        if chosen is None:
            self.note.setText(_("Không còn bản ghi xung đột nào chờ quyết định."))
        else:
            self.note.setText(chosen.unreadable)
        self.gates.set_enabled(self.keep_button, chosen is not None)
        self.gates.set_enabled(self.take_button, chosen is not None and chosen.theirs is not None)

    @guarded
    def keep(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.decided += conflicts.keep_commune(self.ctx.db, [chosen.uid])
            self.ctx.notify_changed()
            self.reload()

    @guarded
    def take(self) -> None:
        chosen = self.current()
        if chosen is None or not confirm(
            self,
            _("Lấy bản của tỉnh"),
            _(
                "Ghi bản của tỉnh đè lên bản của xã cho «{name}»? Các trường đánh dấu «khác» "
                "sẽ lấy giá trị của tỉnh; việc này được ghi vào nhật ký thao tác."
            ).format(name=chosen.label or chosen.uid),
            _("Lấy bản của tỉnh"),
        ):
            return
        conflicts.take_province(self.ctx.db, chosen.uid)
        self.decided += 1
        self.ctx.notify_changed()
        self.reload()
