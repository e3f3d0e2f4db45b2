"""Look-alike letters and control characters between a commune and the province, across the
version that folds them: the province folds what an older commune sends, and the rows a
commune repairs arrive once, as ordinary updates, never as conflicts."""

from __future__ import annotations

import json

from db import transaction
from desktop.core import audit, people, records, textrepair
from desktop.core.session import Permission
from desktop.core.sync import ack, bundle_reader, importer, merge, payload
from desktop.core.text import person_sort_key
from tests.core.test_textrepair import old_search_key

from .conftest import export_one, forge, row_body

DANG = "Ðặng Văn\x07 Ðức"
FOLDED = "Đặng Văn Đức"


def _found(db, text: str) -> list[str]:
    return [p.full_name for p in people.list_people(db, people.PersonFilter(text=text))]


def _old_person(commune, name: str = DANG) -> str:
    """A person as the previous version stored it: the name as typed, its key unfolded."""
    with audit.action(commune, Permission.EDIT_RECORDS, "person.create", name):
        return records.insert(
            commune,
            "person",
            {"full_name": name, "search_key": old_search_key(name), "sort_key": "", "notes": ""},
        )


def test_a_province_stores_what_an_older_commune_sends_folded(prov, commune):
    uid = people.create_person(commune, people.PersonInput(FOLDED, "nam", 1975))
    body = row_body(commune, "person", uid, full_name=DANG, search_key=old_search_key(DANG))
    data = forge(commune, body, counts={"person": {"rows": 1, "tombstones": 0}})
    result = importer.import_bundle(prov.db, data, prov.identities)
    assert result.tables["person"]["new"] == 1 and not result.conflicts
    stored = prov.db.conn.execute(
        "SELECT full_name, search_key, sort_key FROM person WHERE uid = ?", [uid]
    ).fetchone()
    assert tuple(stored) == (FOLDED, "dang van duc", person_sort_key(FOLDED))
    assert _found(prov.db, "dang") == [FOLDED]


def test_the_same_row_sent_again_at_its_rev_is_unchanged_not_a_conflict(prov, commune, tmp_path):
    """The province's previous version stored the commune's row as sent ("Ð"); the commune,
    still on its old version, sends it again at the same rev: folded on both sides, equal."""
    uid = _old_person(commune)
    with transaction(prov.db):
        merge.insert_row(prov.db, "person", payload.fetch_rows(commune, "person", [uid])[uid])
    data = export_one(commune, tmp_path / "usb", period="2026-08").path.read_bytes()
    result = importer.import_bundle(prov.db, data, prov.identities)
    assert result.tables["person"] == {**result.tables["person"], "unchanged": 1, "conflicts": 0}
    assert not result.conflicts


def _payload_rows(prov, data: bytes) -> list[tuple[str, str]]:
    verified = bundle_reader.verify(prov.db, data)
    plain = bundle_reader.decrypt(verified, prov.identities).decode("utf-8").splitlines()
    documents = [json.loads(line) for line in plain[1:]]
    return [(d["table"], d["row"]["uid"]) for d in documents if d["kind"] == "row"]


def test_rows_a_commune_repairs_reach_the_province_once_as_updates(prov, commune, tmp_path):
    dang, other = _old_person(commune), _old_person(commune, "Lê\x0bThị Ðào")
    first = export_one(commune, tmp_path / "b1", period="2026-08").path.read_bytes()
    importer.import_bundle(prov.db, first, prov.identities)
    code = commune.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
    ack.import_ack(commune, ack.write_ack(prov.db, code, tmp_path / "b1"))

    repair = textrepair.repair_stored_text(commune)  # the commune opens this version
    assert repair.repaired == {"person": 2}
    second = export_one(commune, tmp_path / "b2", period="2026-09").path.read_bytes()
    assert sorted(_payload_rows(prov, second)) == sorted([("person", dang), ("person", other)])
    result = importer.import_bundle(prov.db, second, prov.identities)
    assert result.tables == {"person": {**result.tables["person"], "updated": 2, "conflicts": 0}}
    assert not result.conflicts
    assert sorted(_found(prov.db, "dao")) == ["Lê Thị Đào"]
    assert _found(prov.db, "dang van duc") == [FOLDED]
    again = importer.import_bundle(prov.db, second, prov.identities)
    assert again.total("updated") == 0 and not again.conflicts
    assert textrepair.repair_stored_text(commune).repaired == {}


def test_the_province_repairs_its_own_rows_and_leaves_the_communes_to_them(prov, commune):
    """A commune's row is the commune's to change (its next edit would collide with a rev the
    province raised): the province keeps it as received until the commune's repair arrives."""
    theirs = _old_person(commune)
    with transaction(prov.db):
        merge.insert_row(prov.db, "person", payload.fetch_rows(commune, "person", [theirs])[theirs])
    ours = _old_person(prov.db, "Ðỗ Văn\x07 Tỉnh")
    repair = textrepair.repair_stored_text(prov.db)
    assert repair.repaired == {"person": 1}
    assert "gửi lên tỉnh" not in (repair.message() or "x gửi lên tỉnh")
    names = dict(prov.db.conn.execute("SELECT uid, full_name FROM person").fetchall())
    assert names == {theirs: DANG, ours: "Đỗ Văn Tỉnh"}
