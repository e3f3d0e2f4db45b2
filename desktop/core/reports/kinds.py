"""The table of report kinds: code, title, what each needs, and where its builders live.

Each kind builds one `document.Document`, which `layout` draws as a PDF and `word` writes as a
.docx, and a table for .xlsx. The builders are named ("results", "build_document") and imported
on first use: the window's report chooser and the command line's `report` choices read this
table at start-up, before the first paint (the renderers load reportlab and python-docx; see
docs/performance.md, Startup).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.errors import UserError
from desktop.core.i18n import N_, _

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.reports.common import Context
    from desktop.core.reports.document import Document

Builder = Callable[["sqlite_utils.Database", "Context"], Any]


@dataclass(frozen=True)
class ReportKind:
    """One report: `module` is a module of desktop.core.reports holding its two builders."""

    code: str
    title: str  # N_-marked; translate where shown
    needs_event: bool
    module: str
    document_builder: str
    table_builder: str
    province_only: bool = False
    narrative: bool = False  # carries the officer's own assessment, kept while they switch
    one_commune: bool = False  # at a province, may be made for one commune (`--commune`)
    names_people: bool = False  # lists people: writing it to a file needs the export right

    def _builder(self, name: str) -> Builder:
        return getattr(importlib.import_module(f"desktop.core.reports.{self.module}"), name)

    @property
    def document(self) -> Callable[[sqlite_utils.Database, Context], Document]:
        """The builder of the report's `Document` (imports the report module on first use)."""
        return self._builder(self.document_builder)

    @property
    def table(self) -> Callable[[sqlite_utils.Database, Context], tuple]:
        """The builder of (title, columns, rows) for .xlsx."""
        return self._builder(self.table_builder)


# The codes are the modules' own constants (results.KIND, lists.SIGN_IN…); a test keeps them equal.
KINDS: dict[str, ReportKind] = {
    item.code: item
    for item in (
        ReportKind(
            "ket-qua",
            N_("Báo cáo kết quả"),
            False,
            "results",
            "build_document",
            "table",
            narrative=True,
            one_commune=True,
        ),
        ReportKind(
            "ky-ten",
            N_("Danh sách ký tên tham dự sự kiện"),
            True,
            "lists",
            "sign_in_document",
            "sign_in_table",
            names_people=True,
        ),
        ReportKind(
            "khen-thuong",
            N_("Danh sách khen thưởng"),
            False,
            "lists",
            "commendations_document",
            "commendations_table",
            one_commune=True,
            names_people=True,
        ),
        ReportKind(
            "trich-danh-sach",
            N_("Trích danh sách người tham gia"),
            False,
            "lists",
            "register_document",
            "register_table",
            one_commune=True,
            names_people=True,
        ),
        ReportKind(
            "su-kien", N_("Báo cáo kết quả sự kiện"), True, "event_sheet", "build_document", "table"
        ),
        ReportKind(
            "tong-hop",
            N_("Báo cáo tổng hợp theo xã, phường"),
            False,
            "consolidated",
            "build_document",
            "table",
            province_only=True,
            narrative=True,
        ),
    )
}


def kind(code: str) -> ReportKind:
    """The kind with this code; a UserError listing the known codes otherwise."""
    if code not in KINDS:
        raise UserError(
            _("Không có loại báo cáo “{code}”. Các loại: {codes}.").format(
                code=code, codes=", ".join(KINDS)
            ),
            f"unknown report kind {code!r}",
        )
    return KINDS[code]
