"""The payload: JSON Lines, an identity line then one synced row per line (before encryption).

Parsing checks every line against the receiving database's own columns, so a row that could
not be stored as it is (wrong type, absurd value, foreign owner) refuses the whole bundle with
its line number before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from db.schema import SYNCED_TABLES
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

KIND = "antq-payload"
MAX_LINE_BYTES = 256 * 1024
MAX_TEXT_CHARS = 10_000
MAX_REPORTED_LINES = 50
REQUIRED = ("uid", "unit_code", "rev", "created_at", "updated_at")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_UID = re.compile(r"^[0-9A-Za-z-]{1,64}$")


@dataclass(frozen=True)
class Row:
    """One payload row, with the line it came from (1-based, counting the identity line)."""

    line: int
    table: str
    values: dict[str, Any]


def encode_line(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def identity_line(identity: dict[str, Any]) -> bytes:
    return encode_line({"kind": KIND, **identity})


def row_line(table: str, values: dict[str, Any]) -> bytes:
    return encode_line({"table": table, "row": values})


def _reject(reasons: list[str]) -> BundleError:
    shown = reasons[:MAX_REPORTED_LINES]
    if len(reasons) > len(shown):
        shown.append(_("… và {count} lỗi khác.").format(count=len(reasons) - len(shown)))
    return BundleError(
        _("Gói bị từ chối toàn bộ vì có dòng dữ liệu không hợp lệ:"),
        f"payload rejected: {reasons[:3]}",
        lines=shown,
    )


def _decode(number: int, raw: bytes) -> Any:
    if len(raw) > MAX_LINE_BYTES:
        raise ValueError(_("dòng {line}: dòng quá dài.").format(line=number))
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(_("dòng {line}: không phải văn bản UTF-8.").format(line=number)) from error
    except ValueError as error:
        raise ValueError(_("dòng {line}: không phải JSON hợp lệ.").format(line=number)) from error


def parse(
    db: sqlite_utils.Database, plaintext: bytes, identity: dict[str, Any], sender: str
) -> list[Row]:
    """Every row of a decrypted payload, checked; `BundleError` with line numbers otherwise."""
    lines = plaintext.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        raise _reject([_("dòng 1: thiếu dòng định danh.")])
    reasons: list[str] = []
    try:
        head = _decode(1, lines[0])
    except ValueError as error:
        raise _reject([str(error)]) from error
    expected = {"kind": KIND, **identity}
    if head != expected:
        raise BundleError(
            _(
                "Nội dung gói không khớp với phần mô tả đã ký (đơn vị, thiết bị hoặc số gói khác): "
                "gói có thể đã bị ghép từ gói của đơn vị khác. Gói bị từ chối."
            ),
            f"payload identity {head!r} != manifest {expected!r}",
        )
    schema = _Schema(db)
    rows: list[Row] = []
    for number, raw in enumerate(lines[1:], start=2):
        try:
            rows.append(schema.check(number, _decode(number, raw), sender))
        except ValueError as error:
            reasons.append(str(error))
    if len(rows) != identity["payload_rows"] and not reasons:
        reasons.append(_("số dòng dữ liệu không khớp với phần mô tả."))
    if reasons:
        raise _reject(reasons)
    return rows


class _Schema:
    """The receiving database's columns of each synced table, to check rows against."""

    def __init__(self, db: sqlite_utils.Database):
        self.columns: dict[str, dict[str, tuple[str, bool, bool]]] = {}
        for table in SYNCED_TABLES:
            info = db.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self.columns[table] = {
                r["name"]: (r["type"].upper(), bool(r["notnull"]), r["dflt_value"] is not None)
                for r in info
                if r["name"] != "id"
            }

    def check(self, line: int, value: Any, sender: str) -> Row:
        if not isinstance(value, dict) or set(value) != {"table", "row"}:
            raise ValueError(_("dòng {line}: không đúng dạng một dòng dữ liệu.").format(line=line))
        table, row = value["table"], value["row"]
        if table not in self.columns or not isinstance(row, dict):
            raise ValueError(_("dòng {line}: bảng không được đồng bộ.").format(line=line))
        columns = self.columns[table]
        for name in row:
            if name not in columns:
                raise ValueError(
                    _("dòng {line}: cột lạ “{column}”.").format(line=line, column=str(name)[:40])
                )
        for name, (kind, notnull, has_default) in columns.items():
            if name not in row:
                if name in REQUIRED or (notnull and not has_default):
                    raise ValueError(
                        _("dòng {line}: thiếu cột {column}.").format(line=line, column=name)
                    )
                continue
            _check_value(line, table, name, kind, notnull, row[name])
        if row["unit_code"] != sender:
            raise ValueError(
                _("dòng {line}: bản ghi của đơn vị khác ({code}).").format(
                    line=line, code=str(row["unit_code"])[:10]
                )
            )
        return Row(line, table, row)


def _check_value(line: int, table: str, name: str, kind: str, notnull: bool, value: Any) -> None:
    def fail(what: str) -> ValueError:
        return ValueError(
            _("dòng {line}: {table}.{column} {what}.").format(
                line=line, table=table, column=name, what=what
            )
        )

    if value is None:
        if notnull:
            raise fail(_("không được để trống"))
        return
    if kind == "TEXT":
        if not isinstance(value, str):
            raise fail(_("phải là chữ"))
        if len(value) > MAX_TEXT_CHARS:
            raise fail(_("quá dài ({count} ký tự)").format(count=len(value)))
        if (name.endswith("_date") or name.endswith("_at") or name == "festival_day") and (
            not _DATE.match(value)
        ):
            raise fail(_("không phải ngày hợp lệ"))
        if (name == "uid" or name.endswith("_uid")) and not _UID.match(value):
            raise fail(_("không phải mã bản ghi hợp lệ"))
    elif kind == "INTEGER":
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**53:
            raise fail(_("phải là số nguyên"))
    elif kind == "REAL" and (
        not isinstance(value, int | float) or isinstance(value, bool) or abs(value) > 1e15
    ):
        raise fail(_("phải là số"))
    if name == "rev" and value < 1:
        raise fail(_("phải từ 1 trở lên"))
    if name == "birth_year" and not 1900 <= value <= dt.date.today().year:
        raise fail(_("không hợp lệ ({value})").format(value=value))
