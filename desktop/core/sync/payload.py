"""The payload: JSON Lines of rows, a header line first that repeats the bundle's identity.

Commune side: which rows a bundle carries. Every changed row goes with its current state (a
tombstone is a row whose `deleted_at` is set), and with the rows it refers to (its campaign,
event type, hamlet…), so each bundle can be merged alone, in any order, without breaking a
reference. Province side: decoding with a line number for every problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.schema import SYNCED_TABLES
from desktop.core.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

MAX_TEXT = 10_000
_TABLE_ORDER = {table: index for index, table in enumerate(SYNCED_TABLES)}


_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {}


def load_references(db: sqlite_utils.Database) -> dict[str, tuple[tuple[str, str], ...]]:
    """Read the foreign keys of the synced tables from the schema (all point at a uid)."""
    if not _REFERENCES:
        for table in SYNCED_TABLES:
            rows = db.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            _REFERENCES[table] = tuple((row["from"], row["table"]) for row in rows)
    return _REFERENCES


_COLUMNS: dict[str, tuple[str, ...]] = {}


def table_columns(db: sqlite_utils.Database, table: str) -> tuple[str, ...]:
    """The columns a row of `table` carries in a payload: all but the local integer id."""
    if table not in _COLUMNS:
        info = db.conn.execute(f"PRAGMA table_info({table})")
        _COLUMNS[table] = tuple(row[1] for row in info if row[1] != "id")
    return _COLUMNS[table]


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) builds on every call, once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_line(document: dict[str, Any]) -> bytes:
    return _ENCODER.encode(document).encode("utf-8") + b"\n"


def row_line(table: str, row: dict[str, Any]) -> bytes:
    return encode_line({"kind": "row", "table": table, "row": row})


def tombstone_line(table: str, uid: str, unit_code: str, rev: int) -> bytes:
    """A row deleted outright (not through a tombstone): only its key and rev travel."""
    return encode_line(
        {"kind": "tombstone", "table": table, "uid": uid, "unit_code": unit_code, "rev": rev}
    )


def fetch_rows(
    db: sqlite_utils.Database, table: str, uids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Current rows of `table` by uid (tombstoned rows included)."""
    wanted = list(uids)
    found: dict[str, dict[str, Any]] = {}
    names = ", ".join(table_columns(db, table))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.conn.execute(f"SELECT {names} FROM {table} WHERE uid IN ({marks})", chunk):
            found[row["uid"]] = dict(row)
    return found


def sort_key(line: tuple[str, bytes]) -> int:
    return _TABLE_ORDER[line[0]]


@dataclass
class Chunk:
    """Rows for one bundle, parents before children, and the change-log seq it reaches."""

    lines: list[tuple[str, bytes]] = field(default_factory=list)
    keys: set[tuple[str, str]] = field(default_factory=set)
    size: int = 0
    seq_to: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, uid: str, line: bytes, tombstone: bool) -> None:
        self.keys.add((table, uid))
        self.lines.append((table, line))
        self.size += len(line)
        kind = "tombstones" if tombstone else "rows"
        counts = self.counts.setdefault(table, {"rows": 0, "tombstones": 0})
        counts[kind] += 1

    def body(self) -> bytes:
        return b"".join(line for _, line in sorted(self.lines, key=sort_key))


@dataclass(frozen=True)
class Changed:
    table: str
    uid: str
    seq: int
    rev: int


def changed_since(db: sqlite_utils.Database, seq_after: int) -> list[Changed]:
    """Each row changed after `seq_after`, once, ordered by its last change."""
    rows = db.conn.execute(
        "SELECT tbl, uid, MAX(seq) AS last, MAX(rev) AS rev FROM change_log WHERE seq > ? "
        "GROUP BY tbl, uid ORDER BY last",
        [seq_after],
    )
    return [Changed(row[0], row[1], row[2], row[3]) for row in rows if row[0] in _TABLE_ORDER]


def every_row(db: sqlite_utils.Database, unit_code: str) -> list[Changed]:
    """A full export: every row this office owns, parents first."""
    found = []
    for table in SYNCED_TABLES:
        for row in db.conn.execute(
            f"SELECT uid, rev FROM {table} WHERE unit_code = ? ORDER BY id", [unit_code]
        ):
            found.append(Changed(table, row[0], 0, row[1]))
    return found


class _Rows:
    """The rows of one export, read once, and their lines, encoded once.

    A parent shared by many children (an event by its attendance rows) would otherwise be read
    and encoded again for every child that brings it into a bundle.
    """

    def __init__(
        self, db: sqlite_utils.Database, known: dict[str, dict[str, dict[str, Any] | None]]
    ):
        self.db, self.known = db, known  # None: looked up and absent, not asked again
        self.lines: dict[tuple[str, str], bytes] = {}

    def get(self, table: str, uid: str) -> dict[str, Any] | None:
        rows = self.known.setdefault(table, {})
        if uid not in rows:
            rows[uid] = fetch_rows(self.db, table, [uid]).get(uid)
        return rows[uid]

    def line(self, table: str, row: dict[str, Any]) -> bytes:
        key = (table, row["uid"])
        encoded = self.lines.get(key)
        if encoded is None:
            encoded = self.lines[key] = row_line(table, row)
        return encoded


def _closure(
    rows: _Rows, table: str, row: dict[str, Any], chunk: Chunk
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows `row` refers to (recursively) that the chunk does not carry yet."""
    for column, parent in load_references(rows.db)[table]:
        uid = row.get(column)
        if uid is None or (parent, uid) in chunk.keys:
            continue
        parent_row = rows.get(parent, uid)
        if parent_row is None:
            continue
        yield from _closure(rows, parent, parent_row, chunk)
        yield parent, parent_row


def _lines_for(
    rows: _Rows, item: Changed, row: dict[str, Any] | None, chunk: Chunk, unit: str
) -> list[tuple[str, str, bytes, bool]]:
    if row is None:
        return [(item.table, item.uid, tombstone_line(item.table, item.uid, unit, item.rev), True)]
    lines = []
    seen = set()
    for parent, parent_row in _closure(rows, item.table, row, chunk):
        if (parent, parent_row["uid"]) not in seen:
            seen.add((parent, parent_row["uid"]))
            tomb = parent_row["deleted_at"] is not None
            lines.append((parent, parent_row["uid"], rows.line(parent, parent_row), tomb))
    tomb = row["deleted_at"] is not None
    lines.append((item.table, item.uid, rows.line(item.table, row), tomb))
    return lines


def plan_chunks(
    db: sqlite_utils.Database, changed: list[Changed], unit: str, limit: int
) -> list[Chunk]:
    """Group the rows into bundles whose payload stays under `limit` bytes each."""
    chunks = [Chunk()]
    by_table: dict[str, list[Changed]] = {}
    for item in changed:
        by_table.setdefault(item.table, []).append(item)
    current = {t: fetch_rows(db, t, [i.uid for i in items]) for t, items in by_table.items()}
    rows = _Rows(db, {t: dict(found) for t, found in current.items()})
    for item in changed:
        chunk = chunks[-1]
        if (item.table, item.uid) in chunk.keys:
            chunk.seq_to = max(chunk.seq_to, item.seq)
            continue
        row = current[item.table].get(item.uid)
        lines = _lines_for(rows, item, row, chunk, unit)
        size = sum(len(line[2]) for line in lines)
        if chunk.lines and chunk.size + size > limit:
            chunk = Chunk(seq_to=chunks[-1].seq_to)
            chunks.append(chunk)
            lines = _lines_for(rows, item, row, chunk, unit)
        for table, uid, line, tomb in lines:
            if (table, uid) not in chunk.keys:
                chunk.add(table, uid, line, tomb)
        chunk.seq_to = max(chunk.seq_to, item.seq)
    return chunks


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int
    kind: str
    table: str
    uid: str
    unit_code: str
    rev: int
    row: dict[str, Any] | None


@dataclass
class Decoded:
    header: dict[str, Any]
    lines: list[Line]
    rejected: list[tuple[int, str]]


def _reject(rejected: list[tuple[int, str]], number: int, reason: str) -> None:
    rejected.append((number, reason))


_SCALARS = frozenset({str, int, float, type(None)})
_ALLOWED: dict[str, frozenset[str]] = {}


def _allowed(db: sqlite_utils.Database, table: str) -> frozenset[str]:
    if table not in _ALLOWED:
        _ALLOWED[table] = frozenset(table_columns(db, table))
    return _ALLOWED[table]


_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1  # SQLite's INTEGER
_UID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_STAMPS = ("created_at", "updated_at", "deleted_at")


def _malformed_key(row: dict[str, Any]) -> str | None:
    """The first of uid and the timestamps that breaks the format (§8), or None."""
    if not _UID.match(row["uid"]):
        return "uid"
    for key in _STAMPS:
        value = row.get(key)
        if value is None and key == "deleted_at":
            continue
        if not isinstance(value, str):
            return key
        try:
            stamp = dt.datetime.fromisoformat(value)
        except ValueError:
            return key
        if len(value) > 40 or stamp.year < 1900:
            return key
    return None


def _check_row(
    db: sqlite_utils.Database, table: str, row: Any, number: int, rejected: list
) -> Line | None:
    if not isinstance(row, dict):
        _reject(rejected, number, _("dòng không phải một bản ghi"))
        return None
    unknown = sorted(row.keys() - _allowed(db, table))
    if unknown:
        _reject(rejected, number, _("cột lạ: {names}").format(names=", ".join(unknown)[:200]))
        return None
    for key in ("uid", "unit_code", "created_at", "updated_at"):
        if not isinstance(row.get(key), str) or not row.get(key):
            _reject(rejected, number, _("thiếu hoặc sai trường {name}").format(name=key))
            return None
    if not isinstance(row.get("rev"), int) or isinstance(row.get("rev"), bool) or row["rev"] < 1:
        _reject(rejected, number, _("số phiên bản (rev) không hợp lệ"))
        return None
    malformed = _malformed_key(row)
    if malformed:
        _reject(rejected, number, _("trường {name} sai định dạng").format(name=malformed))
        return None
    for key, value in row.items():
        kind = type(value)  # json gives exact types; bool is not an allowed one
        if kind is int and not _INT_MIN <= value <= _INT_MAX:
            _reject(rejected, number, _("trường {name}: số quá lớn").format(name=key))
            return None
        if kind is str and len(value) > MAX_TEXT:
            _reject(
                rejected,
                number,
                _("trường {name} dài {count} ký tự, quá giới hạn {limit}").format(
                    name=key, count=len(value), limit=MAX_TEXT
                ),
            )
            return None
        if kind not in _SCALARS:
            _reject(rejected, number, _("trường {name} có kiểu không hợp lệ").format(name=key))
            return None
    return Line(number, "row", table, row["uid"], row["unit_code"], row["rev"], row)


def _check_tombstone(document: dict, number: int, rejected: list) -> Line | None:
    uid, unit, rev = document.get("uid"), document.get("unit_code"), document.get("rev")
    if not (isinstance(uid, str) and isinstance(unit, str) and isinstance(rev, int)) or rev < 1:
        _reject(rejected, number, _("dòng xóa bản ghi không hợp lệ"))
        return None
    return Line(number, "tombstone", document["table"], uid, unit, rev, None)


def _decode_line(db: sqlite_utils.Database, raw: bytes, number: int, rejected: list) -> Line | None:
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        _reject(rejected, number, _("không phải chữ UTF-8 hợp lệ"))
        return None
    except ValueError:
        _reject(rejected, number, _("không phải JSON hợp lệ"))
        return None
    if not isinstance(document, dict) or document.get("table") not in _TABLE_ORDER:
        _reject(rejected, number, _("bảng dữ liệu không được đồng bộ hoặc không rõ"))
        return None
    if document.get("kind") == "row":
        return _check_row(db, document["table"], document.get("row"), number, rejected)
    if document.get("kind") == "tombstone":
        return _check_tombstone(document, number, rejected)
    _reject(rejected, number, _("loại dòng không rõ"))
    return None


def _raw_lines(data: bytes, start: int) -> Iterator[bytes]:
    """The lines from `start` on, one at a time (a list of them all would double the memory)."""
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end == -1 else end
        yield data[start:end]
        start = end + 1


@dataclass
class Stream:
    """A payload read line by line: the header, then `lines()`; problems go to `rejected`."""

    header: dict[str, Any]
    rejected: list[tuple[int, str]]
    _db: Any
    _data: bytes
    _start: int

    def lines(self) -> Iterator[Line]:
        for number, raw in enumerate(_raw_lines(self._data, self._start), start=2):
            line = _decode_line(self._db, raw, number, self.rejected)
            if line is not None:
                yield line


def stream(db: sqlite_utils.Database, data: bytes) -> Stream:
    """Check the header line; the rows are decoded as `Stream.lines()` is read."""
    load_references(db)
    rejected: list[tuple[int, str]] = []
    end = data.find(b"\n")
    end = len(data) if end == -1 else end
    header: dict[str, Any] = {}
    try:
        first = json.loads(data[:end].decode("utf-8")) if data else None
    except (UnicodeDecodeError, ValueError):
        first = None
    if isinstance(first, dict) and first.get("kind") == "header":
        header = first
    else:
        _reject(rejected, 1, _("dòng đầu không phải phần định danh của gói"))
    return Stream(header, rejected, db, data, end + 1)


def decode(db: sqlite_utils.Database, data: bytes) -> Decoded:
    """Split and check the payload; problems are collected with their line numbers (from 1)."""
    read = stream(db, data)
    lines = list(read.lines())
    return Decoded(read.header, lines, read.rejected)
