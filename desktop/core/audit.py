"""The audit trail: one append-only, hash-chained entry for every service call that writes.

Every core service that changes data runs inside `action(...)`: it checks the role, opens the
one write transaction, collects what `records` changed (values before and after) and, in the
same transaction, appends one `audit` row with its `audit_change` rows. Nested actions (a
service calling another) join the outer one, so a user's action leaves exactly one entry.
Writing a synced record outside an action is a bug and raises, so no path can skip the trail.

Each entry stores the hash of the entry before it: editing or deleting a row (which the
triggers of migration 0003 refuse, so only by editing the file outside the program) breaks the
chain, and `verify` finds where. Removing entries from the end is caught by comparing the head
with a copy held elsewhere: bundles carry it to the province.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db import transaction
from db.errors import DamagedDatabase
from desktop.core import session
from desktop.core.i18n import N_, _
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils

GENESIS = "0" * 64

KIND_LABELS = {
    "office.set_up": N_("Thiết lập đơn vị"),
    "office.officers": N_("Sửa người ký báo cáo"),
    "office.settings": N_("Sửa thiết lập"),
    "demo.create": N_("Tạo dữ liệu mẫu"),
    "campaign.save": N_("Lưu đợt phong trào"),
    "catalogue.save": N_("Sửa danh mục"),
    "event.create": N_("Thêm sự kiện"),
    "event.edit": N_("Sửa sự kiện"),
    "event.cancel": N_("Hủy sự kiện"),
    "event.delete": N_("Xóa sự kiện"),
    "person.create": N_("Thêm người"),
    "person.edit": N_("Sửa thông tin người"),
    "person.delete": N_("Xóa người"),
    "attendance.add": N_("Ghi người tham gia"),
    "attendance.remove": N_("Bỏ người tham gia"),
    "outcome.create": N_("Thêm kết quả"),
    "outcome.edit": N_("Sửa kết quả"),
    "outcome.delete": N_("Xóa kết quả"),
    "list.import": N_("Nhập danh sách từ Excel"),
    "sync.export": N_("Xuất gói đồng bộ"),
    "sync.import": N_("Nhập gói đồng bộ"),
    "sync.ack_export": N_("Xuất giấy báo nhận"),
    "sync.ack_import": N_("Nhập giấy báo nhận"),
    "sync.setup": N_("Nạp tệp thiết lập tỉnh"),
    "sync.province": N_("Thiết lập văn phòng tỉnh"),
    "sync.register": N_("Sửa sổ đăng ký xã"),
    "sync.email": N_("Sửa địa chỉ thư nhận gói của tỉnh"),
    "sync.keep_ours": N_("Giữ bản của xã cho bản ghi xung đột"),
    "sync.take_province": N_("Lấy bản của tỉnh cho bản ghi xung đột"),
    "sync.rival_held": N_("Giữ riêng gói trùng số hoặc không nối tiếp"),
    "sync.rival_keep": N_("Giữ gói đã nhận, không nhận gói trùng số"),
    "sync.rival_take": N_("Nhận gói trùng số thay gói đã nhận"),
    "sync.orphan": N_("Quyết định bản ghi xã không còn"),
    "sync.recover": N_("Khôi phục dữ liệu từ tệp tỉnh gửi"),
    "sync.recovery_out": N_("Ghi tệp khôi phục cho xã"),
    "sync.reissue": N_("Ghi lại gói tỉnh báo thiếu"),
    "account.create": N_("Tạo tài khoản"),
    "account.edit": N_("Sửa tài khoản"),
    "account.password": N_("Đổi mật khẩu"),
    "account.reset": N_("Đặt lại mật khẩu"),
    "account.unlock": N_("Mở khóa đăng nhập"),
    "login": N_("Đăng nhập"),
    "login.failed": N_("Đăng nhập sai"),
    "logout": N_("Đăng xuất"),
    "backup": N_("Sao lưu"),
    "restore": N_("Khôi phục từ bản sao lưu"),
    "excel.export": N_("Xuất Excel"),
    "export.personal": N_("Xuất báo cáo có thông tin cá nhân"),
    "backup.auto": N_("Sao lưu tự động"),
    "text.repair": N_("Sửa chữ Ð/ký tự điều khiển trong dữ liệu cũ"),
}

# Kinds the program writes by itself, whoever is signed in: their entries name no one.
AUTOMATIC_KINDS = frozenset({"backup.auto", "text.repair"})

OP_LABELS = {"create": N_("thêm"), "edit": N_("sửa"), "delete": N_("xóa")}


@dataclass
class Change:
    table: str
    uid: str
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Entry:
    """The entry an action is building; a service may fill in `subject` and `detail`."""

    kind: str
    subject: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    capture: bool = True
    changes: list[Change] = field(default_factory=list)
    actor: str | None = None  # who, when it is not the signed-in account (a sign-in attempt)


_open: weakref.WeakKeyDictionary[sqlite_utils.Database, Entry] = weakref.WeakKeyDictionary()


class WriteOutsideAction(RuntimeError):
    """A synced record was written without an audit action around it: a bug in the caller."""


@contextlib.contextmanager
def action(
    db: sqlite_utils.Database,
    permission: Permission | None,
    kind: str,
    subject: str = "",
    *,
    detail: dict[str, Any] | None = None,
    capture: bool = True,
) -> Iterator[Entry]:
    """Check the role, run the block in one transaction and append its audit entry.

    `permission` None is for actions anyone may take, such as a failed sign-in. `capture=False`
    keeps only the entry (for bulk jobs such as the demo generator, whose rows are synthetic):
    the changes are then summed up in `detail` by the service. The role is checked for the
    outermost action, the one the user asked for: importing a list may add the hamlets it names
    even for an officer, who could not add a hamlet on its own.
    """
    outer = _open.get(db)
    if outer is None:
        _refuse_if_damaged(db)
    if permission is not None and outer is None:
        session.require(db, permission)
    if outer is not None:
        with transaction(db):
            yield outer
        return
    entry = Entry(kind, subject, dict(detail or {}), capture)
    with transaction(db):
        _open[db] = entry
        try:
            yield entry
        finally:
            del _open[db]
        _append(db, entry)


def _refuse_if_damaged(db: sqlite_utils.Database) -> None:
    """A damaged file is put in query-only mode (`integrity.refuse_writes`): say why, plainly,
    rather than let SQLite's "read-only" error suggest a folder without write permission."""
    if db.conn.execute("PRAGMA query_only").fetchone()[0]:
        raise DamagedDatabase("write refused: the database failed its integrity check")


def log(
    db: sqlite_utils.Database,
    kind: str,
    subject: str = "",
    *,
    actor: str | None = None,
    **detail: Any,
) -> None:
    """An entry that changes no record (a sign-in, a backup, an Excel export).

    `actor` names who acted when that is not the signed-in account: a sign-in attempt is
    the claimed name's, whoever was still signed in on the connection.
    """
    with action(db, None, kind, subject, detail=detail) as entry:
        if actor is not None:
            entry.actor = actor


def _pending(db: sqlite_utils.Database, table: str) -> Entry:
    entry = _open.get(db)
    if entry is None:
        raise WriteOutsideAction(f"{table} written outside an audited action")
    return entry


def note_create(db: sqlite_utils.Database, table: str, uid: str, after: dict[str, Any]) -> None:
    entry = _pending(db, table)
    if entry.capture:
        entry.changes.append(Change(table, uid, "create", None, after))


def note_creates(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """`note_create` for many new rows at once (a list import), each with its "uid"."""
    entry = _pending(db, table)
    if entry.capture:
        entry.changes.extend(Change(table, row["uid"], "create", None, row) for row in rows)


def wants_before(db: sqlite_utils.Database, table: str) -> bool:
    """Whether `records` should read a row's old values before changing it."""
    return _pending(db, table).capture


def note_edit(
    db: sqlite_utils.Database,
    table: str,
    uid: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    entry = _pending(db, table)
    if entry.capture:
        changed = [key for key in after if before.get(key) != after[key]]
        entry.changes.append(
            Change(
                table,
                uid,
                "edit",
                {key: before.get(key) for key in changed},
                {key: after[key] for key in changed},
            )
        )


def note_delete(db: sqlite_utils.Database, table: str, uid: str, before: dict[str, Any]) -> None:
    entry = _pending(db, table)
    if entry.capture:
        entry.changes.append(Change(table, uid, "delete", before, None))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, row: dict[str, Any], changes: list[tuple]) -> str:
    """The hash of one entry over its stored text, so verification needs no re-encoding."""
    fields = [prev_hash, row["at"], row["actor"], row["kind"], row["subject"], row["detail"]]
    payload = json.dumps([fields, [list(change) for change in changes]], ensure_ascii=False)
    import hashlib  # here: OpenSSL's libcrypto (4.5 MB) is read after the sign-in screen is up

    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _append(db: sqlite_utils.Database, entry: Entry) -> None:
    actor = entry.actor
    if actor is None:
        actor = (session.current(db) or session.SETUP_ACTOR).username
    last = db.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = last[0] if last else GENESIS
    row = {
        "at": _now(),
        "actor": actor,
        "kind": entry.kind,
        "subject": entry.subject,
        "detail": _dumps(entry.detail),
    }
    changes = [(c.table, c.uid, c.op, _dumps(c.before), _dumps(c.after)) for c in entry.changes]
    digest = entry_hash(prev_hash, row, changes)
    cursor = db.conn.execute(
        "INSERT INTO audit (at, actor, kind, subject, detail, prev_hash, hash) "
        "VALUES (:at, :actor, :kind, :subject, :detail, :prev_hash, :hash)",
        {**row, "prev_hash": prev_hash, "hash": digest},
    )
    db.conn.executemany(
        "INSERT INTO audit_change (entry_id, position, table_name, uid, op, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(cursor.lastrowid, position, *change) for position, change in enumerate(changes)],
    )


def head(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """The newest entry's id and hash: what a bundle's manifest carries to the province."""
    row = db.conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str


def verify(db: sqlite_utils.Database) -> list[ChainProblem]:
    """Walk the chain from the first entry; each break found, in order (empty when intact)."""
    problems: list[ChainProblem] = []
    expected_prev, expected_id = GENESIS, None
    changes = _changes_by_entry(db)
    for row in db.conn.execute("SELECT * FROM audit ORDER BY id"):
        entry = dict(row)
        if expected_id is not None and entry["id"] != expected_id:
            # Ids are never reused and a rolled-back entry takes its number back with it, so a
            # gap means entries were deleted, even if the chain was re-linked over them.
            problems.append(
                ChainProblem(
                    entry["id"],
                    _("Nhật ký bị mất các mục từ số {first} đến số {last}.").format(
                        first=expected_id, last=entry["id"] - 1
                    ),
                )
            )
        expected_id = entry["id"] + 1
        if entry["prev_hash"] != expected_prev:
            problems.append(
                ChainProblem(
                    entry["id"],
                    _("Nhật ký bị mất hoặc sửa mục đứng trước mục số {id}.").format(id=entry["id"]),
                )
            )
        digest = entry_hash(entry["prev_hash"], entry, changes.get(entry["id"], []))
        if digest != entry["hash"]:
            problems.append(
                ChainProblem(
                    entry["id"],
                    _("Mục nhật ký số {id} đã bị sửa ngoài chương trình.").format(id=entry["id"]),
                )
            )
        expected_prev = entry["hash"]
    return problems


def _changes_by_entry(db: sqlite_utils.Database) -> dict[int, list[tuple]]:
    result: dict[int, list[tuple]] = {}
    for row in db.conn.execute(
        "SELECT entry_id, table_name, uid, op, before, after FROM audit_change "
        "ORDER BY entry_id, position"
    ):
        result.setdefault(row[0], []).append(tuple(row)[1:])
    return result


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind
