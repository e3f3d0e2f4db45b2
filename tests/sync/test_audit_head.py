"""The commune's audit-trail head in each bundle: kept by the province, a cut-off trail noticed."""

from __future__ import annotations

import dataclasses
import json

import pytest

from desktop.core import accounts, audit
from desktop.core.session import PermissionDenied, Role
from desktop.core.sync import archive, bundle_reader, importer, keys
from tests.sync.conftest import add_person, export_one


def _stored_head(prov_db, number: int) -> tuple:
    row = prov_db.conn.execute(
        "SELECT audit_head_id, audit_head_hash FROM bundle_in WHERE number = ?", [number]
    ).fetchone()
    return tuple(row)


def test_a_bundle_carries_the_head_and_the_province_keeps_it(tmp_path, prov, commune):
    add_person(commune, "Nguyễn Văn An")
    head = audit.head(commune)
    written = export_one(commune, tmp_path / "usb")
    verified = bundle_reader.verify(prov.db, written.path.read_bytes())
    assert verified.manifest.audit_head == {"id": head[0], "hash": head[1]}
    result = importer.import_bundle(prov.db, written.path.read_bytes(), prov.identities)
    assert result.warnings == []
    assert _stored_head(prov.db, written.number) == head


def _cut_trail(db, keep_up_to: int) -> None:
    """Delete the newest audit entries the way someone editing the file by hand could."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    for trigger in ("audit_no_delete", "audit_change_no_delete"):
        db.conn.execute(f"DROP TRIGGER {trigger}")
    db.conn.execute("DELETE FROM audit_change WHERE entry_id > ?", [keep_up_to])
    db.conn.execute("DELETE FROM audit WHERE id > ?", [keep_up_to])
    # …and hide the gap the deletion leaves in the numbering from the commune's own check.
    db.conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'", [keep_up_to])


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_trail_cut_short_between_two_bundles_is_reported(tmp_path, prov, commune, order):
    kept = audit.head(commune)[0]
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        add_person(commune, name)
    first = export_one(commune, tmp_path / "one").path.read_bytes()
    _cut_trail(commune, kept)
    add_person(commune, "Phạm Thị Dung")
    second = export_one(commune, tmp_path / "two").path.read_bytes()
    results = [
        importer.import_bundle(prov.db, [first, second][index], prov.identities) for index in order
    ]
    assert results[0].warnings == []
    assert "có thể đã bị xóa bớt" in results[1].message


def test_a_bundle_of_format_1_without_a_head_is_still_read(tmp_path, prov, commune):
    add_person(commune, "Nguyễn Văn An")
    data = export_one(commune, tmp_path / "usb").path.read_bytes()
    bundle = bundle_reader.verify(prov.db, data)
    old = dataclasses.asdict(bundle.manifest)
    del old["audit_head"]
    old["format_version"] = 1
    raw = json.dumps(old, sort_keys=True, separators=(",", ":")).encode("ascii")
    rebuilt = archive.pack(raw, keys.sign(commune, raw), bundle.encrypted)
    result = importer.import_bundle(prov.db, rebuilt, prov.identities)
    assert result.status == importer.IMPORTED and result.total("new") >= 1
    assert _stored_head(prov.db, bundle.manifest.number) == (None, None)


def test_a_viewer_writes_no_bundle(tmp_path, commune):
    accounts.create_first_admin(commune, "admin", "Trần Văn Hùng", "mat-khau-dai")
    accounts.create_account(commune, "xem", "Phạm Văn Xem", Role.VIEWER, "mat-khau-dai")
    accounts.authenticate(commune, "xem", "mat-khau-dai")
    (tmp_path / "usb").mkdir()
    with pytest.raises(PermissionDenied, match="xuất dữ liệu"):
        export_one(commune, tmp_path / "usb")
    assert list((tmp_path / "usb").iterdir()) == []


def _kinds_since(db, last_id: int) -> list[str]:
    return [
        row[0]
        for row in db.conn.execute("SELECT kind FROM audit WHERE id > ? ORDER BY id", [last_id])
    ]


def _top(db) -> int:
    return (audit.head(db) or (0, ""))[0]


def test_each_sync_service_leaves_exactly_one_audit_entry(tmp_path, prov, commune):
    """Province and commune: register, export, import, ack out and in — one entry each."""
    from desktop.core.sync import ack, register, setup_file

    def one(db, kind, call):
        before = _top(db)
        value = call()
        assert _kinds_since(db, before) == [kind]
        return value

    add_person(commune, "Nguyễn Văn An")
    written = one(commune, "sync.export", lambda: export_one(commune, tmp_path / "usb"))
    before = _top(prov.db)  # a dry run changes nothing, so it leaves nothing either
    importer.import_bundle(prov.db, written.path.read_bytes(), prov.identities, dry_run=True)
    assert _kinds_since(prov.db, before) == []
    one(
        prov.db,
        "sync.import",
        lambda: importer.import_bundle(prov.db, written.path.read_bytes(), prov.identities),
    )
    code = written.path.name.split("_")[0]
    ack_path = one(prov.db, "sync.ack_export", lambda: ack.write_ack(prov.db, code, tmp_path))
    one(commune, "sync.ack_import", lambda: ack.import_ack(commune, ack_path))
    one(commune, "sync.setup", lambda: setup_file.load_setup_file(commune, prov.setup_path))
    fingerprint = keys.fingerprint(keys.signing_public(commune))
    one(prov.db, "sync.register", lambda: register.revoke(prov.db, code, fingerprint))
