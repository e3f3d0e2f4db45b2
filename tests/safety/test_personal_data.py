"""Files naming people need the right to export, on the CLI as in the window, and are recorded.

Reproduces: `report trich-danh-sach --out x.xlsx` wrote the register's names, ethnicity and
religion for anyone, unrecorded. Also walks the role table of docs/accounts.md against GRANTS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db import open_database
from desktop.cli.commands import EXIT_KNOWN_ERROR, EXIT_OK, main
from desktop.core import accounts, session
from desktop.core.session import GRANTS, Permission, Role
from desktop.ui.context import AppContext
from desktop.ui.pages.reports import ReportsPage
from tests.safety.conftest import ADMIN, OFFICER, PASSWORD, VIEWER

DOCS = Path(__file__).resolve().parents[2] / "docs" / "accounts.md"


def entries(path: Path, kind: str) -> list[dict]:
    db = open_database(path)
    try:
        rows = db.conn.execute("SELECT actor, subject, detail FROM audit WHERE kind = ?", [kind])
        return [{"actor": a, "subject": s, **json.loads(d)} for a, s, d in rows]
    finally:
        db.close()


@pytest.fixture
def register_file(tmp_path, known_db):
    """The reports' known commune, with accounts, saved to a file."""
    accounts.create_first_admin(known_db, ADMIN, "Quản Trị", PASSWORD)
    accounts.create_account(known_db, OFFICER, "Cán Bộ", "officer", PASSWORD)
    accounts.create_account(known_db, VIEWER, "Người Xem", "viewer", PASSWORD)
    path = tmp_path / "xa.sqlite3"
    known_db.conn.execute("VACUUM INTO ?", [str(path)])
    return path


def report(path: Path, out: Path, user: str | None, kind: str = "trich-danh-sach") -> int:
    argv = ["--db", str(path)] + (["--user", user] if user else [])
    return main([*argv, "report", kind, "--out", str(out)])


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_the_register_extract_needs_the_right_and_is_recorded(
    register_file, tmp_path, monkeypatch, capsys, suffix
):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)
    out = tmp_path / f"trich{suffix}"
    assert report(register_file, out, None) == EXIT_KNOWN_ERROR
    assert "Cần đăng nhập" in capsys.readouterr().err and not out.exists()
    assert report(register_file, out, VIEWER) == EXIT_KNOWN_ERROR
    assert "không có quyền xuất dữ liệu" in capsys.readouterr().err and not out.exists()
    assert report(register_file, out, OFFICER) == EXIT_OK and out.exists()
    recorded = entries(register_file, "export.personal")
    assert len(recorded) == 1
    assert recorded[0]["actor"] == OFFICER and recorded[0]["subject"] == "trich-danh-sach"
    assert recorded[0]["file"] == out.name and recorded[0]["people"] > 0


def test_an_aggregate_pdf_stays_open_to_anyone(register_file, tmp_path):
    out = tmp_path / "ket-qua.pdf"
    assert report(register_file, out, None, "ket-qua") == EXIT_OK and out.exists()
    assert entries(register_file, "export.personal") == []


@pytest.mark.gui
@pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_window_asks_the_same_right_to_save_a_sign_in_sheet(
    qtbot,
    known_db,
    tmp_path,
    monkeypatch,
):
    accounts.create_first_admin(known_db, ADMIN, "Quản Trị", PASSWORD)
    accounts.create_account(known_db, VIEWER, "Người Xem", "viewer", PASSWORD)
    accounts.sign_out(known_db)
    accounts.authenticate(known_db, VIEWER, PASSWORD)
    page = ReportsPage(AppContext(known_db, None))
    qtbot.addWidget(page)
    page.show()
    page.kind.setCurrentIndex(page.kind.findData("ky-ten"))
    page.event_choice.setCurrentIndex(page.event_choice.findData(known_db.ev["le_xa"]))
    with qtbot.waitSignal(page.generated, timeout=20_000):
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    shown: list[str] = []
    monkeypatch.setattr("desktop.ui.errors.QMessageBox.warning", lambda *a: shown.append(a[2]))
    page.ask_path = lambda *_args: tmp_path / "ky-ten.pdf"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert shown and "không có quyền xuất dữ liệu" in shown[0]
    assert not (tmp_path / "ky-ten.pdf").exists()
    accounts.sign_out(known_db)
    session.sign_in(known_db, accounts.authenticate(known_db, ADMIN, PASSWORD))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "ky-ten.pdf").exists()
    row = known_db.conn.execute(
        "SELECT actor, subject, detail FROM audit WHERE kind = 'export.personal'"
    ).fetchone()
    assert row[0] == ADMIN and row[1] == "ky-ten" and json.loads(row[2])["people"] > 0


def _role_table() -> dict[Permission, set[Role]]:
    """docs/accounts.md's role table: each row's (`permission`) and the roles ticked."""
    text = DOCS.read_text(encoding="utf-8")
    table: dict[Permission, set[Role]] = {}
    for line in text.splitlines():
        match = re.match(r"^\|(.*)\(`([a-z_]+)`\)\s*\|(.*)\|\s*$", line)
        if not match:
            continue
        ticks = [cell.strip() == "✓" for cell in match.group(3).split("|")]
        roles = {
            role
            for role, ticked in zip((Role.ADMIN, Role.OFFICER, Role.VIEWER), ticks, strict=True)
            if ticked
        }
        table[Permission(match.group(2))] = roles
    return table


def test_the_role_table_of_the_docs_is_the_code():
    documented = _role_table()
    assert set(documented) == set(Permission), "every permission has one row in the table"
    for permission, roles in documented.items():
        granted = {role for role in Role if permission in GRANTS[role]}
        assert roles == granted, permission
