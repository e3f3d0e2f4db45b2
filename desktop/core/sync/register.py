"""The province's register of communes and the signing keys enrolled for them.

A key is enrolled (from the commune's first bundle or a key card), then confirmed once its
fingerprint has been read out over the phone; only a confirmed key that is neither revoked nor
replaced is accepted on a bundle. Confirming a new key for a commune retires its previous one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import audit, office, records, units
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import keys, side

if TYPE_CHECKING:
    import sqlite_utils

ACTIVE, UNCONFIRMED, REVOKED, RETIRED = "active", "unconfirmed", "revoked", "retired"


@dataclass(frozen=True)
class EnrolledKey:
    unit_code: str
    unit_name: str
    public_key: str
    fingerprint: str
    enrolled_at: str
    confirmed_at: str | None
    valid_from: str | None
    valid_to: str | None
    revoked_at: str | None

    @property
    def status(self) -> str:
        if self.revoked_at:
            return REVOKED
        if self.valid_to:
            return RETIRED
        return ACTIVE if self.confirmed_at else UNCONFIRMED


def _commune_name(code: str) -> str:
    try:
        return units.commune(code).name
    except KeyError:
        return code


def _ensure_unit(db: sqlite_utils.Database, unit_code: str) -> None:
    me = office.self_unit(db)
    db.conn.execute(
        "INSERT OR IGNORE INTO unit (code, name, level, parent_code, parent_name, is_self, "
        "created_at) VALUES (?, ?, 'commune', ?, ?, 0, ?)",
        [unit_code, _commune_name(unit_code), me.code, me.name, records.now_iso()],
    )


def enrol(db: sqlite_utils.Database, unit_code: str, public_key: str) -> EnrolledKey:
    """Record a commune's key as waiting for confirmation (no-op if already known)."""
    keys.load_public(public_key)
    side.require(db, side.PROVINCE)
    with audit.action(db, Permission.MANAGE_KEYS, "sync.register", unit_code) as entry:
        entry.detail.update(enrolled=keys.fingerprint(public_key))
        _ensure_unit(db, unit_code)
        db.conn.execute(
            "INSERT OR IGNORE INTO commune_key (unit_code, public_key, fingerprint, enrolled_at) "
            "VALUES (?, ?, ?, ?)",
            [unit_code, public_key, keys.fingerprint(public_key), records.now_iso()],
        )
    return _reread(db, unit_code, public_key)


def _find(db: sqlite_utils.Database, unit_code: str, fingerprint: str) -> EnrolledKey:
    for key in keys_of(db, unit_code):
        if keys.same_fingerprint(fingerprint, key.fingerprint):
            return key
    raise UserError(
        _("Không có khóa nào của xã {code} có dấu vân tay {fingerprint}.").format(
            code=unit_code, fingerprint=fingerprint
        ),
        f"no key {fingerprint} for {unit_code}",
    )


class ReplacesKey(UserError):
    """Confirming this key would retire the commune's active one: asked, never silent."""

    def __init__(self, unit_code: str, old: str, new: str):
        super().__init__(
            _(
                "Xã {code} đang dùng khóa có dấu vân tay {old}. Xác nhận khóa mới {new} sẽ thay "
                "khóa cũ: các gói ký bằng khóa cũ sẽ bị từ chối. Chỉ làm vậy khi xã đã đổi máy "
                "hoặc khóa cũ bị lộ, sau khi gọi điện đối chiếu."
            ).format(code=unit_code, old=old, new=new),
            f"confirm of {new} for {unit_code} would retire {old}",
        )
        self.old, self.new = old, new


def active_key(db: sqlite_utils.Database, unit_code: str) -> EnrolledKey | None:
    found = [key for key in keys_of(db, unit_code) if key.status == ACTIVE]
    return found[-1] if found else None


def confirm(
    db: sqlite_utils.Database, unit_code: str, fingerprint: str, *, replace: bool = False
) -> EnrolledKey:
    """Confirm the key whose fingerprint was read out. If the commune has another active key,
    it retires only with `replace` (ReplacesKey, naming the old fingerprint, otherwise): an
    impostor's key must not retire the genuine one without anyone being asked."""
    key = _find(db, unit_code, fingerprint)
    if key.revoked_at:
        raise UserError(_("Khóa này đã bị thu hồi."), f"confirm revoked key of {unit_code}")
    current = active_key(db, unit_code)
    if current is not None and current.public_key != key.public_key and not replace:
        raise ReplacesKey(unit_code, current.fingerprint, key.fingerprint)
    stamp = records.now_iso()
    with audit.action(db, Permission.MANAGE_KEYS, "sync.register", unit_code) as entry:
        entry.detail.update(confirmed=key.fingerprint)
        db.conn.execute(
            "UPDATE commune_key SET valid_to = ? WHERE unit_code = ? AND public_key <> ? "
            "AND confirmed_at IS NOT NULL AND valid_to IS NULL",
            [stamp, unit_code, key.public_key],
        )
        db.conn.execute(
            "UPDATE commune_key SET confirmed_at = COALESCE(confirmed_at, ?), "
            "valid_from = COALESCE(valid_from, ?) WHERE unit_code = ? AND public_key = ?",
            [stamp, stamp, unit_code, key.public_key],
        )
    return _reread(db, unit_code, key.public_key)


def revoke(db: sqlite_utils.Database, unit_code: str, fingerprint: str) -> EnrolledKey:
    key = _find(db, unit_code, fingerprint)
    with audit.action(db, Permission.MANAGE_KEYS, "sync.register", unit_code) as entry:
        entry.detail.update(revoked=key.fingerprint)
        db.conn.execute(
            "UPDATE commune_key SET revoked_at = COALESCE(revoked_at, ?) "
            "WHERE unit_code = ? AND public_key = ?",
            [records.now_iso(), unit_code, key.public_key],
        )
    return _reread(db, unit_code, key.public_key)


_COLUMNS = (
    "unit_code, public_key, fingerprint, enrolled_at, confirmed_at, valid_from, valid_to, "
    "revoked_at"
)


def _key(row) -> EnrolledKey:
    data = dict(row)
    # computed, not read: keys enrolled before the look-alike-free alphabet kept the old text
    data["fingerprint"] = keys.fingerprint(data["public_key"])
    return EnrolledKey(unit_name=_commune_name(data["unit_code"]), **data)


def key_for(db: sqlite_utils.Database, unit_code: str, public_key: str) -> EnrolledKey | None:
    row = db.conn.execute(
        f"SELECT {_COLUMNS} FROM commune_key WHERE unit_code = ? AND public_key = ?",
        [unit_code, public_key],
    ).fetchone()
    return _key(row) if row else None


def _reread(db: sqlite_utils.Database, unit_code: str, public_key: str) -> EnrolledKey:
    """The key's row as the action just left it; it exists (inserted or found before)."""
    key = key_for(db, unit_code, public_key)
    assert key is not None, f"no key row for {unit_code} after writing it"
    return key


def keys_of(db: sqlite_utils.Database, unit_code: str) -> list[EnrolledKey]:
    rows = db.conn.execute(
        f"SELECT {_COLUMNS} FROM commune_key WHERE unit_code = ? ORDER BY id", [unit_code]
    )
    return [_key(row) for row in rows]


def all_keys(db: sqlite_utils.Database) -> list[EnrolledKey]:
    rows = db.conn.execute(f"SELECT {_COLUMNS} FROM commune_key ORDER BY unit_code, id")
    return [_key(row) for row in rows]


def registered_communes(db: sqlite_utils.Database) -> list[str]:
    """Codes of the communes with a confirmed key, the rows of the completeness grid."""
    rows = db.conn.execute(
        "SELECT DISTINCT unit_code FROM commune_key WHERE confirmed_at IS NOT NULL "
        "ORDER BY unit_code"
    )
    return [row[0] for row in rows]
