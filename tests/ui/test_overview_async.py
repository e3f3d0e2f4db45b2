"""The overview reads its figures off the GUI thread, after the first paint, and safely.

Over a database file the figures come from a worker thread through a read-only connection of
its own; an in-memory database (which cannot be opened twice) is read on the GUI thread from
the event loop. Either way the page paints first and the numbers follow.
"""

from __future__ import annotations

import sqlite3
import threading
from types import SimpleNamespace

import pytest

from db.errors import DatabaseLocked
from desktop.core.storage import connections
from desktop.ui import operations
from desktop.ui.pages import overview as overview_page
from desktop.ui.pages.overview import LOADING, OverviewPage


def _show(qtbot, ctx) -> OverviewPage:
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _wait(qtbot, page: OverviewPage) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)


@pytest.fixture
def held_reads(monkeypatch):
    """`read_figures` that records where it ran and waits for `release` before returning."""

    reads = SimpleNamespace(release=threading.Event(), calls=[])
    real = overview_page.read_figures

    def read(db, campaign_uid, unit_codes=None):
        result = real(db, campaign_uid, unit_codes)
        reads.calls.append({"db": db, "thread": threading.current_thread()})
        assert reads.release.wait(10), "the test never released the read"
        return result

    monkeypatch.setattr(overview_page, "read_figures", read)
    yield reads
    reads.release.set()  # never leave a worker waiting
    operations._wait_for_all()


def test_the_page_paints_before_the_figures_and_the_chart(qtbot, file_ctx, file_make, held_reads):
    file_make.event("Phần lễ", "le_xa", status="held", start_date="2026-08-19", count_total=75)
    page = _show(qtbot, file_ctx)
    qtbot.waitUntil(lambda: len(held_reads.calls) == 1)
    qtbot.waitUntil(lambda: page._painted)  # painted while the read is still running
    assert page.loading
    assert page.figure_text("events_held") == LOADING
    assert page.chart_view is None  # QtCharts waits for the figures
    assert page.title_label.text()  # the header did not wait

    held_reads.release.set()
    _wait(qtbot, page)
    assert page.figure_text("events_held") == "1"
    assert page.figure_text("participants") == "75"
    assert page.chart_view is not None and page.chart_view.isVisible()
    assert dict(page.chart_months)["2026-08"] == 75


def test_a_file_is_read_on_a_worker_through_a_read_only_connection(qtbot, file_ctx, held_reads):
    held_reads.release.set()
    page = _show(qtbot, file_ctx)
    _wait(qtbot, page)
    [call] = held_reads.calls
    assert call["thread"] is not threading.main_thread()
    assert call["db"] is not file_ctx.db
    with pytest.raises(sqlite3.ProgrammingError):  # closed once read
        call["db"].conn.execute("SELECT 1")
    with (
        connections.for_job(file_ctx.db_path, file_ctx.db, writes=False) as worker_db,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        worker_db.conn.execute("DELETE FROM event")


def test_a_stale_read_never_overwrites_a_newer_one(qtbot, file_ctx, file_make, monkeypatch):
    """The first read is held after reading; data changes; the second read shows the change;
    then the first read ends, and its older figures are dropped."""
    first_done, release_first = threading.Event(), threading.Event()
    real = overview_page.read_figures
    calls = []

    def read(db, campaign_uid, unit_codes=None):
        result = real(db, campaign_uid, unit_codes)
        calls.append(result)
        if len(calls) == 1:
            first_done.set()
            assert release_first.wait(10)
        return result

    monkeypatch.setattr(overview_page, "read_figures", read)
    try:
        page = _show(qtbot, file_ctx)
        qtbot.waitUntil(first_done.is_set)
        file_make.event("Phần lễ", "le_xa", status="held", count_total=10)
        file_ctx.notify_changed()
        _wait(qtbot, page)
        assert page.figure_text("events_held") == "1"
        release_first.set()
        # The stale job's `finished` has reached the page once the page has let it go.
        qtbot.waitUntil(lambda: not operations.running())
        assert calls[0][0].events_held == 0  # it did read the older figures...
        assert page.figure_text("events_held") == "1"  # ...and the page kept the newer ones
    finally:
        release_first.set()
        operations._wait_for_all()


def test_an_in_memory_database_is_read_on_the_gui_thread(qtbot, ctx, monkeypatch):
    seen = []
    real = overview_page.read_figures

    def read(db, campaign_uid, unit_codes=None):
        seen.append((db, threading.current_thread()))
        return real(db, campaign_uid, unit_codes)

    monkeypatch.setattr(overview_page, "read_figures", read)
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert not seen  # not inside show(): from the event loop, once the page is up
    assert page.figure_text("events_held") == LOADING
    _wait(qtbot, page)
    assert seen == [(ctx.db, threading.main_thread())]
    assert page.figure_text("events_held") == "0"


def test_a_known_error_of_the_read_is_shown_and_the_page_stops_waiting(
    qtbot, file_ctx, monkeypatch
):
    from desktop.ui import errors

    def locked(db, campaign_uid, unit_codes=None):
        raise sqlite3.OperationalError("database is locked")

    shown = []
    monkeypatch.setattr(overview_page, "read_figures", locked)
    monkeypatch.setattr(errors, "show_known_error", lambda parent, error: shown.append(error) or 1)
    page = _show(qtbot, file_ctx)
    _wait(qtbot, page)
    assert [type(error) for error in shown] == [DatabaseLocked]
    assert page.figure_text("events_held") == LOADING  # no figure is made up


def test_no_campaign_shows_zeros_not_a_wait(qtbot, file_ctx):
    file_ctx._campaign_uid = ""  # an office whose campaigns were all removed
    page = _show(qtbot, file_ctx)
    _wait(qtbot, page)
    assert page.title_label.text() == "Chưa có kế hoạch nào"
    assert page.figure_text("events_held") == "0"
    assert page.figure_text("funds_value") == "0 đồng"
