"""The chain of a commune's bundles at the province: numbers received, gaps, broken links."""

from __future__ import annotations

import sqlite_utils

from desktop.core.bundles.manifest import Manifest
from desktop.core.i18n import _


def received_numbers(db: sqlite_utils.Database, unit: str, device: str, epoch: int) -> list[int]:
    rows = db.conn.execute(
        "SELECT number FROM bundles_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "ORDER BY number",
        [unit, device, epoch],
    ).fetchall()
    return [row[0] for row in rows]


def gaps(db: sqlite_utils.Database, m: Manifest) -> list[int]:
    """Bundle numbers below the highest received for this device and epoch that never arrived."""
    numbers = set(received_numbers(db, m.unit_code, m.device_id, m.epoch))
    return [n for n in range(1, max(numbers, default=0)) if n not in numbers]


def warnings(db: sqlite_utils.Database, m: Manifest, sha: str) -> list[str]:
    """Neighbours in the chain whose hashes disagree with this bundle (a fork or a restore)."""
    found = []
    before = db.conn.execute(
        "SELECT sha256 FROM bundles_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number = ?",
        [m.unit_code, m.device_id, m.epoch, m.number - 1],
    ).fetchone()
    if before is not None and before[0] != m.previous_sha256:
        found.append(
            _("Chuỗi gói bị đứt: gói số {number} không nối tiếp gói số {previous} đã nhận.").format(
                number=m.number, previous=m.number - 1
            )
        )
    after = db.conn.execute(
        "SELECT previous_sha256 FROM bundles_in WHERE unit_code = ? AND device_id = ? "
        "AND epoch = ? AND number = ?",
        [m.unit_code, m.device_id, m.epoch, m.number + 1],
    ).fetchone()
    if after is not None and after[0] != sha:
        found.append(
            _("Chuỗi gói bị đứt: gói số {next} đã nhận không nối tiếp gói số {number}.").format(
                next=m.number + 1, number=m.number
            )
        )
    return found
