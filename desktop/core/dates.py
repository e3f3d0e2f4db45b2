"""Reading dates and months as Vietnamese officers type them, the one parser every field uses.

Dates: `19/08/2026`, `19/8/2026`, `19-8-2026`, `19.8.2026`, `19082026` and ISO `2026-08-19`.
Months: `11/2026`, `T11/2026`, `tháng 11/2026`, `11-2026` and `2026-11`. Anything else (a
two-digit year, 31/02, a day and month that cannot be told apart) is refused with a message
saying how to write it: a date that was not typed is never saved in its place.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.text import search_key

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # of the movement's events, outcomes and reports

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})$")
_RUN_OF_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?:t|thang)?\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/-]\s*(\d{1,2})$")


class DateTextError(UserError):
    """Typed text that is not a date (or month) the program can be sure of."""

    def __init__(self, message: str, text: str):
        super().__init__(message, f"unreadable date or month {text!r}")


def parse_date(text: str, earliest: int = EARLIEST_YEAR, latest: int = LATEST_YEAR) -> dt.date:
    """The date typed as `text`; DateTextError with a Vietnamese message when it is not one."""
    typed = (text or "").strip()
    if match := _DAY_MONTH_YEAR.match(typed) or _RUN_OF_DIGITS.match(typed):
        day, month, year = match.groups()
    elif match := _ISO_DATE.match(typed):
        year, month, day = match.groups()
    else:
        raise DateTextError(
            _("“{text}” không phải là ngày: ghi ngày/tháng/năm, ví dụ 19/08/2026.").format(
                text=typed
            ),
            typed,
        )
    if len(year) != 4:
        raise DateTextError(
            _("Ghi năm đủ bốn chữ số, ví dụ 19/08/2026 (không ghi “{text}”).").format(text=typed),
            typed,
        )
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateTextError(
            _("Ngày {text} không có trên lịch (ngày/tháng/năm).").format(text=typed), typed
        ) from None
    _within(date.year, earliest, latest, typed)
    return date


def parse_month(text: str, earliest: int = EARLIEST_YEAR, latest: int = LATEST_YEAR) -> str:
    """The month typed as `text`, as yyyy-mm; DateTextError with a Vietnamese message if not."""
    typed = (text or "").strip()
    key = search_key(typed).replace(" ", "")
    if match := _YEAR_MONTH.match(key):
        year, month = match.groups()
    elif match := _MONTH_YEAR.match(key):
        month, year = match.groups()
    else:
        raise DateTextError(
            _("“{text}” không phải là tháng: ghi tháng/năm, ví dụ 11/2026 hoặc T11/2026.").format(
                text=typed
            ),
            typed,
        )
    if len(year) != 4:
        raise DateTextError(
            _("Ghi năm đủ bốn chữ số, ví dụ 11/2026 (không ghi “{text}”).").format(text=typed),
            typed,
        )
    if not 1 <= int(month) <= 12:
        raise DateTextError(
            _("Tháng {month} không có: tháng ghi từ 1 đến 12, ví dụ 11/2026.").format(
                month=int(month)
            ),
            typed,
        )
    _within(int(year), earliest, latest, typed)
    return f"{int(year):04d}-{int(month):02d}"


def _within(year: int, earliest: int, latest: int, typed: str) -> None:
    if not earliest <= year <= latest:
        raise DateTextError(
            _("Năm {year} nằm ngoài khoảng {earliest}–{latest}: xem lại “{text}”.").format(
                year=year, earliest=earliest, latest=latest, text=typed
            ),
            typed,
        )
