"""Numbers, money and dates written the way Vietnamese administrative documents write them."""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import _
from desktop.core.outcomes import format_quantity, format_vnd

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def number(value: float | int | None) -> str:
    """'.' between thousands, ',' before decimals: 1.234,5."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_quantity(value)


def money(value: int | float | None) -> str:
    """'35.000.000 đồng'."""
    return format_vnd(int(value or 0))


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


def short_date(iso: str | None) -> str:
    """dd/mm/yyyy, or '' for no date."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso
