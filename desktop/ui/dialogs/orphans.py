"""Rows the province holds that a commune's full snapshot no longer has, for the officer to decide.

After a restore at a commune, its first full export lets the province list what it still holds
for that commune and the commune lost (`desktop.core.sync.orphans`). Nothing is kept or removed
silently: the officer selects rows and chooses "Giữ" (keep them at the province) or "Xóa ở tỉnh"
(mark them deleted at the province), each one transaction and one audit entry in the core, as
`antq-desk orphans --keep/--remove` does.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.core import formats, units
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import importer, orphans
from desktop.ui.context import AppContext
from desktop.ui.dialogs import confirm
from desktop.ui.dialogs.decisions import DecisionDialog
from desktop.ui.errors import guarded
from desktop.ui.gating import Gates
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel


def commune_name(code: str) -> str:
    """The commune's official name, or its code when the official list no longer has it."""
    try:
        return units.commune(code).name
    except KeyError:
        return code


def orphan_columns() -> list[Column]:
    return [
        Column("unit_code", _("Mã xã")),
        Column("commune", _("Xã"), display=lambda row: commune_name(row.unit_code)),
        Column("table", _("Loại bản ghi"), display=lambda row: importer.table_label(row.table)),
        Column(
            "found_at", _("Phát hiện ngày"), display=lambda row: formats.date(row.found_at[:10])
        ),
        Column("label", _("Bản ghi"), display=lambda row: row.label or row.uid),
    ]


class OrphansDialog(DecisionDialog):
    """The waiting rows of every commune; "Giữ" and "Xóa ở tỉnh" act on the selected ones."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent, _("Bản ghi xã không còn giữ"), 520)
        about = QLabel(
            _(
                "Sau khi khôi phục dữ liệu, xã gửi lên bản đầy đủ. Các bản ghi dưới đây tỉnh "
                "đang giữ nhưng bản đầy đủ của xã không còn. Chọn các dòng rồi bấm «Giữ» để giữ "
                "lại ở tỉnh, hoặc «Xóa ở tỉnh» để đánh dấu đã xóa (không còn trong báo cáo tổng "
                "hợp). Nên gọi điện hỏi xã trước khi xóa."
            )
        )
        about.setWordWrap(True)
        self.model = RowsModel(orphan_columns())
        self.table = QTableView(objectName="orphans")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count = QLabel(objectName="count")
        self.keep_button = QPushButton(_("Giữ"), objectName="keep")
        self.keep_button.clicked.connect(self.keep)
        self.remove_button = QPushButton(_("Xóa ở tỉnh"), objectName="remove")
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton(_("Đóng"), objectName="close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.gates = Gates(ctx, self)
        self.gates.gate(self.keep_button, Permission.IMPORT)
        self.gates.gate(self.remove_button, Permission.IMPORT)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(orphans.listed(self.ctx.db))
        waiting = self.model.rowCount()
        self.count.setText(
            _("{count} bản ghi chờ quyết định.").format(count=waiting)
            if waiting
            else _("Không có bản ghi nào chờ quyết định.")
        )
        self._selection_changed()

    def selected(self) -> list[orphans.Orphan]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row) for row in rows]

    def _selection_changed(self, *_args) -> None:
        chosen = bool(self.selected())
        self.gates.set_enabled(self.keep_button, chosen)
        self.gates.set_enabled(self.remove_button, chosen)

    @guarded
    def keep(self) -> None:
        self._decide(orphans.KEEP)

    @guarded
    def remove(self) -> None:
        chosen = self.selected()
        if chosen and confirm(
            self,
            _("Xóa ở tỉnh"),
            _(
                "Đánh dấu đã xóa {count} bản ghi ở tỉnh? Chúng không còn trong báo cáo tổng hợp "
                "của tỉnh; dữ liệu ở xã không đổi."
            ).format(count=len(chosen)),
            _("Xóa ở tỉnh"),
        ):
            self._decide(orphans.REMOVE)

    def _decide(self, decision: str) -> None:
        chosen = self.selected()
        if not chosen:
            return
        self.decided += orphans.decide(self.ctx.db, [row.id for row in chosen], decision)
        self.reload()
        self.ctx.notify_changed()
