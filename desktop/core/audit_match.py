"""Each record compared with the state the audit trail recorded for it.

The hash chain proves the trail was not edited; it says nothing of the records themselves. A
person's name, an outcome's amount or an account's role changed with sqlite3 leaves the trail
intact, so `antq-desk check` replays the trail: for every synced row of this office it folds the
row's recorded changes (the whole row at its creation, then each edit's new values, a deletion)
into the state the program last wrote, and names every field that differs now. Accounts are
replayed from their `account.create` and `account.edit` entries (name, role, whether active).

Rows with no recorded change are legitimate in two cases only: rows of another office (merged
from its bundles at the province; their signatures vouch for them) and rows written before the
trail recorded them one by one (before the first entry, or by the demo generator, whose one
entry carries counts). Any other row without a history was written outside the program.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from db.schema import SYNCED_TABLES
from desktop.core.i18n import _

# Written by SQL around the recorded values (rev, timestamps), not by the service's values.
NOT_RECORDED = frozenset({"rev", "updated_at", "deleted_at", "id", "sort_key"})
UNCAPTURED_KINDS = ("demo.create",)
ACCOUNT_FIELDS = ("display_name", "role", "active")


@dataclass(frozen=True)
class Mismatch:
    table: str
    key: str
    field: str
    entry_id: int | None
    message: str


@dataclass
class _Recorded:
    state: dict[str, Any]
    deleted: bool
    entry_id: int


def _same(recorded: Any, current: Any) -> bool:
    if recorded == current:
        return True
    return json.loads(json.dumps(current, ensure_ascii=False)) == recorded


def _fold(conn: sqlite3.Connection, table: str) -> dict[str, _Recorded]:
    states: dict[str, _Recorded] = {}
    rows = conn.execute(
        "SELECT entry_id, uid, op, after FROM audit_change WHERE table_name = ? "
        "ORDER BY entry_id, position",
        [table],
    )
    for entry_id, uid, op, after in rows:
        values = json.loads(after) if after else {}
        known = states.get(uid)
        if op == "create" or known is None:
            states[uid] = _Recorded(dict(values), op == "delete", entry_id)
            continue
        known.state.update(values)
        known.deleted = op == "delete" or (known.deleted and "deleted_at" not in values)
        if "deleted_at" in values and values["deleted_at"] is None:
            known.deleted = False
        known.entry_id = entry_id
    return states


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _trail_start(conn: sqlite3.Connection) -> str | None:
    """Rows created up to this moment may lack a history (see the module's docstring)."""
    marks = UNCAPTURED_KINDS
    row = conn.execute(
        f"SELECT MAX(at) FROM audit WHERE kind IN ({', '.join('?' for _ in marks)})", marks
    ).fetchone()
    first = conn.execute("SELECT MIN(at) FROM audit").fetchone()[0]
    return max(filter(None, (row[0], first)), default=None)


def _self_code(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()
    return row[0] if row else None


def _row_mismatches(table: str, row: dict, recorded: _Recorded) -> Iterator[Mismatch]:
    uid = row["uid"]
    if recorded.deleted != (row.get("deleted_at") is not None):
        field = "deleted_at"
        text = _("Bản ghi {table} {uid}: trạng thái xóa khác với nhật ký (mục số {entry}).")
        yield Mismatch(
            table, uid, field, recorded.entry_id, _fmt(text, table, uid, field, recorded)
        )
    for field, value in recorded.state.items():
        if field in NOT_RECORDED or field not in row:
            continue
        if not _same(value, row[field]):
            text = _(
                "Bản ghi {table} {uid}: trường {field} đã bị sửa ngoài chương trình (khác với "
                "nhật ký mục số {entry})."
            )
            yield Mismatch(
                table, uid, field, recorded.entry_id, _fmt(text, table, uid, field, recorded)
            )


def _fmt(text: str, table: str, uid: str, field: str, recorded: _Recorded | None) -> str:
    entry = recorded.entry_id if recorded else ""
    return text.format(table=table, uid=uid, field=field, entry=entry)


def record_mismatches(conn: sqlite3.Connection) -> tuple[list[Mismatch], int]:
    """Every synced row of this office that differs from its recorded state; and how many rows
    were compared."""
    own, start = _self_code(conn), _trail_start(conn)
    found: list[Mismatch] = []
    compared = 0
    if own is None:
        return found, 0
    for table in SYNCED_TABLES:
        states = _fold(conn, table)
        columns = _columns(conn, table)
        for values in conn.execute(f"SELECT * FROM {table} WHERE unit_code = ?", [own]):
            row = dict(zip(columns, values, strict=True))
            recorded = states.get(row["uid"])
            if recorded is None:
                if start is None or (row.get("created_at") or "") > start:
                    text = _(
                        "Bản ghi {table} {uid} không có trong nhật ký thao tác: đã được thêm "
                        "ngoài chương trình."
                    )
                    found.append(
                        Mismatch(
                            table, row["uid"], "", None, _fmt(text, table, row["uid"], "", None)
                        )
                    )
                continue
            compared += 1
            found.extend(_row_mismatches(table, row, recorded))
    return found, compared


def account_mismatches(conn: sqlite3.Connection) -> list[Mismatch]:
    """Accounts whose name, role or being active differ from what the trail recorded."""
    recorded: dict[str, tuple[dict[str, Any], int]] = {}
    for entry_id, kind, subject, detail in conn.execute(
        "SELECT id, kind, subject, detail FROM audit "
        "WHERE kind IN ('account.create', 'account.edit') ORDER BY id"
    ):
        values = json.loads(detail or "{}")
        if kind == "account.create" and "carried" in values:  # brought along by a restore
            for carried in values["carried"]:
                state = {field: carried[field] for field in ACCOUNT_FIELDS}
                recorded[carried["username"].lower()] = (state, entry_id)
        elif kind == "account.create":
            state = {"display_name": values.get("display_name"), "role": values.get("role")}
            recorded[subject.lower()] = ({**state, "active": True}, entry_id)
        elif subject.lower() in recorded:
            state, _old = recorded[subject.lower()]
            state.update(values.get("after", {}))
            recorded[subject.lower()] = (state, entry_id)
    found = []
    for username, display_name, role, active in conn.execute(
        "SELECT username, display_name, role, active FROM account"
    ):
        current = {"display_name": display_name, "role": role, "active": bool(active)}
        known = recorded.get(username.lower())
        if known is None:
            text = _(
                "Tài khoản {user} không có trong nhật ký thao tác: đã được thêm ngoài chương trình."
            )
            found.append(Mismatch("account", username, "", None, text.format(user=username)))
            continue
        state, entry_id = known
        for field in ACCOUNT_FIELDS:
            if field in state and state[field] != current[field]:
                text = _(
                    "Tài khoản {user}: trường {field} đã bị sửa ngoài chương trình (nhật ký ghi "
                    "“{recorded}”, tệp có “{found}”; mục số {entry})."
                )
                found.append(
                    Mismatch(
                        "account",
                        username,
                        field,
                        entry_id,
                        text.format(
                            user=username,
                            field=field,
                            recorded=state[field],
                            found=current[field],
                            entry=entry_id,
                        ),
                    )
                )
    return found
