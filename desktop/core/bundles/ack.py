"""Acknowledgements: the province says what has arrived; the commune moves its mark forward only."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from db import transaction
from desktop.core import office, records
from desktop.core.bundles import crypto, keys, signed
from desktop.core.bundles.chain import received_numbers
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

KIND = "antq-ack"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Ack:
    unit_code: str
    device_id: str
    epoch: int
    number: int
    seq_to: int
    missing: list[int]
    conflicts: list[dict]


def _latest_source(db: sqlite_utils.Database, unit_code: str):
    return db.conn.execute(
        "SELECT device_id, epoch FROM bundles_in WHERE unit_code = ? ORDER BY id DESC LIMIT 1",
        [unit_code],
    ).fetchone()


def make_ack(db: sqlite_utils.Database, unit_code: str) -> tuple[str, bytes]:
    """(file name, signed ack) for the commune's latest device and epoch; no personal data."""
    source = _latest_source(db, unit_code)
    if source is None:
        raise BundleError(
            _("Chưa nhận gói nào của đơn vị {code}.").format(code=unit_code), "nothing to ack"
        )
    device, epoch = source
    numbers = received_numbers(db, unit_code, device, epoch)
    highest = 0
    while highest + 1 in numbers:
        highest += 1
    if highest == 0:
        raise BundleError(
            _("Chưa nhận gói số 1 của đơn vị {code}; chưa xác nhận được.").format(code=unit_code),
            "no contiguous bundle",
        )
    seq_to = db.conn.execute(
        "SELECT seq_to FROM bundles_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number = ?",
        [unit_code, device, epoch, highest],
    ).fetchone()[0]
    conflicts = db.conn.execute(
        "SELECT DISTINCT tbl, uid, rev FROM bundle_conflict WHERE unit_code = ? ORDER BY tbl, uid",
        [unit_code],
    ).fetchall()
    body = {
        "kind": KIND,
        "format_version": FORMAT_VERSION,
        "province_code": office.self_unit(db).code,
        "unit_code": unit_code,
        "device_id": device,
        "epoch": epoch,
        "number": highest,
        "seq_to": seq_to,
        "missing": [n for n in range(highest + 1, max(numbers) + 1) if n not in numbers],
        "conflicts": [{"table": r[0], "uid": r[1], "rev": r[2]} for r in conflicts],
        "issued_at": records.now_iso(),
    }
    name = f"ack_{unit_code}_{device.replace('-', '')[:8]}_{highest:06d}.json"
    return name, signed.dump(body, keys.province_signing_key(db))


def import_ack(db: sqlite_utils.Database, data: bytes) -> Ack:
    """Check the province's signature and move the acknowledged mark forward (never back)."""
    province = keys.province_of_commune(db)
    body, text, signature = signed.load(data, _("tệp xác nhận của tỉnh"))
    if not crypto.verifies(province["signing_public"], signature, text):
        raise BundleError(
            _("Chữ ký của tệp xác nhận không đúng: tệp đã bị sửa hoặc không do tỉnh ký."),
            "ack signature",
        )
    ack = _parse(body)
    device, epoch = office.device_id(db), office.device_epoch(db)
    if (
        body.get("province_code") != province["province_code"]
        or ack.unit_code != office.self_unit(db).code
        or (ack.device_id, ack.epoch) != (device, epoch)
    ):
        raise BundleError(
            _("Tệp xác nhận này không dành cho máy này của đơn vị."), "ack for another device"
        )
    written = db.conn.execute(
        "SELECT seq_to FROM bundles_out WHERE device_id = ? AND epoch = ? AND number = ?",
        [device, epoch, ack.number],
    ).fetchone()
    if written is None or written[0] != ack.seq_to:
        raise BundleError(
            _("Tệp xác nhận nói tới gói số {number} mà máy này chưa xuất.").format(
                number=ack.number
            ),
            f"ack of unknown bundle {ack.number}",
        )
    current = db.conn.execute(
        "SELECT number FROM bundle_ack_mark WHERE device_id = ? AND epoch = ?", [device, epoch]
    ).fetchone()
    if current is not None and ack.number <= current[0]:
        raise BundleError(
            _(
                "Tệp xác nhận này cũ hơn hoặc đã được nhập (đã xác nhận tới gói số {number}); "
                "không thay đổi gì."
            ).format(number=current[0]),
            f"older ack {ack.number} <= {current[0]}",
        )
    _store(db, ack, body.get("issued_at", ""))
    return ack


def _parse(body: dict) -> Ack:
    try:
        ack = Ack(
            str(body["unit_code"]),
            str(body["device_id"]),
            int(body["epoch"]),
            int(body["number"]),
            int(body["seq_to"]),
            [int(n) for n in body["missing"]],
            list(body["conflicts"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BundleError(_("Tệp xác nhận thiếu thông tin."), repr(error)) from error
    if body.get("kind") != KIND or body.get("format_version") != FORMAT_VERSION:
        raise BundleError(_("Tệp này không phải tệp xác nhận của tỉnh."), "not an ack")
    return ack


def _store(db: sqlite_utils.Database, ack: Ack, issued_at: str) -> None:
    stamp = records.now_iso()
    with transaction(db):
        db.conn.execute(
            "INSERT INTO bundle_ack_mark (device_id, epoch, number, seq_to, issued_at, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(device_id, epoch) DO UPDATE SET "
            "number = excluded.number, seq_to = excluded.seq_to, "
            "issued_at = excluded.issued_at, imported_at = excluded.imported_at",
            [ack.device_id, ack.epoch, ack.number, ack.seq_to, str(issued_at), stamp],
        )
        db.conn.execute(
            "UPDATE bundles_out SET acked_at = ? WHERE device_id = ? AND epoch = ? "
            "AND number <= ? AND acked_at IS NULL",
            [stamp, ack.device_id, ack.epoch, ack.number],
        )
