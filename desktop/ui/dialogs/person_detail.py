"""A person's page: who they are and every event they attended."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues, details
from desktop.core.details import PersonDetail
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.gating import Gates
from desktop.ui.history import HistoryView
from desktop.ui.models.events import status_name
from desktop.ui.models.paged import Column
from desktop.ui.models.people import gender_name
from desktop.ui.models.rows import RowsModel
from desktop.ui.screen import fits_screen


def attended_columns() -> list[Column]:
    roles = dict(catalogues.choices("attendance_roles"))
    return [
        Column("start_date", _("Ngày"), kind="date"),
        Column("title", _("Sự kiện")),
        Column("type_name", _("Loại")),
        Column("role", _("Vai trò"), display=lambda r: roles.get(r.role, r.role)),
        Column("status", _("Trạng thái"), display=lambda r: status_name(r.status)),
    ]


def received_columns() -> list[Column]:
    return [
        Column("day", _("Ngày"), kind="date"),
        Column("indicator_name", _("Khen thưởng, quà tặng, kết quả")),
        Column("quantity", _("Số lượng"), kind="number"),
        Column("value_vnd", _("Giá trị (đồng)"), kind="money"),
        Column("event_title", _("Sự kiện")),
    ]


class PersonDetailDialog(QDialog):
    """The person's facts above the events attended; Enter on an event opens it."""

    def __init__(self, parent, ctx: AppContext, uid: str):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx, self.uid = ctx, uid
        self.resize(1040, 600)
        self.facts = QFormLayout()
        self.model = RowsModel(attended_columns(), parent=self)
        self.table = self._events_view()
        self.events_label = QLabel(objectName="events_label")
        self.edit_button = QPushButton(_("Sửa thông tin…"))
        self.edit_button.clicked.connect(self.edit)
        self.export_button = QPushButton(_("Xuất Excel…"))
        self.export_button.clicked.connect(self.export)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.export_button, close):
            # Enter in the table opens the event; no button may take that Enter as well.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.insertStretch(2, 1)
        self.history = HistoryView(ctx, uid)
        attended = QWidget()
        attended_layout = QVBoxLayout(attended)
        attended_layout.addWidget(self.events_label)
        attended_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.received = RowsModel(received_columns(), parent=self)
        received_view = QTableView(objectName="received_table")
        received_view.setModel(self.received)
        received_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        received_view.verticalHeader().hide()
        received_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(attended, _("Sự kiện đã tham gia"))
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(received_view, "")
        layout = QVBoxLayout(self)
        layout.addLayout(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.gates = Gates(ctx, self)
        self.gates.gate(self.edit_button, Permission.EDIT_RECORDS)
        self.gates.gate(self.export_button, Permission.EXPORT)
        self.reload()

    def _events_view(self) -> QTableView:
        view = QTableView(objectName="attended_table")
        view.setModel(self.model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setToolTip(_("Nhấp đúp (hoặc Enter) để mở sự kiện."))
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        for section, width in enumerate((90, 0, 190, 120, 110)):
            view.setColumnWidth(section, width)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        view.activated.connect(lambda index: self.open_event(index.row()))
        return view

    def reload(self) -> None:
        """Read the person with their names joined, their events and what they received
        (`details.person_detail`: one query each, never a whole catalogue)."""
        person = details.person_detail(self.ctx.db, self.uid)
        self.setWindowTitle(person.full_name)
        self._show_facts(person)
        attended = person.events
        self.model.set_rows(attended)
        self.gates.set_enabled(self.export_button, bool(attended))
        self.events_label.setText(
            _("Đã tham gia {count} sự kiện:").format(count=len(attended))
            if attended
            else _("Chưa tham gia sự kiện nào.")
        )
        self.history.reload()
        self.tabs.setTabText(1, _("Lịch sử thay đổi ({count})").format(count=self.history.count))
        received = person.received
        self.received.set_rows(received)
        self.tabs.setTabText(2, _("Khen thưởng, quà tặng ({count})").format(count=len(received)))

    def _show_facts(self, person: PersonDetail) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        name = QLabel(person.full_name, objectName="person_name")
        name.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.facts.addRow(_("Họ và tên"), name)
        for label, value in self._fact_rows(person):
            if value:
                self.facts.addRow(label, QLabel(value))

    def _fact_rows(self, person: PersonDetail) -> list[tuple[str, str]]:
        """Label and text of each known fact; the national ID is sensitive and never read."""
        return [
            (_("Giới tính"), gender_name(person.gender)),
            (_("Năm sinh"), str(person.birth_year or "")),
            (_("Dân tộc"), person.ethnicity.text),
            (_("Tôn giáo"), person.religion.text),
            (_("Ấp, khu phố"), person.hamlet.text),
            (_("Địa chỉ"), person.address),
            (_("Điện thoại"), person.phone),
            (_("Cơ quan, tổ chức"), person.organisation),
            (_("Chức vụ, vai trò"), person.position),
            (_("Ghi chú"), person.notes),
        ]

    @guarded
    def edit(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        if PersonFormDialog.ask(self, self.ctx, uid=self.uid):
            self.reload()

    @guarded
    def open_event(self, row: int) -> None:
        """The event's own page; its list of people may change, so reload after."""
        from desktop.ui.dialogs.event_detail import EventDetailDialog

        EventDetailDialog.ask(self, self.ctx, self.model.row_at(row).event_uid)
        self.reload()

    def export(self) -> None:
        title = _("Sự kiện {name} đã tham gia").format(name=self.windowTitle())
        ask_and_export(self, self.model, title, "su-kien-da-tham-gia")

    @classmethod
    def ask(cls, parent, ctx: AppContext, uid: str) -> None:
        dialog = cls(parent, ctx, uid)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
