"""Report periods: a month (2026-08), a quarter (2026-Q3) or the whole campaign ("all")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from desktop.core import dates, formats
from desktop.core.campaigns import Campaign
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.reports.numbers import ROMAN

WHOLE = "all"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    code: str  # "2026-08", "2026-Q3" or "all"
    start: str  # ISO dates, inclusive
    end: str
    label: str  # "tháng 8 năm 2026", as it reads inside a sentence

    def months(self) -> list[str]:
        """yyyy-mm of every month the period touches, in order."""
        year, month = int(self.start[:4]), int(self.start[5:7])
        result = []
        while f"{year:04d}-{month:02d}" <= self.end[:7]:
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def parse(code: str, campaign: Campaign, until: dt.date | None = None) -> Period:
    """The period named by `code`, clipped to the campaign; UserError for a bad code.

    The whole campaign ends on `until` (the report's date) when that comes first: a report
    dated 05/9 covers the campaign up to 05/9 and says so, not "đến ngày 31/12".
    """
    code = (code or WHOLE).strip()
    if code.lower() == WHOLE:
        end = campaign.end_date
        if until is not None:
            end = max(min(end, until.isoformat()), campaign.start_date)
        label = _("từ ngày {start} đến ngày {end}").format(
            start=formats.date(campaign.start_date), end=formats.date(end)
        )
        return Period(WHOLE, campaign.start_date, end, label)
    if not _QUARTER.match(code):
        try:
            code = dates.parse_month(code)  # 11/2026, T11/2026, 2026-11
        except dates.DateTextError as error:
            raise UserError(
                str(error) + " " + _("Kỳ báo cáo cũng có thể là quý (2026-Q3) hoặc “all”."),
                f"bad report period {code!r}",
            ) from None
    if match := _MONTH.match(code):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            label = _("tháng {month} năm {year}").format(month=month, year=year)
            return _clip(
                f"{year:04d}-{month:02d}",
                dt.date(year, month, 1),
                dt.date(year, month, last),
                label,
                campaign,
            )
    if match := _QUARTER.match(code):
        year, quarter = int(match[1]), int(match[2])
        first_month = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first_month + 2)[1]
        label = _("quý {quarter} năm {year}").format(quarter=ROMAN[quarter - 1], year=year)
        return _clip(
            f"{year:04d}-Q{quarter}",
            dt.date(year, first_month, 1),
            dt.date(year, first_month + 2, last),
            label,
            campaign,
        )
    raise UserError(
        _(
            "Kỳ báo cáo “{code}” không hợp lệ: ghi tháng (2026-08), quý (2026-Q3) hoặc “all”."
        ).format(code=code),
        f"bad report period {code!r}",
    )


def _clip(code: str, start: dt.date, end: dt.date, label: str, campaign: Campaign) -> Period:
    first, last = (
        max(start.isoformat(), campaign.start_date),
        min(end.isoformat(), campaign.end_date),
    )
    if first > last:
        raise UserError(
            _("Kỳ báo cáo {label} nằm ngoài thời gian của kế hoạch ({start} – {end}).").format(
                label=label,
                start=formats.date(campaign.start_date),
                end=formats.date(campaign.end_date),
            ),
            f"period {code} outside campaign {campaign.code}",
        )
    return Period(code, first, last, label)


def choices(campaign: Campaign) -> list[tuple[str, str]]:
    """(code, text) of the whole campaign, its quarters and its months, for pickers."""
    whole = parse(WHOLE, campaign)
    items = [(WHOLE, _("Cả kế hoạch ({label})").format(label=whole.label))]
    years = range(int(campaign.start_date[:4]), int(campaign.end_date[:4]) + 1)
    for year in years:
        for quarter in range(1, 5):
            first = f"{year:04d}-{3 * quarter - 2:02d}"
            last = f"{year:04d}-{3 * quarter:02d}"
            if last >= campaign.start_date[:7] and first <= campaign.end_date[:7]:
                code = f"{year}-Q{quarter}"
                items.append((code, _("Quý {q}/{year}").format(q=ROMAN[quarter - 1], year=year)))
    for month in whole.months():
        items.append(
            (month, _("Tháng {month}/{year}").format(month=int(month[5:]), year=month[:4]))
        )
    return items
