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


def _audit_kinds_written() -> dict[str, str]:
    """Every constant kind passed to audit.action(...) or audit.log(...) in desktop/: where."""
    import ast
    from pathlib import Path

    found = {}
    for path in sorted((Path(__file__).resolve().parents[2] / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = getattr(node.func.value, "id", "")
            if owner != "audit" or node.func.attr not in {"action", "log"}:
                continue
            position = 2 if node.func.attr == "action" else 1
            kind = node.args[position] if len(node.args) > position else None
            if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                found[kind.value] = f"{path.name}:{node.lineno}"
    return found


def test_every_audit_kind_written_has_a_label():
    from desktop.core import audit

    written = _audit_kinds_written()
    assert len(written) > 20
    unlabelled = {kind: where for kind, where in written.items() if kind not in audit.KIND_LABELS}
    assert unlabelled == {}, "add them to audit.KIND_LABELS"


def test_a_backup_counts_every_synced_table_and_labels_the_ones_it_shows(tmp_path, commune_db):
    from desktop.core.storage import backup

    info = backup.write_backup(commune_db, tmp_path, "sao-luu")
    assert set(info.counts) == set(SYNCED_TABLES)
    assert info.counts["hamlet"] == 2
    assert set(backup.MAIN_TABLES) <= set(backup.TABLE_LABELS)
