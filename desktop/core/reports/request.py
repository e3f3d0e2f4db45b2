"""What a report is asked for: kind, campaign, period, event, number and date.

Kept apart from `common` (which lays out the letterhead with reportlab) so the window and the
command line can name a report without loading the PDF machinery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.core.reports import periods


@dataclass
class ReportRequest:
    """One report to build: its kind, campaign, period, event, number and date."""

    kind: str
    campaign_uid: str
    period: str = periods.WHOLE
    event_uid: str | None = None
    serial: int | None = None
    day: dt.date = field(default_factory=dt.date.today)
    narrative: str | None = None  # None: the text kept for this report
    unit_code: str | None = None  # at the province: one commune's rows only
