"""The name a saved report is offered under: kind, unit and period, in ASCII a USB stick keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from desktop.core import campaigns, events
from desktop.core.reports import ReportRequest, filenames
from desktop.core.reports import settings as report_settings

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("CÔNG AN XÃ AN BIÊN", "cong-an-xa-an-bien"),
        ("Công an phường Đông Hồ", "cong-an-phuong-dong-ho"),
        ("ĐẶC KHU PHÚ QUỐC", "dac-khu-phu-quoc"),
        ('Xã "A/B": Ấp <1>|2? *', "xa-a-b-ap-1-2"),
        ("Ð (U+00D0, typed in a legacy font)", "d-u-00d0-typed-in-a-legacy-font"),
        ("  trích  yếu\t\n", "trich-yeu"),
        ("", ""),
    ],
)
def test_vietnamese_is_folded_to_plain_ascii(text, folded):
    assert filenames.ascii_part(text) == folded


def test_a_name_is_kind_unit_and_period_with_its_suffix():
    name = filenames.file_name("ket-qua", "CÔNG AN XÃ AN BIÊN", "2026-08", suffix=".docx")
    assert name == "ket-qua-cong-an-xa-an-bien-2026-08.docx"
    assert name.isascii() and not WINDOWS_FORBIDDEN.search(name)


def test_a_name_of_nothing_but_symbols_is_still_a_name():
    assert filenames.file_name("", "///", suffix=".pdf") == "bao-cao.pdf"


def test_a_very_long_unit_name_is_cut_without_a_trailing_hyphen():
    name = filenames.file_name("ket-qua", "Công an xã " * 40, "2026-08", suffix=".xlsx")
    stem = name.removesuffix(".xlsx")
    assert len(stem) <= filenames.MAX_STEM and not stem.endswith("-")


def test_the_suggested_name_reads_the_letterhead_period_and_event(known_db):
    db = known_db
    settings = report_settings.load(db)
    report_settings.save(db, dataclasses.replace(settings, unit_name="CÔNG AN XÃ ĐÔNG HÒA"))
    month = ReportRequest("ket-qua", db.campaign_uid, "2026-08", day=dt.date(2026, 9, 2))
    assert filenames.suggested(db, month, ".pdf") == "ket-qua-cong-an-xa-dong-hoa-2026-08.pdf"
    quarter = ReportRequest("khen-thuong", db.campaign_uid, "2026-Q3")
    assert (
        filenames.suggested(db, quarter, ".xlsx") == "khen-thuong-cong-an-xa-dong-hoa-2026-q3.xlsx"
    )
    code = filenames.ascii_part(campaigns.get(db, db.campaign_uid).code)
    whole = ReportRequest("ket-qua", db.campaign_uid, "all")
    assert filenames.suggested(db, whole, ".docx") == f"ket-qua-cong-an-xa-dong-hoa-{code}.docx"
    event = ReportRequest("ky-ten", db.campaign_uid, event_uid=db.ev["le_xa"])
    day = events.get_event(db, db.ev["le_xa"]).start_date
    assert filenames.suggested(db, event, ".docx") == f"ky-ten-cong-an-xa-dong-hoa-{day}.docx"


def test_a_province_report_for_one_commune_is_named_after_the_commune(province_db):
    db = province_db
    request = ReportRequest("ket-qua", db.campaign_uid, "2026-08", unit_code=db.codes[0])
    name = filenames.suggested(db, request, ".pdf")
    from desktop.core import units

    commune = filenames.ascii_part(units.commune(db.codes[0]).name)
    assert name == f"ket-qua-{commune}-2026-08.pdf" and name.isascii()
