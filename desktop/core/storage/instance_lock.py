"""One window per database: an operating-system lock beside the file, and who holds it.

The lock is `flock` (POSIX) or `msvcrt.locking` (Windows) on `<database>.lock`: the operating
system drops it when the process ends, even by a crash or a power cut, so a stale lock can
never block the next start. Who holds it (user, computer, process, since when) is written to a
separate `<database>.lock-info`, because a locked byte range cannot be read on Windows; a stale
info file is simply overwritten by the next holder and only ever read while the lock is held.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from db.errors import ReadOnlyDatabase
from desktop.core import formats
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.storage import durable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # ISO 8601 with the holder's UTC offset

    def since_text(self) -> str:
        return formats.date_time(self.since)


class DatabaseInUse(UserError):
    """Another ANTQ Desk window already has this database open."""

    def __init__(self, path: Path, holder: Holder | None):
        self.holder = holder
        if holder is None:
            message = _(
                "Dữ liệu {path} đang được một cửa sổ ANTQ Desk khác mở. Mỗi lúc chỉ một cửa sổ "
                "được mở dữ liệu; hãy đóng cửa sổ kia rồi thử lại."
            ).format(path=path)
        else:
            message = _(
                "Dữ liệu {path} đang được người dùng {user} mở trên máy {host} từ {since}. Mỗi "
                "lúc chỉ một cửa sổ ANTQ Desk được mở dữ liệu; hãy đóng cửa sổ đó (hoặc nhờ "
                "người đó thoát chương trình) rồi thử lại."
            ).format(path=path, user=holder.user, host=holder.host, since=holder.since_text())
        super().__init__(message, f"database {path} is held by {holder}")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def info_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock-info")


def _lock_descriptor(descriptor: int) -> bool:
    """Take the lock without waiting; False if someone else has it."""
    if sys.platform.startswith("win"):
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock_descriptor(descriptor: int) -> None:
    if sys.platform.startswith("win"):
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors where no user name is configured
        log.warning("no user name in the environment", exc_info=True)
        return "?"


def me(now: dt.datetime | None = None) -> Holder:
    moment = (now or dt.datetime.now()).astimezone()
    return Holder(
        _current_user(), socket.gethostname(), os.getpid(), moment.isoformat(timespec="seconds")
    )


def read_holder(db_path: Path) -> Holder | None:
    """The holder recorded beside the database, or None if there is no readable record."""
    try:
        data = json.loads(info_path(db_path).read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    """The lock on one database file, held from `acquire` until `release` or process exit."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self, holder: Holder | None = None) -> None:
        """Take the lock or raise `DatabaseInUse` naming who has it."""
        if self.held:
            return
        try:
            descriptor = os.open(lock_path(self.db_path), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise ReadOnlyDatabase(f"cannot create the lock file: {error!r}") from error
        if not _lock_descriptor(descriptor):
            os.close(descriptor)
            raise DatabaseInUse(self.db_path, read_holder(self.db_path))
        self._descriptor = descriptor
        try:
            self._write_info(holder or me())
        except Exception:  # OSError, or FileInUse when the old record stays held
            self.release()
            raise

    def _write_info(self, holder: Holder) -> None:
        target = info_path(self.db_path)
        temporary = target.with_name(target.name + ".part")
        temporary.write_text(json.dumps(asdict(holder), ensure_ascii=False), encoding="utf-8")
        durable.replace(temporary, target)  # retried while antivirus holds the old one

    def release(self) -> None:
        """Remove the holder record and drop the lock; harmless when not held."""
        if self._descriptor is None:
            return
        try:
            info_path(self.db_path).unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove the lock info of %s: %r", self.db_path, error)
        descriptor, self._descriptor = self._descriptor, None
        try:
            _unlock_descriptor(descriptor)
        finally:
            os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def current_holder(db_path: Path) -> Holder | None:
    """Who has the database open right now, or None if nobody does (for `antq-desk check`)."""
    if not lock_path(db_path).exists():
        return None
    try:
        descriptor = os.open(lock_path(db_path), os.O_RDWR)
    except OSError:
        return None
    try:
        if _lock_descriptor(descriptor):
            _unlock_descriptor(descriptor)
            return None
    finally:
        os.close(descriptor)
    return read_holder(db_path) or Holder("?", "?", 0, "")
