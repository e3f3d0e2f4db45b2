"""Choosing people already in the register to put on an event's list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.core import catalogues, formats
from desktop.core.i18n import _
from desktop.core.people import PersonFilter
from desktop.ui.context import AppContext
from desktop.ui.dialogs import dialog_buttons
from desktop.ui.models.people import people_model
from desktop.ui.screen import fits_screen
from desktop.ui.widgets import RecordTable, SearchBox, fill_combo

SHOWN_NAMES = 4  # names spelled out under the list; the rest are counted


class PickPersonDialog(QDialog):
    """A searchable, paged, multi-select list of people not yet on the event.

    The choice survives a new search, so an officer can type one name from a paper list after
    another and add them all at once.
    """

    def __init__(self, parent, ctx: AppContext, exclude_event_uid: str | None = None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self.exclude_event_uid = exclude_event_uid
        self._chosen: dict[str, str] = {}  # uid → name, in the order chosen
        self.setWindowTitle(_("Chọn người tham gia"))
        self.resize(820, 560)
        self.search = SearchBox(_("Gõ họ tên (không dấu cũng được)…"))
        self.search.setObjectName("pick_search")
        self.hamlet_filter = QComboBox()
        fill_combo(
            self.hamlet_filter,
            [(None, _("Mọi ấp, khu phố"))]
            + [(h.uid, h.name) for h in catalogues.hamlets(ctx.db, include_inactive=True)],
        )
        self.model = people_model(ctx, self.current_filter, self)
        self.table = RecordTable()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 220)
        self.count_label = QLabel()
        self.chosen_label = QLabel(objectName="chosen_label")
        self.chosen_label.setWordWrap(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._select_chosen)  # a new search or sort
        self.search.search.connect(self.refresh)
        self.hamlet_filter.currentIndexChanged.connect(self.refresh)
        self.table.activated.connect(lambda _index: self.accept())
        self.search.installEventFilter(self)  # ↓ from the search box goes into the list
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.hamlet_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.chosen_label)
        layout.addWidget(dialog_buttons(self, _("Thêm vào danh sách")))
        self.refresh()

    def eventFilter(self, watched, event) -> bool:
        """In the search box, ↓ goes into the list; Enter on a name chooses its only match and
        clears the box for the next name from the paper list (Enter on an empty box adds them).
        """
        if watched is not self.search or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_Down:
            self._into_list()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text().strip():
            self.search.flush()
            if self.search.text().strip() and self.model.total == 1:
                row = self.model.row_at(0)
                self._chosen[row.uid] = row.full_name
                self.search.clear()
                self.search.flush()
            elif self.model.total > 1:
                self._into_list()
                self.count_label.setText(
                    _("{count} người trùng tên: chọn bằng phím ↑ ↓ rồi Enter.").format(
                        count=formats.quantity(self.model.total)
                    )
                )
            return True
        return super().eventFilter(watched, event)

    def _into_list(self) -> None:
        self.search.flush()
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )

    def accept(self) -> None:
        """Enter or "Thêm vào danh sách": add those chosen, else the highlighted person, else
        the only match of the search; with nobody to add, stay open and say how to choose."""
        current = self.table.currentIndex()
        if current.isValid() and self.table.hasFocus():  # Enter on a highlighted row
            row = self.model.row_at(current.row())
            self._chosen.setdefault(row.uid, row.full_name)
        if not self._chosen:
            self.search.flush()
            if self.search.text().strip() and self.model.total == 1:
                row = self.model.row_at(0)
                self._chosen[row.uid] = row.full_name
        if not self._chosen:
            self.chosen_label.setText(_("Chưa chọn ai: dùng phím ↓ để vào danh sách rồi Enter."))
            return
        super().accept()

    def current_filter(self) -> PersonFilter:
        return PersonFilter(
            text=self.search.text(),
            hamlet_uid=self.hamlet_filter.currentData(),
            not_in_event_uid=self.exclude_event_uid,
        )

    def refresh(self, *_args) -> None:
        self.model.refresh()
        self.count_label.setText(
            _("{count} người phù hợp — giữ Ctrl hoặc Shift để chọn nhiều người.").format(
                count=formats.quantity(self.model.total)
            )
        )
        self._show_chosen()

    def chosen(self) -> list[str]:
        """The uids chosen, across every search, in the order they were chosen."""
        return list(self._chosen)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        for index in deselected.indexes():
            if index.column() == 0:
                self._chosen.pop(self.model.uid_at(index.row()), None)
        for index in selected.indexes():
            if index.column() == 0:
                row = self.model.row_at(index.row())
                self._chosen[row.uid] = row.full_name
        self._show_chosen()

    def _select_chosen(self) -> None:
        """After a new search, select again the rows of people chosen before."""
        selection = QItemSelection()
        for number, row in enumerate(self.model.fetched_rows()):
            if row.uid in self._chosen:
                selection.select(self.model.index(number, 0), self.model.index(number, 0))
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    def _show_chosen(self) -> None:
        names = list(self._chosen.values())
        if not names:
            self.chosen_label.setText(_("Chưa chọn ai."))
            return
        shown = ", ".join(names[:SHOWN_NAMES])
        if len(names) > SHOWN_NAMES:
            shown = _("{names} và {count} người khác").format(
                names=shown, count=len(names) - SHOWN_NAMES
            )
        self.chosen_label.setText(
            _("Đã chọn {count} người: {names}").format(count=len(names), names=shown)
        )

    @classmethod
    def ask(cls, parent, ctx: AppContext, exclude_event_uid: str | None = None) -> list[str]:
        """The uids of the people chosen, or [] if the user cancelled."""
        dialog = cls(parent, ctx, exclude_event_uid)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
        finally:
            dialog.deleteLater()
