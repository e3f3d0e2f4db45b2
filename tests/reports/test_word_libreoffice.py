"""The Word files as another word processor lays them out: LibreOffice converts each to PDF.

Where LibreOffice is installed (with Writer), each report's .docx is converted headless with a
profile of its own (parallel runs never share one) and the fonts of resources/fonts (Liberation
Serif, Times New Roman's metrics, as on a PC without Times). The result must have the page count
of the program's own PDF (±1: two engines break lines a little differently), every word of the
report, and no word outside the text width: a table too wide or a line that overflows shows
there. Skipped, with the reason, where LibreOffice or poppler's pdftotext is missing.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from db import open_database
from desktop.core import demo
from desktop.core.paths import resource_path
from desktop.core.reports import ReportRequest, build_document, build_pdf, layout, write
from tests.reports.conftest import pdf_text
from tests.reports.word_files import words

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
DAY = dt.date(2026, 12, 31)
TOLERANCE = 3  # points: a justified line may end a hair past the margin in another engine
REPORTS = [
    ("ket-qua", "all"),
    ("ket-qua", "2026-08"),
    ("khen-thuong", "all"),
    ("trich-danh-sach", "2026-Q3"),
    ("ky-ten", None),
    ("su-kien", None),
]

pytestmark = [
    pytest.mark.slow,  # ~25 s: a demo commune, six reports, one LibreOffice run
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def convert(files: list[Path], folder: Path) -> dict[str, Path]:
    """Each .docx converted to PDF by one headless LibreOffice with a profile of its own."""
    profile = folder / "profile"
    conf = folder / "fonts.conf"
    conf.write_text(
        FONTS_CONF.format(fonts=resource_path("fonts"), cache=folder / "font-cache"),
        encoding="utf-8",
    )
    out = folder / "pdf"
    command = [
        str(SOFFICE),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    found = {path.stem: out / f"{path.stem}.pdf" for path in files}
    if not any(path.exists() for path in found.values()):
        if "could not be loaded" in done.stderr:
            pytest.skip("LibreOffice is installed without Writer: it cannot open a .docx")
        pytest.fail(f"LibreOffice converted nothing: {done.stdout} {done.stderr}")
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """(program's PDF, LibreOffice's PDF of the .docx, the document) per report."""
    folder = tmp_path_factory.mktemp("libreoffice")
    db = open_database(folder / "demo.sqlite3")
    campaign = demo.create_demo_commune(
        db, year=2026, people=300, events=60, today=dt.date(2026, 11, 1)
    )
    (event,) = db.conn.execute(
        "SELECT event_uid FROM attendance WHERE deleted_at IS NULL "
        "GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
    ).fetchone()
    made = {}
    for kind, period in REPORTS:
        if period is None:
            request = ReportRequest(kind, campaign, event_uid=event, day=DAY)
        else:
            request = ReportRequest(kind, campaign, period, day=DAY)
        name = f"{kind}-{period or 'su-kien'}"
        write(db, request, folder / f"{name}.docx")
        made[name] = (build_pdf(db, request), build_document(db, request))
    db.close()
    pdfs = convert([folder / f"{name}.docx" for name in made], folder)
    return {name: (own, pdfs[name], doc) for name, (own, doc) in made.items()}


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", [f"{k}-{p or 'su-kien'}" for k, p in REPORTS])
def test_libreoffice_lays_the_docx_out_on_as_many_pages(converted, name):
    own, theirs, _doc = converted[name]
    assert theirs.exists(), f"LibreOffice wrote no PDF for {name}"
    assert abs(pages(theirs.read_bytes()) - pages(own)) <= 1, name


@pytest.mark.parametrize("name", [f"{k}-{p or 'su-kien'}" for k, p in REPORTS])
def test_libreoffice_shows_every_word_of_the_report(converted, name):
    _own, theirs, doc = converted[name]
    shown = Counter(words(pdf_text(theirs.read_bytes())))
    assert Counter(words(doc.texts())) - shown == Counter(), name


_WORD_BOX = re.compile(
    r'<page width="([\d.]+)" height="([\d.]+)">|'
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("name", [f"{k}-{p or 'su-kien'}" for k, p in REPORTS])
def test_nothing_runs_past_the_margins(converted, name):
    _own, theirs, _doc = converted[name]
    boxes = subprocess.run(
        [str(PDFTOTEXT), "-bbox", str(theirs), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    outside = []
    width = 0.0
    for match in _WORD_BOX.finditer(boxes):
        if match[1]:
            width = float(match[1])
            portrait = width < float(match[2])
            left = layout.MARGIN_LEFT if portrait else layout.MARGIN_BOTTOM
            right = width - (layout.MARGIN_RIGHT if portrait else layout.MARGIN_BOTTOM)
            continue
        x_min, x_max = float(match[3]), float(match[4])
        if x_min < left - TOLERANCE or x_max > right + TOLERANCE:
            outside.append((html.unescape(match[5]), round(x_min), round(x_max)))
    assert width, "pdftotext read the pages"
    assert outside == [], f"{name}: words outside the text width"
