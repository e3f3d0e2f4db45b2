"""Fixtures for the list import tests: the committed sample files and a quick import helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.listimport import apply, headers, plan, readers

DATA = Path(__file__).resolve().parents[1] / "data" / "listimport"


@pytest.fixture
def data_file():
    """Path of a sample file in tests/data/listimport (see make_test_files.py)."""

    def path(name: str) -> Path:
        found = DATA / name
        assert found.exists(), f"run python -m tests.listimport.make_test_files ({name})"
        return found

    return path


@pytest.fixture
def planned(commune_db):
    """Read a file, guess its layout and plan it against the commune's register."""

    def make(path: Path, kind: str = headers.PEOPLE, sheet: str | None = None) -> plan.ImportPlan:
        content = readers.read_sheet(path, sheet)
        layout = headers.guess_layout(content, kind)
        campaign = commune_db.campaign_uid if kind == headers.EVENTS else None
        return plan.build_plan(commune_db, content, layout, campaign_uid=campaign)

    return make


def people_names(db) -> list[str]:
    rows = db.conn.execute("SELECT full_name FROM person WHERE deleted_at IS NULL ORDER BY id")
    return [r[0] for r in rows]


__all__ = ["DATA", "apply", "people_names"]
