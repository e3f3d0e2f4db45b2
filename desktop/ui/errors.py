"""Errors shown to the user: known ones as a Vietnamese message, bugs as a crash dialog.

Known errors (validation, a locked or damaged database, a full disk, a missing USB drive) come
with a message from `desktop.core.errors.user_message`; anything else is a bug: it is logged with
its traceback and the crash dialog says where the log is. Never a bare traceback on screen.
"""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.errors import user_message
from desktop.core.i18n import _

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def show_known_error(parent: QWidget | None, error: BaseException) -> bool:
    """Show the Vietnamese message of a known error; False if the error is a bug."""
    message = user_message(error)
    if message is None:
        return False
    log.warning("%s: %s", type(error).__name__, getattr(error, "log_message", error))
    QMessageBox.warning(parent, _("Không thực hiện được"), message)
    return True


def guarded(method: F) -> F:
    """Run a slot; a known error becomes a message box, a bug goes on to the crash dialog."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            parent = self if isinstance(self, QWidget) else None
            if not show_known_error(parent, error):
                raise

    return wrapper  # type: ignore[return-value]


def install_crash_handler(log_file: Path) -> None:
    """Route uncaught exceptions to the log and a crash dialog naming the log's path."""

    def handle(kind, error, tb) -> None:
        log.critical("unhandled error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        known = user_message(error)  # e.g. "disk I/O error" while a list fetches its rows
        if known is not None:
            QMessageBox.warning(None, _("Không thực hiện được"), known)
            return
        QMessageBox.critical(
            None,
            _("Lỗi chương trình"),
            _(
                "ANTQ Desk gặp lỗi ngoài dự kiến: {error}\n\nDữ liệu đã lưu không bị ảnh hưởng. "
                "Hãy gửi tệp nhật ký cho bộ phận hỗ trợ:\n{path}"
            ).format(error=error, path=log_file),
        )

    sys.excepthook = handle
