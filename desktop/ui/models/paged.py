"""A read-only table model that fetches rows from a core query a page at a time.

Holds only the rows fetched so far; Qt asks for more (`fetchMore`) as the user scrolls, so a
register of 50,000 people opens as fast as one of 50. Sorting asks the query again with another
ORDER BY instead of sorting in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core import formats

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: the row attribute it shows (also its sort key), header and formatting.

    `kind` says what the value is ("text", "int", "year", "number", "date", "money"): it picks the
    Vietnamese display format and the cell type of an xlsx export. `display` overrides the text
    shown (and exported) for a text column, e.g. a code shown by its name.
    """

    key: str
    title: str
    display: Callable[[Any], str] | None = None
    kind: str = "text"
    sortable: bool = True

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "year", "number", "money")

    def value(self, row: Any) -> Any:
        """The raw value, for exports: numbers as numbers, dates as ISO text."""
        if self.display is not None:
            return self.display(row)
        return getattr(row, self.key)

    def text(self, row: Any) -> str:
        value = self.value(row)
        if value is None or value == "":
            return ""
        if self.kind == "date":
            return formats.date(value)
        if self.kind == "year":
            return str(value)
        if self.numeric:
            return formats.quantity(value)
        return str(value)


CountQuery = Callable[[], int]
PageQuery = Callable[[str, bool, int, int], Sequence[Any]]


class PagedTableModel(QAbstractTableModel):
    """Rows of a core list query; `page(sort, descending, offset, limit)` returns dataclasses."""

    def __init__(
        self,
        columns: Sequence[Column],
        count: CountQuery,
        page: PageQuery,
        *,
        sort: str,
        descending: bool = False,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._count, self._page = count, page
        self._sort, self._descending = sort, descending
        self._rows: list[Any] = []
        self._total = 0

    # --- queries -------------------------------------------------------------------------
    def set_queries(self, count: CountQuery, page: PageQuery) -> None:
        """Swap the queries (a new filter) and show their first page."""
        self._count, self._page = count, page
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._total = self._count()
        self._rows = list(self._page(self._sort, self._descending, 0, PAGE_SIZE))
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many rows the query has, fetched or not."""
        return self._total

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def uid_at(self, row: int) -> str:
        return self._rows[row].uid

    def fetched_rows(self) -> list[Any]:
        return list(self._rows)

    def all_rows(self) -> list[Any]:
        """Every row of the query in the current order, for exports (fetches the rest)."""
        rows = list(self._rows)
        while len(rows) < self._total:
            page = self._page(self._sort, self._descending, len(rows), 5000)
            if not page:
                break
            rows.extend(page)
        return rows

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = list(self._page(self._sort, self._descending, len(self._rows), PAGE_SIZE))
        if not page:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "uid", None)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        self._sort = self.columns[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
