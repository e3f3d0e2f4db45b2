"""Small widgets the pages share: a page title, a debounced search box, a table view for paged
models."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
)

from desktop.core.i18n import _

SEARCH_DELAY_MS = 250
TITLE_STYLE = "font-size: 15pt; font-weight: 600;"


def title_label(text: str) -> QLabel:
    """A page's or a detail dialog's title, the same size everywhere."""
    label = QLabel(text)
    label.setStyleSheet(TITLE_STYLE)
    return label


class SearchBox(QLineEdit):
    """A line edit that emits `search` once the user pauses typing, not on every key."""

    search = Signal(str)

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder or _("Tìm kiếm (gõ không dấu cũng được)…"))
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.search.emit(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.flush)

    def flush(self) -> None:
        """Search now (Enter, or a test that does not want to wait)."""
        self._timer.stop()
        self.search.emit(self.text())


class RecordTable(QTableView):
    """A sortable, whole-row-selecting table for `PagedTableModel`s."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fit_headers(self) -> None:
        """Widen each column to its header's text (and the sort arrow): English headers are
        longer than the Vietnamese ones the widths were chosen for."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        model = self.model()
        for section in range(header.count()):
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            needed = metrics.horizontalAdvance(text) + 28
            if header.sectionSize(section) < needed:
                header.resizeSection(section, needed)

    def select_uid(self, uid: str | None) -> bool:
        """Select and show the row of this record if it is among the rows fetched so far.

        Used after a save, so the record just written stays under the user's eye; a record
        the filter hides (or not yet fetched) is simply not selected. True if it was.
        """
        model = self.model()
        for row, item in enumerate(model.fetched_rows() if uid else ()):
            if item.uid == uid:
                self.selectRow(row)
                self.setCurrentIndex(model.index(row, 0))
                self.scrollTo(model.index(row, 0))
                return True
        return False

    def selected_uid(self) -> str | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not rows:
            return None
        return self.model().uid_at(rows[0].row())


def fill_combo(combo: QComboBox, items: list[tuple[str | None, str]], keep: bool = True) -> None:
    """Replace a combo's (data, text) items, keeping the current choice when it still exists."""
    current = combo.currentData() if keep else None
    combo.blockSignals(True)
    combo.clear()
    for data, text in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def select_data(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def compact(combo: QComboBox, chars: int) -> QComboBox:
    """A combo as wide as `chars` characters, not as its longest entry (a long event title or
    indicator would otherwise widen the page past a 1024×768 screen); the list still shows all."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(combo.fontMetrics().averageCharWidth() * chars * 2)
    return combo


TITLE_MIN_CHARS = 28  # a title column narrower than this says nothing ("sự l")


class StretchWithMinimum(QObject):
    """One column takes the table's spare width, but never less than a readable minimum: on a
    narrow screen the table scrolls sideways instead of squeezing the title to a few letters."""

    def __init__(self, table: QTableView, section: int, min_chars: int = TITLE_MIN_CHARS):
        super().__init__(table)
        self.table, self.section = table, section
        self.minimum = table.fontMetrics().averageCharWidth() * min_chars + 18
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != self.section)
        spare = self.table.viewport().width() - others
        header.resizeSection(self.section, max(self.minimum, spare))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def no_hamlets_hint() -> QLabel:
    """Said beside an empty hamlet list: a new commune has none until the officer adds them."""
    label = QLabel(
        _(
            "Chưa có ấp, khu phố nào. Thêm ở mục Danh mục → Ấp, khu phố, "
            "hoặc nhập danh sách từ Excel."
        ),
        objectName="no_hamlets_hint",
    )
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def vietnamese_numbers(spin: QAbstractSpinBox) -> QAbstractSpinBox:
    """Numbers typed and shown as everywhere else in the program, in either language:
    "." between thousands, "," before decimals (the lists, the reports, the province's sums)."""
    spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return spin
