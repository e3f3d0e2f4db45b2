"""Backups made with SQLite's online backup API, verified, and rotated.

Every backup is copied page by page from the open connection (`sqlite3.Connection.backup`,
consistent even while the window is in use) into a temporary name in the target folder, turned
into a single self-contained file (rollback journal, not WAL), stamped with the moment it was
taken, fsynced, verified (`PRAGMA integrity_check` and the schema version read back from the
file itself) and only then renamed to its final name. A full disk, a read-only folder or a USB
stick pulled out half-way leaves no file that looks complete.

Automatic backups live in `backups/` beside the database: for the default database that is
`<data folder>/backups`, the user's local data folder; a database kept elsewhere has its own
`backups/` beside it, so two databases never rotate each other's copies. They are named
`<stem>-YYYYMMDD-HHMMSS.sqlite3` (local time); rotation keeps the newest backup of each of the
last 7 days that have one and the newest of each of the last 4 ISO weeks that have one.

Restoring from a backup is `desktop.core.storage.restore`.

Access control and the audit entry of `backup_to_folder` are added by the accounts layer at the
top of that function (Permission.BACKUP).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db import open_read_only as read_only_connection
from db.schema import SYNCED_TABLES
from desktop.core import audit, formats, office, session
from desktop.core.errors import UserError
from desktop.core.i18n import N_, _
from desktop.core.session import Permission
from desktop.core.storage import integrity
from desktop.core.storage.durable import atomic_write, remove_quietly, write_error

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

BACKUP_FOLDER = "backups"
SUFFIX = ".sqlite3"
TAKEN_KEY = "backup_taken_at"
KEEP_DAILY, KEEP_WEEKLY = 7, 4
# The registers shown when a backup is described, in the order a user thinks of them.
MAIN_TABLES = ("campaign", "event", "person", "attendance", "outcome")
TABLE_LABELS = {
    "campaign": N_("Số kế hoạch"),
    "event": N_("Số sự kiện"),
    "person": N_("Số người tham gia"),
    "attendance": N_("Số lượt tham dự"),
    "outcome": N_("Số kết quả"),
}
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read from the file itself."""

    path: Path
    taken_at: dt.datetime | None
    schema_version: int
    office_code: str
    office_name: str
    province_name: str
    device_id: str
    epoch: int
    counts: dict[str, int]
    size: int
    warning: str = ""  # rotation held an older backup back (`Rotation.warning`)
    encrypted: bool = False  # sealed with age (a backup outside the data folder)
    escrow: bool = False  # the province's escrow recipient can open it too

    @property
    def taken_text(self) -> str:
        if self.taken_at is None:
            return _("không rõ")
        return formats.date_time(self.taken_at)


def description_lines(info: BackupInfo) -> list[str]:
    """What a backup holds, in the words the restore dialog and `antq-desk restore` show."""
    office_text = info.office_name or _("(chưa thiết lập)")
    if info.province_name:
        office_text = f"{office_text}, {info.province_name}"
    lines = [
        _("Tệp: {path}").format(path=info.path),
        _("Sao lưu lúc: {when}").format(when=info.taken_text),
        _("Đơn vị: {office}").format(office=office_text),
        _("Phiên bản cấu trúc dữ liệu: {version}").format(version=info.schema_version),
    ]
    lines += [
        f"{_(TABLE_LABELS[table])}: {formats.quantity(info.counts[table])}" for table in MAIN_TABLES
    ]
    return lines


@dataclass(frozen=True)
class BackupFile:
    """An automatic backup found in the backups folder, dated by its name."""

    path: Path
    taken: dt.datetime


class BackupUnusable(UserError):
    """The file is not a sound ANTQ Desk database."""


# --- where and how backups are named -------------------------------------------------------


def backup_folder(db_path: Path) -> Path:
    """The folder of the automatic backups of this database: `backups/` beside it."""
    return Path(db_path).parent / BACKUP_FOLDER


def automatic_name(db_path: Path, taken: dt.datetime) -> str:
    return f"{Path(db_path).stem}-{taken.strftime(STAMP)}{SUFFIX}"


def before_restore_name(db_path: Path, taken: dt.datetime) -> str:
    return f"{Path(db_path).stem}-before-restore-{taken.strftime(STAMP)}{SUFFIX}"


def export_name(db: sqlite_utils.Database, taken: dt.datetime) -> str:
    """The name of a backup written to a USB stick: which office, and when (ASCII only)."""
    code = office.self_unit(db).code if office.is_set_up(db) else "antq"
    return f"antq-desk-{code}-{taken.strftime(STAMP)}{SUFFIX}"


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


# --- writing one verified backup -----------------------------------------------------------


def copy_into(source: sqlite3.Connection, target_path: Path, taken: dt.datetime) -> None:
    """Copy every page of `source` into a new single-file database stamped with `taken`."""
    target = sqlite3.connect(str(target_path), isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        target.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [TAKEN_KEY, taken.isoformat(timespec="seconds")],
        )
    finally:
        target.close()


def existing_folder(folder: Path) -> Path:
    """The folder a backup goes to, or a Vietnamese refusal when it is not there (USB pulled)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(
            _("Không tìm thấy thư mục {folder}. Hãy cắm USB hoặc chọn thư mục khác.").format(
                folder=folder
            ),
            f"backup folder missing: {folder}",
        )
    return folder


def write_backup(
    db: sqlite_utils.Database, folder: Path, name: str, *, now: dt.datetime | None = None
) -> BackupInfo:
    """Write a verified backup of `db` as `folder/name`; nothing named `name` appears on failure."""
    folder = existing_folder(folder)
    final = folder / name
    try:
        with atomic_write(final) as temporary:
            copy_into(db.conn, temporary, now or _now())
            info = describe(temporary)
    except BackupUnusable as error:
        _refuse_if_source_damaged(db, error)
        raise UserError(
            _(
                "Bản sao lưu vừa ghi vào {folder} không đạt kiểm tra nên đã bị xóa. Nếu ghi ra "
                "USB, hãy thử USB khác; nếu lỗi lặp lại, hãy chạy “antq-desk check”."
            ).format(folder=folder),
            f"backup failed verification: {error.log_message}",
        ) from error
    except (OSError, sqlite3.Error) as error:
        if isinstance(error, sqlite3.DatabaseError):
            _refuse_if_source_damaged(db, error)
        raise write_error(error, folder) from error
    log.info("backup written: %s (%d bytes)", final, info.size)
    return replace(info, path=final)


def _refuse_if_source_damaged(db: sqlite_utils.Database, error: BaseException) -> None:
    """A copy that failed because the database itself is damaged says so, not "try another USB"."""
    problems = integrity.quick_problems(db)
    if problems:
        raise integrity.DamagedData(problems) from error


# --- reading a backup ----------------------------------------------------------------------


def open_read_only(path: Path) -> sqlite3.Connection:
    conn = read_only_connection(path)
    conn.row_factory = sqlite3.Row
    return conn


def unusable(path: Path, detail: str) -> BackupUnusable:
    return BackupUnusable(
        _(
            "Tệp {path} không phải bản sao lưu dùng được của ANTQ Desk (không đọc được hoặc bị "
            "hỏng)."
        ).format(path=path),
        f"unusable backup {path}: {detail}",
    )


def _parse_moment(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def describe(path: Path) -> BackupInfo:
    """Check a backup file (`integrity_check`) and say what it holds; raises `BackupUnusable`."""
    path = Path(path)
    if not path.is_file():
        raise unusable(path, "no such file")
    try:
        conn = open_read_only(path)
    except sqlite3.Error as error:
        raise unusable(path, repr(error)) from error
    try:
        return _read_info(conn, path)
    except sqlite3.Error as error:
        raise unusable(path, repr(error)) from error
    finally:
        conn.close()


def _read_info(conn: sqlite3.Connection, path: Path) -> BackupInfo:
    checked = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if checked != ["ok"]:
        raise unusable(path, f"integrity_check: {checked}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    unit = conn.execute("SELECT code, name, parent_name FROM unit WHERE is_self = 1").fetchone()
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {  # every synced register (an older schema may lack a later one: counted as 0)
        table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
        if table in present
        else 0
        for table in SYNCED_TABLES
    }
    taken = _parse_moment(meta.get(TAKEN_KEY))
    if taken is None:
        taken = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return BackupInfo(
        path=path,
        taken_at=taken,
        schema_version=int(version),
        office_code=unit["code"] if unit else "",
        office_name=unit["name"] if unit else "",
        province_name=unit["parent_name"] if unit else "",
        device_id=meta.get("device_id", ""),
        epoch=int(meta.get("device_epoch", "0") or 0),
        counts=counts,
        size=path.stat().st_size,
    )


# --- automatic backups and their rotation --------------------------------------------------


def automatic_backups(db_path: Path) -> list[BackupFile]:
    """The automatic backups of this database, newest first."""
    folder = backup_folder(db_path)
    pattern = re.compile(rf"^{re.escape(Path(db_path).stem)}-(\d{{8}}-\d{{6}}){re.escape(SUFFIX)}$")
    found = []
    with contextlib.suppress(FileNotFoundError):
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match:
                with contextlib.suppress(ValueError):
                    taken = dt.datetime.strptime(match.group(1), STAMP)
                    found.append(BackupFile(entry, taken))
    return sorted(found, key=lambda item: item.taken, reverse=True)


def backups_to_delete(
    backups: Iterable[BackupFile], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> list[BackupFile]:
    """The backups rotation removes.

    Kept: the newest backup of each of the `daily` most recent days that have a backup, and the
    newest backup of each of the `weekly` most recent ISO weeks (Monday to Sunday) that have one.
    Days and weeks are counted among the backups, not back from today, so a PC left off for a
    month still keeps its last copies, and the clock is never read.
    """
    newest_first = sorted(backups, key=lambda item: item.taken, reverse=True)
    keep: set[Path] = set()
    for period_of, count in (
        (lambda b: b.taken.date(), daily),
        (lambda b: b.taken.isocalendar()[:2], weekly),
    ):
        seen: set = set()
        for item in newest_first:
            period = period_of(item)
            if period not in seen and len(seen) < count:
                seen.add(period)
                keep.add(item.path)
    return [item for item in newest_first if item.path not in keep]


def record_count(path: Path) -> int:
    """Live records in the main registers of a backup file; 0 if it cannot be read."""
    try:
        conn = open_read_only(path)
        try:
            return sum(
                conn.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
                for table in MAIN_TABLES
            )
        finally:
            conn.close()
    except sqlite3.Error as error:
        log.warning("cannot count the records of %s: %r", path, error)
        return 0


def held_back(
    kept: list[BackupFile], doomed: list[BackupFile], count=record_count
) -> BackupFile | None:
    """The backup rotation would delete but must keep: the newest of those holding the office's
    data when every backup kept holds less than half as much (a sudden drop: the file was
    emptied or overwritten, and its backups since then would be all that is left)."""
    if not doomed:
        return None
    counts = {item.path: count(item.path) for item in [*kept, *doomed]}
    peak = max(counts[item.path] for item in doomed)
    if peak == 0 or max((counts[item.path] for item in kept), default=0) * 2 >= peak:
        return None
    newest_first = sorted(doomed, key=lambda item: item.taken, reverse=True)
    return next(item for item in newest_first if counts[item.path] * 2 >= peak)


@dataclass(frozen=True)
class Rotation:
    removed: list[Path]
    held: Path | None  # kept despite rotation: newer backups hold far fewer records

    @property
    def warning(self) -> str:
        if self.held is None:
            return ""
        return _(
            "Các bản sao lưu mới có ít bản ghi hơn hẳn bản {name}, nên bản này được giữ lại. "
            "Hãy kiểm tra xem dữ liệu có bị mất không (antq-desk check)."
        ).format(name=self.held.name)


def rotate(db_path: Path) -> list[Path]:
    """Delete the automatic backups rotation does not keep, and leftovers of interrupted ones."""
    return rotate_keeping_data(db_path).removed


def rotate_keeping_data(db_path: Path) -> Rotation:
    """`rotate`, saying which backup was held back from a sudden drop in records (`held_back`)."""
    items = automatic_backups(db_path)
    doomed = backups_to_delete(items)
    kept = [item for item in items if item not in doomed]
    held = held_back(kept, doomed)
    if held is not None:
        log.warning("rotation keeps %s: newer backups hold far fewer records", held.path)
        doomed = [item for item in doomed if item is not held]
    removed = []
    for item in doomed:
        try:
            item.path.unlink()
            removed.append(item.path)
        except OSError as error:
            log.warning("could not remove old backup %s: %r", item.path, error)
    folder = backup_folder(db_path)
    with contextlib.suppress(FileNotFoundError):
        for leftover in folder.glob(f".{Path(db_path).stem}-*.part"):
            remove_quietly(leftover)
    return Rotation(removed, held.path if held else None)


def automatic_backup(
    db: sqlite_utils.Database, db_path: Path, *, now: dt.datetime | None = None
) -> BackupInfo:
    """Write an automatic backup into `backups/` and rotate."""
    now = now or _now()
    folder = backup_folder(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(error, folder) from error
    info = write_backup(db, folder, automatic_name(db_path, now), now=now)
    rotation = rotate_keeping_data(db_path)
    if not integrity.writes_refused(db):  # the backup and what rotation removed, in the trail
        detail: dict[str, Any] = {"removed": [path.name for path in rotation.removed]}
        if rotation.held is not None:
            detail["held_back"] = rotation.held.name
        audit.log(db, "backup.auto", info.path.name, **detail)
    return replace(info, warning=rotation.warning)


def backed_up_on(db_path: Path, day: dt.date) -> bool:
    return any(item.taken.date() == day for item in automatic_backups(db_path))


def backup_at_start(
    db: sqlite_utils.Database, db_path: Path, *, now: dt.datetime | None = None
) -> BackupInfo | None:
    """The start-up backup, at most once a day; None if today already has one."""
    now = now or _now()
    if backed_up_on(db_path, now.date()):
        return None
    return automatic_backup(db, db_path, now=now)


class ChangeWatch:
    """Whether anything was committed to the database since `mark()`.

    `total_changes` counts every row this connection inserted, updated or deleted (triggers
    included), in every table, so settings, accounts and keys count as well as records. The
    maximum change-log seq would miss the tables that are not synced. `PRAGMA data_version`
    moves only for commits by other connections (a CLI run meanwhile), so both are compared.
    A rolled-back write may count as a change: that only costs one extra backup.
    """

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.mark()

    def _state(self) -> tuple[int, int]:
        version = self.db.conn.execute("PRAGMA data_version").fetchone()[0]
        return self.db.conn.total_changes, version

    def mark(self) -> None:
        self._start = self._state()

    def changed(self) -> bool:
        return self._state() != self._start


def backup_at_exit(
    db: sqlite_utils.Database, db_path: Path, watch: ChangeWatch, *, now: dt.datetime | None = None
) -> BackupInfo | None:
    """The exit backup, only when something changed since start-up; None otherwise."""
    if not watch.changed():
        return None
    return automatic_backup(db, db_path, now=now)


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest automatic backup that passes the integrity check, if any."""
    for item in automatic_backups(db_path):
        try:
            return describe(item.path)
        except BackupUnusable as error:
            log.warning("backup %s is not usable: %s", item.path, error.log_message)
    return None


# --- backup to a chosen folder (USB) -------------------------------------------------------


def backup_to_folder(
    db: sqlite_utils.Database,
    folder: Path,
    passphrase: str,
    *,
    now: dt.datetime | None = None,
) -> BackupInfo:
    """“Sao lưu ra USB”: an encrypted, verified backup in a folder the user chose, audited.

    The plain copy is written and verified in a local temporary folder (never on the stick, where
    even a deleted file can be read back), sealed with age (`sealed.py`: the backup passphrase,
    and the province's escrow recipient where its setup is loaded), written as `.part`, read
    back and opened to the same bytes, and only then given its final name.
    """
    import tempfile

    from desktop.core.storage import sealed

    session.require(db, Permission.BACKUP)
    sealed.check_passphrase(passphrase)
    now = now or _now()
    folder = existing_folder(folder)
    name = export_name(db, now)
    escrow = sealed.escrow_recipient(db)
    with tempfile.TemporaryDirectory(prefix="antq-backup-") as local:
        plain = write_backup(db, Path(local), name, now=now)
        data = plain.path.read_bytes()
    final = folder / f"{name}{sealed.SEALED_SUFFIX}"
    try:
        content, identity = sealed.seal(data, passphrase, escrow)
        with atomic_write(final) as temporary:  # verified before it takes its final name
            temporary.write_bytes(content)
            if not sealed.opens_to(temporary, identity, data):
                raise UserError(
                    _(
                        "Bản sao lưu vừa ghi vào {folder} đọc lại không đúng nên đã bị xóa. Hãy "
                        "thử USB khác."
                    ).format(folder=folder),
                    f"sealed backup failed its read-back in {folder}",
                )
    except OSError as error:
        raise write_error(error, folder) from error
    info = replace(
        plain, path=final, size=final.stat().st_size, encrypted=True, escrow=bool(escrow)
    )
    if not integrity.writes_refused(db):  # a damaged database takes no more writes
        audit.log(
            db,
            "backup",
            final.name,
            folder=str(folder),
            encrypted=True,
            escrow=bool(escrow),
        )
    return info


def sealed_message(info: BackupInfo) -> str:
    """What the officer is told after a backup to USB: encrypted, and how it is restored."""
    to_whom = (
        _("bằng mật khẩu sao lưu vừa nhập và khóa dự phòng của Công an tỉnh")
        if info.escrow
        else _("bằng mật khẩu sao lưu vừa nhập")
    )
    return _(
        "Bản sao lưu đã được mã hóa {to_whom}: mất USB cũng không ai đọc được danh sách. Khi "
        "khôi phục (Tệp → Khôi phục từ bản sao lưu… → Chọn tệp khác…, hoặc “antq-desk restore "
        "TỆP”), chương trình hỏi mật khẩu này. Hãy ghi nhớ mật khẩu; không có nó thì chỉ Công an "
        "tỉnh mở được bản sao lưu (nếu xã đã nạp tệp thiết lập của tỉnh)."
    ).format(to_whom=to_whom)
