"""The province's consolidated report over a database holding many communes' rows."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from pypdf import PdfReader

from desktop.core import formats, units
from desktop.core.reports import ReportRequest, build_pdf, fonts, write
from desktop.core.reports.common import resolve
from desktop.core.reports.consolidated import COLUMNS, consolidate
from tests.reports.conftest import embedded_fonts, pdf_text


def _request(db, period="2026-08"):
    return ReportRequest("tong-hop", db.campaign_uid, period, serial=12, day=dt.date(2026, 9, 5))


def test_one_row_per_commune_of_the_official_list_and_totals_are_their_sums(province_db):
    data = consolidate(province_db, resolve(province_db, _request(province_db)))
    official = {division.code for division in units.communes("91")}
    assert {line.code for line in data.communes} == official and len(official) == 102
    assert set(province_db.codes) <= official
    assert data.reporting == 3
    silent = next(line for line in data.communes if line.code == province_db.silent.code)
    assert not silent.has_data and not silent.ever_sent and silent.figures.participants == 0
    assert len(data.never_sent()) == 99
    sql = province_db.conn.execute
    for line in data.communes:
        held = sql(
            "SELECT COUNT(*) FROM event WHERE unit_code = ? AND status = 'held' AND "
            "start_date BETWEEN '2026-08-01' AND '2026-08-31'",
            [line.code],
        ).fetchone()[0]
        assert line.figures.events_held == held
    assert data.stats.totals.events_held == 3 * 2
    assert data.stats.totals.participants == sum(
        line.figures.participants for line in data.communes
    )


def test_pdf_has_completeness_and_a_landscape_table_with_a_total_row(province_db):
    pdf = build_pdf(province_db, _request(province_db))
    pages = pdf_text(pdf)
    text = " ".join(pages)
    assert "CÔNG AN TỈNH AN GIANG" in pages[0]
    assert "PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC" in pages[0]  # its full name
    assert "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc báo cáo" in text
    assert "Số: 12/BC-PV05" in pages[0] and "An Giang, ngày 05 tháng 9 năm 2026" in pages[0]
    assert "Có 3/102 xã, phường, đặc khu có số liệu trong kỳ báo cáo (đạt 2,9%)." in text
    assert "Chưa gửi số liệu lần nào (99 đơn vị):" in text and province_db.silent.name in text
    assert (
        any("PHỤ LỤC" in page for page in pages)
        and "Kèm theo Báo cáo số 12/BC-PV05 ngày 05/09/2026" in text
    )
    data = consolidate(province_db, resolve(province_db, _request(province_db)))
    total = data.stats.totals
    figures = " ".join(formats.quantity(getattr(total, field)) for field, _h, _w in COLUMNS)
    assert f"Toàn tỉnh {figures}" in pages[-1]
    appendix = " ".join(pages[pages.index(next(p for p in pages if "PHỤ LỤC" in p)) :])
    for index, line in enumerate(data.communes, start=1):
        row = " ".join(formats.quantity(getattr(line.figures, field)) for field, _h, _w in COLUMNS)
        if not line.ever_sent:
            row = " ".join("–" for _column in COLUMNS)  # no figures, not zeros
        assert f"{index} {line.name} {row}" in appendix
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    assert float(last.mediabox.width) > float(last.mediabox.height)  # landscape
    assert fonts.missing_glyphs(text) == set() and all(embedded_fonts(pdf).values())


def test_xlsx_of_the_commune_table(province_db, tmp_path):
    path = tmp_path / "tong-hop.xlsx"
    count = write(province_db, _request(province_db, "all"), path)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))[4:]  # after the unit, title and period
    assert count == 103 and len(rows) == 104
    assert sheet.page_setup.orientation == "landscape"  # 16 columns
    header = rows[0]
    participants = header.index("Lượt người tham gia")
    assert rows[-1][1] == "Toàn tỉnh" and rows[-1][2] == "3/102"
    assert rows[-1][participants] == sum(row[participants] or 0 for row in rows[1:-1])
    sent = [row for row in rows[1:] if row[2] != "Chưa gửi lần nào"]
    assert len(sent) == 4 and all(isinstance(row[participants], int) for row in sent)
    assert all(row[participants] is None for row in rows[1:] if row not in sent)
