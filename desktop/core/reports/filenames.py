"""The name a saved report is offered under: kind, unit and period, in plain ASCII.

A report travels by USB stick, by mail and through the province's shared folders, where
diacritics in a file name turn into "Ba╠üo ca╠üo" or break a zip; a name like
"ket-qua-cong-an-xa-an-bien-2026-08.docx" survives every one of them and says what the file is
without opening it. Folding follows the search keys (no diacritics, đ→d); anything that is not a
letter or a digit becomes one hyphen, so no character Windows forbids (<>:"/\\|?*) can remain.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop.core import campaigns, events, units
from desktop.core.reports import periods
from desktop.core.reports import settings as report_settings
from desktop.core.text import search_key

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.reports.request import ReportRequest

SUFFIXES = (".pdf", ".docx", ".xlsx")
MAX_STEM = 120  # Windows' 260-character paths leave room for the folder
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


def ascii_part(text: str) -> str:
    """'CÔNG AN XÃ AN BIÊN' → 'cong-an-xa-an-bien'; 'Quý III/2026' → 'quy-iii-2026'."""
    folded = search_key(text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_WORD.sub("-", folded).strip("-")


def file_name(*parts: str, suffix: str) -> str:
    """The parts folded to ASCII and joined by hyphens, with `suffix` ('.docx')."""
    stem = "-".join(part for part in (ascii_part(p) for p in parts) if part) or "bao-cao"
    return stem[:MAX_STEM].rstrip("-") + suffix


def suggested(db: sqlite_utils.Database, request: ReportRequest, suffix: str) -> str:
    """'ket-qua-cong-an-xa-an-bien-2026-08.pdf': the kind, the unit (the commune a province's
    report is made for, else the letterhead's issuing body) and the period (the event's day for
    a report of one event, the campaign's code for the whole campaign)."""
    return file_name(request.kind, _unit(db, request), _period(db, request), suffix=suffix)


def _unit(db: sqlite_utils.Database, request: ReportRequest) -> str:
    if request.unit_code:
        try:
            return units.commune(request.unit_code).name
        except KeyError:
            return request.unit_code
    return report_settings.load(db).unit_name


def _period(db: sqlite_utils.Database, request: ReportRequest) -> str:
    if request.event_uid:
        return events.get_event(db, request.event_uid).start_date
    if (request.period or periods.WHOLE).lower() == periods.WHOLE:
        return campaigns.get(db, request.campaign_uid).code
    return request.period
