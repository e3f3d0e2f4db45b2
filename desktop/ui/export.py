"""The "Xuất Excel" action every list has: the list as the user sees it, to .xlsx."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.core import spreadsheet
from desktop.core.i18n import _
from desktop.ui.errors import show_known_error
from desktop.ui.models.paged import Column


class Exportable(Protocol):
    """A table model `export_model` can write: a PagedTableModel or a RowsModel."""

    columns: list[Column]

    def all_rows(self) -> Sequence[Any]: ...


def export_model(model: Exportable, path: Path, title: str) -> int:
    """Write every row of the model's query (not only those fetched) to path."""
    columns = [(column.title, column.kind) for column in model.columns]
    rows = ([column.value(row) for column in model.columns] for row in model.all_rows())
    return spreadsheet.write_table(path, title, columns, rows)


def ask_and_export(parent: QWidget, model: Exportable, title: str, stem: str) -> None:
    """Ask where to save, write the xlsx, and say how many rows went out."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Xuất Excel"), f"{stem}.xlsx", _("Tệp Excel (*.xlsx)")
    )
    if not name:
        return
    path = Path(name if name.lower().endswith(".xlsx") else f"{name}.xlsx")
    try:
        count = export_model(model, path, title)
    except Exception as error:
        if not show_known_error(parent, error):
            raise
        return
    QMessageBox.information(
        parent, _("Xuất Excel"), _("Đã ghi {count} dòng vào {path}.").format(count=count, path=path)
    )
