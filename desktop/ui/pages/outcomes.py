"""The "Kết quả" section: outcomes of the campaign, with totals per indicator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues, events, formats, outcomes
from desktop.core.catalogues import CATEGORY_NAMES
from desktop.core.i18n import _
from desktop.core.outcomes import OutcomeFilter
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.models.events import OUTCOME_WIDTHS, outcome_columns
from desktop.ui.models.paged import Column, PagedTableModel
from desktop.ui.models.rows import RowsModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets import RecordTable, SearchBox, compact, fill_combo, title_label


def list_columns() -> list[Column]:
    return [
        *outcome_columns(),
        Column("event_title", _("Sự kiện"), sortable=False),
        Column(
            "event_date", _("Ngày"), kind="date", display=lambda r: r.outcome_date or r.event_date
        ),
    ]


def total_columns() -> list[Column]:
    return [
        Column("name", _("Chỉ tiêu")),
        Column("entries", _("Số lần ghi"), kind="int"),
        Column("quantity", _("Tổng số lượng"), kind="number"),
        Column("unit_label", _("Đơn vị tính")),
        Column(
            "value_vnd",
            _("Tổng giá trị (đồng)"),
            kind="money",
            display=lambda t: t.value_vnd or None,  # blank for indicators counted, not valued
        ),
    ]


class OutcomesPage(Page):
    """Filters, the paged outcome list, and the totals per indicator that follow the filters."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self._filter = OutcomeFilter(campaign_uid=ctx.campaign_uid)
        self.search = SearchBox(_("Tìm theo người nhận, số quyết định, sự kiện…"))
        self.search.setObjectName("outcomes_search")
        self.category_filter = QComboBox()
        self.indicator_filter = QComboBox()
        compact(self.indicator_filter, 18)
        self.event_filter = QComboBox()
        compact(self.event_filter, 16)
        self.event_filter.setMaximumWidth(420)
        self.indicator_filter.setMaximumWidth(360)
        self.search.search.connect(self._apply_filters)
        self.category_filter.currentIndexChanged.connect(self._category_changed)
        for combo in (self.indicator_filter, self.event_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.model = PagedTableModel(
            list_columns(),
            self._count,
            self._page,
            sort="event_date",
            descending=True,
            parent=self,
        )
        self.table = RecordTable()
        self.table.setObjectName("outcomes_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(
            len(self.model.columns) - 1, Qt.SortOrder.DescendingOrder
        )
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.totals = RowsModel(total_columns(), parent=self)
        self.totals_table = self._totals_view()
        self.count_label = QLabel(objectName="outcomes_count")
        self._set_column_widths()
        self._build_layout()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(title_label(_("Kết quả thực hiện kế hoạch")))
        head.addStretch(1)
        head.addWidget(self.count_label)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Nhóm:")))
        filters.addWidget(self.category_filter)
        filters.addWidget(QLabel(_("Chỉ tiêu:")))
        filters.addWidget(self.indicator_filter)
        filters.addWidget(QLabel(_("Sự kiện:")))
        filters.addWidget(self.event_filter, 1)
        edit = Permission.EDIT_RECORDS
        self.add_button = self.action_button(_("Ghi kết quả…"), self.add_outcome, edit)
        self.edit_button = self.action_button(_("Sửa…"), self.edit_selected, edit)
        self.delete_button = self.action_button(_("Xóa"), self.delete_selected, edit)
        self.export_button = self.action_button(_("Xuất Excel…"), self.export, Permission.EXPORT)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)
        totals_head = QHBoxLayout()
        totals_head.addWidget(QLabel(_("<b>Tổng hợp theo chỉ tiêu</b> (theo bộ lọc đang chọn)")))
        totals_head.addStretch(1)
        self.export_totals_button = self.action_button(
            _("Xuất Excel bảng tổng hợp…"), self.export_totals, Permission.EXPORT
        )
        totals_head.addWidget(self.export_totals_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(totals_head)
        lower_layout.addWidget(self.totals_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([480, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _totals_view(self) -> QTableView:
        view = QTableView(objectName="totals_table")
        view.setModel(self.totals)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        char = view.fontMetrics().averageCharWidth()
        for section, width in enumerate((0, 11, 14, 16, 22)):
            if width:
                header.resizeSection(section, width * char + 18)
        return view

    def _update_buttons(self, *_args) -> None:
        chosen = self.table.selected_uid() is not None
        self.set_enabled(self.edit_button, chosen)
        self.set_enabled(self.delete_button, chosen)

    def _set_column_widths(self) -> None:
        char = self.table.fontMetrics().averageCharWidth()
        widths = {**OUTCOME_WIDTHS, "indicator_name": 30, "recipient": 24, "event_title": 30}
        for section, column in enumerate(self.model.columns):
            if column.key in widths:
                self.table.horizontalHeader().resizeSection(section, widths[column.key] * char + 18)
        self.table.fit_headers()

    # --- data ------------------------------------------------------------------------------
    def _count(self) -> int:
        return outcomes.count_outcomes(self.ctx.db, self._filter)

    def _page(self, sort: str, descending: bool, offset: int, limit: int):
        return outcomes.list_outcomes(
            self.ctx.db, self._filter, sort=sort, descending=descending, offset=offset, limit=limit
        )

    def reload(self) -> None:
        db, campaign = self.ctx.db, self.ctx.campaign_uid
        fill_combo(
            self.category_filter,
            [(None, _("Mọi nhóm"))] + [(c, _(n)) for c, n in CATEGORY_NAMES.items()],
        )
        self._fill_indicators()
        fill_combo(
            self.event_filter,
            [(None, _("Mọi sự kiện"))]
            + (events.events_for_choice(db, campaign) if campaign else []),
        )
        self.set_enabled(self.add_button, bool(campaign))
        self._apply_filters()

    def _fill_indicators(self) -> None:
        campaign = self.ctx.campaign_uid
        items = (
            catalogues.indicators(self.ctx.db, campaign, include_inactive=True) if campaign else []
        )
        category = self.category_filter.currentData()
        fill_combo(
            self.indicator_filter,
            [(None, _("Mọi chỉ tiêu"))]
            + [(i.uid, i.name) for i in items if category in (None, i.extra["category"])],
        )

    def _category_changed(self, *_args) -> None:
        self._fill_indicators()
        self._apply_filters()

    def _apply_filters(self, *_args) -> None:
        self._filter = OutcomeFilter(
            campaign_uid=self.ctx.campaign_uid or "-",
            event_uid=self.event_filter.currentData(),
            indicator_uid=self.indicator_filter.currentData(),
            category=self.category_filter.currentData(),
            text=self.search.text(),
        )
        self.model.refresh()
        totals = outcomes.totals_by_indicator(self.ctx.db, self._filter)
        self.totals.set_rows(totals)
        value = sum(t.value_vnd for t in totals)
        self.count_label.setText(
            _("{count} kết quả — tổng giá trị {value}").format(
                count=formats.quantity(self.model.total), value=formats.money(value)
            )
        )

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def add_outcome(self) -> None:
        from desktop.ui.dialogs.outcome_form import OutcomeFormDialog

        OutcomeFormDialog.ask(self, self.ctx, event_uid=None)

    @guarded
    def edit_selected(self) -> None:
        from desktop.ui.dialogs.outcome_form import OutcomeFormDialog

        uid = self.table.selected_uid()
        if uid and self.edit_button.isEnabled():  # a double-click opens the form only to editors
            OutcomeFormDialog.ask(self, self.ctx, uid=uid)

    @guarded
    def delete_selected(self) -> None:
        uid = self.table.selected_uid()
        if not uid:
            return
        row = next(r for r in self.model.fetched_rows() if r.uid == uid)
        if confirm(
            self,
            _("Xóa kết quả"),
            _("Xóa kết quả “{indicator}” ({quantity} {unit})?").format(
                indicator=row.indicator_name,
                quantity=formats.quantity(row.quantity),
                unit=row.unit_label,
            ),
            _("Xóa"),
        ):
            outcomes.delete_outcome(self.ctx.db, uid)
            self.ctx.notify_changed()

    def export(self) -> None:
        ask_and_export(self, self.model, _("Kết quả"), "ket-qua")

    def export_totals(self) -> None:
        ask_and_export(self, self.totals, _("Tổng hợp kết quả"), "tong-hop-ket-qua")
