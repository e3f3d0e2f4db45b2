"""A person's page: who they are and every event they attended."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.core import catalogues, people
from desktop.core.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.models.events import status_name
from desktop.ui.models.paged import Column
from desktop.ui.models.people import gender_name
from desktop.ui.models.rows import RowsModel


def attended_columns() -> list[Column]:
    roles = dict(catalogues.choices("attendance_roles"))
    return [
        Column("start_date", _("Ngày"), kind="date"),
        Column("title", _("Sự kiện")),
        Column("type_name", _("Loại")),
        Column("role", _("Vai trò"), display=lambda r: roles.get(r.role, r.role)),
        Column("status", _("Trạng thái"), display=lambda r: status_name(r.status)),
    ]


class PersonDetailDialog(QDialog):
    def __init__(self, parent, ctx: AppContext, uid: str):
        super().__init__(parent)
        self.ctx, self.uid = ctx, uid
        self.resize(860, 560)
        self.facts = QFormLayout()
        self.model = RowsModel(attended_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 360)
        self.table.setColumnWidth(2, 170)
        self.events_label = QLabel()
        edit = QPushButton(_("Sửa thông tin…"))
        edit.clicked.connect(self.edit)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(edit)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.facts)
        layout.addWidget(self.events_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        person = people.get_person(self.ctx.db, self.uid)
        self.setWindowTitle(person.full_name)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        hamlets = {h.uid: h.name for h in catalogues.hamlets(self.ctx.db, include_inactive=True)}
        ethnicities = dict(catalogues.ethnicities(self.ctx.db))
        religions = dict(catalogues.religions(self.ctx.db))
        name = QLabel(person.full_name)
        name.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.facts.addRow(_("Họ và tên"), name)
        for label, value in (
            (_("Giới tính"), gender_name(person.gender)),
            (_("Năm sinh"), str(person.birth_year or "")),
            (_("Dân tộc"), ethnicities.get(person.ethnicity_code or "", "")),
            (_("Tôn giáo"), religions.get(person.religion_code or "", "")),
            (_("Ấp, khu phố"), hamlets.get(person.hamlet_uid or "", "")),
            (_("Địa chỉ"), person.address),
            (_("Điện thoại"), person.phone),
            (_("Chức vụ, vai trò"), person.position),
        ):
            if value:
                self.facts.addRow(label, QLabel(value))
        attended = people.events_of_person(self.ctx.db, self.uid)
        self.model.set_rows(attended)
        self.events_label.setText(
            _("Đã tham gia {count} sự kiện:").format(count=len(attended))
            if attended
            else _("Chưa tham gia sự kiện nào.")
        )

    def edit(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        if PersonFormDialog.ask(self, self.ctx, uid=self.uid):
            self.reload()

    @classmethod
    def ask(cls, parent, ctx: AppContext, uid: str) -> None:
        dialog = cls(parent, ctx, uid)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
