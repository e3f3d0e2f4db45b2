"""Province side: verify a bundle, decrypt it, dry-run the merge, and commit it in one transaction.

Order of checks (docs/bundle-format.md §6): archive structure in memory → signature with the
sender's enrolled key → manifest → payload hash → duplicate or conflicting number → decryption →
every payload line → merge. Anything refused raises `BundleError` and leaves the database as it
was; a dry run performs the merge in a transaction that is always rolled back.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyrage
import sqlite_utils

from db import transaction
from db.schema import SYNCED_TABLES
from desktop.core import office, records
from desktop.core.bundles import archive, chain, crypto, keys, manifest, payload
from desktop.core.bundles.errors import BundleError
from desktop.core.bundles.manifest import Manifest
from desktop.core.i18n import _

CATEGORIES = ("new", "updated", "deleted", "unchanged", "older", "conflicts")


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    older: int = 0
    conflicts: int = 0


@dataclass
class ImportResult:
    """What importing one bundle did (or, for a dry run, would do)."""

    file_name: str
    manifest: Manifest
    sha256: str
    status: str  # "dry-run", "imported" or "duplicate"
    tables: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.tables.values():
            for name in CATEGORIES:
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        return total


@dataclass(frozen=True)
class Verified:
    """A bundle whose container, signature, manifest and payload hash passed; not decrypted."""

    manifest: Manifest
    sha256: str
    encrypted: bytes


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _signer(db: sqlite_utils.Database, entries: dict[str, bytes]) -> str:
    """The enrolled unit whose active key signed the manifest; checked before anything is read."""
    data, signature = entries[archive.MANIFEST], entries[archive.SIGNATURE]
    for unit_code, public in keys.active_keys(db).items():
        if crypto.verifies(public, signature, data):
            return unit_code
    claimed = manifest.parse_loose(data) or {}
    code = claimed.get("unit_code")
    if isinstance(code, str) and code not in keys.active_keys(db):
        reason = keys.key_problem(db, code)
        raise BundleError(
            _("Gói không được nhận: {reason}").format(reason=reason), f"no key for {code}"
        )
    raise BundleError(
        _(
            "Chữ ký của gói không đúng: gói đã bị sửa hoặc không do xã đã đăng ký ký. "
            "Gói bị từ chối."
        ),
        "signature does not verify",
    )


def verify(db: sqlite_utils.Database, data: bytes) -> Verified:
    """Every check that needs no decryption; returns the verified manifest."""
    entries = archive.unpack(data)
    signer = _signer(db, entries)
    parsed = manifest.parse(entries[archive.MANIFEST])
    if parsed.unit_code != signer:
        raise BundleError(
            _(
                "Gói ghi là của đơn vị {claimed} nhưng do đơn vị {signer} ký. Gói bị từ chối."
            ).format(claimed=parsed.unit_code, signer=signer),
            f"manifest unit {parsed.unit_code} signed by {signer}",
        )
    own = office.self_unit(db).code
    if parsed.province_code != own:
        raise BundleError(
            _("Gói này gửi cho tỉnh khác (mã {code}).").format(code=parsed.province_code),
            f"bundle for province {parsed.province_code}",
        )
    encrypted = entries[archive.PAYLOAD]
    if crypto.sha256_hex(encrypted) != parsed.payload_sha256:
        raise BundleError(
            _("Phần dữ liệu của gói không khớp với mã băm đã ký: gói đã bị sửa hoặc hỏng."),
            "payload hash mismatch",
        )
    return Verified(parsed, crypto.sha256_hex(data), encrypted)


def _previous_receipt(db: sqlite_utils.Database, m: Manifest):
    return db.conn.execute(
        "SELECT sha256, imported_at FROM bundles_in WHERE unit_code = ? AND device_id = ? "
        "AND epoch = ? AND number = ?",
        [m.unit_code, m.device_id, m.epoch, m.number],
    ).fetchone()


def import_bundle(
    db: sqlite_utils.Database,
    data: bytes,
    identity: pyrage.x25519.Identity,
    *,
    file_name: str = "",
    dry_run: bool = True,
) -> ImportResult:
    """Verify, decrypt and merge one bundle; with `dry_run` nothing is kept."""
    verified = verify(db, data)
    m = verified.manifest
    seen = _previous_receipt(db, m)
    if seen is not None:
        if seen[0] == verified.sha256:
            return ImportResult(file_name, m, verified.sha256, "duplicate", gaps=chain.gaps(db, m))
        raise BundleError(
            _(
                "Đã nhận một gói khác cùng số {number} của đơn vị {code} (nội dung khác). Gói này "
                "bị từ chối; hãy liên hệ xã để kiểm tra."
            ).format(number=m.number, code=m.unit_code),
            f"conflicting bundle {m.unit_code}/{m.device_id}/{m.epoch}/{m.number}",
        )
    try:
        plaintext = pyrage.decrypt(verified.encrypted, [identity])
    except pyrage.DecryptError as error:
        raise BundleError(
            _(
                "Không giải mã được gói: gói được mã hóa cho khóa khác (xã có thể đang dùng tệp "
                "thiết lập cũ hoặc của tỉnh khác)."
            ),
            f"decrypt failed: {error}",
        ) from error
    rows = payload.parse(db, plaintext, m.identity(), m.unit_code)
    counted = Counter(row.table for row in rows)
    if any(counted[table] != m.counts.get(table, 0) for table in {*counted, *m.counts}):
        raise BundleError(
            _("Số dòng theo từng bảng trong gói không khớp với phần mô tả đã ký. Gói bị từ chối."),
            f"counts {dict(counted)} != manifest {m.counts}",
        )
    return _merge(db, verified, rows, file_name, dry_run)


def import_file(
    db: sqlite_utils.Database, path: Path, identity: pyrage.x25519.Identity, *, dry_run: bool
) -> ImportResult:
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read(archive.MAX_FILE_BYTES + 1)
    return import_bundle(db, data, identity, file_name=path.name, dry_run=dry_run)


def _merge(
    db: sqlite_utils.Database,
    verified: Verified,
    rows: list[payload.Row],
    file_name: str,
    dry_run: bool,
) -> ImportResult:
    m = verified.manifest
    result = ImportResult(file_name, m, verified.sha256, "dry-run" if dry_run else "imported")
    result.tables = {table: TableCounts() for table in SYNCED_TABLES}
    order = {table: index for index, table in enumerate(SYNCED_TABLES)}
    ordered = sorted(rows, key=lambda r: (order[r.table], r.values.get("deleted_at") is None))
    db.conn.execute("PRAGMA foreign_keys = OFF")  # parents may arrive in a later bundle
    try:
        with transaction(db):
            receipt = _record_receipt(db, verified, file_name)
            for row in ordered:
                _merge_row(db, row, m.unit_code, receipt, result)
            result.gaps = chain.gaps(db, m)
            result.warnings = chain.warnings(db, m, verified.sha256)
            db.conn.execute(
                "UPDATE bundles_in SET summary = ? WHERE id = ?",
                [json.dumps({t: asdict(c) for t, c in result.tables.items()}), receipt],
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
    return result


def _record_receipt(db: sqlite_utils.Database, verified: Verified, file_name: str) -> int:
    m = verified.manifest
    cursor = db.conn.execute(
        "INSERT INTO bundles_in (unit_code, device_id, epoch, number, period, seq_from, seq_to, "
        "sha256, previous_sha256, file_name, manifest, summary, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)",
        [
            m.unit_code,
            m.device_id,
            m.epoch,
            m.number,
            m.period,
            m.seq_from,
            m.seq_to,
            verified.sha256,
            m.previous_sha256,
            file_name,
            m.to_bytes().decode("ascii"),
            records.now_iso(),
        ],
    )
    return cursor.lastrowid


def _merge_row(
    db: sqlite_utils.Database, row: payload.Row, sender: str, receipt: int, result: ImportResult
) -> None:
    """Apply one row by the rule of DESIGN.md §4; no clock is read."""
    counts = result.tables[row.table]
    incoming = row.values
    stored = db.conn.execute(f"SELECT * FROM {row.table} WHERE uid = ?", [incoming["uid"]])
    existing = stored.fetchone()
    tombstone = incoming.get("deleted_at") is not None
    if existing is None:
        _write(db, row, insert=True)
        counts.deleted += tombstone
        counts.new += not tombstone
        return
    if existing["unit_code"] != sender:
        raise BundleError(
            _("Gói bị từ chối toàn bộ vì có dòng dữ liệu không hợp lệ:"),
            f"line {row.line}: uid owned by {existing['unit_code']}",
            lines=[
                _("dòng {line}: mã bản ghi trùng với bản ghi của đơn vị khác.").format(
                    line=row.line
                )
            ],
        )
    if incoming["rev"] < existing["rev"]:
        counts.older += 1
    elif incoming["rev"] > existing["rev"]:
        _write(db, row, insert=False)
        if tombstone and existing["deleted_at"] is None:
            counts.deleted += 1
        else:
            counts.updated += 1
    elif all(existing[name] == value for name, value in incoming.items()):
        counts.unchanged += 1
    else:
        counts.conflicts += 1
        _record_conflict(db, row, sender, receipt)
        result.conflicts.append({"table": row.table, "uid": incoming["uid"], "line": row.line})


def _write(db: sqlite_utils.Database, row: payload.Row, *, insert: bool) -> None:
    names = list(row.values)
    try:
        if insert:
            marks = ", ".join("?" for _ in names)
            db.conn.execute(
                f"INSERT INTO {row.table} ({', '.join(names)}) VALUES ({marks})",
                list(row.values.values()),
            )
        else:
            sets = ", ".join(f"{name} = ?" for name in names)
            db.conn.execute(
                f"UPDATE {row.table} SET {sets} WHERE uid = ?",
                [*row.values.values(), row.values["uid"]],
            )
    except sqlite3.IntegrityError as error:
        raise BundleError(
            _("Gói bị từ chối toàn bộ vì có dòng dữ liệu không hợp lệ:"),
            f"line {row.line}: {error}",
            lines=[
                _("dòng {line}: vi phạm ràng buộc dữ liệu ({detail}).").format(
                    line=row.line, detail=str(error)[:120]
                )
            ],
        ) from error


def _record_conflict(
    db: sqlite_utils.Database, row: payload.Row, sender: str, receipt: int
) -> None:
    db.conn.execute(
        "INSERT INTO bundle_conflict (bundles_in_id, tbl, unit_code, uid, rev, incoming, line) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            receipt,
            row.table,
            sender,
            row.values["uid"],
            row.values["rev"],
            json.dumps(row.values, ensure_ascii=False, sort_keys=True),
            row.line,
        ],
    )
