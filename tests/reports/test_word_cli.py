"""`antq-desk report KIND … --out FILE.docx` for every kind, and a wrong suffix in words."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.province import make_province
from db import open_database
from desktop.cli import commands as cli
from desktop.core import demo
from tests.reports.word_files import open_docx, paragraph_texts


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A demo commune's file (and its busiest event) and a province's of three communes."""
    folder = tmp_path_factory.mktemp("word-cli")
    commune = folder / "xa.sqlite3"
    db = open_database(commune)
    demo.create_demo_commune(db, year=2026, people=200, events=40, today=dt.date(2026, 11, 1))
    (event,) = db.conn.execute(
        "SELECT event_uid FROM attendance WHERE deleted_at IS NULL "
        "GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
    ).fetchone()
    db.close()
    province = folder / "tinh.sqlite3"
    db = open_database(province)
    make_province(db, communes=3, months=12, events_per_month=2)
    db.close()
    return commune, event, province


@pytest.mark.parametrize(
    ("kind", "where", "extra"),
    [
        ("ket-qua", "commune", ["--period", "08/2026", "--number", "4"]),
        ("khen-thuong", "commune", []),
        ("trich-danh-sach", "commune", ["--period", "2026-Q3"]),
        ("ky-ten", "commune", ["--event"]),
        ("su-kien", "commune", ["--event"]),
        ("tong-hop", "province", ["--period", "2026-08"]),
    ],
)
def test_every_kind_writes_a_word_file(files, tmp_path, capsys, kind, where, extra):
    commune, event, province = files
    path = commune if where == "commune" else province
    if extra == ["--event"]:
        extra = ["--event", event]
    out = tmp_path / f"{kind}.docx"
    argv = ["--db", str(path), "report", kind, "--campaign", "NH-ANTQ-2026", *extra]
    assert cli.main([*argv, "--date", "2026-09-05", "--out", str(out)]) == cli.EXIT_OK
    assert "Đã ghi báo cáo vào" in capsys.readouterr().out
    docx_file = open_docx(out.read_bytes())
    text = " ".join(paragraph_texts(docx_file))
    assert "ngày 05 tháng 9 năm 2026" in text
    if kind == "ket-qua":
        assert "Số: 04/BC-CAX" in text
    assert docx_file.core_properties.title and docx_file.core_properties.subject


def test_a_wrong_suffix_lists_the_three_that_work(files, tmp_path, capsys):
    commune, _event, _province = files
    out = tmp_path / "bao-cao.odt"
    assert cli.main(["--db", str(commune), "report", "ket-qua", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert ".pdf" in error and ".docx" in error and ".xlsx" in error
    assert not out.exists()


def test_the_help_names_word(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    shown = capsys.readouterr().out
    assert ".docx" in shown and "Word" in shown
