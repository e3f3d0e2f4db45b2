"""Province import: verify, decrypt, check, merge; a dry run first, then one transaction.

A dry run does the whole merge inside a transaction and rolls it back, so its summary is what
the commit would do. A bundle with any rejected line is refused whole. Refused bundles leave
the database exactly as it was (nothing about them is recorded; the log says why).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import audit, campaigns, records, session
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import bundle_reader, payload
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.bundle_reader import VerifiedBundle
from desktop.core.sync.manifest import Manifest
from desktop.core.sync.merge import OUTCOMES, MergeResult, merge

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

IMPORTED, DRY_RUN, DUPLICATE, REFUSED = "imported", "dry_run", "duplicate", "refused"
MAX_REJECTED_SHOWN = 20


@dataclass
class ImportResult:
    file_name: str
    status: str
    message: str = ""
    unit_code: str = ""
    number: int = 0
    epoch: int = 0
    period: str = ""
    bundle_hash: str = ""
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def total(self, outcome: str) -> int:
        return sum(counts.get(outcome, 0) for counts in self.tables.values())


class _RollBack(Exception):
    """Raised inside the transaction to undo a dry run."""


def _chain(db: sqlite_utils.Database, bundle: VerifiedBundle):
    m = bundle.manifest
    return db.conn.execute(
        "SELECT number, bundle_hash, prev_hash FROM bundle_in WHERE unit_code = ? "
        "AND device_id = ? AND epoch = ?",
        [m.unit_code, m.device_id, m.epoch],
    ).fetchall()


def _check_chain(
    db: sqlite_utils.Database, bundle: VerifiedBundle, name: str
) -> ImportResult | None:
    """A duplicate result, or None to go on; refuses a number reused with other content."""
    m = bundle.manifest
    for number, digest, prev in _chain(db, bundle):
        if number == m.number and digest == bundle.bundle_hash:
            return ImportResult(
                name,
                DUPLICATE,
                _(
                    "Gói số {number} của xã {code} đã được nhập trước đây; không có gì thay đổi."
                ).format(number=m.number, code=m.unit_code),
                m.unit_code,
                m.number,
                m.epoch,
                m.period,
                bundle.bundle_hash,
            )
        broken = (
            number == m.number
            or (number == m.number - 1 and m.prev_hash != digest)
            or (number == m.number + 1 and prev != bundle.bundle_hash)
        )
        if broken:
            raise BundleRefused(
                _(
                    "Gói số {number} của xã {code} mâu thuẫn với gói đã nhận (cùng số nhưng nội "
                    "dung khác, hoặc chuỗi gói không khớp). Gói bị từ chối; hãy liên hệ xã."
                ).format(number=m.number, code=m.unit_code),
                f"conflicting bundle {m.unit_code}/{m.device_id}/{m.epoch}/{m.number}",
            )
    return None


def gaps(db: sqlite_utils.Database, unit_code: str, device_id: str, epoch: int) -> list[int]:
    numbers = {
        row[0]
        for row in db.conn.execute(
            "SELECT number FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ?",
            [unit_code, device_id, epoch],
        )
    }
    return sorted(set(range(1, max(numbers, default=0) + 1)) - numbers)


def _check_header(bundle: VerifiedBundle, decoded: payload.Decoded) -> None:
    expected = {"kind": "header", "format": bundle.manifest.format, **bundle.manifest.identity}
    header = {key: decoded.header.get(key) for key in expected}
    if header != expected:
        raise BundleRefused(
            _(
                "Phần dữ liệu không khớp với phần mô tả đã ký của gói (ghép từ gói khác?). Gói "
                "bị từ chối."
            ),
            f"payload header {decoded.header!r} != manifest identity",
        )


def _check_counts(bundle: VerifiedBundle, decoded: payload.Decoded) -> None:
    counts: dict[str, dict[str, int]] = {}
    for line in decoded.lines:
        per_table = counts.setdefault(line.table, {"rows": 0, "tombstones": 0})
        tomb = line.kind == "tombstone" or (line.row or {}).get("deleted_at") is not None
        per_table["tombstones" if tomb else "rows"] += 1
    if not decoded.rejected and counts != bundle.manifest.counts:
        raise BundleRefused(
            _("Số dòng trong gói không khớp với phần mô tả đã ký. Gói bị từ chối."),
            f"counts {counts} != manifest {bundle.manifest.counts}",
        )


def _refuse_rejected(bundle: VerifiedBundle, rejected: list[tuple[int, str]]) -> BundleRefused:
    shown = "\n".join(
        _("- dòng {line}: {reason}").format(line=line, reason=reason)
        for line, reason in sorted(rejected)[:MAX_REJECTED_SHOWN]
    )
    more = len(rejected) - MAX_REJECTED_SHOWN
    if more > 0:
        shown += "\n" + _("… và {count} dòng khác.").format(count=more)
    error = BundleRefused(
        _(
            "Gói số {number} của xã {code} bị từ chối toàn bộ vì có {count} dòng sai:\n{lines}"
        ).format(
            number=bundle.manifest.number,
            code=bundle.manifest.unit_code,
            count=len(rejected),
            lines=shown,
        ),
        f"bundle refused, {len(rejected)} bad lines, first {sorted(rejected)[:3]}",
    )
    error.rejected = sorted(rejected)
    return error


def _record(db, bundle: VerifiedBundle, name: str, merged: MergeResult, received_at: str) -> None:
    m = bundle.manifest
    cursor = db.conn.execute(
        "INSERT INTO bundle_in (unit_code, device_id, epoch, number, period, seq_after, seq_to, "
        "bundle_hash, prev_hash, created_at, received_at, file_name, aggregates, summary, "
        "audit_head_id, audit_head_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            m.unit_code,
            m.device_id,
            m.epoch,
            m.number,
            m.period,
            m.seq_after,
            m.seq_to,
            bundle.bundle_hash,
            m.prev_hash,
            m.created_at,
            received_at,
            name,
            json.dumps(m.aggregates),
            json.dumps(merged.counts),
            m.audit_head.get("id"),
            m.audit_head.get("hash"),
        ],
    )
    for line, row in merged.conflicts:
        db.conn.execute(
            "INSERT INTO sync_conflict (bundle_id, tbl, unit_code, uid, rev, incoming, found_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                cursor.lastrowid,
                line.table,
                line.unit_code,
                line.uid,
                line.rev,
                json.dumps(row, ensure_ascii=False),
                received_at,
            ],
        )


def import_bundle(
    db: sqlite_utils.Database,
    data: bytes,
    identities: list,
    *,
    file_name: str = "",
    dry_run: bool = False,
    received_at: str | None = None,
) -> ImportResult:
    """Import one bundle's bytes; raises BundleRefused (database untouched) if it is refused."""
    session.require(db, Permission.IMPORT)
    bundle = bundle_reader.verify(db, data)
    duplicate = _check_chain(db, bundle, file_name)
    if duplicate is not None:
        return duplicate
    decoded = payload.decode(db, bundle_reader.decrypt(bundle, identities))
    _check_header(bundle, decoded)
    _check_counts(bundle, decoded)
    m = bundle.manifest
    result = ImportResult(
        file_name,
        DRY_RUN if dry_run else IMPORTED,
        "",
        m.unit_code,
        m.number,
        m.epoch,
        m.period,
        bundle.bundle_hash,
    )
    try:
        subject = file_name or f"{m.unit_code} #{m.number}"
        with audit.action(db, Permission.IMPORT, "sync.import", subject) as entry:
            merged = merge(db, decoded.lines, m.unit_code)
            rejected = decoded.rejected + merged.rejected
            if rejected:
                raise _refuse_rejected(bundle, rejected)
            _record(db, bundle, file_name, merged, received_at or records.now_iso())
            campaigns.ensure_own_copies(db)  # the province's own campaign of a new year
            result.tables = {t: merged.counts[t] for t in sorted(merged.counts)}
            result.conflicts = [(line.table, line.uid) for line, _row in merged.conflicts]
            result.gaps = gaps(db, m.unit_code, m.device_id, m.epoch)
            result.warnings = audit_trail_warnings(db, m)
            entry.detail.update(
                unit_code=m.unit_code,
                number=m.number,
                sha256=bundle.bundle_hash,
                counts=result.tables,
            )
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    result.message = summary_text(result)
    log.info("bundle %s %s: %s", file_name, result.status, result.tables)
    return result


def audit_trail_warnings(db: sqlite_utils.Database, m: Manifest) -> list[str]:
    """Within one epoch a commune's audit trail only grows: a bundle numbered later whose head
    is lower than an earlier bundle's means entries were cut off the trail outside the program."""
    head = m.audit_head.get("id")
    if head is None:
        return []
    earlier, later = db.conn.execute(
        "SELECT MAX(CASE WHEN number < :n THEN audit_head_id END), "
        "MIN(CASE WHEN number > :n THEN audit_head_id END) FROM bundle_in "
        "WHERE unit_code = :unit AND device_id = :device AND epoch = :epoch",
        {"n": m.number, "unit": m.unit_code, "device": m.device_id, "epoch": m.epoch},
    ).fetchone()
    if (earlier is None or head >= earlier) and (later is None or head <= later):
        return []
    log.warning("audit trail of %s shrank around bundle %s", m.unit_code, m.number)
    return [
        _(
            "Cảnh báo: nhật ký thao tác của xã ở gói này không khớp thứ tự với các gói khác (có "
            "thể đã bị xóa bớt ngoài chương trình). Hãy đề nghị xã chạy «antq-desk check» và "
            "báo lại."
        )
    ]


def summary_text(result: ImportResult) -> str:
    """One Vietnamese sentence for a result."""
    totals = {outcome: result.total(outcome) for outcome in OUTCOMES}
    text = _(
        "Gói số {number} của xã {code} (kỳ {period}): {new} mới, {updated} cập nhật, "
        "{deleted} xóa, {unchanged} không đổi, {conflicts} xung đột."
    ).format(number=result.number, code=result.unit_code, period=result.period, **totals)
    if result.status == DRY_RUN:
        text = _("Chạy thử, chưa ghi: ") + text
    if result.gaps:
        text += " " + _("Còn thiếu gói số: {numbers}.").format(
            numbers=", ".join(str(n) for n in result.gaps)
        )
    return " ".join([text, *result.warnings])


def import_files(
    db: sqlite_utils.Database, paths: list[Path], identities: list, *, dry_run: bool = False
) -> list[ImportResult]:
    """Import several files; each refused file is reported and the others go on."""
    results = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            results.append(
                import_bundle(db, data, identities, file_name=Path(path).name, dry_run=dry_run)
            )
        except BundleRefused as error:
            log.warning("bundle %s refused: %s", path, error.log_message)
            result = ImportResult(Path(path).name, REFUSED, str(error))
            result.rejected = getattr(error, "rejected", [])
            results.append(result)
    return results
