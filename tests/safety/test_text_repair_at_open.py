"""Old text ("Ð", control characters) is repaired by the opening sequence, in the window and in a
command alike, once the verdict is sound; the officer is told, and a file only read is not
touched (tests/core/test_textrepair.py covers the repair itself)."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from desktop.cli.commands import main
from desktop.core import people
from desktop.core.storage import connections, opening
from desktop.ui import startup
from desktop.ui.app import build_main_window
from tests.core.test_textrepair import old_office  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


def _found(path, text: str) -> list[str]:
    """Who a search finds, read without writing a byte."""
    with connections.for_job(path, None, writes=False) as db:
        return sorted(p.full_name for p in people.list_people(db, people.PersonFilter(text=text)))


def test_the_window_repairs_old_text_at_open_and_says_so_in_the_status_bar(qtbot, old_office):  # noqa: F811
    path, _made = old_office
    safe = startup.prepare(path)
    assert safe is not None
    window = build_main_window(path, sign_in=False, safe=safe)
    assert window is not None
    qtbot.addWidget(window)
    safe.attach(window)
    qtbot.waitUntil(lambda: safe.daily is not None)  # the daily backup started once painted
    try:
        assert "bản ghi cũ" in window.statusBar().currentMessage()
        assert "Đặng Văn Đức" in [
            p.full_name for p in people.list_people(window.ctx.db, people.PersonFilter(text="dang"))
        ]
    finally:
        safe.finish()  # waits for the daily backup, backs up at exit, lets the file go
        window.close()
        window.ctx.db.close()


def test_a_command_repairs_old_text_at_open_and_says_so_on_stderr(old_office, capsys):  # noqa: F811
    path, _made = old_office
    assert main(["--db", str(path), "backup"]) == 0
    assert "bản ghi cũ" in capsys.readouterr().err
    assert "Đặng Văn Đức" in _found(path, "dang")
    assert main(["--db", str(path), "backup"]) == 0
    assert "bản ghi cũ" not in capsys.readouterr().err  # once: nothing left to repair


def test_a_command_that_only_reads_leaves_the_old_file_as_it_is(old_office, tmp_path):  # noqa: F811
    path, _made = old_office
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = opening.open_office(path, opening.COMMAND_READS)
    assert isinstance(result, opening.Opened) and result.notice is None
    result.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    shutil.copy(path, tmp_path / "copy.sqlite3")
    assert "Đặng Văn Đức" not in _found(tmp_path / "copy.sqlite3", "dang")  # still "Ðặng"


def test_a_repair_the_disk_refuses_is_said_and_the_office_still_opens(old_office, monkeypatch):  # noqa: F811
    from desktop.core import textrepair
    from desktop.core.errors import UserError

    def full(_db, **_options):
        raise UserError("Ổ đĩa đã đầy.", "disk full")

    monkeypatch.setattr(textrepair, "repair_stored_text", full)
    path, _made = old_office
    result = opening.open_office(path, opening.COMMAND)
    assert isinstance(result, opening.Opened)
    assert result.notice is not None
    assert "Chưa sửa được" in result.notice and "Ổ đĩa đã đầy." in result.notice
    result.close()


def test_the_repair_at_open_does_not_read_the_whole_file_a_second_time(old_office, monkeypatch):  # noqa: F811
    """The verdict just ran SQLite's quick check (0.3 s on the large commune); the repair, its
    step 7, trusts it instead of running it again."""
    from desktop.core.storage import integrity

    checks: list[int] = []
    real = integrity.quick_problems
    monkeypatch.setattr(integrity, "quick_problems", lambda db: checks.append(1) or real(db))
    path, _made = old_office
    result = opening.open_office(path, opening.COMMAND)
    assert isinstance(result, opening.Opened)
    assert result.notice is not None and "bản ghi cũ" in result.notice
    result.close()
    assert len(checks) == 1  # the verdict's
