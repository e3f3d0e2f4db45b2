"""Commune side: write the changes not yet acknowledged (or everything) as one or more bundles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import sqlite_utils

from db import transaction
from db.schema import SYNCED_TABLES
from desktop import __version__
from desktop.core import office, records
from desktop.core.bundles import archive, crypto, keys, payload
from desktop.core.bundles.errors import BundleError
from desktop.core.bundles.fileio import write_verified
from desktop.core.bundles.manifest import Manifest
from desktop.core.i18n import _

OVERHEAD_BYTES = 64 * 1024  # manifest, signature, zip and age framing, with room to spare
MIN_BUNDLE_BYTES = 2 * OVERHEAD_BYTES


@dataclass(frozen=True)
class Written:
    """One bundle file written and read back."""

    path: Path
    number: int
    rows: int
    size: int
    sha256: str
    seq_from: int
    seq_to: int

    @property
    def short_hash(self) -> str:
        return crypto.short_hash(self.sha256)


@dataclass(frozen=True)
class _Line:
    seq: int
    table: str
    data: bytes


def acknowledged(db: sqlite_utils.Database) -> tuple[int, int]:
    """(bundle number, change-log seq) the province has acknowledged for this device and epoch."""
    row = db.conn.execute(
        "SELECT number, seq_to FROM bundle_ack_mark WHERE device_id = ? AND epoch = ?",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    return (row[0], row[1]) if row else (0, 0)


def last_acknowledgement(db: sqlite_utils.Database) -> str | None:
    """When the province's last ack for this device and epoch was imported (UTC, ISO)."""
    row = db.conn.execute(
        "SELECT imported_at FROM bundle_ack_mark WHERE device_id = ? AND epoch = ?",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    return row[0] if row else None


def waiting_rows(db: sqlite_utils.Database) -> int:
    """How many rows changed after the acknowledged mark: 0 means nothing is waiting."""
    after = acknowledged(db)[1]
    return db.conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT tbl, uid FROM change_log WHERE seq > ?)", [after]
    ).fetchone()[0]


def _changed_lines(db: sqlite_utils.Database, after: int, unit: str) -> list[_Line]:
    """The current state of every row changed after `after`, oldest change first."""
    lines: list[_Line] = []
    for table in SYNCED_TABLES:
        cursor = db.conn.execute(
            f"SELECT t.*, c.last_seq AS _last_seq FROM {table} t JOIN (SELECT uid, MAX(seq) AS "
            "last_seq FROM change_log WHERE tbl = ? AND seq > ? GROUP BY uid) c ON c.uid = t.uid "
            "WHERE t.unit_code = ?",
            [table, after, unit],
        )
        for row in cursor:
            values = dict(row)
            seq = values.pop("_last_seq")
            values.pop("id")
            lines.append(_Line(seq, table, payload.row_line(table, values)))
    order = {table: index for index, table in enumerate(SYNCED_TABLES)}
    lines.sort(key=lambda line: (line.seq, order[line.table]))
    return lines


def _chunks(lines: list[_Line], budget: int) -> Iterator[list[_Line]]:
    """Consecutive runs of lines whose payload stays within `budget` bytes (at least one run)."""
    chunk: list[_Line] = []
    size = 0
    for line in lines:
        if chunk and size + len(line.data) > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += len(line.data)
    yield chunk


def period_aggregates(db: sqlite_utils.Database, period: str) -> dict[str, int]:
    """The month's totals that travel in the signed manifest: counts and sums only, no names."""
    held = db.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(count_total), 0) FROM event WHERE deleted_at IS NULL "
        "AND status = 'held' AND substr(start_date, 1, 7) = ?",
        [period],
    ).fetchone()
    outcomes = db.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(o.value_vnd), 0) FROM outcome o LEFT JOIN event e "
        "ON e.uid = o.event_uid WHERE o.deleted_at IS NULL "
        "AND substr(COALESCE(o.outcome_date, e.start_date, ''), 1, 7) = ?",
        [period],
    ).fetchone()
    people = db.conn.execute("SELECT COUNT(*) FROM person WHERE deleted_at IS NULL").fetchone()
    return {
        "events_held": held[0],
        "participants": held[1],
        "outcomes": outcomes[0],
        "outcome_value_vnd": outcomes[1],
        "people_registered": people[0],
    }


def _last_written(db: sqlite_utils.Database, device: str, epoch: int) -> tuple[int, str | None]:
    row = db.conn.execute(
        "SELECT number, sha256 FROM bundles_out WHERE device_id = ? AND epoch = ? "
        "ORDER BY number DESC LIMIT 1",
        [device, epoch],
    ).fetchone()
    return (row[0], row[1]) if row else (0, None)


def file_name(unit: str, period: str, device: str, number: int) -> str:
    return f"{unit}_{period}_{device.replace('-', '')[:8]}_{number:06d}.antq"


def export(
    db: sqlite_utils.Database,
    folder: Path,
    *,
    full: bool = False,
    period: str | None = None,
    max_bytes: int = archive.DEFAULT_MAX_BYTES,
) -> list[Written]:
    """Write the bundles for everything not yet acknowledged (all rows with `full`).

    A month with no change still writes one bundle with no rows, so the province counts the
    reports it received rather than silence. The change log is never modified here.
    """
    if max_bytes < MIN_BUNDLE_BYTES:
        raise BundleError(
            _("Giới hạn kích thước gói quá nhỏ."), f"max_bytes {max_bytes} below minimum"
        )
    province = keys.province_of_commune(db)
    private, _public = keys.commune_signing_key(db)
    folder = Path(folder)
    if not folder.is_dir():
        raise BundleError(
            _("Không tìm thấy thư mục {path} (ổ USB đã rút ra?).").format(path=folder),
            f"no folder {folder}",
        )
    unit = office.self_unit(db).code
    period = period or dt.date.today().strftime("%Y-%m")
    after = 0 if full else acknowledged(db)[1]
    top = db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0]
    recipients = [
        pyrage.x25519.Recipient.from_str(province["working_recipient"]),
        pyrage.x25519.Recipient.from_str(province["escrow_recipient"]),
    ]
    context = {
        "unit": unit,
        "province": province["province_code"],
        "period": period,
        "full": full,
        "aggregates": period_aggregates(db, period),
        "recipients": recipients,
        "private": private,
    }
    written: list[Written] = []
    chunks = list(_chunks(_changed_lines(db, after, unit), max_bytes - OVERHEAD_BYTES))
    seq_from = after + 1
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        seq_to = top if last else chunk[-1].seq
        written.append(_write_one(db, folder, chunk, seq_from, seq_to, context))
        seq_from = seq_to + 1
    return written


def _write_one(
    db: sqlite_utils.Database,
    folder: Path,
    chunk: list[_Line],
    seq_from: int,
    seq_to: int,
    context: dict[str, Any],
) -> Written:
    device, epoch = office.device_id(db), office.device_epoch(db)
    number, previous = _last_written(db, device, epoch)
    number += 1
    counts = {table: 0 for table in SYNCED_TABLES}
    for line in chunk:
        counts[line.table] += 1
    identity = {
        "unit_code": context["unit"],
        "device_id": device,
        "epoch": epoch,
        "number": number,
        "seq_from": seq_from,
        "seq_to": seq_to,
        "payload_rows": len(chunk),
    }
    plaintext = payload.identity_line(identity) + b"".join(line.data for line in chunk)
    encrypted = pyrage.encrypt(plaintext, context["recipients"])
    manifest = Manifest(
        unit_code=context["unit"],
        province_code=context["province"],
        device_id=device,
        epoch=epoch,
        number=number,
        period=context["period"],
        seq_from=seq_from,
        seq_to=seq_to,
        full=context["full"],
        counts=counts,
        rows=len(chunk),
        payload_sha256=crypto.sha256_hex(encrypted),
        payload_size=len(encrypted),
        previous_sha256=previous,
        aggregates=context["aggregates"],
        created_at=records.now_iso(),
        app_version=__version__,
    )
    manifest_bytes = manifest.to_bytes()
    data = archive.pack(manifest_bytes, crypto.sign(context["private"], manifest_bytes), encrypted)
    name = file_name(context["unit"], context["period"], device, number)
    path = write_verified(folder, name, data)
    sha = crypto.sha256_hex(data)
    try:
        _record(db, manifest, name, data, sha)
    except BaseException:
        path.unlink(missing_ok=True)  # an unrecorded file would reuse its number next time
        raise
    return Written(path, number, len(chunk), len(data), sha, seq_from, seq_to)


def _record(
    db: sqlite_utils.Database, manifest: Manifest, name: str, data: bytes, sha: str
) -> None:
    """The bundle in this office's history, once its file is safely written."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO bundles_out (device_id, epoch, number, period, seq_from, seq_to, full, "
            "rows, file_name, size, sha256, previous_sha256, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                manifest.device_id,
                manifest.epoch,
                manifest.number,
                manifest.period,
                manifest.seq_from,
                manifest.seq_to,
                int(manifest.full),
                manifest.rows,
                name,
                len(data),
                sha,
                manifest.previous_sha256,
                manifest.created_at,
            ],
        )


def history(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Bundles written by this office, newest first, for the sync page and the CLI."""
    rows = db.conn.execute(
        "SELECT number, epoch, period, seq_from, seq_to, rows, file_name, size, sha256, "
        "created_at, acked_at FROM bundles_out ORDER BY epoch DESC, number DESC"
    ).fetchall()
    return [dict(row) for row in rows]
