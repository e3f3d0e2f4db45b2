"""Restore from a backup: the database's content replaced, a copy of it kept, the epoch raised.

The chosen backup is copied into a staging file, brought to this program's schema, its
`device_epoch` raised to max(current, backup's) + 1 (bundles written after the backup was taken
used numbers in the old epoch; the new epoch lets the province tell them apart, DESIGN.md §4)
and checked. Only then is the live database replaced:

- while the window has it open (`restore`): the staged pages are copied into the open
  connection with SQLite's backup API. That is one write transaction, so a crash half-way
  leaves the old database whole, and the window keeps its connection and every page's reference
  to it (closing, renaming and reopening would not work on Windows with the file open, and
  would leave every page holding a closed connection);
- when the file cannot be opened at all (`restore_over_file`, at start-up): nobody has it
  open, so the staged file is renamed over it after its old write-ahead log is removed.

Before anything is replaced a copy of the current database is kept as
`backups/<stem>-before-restore-YYYYMMDD-HHMMSS.sqlite3`, which rotation never deletes; a
damaged file that cannot pass verification is kept as it is, with its write-ahead log.

Restoring needs the administrator's right (Permission.RESTORE), except over a file that cannot
be opened at start-up: its accounts cannot be read, so whoever is at the keyboard may restore the
newest good backup rather than be left with nothing. The audit entry "restore" is written into
the staged copy, so it is the newest entry of the restored database's own chain.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db import errors as db_errors
from db import open_database
from db.migrations import schema_version
from desktop.core import accounts, audit, office, session
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.storage import integrity, sealed
from desktop.core.storage.backup import (
    STAMP,
    SUFFIX,
    BackupInfo,
    BackupUnusable,
    automatic_backups,
    backup_folder,
    before_restore_name,
    describe,
    open_read_only,
    unusable,
    write_backup,
)
from desktop.core.storage.durable import (
    fsync_file,
    remove_quietly,
    replace,
    sync_folder,
    write_error,
)

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

RESTORED_KEY = "last_restore"


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    kept_copy: Path
    epoch: int


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _require_restorable(info: BackupInfo) -> None:
    if info.schema_version > schema_version():
        raise UserError(
            _(
                "Bản sao lưu {path} do một phiên bản ANTQ Desk mới hơn tạo ra. Hãy cài phiên bản "
                "mới nhất rồi khôi phục."
            ).format(path=info.path),
            f"backup schema {info.schema_version} is newer than {schema_version()}",
        )
    if not info.office_code:
        raise UserError(
            _("Bản sao lưu {path} chưa có dữ liệu của đơn vị nào, không dùng để khôi phục.").format(
                path=info.path
            ),
            f"backup {info.path} has no office",
        )


class OtherOffice(UserError):
    """The backup is another office's: restoring it needs an explicit confirmation."""

    def __init__(self, info: BackupInfo, current_code: str, current_name: str):
        super().__init__(
            _(
                "Bản sao lưu {path} là dữ liệu của {other} (mã {other_code}), không phải của văn "
                "phòng này, {current} (mã {current_code}). Khôi phục sẽ thay toàn bộ dữ liệu của "
                "{current} bằng dữ liệu của {other}. Chỉ làm vậy khi chắc chắn: đánh dấu ô xác "
                "nhận trong cửa sổ Khôi phục, hoặc thêm --other-office vào lệnh restore."
            ).format(
                path=info.path.name,
                other=info.office_name or _("(chưa thiết lập)"),
                other_code=info.office_code,
                current=current_name,
                current_code=current_code,
            ),
            f"restore of {info.office_code}'s backup over {current_code} refused",
        )


def refuse_other_office(
    info: BackupInfo, current: tuple[str, str] | None, other_office: bool
) -> None:
    """Raise `OtherOffice` unless the backup is this office's (code, name), or it was asked."""
    if current is None or other_office or current[0] == info.office_code:
        return
    raise OtherOffice(info, *current)


def _current_office(conn: sqlite3.Connection) -> tuple[str, str] | None:
    try:
        row = conn.execute("SELECT code, name FROM unit WHERE is_self = 1").fetchone()
    except sqlite3.Error:
        return None
    return (row[0], row[1]) if row else None


def _accounts_of(conn: sqlite3.Connection) -> list[tuple]:
    """The current file's accounts (read-only), carried into a backup that has none."""
    try:
        return conn.execute(f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM account").fetchall()
    except sqlite3.Error:
        return []


ACCOUNT_COLUMNS = (
    "username",
    "display_name",
    "role",
    "password_hash",
    "active",
    "must_change_password",
    "created_at",
    "password_changed_at",
)


def _carry_accounts(staging: sqlite_utils.Database, carried: list[tuple], actor: str) -> None:
    """A backup without accounts (older than accounts, or never given one) would leave the office
    in set-up mode, where anyone may write: the current accounts come along instead."""
    if not carried or session.has_accounts(staging):
        return
    marks = ", ".join("?" for _ in ACCOUNT_COLUMNS)
    with audit.action(staging, None, "account.create", "", capture=False) as entry:
        entry.actor = actor
        entry.detail.update(
            reason="restore",
            carried=[
                {"username": row[0], "display_name": row[1], "role": row[2], "active": bool(row[4])}
                for row in carried
            ],
        )
        staging.conn.executemany(
            f"INSERT INTO account ({', '.join(ACCOUNT_COLUMNS)}) VALUES ({marks})",
            [tuple(row) for row in carried],
        )


def _stage(
    source: Path,
    folder: Path,
    epoch_floor: int,
    now: dt.datetime,
    actor: str,
    carried: list[tuple] | None = None,
) -> tuple[Path, int]:
    """The backup brought to this program's schema with its epoch raised, in a staging file."""
    staged = folder / f".restore-{now.strftime(STAMP)}{SUFFIX}.part"
    remove_quietly(staged)
    reader = open_read_only(source)
    try:
        target = sqlite3.connect(str(staged))
        try:
            reader.backup(target)
        finally:
            target.close()
    finally:
        reader.close()
    staging = open_database(staged)
    try:
        epoch = max(epoch_floor, office.device_epoch(staging)) + 1
        office.set_meta(staging, "device_epoch", str(epoch))
        _carry_accounts(staging, carried or [], actor)
        audit.log(staging, "restore", source.name, actor=actor, epoch=epoch)
        problems = integrity.full_problems(staging)
        staging.conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        staging.close()
    if problems:
        remove_quietly(staged)
        raise unusable(source, f"staged copy failed the check: {problems}")
    fsync_file(staged)
    return staged, epoch


def _restored_note(info: BackupInfo, now: dt.datetime, epoch: int) -> str:
    return json.dumps(
        {
            "file": info.path.name,
            "taken_at": str(info.taken_at),
            "at": now.isoformat(),
            "epoch": epoch,
        }
    )


def _keep_current(db: sqlite_utils.Database, db_path: Path, now: dt.datetime) -> Path:
    """A verified copy of the database about to be replaced, kept out of the rotation."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    name = before_restore_name(db_path, now)
    try:
        return write_backup(db, folder, name, now=now).path
    except UserError:
        if integrity.full_problems(db):  # a damaged file cannot pass verification: keep it raw
            return _raw_copy(db_path, folder, name)
        raise


def _raw_copy(db_path: Path, folder: Path, name: str) -> Path:
    """The database file and its write-ahead log copied as they are (a damaged file)."""
    target = folder / name
    try:
        shutil.copyfile(db_path, target)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
        fsync_file(target)
    except OSError as error:
        remove_quietly(target)
        raise write_error(error, folder) from error
    return target


@contextlib.contextmanager
def plain_copy(source: Path, folder: Path, secret: dict[str, str | None]) -> Iterator[Path]:
    """The backup itself, or for a sealed one (a USB backup, `sealed.py`) its database opened
    with `secret` (passphrase=… or identity_text=…) into a temporary file in `folder` (a local
    disk: the backups folder), removed afterwards (and at the next start if a crash left it)."""
    source = Path(source)
    if not sealed.is_sealed(source):
        yield source
        return
    if not any(secret.values()):
        raise sealed.WrongPassphrase(
            _("Bản sao lưu {path} được mã hóa: cần mật khẩu sao lưu để mở.").format(
                path=source.name
            ),
            f"sealed backup {source} without a passphrase",
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f".restore-unsealed-{os.getpid()}{SUFFIX}.part"
    try:
        yield sealed.unseal_to(source, target, **secret)
    finally:
        remove_quietly(target)


def describe_for_restore(
    path: Path, *, passphrase: str | None = None, identity_text: str | None = None
) -> BackupInfo:
    """`describe`, refusing what cannot be restored (a newer program's file, an empty one).
    A sealed backup is opened with the passphrase (or the escrow identity) to be described."""
    import tempfile

    secret = {"passphrase": passphrase, "identity_text": identity_text}
    with (
        tempfile.TemporaryDirectory(prefix="antq-restore-") as local,
        plain_copy(Path(path), Path(local), secret) as plain,
    ):
        info = describe(plain)
    info = dataclasses.replace(info, path=Path(path), encrypted=plain != Path(path))
    _require_restorable(info)
    return info


def restore(
    db: sqlite_utils.Database,
    db_path: Path,
    source: Path,
    *,
    now: dt.datetime | None = None,
    other_office: bool = False,
    **secret: str | None,
) -> RestoreResult:
    """Replace the open database's content with the backup `source`, keeping a copy first.

    The connection stays open and valid: the backup API writes the staged pages into it in one
    transaction. The caller refreshes what it shows. Another office's backup is refused unless
    `other_office` (the officer confirmed it, naming both offices).
    """
    actor = session.require(db, Permission.RESTORE)
    with plain_copy(Path(source), backup_folder(db_path), secret) as plain:
        return _restore(db, Path(db_path), plain, Path(source), now, other_office, actor.username)


def _restore(
    db: sqlite_utils.Database,
    db_path: Path,
    plain: Path,
    source: Path,
    now: dt.datetime | None,
    other_office: bool,
    actor: str,
) -> RestoreResult:
    now = now or _now()
    info = dataclasses.replace(describe_for_restore(plain), path=source)
    refuse_other_office(info, _current_office(db.conn), other_office)
    carried = _accounts_of(db.conn)
    kept = _keep_current(db, Path(db_path), now)
    try:
        floor = office.device_epoch(db)
    except sqlite3.DatabaseError:
        floor = _highest_backup_epoch(db_path)
    was_read_only = integrity.writes_refused(db)
    staged, epoch = _stage(plain, backup_folder(db_path), floor, now, actor, carried)
    try:
        if was_read_only:
            db.conn.execute("PRAGMA query_only = OFF")
        reader = sqlite3.connect(str(staged))
        try:
            reader.backup(db.conn)
        finally:
            reader.close()
    except sqlite3.Error as error:
        known = db_errors.classify(error)
        if known is None:
            raise
        raise known from error
    finally:
        remove_quietly(staged)
    db.conn.execute("PRAGMA journal_mode = WAL")
    office.set_meta(db, RESTORED_KEY, _restored_note(info, now, epoch))
    accounts.recheck_signed_in(db)  # the restored file may have other accounts or roles
    log.info("restored %s into %s (epoch %d), kept %s", info.path, db_path, epoch, kept)
    return RestoreResult(info, kept, epoch)


def _highest_backup_epoch(db_path: Path) -> int:
    """The highest epoch among the automatic backups, when the database cannot tell its own."""
    highest = 0
    for item in automatic_backups(db_path):
        with contextlib.suppress(BackupUnusable):
            highest = max(highest, describe(item.path).epoch)
    return highest


def _readable_epoch(db_path: Path) -> int | None:
    try:
        conn = open_read_only(db_path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'device_epoch'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(row[0]) if row else None


def _readable(db_path: Path) -> tuple[tuple[str, str] | None, list[tuple]]:
    """The office and the accounts a damaged file still shows, if it shows them."""
    try:
        conn = open_read_only(db_path)
    except sqlite3.Error:
        return None, []
    try:
        return _current_office(conn), _accounts_of(conn)
    finally:
        conn.close()


def _accounts_of_backups(db_path: Path) -> list[tuple]:
    """The accounts of the newest readable automatic backup that has any (the damaged file's
    own cannot be read): a restored backup without accounts must not leave set-up mode open."""
    for item in automatic_backups(db_path):
        try:
            conn = open_read_only(item.path)
        except sqlite3.Error:
            continue
        try:
            found = _accounts_of(conn)
        finally:
            conn.close()
        if found:
            return found
    return []


def _office_of_backups(db_path: Path) -> tuple[str, str] | None:
    """The office of the newest readable automatic backup (the file itself cannot tell)."""
    for item in automatic_backups(db_path):
        with contextlib.suppress(BackupUnusable):
            info = describe(item.path)
            if info.office_code:
                return info.office_code, info.office_name
    return None


def restore_over_file(
    db_path: Path,
    source: Path,
    *,
    now: dt.datetime | None = None,
    other_office: bool = False,
    **secret: str | None,
) -> RestoreResult:
    """`_restore_over_file` from the backup, or from a sealed backup opened with `secret`."""
    with plain_copy(Path(source), backup_folder(db_path), secret) as plain:
        return _restore_over_file(Path(db_path), plain, Path(source), now, other_office)


def _restore_over_file(
    db_path: Path, plain: Path, source: Path, now: dt.datetime | None, other_office: bool
) -> RestoreResult:
    """Restore into a database file that cannot be opened (damaged); nobody may have it open.

    The damaged file and its write-ahead log are kept as they are; its WAL and shared-memory
    files are removed before the rename, so an old log is never replayed onto the restored file.
    The office is the damaged file's if it can still tell, else its automatic backups'.
    """
    now = now or _now()
    info = dataclasses.replace(describe_for_restore(plain), path=source)
    current, carried = _readable(db_path)
    refuse_other_office(info, current or _office_of_backups(db_path), other_office)
    carried = carried or _accounts_of_backups(db_path)
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    floor = _readable_epoch(db_path)
    if floor is None:
        floor = _highest_backup_epoch(db_path)
    kept = _raw_copy(db_path, folder, before_restore_name(db_path, now))
    staged, epoch = _stage(plain, db_path.parent, floor, now, "", carried)
    try:
        for extra in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
        replace(staged, db_path)  # retried while antivirus holds the file
        sync_folder(db_path.parent)
    except (OSError, UserError) as error:  # UserError: the file is held (FileInUse)
        remove_quietly(staged)
        raise write_error(error, db_path.parent) from error
    restored = open_database(db_path)
    try:
        restored.conn.execute("PRAGMA journal_mode = WAL")
        office.set_meta(restored, RESTORED_KEY, _restored_note(info, now, epoch))
    finally:
        restored.close()
    return RestoreResult(info, kept, epoch)
