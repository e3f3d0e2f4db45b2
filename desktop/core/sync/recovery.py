"""Recovery from the province: a commune whose PC died without a backup gets its data back.

The province writes a recovery file of everything it holds for the commune, encrypted with a
passphrase (age's scrypt mode) that the province officer reads out over the phone; the file
itself can travel by mail or USB. The commune loads it into an empty database (first-run
wizard, "Khôi phục từ dữ liệu tỉnh gửi về", or `antq-desk recover`): the office, the province's
setup and every record come back, under the same device id and a new epoch the province chose,
so its numbering starts again at 1 and the province accepts it. The commune makes a new signing
key, which the province enrols and confirms as for a new commune (the old key died with the PC).
The first export of the new epoch is full: it closes every gap of the old one.

File: gzip-compressed JSON Lines, age-encrypted with the passphrase. Line 1 is the header
(`format` "antq-recovery", `version` 1, the unit, `device_id`, `epoch`, the setup document);
the following lines are the commune's rows as in a bundle's payload (docs/bundle-format.md §5).
"""

from __future__ import annotations

import gzip
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.schema import SYNCED_TABLES
from desktop.core import audit, office, records, session, units
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import bundle_reader, keys, payload, setup_file, side, textfile
from desktop.core.sync.archive import BundleRefused
from desktop.core.sync.merge import merge

if TYPE_CHECKING:
    import sqlite_utils

RECOVERY_FORMAT, RECOVERY_VERSION = "antq-recovery", 1
MAX_RECOVERY = 256 * 1024 * 1024
# No look-alikes (0/O, 1/I/L, U/V): the passphrase is read out over the phone.
PHONE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"


@dataclass(frozen=True)
class Recovered:
    unit_code: str
    unit_name: str
    epoch: int
    rows: int
    signing_fingerprint: str


def new_passphrase() -> str:
    """Five groups of four letters and digits without look-alikes (about 97 bits)."""
    text = "".join(secrets.choice(PHONE_ALPHABET) for _ in range(20))
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


def _chain(db: sqlite_utils.Database, unit_code: str) -> tuple[str, int]:
    row = db.conn.execute(
        "SELECT device_id, MAX(epoch) FROM bundle_in WHERE unit_code = ? "
        "GROUP BY device_id ORDER BY MAX(id) DESC LIMIT 1",
        [unit_code],
    ).fetchone()
    if row is None:
        raise UserError(
            _("Tỉnh chưa nhận gói nào của xã {code} nên không có dữ liệu để khôi phục.").format(
                code=unit_code
            ),
            f"recovery: nothing received from {unit_code}",
        )
    return row[0], row[1]


def recovery_text(db: sqlite_utils.Database, unit_code: str) -> tuple[bytes, int, int]:
    """(plain JSON Lines, epoch the commune will continue in, rows) for one commune."""
    device, epoch = _chain(db, unit_code)
    commune = units.commune(unit_code)
    header = {
        "kind": "header",
        "format": RECOVERY_FORMAT,
        "version": RECOVERY_VERSION,
        "unit_code": unit_code,
        "unit_name": commune.name,
        "device_id": device,
        "epoch": epoch + 1,
        "setup": json.loads(setup_file.setup_text(db)),
        "created_at": records.now_iso(),
    }
    parts, count = [payload.encode_line(header)], 0
    for table in SYNCED_TABLES:
        uids = [
            row[0]
            for row in db.conn.execute(
                f"SELECT uid FROM {table} WHERE unit_code = ? ORDER BY id", [unit_code]
            )
        ]
        for row in payload.fetch_rows(db, table, uids).values():
            parts.append(payload.row_line(table, row))
            count += 1
    return b"".join(parts), epoch + 1, count


def write_recovery(
    db: sqlite_utils.Database, unit_code: str, secret: str, folder: Path
) -> tuple[Path, int]:
    """Province: write the commune's recovery file into `folder`; returns (path, rows)."""
    from pyrage import passphrase as age_passphrase

    from desktop.core.sync.bundle_writer import write_file

    session.require(db, Permission.EXPORT)
    side.require(db, side.PROVINCE)
    secret = secret.strip().upper()  # read out over the phone: case carries no meaning
    keys.check_passphrase(secret)
    plain, epoch, count = recovery_text(db, unit_code)
    data = age_passphrase.encrypt(gzip.compress(plain, mtime=0), secret)
    path, digest = write_file(Path(folder), f"{unit_code}_khoi-phuc_{epoch}.antq-recovery", data)
    with audit.action(db, Permission.EXPORT, "sync.recovery_out", unit_code) as entry:
        entry.detail.update(epoch=epoch, rows=count, sha256=digest)
    return path, count


def _open(data: bytes, secret: str) -> bytes:
    import pyrage
    from pyrage import passphrase as age_passphrase

    if not secret.strip():
        raise UserError(
            _("Chưa nhập mật khẩu của tệp khôi phục (tỉnh đọc qua điện thoại)."), "empty secret"
        )
    try:
        return bundle_reader.gunzip(age_passphrase.decrypt(data, secret.strip().upper()))
    except pyrage.DecryptError as error:
        raise UserError(
            _(
                "Không mở được tệp khôi phục: mật khẩu không đúng hoặc tệp không phải do tỉnh "
                "lập. Hãy hỏi lại tỉnh mật khẩu (gồm chữ in hoa và số, không có chữ O, I)."
            ),
            f"recovery file does not open: {error}",
        ) from error


def _check_header(header: dict) -> dict:
    wanted = ("unit_code", "device_id", "epoch", "setup")
    if header.get("format") != RECOVERY_FORMAT or not all(key in header for key in wanted):
        raise BundleRefused(
            _("Tệp này không phải tệp khôi phục của ANTQ Desk."), f"recovery header {header}"
        )
    if header.get("version") != RECOVERY_VERSION:
        raise BundleRefused(
            _("Tệp khôi phục do phiên bản mới hơn lập; hãy cài phiên bản mới nhất."),
            f"recovery version {header.get('version')!r}",
        )
    return header


def _set_up(db: sqlite_utils.Database, header: dict) -> units.Division:
    commune = units.commune(str(header["unit_code"]))
    province = units.province(commune.province_code)
    db.table("unit").insert(
        {
            "code": commune.code,
            "name": commune.name,
            "level": "commune",
            "parent_code": province.code,
            "parent_name": province.name,
            "division_type": commune.division_type,
            "is_self": 1,
            "created_at": records.now_iso(),
        }
    )
    for key, value in (("device_id", str(header["device_id"])), ("device_epoch", header["epoch"])):
        db.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [key, str(value)])
    return commune


def recover(db: sqlite_utils.Database, path: Path, secret: str) -> Recovered:
    """Commune: set up an empty database from the province's recovery file, in one transaction."""
    if office.is_set_up(db):
        raise UserError(
            _("Chỉ khôi phục vào một máy chưa thiết lập (tệp dữ liệu mới)."),
            "recovery into an office already set up",
        )
    plain = _open(textfile.read_bytes(path, MAX_RECOVERY), secret)
    decoded = payload.decode(db, plain)
    header = _check_header(decoded.header)
    setup = setup_file.parse_setup(json.dumps(header["setup"]).encode("utf-8"))
    if decoded.rejected:
        raise BundleRefused(
            _("Tệp khôi phục bị hỏng ({count} dòng sai). Hãy xin tỉnh lập lại.").format(
                count=len(decoded.rejected)
            ),
            f"recovery file: rejected lines {decoded.rejected[:3]}",
        )
    code = str(header["unit_code"])
    with audit.action(db, Permission.MANAGE_KEYS, "sync.recover", code) as entry:
        commune = _set_up(db, header)
        setup_file.store_setup(db, setup)
        merged = merge(db, decoded.lines, code)
        if merged.rejected:
            raise BundleRefused(
                _("Tệp khôi phục bị hỏng ({count} dòng sai). Hãy xin tỉnh lập lại.").format(
                    count=len(merged.rejected)
                ),
                f"recovery merge: rejected {merged.rejected[:3]}",
            )
        entry.detail.update(epoch=header["epoch"], rows=len(decoded.lines))
    return Recovered(
        code,
        commune.name,
        int(header["epoch"]),
        len(decoded.lines),
        keys.fingerprint(keys.signing_public(db) or ""),
    )
