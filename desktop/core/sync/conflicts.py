"""Conflicts the province's ack reports, at the commune: both versions, and the choice.

A conflict is a row the province holds at the same rev as the commune's but with other content
(after a restore at the commune, a recovery, or an edit made twice to one rev): the province
keeps its own and sets the commune's aside. The ack (format 2) names each one with its rev and
carries the province's version sealed with age to the commune's enrolled signing key (an
`ssh-ed25519` recipient), so only this commune reads it and no other key has to be kept.

The officer chooses per row: keep the commune's version (its rev is raised, so the next export
carries it above the province's) or take the province's (written through `records`, one
transaction, one audit entry, one change-log entry: the next export carries it above the
province's rev too, so the province takes it back unchanged and drops the conflict). Keeping the
commune's always works; taking the province's needs the key the province sealed to — a commune
that lost it (new PC, new key) is told so and can still keep its own.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.schema import SYNCED_TABLES
from desktop.core import audit, records
from desktop.core.audit_log import field_label
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import keys, orphans, payload, side

if TYPE_CHECKING:
    import sqlite_utils

# Columns that say who and which version, not what: never offered as a difference to take.
_KEY_COLUMNS = frozenset({"id", "uid", "unit_code", "rev", "created_at", "updated_at"})
# Columns shown to the officer: the bookkeeping and the derived search keys are left out.
_HIDDEN = _KEY_COLUMNS | {"search_key", "sort_key"}
# What each reference column points at, to show a name rather than a uid.
_REFERENCES = {
    "campaign_uid": "campaign",
    "event_type_uid": "event_type",
    "indicator_uid": "indicator",
    "hamlet_uid": "hamlet",
    "organiser_uid": "organisation",
    "event_uid": "event",
    "person_uid": "person",
    "recipient_person_uid": "person",
}


@dataclass(frozen=True)
class Conflict:
    table: str
    uid: str
    label: str
    ours: dict[str, Any]  # the commune's row as it is
    theirs: dict[str, Any] | None  # the province's version, None when it cannot be read
    unreadable: str = ""  # why `theirs` is None, in Vietnamese


@dataclass(frozen=True)
class FieldRow:
    label: str
    ours: str
    theirs: str
    differs: bool


def _latest(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    row = db.conn.execute(
        "SELECT conflicts FROM ack_in ORDER BY ack_number DESC LIMIT 1"
    ).fetchone()
    try:
        listed = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return [item for item in listed if isinstance(item, dict)] if isinstance(listed, list) else []


def listed(db: sqlite_utils.Database) -> list[Conflict]:
    """The conflicts of the latest ack still waiting for a decision: rows this commune has, at
    the rev the province reported (a row kept, taken or edited since is no longer open)."""
    found, identity = [], None
    for item in _latest(db):
        table, uid = str(item.get("table", "")), str(item.get("uid", ""))
        if table not in SYNCED_TABLES:
            continue
        ours = payload.fetch_rows(db, table, [uid]).get(uid)
        rev = item.get("rev")
        if ours is None or (isinstance(rev, int) and ours["rev"] != rev):
            continue
        if "province" in item and identity is None:
            identity = _identity(db)
        theirs, why = _open(db, item, ours, identity)
        found.append(Conflict(table, uid, orphans.label(db, table, uid), ours, theirs, why))
    return found


def _identity(db: sqlite_utils.Database):
    """The age identity of this office's signing key, or False when it has none."""
    try:
        return keys.ssh_identity(db)
    except UserError:
        return False


def _open(db, item: dict[str, Any], ours: dict[str, Any], identity) -> tuple[dict | None, str]:
    """The province's version of one conflict, or None and the reason in Vietnamese."""
    if "rev" not in item:
        return None, _("Tệp xác nhận theo mẫu cũ không kèm bản của tỉnh.")
    sealed = item.get("province")
    if not isinstance(sealed, str):
        return None, _(
            "Tỉnh chưa có khóa đã xác nhận của xã nên tệp xác nhận không kèm bản của tỉnh."
        )
    import pyrage

    from desktop.core.sync import bundle_reader

    try:
        if not identity:
            raise pyrage.DecryptError("no signing key")
        plain = bundle_reader.gunzip(pyrage.decrypt(base64.b64decode(sealed), [identity]))
    except (pyrage.DecryptError, binascii.Error, ValueError, UserError):
        return None, _(
            "Không mở được bản của tỉnh: tỉnh đã niêm phong nó bằng khóa ký cũ của xã (máy đã "
            "đổi khóa hoặc được khôi phục). Vẫn giữ được bản của xã; muốn lấy bản của tỉnh, "
            "hãy nhờ tỉnh ghi lại tệp xác nhận sau khi xác nhận khóa mới của xã."
        )
    return _checked(db, plain, str(item.get("table")), ours)


def _checked(db, plain: bytes, item_table: str, ours: dict[str, Any]) -> tuple[dict | None, str]:
    """The row in a sealed line, if it is the same record with known columns."""
    try:
        line = json.loads(plain.decode("utf-8"))
        row = line["row"]
        known = set(payload.table_columns(db, line["table"]))
        same = (
            line["table"] == item_table
            and row["uid"] == ours["uid"]
            and row["unit_code"] == ours["unit_code"]
        )
    except (ValueError, KeyError, TypeError):
        same, known, row = False, set(), {}
    if not same or not set(row) <= known:
        return None, _("Bản của tỉnh gửi kèm không hợp lệ; chỉ giữ được bản của xã.")
    return row, ""


def _shown(db: sqlite_utils.Database, column: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if column == "deleted_at":
        return _("Đã xóa")
    if column in _REFERENCES:
        return orphans.label(db, _REFERENCES[column], str(value)) or str(value)
    return str(value)


def field_rows(db: sqlite_utils.Database, conflict: Conflict) -> list[FieldRow]:
    """The record field by field: the commune's value, the province's, and whether they differ."""
    theirs = conflict.theirs or {}
    rows = []
    for column, value in conflict.ours.items():
        if column in _HIDDEN:
            continue
        other = theirs.get(column) if conflict.theirs is not None else None
        shown_other = _shown(db, column, other) if conflict.theirs is not None else "?"
        rows.append(
            FieldRow(
                _(field_label(column)) if column != "deleted_at" else _("Đã xóa"),
                _shown(db, column, value),
                shown_other,
                conflict.theirs is not None and other != value,
            )
        )
    return rows


def _find(db: sqlite_utils.Database, uid: str) -> Conflict:
    for conflict in listed(db):
        if conflict.uid == uid.strip():
            return conflict
    raise UserError(
        _(
            "Bản ghi {uid} không có xung đột nào chờ quyết định (đã giữ, đã lấy bản của tỉnh, "
            "hoặc đã sửa sau khi tỉnh báo)."
        ).format(uid=uid),
        f"conflict decision: {uid} not open",
    )


def keep_commune(db: sqlite_utils.Database, uids: list[str] | None = None) -> int:
    """Keep the commune's version of the open conflicts (`uids`, or all): each row's rev is
    raised, so the next export carries it above the province's, which takes it and drops the
    conflict. Works whether or not the province's version can be read. One transaction."""
    side.require(db, side.COMMUNE)
    chosen = listed(db) if uids is None else [_find(db, uid) for uid in uids]
    with audit.action(db, Permission.EDIT_RECORDS, "sync.keep_ours", str(len(chosen))) as entry:
        entry.detail.update(rows=[f"{c.table}/{c.uid}" for c in chosen])
        for conflict in chosen:
            _raise_rev(db, conflict)
    return len(chosen)


def _raise_rev(db: sqlite_utils.Database, conflict: Conflict) -> None:
    db.conn.execute(
        f"UPDATE {conflict.table} SET rev = rev + 1, updated_at = ? WHERE uid = ?",
        [records.now_iso(), conflict.uid],
    )


def take_province(db: sqlite_utils.Database, uid: str) -> Conflict:
    """Write the province's version of one open conflict over the commune's, through the
    normal write path (rev raised, change log, audit): the next export carries it above the
    province's rev, so it goes back as an update, never as a new conflict."""
    side.require(db, side.COMMUNE)
    conflict = _find(db, uid)
    if conflict.theirs is None:
        raise UserError(
            conflict.unreadable + " " + _("Chỉ có thể giữ bản của xã."),
            f"take province: {conflict.table}/{uid} unreadable",
        )
    subject = f"{conflict.table}/{conflict.uid}"
    try:
        with audit.action(db, Permission.EDIT_RECORDS, "sync.take_province", subject):
            _write_theirs(db, conflict, conflict.theirs)
    except sqlite3.IntegrityError as error:
        raise UserError(
            _(
                "Không lấy được bản của tỉnh: nó nhắc tới bản ghi mà xã không còn ({detail}). "
                "Hãy giữ bản của xã."
            ).format(detail=str(error)[:120]),
            f"take province {subject}: {error}",
        ) from error
    return conflict


def _write_theirs(db: sqlite_utils.Database, conflict: Conflict, theirs: dict) -> None:
    ours, table, uid = conflict.ours, conflict.table, conflict.uid
    values = {
        column: value
        for column, value in theirs.items()
        if column not in _KEY_COLUMNS and column != "deleted_at" and ours.get(column) != value
    }
    done = False
    if ours["deleted_at"] is not None:
        records.restore(db, table, uid, values)
        done = True
    elif values:
        records.update(db, table, uid, values)
        done = True
    if theirs.get("deleted_at") is not None:
        records.tombstone(db, table, uid)
        done = True
    if not done:  # only the bookkeeping differed: a new rev still settles it at the province
        _raise_rev(db, conflict)
