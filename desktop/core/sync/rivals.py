"""Two bundles for one place in a commune's chain: held aside, shown side by side, decided.

A commune's bundle numbers are meant to have one content each (`copies`), but an older version
of the program re-exported a number with other bytes after an interrupted export, and a stolen
key could sign anything. When the province holds bundle N and receives another, validly signed
bundle N — or a bundle whose link to a neighbour it holds does not match — the import refuses
it, as before, but now keeps it aside (`bundle_rival`) instead of forgetting it, and says so.
The province officer then compares the two (numbers, periods, rows, dates, hashes, which one the
commune's later bundles continue from; the commune reads the hash its Đồng bộ page shows for that
number over the phone) and decides, in the window or with `antq-desk rivals`:

* keep the bundle held: the other stays refused (it can still be taken later);
* take the other: it is imported in place of the held one (merged by rev like any bundle, its
  links not checked), the held one's record is kept as replaced, and the number unblocks.

Each decision is one transaction and one audit entry. A bundle with a bad signature is refused
before any of this and never kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import audit, records, session
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import side
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.bundle_writer import short

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.sync.bundle_reader import VerifiedBundle
    from desktop.core.sync.importer import Clash, ImportResult

NUMBER, LINK = "number", "link"
KEPT, TAKEN, REPLACED = "kept", "taken", "replaced"


@dataclass(frozen=True)
class Side:
    """One bundle as the officer compares it."""

    number: int
    bundle_hash: str
    prev_hash: str
    period: str
    rows: int
    created_at: str
    received_at: str
    file_name: str


@dataclass(frozen=True)
class Rival:
    id: int
    unit_code: str
    device_id: str
    epoch: int
    reason: str
    decision: str | None
    offered: Side
    held: Side | None  # the bundle it clashes with (same number, or the neighbour)


def _rows(summary_or_counts: dict) -> int:
    """Rows of a bundle from its manifest counts or the province's per-table summary."""
    total = 0
    for counts in summary_or_counts.values():
        if isinstance(counts, dict):
            total += sum(v for v in counts.values() if isinstance(v, int))
    return total


def _held_side(db: sqlite_utils.Database, unit: str, device: str, epoch: int, number: int):
    row = db.conn.execute(
        "SELECT number, bundle_hash, prev_hash, period, summary, created_at, received_at, "
        "file_name FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number = ?",
        [unit, device, epoch, number],
    ).fetchone()
    if row is None:
        return None
    number, digest, prev, period, summary, created, received, name = row
    return Side(number, digest, prev, period, _rows(json.loads(summary)), created, received, name)


def hold(
    db: sqlite_utils.Database,
    bundle: VerifiedBundle,
    data: bytes,
    file_name: str,
    clash: Clash,
    dry_run: bool,
) -> BundleRefused:
    """Keep a clashing bundle aside (not in a dry run); the refusal that says so and why."""
    m = bundle.manifest
    known = db.conn.execute(
        "SELECT decision, decided_at FROM bundle_rival WHERE unit_code = ? AND bundle_hash = ?",
        [m.unit_code, bundle.bundle_hash],
    ).fetchone()
    if known is not None:
        return _known(m.unit_code, m.number, known[0], known[1])
    if not dry_run:
        with audit.action(db, Permission.IMPORT, "sync.rival_held", file_name) as entry:
            entry.detail.update(number=m.number, sha256=bundle.bundle_hash, reason=clash.reason)
            db.conn.execute(
                "INSERT INTO bundle_rival (unit_code, device_id, epoch, number, reason, "
                "bundle_hash, prev_hash, period, rows, created_at, file_name, data, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    m.unit_code,
                    m.device_id,
                    m.epoch,
                    m.number,
                    clash.reason,
                    bundle.bundle_hash,
                    m.prev_hash,
                    m.period,
                    m.row_total,
                    m.created_at,
                    file_name or f"{m.unit_code}_{m.number:06d}.antq",
                    data,
                    records.now_iso(),
                ],
            )
    return BundleRefused(
        _message(m.unit_code, m.number, clash, bundle.bundle_hash, dry_run),
        f"bundle {m.unit_code}/{m.device_id}/{m.epoch}/{m.number} clashes ({clash.reason} "
        f"with {clash.number}); held aside" + (" (dry run)" if dry_run else ""),
    )


def _message(unit: str, number: int, clash: Clash, offered: str, dry_run: bool) -> str:
    if clash.reason == NUMBER:
        what = _(
            "Gói số {number} của xã {code} khác với gói số {number} tỉnh đã nhận (mã băm gói đã "
            "nhận {held}, gói này {offered})."
        )
    else:
        what = _(
            "Gói số {number} của xã {code} không nối tiếp được với gói số {other} tỉnh đã nhận "
            "(chuỗi gói không khớp; mã băm gói đã nhận {held}, gói này {offered})."
        )
    text = what.format(
        number=number,
        code=unit,
        other=clash.number,
        held=short(clash.held_hash),
        offered=short(offered),
    )
    if dry_run:
        return _("Chạy thử: ") + text + " " + _("Gói sẽ được giữ riêng chờ quyết định.")
    return (
        text
        + " "
        + _(
            "Gói chưa được nhập mà được giữ riêng để cán bộ tỉnh quyết định gói nào đúng: hãy "
            "gọi xã đọc mã băm của gói số {number} trên trang Đồng bộ của xã, rồi chọn ở «Gói "
            "trùng số chờ quyết định…» (hoặc antq-desk rivals)."
        ).format(number=number)
    )


def _known(unit: str, number: int, decision: str | None, decided_at: str | None) -> BundleRefused:
    day = (decided_at or "")[:10]
    if decision == KEPT:
        text = _(
            "Gói số {number} của xã {code} đã được cán bộ tỉnh quyết định không nhận (giữ gói "
            "đã nhận, ngày {day}). Muốn nhận gói này thay thế, hãy chọn ở «Gói trùng số chờ "
            "quyết định…» (hoặc antq-desk rivals --all)."
        )
    elif decision == REPLACED:
        text = _(
            "Gói số {number} của xã {code} này đã được thay bằng một gói khác cùng số theo quyết "
            "định của cán bộ tỉnh (ngày {day}); gói này không được nhập lại."
        )
    else:
        text = _(
            "Gói số {number} của xã {code} này đã được giữ riêng và đang chờ cán bộ tỉnh quyết "
            "định (trang Đồng bộ, «Gói trùng số chờ quyết định…», hoặc antq-desk rivals)."
        )
    return BundleRefused(
        text.format(number=number, code=unit, day=day), f"rival {unit}/{number} {decision}"
    )


def listed(db: sqlite_utils.Database, *, decided: bool = False) -> list[Rival]:
    """Bundles held aside waiting for a decision (with `decided`, those kept out too)."""
    where = "decision IS NULL" + (" OR decision = 'kept'" if decided else "")
    rows = db.conn.execute(
        "SELECT id, unit_code, device_id, epoch, number, reason, bundle_hash, prev_hash, period, "
        "rows, created_at, received_at, file_name, decision FROM bundle_rival "
        f"WHERE {where} ORDER BY unit_code, number, id"
    ).fetchall()
    return [_rival(db, row) for row in rows]


def _rival(db: sqlite_utils.Database, row) -> Rival:
    (id_, unit, device, epoch, number, reason, digest, prev, period, count, created, received,
     name, decision) = row  # fmt: skip
    offered = Side(number, digest, prev, period, count, created, received, name)
    if reason == NUMBER:
        held = _held_side(db, unit, device, epoch, number)
    else:  # the neighbour whose link disagrees
        before = _held_side(db, unit, device, epoch, number - 1)
        after = _held_side(db, unit, device, epoch, number + 1)
        held = before if before is not None and before.bundle_hash != prev else after
    return Rival(id_, unit, device, epoch, reason, decision, offered, held)


def pending_count(db: sqlite_utils.Database) -> int:
    return db.conn.execute("SELECT count(*) FROM bundle_rival WHERE decision IS NULL").fetchone()[0]


def hints(db: sqlite_utils.Database, rival: Rival) -> list[str]:
    """What helps decide: which of the two the commune's later bundle continues from."""
    said = []
    later = _held_side(db, rival.unit_code, rival.device_id, rival.epoch, rival.offered.number + 1)
    if later is not None and rival.reason == NUMBER:
        if later.prev_hash == rival.offered.bundle_hash:
            said.append(
                _("Gói số {next} tỉnh đã nhận nối tiếp gói mới gửi này.").format(next=later.number)
            )
        elif rival.held is not None and later.prev_hash == rival.held.bundle_hash:
            said.append(
                _("Gói số {next} tỉnh đã nhận nối tiếp gói tỉnh đang giữ.").format(
                    next=later.number
                )
            )
    said.append(
        _(
            "Hãy gọi xã đọc mã băm của gói số {number} trên trang Đồng bộ của xã (cột «Mã băm»): "
            "gói đúng là gói có mã băm trùng."
        ).format(number=rival.offered.number)
    )
    return said


def compare(rival: Rival) -> list[tuple[str, str, str]]:
    """(field, the bundle held, the bundle offered) for the side-by-side view."""
    held = rival.held
    pairs = [
        (_("Số gói"), lambda s: str(s.number)),
        (_("Kỳ báo cáo"), lambda s: s.period),
        (_("Số dòng"), lambda s: str(s.rows)),
        (_("Lập lúc (đồng hồ máy xã)"), lambda s: s.created_at[:16].replace("T", " ")),
        (_("Tỉnh nhận lúc"), lambda s: s.received_at[:16].replace("T", " ")),
        (_("Tên tệp"), lambda s: s.file_name),
        (_("Mã băm"), lambda s: short(s.bundle_hash)),
        (_("Mã băm gói trước"), lambda s: short(s.prev_hash) if s.prev_hash else "—"),
    ]
    return [(label, get(held) if held else "—", get(rival.offered)) for label, get in pairs]


def _find(db: sqlite_utils.Database, rival_id: int) -> Rival:
    for rival in listed(db, decided=True):
        if rival.id == rival_id:
            return rival
    raise UserError(
        _("Không có gói số thứ tự {id} nào đang chờ quyết định.").format(id=rival_id),
        f"rival {rival_id} not waiting",
    )


def keep_held(db: sqlite_utils.Database, rival_id: int) -> Rival:
    """The bundle the province holds stands; the other stays refused (and can be taken later)."""
    side.require(db, side.PROVINCE)
    rival = _find(db, rival_id)
    with audit.action(db, Permission.IMPORT, "sync.rival_keep", rival.offered.file_name) as entry:
        entry.detail.update(number=rival.offered.number, sha256=rival.offered.bundle_hash)
        db.conn.execute(
            "UPDATE bundle_rival SET decision = 'kept', decided_at = ? WHERE id = ?",
            [records.now_iso(), rival.id],
        )
    return rival


def take(db: sqlite_utils.Database, rival_id: int, identities: list) -> ImportResult:
    """Import the bundle held aside in place of the one it clashes with: one transaction, one
    audit entry naming both hashes. The replaced bundle's rows stay merged (a higher rev wins,
    as always); its record is kept as replaced, so its file is explained if it comes again."""
    from desktop.core.sync import importer

    session.require(db, Permission.IMPORT)
    side.require(db, side.PROVINCE)
    rival = _find(db, rival_id)
    data = db.conn.execute("SELECT data FROM bundle_rival WHERE id = ?", [rival.id]).fetchone()[0]
    stamp = records.now_iso()
    with audit.action(db, Permission.IMPORT, "sync.rival_take", rival.offered.file_name) as entry:
        entry.detail.update(number=rival.offered.number, sha256=rival.offered.bundle_hash)
        db.conn.execute("PRAGMA defer_foreign_keys = ON")  # conflicts follow the new record
        old_id = _set_aside(db, rival, stamp) if rival.reason == NUMBER else None
        if rival.held is not None:
            entry.detail.update(replaces=rival.held.bundle_hash, reason=rival.reason)
        result = importer.import_bundle(
            db, bytes(data), identities, file_name=rival.offered.file_name, take_over=True
        )
        if old_id is not None:
            _repoint(db, rival, old_id)
        db.conn.execute(
            "UPDATE bundle_rival SET decision = 'taken', decided_at = ?, data = NULL WHERE id = ?",
            [stamp, rival.id],
        )
    return result


def _set_aside(db: sqlite_utils.Database, rival: Rival, stamp: str) -> int | None:
    """Move the held bundle of the same number out of the chain, kept as 'replaced'."""
    held = rival.held
    if held is None:
        return None
    row = db.conn.execute(
        "SELECT id FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number = ?",
        [rival.unit_code, rival.device_id, rival.epoch, held.number],
    ).fetchone()
    db.conn.execute(
        "INSERT OR IGNORE INTO bundle_rival (unit_code, device_id, epoch, number, reason, "
        "bundle_hash, prev_hash, period, rows, created_at, file_name, data, received_at, "
        "decision, decided_at) VALUES (?, ?, ?, ?, 'number', ?, ?, ?, ?, ?, ?, NULL, ?, "
        "'replaced', ?)",
        [
            rival.unit_code,
            rival.device_id,
            rival.epoch,
            held.number,
            held.bundle_hash,
            held.prev_hash,
            held.period,
            held.rows,
            held.created_at,
            held.file_name,
            held.received_at,
            stamp,
        ],
    )
    db.conn.execute("DELETE FROM bundle_in WHERE id = ?", [row[0]])
    return row[0]


def _repoint(db: sqlite_utils.Database, rival: Rival, old_id: int) -> None:
    """What referred to the replaced bundle's record now refers to the bundle that took its
    place (conflicts kept aside, audit marks, rows listed after a restore)."""
    new_id = db.conn.execute(
        "SELECT id FROM bundle_in WHERE unit_code = ? AND device_id = ? AND epoch = ? "
        "AND number = ?",
        [rival.unit_code, rival.device_id, rival.epoch, rival.offered.number],
    ).fetchone()[0]
    for table in ("sync_conflict", "audit_mark", "sync_orphan", "audit_rewrite"):
        db.conn.execute(f"UPDATE {table} SET bundle_id = ? WHERE bundle_id = ?", [new_id, old_id])
