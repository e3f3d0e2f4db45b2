"""Values as a Vietnamese officer reads them: dates, times, numbers and money turn to text here.

Every page, dialog, command-line message, audit entry and report turns a value into text here,
so the same date never reads two ways on one screen. Reading what an officer types is the other
direction and lives in `desktop.core.dates` (dates and months) and the forms.

Anything that cannot be read as what it claims to be is shown as it is stored, never blanked:
a damaged value the officer can see is better than a cell that silently says nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.core.i18n import _

DATE = "%d/%m/%Y"
"""dd/mm/yyyy: day first, as Vietnamese documents and forms write a date."""

DATE_TIME = "%H:%M %d/%m/%Y"
"""HH:MM dd/mm/yyyy: the hour before the day, as Vietnamese writes "lúc 14:30 ngày 19/08/2026".

One format for the whole program. Three of the four places that showed a time already used this
order (a backup's time, the restore list, the "file in use" message); the audit log, which put
the day first, now follows them.
"""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_CODE = re.compile(r"(\d{4})-(\d{2})")


def date(value: dt.date | str | None) -> str:
    """dd/mm/yyyy from a date or the ISO text the database stores (2026-08-19).

    Empty for no date. The ISO text must be exactly yyyy-mm-dd: a caller holding a time stamp
    passes its first ten characters, or uses `date_time` when the hour matters.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime(DATE)
    if _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).strftime(DATE)
        except ValueError:  # 2026-02-31: shown as stored below
            pass
    return value


def month(code: str) -> str:
    """mm/yyyy from a month code yyyy-mm (2026-08 → 08/2026), as `dates.parse_month` reads it back.

    Forms and the export dialog show a month this way; a report's own wording ("tháng 8 năm
    2026") belongs to the report.
    """
    matched = _MONTH_CODE.fullmatch(code)
    return f"{matched[2]}/{matched[1]}" if matched else code


def date_time(value: dt.datetime | str | None) -> str:
    """HH:MM dd/mm/yyyy (see `DATE_TIME`) in this computer's local time.

    Text is a time the program stored: ISO 8601, with its UTC offset or, without one, in UTC
    (how `records.now_iso` and the audit trail write it). A `datetime` without a zone is a
    wall-clock time this computer made (a backup's file name) and is shown as it is. An officer
    in Vietnam therefore reads 17:30 UTC on 28/02 as "00:30 01/03/2026".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone().strftime(DATE_TIME)
    if value.tzinfo is None:
        return value.strftime(DATE_TIME)
    return value.astimezone().strftime(DATE_TIME)


def quantity(value: float | None) -> str:
    """Vietnamese separators: "." between thousands, "," before decimals (1.234,5).

    Whole numbers stay exact however large a sum grows; a fraction is rounded to two places and
    loses trailing zeros (2,5; 3,0 is "3"). Empty for no value.
    """
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    rounded = round(value, 2)  # round first: 2.996 is "3", not "2,"
    whole, fraction = f"{abs(rounded):,.2f}".split(".")
    text = ("-" if rounded < 0 else "") + whole.replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{text},{fraction}" if fraction else text


def money(value: float | None) -> str:
    """An amount in đồng with Vietnamese separators: "35.000.000 đồng".

    The đồng has no smaller unit in use, so a fraction is rounded to the whole đồng. Empty for
    no value.
    """
    if value is None:
        return ""
    return _("{amount} đồng").format(amount=quantity(round(value)))
