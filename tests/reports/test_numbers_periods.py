"""What only a report writes (document number, place and date line), and report periods.

Numbers, money and dates are `desktop.core.formats`, tested in tests/core/test_formats.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import campaigns
from desktop.core.errors import UserError
from desktop.core.reports import numbers, periods


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "An Giang, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "An Giang, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 8, 19), "An Giang, ngày 19 tháng 8 năm 2026"),
        (dt.date(2026, 12, 9), "An Giang, ngày 09 tháng 12 năm 2026"),
    ],
)
def test_place_date_pads_day_below_ten_and_months_one_and_two(day, expected):
    assert numbers.place_date("An Giang", day) == expected


def test_document_number_pads_below_ten_and_leaves_room_when_blank():
    assert numbers.document_number(5, "BC-CAX") == "Số: 05/BC-CAX"
    assert numbers.document_number(123, "BC-CAX") == "Số: 123/BC-CAX"
    assert numbers.document_number(None, "BC-CAX").endswith("/BC-CAX")
    assert numbers.document_number(None, "BC-CAX").startswith("Số: ")


def test_periods_month_quarter_whole_and_bad(commune_db):
    campaign = campaigns.get(commune_db, commune_db.campaign_uid)
    month = periods.parse("2026-08", campaign)
    assert (month.start, month.end, month.label) == ("2026-08-01", "2026-08-31", "tháng 8 năm 2026")
    quarter = periods.parse("2026-q3", campaign)
    assert (quarter.start, quarter.end, quarter.label) == (
        "2026-07-01",
        "2026-09-30",
        "quý III năm 2026",
    )
    whole = periods.parse("all", campaign)
    assert (whole.start, whole.end) == (campaign.start_date, campaign.end_date)
    assert len(whole.months()) == 12
    for bad in ("2026-13", "Q3", "2025-05"):
        with pytest.raises(UserError):
            periods.parse(bad, campaign)
    codes = [code for code, _text in periods.choices(campaign)]
    assert codes[:2] == ["all", "2026-Q1"] and "2026-12" in codes
