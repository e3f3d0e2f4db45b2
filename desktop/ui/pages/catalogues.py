"""The "Danh mục" section: the commune's own lists and the national reference lists.

Hamlets, organisations, event types and indicators can be added, renamed and hidden (a hidden
entry stays on the records that use it); ethnicities and religions are official and read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues
from desktop.core.catalogues import CATEGORY_NAMES, Item
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.dialogs import FieldErrors, dialog_buttons
from desktop.ui.errors import guarded
from desktop.ui.gating import Gates
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel
from desktop.ui.pages.base import Page
from desktop.ui.screen import fits_screen
from desktop.ui.widgets import fill_combo

GROUP_NAMES = {
    "truoc": N_("Trước ngày hội"),
    "ngay_hoi": N_("Ngày hội"),
    "sau": N_("Sau ngày hội, sơ kết, tổng kết"),
    "thuong_xuyen": N_("Thường xuyên"),
}
ExtraField = tuple[str, str, QWidget]


def _shown(item: Item) -> str:
    return _("Đang dùng") if item.extra.get("active", 1) else _("Đã ẩn")


def _is_active(item: Item) -> bool:
    return bool(item.extra.get("active", 1))


class EntryDialog(QDialog):
    """A name (and the fields its kind needs); the core's refusal shows by its field.

    `save(name)` writes through the core; a ValidationError keeps the dialog open.
    """

    def __init__(
        self,
        parent,
        title: str,
        ok_text: str,
        save: Callable[[str], object],
        name: str = "",
        extra_fields: Sequence[ExtraField] = (),
    ):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.save = save
        self.errors = FieldErrors()
        self.name_edit = QLineEdit(name, objectName="name")
        form = QFormLayout()
        form.addRow(_("Tên (*)"), self.errors.wrap("name", self.name_edit))
        for label, key, widget in extra_fields:
            form.addRow(label, self.errors.wrap(key, widget))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, ok_text))

    def accept(self) -> None:
        try:
            self.save(self.name_edit.text())
        except ValidationError as error:
            self.errors.show(error.fields)
            return
        super().accept()

    @classmethod
    def ask(cls, parent, title: str, ok_text: str, save, name: str = "", extra_fields=()) -> bool:
        """True once `save` has written the entry; False if the user cancelled."""
        dialog = cls(parent, title, ok_text, save, name, extra_fields)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class CatalogueTab(QWidget):
    """One editable catalogue: its table, and add / rename / hide-show buttons."""

    def __init__(
        self,
        ctx: AppContext,
        table: str,
        columns: list[Column],
        load: Callable[[], list[Item]],
        add: Callable[[], None],
    ):
        super().__init__()
        self.ctx, self.table_name, self._load = ctx, table, load
        self.model = RowsModel(columns, parent=self)
        self.view = QTableView(objectName=f"{table}_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # short lists
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _index: self.rename_selected())
        self.add_button = QPushButton(_("Thêm…"))
        self.add_button.clicked.connect(add)
        self.rename_button = QPushButton(_("Đổi tên…"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.toggle_button = QPushButton(_("Ẩn"))
        self.toggle_button.setToolTip(
            _("Mục bị ẩn không còn để chọn khi ghi mới nhưng vẫn giữ trên các bản ghi cũ.")
        )
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._build_layout()
        self.gates = Gates(ctx, self)  # everyone reads the catalogues; administrators edit them
        for button in (self.add_button, self.rename_button, self.toggle_button):
            self.gates.gate(button, Permission.MANAGE_CATALOGUES, hide=True)
        self._update_buttons()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        """Show the catalogue again, keeping the entry the user had selected."""
        chosen = self.selected()
        self.model.set_rows(self._load())
        if chosen is not None:
            uids = [item.uid for item in self.model.rows()]
            if chosen.uid in uids:
                self.view.selectRow(uids.index(chosen.uid))
        self._update_buttons()

    def selected(self) -> Item | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        item = self.selected()
        self.gates.set_enabled(self.rename_button, item is not None)
        self.gates.set_enabled(self.toggle_button, item is not None)
        hidden = item is not None and not _is_active(item)
        self.toggle_button.setText(_("Hiện lại") if hidden else _("Ẩn"))

    @guarded
    def rename_selected(self) -> None:
        item = self.selected()
        if item is None or not self.rename_button.isEnabled():  # double-click, read-only users
            return
        if EntryDialog.ask(
            self,
            _("Đổi tên “{name}”").format(name=item.name),
            _("Đổi tên"),
            lambda name: catalogues.rename(self.ctx.db, self.table_name, item.uid, name),
            name=item.name,
        ):
            self.ctx.notify_changed()

    @guarded
    def toggle_selected(self) -> None:
        item = self.selected()
        if item is not None:
            catalogues.set_active(self.ctx.db, self.table_name, item.uid, not _is_active(item))
            self.ctx.notify_changed()


def _reference_view(model: RowsModel, note: str) -> QWidget:
    """A read-only list of official codes with a note on where the codes come from."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    for section, width in enumerate((60, 140, 200)):
        view.setColumnWidth(section, width)
    label = QLabel(note)
    label.setWordWrap(True)
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.addWidget(label)
    layout.addWidget(view, 1)
    return widget


def reference_columns(with_other_names: bool) -> list[Column]:
    columns = [Column("code", _("Mã")), Column("scheme", _("Hệ mã")), Column("name", _("Tên"))]
    if with_other_names:
        columns.append(Column("other_names", _("Tên gọi khác")))
    return columns


class CataloguesPage(Page):
    """Tabs of the editable catalogues, then the two national reference lists."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.hamlet_tab = self._editable("hamlet", self._hamlet_columns(), self.add_hamlet)
        self.organisation_tab = self._editable(
            "organisation", self._organisation_columns(), self.add_organisation
        )
        self.event_type_tab = self._editable(
            "event_type", self._event_type_columns(), self.add_event_type
        )
        self.indicator_tab = self._editable(
            "indicator", self._indicator_columns(), self.add_indicator
        )
        self.ethnicity_model = RowsModel(reference_columns(True), parent=self)
        self.religion_model = RowsModel(reference_columns(False), parent=self)
        self.tabs = QTabWidget()
        # Room above the text: unselected tabs sit lower and clipped the hook of "Ấ".
        self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 6px 12px 4px 12px; }")
        self._add_tabs()
        title = QLabel(_("Danh mục"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def _add_tabs(self) -> None:
        titles = [_("Ấp, khu phố"), _("Cơ quan, đoàn thể"), _("Loại sự kiện"), _("Chỉ tiêu")]
        for tab, title in zip(self.editable_tabs(), titles, strict=True):
            self.tabs.addTab(tab, title)
        ethnicity_note = _(
            "Danh mục các dân tộc Việt Nam (chỉ xem) — mã theo Quyết định 121-TCTK/PPCĐ. "
            "Mỗi mã ghi kèm tên hệ mã, vì Tổng điều tra dân số dùng một cách đánh mã khác."
        )
        religion_note = _("Danh mục tôn giáo (chỉ xem) — mã theo Quyết định 1019/QĐ-TCTK.")
        self.tabs.addTab(_reference_view(self.ethnicity_model, ethnicity_note), _("Dân tộc"))
        self.tabs.addTab(_reference_view(self.religion_model, religion_note), _("Tôn giáo"))

    def editable_tabs(self) -> list[CatalogueTab]:
        return [self.hamlet_tab, self.organisation_tab, self.event_type_tab, self.indicator_tab]

    def _editable(self, table: str, columns: list[Column], add) -> CatalogueTab:
        loaders = {
            "hamlet": lambda: catalogues.hamlets(self.ctx.db, include_inactive=True),
            "organisation": lambda: catalogues.organisations(self.ctx.db, include_inactive=True),
            "event_type": lambda: self._campaign_items(catalogues.event_types),
            "indicator": lambda: self._campaign_items(catalogues.indicators),
        }
        return CatalogueTab(self.ctx, table, columns, loaders[table], add)

    # --- columns ---------------------------------------------------------------------------
    @staticmethod
    def _hamlet_columns() -> list[Column]:
        def kind(item: Item) -> str:
            code = item.extra["kind"]
            return catalogues.choice_name("hamlet_kinds", code) or code

        return [
            Column("name", _("Tên")),
            Column("kind", _("Loại"), display=kind),
            Column("active", _("Trạng thái"), display=_shown),
        ]

    @staticmethod
    def _organisation_columns() -> list[Column]:
        return [
            Column("name", _("Tên")),
            Column("short_name", _("Viết tắt"), display=lambda i: i.extra["short_name"]),
            Column("active", _("Trạng thái"), display=_shown),
        ]

    @staticmethod
    def _event_type_columns() -> list[Column]:
        def group(item: Item) -> str:
            code = item.extra["grp"]
            return _(GROUP_NAMES[code]) if code in GROUP_NAMES else code

        return [
            Column("name", _("Tên")),
            Column("grp", _("Giai đoạn"), display=group),
            Column("active", _("Trạng thái"), display=_shown),
        ]

    @staticmethod
    def _indicator_columns() -> list[Column]:
        def category(item: Item) -> str:
            code = item.extra["category"]
            return _(CATEGORY_NAMES[code]) if code in CATEGORY_NAMES else code

        return [
            Column("name", _("Tên")),
            Column("category", _("Nhóm"), display=category),
            Column("unit_label", _("Đơn vị tính"), display=lambda i: i.extra["unit_label"]),
            Column(
                "has_value",
                _("Ghi giá trị (đồng)"),
                display=lambda i: _("Có") if i.extra["has_value"] else "",
            ),
            Column("active", _("Trạng thái"), display=_shown),
        ]

    # --- data ------------------------------------------------------------------------------
    def _campaign_items(self, query) -> list[Item]:
        uid = self.ctx.campaign_uid
        return query(self.ctx.db, uid, include_inactive=True) if uid else []

    def reload(self) -> None:
        for tab in self.editable_tabs():
            tab.reload()
        has_campaign = bool(self.ctx.campaign_uid)
        for tab in (self.event_type_tab, self.indicator_tab):
            tab.gates.set_enabled(tab.add_button, has_campaign)
        self.ethnicity_model.set_rows(catalogues.reference_entries(self.ctx.db, "ethnicity"))
        self.religion_model.set_rows(catalogues.reference_entries(self.ctx.db, "religion"))

    # --- adding ----------------------------------------------------------------------------
    def _ask(self, title: str, save: Callable[[str], object], fields: Sequence[ExtraField]):
        if EntryDialog.ask(self, title, _("Thêm"), save, extra_fields=fields):
            self.ctx.notify_changed()

    @guarded
    def add_hamlet(self) -> None:
        kind = QComboBox(objectName="kind")
        fill_combo(kind, catalogues.choices("hamlet_kinds"))
        self._ask(
            _("Thêm ấp, khu phố"),
            lambda name: catalogues.add_hamlet(self.ctx.db, name, kind.currentData()),
            [(_("Loại"), "kind", kind)],
        )

    @guarded
    def add_organisation(self) -> None:
        short = QLineEdit(objectName="short_name")
        self._ask(
            _("Thêm cơ quan, đoàn thể"),
            lambda name: catalogues.add_organisation(self.ctx.db, name, short.text()),
            [(_("Viết tắt"), "short_name", short)],
        )

    @guarded
    def add_event_type(self) -> None:
        group = QComboBox(objectName="group")
        fill_combo(group, [(code, _(name)) for code, name in GROUP_NAMES.items()])
        self._ask(
            _("Thêm loại sự kiện"),
            lambda name: catalogues.add_event_type(
                self.ctx.db, self.ctx.campaign_uid, name, group.currentData()
            ),
            [(_("Giai đoạn"), "group", group)],
        )

    @guarded
    def add_indicator(self) -> None:
        category = QComboBox(objectName="category")
        fill_combo(category, [(code, _(name)) for code, name in CATEGORY_NAMES.items()])
        unit = QLineEdit(objectName="unit_label")
        has_value = QCheckBox(_("Ghi giá trị bằng tiền (đồng)"), objectName="has_value")
        self._ask(
            _("Thêm chỉ tiêu"),
            lambda name: catalogues.add_indicator(
                self.ctx.db,
                self.ctx.campaign_uid,
                name,
                category.currentData(),
                unit.text(),
                has_value.isChecked(),
            ),
            [
                (_("Nhóm"), "category", category),
                (_("Đơn vị tính"), "unit_label", unit),
                ("", "has_value", has_value),
            ],
        )
