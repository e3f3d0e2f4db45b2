"""The commune's copies of its bundles: what lets a lost bundle be sent again unchanged, and an
export cut off half-way be finished rather than redone.

Every bundle's exact bytes are stored (`bundle_out_copy`) before its file is written, and kept
until the province acknowledges it. So a bundle number only ever has one content:

* an export interrupted between writing a file and recording it (a power cut, the program
  killed) is recorded at the next export from the stored copy, and its file written again if
  it is not where it was put whole: a province that receives both copies finds them identical;
* a bundle the province lists as missing (lost mail, a USB stick gone) is issued again with the
  same number and bytes, so the chain closes and the province's acknowledged position moves.

A full export closes every earlier gap too (the province takes it as a checkpoint).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db import transaction
from desktop.core import audit, office, records, session
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import archive, manifest

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Copy:
    number: int
    file_name: str
    folder: Path
    data: bytes

    @property
    def manifest_bytes(self) -> bytes:
        return archive.unpack(self.data, archive.MAX_FILE)[archive.MANIFEST]

    @property
    def manifest(self) -> manifest.Manifest:
        return manifest.parse(self.manifest_bytes)


def keep(db: sqlite_utils.Database, items: list[tuple[int, str, bytes]], folder: Path) -> None:
    """Store the bundles of one export, (number, file name, bytes), before any file is written."""
    device, epoch, stamp = office.device_id(db), office.device_epoch(db), records.now_iso()
    where = str(Path(folder).absolute())  # found again from whatever folder the next run is in
    with transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO bundle_out_copy (device_id, epoch, number, file_name, "
            "folder, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(device, epoch, n, name, where, data, stamp) for n, name, data in items],
        )


def _copies(db: sqlite_utils.Database, where: str, params: list) -> list[Copy]:
    rows = db.conn.execute(
        "SELECT number, file_name, folder, data FROM bundle_out_copy AS c WHERE device_id = ? "
        f"AND epoch = ? AND {where} ORDER BY number",
        [office.device_id(db), office.device_epoch(db), *params],
    )
    return [Copy(row[0], row[1], Path(row[2]), bytes(row[3])) for row in rows]


def unrecorded(db: sqlite_utils.Database) -> list[Copy]:
    """Bundles stored for an export that was cut off before it recorded them."""
    return _copies(
        db,
        "NOT EXISTS (SELECT 1 FROM bundle_out AS o WHERE o.device_id = c.device_id "
        "AND o.epoch = c.epoch AND o.number = c.number)",
        [],
    )


def copy_of(db: sqlite_utils.Database, number: int) -> Copy | None:
    found = _copies(db, "number = ?", [number])
    return found[0] if found else None


def file_is_whole(path: Path, data: bytes) -> bool:
    """True if `path` holds exactly `data` (the interrupted export did finish this file)."""
    try:
        return hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    except OSError:
        return False


def drop_acknowledged(db: sqlite_utils.Database, device: str, epoch: int, highest: int) -> int:
    """Forget the copies the province has acknowledged, and those of earlier epochs (their
    gaps are closed by the full export that starts each new epoch). Inside the ack's
    transaction; returns how many went."""
    cursor = db.conn.execute(
        "DELETE FROM bundle_out_copy WHERE (device_id = ? AND epoch = ? AND number <= ?) "
        "OR epoch < ?",
        [device, epoch, highest, epoch],
    )
    return cursor.rowcount


def missing_in_last_ack(db: sqlite_utils.Database) -> list[int]:
    """The numbers the province's latest ack (for this device and epoch) lists as missing."""
    row = db.conn.execute(
        "SELECT missing FROM ack_in WHERE device_id = ? AND epoch = ? "
        "ORDER BY ack_number DESC LIMIT 1",
        [office.device_id(db), office.device_epoch(db)],
    ).fetchone()
    try:
        numbers = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return [n for n in numbers if isinstance(n, int) and not isinstance(n, bool)]


def reissue(db: sqlite_utils.Database, folder: Path, numbers: list[int] | None = None) -> list:
    """Write again, unchanged, the bundles `numbers` (default: those the province's last ack
    lists as missing) into `folder`. Refuses, naming them, numbers this office no longer holds:
    then only a full export closes the gap."""
    from desktop.core.sync.bundle_writer import WrittenBundle, write_file

    session.require(db, Permission.EXPORT)
    wanted = sorted(set(numbers)) if numbers else missing_in_last_ack(db)
    if not wanted:
        raise UserError(
            _(
                "Tỉnh chưa báo thiếu gói nào (theo tệp xác nhận mới nhất). Hãy ghi rõ số gói "
                "cần gửi lại."
            ),
            "reissue: nothing missing",
        )
    found = {n: copy_of(db, n) for n in wanted}
    absent = [str(n) for n, item in found.items() if item is None]
    if absent:
        raise UserError(
            _(
                "Máy này không còn giữ gói số {numbers} (tỉnh đã xác nhận, gói thuộc bản dữ liệu "
                "trước, hoặc chưa từng xuất). Hãy xuất toàn bộ dữ liệu: gói đầy đủ đóng mọi chỗ "
                "thiếu trước nó."
            ).format(numbers=", ".join(absent)),
            f"reissue: no copy of {absent}",
        )
    held = [item for item in found.values() if item is not None]  # every one: none is absent
    written = []
    for item in held:
        path, file_hash = write_file(Path(folder), item.file_name, item.data)
        with audit.action(db, Permission.EXPORT, "sync.reissue", item.file_name) as entry:
            entry.detail.update(number=item.number, sha256=file_hash)
        m = item.manifest
        written.append(
            WrittenBundle(
                path,
                item.number,
                len(item.data),
                manifest.bundle_hash(item.manifest_bytes),
                m.row_total,
            )
        )
        log.info("bundle %s issued again into %s", item.number, folder)
    return written
