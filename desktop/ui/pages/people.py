"""The "Người tham gia" section: the participant register, searched without diacritics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel

from desktop.core import catalogues, formats, people
from desktop.core.i18n import _, ngettext
from desktop.core.people import PersonFilter
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.models.people import PERSON_WIDTHS, people_model
from desktop.ui.pages.base import Page
from desktop.ui.widgets import RecordTable, SearchBox, fill_combo


class PeoplePage(Page):
    """Search and filters, the paged register, and add / open / edit / delete / import / export."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.search = SearchBox(_("Tìm theo họ tên (gõ không dấu cũng được)…"))
        self.search.setObjectName("people_search")
        self.search.search.connect(self._apply_filters)
        self.hamlet_filter = QComboBox()
        self.hamlet_filter.setMinimumWidth(170)
        self.gender_filter = QComboBox()
        fill_combo(
            self.gender_filter,
            [(None, _("Nam và nữ"))] + [(c, _(n)) for c, n in people.GENDERS.items()],
        )
        for combo in (self.hamlet_filter, self.gender_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self._filter = PersonFilter()
        self.model = people_model(ctx, lambda: self._filter, self)
        self.table = RecordTable()
        self.table.setObjectName("people_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _index: self.open_selected())
        self._set_column_widths()
        self.count_label = QLabel(objectName="people_count")
        self._build_layout()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _build_layout(self) -> None:
        edit = Permission.EDIT_RECORDS
        self.add_button = self.action_button(
            _("Thêm người…"), self.add_person, edit, _("Thêm người mới (Ctrl+N)")
        )
        self.open_button = self.action_button(
            _("Mở"),
            self.open_selected,
            tooltip=_("Xem các sự kiện người này đã tham gia (Enter)"),
        )
        self.edit_button = self.action_button(_("Sửa…"), self.edit_selected, edit)
        self.delete_button = self.action_button(_("Xóa"), self.delete_selected, edit)
        self.import_button = self.action_button(
            _("Nhập từ Excel…"), self.import_list, Permission.IMPORT
        )
        self.export_button = self.action_button(_("Xuất Excel…"), self.export, Permission.EXPORT)
        self.register_layout(
            _("Danh sách người tham gia"),
            self.count_label,
            [
                [
                    self.search,
                    (_("Ấp, khu phố:"), self.hamlet_filter),
                    (_("Giới tính:"), self.gender_filter),
                ]
            ],
            self.table,
            [self.add_button, self.open_button, self.edit_button, self.delete_button],
            [self.import_button, self.export_button],
        )
        self.page_shortcut(QKeySequence.StandardKey.Find, self.search.setFocus)
        self.page_shortcut(QKeySequence.StandardKey.New, self.add_person)

    def _set_column_widths(self) -> None:
        char = self.table.fontMetrics().averageCharWidth()
        for section, column in enumerate(self.model.columns):
            width = PERSON_WIDTHS.get(column.key)
            if width:
                self.table.horizontalHeader().resizeSection(section, width * char + 18)
        self.table.fit_headers()
        self.table.horizontalHeader().setSectionResizeMode(
            len(self.model.columns) - 1, QHeaderView.ResizeMode.Stretch
        )

    # --- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        hamlets = catalogues.hamlets(self.ctx.db, include_inactive=True)
        fill_combo(
            self.hamlet_filter,
            [(None, _("Mọi ấp, khu phố"))] + [(h.uid, h.name) for h in hamlets],
        )
        self._apply_filters()

    def _apply_filters(self, *_args) -> None:
        self._filter = PersonFilter(
            text=self.search.text(),
            hamlet_uid=self.hamlet_filter.currentData(),
            gender=self.gender_filter.currentData(),
        )
        self.model.refresh()
        total = self.model.total
        self.count_label.setText(
            ngettext("{count} người", "{count} người", total).format(count=formats.quantity(total))
        )

    def _update_buttons(self, *_args) -> None:
        chosen = self.table.selected_uid() is not None
        self.open_button.setEnabled(chosen)
        self.set_enabled(self.edit_button, chosen)
        self.set_enabled(self.delete_button, chosen)

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def add_person(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        if not self.add_button.isEnabled():  # Ctrl+N does what the button does, or nothing
            return
        self.table.select_uid(PersonFormDialog.ask(self, self.ctx, initial_name=self.search.text()))

    @guarded
    def edit_selected(self) -> None:
        from desktop.ui.dialogs.person_form import PersonFormDialog

        uid = self.table.selected_uid()
        if uid:
            self.table.select_uid(PersonFormDialog.ask(self, self.ctx, uid=uid))

    @guarded
    def open_selected(self) -> None:
        from desktop.ui.dialogs.person_detail import PersonDetailDialog

        uid = self.table.selected_uid()
        if uid:
            PersonDetailDialog.ask(self, self.ctx, uid)

    @guarded
    def delete_selected(self) -> None:
        uid = self.table.selected_uid()
        if not uid:
            return
        person = people.get_person(self.ctx.db, uid)
        attended = len(people.events_of_person(self.ctx.db, uid))
        if not confirm(
            self,
            _("Xóa người tham gia"),
            _(
                "Xóa “{name}” khỏi danh sách?\n\nNgười này cũng được bỏ khỏi danh sách tham gia "
                "của {count} sự kiện."
            ).format(name=person.full_name, count=attended),
            _("Xóa"),
        ):
            return
        people.delete_person(self.ctx.db, uid)
        self.ctx.notify_changed()

    @guarded
    def import_list(self) -> None:
        from desktop.ui.dialogs.list_import import ListImportDialog

        ListImportDialog.ask(self, self.ctx, "people")

    def export(self) -> None:
        ask_and_export(self, self.model, _("Người tham gia"), "nguoi-tham-gia")
