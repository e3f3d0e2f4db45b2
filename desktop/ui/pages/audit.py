"""The "Nhật ký" section (administrators): who changed what, when, and is the trail whole.

The list is the audit trail filtered by person, kind of action, local dates and subject; the
pane below shows the selected entry's changes field by field (before / after). "Kiểm tra tính
toàn vẹn" walks the hash chain (`audit.verify`) and says plainly whether anything was removed
or edited outside the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import audit, audit_log, formats
from desktop.core.audit_log import AuditFilter, EntryDetail
from desktop.core.i18n import _, ngettext
from desktop.core.session import Permission
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.file_dialogs import FileKind, save_file
from desktop.ui.history import HoverRowsModel, wrap_rows
from desktop.ui.models.paged import Column, PagedTableModel
from desktop.ui.pages.base import Page
from desktop.ui.pages.events import DateFilter
from desktop.ui.widgets import RecordTable, SearchBox, compact, fill_combo, title_label


def entry_columns() -> list[Column]:
    return [
        Column("at", _("Thời gian"), display=lambda r: r.time_text),
        Column("actor", _("Người thực hiện"), display=lambda r: r.actor_text),
        Column("kind", _("Thao tác"), display=lambda r: r.kind_text),
        Column("subject", _("Đối tượng")),
        Column("change_count", _("Số bản ghi"), kind="int", sortable=False),
    ]


@dataclass(frozen=True)
class ChangeLine:
    """One row of the detail pane: a field of a record, before and after."""

    record: str
    field: str
    before: str
    after: str


def change_columns() -> list[Column]:
    return [
        Column("record", _("Bản ghi")),
        Column("field", _("Trường")),
        Column("before", _("Trước")),
        Column("after", _("Sau")),
    ]


def change_lines(detail: EntryDetail) -> list[ChangeLine]:
    """The entry's notes, then each changed record's fields; a record without fields, alone."""
    lines = [ChangeLine("", note.label, note.before, note.after) for note in detail.notes]
    for change in detail.changes:
        record = f"{change.table_label} ({change.op_label})"
        if change.name:
            record = f"{change.table_label}: {change.name} ({change.op_label})"
        if not change.fields:
            lines.append(ChangeLine(record, "", "", ""))
        for index, field in enumerate(change.fields):
            lines.append(
                ChangeLine(record if index == 0 else "", field.label, field.before, field.after)
            )
    return lines


class AuditPage(Page):
    """Filters, the paged trail, the selected entry's changes, the chain check and export."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self._filter = AuditFilter()
        self._build_filters()
        self.model = PagedTableModel(
            entry_columns(), self._count, self._page, sort="at", descending=True, parent=self
        )
        self.table = RecordTable()
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.model.modelReset.connect(self._show_selected)
        self.changes = HoverRowsModel(change_columns(), parent=self)
        self.changes_view = self._changes_view()
        self._set_column_widths()
        self._build_layout()

    # --- building --------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.actor_filter = compact(QComboBox(objectName="actor_filter"), 16)
        self.kind_filter = compact(QComboBox(objectName="kind_filter"), 16)
        self.date_from = DateFilter()
        self.date_to = DateFilter()
        self.search = SearchBox(_("Tìm theo đối tượng (gõ không dấu cũng được)…"))
        self.search.setObjectName("audit_search")
        for combo in (self.actor_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        for date in (self.date_from, self.date_to):
            date.dateChanged.connect(self._apply_filters)
        self.search.search.connect(self._apply_filters)
        self.count_label = QLabel(objectName="audit_count")

    def _changes_view(self) -> QTableView:
        view = QTableView(objectName="changes_table")
        view.setModel(self.changes)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        char = view.fontMetrics().averageCharWidth()
        header = view.horizontalHeader()
        for section, width in enumerate((34, 22)):
            header.resizeSection(section, width * char + 16)
        for section in (2, 3):  # before and after share what is left, side by side
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        wrap_rows(view)
        return view

    def _set_column_widths(self) -> None:
        char = self.table.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for section, width in enumerate((17, 26, 24, 0, 11)):
            if width:
                header.resizeSection(section, width * char + 18)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _build_layout(self) -> None:
        title = title_label(_("Nhật ký thay đổi"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        first = QHBoxLayout()
        first.addWidget(QLabel(_("Người thực hiện:")))
        first.addWidget(self.actor_filter)
        first.addWidget(QLabel(_("Thao tác:")))
        first.addWidget(self.kind_filter)
        first.addStretch(1)
        clear = QPushButton(_("Bỏ lọc"))
        clear.clicked.connect(self.clear_filters)
        second = QHBoxLayout()
        second.addWidget(self.search, 1)
        second.addWidget(QLabel(_("Từ ngày:")))
        second.addWidget(self.date_from)
        second.addWidget(QLabel(_("đến ngày:")))
        second.addWidget(self.date_to)
        second.addWidget(clear)
        self.entry_label = QLabel(objectName="entry_label")
        self.entry_label.setWordWrap(True)
        self.entry_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.entry_label)
        lower_layout.addWidget(self.changes_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([440, 260])
        self.check_button = QPushButton(_("Kiểm tra tính toàn vẹn"), objectName="check")
        self.check_button.setToolTip(
            _("Dò lại chuỗi mã băm của nhật ký: phát hiện mục bị xóa hoặc sửa ngoài chương trình")
        )
        self.check_button.clicked.connect(self.check_integrity)
        self.check_label = QLabel(objectName="check_result")
        self.check_label.setWordWrap(True)
        self.export_button = QPushButton(_("Xuất Excel…"), objectName="export")
        self.export_button.clicked.connect(self.export)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.check_label, 1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

    # --- data ------------------------------------------------------------------------------
    def _count(self) -> int:
        if not self.ctx.can(Permission.VIEW_AUDIT):  # signed out or another user meanwhile
            return 0
        return audit_log.count_entries(self.ctx.db, self._filter)

    def _page(self, sort: str, descending: bool, offset: int, limit: int):
        if not self.ctx.can(Permission.VIEW_AUDIT):
            return []
        return audit_log.list_entries(
            self.ctx.db, self._filter, sort=sort, descending=descending, offset=offset, limit=limit
        )

    def reload(self) -> None:
        if self.ctx.can(Permission.VIEW_AUDIT):
            db = self.ctx.db
            fill_combo(self.actor_filter, [(None, _("Mọi người")), *audit_log.actors(db)])
            fill_combo(self.kind_filter, [(None, _("Mọi thao tác")), *audit_log.kinds(db)])
        self._apply_filters()

    def _read_filters(self) -> AuditFilter:
        return AuditFilter(
            actor=self.actor_filter.currentData(),
            kind=self.kind_filter.currentData(),
            date_from=self.date_from.iso(),
            date_to=self.date_to.iso(),
            text=self.search.text(),
        )

    def _apply_filters(self, *_args) -> None:
        self._filter = self._read_filters()
        self.model.refresh()
        total = self.model.total
        self.count_label.setText(
            ngettext("{count} mục", "{count} mục", total).format(count=formats.quantity(total))
        )

    def clear_filters(self) -> None:
        for widget in (self.actor_filter, self.kind_filter, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.actor_filter.setCurrentIndex(0)
        self.kind_filter.setCurrentIndex(0)
        self.date_from.set_iso(None)
        self.date_to.set_iso(None)
        for widget in (self.actor_filter, self.kind_filter, self.date_from, self.date_to):
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filters()

    def _show_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.entry_label.setText(_("Chọn một mục để xem các thay đổi."))
            self.changes.set_rows([])
            return
        row = self.model.row_at(rows[0].row())
        detail = audit_log.entry_detail(self.ctx.db, row.id)
        self.entry_label.setText(
            _("<b>{time}</b> — {actor} — {kind}: {subject}").format(
                time=row.time_text,
                actor=row.actor_text,
                kind=row.kind_text,
                subject=row.subject or "—",
            )
        )
        self.changes.set_rows(change_lines(detail))

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def check_integrity(self) -> None:
        """Walk the chain and say the result beside the button."""
        problems = audit.verify(self.ctx.db)
        if not problems:
            count = audit_log.count_entries(self.ctx.db, AuditFilter())
            self.check_label.setStyleSheet(tones.good_style())
            self.check_label.setText(
                _("Nhật ký nguyên vẹn ({count} mục).").format(count=formats.quantity(count))
            )
            return
        self.check_label.setStyleSheet(tones.error_style() + " font-weight: 600;")
        lines = [problem.message for problem in problems[:5]]
        if len(problems) > 5:
            lines.append(_("… và {count} chỗ khác.").format(count=len(problems) - 5))
        self.check_label.setText(
            _("Nhật ký đã bị can thiệp: {problems}").format(problems=" ".join(lines))
        )

    @guarded
    def export(self) -> None:
        path = self.ask_path()
        if path is None:
            return
        count = audit_log.export_xlsx(self.ctx.db, self._filter, path)
        self.check_label.setStyleSheet("")
        self.check_label.setText(
            _("Đã ghi {count} dòng vào {path}.").format(count=count, path=path)
        )
        self.ctx.notify_changed()  # the export is itself an entry

    def ask_path(self) -> Path | None:
        """The xlsx file chosen by the user, or None; the one seam tests replace."""
        chosen = save_file(
            self, FileKind.EXCEL, _("Xuất Excel"), "nhat-ky.xlsx", _("Tệp Excel (*.xlsx)")
        )
        if chosen is None:
            return None
        return chosen if chosen.suffix.lower() == ".xlsx" else Path(f"{chosen}.xlsx")
