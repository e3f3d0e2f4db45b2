"""Bundles held aside at the province because they clash with the chain it holds: two bundles
with one number, or a link that does not match. Both are shown side by side; the officer keeps
the one held or takes the other in its place (`desktop.core.sync.rivals`), as `antq-desk rivals
--keep/--take` does. Taking needs the working key's passphrase: the bundle is imported.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import keys, rivals
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.dialogs.decisions import DecisionDialog, choice_view
from desktop.ui.dialogs.orphans import commune_name
from desktop.ui.errors import guarded
from desktop.ui.gating import Gates
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel


def _reason(rival: rivals.Rival) -> str:
    return _("Trùng số") if rival.reason == rivals.NUMBER else _("Không nối tiếp")


def _state(rival: rivals.Rival) -> str:
    return _("Đã quyết định không nhận") if rival.decision == rivals.KEPT else _("Chờ quyết định")


def rival_columns() -> list[Column]:
    return [
        Column("unit_code", _("Mã xã")),
        Column("commune", _("Xã"), display=lambda r: commune_name(r.unit_code)),
        Column("number", _("Gói số"), display=lambda r: str(r.offered.number)),
        Column("reason", _("Lý do"), display=_reason),
        Column("decision", _("Trạng thái"), display=_state),
    ]


class RivalsDialog(DecisionDialog):
    """One held-aside bundle at a time, beside the bundle it clashes with; keep or take."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent, _("Gói trùng số chờ quyết định"))
        about = QLabel(
            _(
                "Các gói dưới đây có chữ ký đúng của xã nhưng trùng số với gói tỉnh đã nhận (hoặc "
                "không nối tiếp chuỗi gói), nên chưa được nhập. So hai gói, gọi xã đọc mã băm của "
                "gói đó trên trang Đồng bộ của xã, rồi giữ gói đã nhận hoặc nhận gói này thay thế."
            )
        )
        about.setWordWrap(True)
        self.list_model = RowsModel(rival_columns())
        self.list_view = choice_view(self.list_model, "rivals")
        self.compare_model = RowsModel(
            [
                Column("0", _("Mục"), display=lambda r: r[0]),
                Column("1", _("Gói tỉnh đang giữ"), display=lambda r: r[1]),
                Column("2", _("Gói được giữ riêng"), display=lambda r: r[2]),
            ]
        )
        self.compare_view = choice_view(self.compare_model, "compare")
        self.hints = QLabel(objectName="hints")
        self.hints.setWordWrap(True)
        self.passphrase = QLineEdit(objectName="passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Mật khẩu khóa làm việc (để nhận gói)"), self.passphrase)
        self.keep_button = QPushButton(_("Giữ gói đã nhận"), objectName="keep_held")
        self.keep_button.clicked.connect(self.keep)
        self.take_button = QPushButton(_("Nhận gói này thay thế"), objectName="take_rival")
        self.take_button.clicked.connect(self.take)
        close = QPushButton(_("Đóng"), objectName="close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.compare_view, 2)
        layout.addWidget(self.hints)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.gates = Gates(ctx, self)
        self.gates.gate(self.keep_button, Permission.IMPORT)
        self.gates.gate(self.take_button, Permission.IMPORT)
        self.list_view.selectionModel().selectionChanged.connect(self._show)
        self.reload()

    def reload(self) -> None:
        self.list_model.set_rows(rivals.listed(self.ctx.db, decided=True))
        if self.list_model.rowCount():
            self.list_view.selectRow(0)
        self._show()

    def current(self) -> rivals.Rival | None:
        rows = self.list_view.selectionModel().selectedRows()
        return self.list_model.row_at(rows[0].row()) if rows else None

    def _show(self, *_args) -> None:
        chosen = self.current()
        self.compare_model.set_rows(rivals.compare(chosen) if chosen else [])
        self.hints.setText(
            "\n".join(rivals.hints(self.ctx.db, chosen))
            if chosen
            else _("Không có gói nào chờ quyết định.")
        )
        self.gates.set_enabled(self.keep_button, chosen is not None and chosen.decision is None)
        self.gates.set_enabled(self.take_button, chosen is not None)

    @guarded
    def keep(self) -> None:
        chosen = self.current()
        if chosen is not None:
            rivals.keep_held(self.ctx.db, chosen.id)
            self.decided += 1
            self.ctx.notify_changed()
            self.reload()

    @guarded
    def take(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        if not self.passphrase.text():
            self.hints.setText(_("Chưa nhập mật khẩu khóa làm việc của tỉnh."))
            self.passphrase.setFocus()
            return
        if not confirm(
            self,
            _("Nhận gói thay thế"),
            _(
                "Nhận gói số {number} của xã {code} thay cho gói tỉnh đang giữ? Dữ liệu của gói "
                "được nhập như mọi gói; việc này được ghi vào nhật ký thao tác."
            ).format(number=chosen.offered.number, code=chosen.unit_code),
            _("Nhận gói này"),
        ):
            return
        identity = keys.unlock_working_identity(self.ctx.db, self.passphrase.text())
        result = rivals.take(self.ctx.db, chosen.id, [identity])
        self.decided += 1
        self.ctx.notify_changed()
        self.reload()
        self.hints.setText(result.message)
