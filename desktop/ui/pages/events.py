"""The "Sự kiện" section: the campaign's events, filtered and searched, and their actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
)

from desktop.core import catalogues, events, figures, formats
from desktop.core.events import EventFilter
from desktop.core.i18n import _, ngettext
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.date_edit import DateEdit
from desktop.ui.dialogs import confirm
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.models.events import COLUMN_WIDTHS, STRETCH_COLUMN, events_model
from desktop.ui.pages.base import Page
from desktop.ui.widgets import RecordTable, SearchBox, StretchWithMinimum, compact, fill_combo

PAGE_SHORTCUT = Qt.ShortcutContext.WidgetWithChildrenShortcut
TABLE_SHORTCUT = Qt.ShortcutContext.WidgetShortcut


class DateFilter(DateEdit):
    """A date to filter by, typed or chosen like every date field; empty means "Mọi ngày".

    A date that cannot be read does not change the filter: the field turns red and says why,
    so the list is never filtered by a date the officer did not mean.
    """

    def __init__(self, parent=None):
        super().__init__(parent, optional=True)
        self.setPlaceholderText(_("Mọi ngày"))
        self.problem.connect(self._show_problem)

    def iso(self) -> str | None:
        """The date filtered by, as yyyy-mm-dd, or None for "Mọi ngày"."""
        return self._last.isoformat() if self._last else None

    def set_iso(self, iso: str | None) -> None:
        self.setDate(iso or None)
        self._show_problem("")

    def _show_problem(self, message: str) -> None:
        self.setStyleSheet("border: 1px solid #b3261e;" if message else "")
        self.setToolTip(message or self.default_tooltip)


class EventsPage(Page):
    """Filter bar, the paged table of events, and add / edit / open / cancel / delete / export."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self._filter = EventFilter(campaign_uid=ctx.campaign_uid)
        self._sort_section, self._sort_order = 0, Qt.SortOrder.DescendingOrder
        self._build_filters()
        self.model = events_model(ctx, lambda: self._filter, self)
        self.table = RecordTable()
        self.table.setObjectName("events_table")
        self.table.setModel(self.model)
        self._set_column_widths()
        self.table.horizontalHeader().setSortIndicator(self._sort_section, self._sort_order)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._build_layout()
        self._build_shortcuts()
        self._update_buttons()

    # --- building --------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = SearchBox(_("Tìm theo tên sự kiện, địa điểm (gõ không dấu cũng được)…"))
        self.search.setObjectName("events_search")
        self.search.search.connect(self._apply_filters)
        self.type_filter = compact(QComboBox(), 20)
        self.status_filter = QComboBox()
        fill_combo(
            self.status_filter,
            [(None, _("Mọi trạng thái"))]
            + [(code, _(name)) for code, name in events.STATUSES.items()],
        )
        self.hamlet_filter = compact(QComboBox(), 12)
        compact(self.status_filter, 10)
        # At the province: one commune's events, or all of them (hidden at a commune).
        self.commune_filter = QComboBox(objectName="commune_filter")
        self.commune_filter.setMinimumWidth(200)
        self.commune_filter.currentIndexChanged.connect(self._apply_filters)
        self.date_from = DateFilter()
        self.date_to = DateFilter()
        for combo in (self.type_filter, self.status_filter, self.hamlet_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        for date in (self.date_from, self.date_to):
            date.dateChanged.connect(self._apply_filters)
        self.clear_filters_button = QPushButton(_("Bỏ lọc"))
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("events_count")

    def _build_layout(self) -> None:
        self.commune_label = QLabel(_("Xã, phường:"))
        # Hidden until `reload` finds a province: shown first, they widened the window at a commune.
        self.commune_label.hide()
        self.commune_filter.hide()
        edit = Permission.EDIT_RECORDS
        self.add_button = self.action_button(_("Thêm sự kiện…"), self.add_event, edit)
        self.open_button = self.action_button(
            _("Mở"),
            self.open_selected,
            tooltip=_("Xem người tham gia và kết quả (Enter hoặc nhấp đúp)"),
        )
        self.edit_button = self.action_button(_("Sửa…"), self.edit_selected, edit)
        self.cancel_button = self.action_button(
            _("Hủy sự kiện"),
            self.cancel_selected,
            edit,
            _("Đánh dấu sự kiện là đã hủy (vẫn giữ trong danh sách)"),
        )
        self.delete_button = self.action_button(_("Xóa"), self.delete_selected, edit)
        self.import_button = self.action_button(
            _("Nhập từ Excel…"), self.import_list, Permission.IMPORT
        )
        self.export_button = self.action_button(_("Xuất Excel…"), self.export, Permission.EXPORT)
        self.register_layout(
            _("Sự kiện của kế hoạch"),
            self.count_label,
            [
                [
                    self.search,
                    12,
                    (_("Loại:"), self.type_filter),
                    (_("Trạng thái:"), self.status_filter),
                    self.clear_filters_button,
                ],
                [
                    self.commune_label,
                    self.commune_filter,
                    (_("Ấp, khu phố:"), self.hamlet_filter),
                    12,
                    (_("Từ ngày:"), self.date_from),
                    (_("đến ngày:"), self.date_to),
                ],
            ],
            self.table,
            [
                self.add_button,
                self.open_button,
                self.edit_button,
                self.cancel_button,
                self.delete_button,
            ],
            # Excel in and out sit by the title: the action row stays inside a 1024×768 screen.
            head_actions=[self.import_button, self.export_button],
        )

    def _build_shortcuts(self) -> None:
        for keys, slot, owner, context in (
            (QKeySequence.StandardKey.Find, self.search.setFocus, self, PAGE_SHORTCUT),
            (QKeySequence.StandardKey.New, self.add_event, self, PAGE_SHORTCUT),
            (Qt.Key.Key_Delete, self.delete_selected, self.table, TABLE_SHORTCUT),
        ):
            shortcut = QShortcut(QKeySequence(keys), owner)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.add_button.setToolTip(_("Thêm sự kiện mới (Ctrl+N)"))
        self.delete_button.setToolTip(_("Xóa sự kiện đang chọn (phím Delete)"))

    def _set_column_widths(self) -> None:
        char = self.table.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for section, column in enumerate(self.model.columns):
            if column.key != STRETCH_COLUMN:
                header.resizeSection(section, COLUMN_WIDTHS.get(column.key, 12) * char + 18)
        self.table.fit_headers()
        title = next(i for i, c in enumerate(self.model.columns) if c.key == STRETCH_COLUMN)
        self._title_width = StretchWithMinimum(self.table, title)  # elided, whole in a tooltip

    # --- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        self._fill_filter_choices()
        self._filter = self._read_filters()
        self._refresh_model()

    def _fill_filter_choices(self) -> None:
        uid = self.ctx.campaign_uid
        types = catalogues.event_types(self.ctx.db, uid, include_inactive=True) if uid else []
        fill_combo(
            self.type_filter,
            [(None, _("Mọi loại sự kiện"))] + [(item.uid, item.name) for item in types],
        )
        hamlets = catalogues.hamlets(self.ctx.db, include_inactive=True)
        fill_combo(
            self.hamlet_filter,
            [(None, _("Mọi ấp, khu phố"))] + [(item.uid, item.name) for item in hamlets],
        )
        communes = figures.commune_choices(self.ctx.db)
        fill_combo(self.commune_filter, [(None, _("Toàn tỉnh")), *communes])
        for widget in (self.commune_label, self.commune_filter):
            widget.setVisible(bool(communes))

    def _read_filters(self) -> EventFilter:
        return EventFilter(
            campaign_uid=self.ctx.campaign_uid or "-",
            event_type_uid=self.type_filter.currentData(),
            status=self.status_filter.currentData(),
            hamlet_uid=self.hamlet_filter.currentData(),
            unit_code=self.commune_filter.currentData(),
            date_from=self.date_from.iso(),
            date_to=self.date_to.iso(),
            text=self.search.text(),
        )

    def _apply_filters(self, *_args) -> None:
        self._filter = self._read_filters()
        self._refresh_model()

    def _refresh_model(self) -> None:
        selected = self.table.selected_uid()
        self.model.refresh()
        self.count_label.setText(
            ngettext("{count} sự kiện", "{count} sự kiện", self.model.total).format(
                count=formats.quantity(self.model.total)
            )
        )
        if selected:
            self.select_uid(selected)

    def clear_filters(self) -> None:
        for combo in (
            self.type_filter,
            self.status_filter,
            self.hamlet_filter,
            self.commune_filter,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for date in (self.date_from, self.date_to):
            date.blockSignals(True)
            date.set_iso(None)
            date.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filters()

    def select_uid(self, uid: str) -> bool:
        """Select the row of this event if it is among the rows fetched; True if it was."""
        return self.table.select_uid(uid)

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if self.model.columns[section].sortable:
            self._sort_section, self._sort_order = section, order
            return
        header.blockSignals(True)  # a column the query cannot order by keeps the old indicator
        header.setSortIndicator(self._sort_section, self._sort_order)
        header.blockSignals(False)

    def _update_buttons(self, *_args) -> None:
        uid = self.table.selected_uid()
        row = self._selected_row()
        self.open_button.setEnabled(uid is not None)
        self.set_enabled(self.edit_button, uid is not None)
        self.set_enabled(self.delete_button, uid is not None)
        self.set_enabled(self.cancel_button, row is not None and row.status != "cancelled")
        self.set_enabled(self.add_button, bool(self.ctx.campaign_uid))

    def _selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def add_event(self) -> None:
        from desktop.ui.dialogs.event_form import EventFormDialog

        if not self.add_button.isEnabled():  # Ctrl+N does what the button does, or nothing
            return
        uid = EventFormDialog.ask(self, self.ctx)  # the form tells every page of the change
        if uid:
            self.select_uid(uid)
            self.open_event(uid)  # straight on to its participants and outcomes

    def open_event(self, uid: str) -> None:
        """The event's own window (participants, outcomes)."""
        from desktop.ui.dialogs.event_detail import EventDetailDialog

        EventDetailDialog.ask(self, self.ctx, uid)

    @guarded
    def edit_selected(self) -> None:
        from desktop.ui.dialogs.event_form import EventFormDialog

        uid = self.table.selected_uid()
        if uid:
            EventFormDialog.ask(self, self.ctx, uid)

    @guarded
    def open_selected(self) -> None:
        uid = self.table.selected_uid()
        if uid:
            self.open_event(uid)

    @guarded
    def cancel_selected(self) -> None:
        row = self._selected_row()
        if row is None or row.status == "cancelled":
            return
        if not confirm(
            self,
            _("Hủy sự kiện"),
            _(
                "Hủy sự kiện “{title}”?\n\nSự kiện vẫn ở trong danh sách với trạng thái "
                "“Đã hủy” và không được tính vào kết quả."
            ).format(title=row.title),
            _("Hủy sự kiện"),
        ):
            return
        events.cancel_event(self.ctx.db, row.uid)
        self.ctx.notify_changed()

    @guarded
    def delete_selected(self) -> None:
        row = self._selected_row()
        if row is None or not self.delete_button.isEnabled():  # the Delete key, for a viewer
            return
        if not confirm(
            self,
            _("Xóa sự kiện"),
            _(
                "Xóa sự kiện “{title}” ({date})?\n\nDanh sách {named} người tham gia và {outcomes} "
                "kết quả đã ghi của sự kiện cũng bị xóa theo."
            ).format(
                title=row.title,
                date=formats.date(row.start_date),
                named=row.named_count,
                outcomes=row.outcome_count,
            ),
            _("Xóa"),
        ):
            return
        events.delete_event(self.ctx.db, row.uid)
        self.ctx.notify_changed()

    @guarded
    def import_list(self) -> None:
        from desktop.ui.dialogs.list_import import ListImportDialog

        ListImportDialog.ask(self, self.ctx, "events")

    def export(self) -> None:
        ask_and_export(self, self.model, _("Danh sách sự kiện"), "su-kien")
