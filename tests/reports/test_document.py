"""The PDF shows its document: every word of `Document.texts()`, in order, and every figure.

Each kind is built as a `Document` and drawn by `layout.render_document` for the demo commune
and for a province of three communes, over a year and over a month. The .docx renderer is held
to the same document, so a word in one file and not the other cannot pass both tests.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from dataclasses import replace

import pytest
from pypdf import PdfReader

from desktop.core import units
from desktop.core.reports import KINDS, ReportRequest, build_document, build_pdf, document
from desktop.core.reports.document import Chart, Document, Para, Signature, SigningColumns, Table
from desktop.core.reports.numbers import number
from tests.reports.conftest import pdf_text

NARRATIVE = (
    "I. Ưu điểm\nCác ban, ngành phối hợp tốt.\n1. Tồn tại\na) Kiến nghị\n"
    "Hỗ trợ <kinh phí> & tài liệu."
)


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def _event(db) -> str:
    """The held event with the most named participants (a sign-in sheet with rows to read)."""
    return db.conn.execute(
        """SELECT e.uid FROM event e LEFT JOIN attendance a
               ON a.event_uid = e.uid AND a.deleted_at IS NULL
           WHERE e.status = 'held' AND e.deleted_at IS NULL
           GROUP BY e.uid ORDER BY COUNT(a.id) DESC, e.start_date, e.id LIMIT 1"""
    ).fetchone()[0]


def _request(db, code: str, period: str, day: dt.date) -> ReportRequest:
    extra = {"event_uid": _event(db)} if KINDS[code].needs_event else {}
    if code == "ket-qua":
        extra["narrative"] = NARRATIVE
    return ReportRequest(code, db.campaign_uid, period, serial=7, day=day, **extra)


def _missing_in_order(wanted: list[str], shown: list[str]) -> list[str]:
    """The words of `wanted` that do not follow each other in `shown` ([] when all do)."""
    at = 0
    for index, word in enumerate(wanted):
        try:
            at = shown.index(word, at) + 1
        except ValueError:
            return wanted[max(0, index - 5) : index + 5]
    return []


def _as_listed(doc: Document) -> Document:
    """The document with its recipients as the list shows them ('- Như trên;' …)."""
    blocks = [
        replace(b, recipients=tuple(document.recipient_lines(b.recipients)))
        if isinstance(b, Signature)
        else b
        for b in doc.blocks
    ]
    return replace(doc, blocks=tuple(blocks))


def _check(doc: Document, pdf: bytes) -> None:
    # a narrow cell breaks a word after its hyphen ("Khơ-" | "me"): joined again here
    shown = _words(re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(pdf_text(pdf))))
    wanted = [word for text in _as_listed(doc).texts() for word in _words(text)]
    assert len(wanted) > 40
    missing = _missing_in_order(wanted, shown)
    assert not missing, f"not in the PDF, or out of order: {' '.join(missing)}"
    # every figure of the text is in that order; the chart's bars carry their count above them
    for chart in (b for b in doc.blocks if isinstance(b, Chart)):
        bars = Counter(number(count) for _month, count in chart.per_month if count)
        assert not bars - Counter(shown), f"bars without their count: {bars - Counter(shown)}"


PERIODS = [("all", dt.date(2026, 12, 31)), ("2026-08", dt.date(2026, 9, 5))]


@pytest.mark.parametrize(("period", "day"), PERIODS)
@pytest.mark.parametrize("code", [c for c, k in KINDS.items() if not k.province_only])
def test_the_demo_communes_pdf_shows_every_word_and_figure_of_its_document(
    demo_db, code, period, day
):
    request = _request(demo_db, code, period, day)
    _check(build_document(demo_db, request), build_pdf(demo_db, request))


@pytest.mark.parametrize(("period", "day"), PERIODS)
@pytest.mark.parametrize("code", list(KINDS))
def test_the_provinces_pdf_shows_every_word_and_figure_of_its_document(
    shared_province_db, code, period, day
):
    db = shared_province_db
    request = _request(db, code, period, day)
    _check(build_document(db, request), build_pdf(db, request))


def test_a_word_the_pdf_lacks_is_found_missing(demo_db):
    """The check above can fail: a document with one word more than its PDF does not pass."""
    request = _request(demo_db, "ket-qua", "2026-08", dt.date(2026, 9, 5))
    doc = build_document(demo_db, request)
    pdf = build_pdf(demo_db, request)
    _check(doc, pdf)
    with pytest.raises(AssertionError, match="Khôngcótrongtệp"):
        _check(replace(doc, blocks=(*doc.blocks, Para("Khôngcótrongtệp"))), pdf)
    chart = next(b for b in doc.blocks if isinstance(b, Chart))
    more = replace(chart, per_month=(*chart.per_month, ("2026-12", 98_765)))
    blocks = tuple(more if b is chart else b for b in doc.blocks)
    with pytest.raises(AssertionError, match=r"98\.765"):
        _check(replace(doc, blocks=blocks), pdf)


def test_the_pdf_carries_the_documents_title_unit_and_period(shared_province_db):
    db = shared_province_db
    request = ReportRequest("ket-qua", db.campaign_uid, "2026-08", day=dt.date(2026, 9, 5))
    request.unit_code = db.codes[1]
    doc = build_document(db, request)
    info = PdfReader(io.BytesIO(build_pdf(db, request))).metadata
    assert info is not None and info.title == doc.title and info.author == doc.author
    assert doc.period == "tháng 8 năm 2026" and doc.period in (info.subject or "")
    assert doc.unit == units.commune(db.codes[1]).name  # the one commune chosen, not the author
    assert doc.unit in (info.subject or "")


def test_an_event_documents_period_is_the_events_date(demo_db):
    request = _request(demo_db, "ky-ten", "all", dt.date(2026, 12, 31))
    doc = build_document(demo_db, request)
    day = demo_db.conn.execute(
        "SELECT start_date FROM event WHERE uid = ?", [request.event_uid]
    ).fetchone()[0]
    assert doc.period.startswith(dt.date.fromisoformat(day).strftime("%d/%m/%Y"))


def test_every_document_closes_with_a_signature_or_signing_columns(demo_db):
    for code, kind in KINDS.items():
        if kind.province_only:
            continue
        doc = build_document(demo_db, _request(demo_db, code, "all", dt.date(2026, 12, 31)))
        closing = [b for b in doc.blocks if isinstance(b, Signature | SigningColumns)]
        assert len(closing) == 1 and closing[0].lead, code  # never alone on its page
        assert any(isinstance(b, Table) for b in doc.blocks), code


def test_the_officers_text_becomes_headings_and_paragraphs_as_typed():
    assert document.narrative(NARRATIVE) == [
        Para("I. ƯU ĐIỂM", "heading1"),
        Para("Các ban, ngành phối hợp tốt."),
        Para("1. Tồn tại", "heading2"),
        Para("a) Kiến nghị", "heading3"),
        Para("Hỗ trợ <kinh phí> & tài liệu."),
    ]
    assert document.narrative("\n  \n") == []


def test_the_recipients_list_ends_each_line_once_and_the_last_with_a_full_stop():
    typed = ["Như trên;", "Công an tỉnh.", "Lưu: VT"]
    assert document.recipient_lines(typed) == ["- Như trên;", "- Công an tỉnh;", "- Lưu: VT."]
