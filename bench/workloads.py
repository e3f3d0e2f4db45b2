"""Whole jobs an officer or analyst waits for: importing a big Excel list, the province report.

Each is timed once per run on fresh data made here (nothing committed), beside the same rows
written with a plain sqlite3 `executemany` where that comparison means something.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.lists import write_big_file
from bench.measures import Row, median_ms
from bench.province import make_province
from db import open_database
from desktop.core import office, units
from desktop.core.listimport import apply, headers, plan, readers


def _fresh_commune(folder: Path):
    db = open_database(folder / "commune.sqlite3")
    office.set_up_commune(db, office.OfficeSetup(commune_code=units.communes("91")[0].code))
    return db


def measure_list_import(runs: int, rows: int = 20_000) -> Row:
    """Read, guess the columns, plan (duplicates) and write a 20,000-row .xlsx in one go."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-sach.xlsx"
        write_big_file(path, rows)

        def run() -> None:
            with tempfile.TemporaryDirectory() as work:
                db = _fresh_commune(Path(work))
                sheet = readers.read_sheet(path)
                layout = headers.guess_layout(sheet, headers.PEOPLE)
                summary = apply.run(db, plan.build_plan(db, sheet, layout))
                assert summary.added == rows, summary
                db.close()

        def plain() -> None:
            with tempfile.TemporaryDirectory() as work:
                conn = sqlite3.connect(Path(work) / "plain.sqlite3")
                conn.execute("CREATE TABLE person (full_name TEXT, birth_year INT, phone TEXT)")
                data = [(f"Người {i}", 1940 + i % 60, f"0912{i:06d}") for i in range(rows)]
                with conn:
                    conn.executemany("INSERT INTO person VALUES (?, ?, ?)", data)
                conn.close()

        core = median_ms(run, runs, warm_up=False)
        return Row(
            f"Import a {rows:,}-row Excel list of people (target < 10 s)",
            core,
            median_ms(plain, runs, warm_up=False),
            note="plain: executemany of the same rows into a bare table",
            interactive=False,
        )


def measure_consolidated_report(runs: int, communes: int = 150, months: int = 12) -> list[Row]:
    """The province's consolidated results report over 150 communes × 12 months, PDF."""
    from desktop.core.reports import ReportRequest, build_pdf

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "province.sqlite3")
        started = time.perf_counter()
        make_province(db, communes=communes, months=months)
        built = (time.perf_counter() - started) * 1000
        campaign = db.conn.execute("SELECT uid FROM campaign LIMIT 1").fetchone()[0]
        request = ReportRequest("tong-hop", campaign, "all", serial=1)
        core = median_ms(lambda: build_pdf(db, request), runs, warm_up=True)
        tracemalloc.start()
        build_pdf(db, request)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        db.close()
    scale = f"{communes} communes × {months} months"
    return [
        Row(f"Build the synthetic province ({scale})", built, interactive=False),
        Row(
            f"Consolidated results report, whole year ({scale})",
            core,
            note=f"peak Python memory {peak:.1f} MiB (tracemalloc)",
            interactive=False,
        ),
    ]
