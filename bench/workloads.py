"""Whole jobs an officer or analyst waits for: importing a big Excel list, the province report.

Each is timed once per run on fresh data made here (nothing committed), beside the same rows
written with a plain sqlite3 `executemany` where that comparison means something.
"""

from __future__ import annotations

import sqlite3
import statistics
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


IMPORT_TARGETS = ((20_000, 3.0), (50_000, 8.0))  # rows, seconds end to end


def measure_list_import(runs: int, rows: int = 20_000, target_s: float = 3.0) -> list[Row]:
    """Read, guess the columns, plan (duplicates) and write a generated .xlsx in one go, audit
    trail kept; beside it, reading the same file alone and a plain executemany of its rows."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-sach.xlsx"
        write_big_file(path, rows)

        def read() -> None:
            assert len(readers.read_sheet(path).rows) == rows + 2

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

        reading = median_ms(read, runs, warm_up=False)
        cpu: list[float] = []

        def timed_run() -> None:  # CPU time too: on a shared machine the wall time is noise
            started = time.process_time()
            run()
            cpu.append(time.process_time() - started)

        wall = median_ms(timed_run, runs, warm_up=False)
        return [
            Row(
                f"Read a {rows:,}-row Excel list alone (read_sheet)",
                reading,
                note="what the import costs before any checking",
                interactive=False,
            ),
            Row(
                f"Import a {rows:,}-row Excel list of people, audit kept (target ≤ {target_s:g} s)",
                wall,
                median_ms(plain, runs, warm_up=False),
                note=f"plain: executemany of the same rows into a bare table; reading alone "
                f"{reading:,.0f} ms; CPU time {statistics.median(cpu):.2f} s",
                interactive=False,
            ),
        ]


def measure_list_imports(runs: int) -> list[Row]:
    """The list import at 20,000 and 50,000 rows (`IMPORT_TARGETS`)."""
    return [row for n, target in IMPORT_TARGETS for row in measure_list_import(runs, n, target)]


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
