"""The measurements: each core call beside the same query through plain sqlite3."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database
from desktop.core import campaigns, demo, events, outcomes, people
from desktop.core.events import EventFilter
from desktop.core.outcomes import OutcomeFilter
from desktop.core.people import PersonFilter
from desktop.core.text import like_pattern, search_terms

if TYPE_CHECKING:
    import sqlite_utils

PAGE = 200
# On a shared 2-CPU machine a few milliseconds are scheduling noise, not a slow query.
NOISE_MS = 5.0
SEARCHES = ("nguyen van", "dung")
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """One line of the results table; times in milliseconds (median of the runs)."""

    name: str
    core_ms: float | None
    plain_ms: float | None = None
    note: str = ""
    interactive: bool = True  # a wait in daily use (not a one-off generation)
    statements: list[str] = field(default_factory=list)  # the core's SQL, for EXPLAIN

    @property
    def ratio(self) -> float | None:
        if self.core_ms is None or not self.plain_ms:
            return None
        return self.core_ms / self.plain_ms

    @property
    def slow(self) -> bool:
        """Over 100 ms, or over twice the plain query by more than the noise: worth a look."""
        if not self.interactive or self.core_ms is None:
            return False
        above_noise = self.plain_ms is not None and self.core_ms - self.plain_ms > NOISE_MS
        return self.core_ms > 100 or (above_noise and (self.ratio or 0) > 2)


def median_ms(call: Callable[[], object], runs: int, warm_up: bool = True) -> float:
    """Median wall time of `call` in ms; one unmeasured run first fills the page cache."""
    if warm_up:
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def traced(db: sqlite_utils.Database, call: Callable[[], object]) -> list[str]:
    """The SQL statements (with their values) that one run of `call` executes."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return seen


def _plain(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path))


def _fetch(conn: sqlite3.Connection, sql: str, params: list) -> list:
    return conn.execute(sql, params).fetchall()


def measure_open(path: Path, runs: int) -> Row:
    def core() -> None:
        open_database(path).close()

    def plain() -> None:
        conn = _plain(path)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        conn.close()

    return Row("Open the database (open_database)", median_ms(core, runs), median_ms(plain, runs))


PLAIN_EVENTS = f"""
SELECT e.uid, e.start_date, e.end_date, e.title, t.name, e.level, COALESCE(h.name, ''), e.place,
       e.status, e.count_total,
       (SELECT COUNT(*) FROM attendance a WHERE a.event_uid = e.uid AND a.deleted_at IS NULL),
       (SELECT COUNT(*) FROM outcome o WHERE o.event_uid = e.uid AND o.deleted_at IS NULL)
FROM event e JOIN event_type t ON t.uid = e.event_type_uid
LEFT JOIN hamlet h ON h.uid = e.hamlet_uid
WHERE e.deleted_at IS NULL AND e.campaign_uid = ?
ORDER BY e.start_date DESC, e.id DESC LIMIT {PAGE}"""
PLAIN_EVENTS_COUNT = "SELECT COUNT(*) FROM event WHERE deleted_at IS NULL AND campaign_uid = ?"

PLAIN_PEOPLE = """
SELECT p.uid, p.full_name, p.gender, p.birth_year, COALESCE(h.name, ''),
       COALESCE(eth.name, ''), COALESCE(rel.name, ''), p.phone, p.position
FROM person p LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
LEFT JOIN ethnicity eth ON eth.code = p.ethnicity_code
LEFT JOIN religion rel ON rel.code = p.religion_code
WHERE p.deleted_at IS NULL {search}
ORDER BY p.sort_key, p.id LIMIT 200"""
PLAIN_PEOPLE_COUNT = "SELECT COUNT(*) FROM person p WHERE p.deleted_at IS NULL {search}"

PLAIN_OUTCOMES = f"""
SELECT o.uid, i.name, i.category, i.unit_label, o.quantity, o.value_vnd, o.recipient,
       o.recipient_kind, o.issuer_level, COALESCE(e.title, ''), COALESCE(e.start_date, ''),
       o.outcome_date
FROM outcome o JOIN indicator i ON i.uid = o.indicator_uid
LEFT JOIN event e ON e.uid = o.event_uid
WHERE o.deleted_at IS NULL AND o.campaign_uid = ?
ORDER BY COALESCE(o.outcome_date, e.start_date) DESC, o.id DESC LIMIT {PAGE}"""
PLAIN_OUTCOMES_COUNT = "SELECT COUNT(*) FROM outcome WHERE deleted_at IS NULL AND campaign_uid = ?"


def _pair(
    name: str,
    db: sqlite_utils.Database,
    conn: sqlite3.Connection,
    core: Callable[[], object],
    plain: list[tuple[str, list]],
    runs: int,
) -> Row:
    def run_plain() -> None:
        for sql, params in plain:
            _fetch(conn, sql, params)

    row = Row(name, median_ms(core, runs), median_ms(run_plain, runs))
    row.statements = traced(db, core)
    return row


def measure_lists(path: Path, runs: int) -> list[Row]:
    """The first page of each list with its count, as the list pages ask for them."""
    db, conn = open_database(path), _plain(path)
    try:
        campaign = campaigns.current(db)
        assert campaign is not None
        uid = campaign.uid
        event_filter, outcome_filter = (
            EventFilter(campaign_uid=uid),
            OutcomeFilter(campaign_uid=uid),
        )
        everyone = PersonFilter()
        rows = [
            _pair(
                "Events: first page + count (list_events)",
                db,
                conn,
                lambda: (
                    events.count_events(db, event_filter),
                    events.list_events(db, event_filter),
                ),
                [(PLAIN_EVENTS_COUNT, [uid]), (PLAIN_EVENTS, [uid])],
                runs,
            ),
            _pair(
                "People: first page + count (list_people)",
                db,
                conn,
                lambda: (people.count_people(db, everyone), people.list_people(db, everyone)),
                [(PLAIN_PEOPLE_COUNT.format(search=""), []), (PLAIN_PEOPLE.format(search=""), [])],
                runs,
            ),
            _pair(
                "Outcomes: first page + count (list_outcomes)",
                db,
                conn,
                lambda: (
                    outcomes.count_outcomes(db, outcome_filter),
                    outcomes.list_outcomes(db, outcome_filter),
                ),
                [(PLAIN_OUTCOMES_COUNT, [uid]), (PLAIN_OUTCOMES, [uid])],
                runs,
            ),
        ]
        rows.append(_last_people_page(db, conn, runs))
        rows += [_search_row(db, conn, text, runs) for text in SEARCHES]
        return rows
    finally:
        db.close()
        conn.close()


def _last_people_page(db, conn, runs: int) -> Row:
    """Scrolling to the end: OFFSET makes SQLite step over every earlier row of the index."""
    everyone = PersonFilter()
    offset = max(0, people.count_people(db, everyone) - PAGE)
    plain = PLAIN_PEOPLE.format(search="") + " OFFSET ?"
    return _pair(
        f"People: last page (OFFSET {offset:,})",
        db,
        conn,
        lambda: people.list_people(db, everyone, offset=offset),
        [(plain, [offset])],
        runs,
    )


def _search_row(db, conn, text: str, runs: int) -> Row:
    flt = PersonFilter(text=text)
    patterns = [like_pattern(term) for term in search_terms(text)]
    search = "".join(" AND p.search_key LIKE ? ESCAPE '\\'" for _ in patterns)
    return _pair(
        f"Search people “{text}” + count",
        db,
        conn,
        lambda: (people.count_people(db, flt), people.list_people(db, flt)),
        [
            (PLAIN_PEOPLE_COUNT.format(search=search), patterns),
            (PLAIN_PEOPLE.format(search=search), patterns),
        ],
        runs,
    )


DEMO_TARGET_MS = 5_000  # the first-run wizard's "try the demo commune" waits on it


def measure_demo(runs: int) -> Row:
    """Creating the 1,500-person demo commune into a new file, as `antq-desk demo` does."""

    def create() -> None:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(Path(folder) / "demo.sqlite3")
            demo.create_demo_commune(db)
            db.close()

    name = "Create the demo commune (1,500 people, 60 events; target < 5 s)"
    took = median_ms(create, runs, warm_up=False)
    note = "" if took < DEMO_TARGET_MS else "**over the 5 s target**"
    return Row(name, took, note=note, interactive=False)


_WINDOW_SCRIPT = """
import json, sys
from pathlib import Path
try:
    import desktop.ui.app as app
except ImportError as error:
    print(json.dumps({"missing": str(error)}))
    raise SystemExit(0)
opener = getattr(app, "open_main_window_for_bench", None)
if opener is None:
    print(json.dumps({"missing": "open_main_window_for_bench"}))
else:
    print(json.dumps({"seconds": opener(Path(sys.argv[1]))}))
"""


def _window_once(path: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANTQ_LANG": "vi"}
    done = subprocess.run(
        [sys.executable, "-c", _WINDOW_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(lines[-1])


def measure_window(path: Path, runs: int) -> Row:
    """Opening the main window over the large file, in a fresh process each time."""
    name = "Open the main window (fresh process, offscreen)"
    results = [_window_once(path) for _ in range(runs)]
    for result in results:
        if "seconds" not in result:
            reason = result.get("missing") or result.get("error")
            return Row(name, None, note=f"skipped: {reason}")
    seconds = statistics.median(result["seconds"] for result in results)
    return Row(name, seconds * 1000, note=f"{runs} processes, open_main_window_for_bench")


def query_plans(path: Path, statements: list[str]) -> list[tuple[str, list[str]]]:
    """EXPLAIN QUERY PLAN of each traced statement that reads data."""
    conn = _plain(path)
    try:
        plans = []
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            steps = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            plans.append((" ".join(sql.split()), steps))
        return plans
    finally:
        conn.close()
