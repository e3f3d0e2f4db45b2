"""An event's page: its facts, who took part (add, create, change role, remove) and its outcomes.

People and outcomes are added through their own dialogs (`PickPersonDialog`, `PersonFormDialog`,
`OutcomeFormDialog`); every change is written through the core and announced with
`ctx.notify_changed()` so the lists and the overview behind the dialog follow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import attendance, details, events, figures, formats, outcomes
from desktop.core.details import EventDetail
from desktop.core.events import EventInput
from desktop.core.i18n import _, ngettext
from desktop.core.session import Permission
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.errors import guarded
from desktop.ui.gating import Gates
from desktop.ui.history import HistoryView
from desktop.ui.models.events import (
    OUTCOME_WIDTHS,
    EventOutcomesModel,
    ParticipantsModel,
    level_name,
    role_choices,
    status_name,
)
from desktop.ui.screen import fits_screen
from desktop.ui.widgets import RecordTable, fill_combo, title_label

LABEL_STYLE = "color: #555;"
STATUS_COLOURS = {"planned": "#8a5a00", "held": "#1b6e20", "cancelled": "#b3261e"}


def _period(data: EventInput) -> str:
    start, end = formats.date(data.start_date), formats.date(data.end_date)
    return start if not end or end == start else _("{start} đến {end}").format(start=start, end=end)


def _people(count: int) -> str:
    return ngettext("{count} người", "{count} người", count).format(count=formats.quantity(count))


class EventDetailDialog(QDialog):
    """One event with its participants and outcomes."""

    def __init__(self, parent, ctx: AppContext, uid: str):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx, self.uid = ctx, uid
        self.setWindowTitle(_("Sự kiện"))
        self.participants = ParticipantsModel(self)
        self.outcomes = EventOutcomesModel(self)
        self.gates = Gates(ctx, self)
        self.history = HistoryView(ctx, uid)
        self._build()
        self._gate()
        self.reload()
        self.resize(1100, 720)

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = title_label("")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.edit_button = QPushButton(_("Sửa thông tin sự kiện…"))
        self.edit_button.clicked.connect(self.edit_event)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        head.addSpacing(12)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        facts.setHorizontalSpacing(12)
        facts.setVerticalSpacing(4)
        layout_of_facts = [
            [("type", _("Loại")), ("period", _("Thời gian"))],
            [("level", _("Cấp tổ chức")), ("hamlet", _("Ấp, khu phố"))],
            [("place", _("Địa điểm")), ("organiser", _("Đơn vị chủ trì"))],
            [("counts", _("Số người")), ("named", _("Có tên trong danh sách"))],
        ]
        for row, pair in enumerate(layout_of_facts):
            for half, (key, title) in enumerate(pair):
                caption = QLabel(title + ":")
                caption.setStyleSheet(LABEL_STYLE)
                value = QLabel()
                value.setObjectName(f"fact_{key}")
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                facts.addWidget(caption, row, half * 2, Qt.AlignmentFlag.AlignTop)
                facts.addWidget(value, row, half * 2 + 1, Qt.AlignmentFlag.AlignTop)
                self.facts[key] = value
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)
        self.groups_label = QLabel()
        self.groups_label.setWordWrap(True)
        self.groups_label.setStyleSheet(LABEL_STYLE)
        self.named_warning = QLabel()  # the named list is longer than the head-counts
        self.named_warning.setObjectName("named_warning")
        self.named_warning.setWordWrap(True)
        self.named_warning.setStyleSheet(tones.warning_style())
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._participants_tab(), "")
        self.tabs.addTab(self._outcomes_tab(), "")
        self.tabs.addTab(self.history, "")

        close = QPushButton(_("Đóng"))
        close.setObjectName("close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addWidget(self.groups_label)
        layout.addWidget(self.named_warning)
        layout.addWidget(self.notes_label)
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _participants_tab(self) -> QWidget:
        self.people_table = QTableView()
        self.people_table.setObjectName("participants_table")
        self.people_table.setModel(self.participants)
        self.people_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_table.setAlternatingRowColors(True)
        self.people_table.setWordWrap(False)
        self.people_table.verticalHeader().hide()
        self.people_table.verticalHeader().setDefaultSectionSize(26)
        self.people_table.horizontalHeader().setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for section, width in enumerate(self.participants.widths):
            self.people_table.horizontalHeader().resizeSection(section, width * char + 16)
        self.people_table.doubleClicked.connect(lambda _index: self.edit_person())
        self.people_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.participants.modelReset.connect(self._update_buttons)

        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        fill_combo(self.role_combo, role_choices())
        self.pick_button = QPushButton(_("Thêm người có sẵn…"))
        self.pick_button.setToolTip(_("Chọn từ danh sách người tham gia đã có"))
        self.pick_button.clicked.connect(self.add_existing)
        self.new_person_button = QPushButton(_("Thêm người mới…"))
        self.new_person_button.clicked.connect(self.add_new_person)
        self.role_button = QPushButton(_("Đổi vai trò"))
        self.role_button.setToolTip(_("Đặt vai trò đang chọn cho những người được chọn"))
        self.role_button.clicked.connect(self.change_role)
        self.remove_button = QPushButton(_("Bỏ khỏi danh sách"))
        self.remove_button.clicked.connect(self.remove_people)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Vai trò:")))
        buttons.addWidget(self.role_combo)
        buttons.addSpacing(8)
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.new_person_button)
        buttons.addWidget(self.role_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.people_table, 1)
        layout.addLayout(buttons)
        return tab

    def _outcomes_tab(self) -> QWidget:
        self.outcomes_table = RecordTable()
        self.outcomes_table.setObjectName("outcomes_table")
        self.outcomes_table.setModel(self.outcomes)
        self.outcomes_table.verticalHeader().hide()
        char = self.fontMetrics().averageCharWidth()
        for section, column in enumerate(self.outcomes.columns):
            width = OUTCOME_WIDTHS.get(column.key, 12) * char + 16
            self.outcomes_table.horizontalHeader().resizeSection(section, width)
        self.outcomes_table.horizontalHeader().setSortIndicatorShown(False)
        self.outcomes_table.setSortingEnabled(False)
        self.outcomes_table.doubleClicked.connect(lambda _index: self.edit_outcome())
        self.outcomes_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.outcomes.modelReset.connect(self._update_buttons)
        self.add_outcome_button = QPushButton(_("Ghi kết quả…"))
        self.add_outcome_button.clicked.connect(self.add_outcome)
        self.edit_outcome_button = QPushButton(_("Sửa…"))
        self.edit_outcome_button.clicked.connect(self.edit_outcome)
        self.delete_outcome_button = QPushButton(_("Xóa kết quả"))
        self.delete_outcome_button.clicked.connect(self.delete_outcome)
        self.outcome_totals = QLabel()
        self.outcome_totals.setStyleSheet(LABEL_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_outcome_button)
        buttons.addWidget(self.edit_outcome_button)
        buttons.addWidget(self.outcome_totals, 1)
        buttons.addWidget(self.delete_outcome_button)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.outcomes_table, 1)
        layout.addLayout(buttons)
        return tab

    def _gate(self) -> None:
        """A viewer sees the event, its people and outcomes, and changes nothing."""
        for widget in (
            self.edit_button,
            self.role_combo,
            self.pick_button,
            self.new_person_button,
            self.role_button,
            self.remove_button,
            self.add_outcome_button,
            self.edit_outcome_button,
            self.delete_outcome_button,
        ):
            self.gates.gate(widget, Permission.EDIT_RECORDS)

    def _may_edit(self) -> bool:
        return self.ctx.can(Permission.EDIT_RECORDS)

    # --- showing ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the event, its participants and its outcomes again, names joined in one query
        each (`details.event_detail`), never a whole catalogue."""
        self.detail = details.event_detail(self.ctx.db, self.uid)
        self.data = self.detail.data
        self.participants.set_rows(self.detail.participants)
        self.outcomes.set_rows(self.detail.outcomes)
        self._show_facts(self.detail)
        self.tabs.setTabText(
            0, _("Người tham gia ({count})").format(count=self.participants.rowCount())
        )
        self.tabs.setTabText(1, _("Kết quả ({count})").format(count=self.outcomes.total))
        self.history.reload()
        self.tabs.setTabText(2, _("Lịch sử thay đổi ({count})").format(count=self.history.count))
        value = self.detail.outcome_value
        self.outcome_totals.setText(
            _("Tổng giá trị: {value} đồng").format(value=formats.quantity(value)) if value else ""
        )
        self._update_buttons()

    def _show_facts(self, detail: EventDetail) -> None:
        data = detail.data
        self.setWindowTitle(_("Sự kiện: {title}").format(title=data.title))
        self.title_label.setText(data.title)
        colour = STATUS_COLOURS.get(data.status, "#333")
        self.status_label.setText(status_name(data.status))
        self.status_label.setStyleSheet(
            f"color: {colour}; border: 1px solid {colour}; border-radius: 4px; padding: 2px 8px;"
        )
        values = {
            "type": detail.event_type.text,
            "period": _period(data),
            "level": level_name(data.level),
            "hamlet": detail.hamlet.text or "—",
            "place": data.place or "—",
            "organiser": detail.organiser.text or "—",
            "counts": _people(data.count_total),
            "named": _people(self.participants.rowCount()),
        }
        for key, text in values.items():
            self.facts[key].setText(text)
        groups = [
            f"{_(label).lower()} {formats.quantity(getattr(data, key))}"
            for key, label in events.GROUP_COUNTS.items()
            if getattr(data, key)
        ]
        self.groups_label.setText(
            _("Trong đó: {groups}.").format(groups="; ".join(groups)) if groups else ""
        )
        self.groups_label.setVisible(bool(groups))
        warnings = figures.named_beyond_counts(
            self.ctx.db, self.uid, data.count_total, data.count_women
        )
        self.named_warning.setText("\n".join(warnings))
        self.named_warning.setVisible(bool(warnings))
        self.notes_label.setText(_("Ghi chú: {notes}").format(notes=data.notes))
        self.notes_label.setVisible(bool(data.notes))

    def _update_buttons(self, *_args) -> None:
        people = self._selected_people()
        self.gates.set_enabled(self.role_button, bool(people))
        self.gates.set_enabled(self.remove_button, bool(people))
        outcome = self.outcomes_table.selected_uid()
        self.gates.set_enabled(self.edit_outcome_button, outcome is not None)
        self.gates.set_enabled(self.delete_outcome_button, outcome is not None)

    def _selected_people(self) -> list[str]:
        model = self.people_table.selectionModel()
        rows = sorted(index.row() for index in model.selectedRows()) if model else []
        return [self.participants.uid_at(row) for row in rows]

    def _changed(self) -> None:
        self.reload()
        self.ctx.notify_changed()

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def edit_event(self) -> None:
        from desktop.ui.dialogs.event_form import EventFormDialog

        if EventFormDialog.ask(self, self.ctx, self.uid):  # the form notifies the pages
            self.reload()

    @guarded
    def add_existing(self) -> None:
        from desktop.ui.dialogs.pick_person import PickPersonDialog

        chosen = PickPersonDialog.ask(self, self.ctx, exclude_event_uid=self.uid)
        if not chosen:
            return
        try:
            attendance.add_people(self.ctx.db, self.uid, chosen, self.role_combo.currentData())
        finally:
            self._changed()

    @guarded
    def add_new_person(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        person_uid = PersonFormDialog.ask(self, self.ctx)
        if not person_uid:
            return
        try:
            attendance.add(self.ctx.db, self.uid, person_uid, self.role_combo.currentData())
        finally:
            self._changed()

    @guarded
    def edit_person(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        people = self._selected_people()
        if (
            len(people) == 1
            and self._may_edit()
            and PersonFormDialog.ask(self, self.ctx, uid=people[0])
        ):
            self._changed()

    @guarded
    def change_role(self) -> None:
        people = self._selected_people()
        role = self.role_combo.currentData()
        if not people:
            return
        try:
            attendance.add_people(self.ctx.db, self.uid, people, role)
        finally:
            self._changed()

    @guarded
    def remove_people(self) -> None:
        people = self._selected_people()
        if not people:
            return
        if len(people) == 1:
            name = self.participants.row_at(self._selected_rows()[0]).full_name
            question = _("Bỏ “{name}” khỏi danh sách tham gia sự kiện này?").format(name=name)
        else:
            question = _("Bỏ {count} người đã chọn khỏi danh sách tham gia sự kiện này?").format(
                count=len(people)
            )
        question += "\n\n" + _("Thông tin của người đó trong danh sách người tham gia vẫn giữ.")
        if not confirm(self, _("Bỏ khỏi danh sách"), question, _("Bỏ khỏi danh sách")):
            return
        try:
            attendance.remove_people(self.ctx.db, self.uid, people)
        finally:
            self._changed()

    def _selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.people_table.selectionModel().selectedRows())

    @guarded
    def add_outcome(self) -> None:
        from desktop.ui.dialogs.outcome_form import OutcomeFormDialog

        if OutcomeFormDialog.ask(self, self.ctx, event_uid=self.uid):
            self._changed()

    @guarded
    def edit_outcome(self) -> None:
        from desktop.ui.dialogs.outcome_form import OutcomeFormDialog

        uid = self.outcomes_table.selected_uid()
        if (
            uid
            and self._may_edit()
            and OutcomeFormDialog.ask(self, self.ctx, uid=uid, event_uid=self.uid)
        ):
            self._changed()

    @guarded
    def delete_outcome(self) -> None:
        uid = self.outcomes_table.selected_uid()
        if not uid:
            return
        row = self.outcomes.row_at(self.outcomes_table.selectionModel().selectedRows()[0].row())
        amount = formats.quantity(row.quantity)
        if not confirm(
            self,
            _("Xóa kết quả"),
            _("Xóa kết quả “{indicator}: {amount} {unit}” của sự kiện này?").format(
                indicator=row.indicator_name, amount=amount, unit=row.unit_label
            ),
            _("Xóa"),
        ):
            return
        outcomes.delete_outcome(self.ctx.db, uid)
        self._changed()

    @classmethod
    def ask(cls, parent, ctx: AppContext, uid: str) -> None:
        """Show the event until the user closes it; changes are saved as they are made."""
        dialog = cls(parent, ctx, uid)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
