"""The event form: every field of an event, checked by `events.validate` before anything is saved.

A refused save keeps the dialog open with each message beside its field; nothing is written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues, events, figures
from desktop.core.dates import DateTextError
from desktop.core.errors import ValidationError
from desktop.core.events import EventInput
from desktop.core.i18n import _
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.date_edit import DateEdit
from desktop.ui.dialogs import RecordForm, dialog_buttons
from desktop.ui.widgets import fill_combo, no_hamlets_hint, select_data, vietnamese_numbers

HINT_STYLE = "color: #555;"


def _count_spin(name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(0, events.MAX_COUNT)
    spin.setGroupSeparatorShown(True)
    vietnamese_numbers(spin)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setFixedWidth(120)
    return spin


def read_dates(edits: dict[str, DateEdit]) -> dict[str, str]:
    """Each field's date as yyyy-mm-dd ("" when empty); ValidationError for any unreadable one."""
    values, errors = {}, {}
    for key, edit in edits.items():
        try:
            values[key] = edit.iso() or ""
        except DateTextError as error:
            errors[key] = str(error)
    if errors:
        raise ValidationError(errors)
    return values


def _live_or_current(items, current: str | None) -> list[tuple[str, str]]:
    """Active catalogue entries, plus the record's own entry if it has been hidden since."""
    return [
        (item.uid, item.name)
        for item in items
        if item.extra.get("active", 1) or item.uid == current
    ]


class EventFormDialog(RecordForm):
    """Add an event to the current campaign, or edit one."""

    def __init__(self, parent, ctx: AppContext, uid: str | None = None):
        super().__init__(parent, ctx, uid)
        self.data = events.get_event(ctx.db, uid) if uid else self._blank()
        self.setWindowTitle(_("Sửa sự kiện") if uid else _("Thêm sự kiện"))
        self._build()
        self._load(self.data)
        self.title_edit.setFocus()

    def _blank(self) -> EventInput:
        today = dt.date.today().isoformat()
        types = self._types_by_use(catalogues.event_types(self.ctx.db, self.ctx.campaign_uid))
        return EventInput(
            campaign_uid=self.ctx.campaign_uid,
            event_type_uid=types[0].uid if types else "",
            title="",
            start_date=today,
            end_date=today,
        )

    def _types_by_use(self, items: list) -> list:
        return events.types_by_use(self.ctx.db, self.ctx.campaign_uid, items)

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        db, data, err = self.ctx.db, self.data, self.errors
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText(_("Ví dụ: Phần lễ Ngày hội toàn dân bảo vệ ANTQ xã"))
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("event_type")
        types = catalogues.event_types(db, data.campaign_uid, include_inactive=True)
        fill_combo(
            self.type_combo, _live_or_current(self._types_by_use(types), data.event_type_uid)
        )
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("level")
        fill_combo(self.level_combo, [(code, _(name)) for code, name in events.LEVELS.items()])
        self.hamlet_combo = QComboBox()
        self.hamlet_combo.setObjectName("hamlet")
        hamlets = catalogues.hamlets(db, include_inactive=True)
        fill_combo(
            self.hamlet_combo,
            [(None, _("— chọn ấp, khu phố —")), *_live_or_current(hamlets, data.hamlet_uid)],
        )
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("place")
        self.place_edit.setMaxLength(300)
        self.place_edit.setPlaceholderText(_("Ví dụ: Hội trường UBND xã"))
        self.organiser_combo = QComboBox()
        self.organiser_combo.setObjectName("organiser")
        organisations = catalogues.organisations(db, include_inactive=True)
        fill_combo(
            self.organiser_combo,
            [(None, _("— không ghi —")), *_live_or_current(organisations, data.organiser_uid)],
        )
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status")
        fill_combo(self.status_combo, [(code, _(name)) for code, name in events.STATUSES.items()])
        self.start_date = DateEdit(name="start_date")
        self.end_date = DateEdit(name="end_date")
        self.start_date.dateChanged.connect(self._start_changed)
        self.status_combo.activated.connect(self._status_chosen)
        self.level_combo.currentIndexChanged.connect(self._level_changed)
        for combo in (self.type_combo, self.level_combo, self.hamlet_combo, self.organiser_combo):
            combo.setMinimumWidth(280)

        dates = QWidget()
        dates_grid = QGridLayout(dates)
        dates_grid.setContentsMargins(0, 0, 0, 0)
        dates_grid.setVerticalSpacing(2)
        dates_grid.addWidget(self.start_date, 0, 0)
        dates_grid.addWidget(QLabel(_("đến")), 0, 1)
        dates_grid.addWidget(self.end_date, 0, 2)
        dates_grid.setColumnStretch(3, 1)
        dates_grid.addWidget(err.label("start_date"), 1, 0, 1, 4)
        dates_grid.addWidget(err.label("end_date"), 2, 0, 1, 4)
        err.watch("start_date", self.start_date)
        err.watch("end_date", self.end_date)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Tên sự kiện *"), err.wrap("title", self.title_edit))
        form.addRow(_("Loại sự kiện *"), err.wrap("event_type_uid", self.type_combo))
        form.addRow(_("Cấp tổ chức"), err.wrap("level", self.level_combo))
        self.hamlet_label = QLabel(_("Ấp, khu phố"))
        form.addRow(self.hamlet_label, err.wrap("hamlet_uid", self.hamlet_combo))
        if not hamlets:
            form.addRow("", no_hamlets_hint())
        form.addRow(_("Địa điểm"), err.wrap("place", self.place_edit))
        form.addRow(_("Đơn vị chủ trì"), err.wrap("organiser_uid", self.organiser_combo))
        form.addRow(_("Thời gian *"), dates)
        form.addRow(_("Trạng thái"), err.wrap("status", self.status_combo))
        form.addRow(_("Ghi chú"), self.notes_edit)

        self.counts: dict[str, QSpinBox] = {"count_total": _count_spin("count_total")}
        counts_box = QGroupBox(_("Số người tham gia"))
        grid = QGridLayout(counts_box)
        grid.setVerticalSpacing(4)
        rows = [("count_total", _("Tổng số"))]
        rows += [(key, _(label)) for key, label in events.GROUP_COUNTS.items()]
        line = 0
        for key, label in rows:
            self.counts.setdefault(key, _count_spin(key))
            grid.addWidget(QLabel(label), line, 0)
            grid.addWidget(self.counts[key], line, 1)
            grid.addWidget(err.label(key), line + 1, 0, 1, 2)
            line += 2
            if key == "count_total":
                hint = QLabel(_("Trong đó:"))
                hint.setStyleSheet(HINT_STYLE)
                grid.addWidget(hint, line, 0, 1, 2)
                line += 1
        grid.setColumnStretch(0, 1)
        # Not a refusal: says when the named list is longer than the head-counts, and what the
        # reports will count (figures.named_beyond_counts, the reports' own rule).
        self.named_warning = QLabel()
        self.named_warning.setObjectName("named_warning")
        self.named_warning.setWordWrap(True)
        self.named_warning.setStyleSheet(tones.warning_style())
        self.named_warning.hide()
        grid.addWidget(self.named_warning, line, 0, 1, 2)
        for key in ("count_total", "count_women"):
            self.counts[key].valueChanged.connect(self._check_named)

        right = QVBoxLayout()
        right.addWidget(counts_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)

        required = QLabel(_("Các mục có dấu * là bắt buộc."))
        required.setStyleSheet(HINT_STYLE)
        self.buttons = dialog_buttons(self, _("Lưu"))
        self.save_button = self.buttons.findChild(QWidget, "ok")
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general_error)
        bottom = QHBoxLayout()
        bottom.addWidget(required)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(940, 500)

    def _load(self, data: EventInput) -> None:
        self.title_edit.setText(data.title)
        select_data(self.type_combo, data.event_type_uid)
        select_data(self.level_combo, data.level)
        select_data(self.hamlet_combo, data.hamlet_uid)
        self.place_edit.setText(data.place or "")
        select_data(self.organiser_combo, data.organiser_uid)
        select_data(self.status_combo, data.status)
        self._status_kept = bool(self.uid)  # an edited event keeps its status
        self.start_date.setDate(data.start_date)
        self.end_date.setDate(data.end_date or data.start_date)
        for key, spin in self.counts.items():
            spin.setValue(int(getattr(data, key) or 0))
        self.notes_edit.setPlainText(data.notes or "")
        self._level_changed()
        self._check_named()

    def _check_named(self, *_args) -> None:
        """Warn beside the counts while they are lower than the event's named list."""
        if not self.uid:
            return  # a new event has no named participants yet
        warnings = figures.named_beyond_counts(
            self.ctx.db,
            self.uid,
            self.counts["count_total"].value(),
            self.counts["count_women"].value(),
        )
        self.named_warning.setText("\n".join(warnings))
        self.named_warning.setVisible(bool(warnings))

    def _level_changed(self, *_args) -> None:
        # Required at hamlet level; elsewhere it may still say in which hamlet the event was.
        at_hamlet = self.level_combo.currentData() == "ap"
        self.hamlet_label.setText(_("Ấp, khu phố *") if at_hamlet else _("Ấp, khu phố"))

    def _start_changed(self, new: dt.date | None) -> None:
        # The end follows the start while the event lasts a day (or would end before it starts).
        previous = getattr(self, "_previous_start", None)
        try:
            end = self.end_date.date()
        except DateTextError:
            end = None  # an unreadable end stays as typed, to be corrected
        follows = (end is None and not self.end_date.text()) or end == previous
        if new is not None and (follows or (end is not None and end < new)):
            self.end_date.setDate(new)
        self._previous_start = new
        if not getattr(self, "_status_kept", True):
            # A new event dated before today was held; until the officer picks a status.
            select_data(self.status_combo, events.status_for(new))

    def _status_chosen(self, *_args) -> None:
        self._status_kept = True

    # --- saving ----------------------------------------------------------------------------
    def value(self) -> EventInput:
        """What the form holds now, as the core's input."""
        return EventInput(
            campaign_uid=self.data.campaign_uid,
            event_type_uid=self.type_combo.currentData() or "",
            title=self.title_edit.text(),
            **read_dates({"start_date": self.start_date, "end_date": self.end_date}),
            level=self.level_combo.currentData(),
            hamlet_uid=self.hamlet_combo.currentData(),
            place=self.place_edit.text(),
            organiser_uid=self.organiser_combo.currentData(),
            status=self.status_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
            **{key: spin.value() for key, spin in self.counts.items()},
        )

    def save(self) -> str:
        data = self.value()
        if self.uid:
            events.update_event(self.ctx.db, self.uid, data)
            return self.uid
        return events.create_event(self.ctx.db, data)

    @classmethod
    def ask(cls, parent, ctx: AppContext, uid: str | None = None) -> str | None:
        """The uid of the event saved, or None if the user cancelled."""
        return cls(parent, ctx, uid).run()
