"""Acknowledgements: the province's signed word of what arrived, and the commune's mark.

An ack file has two lines: the ack as compact, sorted, ASCII JSON, and the base64 Ed25519
signature of exactly that line's bytes. Acks are numbered per commune; a commune takes only an
ack newer than the last it took, and its acknowledged mark only moves forward.

Taking an ack also prunes the change log, in the same transaction: an acknowledged entry goes
when a newer entry of the same row exists. What stays is every entry after the mark (so any
unacknowledged range can be exported again, to a new key too) and each row's newest entry (so
`antq-desk check` can still tell that every row was logged at its current rev). A full export
reads the tables, not the log.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.schema import SYNCED_TABLES
from desktop.core import audit, office, records, session
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import copies, keys, side, textfile
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.bundle_writer import acked_seq, write_file
from desktop.core.sync.importer import gaps
from desktop.core.sync.setup_file import loaded_setup

if TYPE_CHECKING:
    import sqlite_utils

ACK_FORMAT = "antq-ack"
ACK_VERSION = 2  # 2: each conflict carries its rev and the province's version, sealed
READABLE_VERSIONS = (1, 2)
MAX_ACK = 16 * 1024 * 1024  # a few thousand sealed rows; the first ack format held only keys


@dataclass(frozen=True)
class AckResult:
    ack_number: int
    highest: int
    acked_seq: int
    moved: bool
    missing: list[int]
    conflicts: list[dict[str, str]]
    pruned: int = 0


def _latest_chain(db: sqlite_utils.Database, unit_code: str):
    return db.conn.execute(
        "SELECT device_id, epoch FROM bundle_in WHERE unit_code = ? "
        "ORDER BY epoch DESC, id DESC LIMIT 1",
        [unit_code],
    ).fetchone()


def write_ack(db: sqlite_utils.Database, unit_code: str, folder: Path) -> Path:
    """Write the next signed ack for a commune's latest chain into `folder`."""
    session.require(db, Permission.EXPORT)  # before the file is written
    side.require(db, side.PROVINCE)
    chain = _latest_chain(db, unit_code)
    if chain is None:
        raise BundleRefused(
            _("Chưa nhận được gói nào của xã {code} nên chưa có gì để xác nhận.").format(
                code=unit_code
            ),
            f"no bundle from {unit_code}",
        )
    device, epoch = chain
    missing = gaps(db, unit_code, device, epoch)
    received = db.conn.execute(
        "SELECT MAX(number) FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ?",
        [unit_code, device, epoch],
    ).fetchone()[0]
    highest = (missing[0] - 1) if missing else received
    conflicts = province_versions(db, unit_code)
    number = db.conn.execute(
        "SELECT COALESCE(MAX(ack_number), 0) + 1 FROM ack_out WHERE unit_code = ?", [unit_code]
    ).fetchone()[0]
    document = {
        "format": ACK_FORMAT,
        "version": ACK_VERSION,
        "province_code": office.self_unit(db).code,
        "unit_code": unit_code,
        "device_id": device,
        "epoch": epoch,
        "ack_number": number,
        "highest_contiguous": highest,
        "missing": missing,
        "conflicts": conflicts,
        "issued_at": records.now_iso(),
    }
    line = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")
    signature = base64.b64encode(keys.sign(db, line))
    path, _hash = write_file(
        Path(folder), f"{unit_code}_ack_{number:06d}.antq-ack", line + b"\n" + signature + b"\n"
    )
    with audit.action(db, Permission.EXPORT, "sync.ack_export", path.name):
        db.table("ack_out").insert(
            {
                "unit_code": unit_code,
                "ack_number": number,
                "device_id": device,
                "epoch": epoch,
                "highest": highest,
                "created_at": document["issued_at"],
            }
        )
    return path


def province_versions(db: sqlite_utils.Database, unit_code: str) -> list[dict[str, object]]:
    """The ack's conflicts: each row kept aside, with the rev and the province's version of the
    row sealed (age) to the commune's enrolled signing key, so only that commune reads it.

    Without an active key for the commune the version is left out: the commune can then still
    keep its own, which always works (docs/bundle-format.md §9).
    """
    import pyrage

    from desktop.core.sync import payload, register

    key = register.active_key(db, unit_code)
    recipient = keys.ssh_recipient(key.public_key) if key is not None else None
    found: list[dict[str, object]] = []
    for table, uid in db.conn.execute(
        "SELECT DISTINCT tbl, uid FROM sync_conflict WHERE unit_code = ? ORDER BY tbl, uid",
        [unit_code],
    ).fetchall():
        item: dict[str, object] = {"table": table, "uid": uid}
        row = payload.fetch_rows(db, table, [uid]).get(uid) if table in SYNCED_TABLES else None
        if row is not None:
            item["rev"] = row["rev"]
            if recipient is not None:
                sealed = pyrage.encrypt(
                    gzip.compress(payload.row_line(table, row), mtime=0), [recipient]
                )
                item["province"] = base64.b64encode(sealed).decode("ascii")
        found.append(item)
    return found


def _bad_ack(detail: str) -> BundleRefused:
    return BundleRefused(
        _(
            "Tệp xác nhận không hợp lệ hoặc chữ ký không đúng (tệp bị sửa hoặc không phải do "
            "tỉnh lập). Không ghi nhận gì."
        ),
        f"ack refused: {detail}",
    )


def _read(db: sqlite_utils.Database, data: bytes) -> dict:
    if not data or len(data) > MAX_ACK:
        raise _bad_ack(f"{len(data)} bytes")
    try:  # a Notepad re-save (BOM, CRLF) changes neither line's text
        parts = textfile.lines(data)
        line, signature_text = parts[0].encode("ascii"), parts[1].encode("ascii")
    except (UnicodeError, IndexError) as error:
        raise _bad_ack(f"not two ASCII lines: {error!r}") from error
    try:
        signature = base64.b64decode(signature_text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise _bad_ack("signature not base64") from error
    if not keys.verify(loaded_setup(db).signing_public, signature, line):
        raise _bad_ack("bad signature")
    try:
        document = json.loads(line.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _bad_ack("not JSON") from error
    if not isinstance(document, dict) or document.get("format") != ACK_FORMAT:
        raise _bad_ack("not an ack")
    if document.get("version") not in READABLE_VERSIONS:
        raise _bad_ack(f"version {document.get('version')!r}")
    return document


def _refuse(message: str, detail: str) -> BundleRefused:
    return BundleRefused(message, f"ack refused: {detail}")


def import_ack(db: sqlite_utils.Database, path: Path) -> AckResult:
    """Take the province's ack: the acknowledged mark moves forward, never back."""
    session.require(db, Permission.IMPORT)
    side.require(db, side.COMMUNE)
    document = _read(db, textfile.read_bytes(path, limit=MAX_ACK))
    device, epoch = office.device_id(db), office.device_epoch(db)
    number, highest, seq_to = _check_addressed(db, document, device, epoch)
    before = acked_seq(db)
    mark = max(before, seq_to)
    stamp = records.now_iso()
    with audit.action(db, Permission.IMPORT, "sync.ack_import", Path(path).name):
        db.table("ack_in").insert(
            {
                "ack_number": number,
                "device_id": device,
                "epoch": epoch,
                "highest": highest,
                "acked_seq": mark,
                "missing": json.dumps(document.get("missing", [])),
                "conflicts": json.dumps(document.get("conflicts", [])),
                "issued_at": str(document.get("issued_at", "")),
                "imported_at": stamp,
            }
        )
        db.conn.execute(
            "UPDATE bundle_out SET acked_at = COALESCE(acked_at, ?) WHERE device_id = ? "
            "AND epoch = ? AND number <= ?",
            [stamp, device, epoch, highest],
        )
        pruned = prune_log(db, mark)
        copies.drop_acknowledged(db, device, epoch, highest)
    return AckResult(
        number,
        highest,
        mark,
        mark > before,
        list(document.get("missing", [])),
        [_keys_only(item) for item in document.get("conflicts", []) if isinstance(item, dict)],
        pruned,
    )


def _check_addressed(
    db: sqlite_utils.Database, document: dict, device: str, epoch: int
) -> tuple[int, int, int]:
    """(ack number, highest bundle acknowledged, that bundle's change-log position) of an ack
    meant for this commune, this machine and this epoch, newer than the last one taken, about
    bundles this machine wrote; refused otherwise, with its reason."""
    if document.get("unit_code") != office.self_unit(db).code:
        raise _refuse(_("Tệp xác nhận này là của xã khác."), "other unit")
    if document.get("device_id") != device or document.get("epoch") != epoch:
        raise _refuse(
            _("Tệp xác nhận này dành cho máy hoặc bản dữ liệu trước đây, không phải máy này."),
            "other device or epoch",
        )
    last = db.conn.execute("SELECT COALESCE(MAX(ack_number), 0) FROM ack_in").fetchone()[0]
    number, highest = document.get("ack_number"), document.get("highest_contiguous")
    if not isinstance(number, int) or not isinstance(highest, int):
        raise _bad_ack("fields")
    if number <= last:
        raise _refuse(
            _("Tệp xác nhận số {number} đã cũ (đã nhận tới số {last}); không ghi nhận gì.").format(
                number=number, last=last
            ),
            f"ack {number} replayed, last {last}",
        )
    bundle = db.conn.execute(
        "SELECT seq_to FROM bundle_out WHERE device_id = ? AND epoch = ? AND number = ?",
        [device, epoch, highest],
    ).fetchone()
    if highest > 0 and bundle is None:
        raise _refuse(
            _("Tệp xác nhận nhắc tới gói số {number} mà máy này chưa xuất.").format(number=highest),
            f"ack for unknown bundle {highest}",
        )
    return number, highest, bundle[0] if bundle else 0


def _keys_only(item: dict) -> dict[str, str]:
    return {"table": str(item.get("table", "")), "uid": str(item.get("uid", ""))}


def prune_log(db: sqlite_utils.Database, mark: int) -> int:
    """Delete change-log entries up to `mark` that a newer entry of the same row supersedes.

    Call inside the transaction that takes the ack; returns how many entries went.
    """
    cursor = db.conn.execute(
        "DELETE FROM change_log WHERE seq <= ? AND seq < (SELECT MAX(newer.seq) FROM change_log "
        "AS newer WHERE newer.tbl = change_log.tbl AND newer.uid = change_log.uid)",
        [mark],
    )
    return cursor.rowcount


def open_conflicts(db: sqlite_utils.Database) -> list[dict[str, str]]:
    """The open conflicts of the latest ack, as `{"table", "uid", "label"}`
    (`desktop.core.sync.conflicts` has both versions and the decisions)."""
    from desktop.core.sync import conflicts

    return [
        {"table": item.table, "uid": item.uid, "label": item.label} for item in conflicts.listed(db)
    ]


def keep_ours(db: sqlite_utils.Database) -> int:
    """Keep the commune's version of every open conflict (`conflicts.keep_commune`)."""
    from desktop.core.sync import conflicts

    return conflicts.keep_commune(db)
