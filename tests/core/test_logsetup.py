"""The log files: the window's and the CLI's apart, rotation refused as on Windows, native crashes.

Windows refuses to rename a file another process has open (PermissionError, WinError 32); the
seam is os.rename, which RotatingFileHandler's rotation calls, refusing the current log.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import logsetup


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _windows_rename(held: set[str]):
    real = os.rename

    def rename(source, target):
        if os.fspath(source) in held:
            raise PermissionError(
                13,
                "The process cannot access the file because it is being used by another process",
                os.fspath(source),
            )
        real(source, target)

    return rename


def _handler(path: Path) -> logsetup.KeepAppendingHandler:
    handler = logsetup.KeepAppendingHandler(path, maxBytes=200, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, text, None, None)


def _full_log_with_backups(tmp_path: Path) -> Path:
    path = tmp_path / "antq-desk.log"
    path.write_text("x" * 300 + "\n", encoding="utf-8")
    for number in (1, 2, 3):
        Path(f"{path}.{number}").write_text(f"backup {number}\n", encoding="utf-8")
    return path


def test_a_refused_rotation_keeps_every_backup_and_every_record(tmp_path, monkeypatch):
    path = _full_log_with_backups(tmp_path)
    monkeypatch.setattr(os, "rename", _windows_rename({str(path)}))
    handler = _handler(path)
    for number in range(5):  # each record past the limit retries the rotation
        handler.emit(_record(f"record {number}"))
    handler.close()
    for number in (1, 2, 3):
        assert Path(f"{path}.{number}").read_text(encoding="utf-8") == f"backup {number}\n"
    text = path.read_text(encoding="utf-8")
    assert [f"record {n}" in text for n in range(5)] == [True] * 5
    assert "log rotation postponed, appending instead" in text


def test_the_rotation_happens_once_the_file_is_let_go(tmp_path, monkeypatch):
    path = _full_log_with_backups(tmp_path)
    held = {str(path)}
    monkeypatch.setattr(os, "rename", _windows_rename(held))
    handler = _handler(path)
    handler.emit(_record("while held"))
    held.clear()
    handler.emit(_record("after"))
    handler.close()
    assert "while held" in Path(f"{path}.1").read_text(encoding="utf-8")
    assert Path(f"{path}.2").read_text(encoding="utf-8") == "backup 1\n"
    assert Path(f"{path}.3").read_text(encoding="utf-8") == "backup 2\n"
    assert path.read_text(encoding="utf-8") == "after\n"


def test_a_rotation_cut_short_is_finished_by_the_next_one(tmp_path):
    """A crash between moving the log aside and shifting the backups leaves `.rotating`."""
    path = _full_log_with_backups(tmp_path)
    Path(f"{path}.rotating").write_text("cut short\n", encoding="utf-8")
    handler = _handler(path)
    handler.emit(_record("next"))
    handler.close()
    assert Path(f"{path}.1").read_text(encoding="utf-8") == "cut short\n"
    assert Path(f"{path}.2").read_text(encoding="utf-8") == "backup 1\n"
    assert "next" in path.read_text(encoding="utf-8")
    assert not Path(f"{path}.rotating").exists()


def test_the_window_and_the_cli_write_separate_logs():
    assert logsetup.log_file(logsetup.WINDOW_LOG).name == "antq-desk.log"
    assert logsetup.log_file(logsetup.CLI_LOG).name == "antq-desk-cli.log"


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(tmp_path / "local"),  # the same on Windows
        "ANTQ_LANG": "vi",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_a_cli_run_logs_to_its_own_file(tmp_path):
    done = _run(
        "from desktop.cli import main; main(['--db', 'no-such.sqlite3', 'check'])", tmp_path
    )
    assert "Không tìm thấy" in done.stderr
    logs = {path.name for path in tmp_path.rglob("*.log")}
    assert "antq-desk-cli.log" in logs
    assert "antq-desk.log" not in logs


def test_a_native_crash_is_written_to_the_log_folder(tmp_path):
    """A segmentation fault (as from a Qt or printer-driver bug) leaves its traceback there."""
    code = (
        "from desktop.core.logsetup import setup_logging, CLI_LOG; setup_logging(CLI_LOG); "
        "import faulthandler; faulthandler._sigsegv()"
    )
    done = _run(code, tmp_path)
    assert done.returncode != 0
    [crash_log] = tmp_path.rglob("antq-desk-native-crash.log")
    text = crash_log.read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text
    assert "<string>" in text  # where it happened


def test_the_native_crash_log_is_on_for_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(logsetup, "_native_crash_file", None)
    assert logsetup.enable_native_crash_log() is None  # pytest's own is left alone
    faulthandler.disable()
    try:
        path = logsetup.enable_native_crash_log()
        assert faulthandler.is_enabled()
        assert path is not None and path.parent == logsetup.log_file().parent
    finally:
        if logsetup._native_crash_file is not None:
            logsetup._native_crash_file.close()
        faulthandler.enable()  # back to pytest's own stderr
