"""Logging to a rotating file in the user's log folder, shared by the GUI and the CLI.

The log is in English and meant for support: the crash dialog and the CLI point users to it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from desktop import APP_ID
from desktop.core.paths import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5
_HANDLER_NAME = "antq-desk-file"


def log_file() -> Path:
    return log_dir() / f"{APP_ID}.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the root logger to the log file (once per process); returns the file's path.

    If the folder cannot be written (a locked-down office PC), logging goes to stderr instead
    and says so there, so the program still runs.
    """
    path = log_file()
    root = logging.getLogger()
    root.setLevel(level)
    if any(handler.get_name() == _HANDLER_NAME for handler in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        print(f"cannot write the log file {path}: {error}", file=sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    return path
