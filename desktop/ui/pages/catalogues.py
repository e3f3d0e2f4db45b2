"""The "Danh mục" section: the commune's own lists and the national reference lists.

Hamlets, organisations, event types and indicators can be added, renamed and hidden (a hidden
entry stays on the records that use it); ethnicities and religions are official and read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import catalogues
from desktop.core.catalogues import CATEGORY_NAMES
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.ui.context import AppContext
from desktop.ui.dialogs import FieldErrors, dialog_buttons
from desktop.ui.errors import guarded
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets import fill_combo

GROUP_NAMES = {
    "truoc": N_("Trước ngày hội"),
    "ngay_hoi": N_("Ngày hội"),
    "sau": N_("Sau ngày hội, sơ kết, tổng kết"),
    "thuong_xuyen": N_("Thường xuyên"),
}


def _shown(item) -> str:
    return _("Đang dùng") if item.extra.get("active", 1) else _("Đã ẩn")


@dataclass(frozen=True)
class Reference:
    code: str
    name: str


class AddEntryDialog(QDialog):
    """A small form for a new catalogue entry: a name and the fields its kind needs."""

    def __init__(self, parent, title: str, extra_fields: list[tuple[str, str, QWidget]]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.errors = FieldErrors()
        self.name_edit = QLineEdit(objectName="name")
        form = QFormLayout()
        form.addRow(_("Tên (*)"), self.errors.wrap("name", self.name_edit))
        for label, key, widget in extra_fields:
            form.addRow(label, self.errors.wrap(key, widget))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, _("Thêm")))
        self.save: Callable[[str], object] = lambda _name: None

    def accept(self) -> None:
        try:
            self.save(self.name_edit.text())
        except ValidationError as error:
            self.errors.show(error.fields)
            return
        super().accept()


class CatalogueTab(QWidget):
    """One editable catalogue: its table, and add / rename / hide-show buttons."""

    def __init__(self, page: CataloguesPage, table: str, columns: list[Column], load, add):
        super().__init__()
        self.page, self.table_name, self._load, self._add = page, table, load, add
        self.model = RowsModel(columns, parent=self)
        self.view = QTableView(objectName=f"{table}_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Thêm…"))
        self.add_button.clicked.connect(lambda: self._add())
        self.rename_button = QPushButton(_("Đổi tên…"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.toggle_button = QPushButton(_("Ẩn / hiện"))
        self.toggle_button.setToolTip(
            _("Mục bị ẩn không còn để chọn khi ghi mới nhưng vẫn giữ trên các bản ghi cũ.")
        )
        self.toggle_button.clicked.connect(self.toggle_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        self.model.set_rows(self._load())

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @guarded
    def rename_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, _("Đổi tên"), _("Tên mới:"), text=item.name)
        if ok:
            catalogues.rename(self.page.ctx.db, self.table_name, item.uid, name)
            self.page.ctx.notify_changed()

    @guarded
    def toggle_selected(self) -> None:
        item = self.selected()
        if item is not None:
            active = bool(item.extra.get("active", 1))
            catalogues.set_active(self.page.ctx.db, self.table_name, item.uid, not active)
            self.page.ctx.notify_changed()


class CataloguesPage(Page):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        db = ctx.db
        name = Column("name", _("Tên"))
        state = Column("active", _("Trạng thái"), display=_shown)
        self.hamlet_tab = CatalogueTab(
            self,
            "hamlet",
            [name, Column("kind", _("Loại"), display=self._hamlet_kind), state],
            lambda: catalogues.hamlets(db, include_inactive=True),
            self.add_hamlet,
        )
        self.organisation_tab = CatalogueTab(
            self,
            "organisation",
            [
                name,
                Column("short_name", _("Viết tắt"), display=lambda i: i.extra["short_name"]),
                state,
            ],
            lambda: catalogues.organisations(db, include_inactive=True),
            self.add_organisation,
        )
        self.event_type_tab = CatalogueTab(
            self,
            "event_type",
            [
                name,
                Column(
                    "grp",
                    _("Giai đoạn"),
                    display=lambda i: _(GROUP_NAMES.get(i.extra["grp"], i.extra["grp"])),
                ),
                state,
            ],
            lambda: self._campaign_items(catalogues.event_types),
            self.add_event_type,
        )
        self.indicator_tab = CatalogueTab(
            self,
            "indicator",
            [
                name,
                Column(
                    "category",
                    _("Nhóm"),
                    display=lambda i: _(CATEGORY_NAMES.get(i.extra["category"], "")),
                ),
                Column("unit_label", _("Đơn vị tính"), display=lambda i: i.extra["unit_label"]),
                Column(
                    "has_value",
                    _("Có giá trị (đồng)"),
                    display=lambda i: _("Có") if i.extra["has_value"] else "",
                ),
                state,
            ],
            lambda: self._campaign_items(catalogues.indicators),
            self.add_indicator,
        )
        reference_columns = [Column("code", _("Mã")), Column("name", _("Tên"))]
        self.ethnicity_model = RowsModel(reference_columns, parent=self)
        self.religion_model = RowsModel(reference_columns, parent=self)
        for tab, title in (
            (self.hamlet_tab, _("Ấp, khu phố")),
            (self.organisation_tab, _("Cơ quan, đoàn thể")),
            (self.event_type_tab, _("Loại sự kiện")),
            (self.indicator_tab, _("Chỉ tiêu")),
        ):
            self.tabs.addTab(tab, title)
        self.tabs.addTab(
            self._reference_tab(
                self.ethnicity_model,
                _(
                    "Danh mục các dân tộc Việt Nam — mã theo Quyết định 121-TCTK/PPCĐ "
                    "(mã số đi kèm tên hệ mã, vì còn một thứ tự khác dùng trong tổng điều tra)."
                ),
            ),
            _("Dân tộc"),
        )
        self.tabs.addTab(
            self._reference_tab(
                self.religion_model,
                _("Danh mục tôn giáo — mã theo Quyết định 1019/QĐ-TCTK (chỉ xem)."),
            ),
            _("Tôn giáo"),
        )
        title = QLabel(_("Danh mục"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Danh mục")

    def _reference_tab(self, model: RowsModel, note: str) -> QWidget:
        view = QTableView()
        view.setModel(model)
        view.horizontalHeader().setStretchLastSection(True)
        label = QLabel(note)
        label.setWordWrap(True)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(label)
        layout.addWidget(view, 1)
        return widget

    def _hamlet_kind(self, item) -> str:
        return catalogues.choice_name("hamlet_kinds", item.extra["kind"]) or item.extra["kind"]

    def _campaign_items(self, query):
        uid = self.ctx.campaign_uid
        return query(self.ctx.db, uid, include_inactive=True) if uid else []

    def reload(self) -> None:
        for tab in (
            self.hamlet_tab,
            self.organisation_tab,
            self.event_type_tab,
            self.indicator_tab,
        ):
            tab.reload()
        self.ethnicity_model.set_rows(
            [Reference(c, n) for c, n in catalogues.ethnicities(self.ctx.db)]
        )
        self.religion_model.set_rows(
            [Reference(c, n) for c, n in catalogues.religions(self.ctx.db)]
        )

    # --- adding ----------------------------------------------------------------------------
    def _ask(self, title: str, fields, save) -> None:
        dialog = AddEntryDialog(self, title, fields)
        dialog.save = save
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.ctx.notify_changed()
        finally:
            dialog.deleteLater()

    @guarded
    def add_hamlet(self) -> None:
        kind = QComboBox(objectName="kind")
        fill_combo(kind, catalogues.choices("hamlet_kinds"))
        self._ask(
            _("Thêm ấp, khu phố"),
            [(_("Loại"), "kind", kind)],
            lambda name: catalogues.add_hamlet(self.ctx.db, name, kind.currentData()),
        )

    @guarded
    def add_organisation(self) -> None:
        short = QLineEdit(objectName="short_name")
        self._ask(
            _("Thêm cơ quan, đoàn thể"),
            [(_("Viết tắt"), "short_name", short)],
            lambda name: catalogues.add_organisation(self.ctx.db, name, short.text()),
        )

    @guarded
    def add_event_type(self) -> None:
        group = QComboBox(objectName="group")
        fill_combo(group, [(code, _(name)) for code, name in GROUP_NAMES.items()])
        self._ask(
            _("Thêm loại sự kiện"),
            [(_("Giai đoạn"), "group", group)],
            lambda name: catalogues.add_event_type(
                self.ctx.db, self.ctx.campaign_uid, name, group.currentData()
            ),
        )

    @guarded
    def add_indicator(self) -> None:
        category = QComboBox(objectName="category")
        fill_combo(category, [(code, _(name)) for code, name in CATEGORY_NAMES.items()])
        unit = QLineEdit(objectName="unit_label")
        has_value = QCheckBox(_("Ghi giá trị bằng tiền (đồng)"), objectName="has_value")
        self._ask(
            _("Thêm chỉ tiêu"),
            [
                (_("Nhóm"), "category", category),
                (_("Đơn vị tính"), "unit_label", unit),
                ("", "has_value", has_value),
            ],
            lambda name: catalogues.add_indicator(
                self.ctx.db,
                self.ctx.campaign_uid,
                name,
                category.currentData(),
                unit.text(),
                has_value.isChecked(),
            ),
        )
