"""Opening the event and person detail dialogs over the large commune: rows read and time.

`python -m bench.details` opens the event with the most named participants and the person on
the most events, counts the statements the dialog runs and the rows SQLite hands back to
Python for them, and times the opening (median of the runs). Rows are counted through a
connection that wraps the real one, so every query the dialog makes, through any module, is
seen. `python -m bench` puts the results in its table (docs/performance.md).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import data, measures
from db import open_database


class CountingCursor:
    """A cursor that counts the rows fetched from it."""

    def __init__(self, cursor: sqlite3.Cursor, tally: Tally):
        self._cursor, self._tally = cursor, tally

    def __iter__(self):
        for row in self._cursor:
            self._tally.rows += 1
            yield row

    def fetchone(self) -> Any:
        row = self._cursor.fetchone()
        self._tally.rows += row is not None
        return row

    def fetchall(self) -> list:
        rows = self._cursor.fetchall()
        self._tally.rows += len(rows)
        return rows

    def fetchmany(self, size: int = 1) -> list:
        rows = self._cursor.fetchmany(size)
        self._tally.rows += len(rows)
        return rows

    def execute(self, sql: str, parameters: Any = ()) -> CountingCursor:
        """A cursor from `conn.cursor()` (figures sets its own row factory on it)."""
        self._tally.statements += 1
        self._cursor.execute(sql, parameters)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._cursor, name, value)


@dataclass
class Tally:
    statements: int = 0
    rows: int = 0


class CountingConnection:
    """Stands in for `db.conn`: every execute is counted, every fetched row too."""

    def __init__(self, conn: sqlite3.Connection, tally: Tally):
        self._conn, self._tally = conn, tally

    def execute(self, sql: str, parameters: Any = ()) -> CountingCursor:
        self._tally.statements += 1
        return CountingCursor(self._conn.execute(sql, parameters), self._tally)

    def cursor(self) -> CountingCursor:
        return CountingCursor(self._conn.cursor(), self._tally)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _counted(db, call: Callable[[], object]) -> Tally:
    tally = Tally()
    real = db.conn
    db.conn = CountingConnection(real, tally)
    try:
        call()
    finally:
        db.conn = real
    return tally


def _busiest_event(db) -> str:
    return db.conn.execute(
        "SELECT event_uid FROM attendance WHERE deleted_at IS NULL "
        "GROUP BY event_uid ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]


def _busiest_person(db) -> str:
    return db.conn.execute(
        "SELECT person_uid FROM attendance WHERE deleted_at IS NULL "
        "GROUP BY person_uid ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]


def _opener(ctx, dialog_class, uid: str) -> Callable[[], None]:
    def open_once() -> None:
        dialog = dialog_class(None, ctx, uid)
        dialog.show()
        dialog.close()
        dialog.deleteLater()

    return open_once


def measure(path: Path, runs: int) -> list[tuple[str, Tally, float]]:
    """(name, statements and rows of one opening, median ms) for each detail dialog."""
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.dialogs.event_detail import EventDetailDialog
    from desktop.ui.dialogs.person_detail import PersonDetailDialog

    make_application()
    db = open_database(path)
    try:
        ctx = AppContext(db, path)
        results = []
        for name, dialog_class, uid in (
            ("Event detail dialog (busiest event)", EventDetailDialog, _busiest_event(db)),
            ("Person detail dialog (busiest person)", PersonDetailDialog, _busiest_person(db)),
        ):
            opener = _opener(ctx, dialog_class, uid)
            tally = _counted(db, opener)
            results.append((name, tally, measures.median_ms(opener, runs)))
        return results
    finally:
        db.close()


def rows(path: Path, runs: int) -> list[measures.Row]:
    """The results as lines of `python -m bench`'s table."""
    return [
        measures.Row(name, took, note=f"{tally.statements} statements, {tally.rows} rows read")
        for name, tally, took in measure(path, runs)
    ]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    large = data.large_database()
    for name, tally, took in measure(large.path, runs):
        print(f"{name}: {tally.statements} statements, {tally.rows} rows, {took:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
