"""Province import: verify, decrypt, check, merge; a dry run first, then one transaction.

A dry run does the whole merge inside a transaction and rolls it back, so its summary is what
the commit would do. A bundle with any rejected line is refused whole. Refused bundles leave
the database exactly as it was (nothing about them is recorded; the log says why), with one
exception: a validly signed bundle that clashes with the chain held is kept aside, unmerged,
for the officer's decision (`rivals`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from db import transaction
from db.schema import SYNCED_TABLES
from desktop.core import audit, campaigns, records, session
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import archive, bundle_reader, orphans, payload, side, textfile
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.bundle_reader import VerifiedBundle
from desktop.core.sync.manifest import Manifest
from desktop.core.sync.merge import OUTCOMES, MergeResult, merge

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

IMPORTED, DRY_RUN, DUPLICATE, REFUSED = "imported", "dry_run", "duplicate", "refused"
STOPPED = "stopped"  # Hủy pressed while this bundle was being merged: rolled back, not imported
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
    orphans: int = 0  # rows the province holds that this full export no longer has

    def total(self, outcome: str) -> int:
        return sum(counts.get(outcome, 0) for counts in self.tables.values())


class _Stopped(Exception):
    """Raised inside the transaction to undo a bundle the user cancelled while it merged."""


class _RollBack(Exception):
    """Raised inside the transaction to undo a dry run."""


class _AlreadyThere(Exception):
    """Raised inside the transaction when another import committed this bundle first."""

    def __init__(self, result: ImportResult):
        super().__init__(result.file_name)
        self.result = result


def _chain(db: sqlite_utils.Database, bundle: VerifiedBundle):
    m = bundle.manifest
    return db.conn.execute(
        "SELECT number, bundle_hash, prev_hash FROM bundle_in WHERE unit_code = ? "
        "AND device_id = ? AND epoch = ?",
        [m.unit_code, m.device_id, m.epoch],
    ).fetchall()


class Clash(Exception):
    """A validly signed bundle that disagrees with the chain the province holds: another
    bundle with its number (`reason` "number") or a neighbour whose link does not match
    ("link"). It is held aside for the officer's decision (`desktop.core.sync.rivals`)."""

    def __init__(self, reason: str, number: int, held_hash: str):
        super().__init__(f"{reason} clash with bundle {number}")
        self.reason, self.number, self.held_hash = reason, number, held_hash


def _check_chain(
    db: sqlite_utils.Database, bundle: VerifiedBundle, name: str, links: bool = True
) -> ImportResult | None:
    """A duplicate result, or None to go on; raises Clash for a number reused with other
    content or (unless `links` is False: the officer took this bundle over) a link that does
    not match a neighbour's."""
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
        if number == m.number:
            raise Clash("number", number, digest)
        if links and (
            (number == m.number - 1 and m.prev_hash != digest)
            or (number == m.number + 1 and prev != bundle.bundle_hash)
        ):
            raise Clash("link", number, digest)
    return None


def checkpoint(db: sqlite_utils.Database, unit_code: str, device_id: str, epoch: int) -> int:
    """The number of the latest full export (its first part) received in this chain, 0 if none.

    A full export carries every row the commune owns at its current state, so no bundle before
    it is needed any more: numbers below it are not gaps.
    """
    row = db.conn.execute(
        "SELECT MAX(number) FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND full = 1 AND part = 1",
        [unit_code, device_id, epoch],
    ).fetchone()
    return row[0] or 0


def closed_epochs(db: sqlite_utils.Database, unit_code: str, device_id: str) -> int:
    """Epochs of this device below this value are closed: a later epoch's full export arrived."""
    row = db.conn.execute(
        "SELECT MAX(epoch) FROM bundle_in WHERE unit_code = ? AND device_id = ? AND full = 1 "
        "AND part = 1",
        [unit_code, device_id],
    ).fetchone()
    return row[0] or 0


def closed_links(db: sqlite_utils.Database, unit_code: str) -> set[tuple[str, int, int]]:
    """(device, epoch, number) of the bundles a full export made unnecessary, received or not:
    the completeness grid shows no gap for them."""
    closed: set[tuple[str, int, int]] = set()
    chains = db.conn.execute(
        "SELECT device_id, epoch, MAX(number) FROM bundle_in WHERE unit_code = ? "
        "GROUP BY device_id, epoch",
        [unit_code],
    ).fetchall()
    for device, epoch, highest in chains:
        if epoch < closed_epochs(db, unit_code, device):
            closed.update((device, epoch, n) for n in range(highest + 1))
        else:
            start = checkpoint(db, unit_code, device, epoch)
            closed.update((device, epoch, n) for n in range(start))
    return closed


def gaps(db: sqlite_utils.Database, unit_code: str, device_id: str, epoch: int) -> list[int]:
    """Numbers missing below the highest received, except those a full export closed."""
    if epoch < closed_epochs(db, unit_code, device_id):
        return []
    numbers = {
        row[0]
        for row in db.conn.execute(
            "SELECT number FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ?",
            [unit_code, device_id, epoch],
        )
    }
    start = checkpoint(db, unit_code, device_id, epoch)
    return sorted(set(range(max(start, 1), max(numbers, default=0) + 1)) - numbers)


def _check_header(bundle: VerifiedBundle, decoded: payload.Decoded | payload.Stream) -> None:
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


def _count(counts: dict[str, dict[str, int]], lines: list[payload.Line]) -> None:
    for line in lines:
        per_table = counts.setdefault(line.table, {"rows": 0, "tombstones": 0})
        tomb = line.kind == "tombstone" or (line.row or {}).get("deleted_at") is not None
        per_table["tombstones" if tomb else "rows"] += 1


def _check_counts(bundle: VerifiedBundle, counts: dict[str, dict[str, int]]) -> None:
    if counts != bundle.manifest.counts:
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
    return BundleRefused(
        _(
            "Gói số {number} của xã {code} bị từ chối toàn bộ vì có {count} dòng sai:\n{lines}"
        ).format(
            number=bundle.manifest.number,
            code=bundle.manifest.unit_code,
            count=len(rejected),
            lines=shown,
        ),
        f"bundle refused, {len(rejected)} bad lines, first {sorted(rejected)[:3]}",
        sorted(rejected),
    )


def _record(db, bundle: VerifiedBundle, name: str, merged: MergeResult, received_at: str) -> int:
    m = bundle.manifest
    cursor = db.conn.execute(
        "INSERT INTO bundle_in (unit_code, device_id, epoch, number, period, seq_after, seq_to, "
        "bundle_hash, prev_hash, created_at, received_at, file_name, aggregates, summary, "
        "audit_head_id, audit_head_hash, full, part, parts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            int(m.full),
            m.part,
            m.parts,
        ],
    )
    bundle_id = cursor.lastrowid
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
    return bundle_id


def _drop_settled_conflicts(db: sqlite_utils.Database, unit_code: str) -> None:
    """A conflict is settled once a higher rev of its row has been merged (the commune kept
    its version and sent it again): it leaves the list the next ack carries."""
    for table in SYNCED_TABLES:
        db.conn.execute(
            "DELETE FROM sync_conflict WHERE unit_code = ? AND tbl = ? AND rev < "
            f"(SELECT t.rev FROM {table} AS t WHERE t.uid = sync_conflict.uid)",
            [unit_code, table],
        )


def _settle_rival(db: sqlite_utils.Database, unit_code: str, bundle_hash: str) -> None:
    """A bundle held aside that now fits the chain (the bundle it clashed with was replaced)
    and is imported: its wait is over."""
    db.conn.execute(
        "UPDATE bundle_rival SET decision = 'taken', decided_at = ?, data = NULL "
        "WHERE unit_code = ? AND bundle_hash = ? AND (decision IS NULL OR decision = 'kept')",
        [records.now_iso(), unit_code, bundle_hash],
    )


MERGE_BATCH = 5000


def _merge_in_batches(db: sqlite_utils.Database, read: payload.Stream, sender: str):
    """Decode and merge the payload a batch of lines at a time, inside the caller's
    transaction: a bundle's rows are never all in memory as Python objects at once (the large
    commune's bundles of ~70,000 lines). Returns (merge result, counts, (table, uid) carried)."""
    merged = MergeResult()
    counts: dict[str, dict[str, int]] = {}
    carried: list[tuple[str, str]] = []
    batch: list[payload.Line] = []
    for line in read.lines():
        batch.append(line)
        if len(batch) == MERGE_BATCH:
            _count(counts, batch)
            carried.extend((item.table, item.uid) for item in batch)
            merge(db, batch, sender, merged)
            batch = []
    _count(counts, batch)
    carried.extend((item.table, item.uid) for item in batch)
    merge(db, batch, sender, merged)
    return merged, counts, carried


def import_bundle(
    db: sqlite_utils.Database,
    data: bytes,
    identities: list,
    *,
    file_name: str = "",
    dry_run: bool = False,
    received_at: str | None = None,
    stop: Callable[[], bool] | None = None,
    take_over: bool = False,
    in_dry_batch: bool = False,
) -> ImportResult:
    """Import one bundle's bytes; raises BundleRefused (database untouched) if it is refused.

    A validly signed bundle that clashes with the chain held (another bundle of its number, a
    link that does not match) is refused too, but kept aside for the officer's decision
    (`rivals`); `take_over` is that decision: its links are not checked.
    `stop` is asked once the bundle is merged, before its transaction commits: when the user
    pressed Hủy meanwhile, the bundle is rolled back whole and its result is STOPPED."""
    session.require(db, Permission.IMPORT)
    side.require(db, side.PROVINCE)
    bundle = bundle_reader.verify(db, data)  # a forged signature is refused here, held nowhere
    try:
        return _import_verified(
            db, bundle, identities, file_name, dry_run, received_at, stop, take_over
        )
    except Clash as clash:
        from desktop.core.sync import rivals

        simulated = dry_run or in_dry_batch  # a dry batch is one transaction rolled back
        raise rivals.hold(db, bundle, data, file_name, clash, simulated) from None


def _import_verified(
    db: sqlite_utils.Database,
    bundle: VerifiedBundle,
    identities: list,
    file_name: str,
    dry_run: bool,
    received_at: str | None,
    stop: Callable[[], bool] | None,
    take_over: bool,
) -> ImportResult:
    duplicate = _check_chain(db, bundle, file_name, not take_over)
    if duplicate is not None:
        return duplicate
    read = payload.stream(db, bundle_reader.decrypt(bundle, identities))
    _check_header(bundle, read)
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
            # again inside the write transaction: another window may have imported it since
            duplicate = _check_chain(db, bundle, file_name, not take_over)
            if duplicate is not None:
                raise _AlreadyThere(duplicate)
            _merge_and_record(db, bundle, read, file_name, received_at, result)
            entry.detail.update(
                unit_code=m.unit_code,
                number=m.number,
                sha256=bundle.bundle_hash,
                counts=result.tables,
            )
            if stop is not None and stop():
                raise _Stopped
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    except _Stopped:
        log.info("bundle %s rolled back: the import was cancelled", file_name)
        result.status, result.tables = STOPPED, {}
        result.message = _("Đã dừng theo yêu cầu: gói này chưa được nhập (đã hoàn tác).")
        return result
    except _AlreadyThere as there:
        return there.result
    result.message = summary_text(result)
    log.info("bundle %s %s: %s", file_name, result.status, result.tables)
    return result


def _merge_and_record(
    db: sqlite_utils.Database,
    bundle: VerifiedBundle,
    read: payload.Stream,
    file_name: str,
    received_at: str | None,
    result: ImportResult,
) -> None:
    """Inside the import's transaction: merge the lines, check them against the manifest,
    record the bundle and fill `result` with what it brought (counts, conflicts, gaps,
    warnings). Raises BundleRefused for lines that do not parse or do not add up."""
    m = bundle.manifest
    merged, counts, carried = _merge_in_batches(db, read, m.unit_code)
    if read.rejected:  # lines that do not parse: their counts cannot match
        raise _refuse_rejected(bundle, read.rejected + merged.rejected)
    _check_counts(bundle, counts)  # before merge problems, as a sender mismatch
    if merged.rejected:
        raise _refuse_rejected(bundle, merged.rejected)
    bundle_id = _record(db, bundle, file_name, merged, received_at or records.now_iso())
    _drop_settled_conflicts(db, m.unit_code)
    _settle_rival(db, m.unit_code, bundle.bundle_hash)
    result.orphans = orphans.note_snapshot(db, m, carried, bundle_id)
    result.warnings.extend(check_audit_marks(db, m, bundle_id))
    campaigns.ensure_own_copies(db)  # the province's own campaign of a new year
    result.tables = {t: merged.counts[t] for t in sorted(merged.counts)}
    result.conflicts = [(line.table, line.uid) for line, _row in merged.conflicts]
    result.gaps = gaps(db, m.unit_code, m.device_id, m.epoch)
    result.warnings[:0] = audit_trail_warnings(db, m)


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


def table_label(table: str) -> str:
    """A table's name as the officer knows it ("Người tham gia", not "person")."""
    from desktop.core.audit_log import TABLE_LABELS

    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def check_audit_marks(db: sqlite_utils.Database, m: Manifest, bundle_id: int) -> list[str]:
    """Compare the (entry number, hash) pairs of the commune's trail this bundle carries with
    those received before (same device and epoch); keep the new ones. Inside the import's
    transaction. A different hash for a number already received: the trail was rewritten
    after it was reported (docs/bundle-format.md §4)."""
    marks = [list(mark) for mark in m.audit_marks]
    if m.audit_head:
        marks.append([m.epoch, m.audit_head["id"], m.audit_head["hash"]])
    rewritten = []
    for epoch, entry_id, digest in marks:
        row = db.conn.execute(
            "SELECT hash FROM audit_mark WHERE unit_code = ? AND device_id = ? AND epoch = ? "
            "AND entry_id = ?",
            [m.unit_code, m.device_id, epoch, entry_id],
        ).fetchone()
        if row is None:
            db.conn.execute(
                "INSERT INTO audit_mark (unit_code, device_id, epoch, entry_id, hash, bundle_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [m.unit_code, m.device_id, epoch, entry_id, digest, bundle_id],
            )
        elif row[0] != digest:
            rewritten.append(entry_id)
    if not rewritten:
        return []
    db.conn.execute(
        "INSERT INTO audit_rewrite (unit_code, bundle_id, entry_id, found_at) VALUES (?, ?, ?, ?)",
        [m.unit_code, bundle_id, min(rewritten), records.now_iso()],
    )
    log.warning("audit trail of %s rewritten at entry %s", m.unit_code, min(rewritten))
    return [
        _(
            "Cảnh báo: nhật ký thao tác của xã đã bị viết lại sau khi báo cáo (mục số {entry} "
            "khác với lần gửi trước). Hãy đề nghị xã chạy «antq-desk check» và báo lại."
        ).format(entry=min(rewritten))
    ]


def rewritten_communes(db: sqlite_utils.Database) -> set[str]:
    """Communes whose audit trail was found rewritten after it was reported."""
    return {row[0] for row in db.conn.execute("SELECT DISTINCT unit_code FROM audit_rewrite")}


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
    if result.orphans:
        text += " " + _(
            "Tỉnh đang giữ {count} bản ghi của xã mà bản xuất đầy đủ này không còn (xã đã khôi "
            "phục dữ liệu cũ?). Hãy xem danh sách và quyết định giữ hay xóa từng bản ghi."
        ).format(count=result.orphans)
    return " ".join([text, *result.warnings])


def import_one_file(
    db: sqlite_utils.Database,
    path: Path,
    identities: list,
    stop: Callable[[], bool] | None = None,
    in_dry_batch: bool = False,
) -> ImportResult:
    """Import one file; a refusal (unreadable file included) is a REFUSED result, not raised."""
    try:
        data = textfile.read_bytes(path, archive.MAX_FILE)
        return import_bundle(
            db,
            data,
            identities,
            file_name=Path(path).name,
            stop=stop,
            in_dry_batch=in_dry_batch,
        )
    except UserError as error:
        log.warning("bundle %s refused: %s", path, error.log_message)
        result = ImportResult(Path(path).name, REFUSED, str(error))
        result.rejected = getattr(error, "rejected", [])
        return result


def import_files(
    db: sqlite_utils.Database,
    paths: list[Path],
    identities: list,
    *,
    dry_run: bool = False,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int, ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import several files in order; each refused file is reported and the others go on.

    Each bundle is its own transaction. A dry run simulates the whole batch in one transaction
    that is rolled back at the end, so a bundle sees what the bundles before it would have
    done (the same bundle twice is "new" once, then "already imported"). `cancelled` is asked
    between bundles and once more before each bundle commits: a cancelled batch stops there,
    the bundle being merged is rolled back (STOPPED), bundles already imported stay.
    """
    side.require(db, side.PROVINCE)  # once, not as each file's refusal
    results: list[ImportResult] = []

    def run() -> None:
        for index, path in enumerate(paths, start=1):
            if cancelled is not None and cancelled():
                log.info("import cancelled after %d of %d files", index - 1, len(paths))
                return
            result = import_one_file(
                db, path, identities, stop=None if dry_run else cancelled, in_dry_batch=dry_run
            )
            if result.status == STOPPED:
                results.append(result)
                if progress is not None:
                    progress(index, len(paths), result)
                return
            if dry_run and result.status == IMPORTED:
                result.status = DRY_RUN
                result.message = summary_text(result)
            results.append(result)
            if progress is not None:
                progress(index, len(paths), result)

    if not dry_run:
        run()
        return results
    session.require(db, Permission.IMPORT)
    try:
        with transaction(db):
            run()
            raise _RollBack
    except _RollBack:
        pass
    return results
