"""The "Nhập từ Excel" wizard: file and sheet, column mapping, preview, duplicates, summary.

Every step shows what the core decided and lets the officer correct it: which column is which
field and which old encoding (TCVN3, VNI) a column is converted from; the preview shows the
first rows exactly as they will be stored, with the reason a row will be left out; duplicates
of the register or of an earlier row are decided one by one or all at once. The import itself
is one core call in one transaction; the summary can be saved as .xlsx.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core import events
from desktop.core.i18n import N_, _
from desktop.core.listimport import apply, batch, headers, plan, readers
from desktop.core.listimport import legacy_encodings as legacy
from desktop.core.text import text_sort_key
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded, show_known_error
from desktop.ui.file_dialogs import FileKind, open_file, save_file
from desktop.ui.operations import Operation
from desktop.ui.screen import fits_screen

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_SUMMARY = range(5)
PREVIEW_ROWS = 200
HINT_STYLE = "color: #555;"
ENCODING_NAMES = {
    legacy.AUTO: N_("Tự nhận từng ô"),
    legacy.UNICODE: N_("Unicode (giữ nguyên)"),
    legacy.TCVN3: N_("TCVN3 (ABC, .VnTime)"),
    legacy.VNI: N_("VNI (VNI-Times)"),
}
DECISION_NAMES = {
    plan.SKIP: N_("Bỏ qua"),
    plan.MERGE: N_("Gộp vào người đã có"),
    plan.ADD: N_("Vẫn thêm mới"),
}
Index = QModelIndex | QPersistentModelIndex
REJECTED_COLOUR = QColor("#fde7e9")
DUPLICATE_COLOUR = QColor("#fff4ce")
LEFT_OUT_COLOUR = QColor("#e8e8e8")
AUTO_SHEET = N_("(tự chọn trang có danh sách)")


def _status(row: plan.PlannedRow) -> str:
    if row.left_out:
        return _("Để ra ngoài")
    if row.rejected:
        return _("Không nhập")
    if row.duplicate:
        return _(DECISION_NAMES[row.decision])
    return _("Thêm mới")


def _reason(row: plan.PlannedRow) -> str:
    if row.left_out:
        return _(row.left_out)
    if row.rejected:
        return " ".join(row.problems)
    parts = []
    if row.matches:
        parts.append(_("Trùng: {who}").format(who="; ".join(m.label for m in row.matches)))
    if row.same_as is not None:
        parts.append(_("Trùng dòng {number} trong tệp").format(number=row.same_as))
    if row.maybe:
        who = "; ".join(m.label for m in row.maybe)
        parts.append(_("Có thể trùng (khác dấu): {who}").format(who=who))
    if row.maybe_same_as is not None:
        parts.append(_("Có thể trùng dòng {number} (khác dấu)").format(number=row.maybe_same_as))
    return " ".join([*parts, *row.notes])


class PlannedRowsModel(QAbstractTableModel):
    """Planned rows as they will be stored: row number, what happens, why, then the fields the
    file has (a reason must be seen without scrolling right)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fields: list[headers.Field] = []
        self._rows: list[plan.PlannedRow] = []

    def set_rows(self, rows: list[plan.PlannedRow], layout: headers.Layout) -> None:
        self.beginResetModel()
        self._fields = shown_fields(layout)
        self._rows = rows
        self.endResetModel()

    def row_at(self, index: int) -> plan.PlannedRow:
        return self._rows[index]

    def refresh(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 2))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields) + 3

    def _text(self, row: plan.PlannedRow, column: int) -> str:
        if column == 0:
            return str(row.number)
        if column == 1:
            return _status(row)
        if column == 2:
            return _reason(row)
        return row.shown.get(self._fields[column - 3].key, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.left_out:
                return LEFT_OUT_COLOUR
            if row.rejected or row.duplicate:
                return REJECTED_COLOUR if row.rejected else DUPLICATE_COLOUR
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = [_("Dòng"), _("Xử lý"), _("Lý do, ghi chú"), *[_(f.label) for f in self._fields]]
        return titles[section] if 0 <= section < len(titles) else None


# Fields read from a column but stored in another one, and what they show as.
_SHOWN_AS = {
    "family_name": "full_name",
    "given_name": "full_name",
    "birth_date": "birth_year",
    "birth_year_male": "birth_year",
    "birth_year_female": "birth_year",
}


def shown_fields(layout: headers.Layout) -> list[headers.Field]:
    """The stored fields the file fills, in the catalogue's order (the name always)."""
    mapped = {_SHOWN_AS.get(key, key) for key in layout.field_columns()}
    if {"birth_year_male", "birth_year_female"} & set(layout.field_columns()):
        mapped.add("gender")
    mapped.add("full_name" if layout.kind == headers.PEOPLE else "title")
    if layout.kind == headers.EVENTS:
        mapped |= {"start_date", "event_type", "status"}
    return [f for f in headers.fields(layout.kind) if f.key in mapped]


def _fit(view: QTableView) -> None:
    """Columns as wide as their text, the reason column at most 320 px and the others 240 px
    (tooltip for the rest)."""
    view.resizeColumnsToContents()
    view.setColumnWidth(1, max(view.columnWidth(1), 150))
    view.setColumnWidth(2, min(max(view.columnWidth(2), 120), 320))
    for column in range(3, view.model().columnCount()):  # a left-out row's text is long
        view.setColumnWidth(column, min(view.columnWidth(column), 240))


class SummaryModel(QAbstractTableModel):
    """The lines of an import summary: row number, outcome, name, reason."""

    def __init__(self, summary: apply.Summary, parent=None):
        super().__init__(parent)
        self._lines = summary.lines

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line = self._lines[index.row()]
        values = [str(line.row_number), _(apply.OUTCOMES[line.outcome]), line.label, line.reason]
        return values[index.column()]

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return [_("Dòng"), _("Kết quả"), _("Tên"), _("Lý do")][section]


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class FilePage(QWizardPage):
    """Choose the file and the sheet."""

    def __init__(self, wizard: ListImportDialog):
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Chọn tệp danh sách"))
        self.setSubTitle(
            _(
                "Tệp Excel (.xlsx, .xls), LibreOffice (.ods), CSV hoặc văn bản Unicode (.txt). "
                "Chữ gõ bằng TCVN3 (ABC) hay VNI được chuyển sang Unicode."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("Chưa chọn tệp"))
        self.browse = QPushButton(_("Chọn tệp…"))
        self.browse.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tệp:")))
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Trang tính:")))
        layout.addWidget(self.sheet_combo)
        layout.addStretch(1)

    @guarded
    def choose_file(self) -> None:
        chosen = open_file(
            self,
            FileKind.LIST,
            _("Chọn tệp danh sách"),
            _("Bảng tính (*.xlsx *.xls *.ods *.csv *.txt);;Tất cả các tệp (*)"),
        )
        if chosen is None:
            return
        names = readers.sheet_names(chosen)
        self.path_edit.setText(str(chosen))
        self.sheet_combo.clear()
        if len(names) > 1:
            self.sheet_combo.addItem(_(AUTO_SHEET), None)
        for sheet in names:
            self.sheet_combo.addItem(sheet, sheet)
        self.sheet_combo.setEnabled(len(names) > 1)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text())

    def validatePage(self) -> bool:
        try:
            self.wiz.load(Path(self.path_edit.text()), self.sheet_combo.currentData())
        except Exception as error:
            if not show_known_error(self, error):
                raise
            return False
        return True


class MappingPage(QWizardPage):
    """Which field each column fills and which encoding its text is read in."""

    def __init__(self, wizard: ListImportDialog):
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Các cột của danh sách"))
        self.setSubTitle(
            _(
                "Chương trình đã đoán cột nào là gì. Hãy sửa nếu đoán sai; cột không cần thì "
                "để “Bỏ qua”."
            )
        )
        self.header_combo = QComboBox()
        self.header_combo.setMinimumContentsLength(60)
        self.header_combo.activated.connect(self.choose_header_row)
        header_row = QHBoxLayout()
        header_row.addWidget(QLabel(_("Dòng tiêu đề:")))
        header_row.addWidget(self.header_combo, 1)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addLayout(header_row)
        layout.addWidget(scroll)
        self.field_combos: list[QComboBox] = []
        self.encoding_combos: list[QComboBox] = []
        self.samples: list[QLabel] = []

    def initializePage(self) -> None:
        self.header_combo.clear()
        for index, row in enumerate(self.wiz.sheet.rows[: headers.HEADER_SEARCH_ROWS]):
            cells = " | ".join(headers.header_text(c) for c in row.cells if c is not None)
            self.header_combo.addItem(
                _("Dòng {number}: {cells}").format(number=row.number, cells=cells[:120]), index
            )
        self.header_combo.setCurrentIndex(self.wiz.layout_.header_index)
        self._build_grid()

    def choose_header_row(self, _position: int) -> None:
        """The user says which row holds the headers: guess the columns again under it."""
        self.wiz.relayout(self.header_combo.currentData())
        self._build_grid()

    def _build_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.field_combos, self.encoding_combos, self.samples = [], [], []
        titles = [_("Tiêu đề cột trong tệp"), _("Là"), _("Bảng mã"), _("Ví dụ (sau chuyển mã)")]
        for col, title in enumerate(titles):
            label = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(label, 0, col)
        for row, column in enumerate(self.wiz.layout_.columns, start=1):
            header = column.header or _("(cột {n})").format(n=column.index + 1)
            self.grid.addWidget(QLabel(header), row, 0)
            self.grid.addWidget(self._field_combo(column), row, 1)
            self.grid.addWidget(self._encoding_combo(column), row, 2)
            sample = QLabel()
            sample.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.samples.append(sample)
            self.grid.addWidget(sample, row, 3)
            self._show_sample(column, sample)
        self.grid.setColumnStretch(3, 1)
        self.grid.setRowStretch(len(self.wiz.layout_.columns) + 1, 1)

    def _field_combo(self, column: headers.Column) -> QComboBox:
        combo = QComboBox()
        combo.addItem(_("Bỏ qua"), None)
        for item in headers.fields(self.wiz.kind):
            combo.addItem(_(item.label), item.key)
        combo.setCurrentIndex(max(combo.findData(column.field), 0))
        combo.currentIndexChanged.connect(
            lambda _i, c=column, b=combo: setattr(c, "field", b.currentData())
        )
        self.field_combos.append(combo)
        return combo

    def _encoding_combo(self, column: headers.Column) -> QComboBox:
        combo = QComboBox()
        for code, name in ENCODING_NAMES.items():
            combo.addItem(_(name), code)
        combo.setCurrentIndex(combo.findData(column.encoding if column.convert else legacy.UNICODE))
        combo.setEnabled(any(not s.isascii() for s in column.samples))

        def changed(_index: int, c=column, b=combo) -> None:
            c.encoding = b.currentData()
            c.convert = c.encoding != legacy.UNICODE
            self._show_sample(c, self.samples[self.encoding_combos.index(b)])

        combo.currentIndexChanged.connect(changed)
        self.encoding_combos.append(combo)
        return combo

    @staticmethod
    def _show_sample(column: headers.Column, label: QLabel) -> None:
        """A converted column shows a value before → after; others show a few values."""

        def read(text: str) -> str:
            return legacy.decode(text, column.reading, column.hint)

        changed = [s for s in column.samples if read(s) != s]
        if changed:
            after = read(changed[0])
            label.setText(_("{before} → {after}").format(before=changed[0], after=after))
        else:
            label.setText("; ".join(column.samples))

    def validatePage(self) -> bool:
        return self.wiz.make_plan()


class PreviewPage(QWizardPage):
    """The rows as they will be stored, and the hamlets that would be new."""

    def __init__(self, wizard: ListImportDialog):
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Xem trước"))
        self.setSubTitle(_("Các dòng đầu của danh sách, đúng như sẽ được lưu."))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.reading = _hint("")
        self.reading.setTextFormat(Qt.TextFormat.RichText)
        self.model = PlannedRowsModel(self)
        self.view = _table(self.model)
        self.hamlet_box = QWidget()
        self.hamlet_layout = QVBoxLayout(self.hamlet_box)
        self.hamlet_layout.setContentsMargins(0, 0, 0, 0)
        self.hamlet_checks: dict[str, QCheckBox] = {}
        self.to_event = QCheckBox(_("Đưa những người này vào danh sách tham gia sự kiện:"))
        self.event_combo = QComboBox()
        self.event_combo.setMinimumContentsLength(40)
        self.to_event.toggled.connect(self._choose_event)
        self.event_combo.currentIndexChanged.connect(self._choose_event)
        event_row = QHBoxLayout()
        event_row.addWidget(self.to_event)
        event_row.addWidget(self.event_combo, 1)
        self.event_box = QWidget()
        self.event_box.setLayout(event_row)
        event_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.reading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hamlet_box)
        layout.addWidget(self.event_box)

    def initializePage(self) -> None:
        current = self.wiz.plan_
        shown = current.rows[:PREVIEW_ROWS]
        self.model.set_rows(shown, self.wiz.layout_)
        _fit(self.view)
        records = current.records
        self.counts.setText(
            _(
                "{total} dòng dữ liệu: {new} sẽ thêm mới, {dup} trùng (quyết định ở bước sau), "
                "{bad} không nhập được (tô đỏ, xem lý do ở cột cuối). Hiện {shown} dòng đầu."
            ).format(
                total=len(records),
                new=len(records) - len(current.duplicates) - len(current.rejected),
                dup=len(current.duplicates),
                bad=len(current.rejected),
                shown=len(shown),
            )
            + " "
            + _("{count} dòng không phải người/sự kiện được để ra ngoài (tô xám).").format(
                count=len(current.left_out)
            )
        )
        self.reading.setText("<br>".join(html.escape(line) for line in batch.plan_lines(current)))
        self._hamlets(current)
        self._events()
        self.setCommitPage(not current.duplicates)

    def _events(self) -> None:
        """A sign-in list: offer the campaign's events its people can be put on, in one step."""
        choices = []
        if self.wiz.kind == headers.PEOPLE and self.wiz.ctx.campaign_uid:
            choices = events.events_for_choice(self.wiz.ctx.db, self.wiz.ctx.campaign_uid)
        self.event_box.setVisible(bool(choices))
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for uid, label in choices:
            self.event_combo.addItem(label, uid)
        self.event_combo.blockSignals(False)
        self._choose_event()

    def _choose_event(self, *_args) -> None:
        self.event_combo.setEnabled(self.to_event.isChecked())
        if self.wiz.plan_ is not None:
            chosen = self.to_event.isChecked() and self.event_combo.currentData()
            self.wiz.plan_.event_uid = chosen or None

    def _hamlets(self, current: plan.ImportPlan) -> None:
        while self.hamlet_layout.count():
            self.hamlet_layout.takeAt(0).widget().deleteLater()
        self.hamlet_checks = {}
        if not current.new_hamlets:
            return
        self.hamlet_layout.addWidget(
            _hint(
                _(
                    "Các ấp, khu phố sau chưa có trong danh mục. Đánh dấu để thêm vào danh mục; "
                    "bỏ dấu thì tên ấp được ghi vào địa chỉ."
                )
            )
        )
        for key, name in sorted(current.new_hamlets.items(), key=lambda kv: text_sort_key(kv[1])):
            box = QCheckBox(_("Thêm “{name}”").format(name=name))
            box.setChecked(key in current.create_hamlets)
            box.toggled.connect(lambda on, k=key: self._toggle_hamlet(k, on))
            self.hamlet_checks[key] = box
            self.hamlet_layout.addWidget(box)

    def _toggle_hamlet(self, key: str, on: bool) -> None:
        hamlets = self.wiz.plan_.create_hamlets
        if on:
            hamlets.add(key)
        else:
            hamlets.discard(key)

    def nextId(self) -> int:
        if self.wiz.plan_ is not None and self.wiz.plan_.duplicates:
            return PAGE_DUPLICATES
        return PAGE_SUMMARY

    def validatePage(self) -> bool:
        return self.nextId() != PAGE_SUMMARY or self.wiz.run_import()


class DuplicatesPage(QWizardPage):
    """Rows that look like someone (something) already there: skip, merge or add, per row."""

    def __init__(self, wizard: ListImportDialog):
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Dòng trùng"))
        self.setSubTitle(
            _(
                "Cùng họ tên, năm sinh và ấp với người đã có hoặc với dòng trước trong tệp: mặc "
                "định bỏ qua. Chỉ khác dấu (Dung, Dũng, Dụng) là “có thể trùng”: mặc định vẫn "
                "thêm, hãy xem và quyết định."
            )
        )
        self.model = PlannedRowsModel(self)
        self.view = _table(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.decision = QComboBox()
        self.apply_selected = QPushButton(_("Áp dụng cho dòng đã chọn"))
        self.apply_selected.clicked.connect(self.decide_selected)
        self.apply_all = QPushButton(_("Áp dụng cho tất cả"))
        self.apply_all.clicked.connect(self.decide_all)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Xử lý:")))
        row.addWidget(self.decision)
        row.addWidget(self.apply_selected)
        row.addWidget(self.apply_all)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.setCommitPage(True)

    def initializePage(self) -> None:
        self.decision.clear()
        for code, name in DECISION_NAMES.items():
            if code != plan.MERGE or self.wiz.kind == headers.PEOPLE:
                self.decision.addItem(_(name), code)
        self.model.set_rows(self.wiz.plan_.duplicates, self.wiz.layout_)
        _fit(self.view)

    def decide_selected(self) -> None:
        for index in self.view.selectionModel().selectedRows():
            self.model.row_at(index.row()).decision = self.decision.currentData()
        self.model.refresh()

    def decide_all(self) -> None:
        self.wiz.plan_.decide_all(self.decision.currentData())
        self.model.refresh()

    def nextId(self) -> int:
        return PAGE_SUMMARY

    def validatePage(self) -> bool:
        return self.wiz.run_import()


class SummaryPage(QWizardPage):
    """What was written, and every row that was not simply added, with the reason."""

    def __init__(self, wizard: ListImportDialog):
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Kết quả nhập"))
        self.setSubTitle(_("Các dòng không được thêm mới đều có lý do; có thể lưu ra tệp Excel."))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.view = _table(SummaryModel(apply.Summary(wizard.kind), self))
        self.save = QPushButton(_("Lưu tóm tắt (Excel)…"))
        self.save.clicked.connect(self.save_summary)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def initializePage(self) -> None:
        summary = self.wiz.summary
        text = summary.text()
        if summary.hamlets_added:
            text += " " + _("Đã thêm vào danh mục: {names}.").format(
                names=", ".join(summary.hamlets_added)
            )
        self.result.setText(text)
        self.view.setModel(SummaryModel(summary, self))
        self.view.resizeColumnsToContents()

    @guarded
    def save_summary(self) -> None:
        chosen = save_file(
            self, FileKind.EXCEL, _("Lưu tóm tắt"), "ket_qua_nhap.xlsx", _("Tệp Excel (*.xlsx)")
        )
        if chosen is None:
            return
        path = chosen if chosen.suffix.lower() == ".xlsx" else Path(f"{chosen}.xlsx")
        count = apply.save_summary(self.wiz.summary, path)
        QMessageBox.information(
            self,
            _("Lưu tóm tắt"),
            _("Đã ghi {count} dòng vào {path}.").format(count=count, path=path),
        )


class ListImportDialog(QWizard):
    """Bring an Excel/CSV list of people or events into the register."""

    def __init__(self, parent, ctx: AppContext, kind: str):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        if kind not in headers.KINDS:
            raise ValueError(kind)
        self.ctx, self.kind = ctx, kind
        self.sheet: readers.Sheet | None = None
        self.layout_: headers.Layout | None = None
        self.plan_: plan.ImportPlan | None = None
        self.summary: apply.Summary | None = None
        self._ready = False  # the current page's work (plan, import) has just finished
        title = (
            _("Nhập người tham gia từ Excel")
            if kind == headers.PEOPLE
            else _("Nhập sự kiện từ Excel")
        )
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for which, text in (
            (QWizard.WizardButton.BackButton, _("< Quay lại")),
            (QWizard.WizardButton.NextButton, _("Tiếp >")),
            (QWizard.WizardButton.CommitButton, _("Nhập vào dữ liệu")),
            (QWizard.WizardButton.FinishButton, _("Đóng")),
            (QWizard.WizardButton.CancelButton, _("Hủy")),
        ):
            self.setButtonText(which, text)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate(
            (
                self.file_page,
                self.mapping_page,
                self.preview_page,
                self.duplicates_page,
                self.summary_page,
            )
        ):
            self.setPage(page_id, page)
        self._fit_screen(1000, 640)

    def _fit_screen(self, width: int, height: int) -> None:
        """At most the screen's free area: 1024×768 at 125 % leaves about 819×580."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 20), min(height, screen.height() - 40)
        self.resize(width, height)

    def load(self, path: Path, sheet: str | None) -> None:
        """Read the sheet and guess its layout (the mapping page shows the guess)."""
        self.sheet = headers.choose_sheet(path, self.kind, sheet)
        self.layout_ = headers.guess_layout(self.sheet, self.kind)

    def relayout(self, header_index: int) -> None:
        """Guess the columns again under another header row."""
        self.layout_ = headers.guess_layout(self.sheet, self.kind, header_index)

    def make_plan(self) -> bool:
        """True once the plan is built (the wizard moves on); else starts building it.

        The plan is built in an Operation (20,000 rows take seconds) behind a busy dialog;
        when it is ready the wizard moves on by itself. A failure is shown and the officer
        stays on the mapping page."""
        if self._ready:
            self._ready = False
            return True
        campaign = self.ctx.campaign_uid if self.kind == headers.EVENTS else None
        sheet, layout = self.sheet, self.layout_
        Operation(
            self,
            lambda job: plan.build_plan(job.db, sheet, layout, campaign_uid=campaign),
            on_success=self._planned,
            database=(self.ctx.db_path, self.ctx.db),
            busy_text=_("Đang đọc và kiểm tra {count} dòng…").format(count=len(sheet.rows)),
        ).start()
        return False

    def _planned(self, built: plan.ImportPlan) -> None:
        self.plan_ = built
        self._go_on()

    def run_import(self) -> bool:
        """True once the plan is written (one transaction); else starts writing it.

        Written in an Operation on a writing connection of its own; the wizard moves on to
        the summary when done. A failure is shown (nothing was written: the transaction
        rolled back) and the officer stays on the page."""
        if self._ready:
            self._ready = False
            return True
        planned = self.plan_
        Operation(
            self,
            lambda job: apply.run(job.db, planned, progress=job.report),
            on_success=self._imported,
            database=(self.ctx.db_path, self.ctx.db),
            writes=True,
            busy_text=_("Đang ghi vào dữ liệu…"),
        ).start()
        return False

    def _imported(self, summary: apply.Summary) -> None:
        self.summary = summary
        if self.imported:
            self.ctx.notify_changed()
        self._go_on()

    def _go_on(self) -> None:
        """The work of the current page is done: validate it again (now True) and move on."""
        self._ready = True
        self.next()
        self._ready = False

    @property
    def imported(self) -> bool:
        """True when the import wrote something (people or events added or merged)."""
        return self.summary is not None and (self.summary.added + self.summary.merged) > 0

    @classmethod
    def ask(cls, parent, ctx: AppContext, kind: str) -> bool:
        """Run the wizard; True if something was imported (the pages are told already)."""
        wizard = cls(parent, ctx, kind)
        wizard.exec()
        return wizard.imported
