"""The province's grid of communes × months: received, late, missing, gaps, xlsx."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.core.bundles import completeness, export, importer

MONTHS = ["2026-07", "2026-08", "2026-09"]


def _send(offices, months_imported, deadline="2099-12-31"):
    """Commune A writes a bundle a month; the province imports some; the deadline is set."""
    bundles = {m: export.export(offices.a, offices.usb, period=m)[0] for m in MONTHS}
    for month in months_imported:
        importer.import_file(offices.province, bundles[month].path, offices.identity, dry_run=False)
    offices.province.conn.execute(
        "UPDATE campaign SET report_deadline = ?, rev = rev + 1 WHERE unit_code = ?",
        [deadline, offices.codes["a"]],
    )


def test_received_missing_and_gaps(offices):
    _send(offices, ["2026-07", "2026-09"])
    grid = completeness.grid(offices.province, MONTHS)
    lines = {line.code: line for line in grid.communes}
    a, b = lines[offices.codes["a"]], lines[offices.codes["b"]]
    assert a.cells == {"2026-07": "received", "2026-08": "missing", "2026-09": "received"}
    assert a.gaps == [2]
    assert set(b.cells.values()) == {"missing"} and b.gaps == []
    assert [grid.reported(m) for m in MONTHS] == [1, 0, 1]


def test_a_report_imported_after_the_campaign_deadline_is_late(offices):
    _send(offices, ["2026-07"], deadline="2026-01-15")
    grid = completeness.grid(offices.province, MONTHS)
    line = next(line for line in grid.communes if line.code == offices.codes["a"])
    assert line.cells["2026-07"] == "late"
    assert grid.reported("2026-07") == 1


def test_the_grid_goes_to_xlsx(offices, tmp_path):
    _send(offices, ["2026-07", "2026-08"])
    path = tmp_path / "tinh-hinh.xlsx"
    count = completeness.write_xlsx(completeness.grid(offices.province, MONTHS), path)
    assert count == 3  # two communes and the total row
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mã", "Xã, phường", *MONTHS, "Gói còn thiếu"]
    first = next(row for row in rows if row[0] == offices.codes["a"])
    assert first[2:5] == ["Đã nhận", "Đã nhận", "Chưa có"]
    assert rows[-1][1:5] == ["Số xã đã báo cáo", "1", "1", "0"]
