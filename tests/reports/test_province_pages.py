"""The province's Overview and Events pages show the province: all communes, or one chosen."""

from __future__ import annotations

import pytest

from desktop.core import campaigns, overview
from desktop.ui.context import AppContext
from desktop.ui.pages.events import EventsPage
from desktop.ui.pages.overview import OverviewPage

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def _held(db, unit=None) -> int:
    sql = "SELECT COUNT(*) FROM event WHERE status = 'held' AND deleted_at IS NULL"
    params = []
    if unit:
        sql += " AND unit_code = ?"
        params = [unit]
    return db.conn.execute(sql, params).fetchone()[0]


def test_the_province_overview_is_consolidated_with_a_commune_filter(qtbot, province_db):
    ctx = AppContext(province_db, None)
    assert [c.uid for c in campaigns.list_campaigns(province_db)] == [ctx.campaign_uid]
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert page.commune.isVisibleTo(page) and page.commune.count() == 1 + 102
    assert page.figure_text("events_held") == str(_held(province_db))
    one = province_db.codes[1]
    page.commune.setCurrentIndex(page.commune.findData(one))
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert page.figure_text("events_held") == str(_held(province_db, one))
    shown = overview.key_figures(province_db, ctx.campaign_uid, (one,))
    assert shown.events_held == _held(province_db, one)


def test_the_province_events_page_lists_every_commune_and_filters_one(qtbot, province_db):
    ctx = AppContext(province_db, None)
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    total = province_db.conn.execute(
        "SELECT COUNT(*) FROM event WHERE deleted_at IS NULL"
    ).fetchone()[0]
    assert total and page.model.total == total
    assert page.commune_filter.isVisibleTo(page)
    one = province_db.codes[0]
    page.commune_filter.setCurrentIndex(page.commune_filter.findData(one))
    mine = province_db.conn.execute(
        "SELECT COUNT(*) FROM event WHERE deleted_at IS NULL AND unit_code = ?", [one]
    ).fetchone()[0]
    assert page.model.total == mine < total
    # a type chosen from the province's catalogue finds every commune's events of that type
    page.commune_filter.setCurrentIndex(0)
    index = page.type_filter.findText("Họp, hội nghị khác")
    page.type_filter.setCurrentIndex(index)
    meetings = province_db.conn.execute(
        "SELECT COUNT(*) FROM event e JOIN event_type t ON t.uid = e.event_type_uid "
        "WHERE e.deleted_at IS NULL AND t.code = 'hop_khac'"
    ).fetchone()[0]
    assert page.model.total == meetings


def test_province_lists_say_which_commune_each_row_is_from(province_db, tmp_path):
    import datetime as dt

    import openpyxl

    from desktop.core import units
    from desktop.core.reports import ReportRequest, build_pdf, write
    from tests.reports.conftest import pdf_text

    names = {code: units.commune(code).name for code in province_db.codes}
    for kind in ("trich-danh-sach", "khen-thuong"):
        request = ReportRequest(kind, province_db.campaign_uid, "all", day=dt.date(2026, 12, 31))
        path = tmp_path / f"{kind}.xlsx"
        write(province_db, request, path)
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        assert rows[4][0] == "Xã, phường", kind
        assert {row[0] for row in rows[5:]} <= set(names.values()), kind
        text = " ".join(pdf_text(build_pdf(province_db, request)))
        assert "Xã, phường" in text and any(name in text for name in names.values()), kind


def test_the_province_sign_in_sheet_says_which_commune_its_people_are_from(province_db, tmp_path):
    import datetime as dt

    import openpyxl

    from desktop.core import units
    from desktop.core.reports import ReportRequest, build_pdf, write
    from tests.reports.conftest import pdf_text

    event_uid, code = province_db.conn.execute(
        "SELECT e.uid, e.unit_code FROM event e WHERE e.deleted_at IS NULL AND EXISTS "
        "(SELECT 1 FROM attendance a WHERE a.event_uid = e.uid AND a.deleted_at IS NULL) "
        "ORDER BY e.id LIMIT 1"
    ).fetchone()
    name = units.commune(code).name
    request = ReportRequest(
        "ky-ten", province_db.campaign_uid, "all", day=dt.date(2026, 12, 31), event_uid=event_uid
    )
    path = tmp_path / "ky-ten.xlsx"
    write(province_db, request, path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Xã, phường")
    assert rows[header][1] == "STT"
    assert rows[header + 1 :] and {row[0] for row in rows[header + 1 :]} == {name}
    text = " ".join(pdf_text(build_pdf(province_db, request)))
    assert "Xã, phường; ấp" in text and f"Đơn vị tổ chức: {name}" in text


def test_a_province_without_its_own_campaign_gets_it_from_the_template(province_db):
    """A province set up before it had one, or a commune's first bundle of a new year."""
    own = province_db.campaign_uid  # as a province set up before it had one
    for table in ("event_type", "indicator"):
        province_db.conn.execute(f"DELETE FROM {table} WHERE campaign_uid = ?", [own])
    province_db.conn.execute("DELETE FROM campaign WHERE uid = ?", [own])
    assert campaigns.list_campaigns(province_db) == []
    assert campaigns.ensure_own_copies(province_db) == ["NH-ANTQ-2026"]
    made = campaigns.list_campaigns(province_db)
    assert [c.code for c in made] == ["NH-ANTQ-2026"] and made[0].uid != own
    assert "13/6/2005" in made[0].legal_basis
    assert campaigns.ensure_own_copies(province_db) == []  # once
