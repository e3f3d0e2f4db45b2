"""Conflicts the ack reports, at the commune: both versions side by side and the choice.

The province seals its version of each conflicting row to the commune's enrolled signing key;
"take the province's" writes it through the normal path and goes back as an update, "keep the
commune's" always works, even when the commune lost the key the province sealed to."""

from __future__ import annotations

import pytest

from desktop.core import audit_log, office
from desktop.core.errors import UserError
from desktop.core.sync import ack, conflicts, importer, keys, register

from .conftest import add_person, export_one
from .test_heal import rows_of, unit_of


def _conflict(tmp_path, prov, commune) -> str:
    """A person the province holds at the rev the commune has, with other content: the commune
    restored an old backup (new epoch) and typed the name again differently."""
    uid = add_person(commune, "Đỗ Văn Hải", 1975)
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "a").path.read_bytes(), prov.identities
    )
    commune.conn.execute("UPDATE meta SET value = '2' WHERE key = 'device_epoch'")
    trigger = commune.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'person_rev_must_rise'"
    ).fetchone()[0]
    commune.conn.execute("DROP TRIGGER person_rev_must_rise")
    commune.conn.execute(
        "UPDATE person SET full_name = 'Đỗ Văn Hải B', birth_year = 1976 WHERE uid = ?", [uid]
    )
    commune.conn.execute(trigger)  # the restored file is whole again
    result = importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "b").path.read_bytes(), prov.identities
    )
    assert result.conflicts == [("person", uid)]
    return uid


def _ack(prov, commune, folder):
    folder.mkdir(exist_ok=True)
    return ack.import_ack(commune, ack.write_ack(prov.db, unit_of(commune), folder))


def test_taking_the_provinces_version_ends_with_both_sides_identical(tmp_path, prov, commune):
    uid = _conflict(tmp_path, prov, commune)
    taken = _ack(prov, commune, tmp_path / "acks")
    assert taken.conflicts == [{"table": "person", "uid": uid}]
    (conflict,) = conflicts.listed(commune)
    assert conflict.theirs["full_name"] == "Đỗ Văn Hải" and conflict.unreadable == ""
    shown = {row.label: row for row in conflicts.field_rows(commune, conflict)}
    assert shown["Họ và tên"].ours == "Đỗ Văn Hải B" and shown["Họ và tên"].theirs == "Đỗ Văn Hải"
    assert shown["Năm sinh"].differs and not shown["Giới tính"].differs
    conflicts.take_province(commune, uid)
    name = commune.conn.execute("SELECT full_name, birth_year FROM person WHERE uid = ?", [uid])
    assert tuple(name.fetchone()) == ("Đỗ Văn Hải", 1975)
    assert conflicts.listed(commune) == []  # decided: no longer open
    entries = audit_log.history(commune, uid)
    assert entries[0].kind == "sync.take_province" and "Họ và tên" in entries[0].summary
    result = importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "c").path.read_bytes(), prov.identities
    )
    assert result.tables["person"]["updated"] == 1 and result.conflicts == []
    assert rows_of(prov.db, unit_of(commune)) == rows_of(commune, unit_of(commune))
    assert prov.db.conn.execute("SELECT count(*) FROM sync_conflict").fetchone()[0] == 0
    assert _ack(prov, commune, tmp_path / "acks").conflicts == []
    again = importer.import_bundle(  # and the next bundle brings no conflict either
        prov.db, export_one(commune, tmp_path / "d").path.read_bytes(), prov.identities
    )
    assert again.conflicts == [] and again.total("conflicts") == 0


def test_the_provinces_version_is_sealed_to_the_commune(tmp_path, prov, commune):
    _conflict(tmp_path, prov, commune)
    (tmp_path / "acks").mkdir()
    text = ack.write_ack(prov.db, unit_of(commune), tmp_path / "acks").read_bytes()
    assert b"\\u0110\\u1ed7 V\\u0103n H\\u1ea3i" not in text and "Hải".encode() not in text
    assert b'"version":2' in text and b'"province":"' in text


def test_a_commune_that_lost_its_key_still_keeps_its_own(tmp_path, prov, commune):
    uid = _conflict(tmp_path, prov, commune)
    (tmp_path / "acks").mkdir()
    path = ack.write_ack(prov.db, unit_of(commune), tmp_path / "acks")
    keys.new_signing_key(commune)  # a new PC: the key the province sealed to is gone
    ack.import_ack(commune, path)
    (conflict,) = conflicts.listed(commune)
    assert conflict.theirs is None and "Không mở được bản của tỉnh" in conflict.unreadable
    assert "Vẫn giữ được bản của xã" in conflict.unreadable
    with pytest.raises(UserError, match="Chỉ có thể giữ bản của xã"):
        conflicts.take_province(commune, uid)
    assert conflicts.keep_commune(commune, [uid]) == 1
    code = unit_of(commune)
    public = keys.signing_public(commune)
    register.enrol(prov.db, code, public)
    register.confirm(prov.db, code, keys.fingerprint(public), replace=True)
    importer.import_bundle(
        prov.db, export_one(commune, tmp_path / "c").path.read_bytes(), prov.identities
    )
    held = prov.db.conn.execute("SELECT full_name FROM person WHERE uid = ?", [uid]).fetchone()
    assert held[0] == "Đỗ Văn Hải B"
    assert rows_of(prov.db, code) == rows_of(commune, code)


def test_a_row_edited_after_the_ack_is_no_longer_offered(tmp_path, prov, commune):
    from desktop.core import people

    uid = _conflict(tmp_path, prov, commune)
    _ack(prov, commune, tmp_path / "acks")
    people.update_person(commune, uid, people.PersonInput("Đỗ Văn Hải C", "nam", 1976))
    assert conflicts.listed(commune) == []
    with pytest.raises(UserError, match="không có xung đột nào chờ quyết định"):
        conflicts.take_province(commune, uid)


def test_an_ack_of_the_first_format_is_still_read(tmp_path, prov, commune, monkeypatch):
    uid = _conflict(tmp_path, prov, commune)
    monkeypatch.setattr(ack, "ACK_VERSION", 1)
    monkeypatch.setattr(
        ack, "province_versions", lambda db, unit: [{"table": "person", "uid": uid}]
    )
    taken = _ack(prov, commune, tmp_path / "acks")
    assert taken.conflicts == [{"table": "person", "uid": uid}]
    (conflict,) = conflicts.listed(commune)
    assert conflict.theirs is None and "mẫu cũ" in conflict.unreadable
    assert conflicts.keep_commune(commune) == 1
    assert office.self_unit(commune).code == unit_of(commune)


def _path(db):
    from pathlib import Path

    return Path(db.conn.execute("PRAGMA database_list").fetchone()[2])


def test_the_cli_shows_both_versions_and_takes_the_provinces(tmp_path, prov, commune, capsys):
    from db import open_database
    from desktop.cli import main

    uid = _conflict(tmp_path, prov, commune)
    (tmp_path / "acks").mkdir()
    path = ack.write_ack(prov.db, unit_of(commune), tmp_path / "acks")
    where = _path(commune)
    commune.close()
    assert main(["--db", str(where), "ack", "--load", str(path)]) == 0
    out = capsys.readouterr().out
    assert "≠ Họ và tên: Đỗ Văn Hải B | Đỗ Văn Hải" in out and "--take-province" in out
    assert main(["--db", str(where), "ack", "--take-province", uid]) == 0
    assert "Đã lấy bản của tỉnh cho Đỗ Văn Hải" in capsys.readouterr().out
    assert main(["--db", str(where), "ack", "--take-province", uid]) != 0  # decided already
    assert "không có xung đột nào chờ quyết định" in capsys.readouterr().err
    again = open_database(where)
    try:
        name = again.conn.execute("SELECT full_name FROM person WHERE uid = ?", [uid]).fetchone()
        assert name[0] == "Đỗ Văn Hải"
    finally:
        again.close()


@pytest.mark.gui
def test_the_dialog_offers_only_keeping_when_the_key_is_lost(qtbot, tmp_path, prov, commune):
    from desktop.ui.context import AppContext
    from desktop.ui.dialogs.ack_conflicts import ConflictsDialog

    uid = _conflict(tmp_path, prov, commune)
    (tmp_path / "acks").mkdir()
    path = ack.write_ack(prov.db, unit_of(commune), tmp_path / "acks")
    keys.new_signing_key(commune)
    ack.import_ack(commune, path)
    dialog = ConflictsDialog(AppContext(commune, None))
    qtbot.addWidget(dialog)
    assert not dialog.take_button.isEnabled() and dialog.keep_button.isEnabled()
    assert "Không mở được bản của tỉnh" in dialog.note.text()
    theirs = {dialog.fields_model.row_at(i).theirs for i in range(dialog.fields_model.rowCount())}
    assert theirs == {"?"}
    dialog.keep()
    assert dialog.decided == 1 and conflicts.listed(commune) == []
    rev = commune.conn.execute("SELECT rev FROM person WHERE uid = ?", [uid]).fetchone()[0]
    assert rev == 2


@pytest.mark.parametrize("sealed", ["not base64 at all!", "other-row", "other-table"])
def test_a_sealed_version_that_is_not_this_row_is_refused(tmp_path, prov, commune, sealed):
    """An ack the province signed whose sealed part is garbage, another row, or a row that
    names another table: nothing of it is written; keeping the commune's still works."""
    import base64
    import gzip
    import json

    import pyrage

    from desktop.core.sync import payload

    uid = _conflict(tmp_path, prov, commune)
    other = add_person(commune, "Lý Thị Hoa")
    (tmp_path / "acks").mkdir()
    path = ack.write_ack(prov.db, unit_of(commune), tmp_path / "acks")
    document = json.loads(path.read_bytes().splitlines()[0])
    recipient = keys.ssh_recipient(keys.signing_public(commune))
    if sealed == "not base64 at all!":
        document["conflicts"][0]["province"] = sealed
    else:
        row = payload.fetch_rows(commune, "person", [other if sealed == "other-row" else uid])
        line = payload.row_line("person", next(iter(row.values())))
        if sealed == "other-table":
            line = line.replace(b'"table":"person"', b'"table":"hamlet"')
        blob = pyrage.encrypt(gzip.compress(line), [recipient])
        document["conflicts"][0]["province"] = base64.b64encode(blob).decode("ascii")
    text = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")
    path.write_bytes(text + b"\n" + base64.b64encode(keys.sign(prov.db, text)) + b"\n")
    ack.import_ack(commune, path)
    (conflict,) = conflicts.listed(commune)
    assert conflict.theirs is None and conflict.unreadable
    with pytest.raises(UserError, match="Chỉ có thể giữ bản của xã"):
        conflicts.take_province(commune, uid)
    assert conflicts.keep_commune(commune, [uid]) == 1
