"""Files that carry people's personal data out of the office: who may write them, and the record.

A register extract lists names with ethnicity and religion; a sign-in sheet and a commendation
list name people. Written to a file (PDF or Excel) they leave the program's access control, so
writing one needs `Permission.EXPORT` (officers and administrators, docs/accounts.md) on the
command line as in the window, and each leaves an audit entry: who, which report, to which file,
how many people. Previewing and printing on paper stay open to viewers, as does saving an
aggregate report (results, event results, the province's consolidated report) as PDF; any report
as Excel is an export (as every Excel list is) and is recorded as one.

The window's "Xuất Excel" on a list and the audit trail's export are checked and recorded where
they are written (`desktop/ui/export.py`, `audit_log.export_xlsx`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import audit, session
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.reports.request import ReportRequest

EXPORT_KIND = "export.personal"


def is_personal(kind_code: str) -> bool:
    """Whether the report kind names people (its `names_people` flag in reports/kinds.py)."""
    from desktop.core.reports.kinds import KINDS

    found = KINDS.get(kind_code)
    return found is not None and found.names_people


def needs_export_right(kind_code: str, path: Path) -> bool:
    """A report naming people, or any report as Excel."""
    return is_personal(kind_code) or Path(path).suffix.lower() == ".xlsx"


def require_export(db: sqlite_utils.Database, kind_code: str, path: Path) -> None:
    """Refuse (NotSignedIn, PermissionDenied) a file that only an exporting role may write."""
    if needs_export_right(kind_code, path):
        session.require(db, Permission.EXPORT)


def people_in(db: sqlite_utils.Database, request: ReportRequest) -> int:
    """How many people (rows) the report names: what the audit entry records."""
    from desktop.core.reports import kind
    from desktop.core.reports.common import resolve

    _title, _columns, rows = kind(request.kind).table(db, resolve(db, request))
    return sum(1 for _row in rows)


def record_export(db: sqlite_utils.Database, kind_code: str, path: Path, count: int) -> None:
    """The audit entry of the file written: `count` people for a report naming people, rows
    for an aggregate Excel table, nothing for an aggregate PDF."""
    path = Path(path)
    if is_personal(kind_code):
        audit.log(db, EXPORT_KIND, kind_code, file=path.name, people=count)
    elif path.suffix.lower() == ".xlsx":
        audit.log(db, "excel.export", path.name, rows=count)
