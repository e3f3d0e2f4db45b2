"""A commune with a small, fully known data set, and helpers to read a report PDF back."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from bench.province import make_province
from db import open_database
from desktop.core import attendance, campaigns, catalogues, demo, events, outcomes, people, units

REPORT_DAY = dt.date(2026, 9, 2)


@pytest.fixture
def known_db(commune_db):
    """The commune of tests/conftest.py with six events, five people and seven outcomes.

    August 2026 holds the commune festival (ceremony 500 + festivities 300 people, one day), a
    hamlet festival (120), and a meeting with no head-count but 3 named participants; March
    holds a propaganda session (80); October a planned one that must not count.
    """
    db = commune_db
    campaign = db.campaign_uid
    types = {t.code: t.uid for t in catalogues.event_types(db, campaign)}
    indicators = {i.code: i.uid for i in catalogues.indicators(db, campaign)}

    def event(code, title, day, status="held", total=0, level="xa", hamlet=None, **counts):
        return events.create_event(
            db,
            events.EventInput(
                campaign_uid=campaign,
                event_type_uid=types[code],
                title=title,
                start_date=day,
                level=level,
                hamlet_uid=hamlet,
                status=status,
                count_total=total,
                place="Hội trường Ủy ban nhân dân xã",
                **counts,
            ),
        )

    db.ev = {
        "le_xa": event(
            "le_xa",
            "Lễ khai mạc Ngày hội cấp xã",
            "2026-08-19",
            total=500,
            count_women=200,
            count_youth=150,
            count_ethnic=30,
            count_religious=40,
            count_students=10,
        ),
        "hoi_xa": event(
            "hoi_xa",
            "Hội thi văn nghệ, thể thao",
            "2026-08-19",
            total=300,
            count_women=100,
            count_youth=120,
        ),
        "le_ap": event(
            "le_ap",
            "Ngày hội ấp Tân Hòa",
            "2026-08-18",
            total=120,
            level="ap",
            hamlet=db.hamlets[0],
            count_women=60,
        ),
        "hop": event("hop_khac", "Họp Ban tổ chức", "2026-08-05"),
        "march": event(
            "tuyen_truyen",
            "Tuyên truyền Luật Căn cước tại ấp Bình An",
            "2026-03-10",
            total=80,
            count_women=35,
        ),
        "planned": event(
            "tuyen_truyen",
            "Tuyên truyền phòng chống lừa đảo",
            "2026-10-01",
            status="planned",
            total=50,
        ),
    }
    names = [
        "Nguyễn Thị Ánh Tuyết",
        "Trần Văn Đức",
        "Lê Hoàng Yến",
        "Phạm Quốc Việt",
        "Đặng Thị Hương",
    ]
    db.people = [
        people.create_person(
            db,
            people.PersonInput(name, birth_year=1960 + i * 7, hamlet_uid=db.hamlets[i % 2]),
            allow_duplicate=True,
        )
        for i, name in enumerate(names)
    ]
    for person in db.people[:3]:
        attendance.add(db, db.ev["hop"], person)
        attendance.add(db, db.ev["march"], person)
    for person in db.people:
        attendance.add(db, db.ev["le_xa"], person, "dai_bieu")

    def outcome(code, quantity, value=0, event_key=None, **extra):
        outcomes.create_outcome(
            db,
            outcomes.OutcomeInput(
                campaign_uid=campaign,
                indicator_uid=indicators[code],
                quantity=quantity,
                value_vnd=value,
                event_uid=db.ev[event_key] if event_key else None,
                **extra,
            ),
        )

    outcome(
        "bang_khen",
        1,
        2_340_000,
        "le_xa",
        recipient="Trường Tiểu học Tân Hòa",
        recipient_kind="tap_the",
        issuer_level="tinh",
        decision_ref="Quyết định số 449/QĐ-UBND ngày 15/08/2026",
    )
    outcome(
        "giay_khen",
        2,
        600_000,
        "le_xa",
        recipient="Ông Trần Văn Đức, bà Lê Hoàng Yến",
        recipient_kind="ca_nhan",
        issuer_level="xa",
        decision_ref="Quyết định số 12/QĐ-UBND",
    )
    outcome("suat_qua", 30, 15_000_000, "le_xa", recipient="Hộ nghèo, gia đình chính sách")
    outcome("kinh_phi_xa_hoi_hoa", 5, 35_000_000, outcome_date="2026-08-10")
    outcome("ho_ky_cam_ket", 120, 0, "hoi_xa")
    outcome("tin_bao_to_giac", 3, 0, "march")
    outcome("vu_khi", 2, 0, "hop")
    return db


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, NFC, white space collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return [
        re.sub(r"\s+", " ", unicodedata.normalize("NFC", page.extract_text() or "")).strip()
        for page in reader.pages
    ]


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Base font name of every font used → whether its program is embedded (FontFile2)."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor and "/FontFile2" in descriptor.get_object())
            found[str(font["/BaseFont"])] = embedded
    return found


def three_commune_province():
    """Four registered communes; three have a year of data, one has sent nothing yet."""
    db = open_database(":memory:")
    codes = make_province(db, communes=3, months=12, events_per_month=2)
    silent = units.communes("91")[3]
    db["unit"].insert(
        {
            "code": silent.code,
            "name": silent.name,
            "level": "commune",
            "is_self": 0,
            "created_at": "2026-01-01T00:00:00+00:00",
        }
    )
    db.codes, db.silent = codes, silent
    db.campaign_uid = next(c.uid for c in campaigns.list_campaigns(db) if c.code == "NH-ANTQ-2026")
    return db


@pytest.fixture
def province_db():
    """A province of its own for a test that changes it (see `three_commune_province`)."""
    db = three_commune_province()
    yield db
    db.close()


@pytest.fixture(scope="module")
def shared_province_db():
    """The same province, built once for the tests of a module that only read it."""
    db = three_commune_province()
    yield db
    db.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo commune of a year, 300 people and 60 events, as of 1 November 2026."""
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    db.campaign_uid = demo.create_demo_commune(
        db, year=2026, people=300, events=60, today=dt.date(2026, 11, 1)
    )
    yield db
    db.close()
