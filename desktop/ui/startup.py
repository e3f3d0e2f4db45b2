"""Opening the database safely when the window starts, and the backup when it ends.

Before anything opens: the file must be on a local disk (not a USB stick, a network share or
a synced cloud folder) and no other window may have it (the single-instance lock, held until the
program ends and dropped by the operating system after a crash). SQLite's quick check (the full
check once a week) then reads the whole file on a thread of its own, through a read-only
connection, while the sign-in dialog is up: on a large commune that read takes seconds from a
cold disk, which the officer spends typing a password rather than waiting for the first window.
The main window is built only once the check has passed (`SafeStart.settle`). A damaged file is
never opened for work: the officer is told plainly and offered the newest good backup, another
backup file, or to quit.

Once the window is up: the daily start-up backup (at most once a day). When the program ends:
a backup if anything changed, then the lock is released. The backup, restore and integrity
modules are imported where they are used: none is needed to draw the first screen.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# Qt's enums are reached through QtCore.Qt when used: loading them takes ~15 ms, which the
# first screen does not wait for (docs/performance.md).
from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from desktop.core import office
from desktop.core.errors import DatabaseError, user_message
from desktop.core.i18n import _
from desktop.core.storage import dblocation
from desktop.core.storage.connections import read_only_connection as open_read_only
from desktop.core.storage.instance_lock import DatabaseInUse, InstanceLock
from desktop.ui.first_paint import AfterFirstPaint
from desktop.ui.operations import Operation

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.storage import backup

log = logging.getLogger(__name__)


class Settled(enum.Enum):
    SOUND = "sound"  # go on with the window
    RESTORED = "restored"  # a backup replaced the file: open it again (and sign in again)
    QUIT = "quit"  # the officer chose to quit at the damage message


def _read_only_check(db_path: Path, today: dt.date) -> tuple[list[str], bool]:
    """The problems the quick check (and the weekly full one, when due) finds; whether the full
    one ran. A read-only connection of its own: it runs beside the window's connection."""
    import sqlite_utils

    from desktop.core.storage import integrity, verdict

    problems = verdict.file_problems(db_path)  # tables and triggers as the migrations made them
    if problems:
        return problems, False
    try:
        conn = open_read_only(db_path)
    except sqlite3.Error as error:
        integrity.raise_if_not_damage(error)
        return [str(error)], False
    try:
        return integrity.start_checks(sqlite_utils.Database(conn, execute_plugins=False), today)
    except sqlite3.DatabaseError as error:  # damage the quick check itself tripped over
        integrity.raise_if_not_damage(error)
        return [str(error)], False
    finally:
        conn.close()


class BackgroundCheck:
    """`_read_only_check` in an Operation, started once the first screen has painted (it reads
    the whole file, which on a cold disk would slow drawing it); `result` waits for it, starting
    it first if nothing has painted yet. sqlite3 releases the GIL: the GUI stays live."""

    def __init__(self, db_path: Path, today: dt.date):
        self.db_path, self.today = db_path, today
        self._operation = Operation(
            None,
            lambda _job: _read_only_check(db_path, today),
            on_failure=lambda _error: True,  # `result` raises it where the outcome is needed
        )
        self._start = AfterFirstPaint(self._operation.start)

    def result(self) -> tuple[list[str], bool]:
        self._start.run_now()
        worker = self._operation.worker
        if worker.isRunning():
            QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
            try:
                self._operation.wait()
            finally:
                QApplication.restoreOverrideCursor()
        else:
            self._operation.wait()
        if worker.error is not None:
            raise worker.error
        return worker.result


def daily_backup(
    parent: QWidget | None,
    db_path: Path,
    shared: sqlite_utils.Database | None,
    done: Callable[[object], None],
) -> Operation:
    """The start-up backup (at most once a day) in an Operation with its own connection:
    copying and verifying the large commune takes ~2 s, which the window must not freeze for.

    The backup API copies one consistent snapshot even while the window writes. `done` gets
    None, rotation's warning (a str), or the error to show (or, for a bug, to raise)."""

    def work(_job) -> str | None:
        from desktop.core.storage import backup

        made = backup.backup_at_start(_job.db, db_path)
        if made is not None:
            log.info("start-up backup %s", made.path)
        return made.warning if made is not None and made.warning else None

    def failed(error: BaseException) -> bool:
        done(error)
        return True

    return Operation(
        parent, work, on_success=done, on_failure=failed, database=(db_path, shared), writes=True
    ).start()


@dataclass
class SafeStart:
    """The lock on the database, the start-up check and what the end of the session needs."""

    db_path: Path
    lock: InstanceLock
    check: BackgroundCheck | None = None
    daily: Operation | None = None
    window: QMainWindow | None = None
    watch: backup.ChangeWatch | None = field(default=None, repr=False)
    ended: bool = False  # `finish` ran: a late outcome of the daily backup is only logged

    def verdict(self) -> list[str]:
        """The start-up check's problems (waiting for it), without settling: asked before the
        first write (a sign-in is an audit entry), so nothing is written to a damaged file.
        The machine refusing the check (disk I/O error, a lock) is a problem too: `settle` then
        says so and quits."""
        if self.check is None:
            return []
        try:
            return self.check.result()[0]
        except DatabaseError as error:
            return [user_message(error) or str(error)]

    def settle(self, db: sqlite_utils.Database | None) -> Settled:
        """Wait for the start-up check; on damage close `db` (None: the file would not even
        open) and offer a backup. Only a sound file goes on to the main window."""
        from desktop.core.storage import integrity

        if self.check is None:
            return Settled.SOUND
        try:
            problems, full_ran = self.check.result()
        except DatabaseError as error:  # the machine, not the file (disk I/O error, lock)
            if db is not None:
                db.close()
            _refuse(_("Không mở được dữ liệu"), user_message(error) or str(error))
            return Settled.QUIT
        day, self.check = self.check.today, None
        if db is None and not problems:
            problems = ["the database file could not be opened"]
        if not problems:
            if full_ran:
                integrity.remember_full_check(db, day)
            return Settled.SOUND
        if db is not None:
            db.close()
        return Settled.RESTORED if _offer_restore(self.db_path, problems) else Settled.QUIT

    def attach(self, window: QMainWindow) -> None:
        """The window is up: watch for changes, and take the daily backup once it has painted."""
        from desktop.core.storage import backup

        self.window = window
        db = window.ctx.db  # type: ignore[attr-defined]
        self.watch = backup.ChangeWatch(db)
        if office.is_set_up(db):
            QTimer.singleShot(0, self._daily_backup)

    def _daily_backup(self) -> None:
        db = self.window.ctx.db  # type: ignore[union-attr]
        head = db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0]
        self._before_daily = (self.watch is not None and not self.watch.changed(), head)
        self.daily = daily_backup(self.window, self.db_path, db, self._daily_backup_done)

    def _daily_backup_done(self, error: object) -> None:
        if self.ended:  # delivered after `finish` closed the window and its database
            log.warning("start-up backup ended after the window: %r", error)
            return
        self._forget_own_entry()
        if error is None:
            return
        if isinstance(error, str):  # rotation held an older backup back: say why
            self.window.statusBar().showMessage(error)  # type: ignore[union-attr]
            return
        message = user_message(error)  # type: ignore[arg-type]
        if message is None:
            raise error  # type: ignore[misc]  # a bug: the crash handler shows it
        log.warning("start-up backup failed: %s", getattr(error, "log_message", error))
        self.window.statusBar().showMessage(  # type: ignore[union-attr]
            _("Chưa sao lưu được hôm nay: {message}").format(message=message)
        )

    def _forget_own_entry(self) -> None:
        """The daily backup's audit entry is not a change worth an exit backup: if nothing else
        was written since the window opened, the watch starts again from here."""
        unchanged, head = getattr(self, "_before_daily", (False, 0))
        if not unchanged or self.watch is None or self.window is None:
            return
        others = self.window.ctx.db.conn.execute(  # type: ignore[attr-defined]
            "SELECT COUNT(*) FROM audit WHERE id > ? AND kind != 'backup.auto'", [head]
        ).fetchone()[0]
        if not others:
            self.watch.mark()

    def finish(self) -> None:
        """The program ends: back up if something changed, then let the next start in."""
        from desktop.core.storage import integrity

        if self.daily is not None:
            self.daily.wait()  # the start-up copy is finished before the exit one begins
            self._forget_own_entry()  # its `done` may not have been delivered yet
        self.ended = True
        try:
            if self.window is not None and self.watch is not None:
                db = self.window.ctx.db  # type: ignore[attr-defined]
                if not integrity.writes_refused(db):
                    self._exit_backup(db)
        finally:
            self.lock.release()

    def _exit_backup(self, db) -> None:
        from desktop.core.storage import backup

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


def _offer_restore(db_path: Path, problems: list[str], reason: str = "") -> bool:
    """Damage found: restore a backup chosen by the officer; False if they quit."""
    from desktop.core.storage import backup, restore
    from desktop.ui.dialogs.backup import DamagedChoice, DamagedDatabaseDialog, ask_backup_secret

    log.error("damaged database %s: %s", db_path, problems[:5])
    while True:
        newest = backup.newest_good_backup(db_path)
        choice, source = (
            DamagedDatabaseDialog.ask(db_path, newest, reason)
            if reason
            else DamagedDatabaseDialog.ask(db_path, newest)
        )
        if choice is DamagedChoice.QUIT or source is None:
            return False
        secret = ask_backup_secret(None, source)  # a USB backup is sealed with a passphrase
        if secret is None:
            continue
        try:
            result = restore.restore_over_file(db_path, source, **secret)
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
    remove_leftovers(db_path)
    if not _not_emptied(db_path):
        lock.release()
        return None
    check = BackgroundCheck(db_path, today or dt.date.today()) if db_path.exists() else None
    return SafeStart(db_path, lock, check)


def remove_leftovers(db_path: Path) -> None:
    """The `.part` files of a backup or a restore interrupted last time (a power cut, a kill):
    they are never a usable copy, and would otherwise pile up beside the data."""
    from desktop.core.storage import backup

    for folder, pattern in (
        (backup.backup_folder(db_path), f".{db_path.stem}-*{backup.SUFFIX}.part"),
        (backup.backup_folder(db_path), f".restore-*{backup.SUFFIX}.part"),
        (db_path.parent, f".restore-*{backup.SUFFIX}.part"),
    ):
        if folder.is_dir():
            for leftover in folder.glob(pattern):
                log.info("removing the leftover %s", leftover)
                backup.remove_quietly(leftover)


def _not_emptied(db_path: Path) -> bool:
    """A file found empty (or without its tables or office) beside its backups is damaged, not a
    new office: the officer is offered the newest good backup before anything opens it, since
    opening it for work would write a new schema into it. False if they quit."""
    from desktop.core.storage import verdict

    problems = verdict.file_problems(db_path, schema=False)
    return not problems or _offer_restore(db_path, problems, reason=problems[0])
