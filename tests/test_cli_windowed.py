"""The windowed antq-desk.exe (no console) given a command, and console output on Windows.

PyInstaller's windowed program, like pythonw.exe, starts with sys.stdout and sys.stderr None:
the seam here is exactly that, for the length of one call.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from desktop.cli import commands as cli
from desktop.cli import console


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTQ_LANG", "vi")


@pytest.fixture
def told(monkeypatch):
    """What the windowed program shows in its message box, instead of a real modal box."""
    said: list[str] = []
    monkeypatch.setattr(
        "desktop.ui.app.QMessageBox.information", lambda parent, title, text: said.append(text)
    )
    return said


def _windowed(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(cli.Path("/opt/ANTQ Desk/antq-desk.exe")))


def test_without_a_console_a_command_is_not_run_but_explained(tmp_path, monkeypatch, told):
    db = tmp_path / "dữ liệu.sqlite3"
    _windowed(monkeypatch)
    code = cli.main(["--db", str(db), "--user", "admin", "backup"])
    monkeypatch.undo()
    assert code == 2
    assert not db.exists()  # nothing ran: no password was asked of a console that is not there
    assert len(told) == 1
    assert "antq-desk-cli.exe" in told[0]
    assert f'--db "{db}" --user admin backup' in told[0]  # quoted: the name has a space
    beside = cli.Path("/opt/ANTQ Desk/antq-desk-cli.exe")  # beside the windowed program
    assert f'"{beside}" --db' in told[0]


def test_without_a_console_help_is_explained_too(monkeypatch, told):
    _windowed(monkeypatch)
    code = cli.main(["--version"])
    monkeypatch.undo()
    assert code == 2
    assert "--version" in told[0]


def test_without_a_console_the_window_still_opens(tmp_path, monkeypatch, told):
    opened = []
    monkeypatch.setattr("desktop.ui.app.run_gui", lambda path: opened.append(path) or 0)
    _windowed(monkeypatch)
    code = cli.main(["--db", str(tmp_path / "a.sqlite3"), "--user", "admin"])
    monkeypatch.undo()
    assert code == 0
    assert opened == [tmp_path / "a.sqlite3"]
    assert told == []


def test_no_console_is_when_python_has_no_stdout(monkeypatch):
    assert console.has_console()
    monkeypatch.setattr(sys, "stdout", None)
    assert not console.has_console()


def test_a_stream_without_a_console_is_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    console.utf8_output()  # no AttributeError on None


def test_redirected_cp1258_output_becomes_utf8(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1258")
    monkeypatch.setattr(sys, "stdout", stream)
    console.utf8_output()
    print("Đã sao lưu và kiểm tra: Nguyễn Thị Ệ")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "Đã sao lưu và kiểm tra: Nguyễn Thị Ệ\n"


class _Console(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_a_console_that_lacks_a_letter_shows_an_escape_instead_of_stopping(monkeypatch):
    raw = io.BytesIO()
    stream = _Console(raw, encoding="cp1258")
    monkeypatch.setattr(sys, "stdout", stream)
    console.utf8_output()
    print("kiểm tra")
    stream.flush()
    assert raw.getvalue().decode("cp1258") == "ki\\u1ec3m tra\n"


def test_a_real_cp1258_pipe_gets_utf8(tmp_path):
    """The same through a new interpreter whose redirected output is cp1258, as on Windows."""
    code = "from desktop.cli.console import utf8_output; utf8_output(); print('Tệp đã ghi')"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONIOENCODING": "cp1258"},
        cwd=cli.Path(__file__).resolve().parents[1],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == "Tệp đã ghi\n"
