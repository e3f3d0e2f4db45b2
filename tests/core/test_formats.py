"""What an officer reads: dates, months, times, quantities and money as Vietnamese writes them."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from desktop.core import dates, formats


@pytest.fixture
def vietnam_time(monkeypatch):
    """This computer set to Vietnam's time (UTC+7), as the offices' Windows PCs are."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2026, 8, 9), "09/08/2026"),
        ("2026-08-19", "19/08/2026"),
        ("2026-12-01", "01/12/2026"),
        (None, ""),
        ("", ""),
    ],
)
def test_a_date_is_day_month_year(value, text):
    assert formats.date(value) == text


@pytest.mark.parametrize("stored", ["2026-02-31", "19/08/2026", "2026-8-19", "hôm qua"])
def test_a_stored_date_that_is_not_one_is_shown_as_stored_not_blanked(stored):
    assert formats.date(stored) == stored


def test_a_shown_date_and_month_read_back_as_typed():
    day = dt.date(2026, 8, 9)
    assert dates.parse_date(formats.date(day)) == day
    assert dates.parse_month(formats.month("2026-08")) == "2026-08"


def test_a_month_is_month_then_year():
    assert formats.month("2026-08") == "08/2026"
    assert formats.month("2026-12") == "12/2026"
    assert formats.month("Q3") == "Q3"


def test_a_stored_utc_time_is_shown_in_vietnam_time_hour_first(vietnam_time):
    assert formats.date_time("2026-02-28T17:30:00+00:00") == "00:30 01/03/2026"
    assert formats.date_time("2026-02-28T17:30:00") == "00:30 01/03/2026"  # stored UTC
    assert formats.date_time("2026-08-19T09:05:00+07:00") == "09:05 19/08/2026"


def test_a_time_with_its_own_zone_is_shown_in_local_time(vietnam_time):
    utc = dt.datetime(2026, 8, 18, 20, 0, tzinfo=dt.UTC)
    assert formats.date_time(utc) == "03:00 19/08/2026"


def test_a_wall_clock_time_from_this_computer_is_shown_as_it_is(vietnam_time):
    assert formats.date_time(dt.datetime(2026, 8, 19, 14, 30, 59)) == "14:30 19/08/2026"


def test_no_time_is_empty_and_a_damaged_one_is_shown_as_stored():
    assert formats.date_time(None) == ""
    assert formats.date_time("") == ""
    assert formats.date_time("ngày hôm qua") == "ngày hôm qua"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (1234567, "1.234.567"),
        (-1234567, "-1.234.567"),
        (2.5, "2,5"),
        (-2.5, "-2,5"),
        (12.5, "12,5"),
        (1000.25, "1.000,25"),
        (3.0, "3"),
        (2.996, "3"),
        (1999.999, "2.000"),
        (0.001, "0"),
        (10**17 + 1, "100.000.000.000.000.001"),
        (None, ""),
    ],
)
def test_a_quantity_has_dots_for_thousands_and_a_decimal_comma(value, text):
    assert formats.quantity(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (35_000_000, "35.000.000 đồng"),
        (0, "0 đồng"),
        (-500_000, "-500.000 đồng"),
        (1_500_000.6, "1.500.001 đồng"),  # no smaller unit than the đồng
        (None, ""),
    ],
)
def test_money_is_whole_dong(value, text):
    assert formats.money(value) == text
