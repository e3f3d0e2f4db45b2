"""The payload opens with the stock `age` tool; the completeness grid and its spreadsheet."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from desktop.core.sync import archive, completeness, importer, keys

from .conftest import PASSPHRASE, add_person, export_one, make_commune

AGE = shutil.which("age")


@pytest.mark.skipif(AGE is None, reason="the Debian package `age` is not installed")
@pytest.mark.parametrize("which", ["working", "escrow"])
def test_stock_age_decrypts_the_payload(tmp_path, prov, commune, province_template, which):
    add_person(commune, "Nguyễn Thị Tuyết")
    data = export_one(commune, tmp_path / "usb").path.read_bytes()
    entries = archive.unpack(data, 1 << 30)
    (tmp_path / "payload.age").write_bytes(entries[archive.PAYLOAD])
    if which == "working":
        identity = keys.working_identity_file(prov.db, PASSPHRASE)
    else:
        identity = str(province_template[4].escrow_identity) + "\n"
    (tmp_path / "identity.txt").write_text(identity, encoding="ascii")
    result = subprocess.run(
        [AGE, "-d", "-i", str(tmp_path / "identity.txt"), str(tmp_path / "payload.age")],
        capture_output=True,
        timeout=60,
        check=True,
    )
    lines = gzip.decompress(result.stdout).decode("utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["kind"] == "header" and header["number"] == 1
    names = [json.loads(line)["row"].get("full_name") for line in lines[1:]]
    assert "Nguyễn Thị Tuyết" in names


def test_completeness_grid_received_late_missing_and_gap(tmp_path, prov, commune):
    other = make_commune(tmp_path, prov, 1)
    add_person(commune, "A")
    june = export_one(commune, tmp_path / "a", period="2026-06").path.read_bytes()
    add_person(commune, "B")
    export_one(commune, tmp_path / "b", period="2026-07")  # lost on the way
    add_person(commune, "C")
    august = export_one(commune, tmp_path / "c", period="2026-08").path.read_bytes()
    add_person(other, "D")
    other_june = export_one(other, tmp_path / "d", period="2026-06").path.read_bytes()
    importer.import_bundle(prov.db, june, prov.identities, received_at="2026-07-03T08:00:00")
    importer.import_bundle(prov.db, august, prov.identities, received_at="2026-09-04T08:00:00")
    importer.import_bundle(prov.db, other_june, prov.identities, received_at="2026-07-20T08:00:00")
    months = ["2026-06", "2026-07", "2026-08", "2026-09"]
    grid = completeness.grid(prov.db, months, today=dt.date(2026, 9, 10))
    cells = {row.unit_code: row.cells for row in grid.rows}
    first = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    second = other.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    assert cells[first] == ("received", "missing", "gap", "not_due")
    assert cells[second] == ("late", "missing", "missing", "not_due")
    assert grid.reported("2026-06") == 2
    path = tmp_path / "grid.xlsx"
    completeness.write_xlsx(grid, path)
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Tháng 06/2026"
    by_code = {row[0]: row for row in values[1:-1]}
    assert by_code[first][2:] == ["Đã nhận", "Thiếu", "Đứt chuỗi", "Chưa đến hạn"]
    assert by_code[second][2] == "Nhận muộn"
    assert values[-1][1] == "Số xã đã gửi" and values[-1][2] == "2"


def _campaign(day: int = 5, report: str | None = "2026-09-05") -> completeness.CampaignDeadline:
    return completeness.CampaignDeadline("2026-01-01", "2026-12-31", report, day)


@pytest.mark.parametrize(
    ("month", "campaign", "due"),
    [
        ("2026-06", _campaign(), dt.date(2026, 7, 5)),
        ("2026-06", _campaign(day=20), dt.date(2026, 7, 20)),
        ("2026-08", _campaign(report="2026-08-31"), dt.date(2026, 8, 31)),  # report comes first
        ("2026-09", _campaign(report="2026-09-05"), dt.date(2026, 10, 5)),  # month not covered
        ("2026-12", _campaign(), dt.date(2027, 1, 5)),
        ("2026-02", None, dt.date(2026, 3, 5)),  # no campaign of the commune known yet
    ],
)
def test_due_date_follows_the_campaign(month, campaign, due):
    assert completeness.due_date(month, campaign) == due


def test_late_is_judged_by_the_communes_own_campaign(tmp_path, prov, commune):
    """The commune's campaign allows until the 20th: a June bundle of 15 July is on time."""
    from desktop.core import audit, records
    from desktop.core.session import Permission

    campaign = commune.conn.execute("SELECT uid FROM campaign").fetchone()[0]
    with audit.action(commune, Permission.MANAGE_CATALOGUES, "campaign.save", "2026"):
        records.update(commune, "campaign", campaign, {"report_deadline_day": 20})
    add_person(commune, "Lý Văn Tâm")
    june = export_one(commune, tmp_path / "a", period="2026-06").path.read_bytes()
    importer.import_bundle(prov.db, june, prov.identities, received_at="2026-07-15T08:00:00")
    months = ["2026-06", "2026-07"]
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]

    def cells(today):
        grid = completeness.grid(prov.db, months, today=today)
        return next(row.cells for row in grid.rows if row.unit_code == code)

    assert cells(dt.date(2026, 8, 20)) == ("received", "not_due")  # July is due on 20 August
    assert cells(dt.date(2026, 8, 21)) == ("received", "missing")


def test_the_grid_lists_every_commune_of_the_province(tmp_path, prov, commune):
    """102 communes of An Giang: the one that sent from July is "not joined" before July, the
    101 that never sent are "not joined" every month, never "missing"."""
    from desktop.core import units

    province = prov.db.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    add_person(commune, "Lý Văn Tâm")
    july = export_one(commune, tmp_path / "a", period="2026-07").path.read_bytes()
    importer.import_bundle(prov.db, july, prov.identities, received_at="2026-08-03T08:00:00")
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    months = ["2026-05", "2026-06", "2026-07", "2026-08"]
    grid = completeness.grid(prov.db, months, today=dt.date(2026, 9, 20))
    official = units.communes(province)
    assert {row.unit_code for row in grid.rows} == {d.code for d in official}
    assert len(grid.rows) == len(official) == 102
    cells = {row.unit_code: row.cells for row in grid.rows}
    assert cells[code] == ("not_joined", "not_joined", "received", "missing")
    silent = [row for row in grid.rows if row.unit_code != code]
    assert all(row.cells == ("not_joined",) * 4 for row in silent)
    assert grid.never_sent() == silent and grid.reported("2026-07") == 1
