"""Every figure, computed here with its own plain SQL, against every output that shows it.

The demo commune and a province of three communes (and the rest of An Giang, which never
sent): the overview, the results report (its document, PDF text and xlsx), the commendation
list and the province's consolidated report (its document and xlsx) must all print the figure
this file computes on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import openpyxl
import pytest

from desktop.core import campaigns, overview
from desktop.core.reports import ReportRequest, build_document, build_pdf, write
from desktop.core.reports.document import Table
from desktop.core.reports.numbers import number
from tests.reports.conftest import pdf_text

FESTIVALS = {
    "festivals_commune": (("le_xa", "hoi_xa"), lambda e: e["unit_code"]),
    "festivals_hamlet": (("le_ap", "hoi_ap"), lambda e: e["hamlet_uid"] or e["uid"]),
    "festivals_agency": (("ngay_hoi_co_quan",), lambda e: e["organiser_uid"] or e["uid"]),
    "festivals_school": (("ngay_hoi_truong_hoc",), lambda e: e["organiser_uid"] or e["uid"]),
}
BY_CODE = {
    "gifts": "suat_qua",
    "pledges": "ho_ky_cam_ket",
    "pledge_units": "don_vi_ky_giao_uoc",
    "weapons": "vu_khi",
    "explosives": "vat_lieu_no",
    "tools": "cong_cu_ho_tro",
    "media_news": "tin_bai",
    "media_reports": "phong_su",
    "media_posters": "pano_ap_phich_bang_ron",
    "media_sessions": "buoi_tuyen_truyen",
}
BY_CATEGORY = {
    "participants_reported": "participants",
    "commendations": "commendation",
    "tips": "tip",
    "models": "model",
    "works": "work",
}


def plain(db, code: str, start: str, end: str) -> dict[str, dict[str, float]]:
    """unit → figure → value, straight from the tables (the rules of docs/figures.md)."""
    sql = db.conn.execute
    named = dict(
        sql(
            "SELECT event_uid, COUNT(*) FROM attendance WHERE deleted_at IS NULL GROUP BY 1"
        ).fetchall()
    )
    women = dict(
        sql(
            "SELECT a.event_uid, COUNT(*) FROM attendance a JOIN person p ON p.uid = a.person_uid "
            "WHERE a.deleted_at IS NULL AND p.gender = 'nu' GROUP BY 1"
        ).fetchall()
    )
    result: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    events = [
        dict(
            zip(
                (
                    "uid",
                    "unit_code",
                    "status",
                    "start_date",
                    "type",
                    "total",
                    "women",
                    "youth",
                    "ethnic",
                    "religious",
                    "students",
                    "hamlet_uid",
                    "organiser_uid",
                ),
                row,
                strict=True,
            )
        )
        for row in sql(
            "SELECT e.uid, e.unit_code, e.status, e.start_date, t.code, e.count_total, "
            "e.count_women, e.count_youth, e.count_ethnic, e.count_religious, e.count_students, "
            "e.hamlet_uid, e.organiser_uid FROM event e "
            "JOIN campaign c ON c.uid = e.campaign_uid "
            "JOIN event_type t ON t.uid = e.event_type_uid "
            "WHERE c.code = ? AND e.deleted_at IS NULL AND c.deleted_at IS NULL",
            [code],
        )
    ]
    held = [e for e in events if e["status"] == "held"]
    for e in held:
        if start <= e["start_date"] <= end:
            unit = result[e["unit_code"]]
            unit["events_held"] += 1
            unit["participants"] += max(e["total"], named.get(e["uid"], 0))
            listed = named.get(e["uid"], 0)
            unit["women"] += (
                e["women"] if e["total"] >= listed else max(e["women"], women.get(e["uid"], 0))
            )
            for group in ("youth", "ethnic", "religious", "students"):
                unit[group] += e[group]
    for field, (types, organiser) in FESTIVALS.items():
        first: dict[tuple[str, str], str] = {}
        for e in held:
            if e["type"] in types:
                key = (e["unit_code"], organiser(e))
                first[key] = min(first.get(key, "9999"), e["start_date"])
        for (unit, _organiser), day in first.items():
            if start <= day <= end:
                result[unit][field] += 1
    rows = sql(
        "SELECT o.unit_code, i.code, i.category, o.quantity, o.value_vnd, o.outcome_date, "
        "e.start_date, o.created_at FROM outcome o JOIN campaign c ON c.uid = o.campaign_uid "
        "JOIN indicator i ON i.uid = o.indicator_uid LEFT JOIN event e ON e.uid = o.event_uid "
        "WHERE c.code = ? AND o.deleted_at IS NULL AND c.deleted_at IS NULL",
        [code],
    )
    for unit_code, indicator, category, quantity, value, own, event_day, created in rows:
        recorded = dt.datetime.fromisoformat(created) + dt.timedelta(hours=7)
        day = own or event_day or recorded.date().isoformat()
        if not start <= day <= end:
            continue
        unit = result[unit_code]
        for field, wanted in BY_CODE.items():
            if indicator == wanted:
                unit[field] += quantity
        for field, wanted in BY_CATEGORY.items():
            if category == wanted:
                unit[field] += quantity
        unit["commendations_value"] += value if category == "commendation" else 0
        unit["gifts_value"] += value if indicator == "suat_qua" else 0
        unit["works_value"] += value if category == "work" else 0
        unit["funds_value"] += value if category == "funds" else 0
    return result


def total(figures: dict[str, dict[str, float]]) -> dict[str, float]:
    summed: dict[str, float] = defaultdict(float)
    for unit in figures.values():
        for field, value in unit.items():
            summed[field] += value
    return summed


FIELDS = (
    "festivals_commune festivals_hamlet festivals_agency festivals_school events_held "
    "participants women youth ethnic religious students participants_reported commendations "
    "commendations_value gifts gifts_value pledges pledge_units tips models works works_value "
    "weapons explosives tools media_news media_reports media_posters media_sessions funds_value"
).split()


def _xlsx(db, kind, period, tmp_path, day=dt.date(2026, 12, 31), **extra):
    path = tmp_path / f"{kind}-{period}.xlsx"
    write(db, ReportRequest(kind, db.campaign_uid, period, day=day, **extra), path)
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [("all", "2026-01-01", "2026-12-31"), ("2026-08", "2026-08-01", "2026-08-31")],
)
def test_the_demo_commune_prints_the_same_figure_everywhere(demo_db, tmp_path, period, start, end):
    db = demo_db
    expected = total(plain(db, "NH-ANTQ-2026", start, end))
    assert expected["events_held"] and expected["participants"] and expected["commendations"]
    if period == "all":
        shown = overview.key_figures(db, db.campaign_uid)
        for field in FIELDS:
            assert getattr(shown, field) == pytest.approx(expected[field]), f"overview {field}"
    request = ReportRequest("ket-qua", db.campaign_uid, period, day=dt.date(2026, 12, 31))
    text = " ".join(pdf_text(build_pdf(db, request)))
    for label, field in (
        ("ngày hội ở cấp xã", "festivals_commune"),
        ("ngày hội ở ấp, khu phố", "festivals_hamlet"),
        ("hoạt động, thu hút", "events_held"),
        ("lượt người tham gia, trong đó", "participants"),
        ("lượt phụ nữ", "women"),
        ("lượt thanh niên", "youth"),
        ("lượt học sinh, sinh viên", "students"),
    ):
        assert f"{number(expected[field])} {label}" in text, (period, field)
    if expected["gifts"]:
        assert f"trao {number(expected['gifts'])} suất quà" in text
    if expected["commendations"]:
        assert f"khen thưởng {number(expected['commendations'])} lượt" in text.lower()
    sheet = _xlsx(db, "ket-qua", period, tmp_path).worksheets[0]
    table = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[1]}
    for label, field in (
        ("Ngày hội tổ chức ở cấp xã", "festivals_commune"),
        ("Ngày hội ở cơ quan, doanh nghiệp", "festivals_agency"),
        ("Hoạt động đã tổ chức", "events_held"),
        ("Tổng lượt người tham gia", "participants"),
        ("Trong đó: Phụ nữ", "women"),
        ("Suất quà", "gifts"),
        ("Vũ khí", "weapons"),
        ("Tin báo, tố giác", "tips"),
        ("Lượt người tham gia", "participants_reported"),
    ):
        matches = [value for name, value in table.items() if name.startswith(label)]
        assert matches and matches[0] == pytest.approx(expected[field]), (period, field)
        shown = [row[3] for row in _figures_table(db, request).rows if row[1].startswith(label)]
        assert shown[:1] == [number(expected[field])], ("document", period, field)
    listing = _xlsx(db, "khen-thuong", period, tmp_path).worksheets[0]
    header_row = next(
        i for i, row in enumerate(listing.iter_rows(values_only=True)) if "Số lượng" in row
    )
    rows = list(listing.iter_rows(min_row=header_row + 2, values_only=True))
    column = list(listing.iter_rows(values_only=True))[header_row].index("Số lượng")
    assert sum(row[column] or 0 for row in rows) == pytest.approx(expected["commendations"])


def _figures_table(db, request) -> Table:
    """The results document's table of every figure (the one headed 'Nội dung')."""
    tables = [b for b in build_document(db, request).blocks if isinstance(b, Table)]
    return next(table for table in tables if table.headers[1] == "Nội dung")


def test_the_province_prints_each_communes_figure_and_their_sum(province_db, tmp_path):
    db = province_db
    expected = plain(db, "NH-ANTQ-2026", "2026-08-01", "2026-08-31")
    assert set(expected) == set(db.codes)
    book = _xlsx(db, "tong-hop", "2026-08", tmp_path, day=dt.date(2026, 9, 5))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Mã")
    header = rows[header_at]
    from desktop.core.reports.consolidated import COLUMNS

    by_code = {row[0]: row for row in rows[header_at + 1 :] if row[0]}
    for code in db.codes:
        for field, title, _w in COLUMNS:
            value = by_code[code][header.index(title)]
            assert value == pytest.approx(expected[code][field]), (code, field)
    province_total = next(row for row in rows if row[1] == "Toàn tỉnh")
    summed = total(expected)
    for field, title, _w in COLUMNS:
        assert province_total[header.index(title)] == pytest.approx(summed[field]), field
    request = ReportRequest("tong-hop", db.campaign_uid, "2026-08", day=dt.date(2026, 9, 5))
    appendix = [b for b in build_document(db, request).blocks if isinstance(b, Table)][-1]
    names = {row[1]: row for row in appendix.rows}
    for code in db.codes:
        row = names[next(r[1] for r in rows[header_at + 1 :] if r[0] == code)]
        for field, title, _w in COLUMNS:
            cell = row[appendix.headers.index(title)]
            assert cell == number(expected[code][field]), ("document", code, field)
    assert appendix.total is not None and appendix.total[1] == "Toàn tỉnh"
    for field, title, _w in COLUMNS:
        cell = appendix.total[appendix.headers.index(title)]
        assert cell == number(summed[field]), ("document total", field)
    text = " ".join(pdf_text(build_pdf(db, request)))
    assert f"thu hút {number(summed['participants'])} lượt người tham gia" in text
    own = campaigns.list_campaigns(db)
    assert [c.uid for c in own] == [db.campaign_uid]  # the province's own, one a year
    shown = overview.key_figures(db, db.campaign_uid)
    whole = total(plain(db, "NH-ANTQ-2026", "2026-01-01", "2026-12-31"))
    for field in FIELDS:
        assert getattr(shown, field) == pytest.approx(whole[field]), f"province overview {field}"
