"""Dates and months as officers type them: read exactly, or refused with a message."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import dates
from desktop.core.dates import DateTextError


@pytest.mark.parametrize(
    "typed",
    [
        "19/08/2026",
        "19/8/2026",
        "19-8-2026",
        "19.8.2026",
        "19082026",
        "2026-08-19",
        " 19 / 8 / 2026 ",
    ],
)
def test_every_way_of_typing_19_august_2026_reads_19_august_2026(typed):
    assert dates.parse_date(typed) == dt.date(2026, 8, 19)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19/8/26", "Ghi năm đủ bốn chữ số, ví dụ 19/08/2026 (không ghi “19/8/26”)."),
        ("31/02/2026", "Ngày 31/02/2026 không có trên lịch (ngày/tháng/năm)."),
        ("19/08/2190", "Năm 2190 nằm ngoài khoảng 2000–2100: xem lại “19/08/2190”."),
        ("1982026", "“1982026” không phải là ngày: ghi ngày/tháng/năm, ví dụ 19/08/2026."),
        ("", "“” không phải là ngày: ghi ngày/tháng/năm, ví dụ 19/08/2026."),
        (
            "19/08/2026; DROP TABLE event",
            "“19/08/2026; DROP TABLE event” không phải là ngày: "
            "ghi ngày/tháng/năm, ví dụ 19/08/2026.",
        ),
    ],
)
def test_what_is_not_surely_a_date_is_refused_with_a_message(typed, message):
    with pytest.raises(DateTextError) as refused:
        dates.parse_date(typed)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "typed", ["11/2026", "T11/2026", "t11/2026", "tháng 11/2026", "Tháng 11 - 2026", "2026-11"]
)
def test_every_way_of_typing_november_2026_reads_2026_11(typed):
    assert dates.parse_month(typed) == "2026-11"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("13/2026", "Tháng 13 không có: tháng ghi từ 1 đến 12, ví dụ 11/2026."),
        ("11/26", "Ghi năm đủ bốn chữ số, ví dụ 11/2026 (không ghi “11/26”)."),
        (
            "tháng mười",
            "“tháng mười” không phải là tháng: ghi tháng/năm, ví dụ 11/2026 hoặc T11/2026.",
        ),
        (
            "19/08/2026",
            "“19/08/2026” không phải là tháng: ghi tháng/năm, ví dụ 11/2026 hoặc T11/2026.",
        ),
    ],
)
def test_a_bad_month_is_refused_with_a_message(typed, message):
    with pytest.raises(DateTextError) as refused:
        dates.parse_month(typed)
    assert str(refused.value) == message
