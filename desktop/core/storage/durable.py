"""Writing a file so that it is whole or absent, survives a power cut, and says why it failed.

Every file the program writes for a user (reports, Excel tables, sync bundles, backups, the
escrow sheet) goes through `atomic_write`: a temporary name in the same folder, fsync, one
`replace` onto the chosen name, then the folder is synced. A pulled USB stick or a full disk
never leaves a half file under the chosen name, and the user's earlier file stays as it was.

Windows refuses to rename onto a file another program has open (a PDF in a reader, an .xlsx in
Excel) and antivirus holds a new file for a moment: `replace` retries briefly on those sharing
errors and then raises `FileInUse`, which tells the officer to close the file, not that the USB
is write-protected. `write_error` is the one translation of other write errors into a message.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from db import errors as db_errors
from desktop.core.errors import UserError
from desktop.core.i18n import _

log = logging.getLogger(__name__)

# Windows error numbers (winerror.h) of a file held by another program: ACCESS_DENIED (also a
# pending delete or a read-only file), SHARING_VIOLATION, LOCK_VIOLATION.
ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION = 5, 32, 33
HELD_ERRORS = frozenset({ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION})
# About 1.5 s in all: antivirus lets a new file go within that; a reader or Excel does not.
RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8)
SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite leaves beside a temporary database

_pause = time.sleep  # a seam: the tests count the retries instead of waiting


class FileInUse(UserError):
    """Windows would not replace `path`: another program holds it (or it is read-only)."""

    def __init__(self, path: Path, message: str, error: OSError):
        self.path = path
        super().__init__(message.format(path=path), f"cannot replace {path}: {error!r}")


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:  # writable: Windows refuses fsync on a read-only handle
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename durable where the OS allows; FAT sticks refuse (EINVAL) and Windows has no
    directory handles: there the read-back or verification that follows the rename is the check."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        log.info("cannot open %s to sync it: %r", folder, error)
        return
    try:
        os.fsync(directory)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
        log.info("folder %s cannot be synced (%r); relying on the read-back", folder, error)
    finally:
        os.close(directory)


def _winerror(error: OSError) -> int | None:
    return getattr(error, "winerror", None)


def _read_only(target: Path) -> bool:
    """A read-only file also gives ACCESS_DENIED on Windows; no wait will change it."""
    return target.exists() and not os.access(target, os.W_OK)


def replace(source: Path, target: Path) -> None:
    """`os.replace`, retried for a moment while Windows says another program holds a file.

    Raises `FileInUse` when the hold outlasts the retries; any other error as it came."""
    source, target = Path(source), Path(target)
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if _winerror(error) not in HELD_ERRORS:
                raise
            if _winerror(error) == ERROR_ACCESS_DENIED and _read_only(target):
                raise _in_use(target, error, read_only=True) from error
            if delay is None:
                raise _in_use(target, error) from error
            log.info("%s is held by another program (%r); retrying", target, error)
            _pause(delay)


def _in_use(target: Path, error: OSError, *, read_only: bool = False) -> FileInUse:
    if read_only:
        message = _(
            "Tệp {path} đang đặt chỉ cho đọc nên không ghi đè được. Hãy lưu với tên khác hoặc "
            "bỏ thuộc tính chỉ đọc của tệp."
        )
    elif target.exists():
        message = _(
            "Tệp {path} đang mở trong chương trình khác (Excel, trình đọc PDF); hãy đóng rồi "
            "thử lại."
        )
    else:  # nothing to close: the new file itself is held, usually by antivirus scanning it
        message = _(
            "Tệp {path} vừa ghi đang bị chương trình khác (thường là phần mềm diệt virus) giữ; "
            "hãy đợi giây lát rồi thử lại."
        )
    return FileInUse(target, message, error)


def remove_quietly(path: Path) -> None:
    """Remove a temporary file and what SQLite may have left beside it; a failure is logged."""
    for candidate in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove %s: %r", candidate, error)


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a new temporary file beside `path` to write (by any means) and check; when the
    block ends cleanly it is fsynced, `replace`d onto `path` and the folder synced.

    When the block or the replace fails, the temporary file is removed and whatever was at
    `path` before is untouched. Errors leave as they came (`FileInUse` for a held file); the
    caller words the others with `write_error`.
    """
    path = Path(path)
    temporary = _new_temporary(path)
    try:
        yield temporary
        fsync_file(temporary)
        replace(temporary, path)
    except BaseException:
        remove_quietly(temporary)
        raise
    remove_quietly(temporary)  # the side files SQLite may have left; the file itself is renamed
    sync_folder(path.parent)


def _new_temporary(path: Path) -> Path:
    """An empty new file `.<name>.<random>.part` beside `path`, with the permissions a file saved
    normally gets (mkstemp's 0600 would make a backup unreadable to the other users). The name
    comes from os.urandom: `secrets` would load OpenSSL before the first screen is painted."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = path.with_name(f".{path.name}.{os.urandom(4).hex()}.part")
        try:
            os.close(os.open(candidate, flags, 0o666))
        except FileExistsError:
            continue
        return candidate


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` as the whole new content of `path` through `atomic_write`."""
    with atomic_write(path) as temporary:
        temporary.write_bytes(data)


def write_error(error: BaseException, folder: Path) -> UserError:
    """The message for a failed write into `folder` (read-only, full, or interrupted)."""
    if isinstance(error, UserError):
        return error
    number = getattr(error, "errno", None)
    known = db_errors.classify(error) if isinstance(error, sqlite3.Error) else None
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or isinstance(
        known, db_errors.ReadOnlyDatabase
    ):
        message = _(
            "Không ghi được vào {folder}: thư mục hoặc USB chỉ cho đọc. Hãy chọn nơi khác hoặc "
            "gạt khóa chống ghi của USB."
        )
    elif number in (errno.ENOSPC, errno.EDQUOT) or isinstance(known, db_errors.DiskFull):
        message = _("Ổ đĩa hoặc USB {folder} đã đầy. Hãy xóa bớt tệp hoặc chọn nơi khác.")
    else:
        message = _(
            "Ghi tệp vào {folder} bị gián đoạn (USB bị rút ra hoặc hỏng?). Tệp chưa được ghi; "
            "hãy cắm lại rồi thử lại."
        )
    return UserError(message.format(folder=folder), f"write to {folder} failed: {error!r}")
