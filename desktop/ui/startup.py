"""Opening the database safely when the window starts, and the backup when it ends.

Before the window opens: the file must be on a local disk (not a USB stick, a network share or
a synced cloud folder), no other window may have it (the single-instance lock, held until the
program ends and dropped by the operating system after a crash), and SQLite's quick check (the
full check once a week) must pass. A damaged file is never opened for work: the officer is told
plainly and offered the newest good backup, another backup file, or to quit.

Once the window is up: the daily start-up backup (at most once a day). When the program ends:
a backup if anything changed, then the lock is released.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from db import open_database
from db.errors import DamagedDatabase, DatabaseError
from desktop.core import backup, dblocation, integrity, office, restore
from desktop.core.errors import user_message
from desktop.core.i18n import _
from desktop.core.instance_lock import DatabaseInUse, InstanceLock
from desktop.ui.dialogs.backup import DamagedChoice, DamagedDatabaseDialog

log = logging.getLogger(__name__)


@dataclass
class SafeStart:
    """The lock on the database and what the end of the session needs."""

    db_path: Path
    lock: InstanceLock
    window: QMainWindow | None = None
    watch: backup.ChangeWatch | None = field(default=None, repr=False)

    def attach(self, window: QMainWindow) -> None:
        """The window is up: watch for changes, and take the daily backup once it has painted."""
        self.window = window
        db = window.ctx.db  # type: ignore[attr-defined]
        self.watch = backup.ChangeWatch(db)
        if office.is_set_up(db):
            QTimer.singleShot(0, lambda: self._daily_backup(db))

    def _daily_backup(self, db) -> None:
        try:
            made = backup.backup_at_start(db, self.db_path)
        except Exception as error:
            message = user_message(error)
            if message is None:
                raise
            log.warning("start-up backup failed: %s", getattr(error, "log_message", error))
            self.window.statusBar().showMessage(  # type: ignore[union-attr]
                _("Chưa sao lưu được hôm nay: {message}").format(message=message)
            )
            return
        if made is not None:
            log.info("start-up backup %s", made.path)

    def finish(self) -> None:
        """The program ends: back up if something changed, then let the next start in."""
        try:
            if self.window is not None and self.watch is not None:
                db = self.window.ctx.db  # type: ignore[attr-defined]
                if not integrity.writes_refused(db):
                    self._exit_backup(db)
        finally:
            self.lock.release()

    def _exit_backup(self, db) -> None:
        try:
            backup.backup_at_exit(db, self.db_path, self.watch)  # type: ignore[arg-type]
        except Exception as error:
            message = user_message(error)
            if message is None:
                raise
            log.error("exit backup failed: %s", getattr(error, "log_message", error))
            QMessageBox.warning(
                None,
                _("Chưa sao lưu được"),
                _(
                    "Không sao lưu được khi thoát: {message}\nDữ liệu đã lưu vẫn an toàn; lần "
                    "mở sau chương trình sẽ sao lưu lại."
                ).format(message=message),
            )


def _refuse(title: str, message: str, parent: QWidget | None = None) -> None:
    log.error("start refused: %s", message)
    QMessageBox.critical(parent, title, message)


def _check_file(db_path: Path, today: dt.date) -> list[str]:
    """The start-up checks on the closed file; the problems found (empty: sound)."""
    try:
        db = open_database(db_path)
        try:
            return integrity.check_at_start(db, today)
        finally:
            db.close()
    except DamagedDatabase as error:
        return [str(error)]
    except DatabaseError as error:  # too new, locked, read-only: opening the window says so
        log.warning("start-up check skipped: %r", error)
        return []


def _offer_restore(db_path: Path, problems: list[str]) -> bool:
    """Damage found: restore a backup chosen by the officer; False if they quit."""
    log.error("damaged database %s: %s", db_path, problems[:5])
    while True:
        choice, source = DamagedDatabaseDialog.ask(db_path, backup.newest_good_backup(db_path))
        if choice is DamagedChoice.QUIT or source is None:
            return False
        try:
            result = restore.restore_over_file(db_path, source)
        except Exception as error:
            message = user_message(error)
            if message is None:
                raise
            QMessageBox.warning(None, _("Không khôi phục được"), message)
            continue
        QMessageBox.information(
            None,
            _("Đã khôi phục"),
            _(
                "Đã khôi phục dữ liệu từ bản sao lưu lúc {when}. Tệp hỏng được giữ ở:\n{kept}"
            ).format(when=result.restored.taken_text, kept=result.kept_copy),
        )
        return True


def prepare(
    db_path: Path, *, probe: dblocation.Probe | None = None, today: dt.date | None = None
) -> SafeStart | None:
    """Everything before the window opens; None (after telling the user) if it must not open."""
    db_path = Path(db_path)
    try:
        dblocation.require_local(db_path, probe)
    except dblocation.UnsafeLocation as error:
        _refuse(_("Không mở dữ liệu ở nơi này"), str(error))
        return None
    lock = InstanceLock(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except DatabaseInUse as error:
        _refuse(_("Dữ liệu đang được mở"), str(error))
        return None
    except (OSError, DatabaseError) as error:
        _refuse(_("Không mở được dữ liệu"), user_message(error) or str(error))
        return None
    if db_path.exists():
        problems = _check_file(db_path, today or dt.date.today())
        if problems and not _offer_restore(db_path, problems):
            lock.release()
            return None
    return SafeStart(db_path, lock)
