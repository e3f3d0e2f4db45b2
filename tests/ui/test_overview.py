"""The overview page: campaign header, labelled figure cards and the chart by month."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import attendance, campaigns, demo, formats, outcomes, overview
from desktop.core.outcomes import OutcomeInput
from desktop.ui.context import AppContext
from desktop.ui.pages.overview import FIGURES, OverviewPage, countdown, month_labels


def _page(qtbot, ctx, today=dt.date(2026, 8, 1)) -> OverviewPage:
    page = OverviewPage(ctx, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    _wait_for_figures(qtbot, page)
    return page


def _wait_for_figures(qtbot, page: OverviewPage) -> None:
    """The figures come after the first paint (read off the GUI thread): wait as a user would."""
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)


def test_header_shows_campaign_period_deadline_and_days_to_the_festival(qtbot, ctx):
    page = _page(qtbot, ctx, today=dt.date(2026, 8, 1))
    assert page.title_label.text() == "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
    period = page.period_label.text()
    assert "01/01/2026 – 31/12/2026" in period
    assert "Ngày hội: 19/08/2026" in period
    assert "Hạn báo cáo kết quả: 05/09/2026" in period
    assert page.countdown_label.isVisible()
    assert page.countdown_label.text() == "Còn 18 ngày đến Ngày hội (19/08/2026)"
    assert "An Giang" in page.unit_label.text()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 8, 18), "Còn 1 ngày đến Ngày hội (19/08/2026)"),
        (dt.date(2026, 8, 19), "Hôm nay là Ngày hội toàn dân bảo vệ an ninh Tổ quốc"),
        (dt.date(2026, 8, 26), "Còn 10 ngày đến hạn báo cáo kết quả (05/09/2026)"),
        (dt.date(2026, 9, 5), "Hôm nay là hạn báo cáo kết quả"),
        (dt.date(2026, 11, 1), ""),
    ],
)
def test_countdown(ctx, today, expected):
    assert countdown(campaigns.get(ctx.db, ctx.campaign_uid), today) == expected


def test_month_labels():
    assert month_labels(["2026-01", "2026-12"]) == ["T1", "T12"]
    assert month_labels(["2025-12", "2026-01"]) == ["12/2025", "01/2026"]


def test_every_key_figure_has_a_labelled_card(qtbot, ctx):
    page = _page(qtbot, ctx)
    shown = {field for figure in FIGURES for field in figure.fields()}
    in_notes = {"gifts_value", "works_value", "commendations_value"}
    # the groups are printed in the results report; `activity` is bookkeeping
    not_on_cards = {"women", "youth", "ethnic", "religious", "students", "activity"}
    assert shown | in_notes | not_on_cards == set(overview.KeyFigures.__dataclass_fields__)
    for figure in FIGURES:
        card = page.cards[figure.key]
        empty = "0 đồng" if figure.money else "0"
        if figure.parts:
            nbsp = "\u00a0"  # a part never breaks inside itself
            empty = " · ".join(f"0{nbsp}{unit.replace(' ', nbsp)}" for _f, unit in figure.parts)
        assert card.title.text() and card.value.text() == empty, figure.key


def test_figures_and_chart_follow_the_data(qtbot, ctx, make):
    page = _page(qtbot, ctx)
    assert page.figure_text("events_held") == "0"
    assert [month for month, _ in page.chart_months][:2] == ["2026-01", "2026-02"]

    event = make.event(
        "Phần lễ Ngày hội", "le_xa", status="held", start_date="2026-08-19", count_total=1250
    )
    make.event("Tuyên truyền tháng 9", status="planned", start_date="2026-09-10")
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        attendance.add(ctx.db, event, make.person(name))
    outcomes.create_outcome(
        ctx.db,
        OutcomeInput(
            ctx.campaign_uid, make.indicator_uid("suat_qua"), 20, 10_000_000, event_uid=event
        ),
    )
    ctx.notify_changed()  # the page is visible: it refreshes at once
    _wait_for_figures(qtbot, page)

    assert page.figure_text("events_held") == "1"
    assert page.figure_text("events_planned") == "1"
    assert page.figure_text("festivals_commune") == "1"
    assert page.figure_text("participants") == "1.250"
    assert page.figure_text("people_named") == "2"
    assert page.figure_text("gifts") == "20"
    assert page.cards["gifts"].note.text() == "trị giá 10.000.000 đồng"
    assert dict(page.chart_months)["2026-08"] == 1250
    chart = page.chart_view.chart()
    months_axis = next(axis for axis in chart.axes() if hasattr(axis, "categories"))
    assert months_axis.categories()[7] == "T8"


def test_hidden_page_refreshes_when_shown_again(qtbot, ctx, make):
    page = _page(qtbot, ctx)
    page.hide()
    make.event("Phần lễ", "le_xa", status="held", count_total=10)
    ctx.notify_changed()
    assert page.figure_text("events_held") == "0"  # not queried while nobody looks
    page.show()
    _wait_for_figures(qtbot, page)
    assert page.figure_text("events_held") == "1"


def test_demo_commune_overview(qtbot, db):
    campaign_uid = demo.create_demo_commune(db, year=2026, today=dt.date(2026, 11, 1))
    ctx = AppContext(db, None)
    assert ctx.campaign_uid == campaign_uid
    page = _page(qtbot, ctx)
    figures = overview.key_figures(db, campaign_uid)
    assert figures.events_held > 40
    assert page.figure_text("participants") == formats.quantity(figures.participants)
    assert page.figure_text("funds_value") == f"{formats.quantity(figures.funds_value)} đồng"
    assert sum(value for _, value in page.chart_months) == figures.participants
