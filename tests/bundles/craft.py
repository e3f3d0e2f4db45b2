"""Hand-made bundles for the bad-input tests: valid containers around chosen contents."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pyrage

from desktop.core import office
from desktop.core.bundles import archive, crypto, keys, manifest, payload


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def rezip(items: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    """A zip of exactly these entries (duplicates and odd names allowed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as made:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            made.writestr(info, data)
    return buffer.getvalue()


def resign(commune_db, data: bytes, **changes: Any) -> bytes:
    """The same bundle with manifest fields changed and signed again by `commune_db`'s key."""
    parts = entries(data)
    raw = json.loads(parts[archive.MANIFEST])
    raw.update(changes)
    new_manifest = (json.dumps(raw, sort_keys=True, indent=2) + "\n").encode("ascii")
    private, _ = keys.commune_signing_key(commune_db)
    return archive.pack(new_manifest, crypto.sign(private, new_manifest), parts[archive.PAYLOAD])


def bundle_with_lines(commune_db, lines: list[bytes], number: int = 1) -> bytes:
    """A correctly signed and encrypted bundle of `commune_db` whose row lines are `lines`."""
    province = keys.province_of_commune(commune_db)
    unit = office.self_unit(commune_db).code
    identity = {
        "unit_code": unit,
        "device_id": office.device_id(commune_db),
        "epoch": office.device_epoch(commune_db),
        "number": number,
        "seq_from": 1,
        "seq_to": 1,
        "payload_rows": len(lines),
    }
    plaintext = payload.identity_line(identity) + b"".join(lines)
    recipients = [
        pyrage.x25519.Recipient.from_str(province["working_recipient"]),
        pyrage.x25519.Recipient.from_str(province["escrow_recipient"]),
    ]
    encrypted = pyrage.encrypt(plaintext, recipients)
    made = manifest.Manifest(
        unit_code=unit,
        province_code=province["province_code"],
        device_id=identity["device_id"],
        epoch=identity["epoch"],
        number=number,
        period="2026-08",
        seq_from=1,
        seq_to=1,
        full=False,
        counts={"person": len(lines)},
        rows=len(lines),
        payload_sha256=crypto.sha256_hex(encrypted),
        payload_size=len(encrypted),
        previous_sha256=None,
        aggregates={},
        created_at="2026-08-31T00:00:00+00:00",
        app_version="test",
    )
    data = made.to_bytes()
    private, _ = keys.commune_signing_key(commune_db)
    return archive.pack(data, crypto.sign(private, data), encrypted)


def person_line(commune_db, **changes: Any) -> bytes:
    """One of the commune's people as a payload line, with fields changed."""
    row = dict(commune_db.conn.execute("SELECT * FROM person ORDER BY id LIMIT 1").fetchone())
    row.pop("id")
    row.update(changes)
    return payload.row_line("person", row)


def replace_manifest(data: bytes, mutate) -> bytes:
    """Change the manifest (not re-signed) with `mutate(dict)`."""
    parts = entries(data)
    raw = json.loads(parts[archive.MANIFEST])
    mutate(raw)
    new_manifest = (json.dumps(raw, sort_keys=True, indent=2) + "\n").encode("ascii")
    return archive.pack(new_manifest, parts[archive.SIGNATURE], parts[archive.PAYLOAD])
