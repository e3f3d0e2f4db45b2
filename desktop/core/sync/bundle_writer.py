"""Commune export: the changes not yet acknowledged (or everything) as one or more bundles.

Each file is written to a temporary name in the destination, fsynced, renamed, and read back
and hashed before it is recorded in `bundle_out`; a failure on the way leaves no file that looks
complete and no record, and never touches the change log. A bundle stays under the size limit;
a larger export becomes several consecutive bundles.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import audit, dates, figures, office, records, session
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.storage import durable, integrity
from desktop.core.sync import FORMAT_NAME, FORMAT_VERSION, archive, copies, keys, payload, side
from desktop.core.sync.manifest import MAX_MARKS, PERIOD, Manifest, bundle_hash
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
    recovered: bool = False  # stored by an export that was cut off, recorded now

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
    """The figures module's totals of the month (yyyy-mm), or of everything when None."""
    if period is None:
        totals = figures.unit_totals(db, unit)
        people = db.conn.execute(
            "SELECT COUNT(*) FROM person WHERE unit_code = ? AND deleted_at IS NULL", [unit]
        ).fetchone()
        return {**totals, "people": people[0]}
    if not PERIOD.match(period):
        raise UserError(
            _("Kỳ của gói “{period}” không hợp lệ: ghi tháng theo dạng 2026-08.").format(
                period=period
            ),
            f"bad bundle period {period!r}",
        )
    year, month = int(period[:4]), int(period[5:7])
    last = calendar.monthrange(year, month)[1]
    return figures.unit_totals(db, unit, f"{period}-01", f"{period}-{last:02d}")


def aggregates(db: sqlite_utils.Database, unit: str, period: str) -> dict[str, Any]:
    """The period's and the campaign-to-date figures: counts and sums only, no names."""
    return {"period": _month_totals(db, unit, period), "to_date": _month_totals(db, unit, None)}


def file_name(unit: str, period: str, device_id: str, epoch: int, number: int) -> str:
    device = "".join(c for c in device_id[:8] if c.isascii() and c.isalnum()) or "device"
    return f"{unit}_{period}_{device}-{epoch}_{number:06d}.antq"


def _remove_quietly(path: Path) -> bool:
    """Remove `path` if it is there; False (logged) when it could not be removed (on Windows,
    a file antivirus or another program holds)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove %s after a failed write: %r", path, error)
        return False
    return True


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
    final = folder / name
    try:
        durable.write_bytes(final, data)
        written = final.read_bytes()
    except OSError as error:
        _remove_quietly(final)  # a file that was not read back must not look complete
        raise durable.write_error(error, folder) from error
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
        audit_marks=audit_marks(db, ctx.device),
    )
    manifest_bytes = manifest.to_bytes()
    data = archive.pack(manifest_bytes, keys.sign(db, manifest_bytes), encrypted)
    return manifest, manifest_bytes, data


def _audit_head(db: sqlite_utils.Database) -> dict[str, object]:
    head = audit.head(db)
    return {"id": head[0], "hash": head[1]} if head else {}


def audit_marks(db: sqlite_utils.Database, device: str) -> list[list[Any]]:
    """The trail's current hash at the heads of this device's latest bundles (issue 15): a
    trail rewritten since they were sent no longer matches what the province received."""
    rows = db.conn.execute(
        "SELECT DISTINCT o.epoch, a.id, a.hash FROM bundle_out AS o JOIN audit AS a "
        "ON a.id = o.audit_head_id WHERE o.device_id = ? ORDER BY a.id DESC LIMIT ?",
        [device, MAX_MARKS],
    )
    return sorted([row[0], row[1], row[2]] for row in rows)


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
    side.require(db, side.COMMUNE)
    period = dates.parse_month(period) if period else None  # 11/2026, T11/2026, 2026-11
    folder = Path(folder)
    _check_folder(folder)
    integrity.require_sound(db)  # never send damage to the province
    period = period or default_period(db)
    check_period(db, period)
    recovered = find_unrecorded(db).recorded + finish_unrecorded(db, folder)
    full = full or starts_new_epoch(db)
    ctx = _context(db, full, period)
    after = 0 if full else acked_seq(db)
    last_seq = db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0]
    changed = payload.every_row(db, ctx.unit) if full else payload.changed_since(db, after)
    built = _build_all(db, ctx, changed, after, max(last_seq, after), max_bytes)
    named = [
        (m, raw, data, file_name(ctx.unit, period, ctx.device, ctx.epoch, m.number))
        for m, raw, data in built
    ]
    copies.keep(db, [(m.number, name, data) for m, _raw, data, name in named], folder)
    written = list(recovered)
    for part, (manifest, manifest_bytes, data, name) in enumerate(named, start=1):
        path, file_hash = write_file(folder, name, data)
        _record(db, manifest, manifest_bytes, name, len(data), file_hash)
        written.append(
            WrittenBundle(
                path, manifest.number, len(data), bundle_hash(manifest_bytes), manifest.row_total
            )
        )
        if progress:
            progress(part, len(built))
    office.set_meta(db, FOLDER_KEY, str(folder))
    return written


FOLDER_KEY = "sync_export_folder"


def last_folder(db: sqlite_utils.Database) -> str:
    """The folder of the last export, offered again (the same USB drive, month after month)."""
    return office.get_meta(db, FOLDER_KEY) or ""


MIN_MAX_BYTES, MAX_MAX_BYTES = 1024 * 1024, 25 * 1024 * 1024


def size_limit(megabytes: float) -> int:
    """The size limit the officer typed (MiB) in bytes; 1–25 MiB, else a UserError.

    A tiny limit wrote thousands of files (0 MiB: 2,455 bundles), a huge one bundles no mail
    server takes. The window and the command line both go through here.
    """
    limit = int(megabytes * 1024 * 1024) if megabytes == megabytes else 0  # NaN → refused
    if not MIN_MAX_BYTES <= limit <= MAX_MAX_BYTES:
        raise UserError(
            _("Dung lượng mỗi gói phải từ 1 đến 25 MiB."), f"export: max size {megabytes!r} MiB"
        )
    return limit


def check_period(db: sqlite_utils.Database, period: str) -> None:
    """Refuse, before anything is written, a period that is not a month of this commune's
    campaigns up to the current month: a made-up period ("2026-13", "abc") left a gap at the
    province that never closed."""
    months = campaign_months(db)
    if PERIOD.match(period) and period in months:
        return
    shown = f"{months[0]} … {months[-1]}" if months else "—"
    raise UserError(
        _(
            "Kỳ báo cáo {period} không phải một tháng của kế hoạch (các tháng hợp lệ: {months}, "
            "không quá tháng hiện tại)."
        ).format(period=period, months=shown),
        f"export: period {period!r} outside the campaign months",
    )


def default_period(db: sqlite_utils.Database, today: dt.date | None = None) -> str:
    """This month, or after the campaign has ended its last month (a January export of the
    previous year's work reports for December)."""
    current = (today or dt.date.today()).strftime("%Y-%m")
    months = campaign_months(db, today)
    return current if current in months or not months else months[-1]


def campaign_months(db: sqlite_utils.Database, today: dt.date | None = None) -> list[str]:
    """The months (yyyy-mm) of this commune's live campaigns, up to the current month."""
    current = (today or dt.date.today()).strftime("%Y-%m")
    months: set[str] = set()
    for start, end in db.conn.execute(
        "SELECT start_date, end_date FROM campaign WHERE deleted_at IS NULL AND unit_code = ?",
        [office.self_unit(db).code],
    ):
        year, month = int(start[:4]), int(start[5:7])
        while f"{year:04d}-{month:02d}" <= min(end[:7], current):
            months.add(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(months)


def starts_new_epoch(db: sqlite_utils.Database) -> bool:
    """True for the first export after a restore or a recovery (a raised epoch): it must be a
    full export, since the change log kept since the last acknowledgement belongs to the
    database as it was before, and the province has to compare what it holds with all of it."""
    if office.device_epoch(db) <= 1:
        return False
    row = db.conn.execute(
        "SELECT 1 FROM bundle_out WHERE device_id = ? AND epoch = ? LIMIT 1",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    return row is None


def finish_unrecorded(db: sqlite_utils.Database, folder: Path) -> list[WrittenBundle]:
    """Record the bundles an earlier export stored but was cut off before recording.

    Their bytes are fixed (signed, numbered, chained), so they are finished, never redone: a
    file that is still whole where it was written is recorded as it is; otherwise it is
    written again into `folder`. The province then never sees two contents for one number.
    """
    done = []
    for item in copies.unrecorded(db):
        old = item.folder / item.file_name
        if copies.file_is_whole(old, item.data):
            done.append(_record_recovered(db, item, old))
            continue
        path, file_hash = write_file(folder, item.file_name, item.data)
        if old != path:
            _remove_quietly(old)  # not whole: it must not look like a bundle
        _record(db, item.manifest, item.manifest_bytes, item.file_name, len(item.data), file_hash)
        m = item.manifest
        done.append(
            WrittenBundle(
                path,
                m.number,
                len(item.data),
                bundle_hash(item.manifest_bytes),
                m.row_total,
                recovered=True,
            )
        )
        log.warning("bundle %s of an interrupted export written again at %s", m.number, path)
    return done


@dataclass(frozen=True)
class Unfinished:
    """What `find_unrecorded` found of an export cut off between writing and recording."""

    recorded: list[WrittenBundle]  # whole where written: recorded now
    waiting: list[tuple[int, Path]]  # (number, where it was written): the next export writes it
    removed: list[Path]  # cut-off files (not whole, or temporary) removed
    stuck: list[Path] = field(default_factory=list)  # cut-off files that could not be removed

    def lines(self) -> list[str]:
        """What the officer is told, in Vietnamese; empty when nothing was found."""
        said = [
            _(
                "Lần xuất trước bị ngắt giữa chừng: gói số {number} đã được ghi đủ ở {path} và "
                "nay đã ghi nhận; hãy gửi tệp đó cho tỉnh."
            ).format(number=item.number, path=item.path)
            for item in self.recorded
        ]
        said += [
            _(
                "Lần xuất trước bị ngắt giữa chừng: gói số {number} chưa ghi nhận và không còn "
                "nguyên ở {path} (đã rút USB?). Lần xuất tới sẽ ghi lại đúng gói này trước."
            ).format(number=number, path=path)
            for number, path in self.waiting
        ]
        if self.removed:
            said.append(
                _("Đã xóa {count} tệp ghi dở của lần xuất bị ngắt: {names}.").format(
                    count=len(self.removed), names=", ".join(p.name for p in self.removed)
                )
            )
        said += [
            _(
                "Tệp {path} do lần xuất bị ngắt ghi dở nhưng không xóa được (đang mở trong chương "
                "trình khác?). Đừng gửi tệp này; hãy xóa nó bằng tay."
            ).format(path=path)
            for path in self.stuck
        ]
        return said


def _leftovers(path: Path) -> list[Path]:
    """The temporary files (`.<name>.<random>.part`) a write of `path` cut off left behind."""
    try:
        return sorted(path.parent.glob(f".{path.name}.*.part"))
    except OSError:
        return []


def find_unrecorded(db: sqlite_utils.Database) -> Unfinished:
    """Look for bundles an export stored but was cut off before recording, where they were
    written; call at start-up, when the Đồng bộ page opens, and before an export.

    A file still whole where it was written (the same bytes as the stored copy) is recorded
    now; a file there that is not whole, and the temporary files of the cut-off write, are
    removed so nothing half-written looks like a bundle. A bundle whose file is not there (the
    USB stick was taken away) waits: the next export writes it again, unchanged, before its
    own. Nothing is written or removed without the right to export: then everything waits.
    """
    unit = office.read_self_unit(db.conn)
    if unit is None or unit.level != side.COMMUNE:
        return Unfinished([], [], [])
    read_only = db.conn.execute("PRAGMA query_only").fetchone()[0]  # a damaged file
    if read_only or not session.can(db, Permission.EXPORT):
        items = copies.unrecorded(db)
        return Unfinished([], [(c.number, c.folder / c.file_name) for c in items], [])
    found = Unfinished([], [], [])
    for item in copies.unrecorded(db):
        path = item.folder / item.file_name
        cut_off = _leftovers(path)
        if copies.file_is_whole(path, item.data):
            found.recorded.append(_record_recovered(db, item, path))
        else:
            found.waiting.append((item.number, path))
            if path.is_file():  # not whole: it must not look like a bundle
                cut_off.append(path)
        for leftover in cut_off:
            (found.removed if _remove_quietly(leftover) else found.stuck).append(leftover)
    return found


def _record_recovered(db: sqlite_utils.Database, item: copies.Copy, path: Path) -> WrittenBundle:
    m = item.manifest
    file_hash = hashlib.sha256(item.data).hexdigest()
    _record(db, m, item.manifest_bytes, item.file_name, len(item.data), file_hash)
    log.warning("bundle %s of an interrupted export recorded at %s", m.number, path)
    return WrittenBundle(
        path, m.number, len(item.data), bundle_hash(item.manifest_bytes), m.row_total, True
    )


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
                "audit_head_id": manifest.audit_head.get("id"),
            }
        )
