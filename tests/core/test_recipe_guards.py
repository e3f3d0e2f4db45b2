"""What a recipe in docs/developing.md can forget, checked: a synced table or column added
without the labels the audit trail shows it by."""

from __future__ import annotations

import pytest

from db.schema import SYNCED_TABLES
from desktop.core import audit_log

# Columns every synced table has, which the trail never shows as a change of its own.
TECHNICAL = {"id", "uid", "unit_code", "rev", "created_at", "updated_at", "deleted_at"}
DERIVED = {"search_key", "sort_key"}  # kept beside a name for search and order


@pytest.mark.parametrize("table", SYNCED_TABLES)
def test_every_synced_table_and_column_has_an_audit_label(db, table):
    assert table in audit_log.TABLE_LABELS
    columns = [row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")]
    unlabelled = [c for c in columns if c not in TECHNICAL | DERIVED | set(audit_log.FIELD_LABELS)]
    assert unlabelled == [], f"add {unlabelled} to audit_log.FIELD_LABELS"
