"""What only a report writes: its document number, its place-and-date line, its Roman numerals.

Dates, numbers and money are the program's own (`desktop.core.formats`), the same on a report as
on the screen.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import _

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def document_number(serial: int | None, symbol: str) -> str:
    """'Số: 05/BC-CAX'; a blank serial leaves room to write the number by hand."""
    if serial is None or serial <= 0:
        return _("Số:       /{symbol}").format(symbol=symbol)
    return _("Số: {serial}/{symbol}").format(serial=f"{serial:02d}", symbol=symbol)


def place_date(place: str, day: dt.date) -> str:
    """'An Giang, ngày 05 tháng 01 năm 2026': day below 10 and months 1–2 padded (Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("{place}, ngày {day} tháng {month} năm {year}").format(
        place=place, day=f"{day.day:02d}", month=month, year=day.year
    )
