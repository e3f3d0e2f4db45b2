"""The "Xuất Excel" action every list has: the list as the user sees it, to .xlsx.

Taking data out of the office needs `Permission.EXPORT` (a viewer reads and prints only), and
every export leaves an audit entry naming the list and how many rows went out. The database is
the one of the window the action belongs to: every page and dialog keeps its `AppContext` as
`ctx`, so it is found by walking up from the parent widget rather than passed to each call.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core import audit, session, spreadsheet
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.errors import show_known_error
from desktop.ui.file_dialogs import FileKind, save_file
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


def context_of(widget: QWidget | None) -> AppContext:
    """The AppContext of the page or dialog `widget` belongs to."""
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if isinstance(ctx, AppContext):
            return ctx
        widget = widget.parentWidget()
    raise LookupError("an Excel export from a widget outside any page or dialog")


def export_audited(ctx: AppContext, model: Exportable, path: Path, title: str) -> int:
    """Check the role, write the xlsx, and leave the audit entry of the export."""
    session.require(ctx.db, Permission.EXPORT)
    count = export_model(model, path, title)
    audit.log(ctx.db, "excel.export", title, rows=count, file=path.name)
    return count


def ask_and_export(parent: QWidget, model: Exportable, title: str, stem: str) -> None:
    """Ask where to save, write the xlsx, and say how many rows went out."""
    ctx = context_of(parent)
    if not show_refusal(parent, ctx):
        return
    chosen = save_file(
        parent, FileKind.EXCEL, _("Xuất Excel"), f"{stem}.xlsx", _("Tệp Excel (*.xlsx)")
    )
    if chosen is None:
        return
    path = chosen if chosen.suffix.lower() == ".xlsx" else Path(f"{chosen}.xlsx")
    try:
        count = export_audited(ctx, model, path, title)
    except Exception as error:
        if not show_known_error(parent, error):
            raise
        return
    QMessageBox.information(
        parent, _("Xuất Excel"), _("Đã ghi {count} dòng vào {path}.").format(count=count, path=path)
    )


def show_refusal(parent: QWidget, ctx: AppContext) -> bool:
    """True if the role may export; otherwise say why (before a file is even asked for)."""
    try:
        session.require(ctx.db, Permission.EXPORT)
    except (session.PermissionDenied, session.NotSignedIn) as error:
        show_known_error(parent, error)
        return False
    return True
