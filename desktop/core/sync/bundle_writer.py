"""Commune export: the changes not yet acknowledged (or everything) as one or more bundles.

Each file is written to a temporary name in the destination, fsynced, renamed, and read back
and hashed before it is recorded in `bundle_out`; a failure on the way leaves no file that looks
complete and no record, and never touches the change log. A bundle stays under the size limit;
a larger export becomes several consecutive bundles.
"""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import audit, dates, integrity, office, records, session
from desktop.core.durable import sync_folder
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import FORMAT_NAME, FORMAT_VERSION, archive, keys, payload
from desktop.core.sync.manifest import Manifest, bundle_hash
from desktop.core.sync.setup_file import loaded_setup

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 7 * 1024 * 1024
_OVERHEAD = 64 * 1024  # manifest, signature, zip and age headers, with room to spare
_TYPICAL_RATIO = 5.0  # JSON Lines of these tables compress about 6 to 10 times


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    number: int
    size: int
    bundle_hash: str
    rows: int

    @property
    def short_hash(self) -> str:
        return short(self.bundle_hash)


def short(digest: str) -> str:
    """The first 16 hex digits in groups of four, to compare by eye or over the phone."""
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()


def acked_seq(db: sqlite_utils.Database) -> int:
    """The change-log seq acknowledged by the province for this device and epoch."""
    row = db.conn.execute(
        "SELECT MAX(acked_seq) FROM ack_in WHERE device_id = ? AND epoch = ?",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    return row[0] or 0


def _last_bundle(db: sqlite_utils.Database) -> tuple[int, str]:
    row = db.conn.execute(
        "SELECT number, bundle_hash FROM bundle_out WHERE device_id = ? AND epoch = ? "
        "ORDER BY number DESC LIMIT 1",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    return (row[0], row[1]) if row else (0, "")


def _month_totals(db: sqlite_utils.Database, unit: str, period: str | None) -> dict[str, int]:
    like = f"{period}%" if period else "%"
    events = db.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(count_total), 0) FROM event WHERE unit_code = ? "
        "AND deleted_at IS NULL AND status = 'held' AND start_date LIKE ?",
        [unit, like],
    ).fetchone()
    outcome = db.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(value_vnd), 0) FROM outcome WHERE unit_code = ? "
        "AND deleted_at IS NULL AND COALESCE(outcome_date, created_at) LIKE ?",
        [unit, like],
    ).fetchone()
    people = db.conn.execute(
        "SELECT COUNT(*) FROM person WHERE unit_code = ? AND deleted_at IS NULL", [unit]
    ).fetchone()
    totals = {
        "events_held": events[0],
        "participants": events[1],
        "outcomes": outcome[0],
        "value_vnd": outcome[1],
    }
    if period is None:
        totals["people"] = people[0]
    return totals


def aggregates(db: sqlite_utils.Database, unit: str, period: str) -> dict[str, Any]:
    """The period's and the campaign-to-date figures: counts and sums only, no names."""
    return {"period": _month_totals(db, unit, period), "to_date": _month_totals(db, unit, None)}


def file_name(unit: str, period: str, device_id: str, epoch: int, number: int) -> str:
    device = "".join(c for c in device_id[:8] if c.isascii() and c.isalnum()) or "device"
    return f"{unit}_{period}_{device}-{epoch}_{number:06d}.antq"


def _write_error(error: OSError, folder: Path) -> UserError:
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        message = _(
            "Không ghi được vào {folder}: thư mục hoặc USB chỉ cho đọc. Hãy chọn nơi khác hoặc "
            "gạt khóa chống ghi của USB."
        )
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        message = _("Ổ đĩa hoặc USB {folder} đã đầy. Hãy xóa bớt tệp hoặc chọn nơi khác.")
    else:
        message = _(
            "Ghi tệp vào {folder} bị gián đoạn (USB bị rút ra hoặc hỏng?). Chưa có gói nào "
            "được ghi nhận; hãy cắm lại rồi xuất lại."
        )
    return UserError(message.format(folder=folder), f"bundle write failed: {error!r}")


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove %s after a failed write: %r", path, error)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise UserError(
            _("Không tìm thấy thư mục {folder}. Hãy cắm USB hoặc chọn thư mục khác.").format(
                folder=folder
            ),
            f"export folder missing: {folder}",
        )


def write_file(folder: Path, name: str, data: bytes) -> tuple[Path, str]:
    """Write through a temporary name, fsync, rename, read back; returns (path, file sha256)."""
    _check_folder(folder)
    final, temporary = folder / name, folder / f".{name}.part"
    try:
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644
        )
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        sync_folder(folder)
        written = final.read_bytes()
    except OSError as error:
        _remove_quietly(temporary)
        _remove_quietly(final)  # a file that was not read back must not look complete
        raise _write_error(error, folder) from error
    expected = hashlib.sha256(data).hexdigest()
    actual = hashlib.sha256(written).hexdigest()
    if actual != expected:
        _remove_quietly(final)
        raise UserError(
            _(
                "Tệp đọc lại từ {folder} không giống tệp đã ghi (USB lỗi?). Tệp đã bị xóa; hãy "
                "dùng USB khác."
            ).format(folder=folder),
            f"read-back mismatch for {final}: {actual} != {expected}",
        )
    return final, actual


@dataclass(frozen=True)
class _Context:
    unit: str
    province: str
    device: str
    epoch: int
    period: str
    full: bool
    recipients: list
    signer: str


def _build(db: sqlite_utils.Database, ctx: _Context, chunk, number, seq_after, part, parts, prev):
    header = {
        "kind": "header",
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "unit_code": ctx.unit,
        "device_id": ctx.device,
        "epoch": ctx.epoch,
        "number": number,
        "seq_after": seq_after,
        "seq_to": chunk.seq_to,
    }
    plain = payload.encode_line(header) + chunk.body()
    import pyrage  # here: start-up never needs it (docs/performance.md, Startup)

    encrypted = pyrage.encrypt(gzip.compress(plain, compresslevel=6, mtime=0), ctx.recipients)
    manifest = Manifest(
        unit_code=ctx.unit,
        province_code=ctx.province,
        device_id=ctx.device,
        epoch=ctx.epoch,
        number=number,
        period=ctx.period,
        seq_after=seq_after,
        seq_to=chunk.seq_to,
        full=ctx.full,
        part=part,
        parts=parts,
        counts=chunk.counts,
        payload_sha256=hashlib.sha256(encrypted).hexdigest(),
        payload_size=len(encrypted),
        prev_hash=prev,
        signer_public_key=ctx.signer,
        aggregates=aggregates(db, ctx.unit, ctx.period),
        created_at=records.now_iso(),
        audit_head=_audit_head(db),
    )
    manifest_bytes = manifest.to_bytes()
    data = archive.pack(manifest_bytes, keys.sign(db, manifest_bytes), encrypted)
    return manifest, manifest_bytes, data


def _audit_head(db: sqlite_utils.Database) -> dict[str, object]:
    head = audit.head(db)
    return {"id": head[0], "hash": head[1]} if head else {}


def _context(db: sqlite_utils.Database, full: bool, period: str) -> _Context:
    setup = loaded_setup(db)
    unit = office.self_unit(db)
    recipients = [keys.parse_recipient(setup.working_recipient)]
    recipients.append(keys.parse_recipient(setup.escrow_recipient))
    signer = keys.signing_public(db)
    if signer is None:  # the first export makes the commune's signing key
        with audit.action(db, Permission.EXPORT, "sync.setup", "signing key"):
            signer = keys.ensure_signing_key(db)
    return _Context(
        unit.code,
        setup.province_code,
        office.device_id(db),
        office.device_epoch(db),
        period,
        full,
        recipients,
        signer,
    )


def export(
    db: sqlite_utils.Database,
    folder: Path,
    *,
    full: bool = False,
    period: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> list[WrittenBundle]:
    """Write the bundle(s) into `folder`; an empty period still gets its (empty) bundle."""
    session.require(db, Permission.EXPORT)  # before any file is written
    period = dates.parse_month(period) if period else None  # 11/2026, T11/2026, 2026-11
    folder = Path(folder)
    _check_folder(folder)
    integrity.require_sound(db)  # never send damage to the province
    period = period or dt.date.today().strftime("%Y-%m")
    ctx = _context(db, full, period)
    after = 0 if full else acked_seq(db)
    last_seq = db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0]
    changed = payload.every_row(db, ctx.unit) if full else payload.changed_since(db, after)
    built = _build_all(db, ctx, changed, after, max(last_seq, after), max_bytes)
    written = []
    for part, (manifest, manifest_bytes, data) in enumerate(built, start=1):
        name = file_name(ctx.unit, period, ctx.device, ctx.epoch, manifest.number)
        path, file_hash = write_file(folder, name, data)
        _record(db, manifest, manifest_bytes, name, len(data), file_hash)
        written.append(
            WrittenBundle(
                path, manifest.number, len(data), bundle_hash(manifest_bytes), manifest.row_total
            )
        )
        if progress:
            progress(part, len(built))
    return written


def _build_all(db, ctx: _Context, changed, after: int, last_seq: int, max_bytes: int):
    """Every bundle of the export, in memory, each under `max_bytes`.

    The payload is compressed before it is encrypted, so its final size is only known once
    built: plan for a typical ratio, and plan again with smaller pieces if a bundle came out
    too large.
    """
    ratio = _TYPICAL_RATIO
    while True:
        limit = max(int((max_bytes - _OVERHEAD) * ratio), 4096)
        chunks = payload.plan_chunks(db, changed, ctx.unit, limit)
        chunks[-1].seq_to = last_seq
        number, prev = _last_bundle(db)
        built, seq_after = [], after
        for part, chunk in enumerate(chunks, start=1):
            item = _build(db, ctx, chunk, number + part, seq_after, part, len(chunks), prev)
            built.append(item)
            prev, seq_after = bundle_hash(item[1]), chunk.seq_to
        if ratio <= 1 or all(len(item[2]) <= max_bytes for item in built):
            return built
        ratio = max(1.0, ratio / 2)


def _record(db, manifest: Manifest, manifest_bytes: bytes, name: str, size: int, file_hash: str):
    """One audit entry per bundle file: each is recorded as soon as it is safely written."""
    with audit.action(db, Permission.EXPORT, "sync.export", name) as entry:
        entry.detail.update(
            number=manifest.number, rows=manifest.row_total, size=size, sha256=file_hash
        )
        db["bundle_out"].insert(
            {
                "device_id": manifest.device_id,
                "epoch": manifest.epoch,
                "number": manifest.number,
                "period": manifest.period,
                "seq_after": manifest.seq_after,
                "seq_to": manifest.seq_to,
                "row_count": manifest.row_total,
                "full": int(manifest.full),
                "file_name": name,
                "size": size,
                "bundle_hash": bundle_hash(manifest_bytes),
                "prev_hash": manifest.prev_hash,
                "file_sha256": file_hash,
                "created_at": manifest.created_at,
            }
        )
