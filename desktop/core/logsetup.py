"""Logging to rotating files in the user's log folder: one for the window, one for the CLI.

The log is in English and meant for support: the crash dialog and the CLI point users to it.

Two rules come from Windows, where a file another process has open cannot be renamed:
- The window and the command line write separate files (`antq-desk.log`, `antq-desk-cli.log`),
  so a script running `antq-desk-cli backup` while an officer works never holds the window's log.
- A rotation that is refused (two windows, two scripts, antivirus reading the file) keeps
  appending to the current file and leaves every backup log in place. The standard handler
  shifted the backups before trying the refused rename, so each retry deleted the oldest
  backup log, and the record that triggered it was lost.

Native crashes (Qt, a printer driver) skip Python's error handling: `faulthandler` writes their
traceback to `antq-desk-native-crash.log` beside the logs.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import IO

from desktop import APP_ID
from desktop.core.paths import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5
WINDOW_LOG = APP_ID
CLI_LOG = f"{APP_ID}-cli"
NATIVE_CRASH_LOG = f"{APP_ID}-native-crash"
_HANDLER_NAME = "antq-desk-file"
_native_crash_file: IO[str] | None = None  # open for the whole process: faulthandler needs it


def log_file(name: str = WINDOW_LOG) -> Path:
    return log_dir() / f"{name}.log"


class KeepAppendingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that, when Windows refuses the rotation, keeps appending and loses nothing.

    The current file is moved aside first; only once that has worked are the backups shifted.
    """

    _told = False

    def doRollover(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None
        moving = f"{self.baseFilename}.rotating"
        if not os.path.exists(moving):  # else left by a rotation cut short: it goes first
            try:
                self.rotate(self.baseFilename, moving)
            except OSError as error:  # PermissionError on Windows: another process has it open
                self.stream = self._open()
                self._say_postponed(error)
                return
        for number in range(self.backupCount - 1, 0, -1):
            self._move(self.rotation_filename(f"{self.baseFilename}.{number}"), number + 1)
        self._move(moving, 1)
        self.stream = self._open()

    def _move(self, source: str, number: int) -> None:
        if not os.path.exists(source):
            return
        target = self.rotation_filename(f"{self.baseFilename}.{number}")
        try:
            os.replace(source, target)
        except OSError as error:  # a backup held open (sent by mail?): it keeps its place
            self.stream = self.stream or self._open()
            self.stream.write(f"log rotation: cannot move {source} to {target}: {error}\n")

    def _say_postponed(self, error: OSError) -> None:
        """One line in the log itself (once per process): why it grows past its limit."""
        if not KeepAppendingHandler._told:
            KeepAppendingHandler._told = True
            assert self.stream is not None, "called right after the stream was reopened"
            self.stream.write(f"log rotation postponed, appending instead: {error}\n")


def setup_logging(name: str = WINDOW_LOG, level: int = logging.INFO) -> Path:
    """Send the root logger to the log file `name` (once per process); returns the file's path.

    If the folder cannot be written (a locked-down office PC), logging goes to stderr instead
    and says so there, so the program still runs.
    """
    root = logging.getLogger()
    root.setLevel(level)
    for existing in root.handlers:
        if existing.get_name() == _HANDLER_NAME:
            return Path(getattr(existing, "baseFilename", log_file(name)))
    path = log_file(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = KeepAppendingHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        print(f"cannot write the log file {path}: {error}", file=sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    enable_native_crash_log()
    return path


def enable_native_crash_log() -> Path | None:
    """Native crashes' tracebacks go to the log folder (once per process); the file's path.

    The windowed program has no stderr, where faulthandler would write by default. On Windows
    the file may also hold "Windows fatal exception: code 0xe06d7363" lines that were no crash:
    a C++ exception a driver threw and caught itself. None if the folder cannot be written, or
    if faulthandler was already on (`python -X faulthandler`, pytest): it keeps writing there.
    """
    global _native_crash_file
    path = log_file(NATIVE_CRASH_LOG)
    if faulthandler.is_enabled() and _native_crash_file is None:
        return None
    if _native_crash_file is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _start_afresh_if_large(path)
            _native_crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept open)
        except OSError as error:
            logging.getLogger(__name__).warning("no native crash log %s: %s", path, error)
            return None
    faulthandler.enable(file=_native_crash_file, all_threads=True)
    return path


def _start_afresh_if_large(path: Path) -> None:
    """Native crashes are rare, so only the latest matter; a file held open keeps growing."""
    try:
        if path.stat().st_size > MAX_BYTES:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:  # open in another process (Windows): appending is fine
        logging.getLogger(__name__).info("keeping the native crash log %s: %s", path, error)
