"""The window's part of opening an office file: the core's sequence, rendered.

The sequence itself (location, lock, first look, verdict, migrations, sign-in, daily backup)
is `desktop.core.storage.opening.Opening`; this module only runs its steps where the window
needs them and shows what they answer. `prepare` runs steps 1 to 3 (a refusal is a message; an
emptied file beside its backups is the damage dialog, which offers the newest good backup). The
read-only check of step 4 then runs on a thread of its own once the first screen has painted,
while the officer types a password: on a large commune that read takes seconds from a cold
disk. The sign-in (step 6, an audit entry) waits for its verdict (`SafeStart.refusal`); the main
window is built only once it is sound (`SafeStart.settle`). A damaged file is never opened for
work: the officer is told plainly and offered the newest good backup, another backup file, or
to quit.

Once the window is up: the daily start-up backup (step 7, at most once a day). When the program
ends: a backup if anything changed, then the lock is released. The backup, restore and
integrity modules are imported where they are used: none is needed to draw the first screen.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
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
from desktop.core.errors import user_message
from desktop.core.i18n import _
from desktop.core.storage import dblocation, opening
from desktop.core.storage.instance_lock import InstanceLock
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


class BackgroundCheck:
    """The sequence's read-only check (step 4) in an Operation, started once the first screen
    has painted (it reads the whole file, which on a cold disk would slow drawing it); `result`
    waits for it, starting it first if nothing has painted yet. sqlite3 releases the GIL: the
    GUI stays live."""

    def __init__(self, check: Callable[[], opening.Verdict]):
        self._operation = Operation(
            None,
            lambda _job: check(),
            on_failure=lambda _error: True,  # `result` raises it where the outcome is needed
        )
        self._start = AfterFirstPaint(self._operation.start)

    def result(self) -> opening.Verdict:
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
        return opening.daily_backup(_job.db, db_path)

    def failed(error: BaseException) -> bool:
        done(error)
        return True

    return Operation(
        parent, work, on_success=done, on_failure=failed, database=(db_path, shared), writes=True
    ).start()


@dataclass
class SafeStart:
    """The window's opening sequence under way, its start-up check, and what the end of the
    session needs."""

    opening: opening.Opening
    check: BackgroundCheck | None = None
    daily: Operation | None = None
    window: QMainWindow | None = None
    watch: backup.ChangeWatch | None = field(default=None, repr=False)
    notice: str | None = None  # what the opening did (text repaired, an export finished)
    ended: bool = False  # `finish` ran: a late outcome of the daily backup is only logged
    _refusal: opening.Refusal | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        return self.opening.path

    @property
    def lock(self) -> InstanceLock:
        assert self.opening.lock is not None, "the window holds the lock from `prepare`"
        return self.opening.lock

    def refusal(self) -> opening.Refusal | None:
        """The sequence's verdict (step 4), waiting for the check: asked before the first write
        (a sign-in is an audit entry), so nothing is written to a damaged file. The machine
        refusing the check (disk I/O error, a lock) is a refusal too: `settle` says so."""
        if self.check is not None:
            check, self.check = self.check, None
            self._refusal = self.opening.judge(check.result())
        return self._refusal

    def settle(self, db: sqlite_utils.Database | None) -> Settled:
        """The verdict, for the window opened on `db`: on damage close `db` (None: the file
        would not even open) and offer a backup. Only a sound file goes on to the main window."""
        refusal = self.refusal()
        if refusal is None and db is not None:
            self.opening.remember_checks(db)
            self.notice = self.opening.notices(db)
            return Settled.SOUND
        if db is not None:
            db.close()
        if refusal is not None and not refusal.damaged:  # the machine, not the file
            _refuse(refusal)
            return Settled.QUIT
        problems = list(refusal.problems) if refusal else ["the file could not be opened"]
        return Settled.RESTORED if _offer_restore(self.db_path, problems) else Settled.QUIT

    def after_restore(self) -> None:
        """A backup replaced the file: the sequence looks at it and judges it again, under a
        wait cursor (a restored backup passed its own check, so this waits for little)."""
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            self._refusal = self.opening.first_look() or self.opening.judge(self.opening.check())
        finally:
            QApplication.restoreOverrideCursor()

    def attach(self, window: QMainWindow) -> None:
        """The window is up: watch for changes, and take the daily backup once it has painted."""
        from desktop.core.storage import backup

        self.window = window
        if self.notice:  # what the opening did that the officer should know
            window.statusBar().showMessage(self.notice.replace("\n", " "))  # type: ignore[attr-defined]
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
            self.opening.release()

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


def _refuse(refusal: opening.Refusal, parent: QWidget | None = None) -> None:
    """Show why the file does not open; its English line goes to the log."""
    log.error("start refused: %s", refusal.log_line)
    QMessageBox.critical(parent, refusal.title, refusal.message)


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
    """Steps 1 to 3 of the opening sequence before the window opens, and step 4 started; None
    (after telling the user) if the file must not open."""
    steps = opening.Opening(Path(db_path), opening.WINDOW, probe=probe, today=today)
    refusal = steps.prepare()
    while refusal is not None:  # an emptied file: the newest good backup, or quit
        if not refusal.damaged:
            _refuse(refusal)
        if not refusal.damaged or not _offer_restore(
            steps.path, list(refusal.problems), reason=refusal.problems[0]
        ):
            steps.release()
            return None
        refusal = steps.first_look()  # the restored file, looked at afresh
    if not steps.path.exists():  # a new office: nothing to read, the verdict is at once
        steps.judge(steps.check())
        return SafeStart(steps)
    return SafeStart(steps, BackgroundCheck(steps.check))
