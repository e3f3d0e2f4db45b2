"""Reports: Decree 30 PDFs and their tables as .xlsx, for the window, the CLI and the province.

`KINDS` names every report; `build_document` (what a report says, renderer-independent),
`build_pdf` (that document drawn) and `write` are the entry points. Importing this package loads
no reportlab: the kinds table names its builders, which load on first use, so the window and the
command line start without the PDF machinery (docs/performance.md, Startup).
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from desktop.core import campaigns, dates
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.reports.kinds import KINDS, ReportKind, kind
from desktop.core.reports.request import ReportRequest
from desktop.core.spreadsheet import Sheet, write_tables
from desktop.core.storage import durable

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.reports.document import Document
    from desktop.core.reports.settings import ReportSettings

__all__ = [
    "KINDS",
    "ReportKind",
    "ReportRequest",
    "build_document",
    "build_pdf",
    "kind",
    "request_from_text",
    "write",
]


def __getattr__(name: str) -> ModuleType:
    """`reports.results` and the like keep working: a submodule is imported when first named."""
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_document(
    db: sqlite_utils.Database, request: ReportRequest, settings: ReportSettings | None = None
) -> Document:
    """What the report says, for any renderer (settings: the saved ones unless given, e.g.
    from an open form). Refuses, in words, a report this office cannot make."""
    from desktop.core.reports.common import resolve

    return kind(request.kind).document(db, resolve(db, request, settings))


def build_pdf(
    db: sqlite_utils.Database, request: ReportRequest, settings: ReportSettings | None = None
) -> bytes:
    """The report as PDF bytes: its document drawn on Decree 30 pages."""
    from desktop.core.reports.layout import render_document

    return render_document(build_document(db, request, settings))


def write(db: sqlite_utils.Database, request: ReportRequest, path: Path) -> int:
    """Write the report to `path`: .pdf or .docx (returns its size) or .xlsx (its row count).

    The PDF and the Word file are two renderings of one `Document`: they say the same."""
    from desktop.core.reports.common import resolve

    path = Path(path)
    report = kind(request.kind)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        ctx = resolve(db, request)
        built = report.table(db, ctx)
        tables = built if isinstance(built, list) else [built]
        return write_tables(path, [Sheet(*table) for table in tables], preamble=preamble(ctx))
    if suffix == ".docx":
        from desktop.core.reports import word

        data = word.render(build_document(db, request))
    elif suffix == ".pdf":
        data = build_pdf(db, request)
    else:
        raise UserError(
            _("Tên tệp phải có đuôi .pdf, .docx hoặc .xlsx."), f"bad report suffix {path}"
        )
    save_bytes(path, data)
    return len(data)


def preamble(ctx) -> list[str]:
    """What opens every report's sheet: the unit, the report's title and its period."""
    title = _(kind(ctx.request.kind).title)
    if ctx.request.unit_code:
        from desktop.core.reports.common import commune_name

        title = _("{title} của {commune}").format(
            title=title, commune=commune_name(ctx.request.unit_code)
        )
    period = ctx.period.label[:1].upper() + ctx.period.label[1:]
    return [ctx.settings.unit_name, title, period]


def save_bytes(path: Path, data: bytes) -> None:
    """Write through `durable.write_bytes`: a pulled USB stick leaves no half PDF, and a PDF
    open in a reader on Windows is waited for, then named in the message."""
    durable.write_bytes(path, data)


def request_from_text(
    db: sqlite_utils.Database,
    kind_code: str,
    campaign: str | None,
    period: str = "all",
    *,
    event_uid: str | None = None,
    unit_code: str | None = None,
    serial: int | None = None,
    day: str | None = None,
) -> ReportRequest:
    """A request from what a command line says: the campaign by code or uid (default: the
    current one), the date as yyyy-mm-dd (default: today)."""
    kind(kind_code)
    chosen = _campaign_uid(db, campaign)
    on = dates.parse_date(day) if day else dt.date.today()  # 05/09/2026 or 2026-09-05
    return ReportRequest(
        kind_code, chosen, period, event_uid=event_uid, serial=serial, day=on, unit_code=unit_code
    )


def _campaign_uid(db: sqlite_utils.Database, campaign: str | None) -> str:
    if not campaign:
        current = campaigns.current(db)
        if current is None:
            raise UserError(_("Chưa có kế hoạch nào trong tệp dữ liệu."), "no campaign")
        return current.uid
    for item in campaigns.list_campaigns(db):
        if campaign in (item.uid, item.code):
            return item.uid
    raise UserError(
        _("Không có kế hoạch “{campaign}”. Ghi mã kế hoạch, ví dụ NH-ANTQ-2026.").format(
            campaign=campaign
        ),
        f"unknown campaign {campaign!r}",
    )
