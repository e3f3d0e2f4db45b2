"""Every report kind as PDF and as Word, from one document: the same words and figures.

For each kind and period of the demo commune and of a province of three communes, the program's
PDF (pypdf's text) and its .docx (python-docx's paragraphs) are compared word by word with the
document both were made from (`Document.texts()`): every word of the model is in both files, and
neither has a word the model lacks, apart from what a renderer draws by itself (the national
motto, "Nơi nhận:", page numbers and the footer in the PDF, the chart's labels).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from db import open_database
from desktop.core import demo, formats
from desktop.core.reports import ReportRequest, build_document, build_pdf, write
from desktop.core.reports import document as model
from tests.reports.conftest import pdf_text
from tests.reports.word_files import (
    fixed_words,
    open_docx,
    paragraph_texts,
    recipients_words,
    words,
)

DAY = dt.date(2026, 12, 31)
PERIODS = ("all", "2026-08", "2026-Q3")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    db.campaign_uid = demo.create_demo_commune(
        db, year=2026, people=300, events=60, today=dt.date(2026, 11, 1)
    )
    yield db
    db.close()


COMMUNE_REPORTS = [
    *(
        (kind, period)
        for kind in ("ket-qua", "khen-thuong", "trich-danh-sach")
        for period in PERIODS
    ),
    ("ky-ten", None),
    ("su-kien", None),
]


def busiest_event(db) -> str:
    """The event with the most named participants: the longest sign-in sheet."""
    (event_uid,) = db.conn.execute(
        "SELECT event_uid FROM attendance WHERE deleted_at IS NULL "
        "GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
    ).fetchone()
    return event_uid


def chart_words(doc: model.Document) -> Counter:
    """What a chart draws besides its caption: month labels, counts, the axis' title."""
    found: Counter = Counter()
    for block in doc.blocks:
        if isinstance(block, model.Chart):
            labels = [f"T{int(month[5:7])}/{month[2:4]}" for month, _count in block.per_month]
            counts = [formats.quantity(count) for _month, count in block.per_month]
            found += Counter(words([*labels, *counts, "Lượt người"]))
    return found


def table_headers(doc: model.Document) -> list[str]:
    return [h for block in doc.blocks if isinstance(block, model.Table) for h in block.headers]


def has_chart(doc: model.Document) -> bool:
    return any(isinstance(block, model.Chart) for block in doc.blocks)


def check_same_words(db, request: ReportRequest, tmp_path) -> None:
    doc = build_document(db, request)
    expected = Counter(words(doc.texts()))
    assert expected, "the model says something"
    path = tmp_path / f"{request.kind}-{request.period}.docx"
    write(db, request, path)
    docx_words = Counter(words(paragraph_texts(open_docx(path.read_bytes()))))
    pdf = build_pdf(db, request)
    pages = pdf_text(pdf)
    pdf_words = Counter(words(pages))
    drawn = fixed_words() + recipients_words()
    label = f"{request.kind} {request.period}"
    # Every word of the model, as often as the model says it, in both files.
    assert expected - docx_words == Counter(), f"docx lacks ({label})"
    assert expected - pdf_words == Counter(), f"pdf lacks ({label})"
    # Nothing else in the Word file but the renderer's fixed words and the chart's labels.
    extra_docx = docx_words - expected
    assert extra_docx - drawn - chart_words(doc) == Counter(), f"docx adds ({label})"
    # The PDF adds its page numbers, its footer and the chart's axis; no other word or figure.
    page_numbers = Counter(str(n) for n in range(2, len(pages) + 1))
    footer = Counter(words([doc.footer] * len(pages)))
    headers = Counter(
        {w: c * len(pages) for w, c in Counter(words(table_headers(doc))).items()}
    )  # a table's header row drawn again on each page it runs onto
    extra_pdf = pdf_words - expected - drawn - chart_words(doc) - page_numbers - footer - headers
    if has_chart(doc):  # the value axis: round numbers only
        extra_pdf = Counter({w: c for w, c in extra_pdf.items() if not w.isdigit()})
    assert extra_pdf == Counter(), f"pdf adds ({label})"


@pytest.mark.parametrize(("kind", "period"), COMMUNE_REPORTS)
def test_every_commune_report_says_the_same_in_pdf_and_word(demo_db, tmp_path, kind, period):
    if period is None:  # a report of one event
        request = ReportRequest(
            kind, demo_db.campaign_uid, event_uid=busiest_event(demo_db), day=DAY
        )
    else:
        request = ReportRequest(kind, demo_db.campaign_uid, period, day=DAY, serial=7)
    check_same_words(demo_db, request, tmp_path)


@pytest.mark.parametrize(
    ("kind", "period", "one_commune"),
    [
        ("tong-hop", "all", False),
        ("tong-hop", "2026-08", False),
        ("ket-qua", "2026-Q3", False),
        ("ket-qua", "2026-08", True),
        ("khen-thuong", "all", False),
        ("trich-danh-sach", "2026-08", True),
    ],
)
def test_every_province_report_says_the_same_in_pdf_and_word(
    province_db, tmp_path, kind, period, one_commune
):
    db = province_db
    unit = db.codes[0] if one_commune else None
    request = ReportRequest(kind, db.campaign_uid, period, day=DAY, unit_code=unit)
    check_same_words(db, request, tmp_path)


def test_a_word_file_is_written_like_a_pdf_through_a_temporary_name(demo_db, tmp_path):
    request = ReportRequest("ket-qua", demo_db.campaign_uid, "2026-08", day=DAY)
    path = tmp_path / "Báo cáo.DOCX"  # any case of the suffix, a Vietnamese name
    size = write(demo_db, request, path)
    assert size == path.stat().st_size and [p.name for p in tmp_path.iterdir()] == [path.name]
    text = " ".join(paragraph_texts(open_docx(path.read_bytes())))
    assert "Số: 07/BC-CAX" not in text and "Số:" in text  # no number asked: room to write it


def test_a_wrong_suffix_names_the_three_that_work(demo_db, tmp_path):
    from desktop.core.errors import UserError

    request = ReportRequest("ket-qua", demo_db.campaign_uid, "2026-08", day=DAY)
    with pytest.raises(UserError) as refused:
        write(demo_db, request, tmp_path / "bao-cao.doc")
    assert all(suffix in str(refused.value) for suffix in (".pdf", ".docx", ".xlsx"))
    assert list(tmp_path.iterdir()) == []


def test_a_docx_open_in_word_on_windows_is_named_and_kept(demo_db, tmp_path, monkeypatch):
    """Word holds an open .docx: Windows refuses the rename (winerror 32) until it is closed."""
    import errno
    import os

    from desktop.core.errors import UserError
    from desktop.core.storage import durable

    monkeypatch.setattr(durable, "_pause", lambda _seconds: None, raising=False)

    def held(source, target, **kwargs):
        error = PermissionError(errno.EACCES, "The process cannot access the file")
        error.winerror = 32
        raise error

    monkeypatch.setattr(os, "replace", held)
    target = tmp_path / "ket-qua.docx"
    target.write_bytes(b"the chief's edited copy, open in Word")
    request = ReportRequest("ket-qua", demo_db.campaign_uid, "2026-08", day=DAY)
    with pytest.raises(UserError, match="đang mở trong chương trình khác") as raised:
        write(demo_db, request, target)
    assert str(target) in str(raised.value)
    assert target.read_bytes() == b"the chief's edited copy, open in Word"
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua.docx"]


def test_the_sign_in_sheet_leaves_a_signature_column_a_pen_fits(demo_db):
    """At least 25 mm wide and every row at least the model's signing height."""
    from docx.shared import Mm

    request = ReportRequest("ky-ten", demo_db.campaign_uid, event_uid=busiest_event(demo_db))
    doc = build_document(demo_db, request)
    (sheet,) = [b for b in doc.blocks if isinstance(b, model.Table) and b.sign_height_mm]
    from desktop.core.reports import word

    docx_file = open_docx(word.render(doc))
    table = next(t for t in docx_file.tables if len(t.rows) > len(sheet.rows))
    assert table.columns[-1].width >= Mm(25)
    assert all(row.height >= Mm(sheet.sign_height_mm - 0.1) for row in table.rows[1:])
