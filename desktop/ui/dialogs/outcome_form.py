"""The outcome form: what came of the campaign or of one of its events, by indicator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues, events, outcomes, people
from desktop.core.catalogues import CATEGORY_NAMES
from desktop.core.i18n import _
from desktop.core.outcomes import OutcomeInput
from desktop.ui.context import AppContext
from desktop.ui.date_edit import DateEdit
from desktop.ui.dialogs import RecordForm, dialog_buttons
from desktop.ui.dialogs.event_form import read_dates
from desktop.ui.widgets import fill_combo, select_data, vietnamese_numbers


def fill_indicators(combo: QComboBox, items: list[catalogues.Item]) -> None:
    """Indicators under a bold, unselectable heading per category, in catalogue order."""
    combo.clear()
    model = combo.model()
    by_category: dict[str, list[catalogues.Item]] = {}
    for item in items:
        by_category.setdefault(item.extra["category"], []).append(item)
    for category, members in by_category.items():
        combo.addItem(_(CATEGORY_NAMES.get(category, category)).upper())
        heading = model.item(combo.count() - 1) if isinstance(model, QStandardItemModel) else None
        if heading is not None:
            heading.setEnabled(False)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
        for member in members:
            combo.addItem("    " + member.name, member.uid)


class OutcomeFormDialog(RecordForm):
    """Every field of an outcome; saving goes through `desktop.core.outcomes`."""

    def __init__(
        self, parent, ctx: AppContext, uid: str | None = None, event_uid: str | None = None
    ):
        super().__init__(parent, ctx, uid)
        self.setWindowTitle(_("Sửa kết quả") if uid else _("Ghi kết quả"))
        self.setMinimumWidth(560)
        data = (
            outcomes.get_outcome(ctx.db, uid)
            if uid
            else OutcomeInput(campaign_uid=ctx.campaign_uid, indicator_uid="", event_uid=event_uid)
        )
        self.campaign_uid = data.campaign_uid
        self._indicators = {
            i.uid: i
            for i in catalogues.indicators(ctx.db, data.campaign_uid, include_inactive=True)
        }
        self._build(locked_event=event_uid is not None, current_indicator=data.indicator_uid)
        self._load(data)

    def _build(self, locked_event: bool, current_indicator: str) -> None:
        self.indicator_combo = QComboBox(objectName="indicator_uid")
        offered = [
            i
            for i in self._indicators.values()
            if i.extra["active"] or i.uid == current_indicator  # a hidden one stays on its record
        ]
        fill_indicators(self.indicator_combo, offered)
        self.indicator_combo.currentIndexChanged.connect(self._indicator_changed)
        self.event_combo = QComboBox(objectName="event_uid")
        fill_combo(
            self.event_combo,
            [
                (None, _("— Cả kế hoạch —")),
                *events.events_for_choice(self.ctx.db, self.campaign_uid),
            ],
        )
        self.event_combo.setEnabled(not locked_event)
        self.event_combo.currentIndexChanged.connect(self._event_changed)
        self.quantity_spin = QDoubleSpinBox(objectName="quantity")
        self.quantity_spin.setRange(0, 10_000_000)
        self.quantity_spin.setDecimals(2)
        self.quantity_spin.setGroupSeparatorShown(True)
        self.unit_label = QLabel()
        self.value_spin = QDoubleSpinBox(objectName="value_vnd")
        self.value_spin.setRange(0, outcomes.MAX_VALUE_VND)
        self.value_spin.setDecimals(0)
        self.value_spin.setGroupSeparatorShown(True)
        for spin in (self.quantity_spin, self.value_spin):
            vietnamese_numbers(spin)
        self.value_spin.setSuffix(" " + _("đồng"))
        self.recipient_edit = QLineEdit(objectName="recipient")
        self.recipient_edit.setPlaceholderText(
            _("Tên tập thể (ấp, cơ quan, đơn vị) hoặc chọn người trong danh sách")
        )
        self.recipient_edit.setCompleter(self._collectives())
        self.recipient_edit.textEdited.connect(self._unlink_person)
        self.person_button = QPushButton(_("Chọn người…"), objectName="pick_recipient")
        self.person_button.setAutoDefault(False)
        self.person_button.setToolTip(_("Người nhận là một người trong danh sách người tham gia"))
        self.person_button.clicked.connect(self.pick_person)
        self.recipient_person_uid: str | None = None
        recipient_row = QWidget()
        row_layout = QHBoxLayout(recipient_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.recipient_edit, 1)
        row_layout.addWidget(self.person_button)
        self.kind_combo = QComboBox(objectName="recipient_kind")
        fill_combo(
            self.kind_combo,
            [(None, "—")] + [(c, _(n)) for c, n in outcomes.RECIPIENT_KINDS.items()],
        )
        self.level_combo = QComboBox(objectName="issuer_level")
        fill_combo(
            self.level_combo,
            [(None, "—")] + [(c, _(n)) for c, n in outcomes.ISSUER_LEVELS.items()],
        )
        self.decision_edit = QLineEdit(objectName="decision_ref")
        self.decision_edit.setPlaceholderText(_("Ví dụ: 125/QĐ-UBND ngày 19/8/2026"))
        self.date_edit = DateEdit(optional=True, name="outcome_date")
        self.notes_edit = QPlainTextEdit(objectName="notes")
        self.notes_edit.setFixedHeight(56)

        form = QFormLayout()
        self.form = form
        for label, key, widget in (
            (_("Chỉ tiêu (*)"), "indicator_uid", self.indicator_combo),
            (_("Sự kiện"), "event_uid", self.event_combo),
            (_("Số lượng"), "quantity", self.quantity_spin),
            (_("Đơn vị tính"), "unit", self.unit_label),
            (_("Giá trị"), "value_vnd", self.value_spin),
            (_("Người, đơn vị nhận"), "recipient", recipient_row),
            (_("Tập thể / cá nhân"), "recipient_kind", self.kind_combo),
            (_("Cấp khen thưởng"), "issuer_level", self.level_combo),
            (_("Số quyết định"), "decision_ref", self.decision_edit),
            (_("Ngày"), "outcome_date", self.date_edit),
            (_("Ghi chú"), "notes", self.notes_edit),
        ):
            form.addRow(label, self.errors.wrap(key, widget))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(dialog_buttons(self, _("Lưu")))

    def _load(self, data: OutcomeInput) -> None:
        if data.indicator_uid:
            select_data(self.indicator_combo, data.indicator_uid)
        else:
            first = next(
                (
                    i
                    for i in range(self.indicator_combo.count())
                    if self.indicator_combo.itemData(i)
                ),
                0,
            )
            self.indicator_combo.setCurrentIndex(first)
        select_data(self.event_combo, data.event_uid)
        self.quantity_spin.setValue(data.quantity)
        self.value_spin.setValue(data.value_vnd)
        self.recipient_edit.setText(data.recipient)
        self.recipient_person_uid = data.recipient_person_uid
        self._show_link()
        select_data(self.kind_combo, data.recipient_kind)
        select_data(self.level_combo, data.issuer_level)
        self.decision_edit.setText(data.decision_ref)
        self.date_edit.setDate(data.outcome_date)
        self.notes_edit.setPlainText(data.notes)
        self._indicator_changed()
        self._event_changed()

    def _collectives(self) -> QCompleter:
        """Hamlets and organisations offered as the officer types a collective's name."""
        names = [h.name for h in catalogues.hamlets(self.ctx.db)]
        names += [o.name for o in catalogues.organisations(self.ctx.db)]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def pick_person(self) -> None:
        """The recipient is one person of the register: linked, so their page lists it."""
        from desktop.ui.dialogs.pick_person import PickPersonDialog

        chosen = PickPersonDialog.ask(self, self.ctx)
        if not chosen:
            return
        uid = chosen[0]
        self.recipient_person_uid = uid
        self.recipient_edit.setText(people.get_person(self.ctx.db, uid).full_name)
        select_data(self.kind_combo, "ca_nhan")
        self._show_link()

    def _unlink_person(self, *_args) -> None:
        """Typing over a linked person's name makes the recipient a name again, not that person."""
        if self.recipient_person_uid:
            self.recipient_person_uid = None
            self._show_link()

    def _show_link(self) -> None:
        linked = self.recipient_person_uid is not None
        self.person_button.setText(_("Đổi người…") if linked else _("Chọn người…"))
        self.recipient_edit.setToolTip(
            _("Người trong danh sách: thành tích này hiện ở trang của người đó.") if linked else ""
        )

    def _event_changed(self, *_args) -> None:
        """Without a date an outcome takes its event's; one of the whole plan has none."""
        by_event = self.event_combo.currentData() is not None
        self.date_edit.setPlaceholderText(
            _("trống: theo ngày sự kiện") if by_event else _("trống: không ghi ngày")
        )

    def _indicator_changed(self, *_args) -> None:
        item = self._indicators.get(self.indicator_combo.currentData())
        category = item.extra["category"] if item else ""
        self.unit_label.setText(item.extra["unit_label"] if item else "")
        self.value_spin.setEnabled(bool(item and item.extra["has_value"]))
        commendation = category == "commendation"
        for widget in (self.kind_combo, self.level_combo, self.decision_edit):
            self.form.setRowVisible(
                self.form.getWidgetPosition(widget.parentWidget())[0], commendation
            )

    def value(self) -> OutcomeInput:
        date = read_dates({"outcome_date": self.date_edit})["outcome_date"]
        return OutcomeInput(
            campaign_uid=self.campaign_uid,
            indicator_uid=self.indicator_combo.currentData() or "",
            quantity=self.quantity_spin.value(),
            value_vnd=round(self.value_spin.value()) if self.value_spin.isEnabled() else 0,
            event_uid=self.event_combo.currentData(),
            recipient=self.recipient_edit.text(),
            recipient_person_uid=self.recipient_person_uid,
            recipient_kind=self.kind_combo.currentData()
            if self.kind_combo.isVisibleTo(self)
            else None,
            issuer_level=self.level_combo.currentData()
            if self.level_combo.isVisibleTo(self)
            else None,
            decision_ref=self.decision_edit.text(),
            outcome_date=date or None,
            notes=self.notes_edit.toPlainText(),
        )

    def save(self) -> str:
        data = self.value()
        if self.uid:
            outcomes.update_outcome(self.ctx.db, self.uid, data)
            return self.uid
        return outcomes.create_outcome(self.ctx.db, data)

    @classmethod
    def ask(
        cls, parent, ctx: AppContext, uid: str | None = None, event_uid: str | None = None
    ) -> str | None:
        """The uid of the outcome saved, or None if the user cancelled."""
        return cls(parent, ctx, uid, event_uid).run()
