"""Opening an office file: one sequence, in the only order that never writes to a damaged file.

The window and every command open their file through `Opening`, whose steps run in this order:

1. location — a file that will be written must be on a local disk, never on a USB stick, a
   network share or in a cloud folder (`dblocation`);
2. lock — the window holds the one-window-per-file lock for its whole session and then clears
   the `.part` leftovers of an interrupted backup or restore (only its holder may: a command
   beside a running window would delete the window's copy in progress). A command does not
   take it, so a scheduled `backup` still runs beside the window; `restore` takes it itself;
3. first look — a missing file is refused unless the opener sets an office up; a 0-byte or
   tableless file beside its backups is damaged, not new; a sound-looking file of this
   program's schema gives the sign-in screen its office (`first_look`);
4. verdict — tables and triggers as the migrations made them, then SQLite's quick check (the
   full one once a week for the window), read-only (`check_file`, which may run on a thread
   of its own while the sign-in screen is up), for every opener: a reading command too, since
   opening migrates and a report from a damaged file would be silently wrong. A machine that
   refuses the check (a "disk I/O error" while antivirus holds the -wal, a lock) is said as
   such, never called damage;
5. migrations — `open_for_work` opens the file for work, migrated to this program's schema:
   the first write, so it refuses to run before a sound verdict (`OutOfOrder`, a bug). The one
   exception is the window's file of this program's schema, opened behind its sign-in screen
   while the check reads: it has no migration to run;
6. sign-in — every attempt, even a failed one, is an audit entry in this program's tables, so
   it needs a sound verdict and a migrated file;
7. what was left unfinished (`notices`), for an opener that writes: text an older version
   stored with "Ð" or control characters (`repair_text`), a bundle an export wrote but did not
   record (`finish_exports`);
8. daily backup — the window's, at most once a day (`daily_backup`), once the window is up.

Each step answers None or a `Refusal` (title and message in Vietnamese, a log line in English,
and for damage the verdict's problems, for which the window offers a backup). `open_office` runs
the whole sequence for a caller that can wait (every command); the window runs the same steps
around its dialogs (`desktop/ui/startup.py`). The one question the sequence asks, a password,
comes through an `Asker` (a command's console); the window's sign-in dialog asks it in place
and checks it with `sign_in` once the verdict is in. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop.core.errors import DatabaseError, UserError, user_message
from desktop.core.i18n import _
from desktop.core.storage import dblocation, verdict
from desktop.core.storage.first_look import FirstLook, first_look
from desktop.core.storage.instance_lock import DatabaseInUse, InstanceLock

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.session import Actor

log = logging.getLogger(__name__)


class Step(enum.StrEnum):
    LOCATION = "location"
    LOCK = "lock"
    LOOK = "first look"
    VERDICT = "verdict"
    MIGRATIONS = "migrations"
    SIGN_IN = "sign-in"


@dataclass(frozen=True)
class Intent:
    """What the opener will do with the file; it decides which guards apply."""

    writes: bool = True  # a file that may be written must be on a local disk
    creates: bool = False  # a missing file may become a new office
    holds_lock: bool = False  # one window per file, held for the window's session
    weekly_check: bool = False  # the full integrity check once a week (the window's start)


WINDOW = Intent(creates=True, holds_lock=True, weekly_check=True)
COMMAND = Intent()
COMMAND_READS = Intent(writes=False)  # a report without personal data: read from anywhere
COMMAND_CREATES = Intent(creates=True)  # init, demo, province-init, recover


@dataclass(frozen=True)
class Refusal:
    """Why the file is not opened: what the window shows and what a command prints."""

    step: Step
    title: str
    message: str
    log_line: str
    problems: tuple[str, ...] = ()  # the verdict's findings: the file is damaged
    error: Exception | None = None  # the known error behind it, for a command to raise

    @property
    def damaged(self) -> bool:
        """The file itself is damaged: the window offers a backup, a command says restore."""
        return bool(self.problems)


@dataclass(frozen=True)
class Verdict:
    """What the read-only check found: problems (empty: sound), whether the weekly full check
    ran, or the known error of a machine that would not let the file be read."""

    problems: list[str] = field(default_factory=list)
    full_ran: bool = False
    error: DatabaseError | None = None


class OutOfOrder(RuntimeError):
    """A step that writes was called before the verdict said the file is sound: a bug."""


class Asker(Protocol):
    """The questions opening a file may put to a person (a command's console, the window's
    dialogs). Only what the sequence itself must ask is here."""

    def password(self, username: str) -> str:
        """The password of `username`, who signs in."""
        ...


def refused(step: Step, title: str, error: Exception) -> Refusal:
    """A refusal for a known error (its Vietnamese message); a bug is raised as it is."""
    message = user_message(error)
    if message is None:
        raise error
    line = getattr(error, "log_message", "") or repr(error)
    return Refusal(step, title, message, f"{step}: {line}", error=error)


def damaged(path: Path, problems: list[str]) -> Refusal:
    """The verdict found the file damaged: nothing may be written to it."""
    message = _(
        "Tệp dữ liệu {path} bị hỏng, nên chương trình không ghi gì vào đó: {problem}"
    ).format(path=path, problem=problems[0])
    return Refusal(
        Step.VERDICT,
        _("Dữ liệu bị hỏng"),
        message,
        f"damaged database {path}: {problems[:5]}",
        problems=tuple(problems),
    )


def missing_file(path: Path) -> UserError:
    """A file the opener needs and may not create (a mistyped `--db` never makes an office)."""
    return UserError(
        _("Không tìm thấy tệp dữ liệu {path}.").format(path=path), f"{path} does not exist"
    )


def check_file(path: Path, today: dt.date, *, weekly: bool = False) -> Verdict:
    """Step 4, read-only: the file's tables and triggers against the migrations, then SQLite's
    quick check (and the full one when `weekly` and due). A file not yet written (missing or
    0 bytes, with no backups: the first look refused one with backups) is sound."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return Verdict()
    problems = verdict.file_problems(path)
    if problems:
        return Verdict(problems)
    try:
        return _sqlite_checks(path, today, weekly)
    except DatabaseError as error:  # the machine, not the file (disk I/O error, a lock)
        return Verdict(error=error)


def _sqlite_checks(path: Path, today: dt.date, weekly: bool) -> Verdict:
    import sqlite_utils

    from desktop.core.storage import connections, integrity

    try:
        conn = connections.read_only_connection(path)
    except sqlite3.Error as error:
        integrity.raise_if_not_damage(error)
        return Verdict([str(error)])
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if weekly:
            return Verdict(*integrity.start_checks(db, today))
        return Verdict(integrity.quick_problems(db))
    except sqlite3.DatabaseError as error:  # damage the check itself tripped over
        integrity.raise_if_not_damage(error)
        return Verdict([str(error)])
    finally:
        conn.close()


class Opening:
    """One file on its way to being opened. The steps are methods in the order they run; the
    ones that write refuse to run before a sound verdict."""

    def __init__(
        self,
        path: Path,
        intent: Intent,
        *,
        probe: dblocation.Probe | None = None,
        today: dt.date | None = None,
    ):
        self.path = Path(path)
        self.intent = intent
        self.probe = probe
        self.today = today or dt.date.today()
        self.lock: InstanceLock | None = None
        self.look: FirstLook | None = None
        self.verdict: Verdict | None = None  # set by `judge` once the file is found sound

    def prepare(self) -> Refusal | None:
        """Steps 1 to 3, which read no page of the file: quick enough for the first screen."""
        return self.locate() or self.take_lock() or self.first_look()

    def locate(self) -> Refusal | None:
        """1. A file that may be written lives on a local disk."""
        if not self.intent.writes:
            return None
        try:
            dblocation.require_local(self.path, self.probe)
        except dblocation.UnsafeLocation as error:
            return refused(Step.LOCATION, _("Không mở dữ liệu ở nơi này"), error)
        return None

    def take_lock(self) -> Refusal | None:
        """2. The window's lock (who holds it is named), then the leftovers only it may clear."""
        if not self.intent.holds_lock:
            return None
        lock = InstanceLock(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except DatabaseInUse as error:
            return refused(Step.LOCK, _("Dữ liệu đang được mở"), error)
        except (OSError, DatabaseError) as error:
            return refused(Step.LOCK, _("Không mở được dữ liệu"), error)
        self.lock = lock
        remove_leftovers(self.path)
        return None

    def first_look(self) -> Refusal | None:
        """3. A missing file only for an opener that sets an office up; an emptied file beside
        its backups is damaged; else what the sign-in screen shows (None: open first). A new
        look (at a restored backup) voids the verdict on what was there before."""
        self.look, self.verdict = None, None
        if not self.path.exists() and not self.intent.creates:
            return refused(Step.LOOK, _("Không mở được dữ liệu"), missing_file(self.path))
        problems = verdict.file_problems(self.path, schema=False)
        if problems:
            return damaged(self.path, problems)
        self.look = first_look(self.path)
        return None

    def check(self) -> Verdict:
        """4. The read-only check (may run on a thread of its own: it touches no state)."""
        return check_file(self.path, self.today, weekly=self.intent.weekly_check)

    def judge(self, found: Verdict) -> Refusal | None:
        """4. The verdict: None when the file is sound, and the steps that write may run."""
        self.verdict = None
        if found.error is not None:
            return refused(Step.VERDICT, _("Không mở được dữ liệu"), found.error)
        if found.problems:
            return damaged(self.path, found.problems)
        self.verdict = found
        return None

    def open_for_work(self, *, before_verdict: bool = False) -> sqlite_utils.Database:
        """5. The file opened for work, migrated to this program's schema (the first write).

        `before_verdict`: the window opens a file behind its sign-in screen while the check
        still reads. Only a file the first look read at this program's schema qualifies, since
        there is no migration to run; the sign-in (the first write) still waits for the verdict.
        """
        if not (before_verdict and self.look is not None):
            self._require_sound("migrations")
        from desktop.core.storage import connections

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return connections.open_for_window(self.path)

    def remember_checks(self, db: sqlite_utils.Database) -> None:
        """A clean weekly check, judged sound: the next one is due a week from today."""
        from desktop.core.storage import integrity

        if self.verdict is not None and self.verdict.full_ran:
            integrity.remember_full_check(db, self.today)

    def repair_text(self, db: sqlite_utils.Database) -> str | None:
        """7. Text an older version stored with "Ð" or control characters, folded once through
        the audited write path (`textrepair`): after the verdict and the migrations, and only
        for an opener that writes. What the officer is told, if anything."""
        if not self.intent.writes:
            return None
        self._require_sound("text repair")
        from desktop.core import textrepair

        try:
            return textrepair.repair_stored_text(db, judged_sound=True).message()
        except Exception as error:  # disk full, a lock: each table's repair is all or nothing
            message = user_message(error)
            if message is None:
                raise
            log.warning("stored text not repaired: %r", error)
            return _(
                "Chưa sửa được chữ trong dữ liệu cũ (sẽ thử lại lần mở sau): {message}"
            ).format(message=message)

    def finish_exports(self, db: sqlite_utils.Database) -> list[str]:
        """7. A bundle an export wrote but was cut off before recording (a power cut, a pulled
        stick): recorded if its file is whole, its leftovers removed if not
        (`bundle_writer.find_unrecorded`); after the sign-in, since only who may export does
        it. What the officer is told, if anything (nothing at a province)."""
        if not self.intent.writes:
            return []
        self._require_sound("unfinished exports")
        from desktop.core.sync import bundle_writer

        try:
            return bundle_writer.find_unrecorded(db).lines()
        except Exception as error:  # the disk refused: the export stays to finish next time
            message = user_message(error)
            if message is None:
                raise
            log.warning("unfinished exports not looked at: %r", error)
            return [
                _(
                    "Chưa kiểm tra được lần xuất gói bị ngắt (sẽ thử lại lần mở sau): {message}"
                ).format(message=message)
            ]

    def notices(self, db: sqlite_utils.Database) -> str | None:
        """Step 7, once signed in: old text repaired, a cut-off export finished; what
        the officer is told of them (the window's status bar, a command's stderr)."""
        said = [self.repair_text(db), *self.finish_exports(db)]
        return "\n".join(line for line in said if line) or None

    def sign_in(self, db: sqlite_utils.Database, username: str, password: str) -> Actor:
        """6. Check the password; even a refused attempt is an audit entry, so never before a
        sound verdict."""
        from desktop.core import accounts

        self._require_sound("sign-in")
        return accounts.authenticate(db, username, password)

    def sign_in_asking(
        self, db: sqlite_utils.Database, username: str | None, asker: Asker
    ) -> Actor | None:
        """6. Sign `username` in, asking the password; nobody (None) without a name, or on a
        file without accounts yet (set-up mode), where no password is checked."""
        from desktop.core import session

        if not username or not session.has_accounts(db):
            return None
        return self.sign_in(db, username, asker.password(username))

    def release(self) -> None:
        """The session ends (or the file was refused): let the next opener in."""
        if self.lock is not None:
            self.lock.release()

    def _require_sound(self, step: str) -> None:
        if self.verdict is None:
            raise OutOfOrder(f"{step} of {self.path} before a sound verdict")


def daily_backup(db: sqlite_utils.Database, path: Path) -> str | None:
    """8. The start-up backup, at most once a day: rotation's warning, if it held one back."""
    from desktop.core.storage import backup

    made = backup.backup_at_start(db, path)
    if made is None:
        return None
    log.info("start-up backup %s", made.path)
    return made.warning or None


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


@dataclass
class Opened:
    """A file opened for work, with who signed in (None: nobody, or set-up mode)."""

    db: sqlite_utils.Database
    actor: Actor | None
    opening: Opening
    notice: str | None = None  # what the opening did that the officer should know

    def close(self) -> None:
        self.db.close()
        self.opening.release()


def open_office(
    path: Path,
    intent: Intent,
    *,
    username: str | None = None,
    asker: Asker | None = None,
    probe: dblocation.Probe | None = None,
    today: dt.date | None = None,
) -> Opened | Refusal:
    """The whole sequence, top to bottom, for an opener that can wait for the check."""
    opening = Opening(path, intent, probe=probe, today=today)
    refusal = opening.prepare() or opening.judge(opening.check())
    if refusal is not None:
        opening.release()
        return refusal
    try:
        db = opening.open_for_work()
    except Exception as error:  # a newer program's file, a disk I/O error…: said, not a crash
        opening.release()
        return refused(Step.MIGRATIONS, _("Không mở được dữ liệu"), error)
    try:
        opening.remember_checks(db)
        actor = opening.sign_in_asking(db, username, asker) if asker is not None else None
    except Exception as error:  # a wrong password, a wait, nobody at the console to ask
        db.close()
        opening.release()
        return refused(Step.SIGN_IN, _("Chưa đăng nhập được"), error)
    except BaseException:
        db.close()
        opening.release()
        raise
    try:
        notice = opening.notices(db)
    except BaseException:
        db.close()
        opening.release()
        raise
    return Opened(db, actor, opening, notice)
