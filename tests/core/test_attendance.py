"""Who took part in which event: one row per person and event, revived rather than duplicated."""

from __future__ import annotations

import pytest

from desktop.core import attendance, events
from desktop.core.errors import NotFound, ValidationError


def _row(db, uid) -> dict:
    return dict(db.conn.execute("SELECT * FROM attendance WHERE uid = ?", [uid]).fetchone())


def _listed(db, event) -> list[tuple[str, str]]:
    return [(p.full_name, p.role) for p in attendance.participants(db, event)]


def test_add_puts_the_person_on_the_list(commune_db, new_event, new_person):
    event = new_event()
    attendance.add(commune_db, event, new_person("Nguyễn Văn An"), "dai_bieu")
    assert _listed(commune_db, event) == [("Nguyễn Văn An", "dai_bieu")]


def test_adding_twice_keeps_one_row(commune_db, new_event, new_person):
    event, person = new_event(), new_person("Nguyễn Văn An")
    first = attendance.add(commune_db, event, person)
    assert attendance.add(commune_db, event, person) == first
    assert _row(commune_db, first)["rev"] == 1
    assert len(_listed(commune_db, event)) == 1


def test_remove_then_add_again_revives_the_same_row(commune_db, new_event, new_person):
    event, person = new_event(), new_person("Nguyễn Văn An")
    uid = attendance.add(commune_db, event, person)
    attendance.remove(commune_db, event, person)
    assert _listed(commune_db, event) == []
    assert _row(commune_db, uid)["deleted_at"] is not None
    assert attendance.add(commune_db, event, person, "bieu_dien") == uid
    revived = _row(commune_db, uid)
    assert (revived["deleted_at"], revived["role"], revived["rev"]) == (None, "bieu_dien", 3)
    total = commune_db.conn.execute("SELECT COUNT(*) FROM attendance").fetchone()[0]
    assert total == 1


def test_revival_is_logged_for_sync(commune_db, new_event, new_person):
    event, person = new_event(), new_person("Nguyễn Văn An")
    uid = attendance.add(commune_db, event, person)
    attendance.remove(commune_db, event, person)
    attendance.add(commune_db, event, person)
    ops = [
        r[0]
        for r in commune_db.conn.execute(
            "SELECT op FROM change_log WHERE uid = ? ORDER BY seq", [uid]
        )
    ]
    assert ops == ["I", "D", "U"]


def test_adding_with_another_role_changes_the_role(commune_db, new_event, new_person):
    event, person = new_event(), new_person("Nguyễn Văn An")
    uid = attendance.add(commune_db, event, person)
    attendance.add(commune_db, event, person, "duoc_khen")
    assert _listed(commune_db, event) == [("Nguyễn Văn An", "duoc_khen")]
    assert _row(commune_db, uid)["rev"] == 2


def test_participants_are_ordered_by_given_name(commune_db, new_event, new_person):
    event = new_event()
    for name in ("Trần Văn Bình", "Đỗ Thị Dung", "Nguyễn Thị An", "Lê Văn Đức"):
        attendance.add(commune_db, event, new_person(name))
    names = [name for name, _ in _listed(commune_db, event)]
    assert names == ["Nguyễn Thị An", "Trần Văn Bình", "Đỗ Thị Dung", "Lê Văn Đức"]


def test_unknown_role_is_refused(commune_db, new_event, new_person):
    event = new_event()
    with pytest.raises(ValidationError) as raised:
        attendance.add(commune_db, event, new_person("Nguyễn Văn An"), "khan_gia")
    assert raised.value.fields == {"role": "Vai trò không hợp lệ."}
    assert _listed(commune_db, event) == []


def test_deleted_event_takes_no_participants(commune_db, new_event, new_person):
    event = new_event()
    events.delete_event(commune_db, event)
    with pytest.raises(NotFound):
        attendance.add(commune_db, event, new_person("Nguyễn Văn An"))


def test_roles_come_from_the_catalogue():
    codes = [code for code, _ in attendance.roles()]
    assert {"khach_moi", "dai_bieu", "bieu_dien", "duoc_khen", "to_chuc", "tham_du"} == set(codes)


def _audit_entries(db) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_thirty_people_are_added_and_removed_as_one_action_each(commune_db, new_event, new_person):
    event = new_event()
    people = [new_person(f"Nguyễn Văn Số {n}") for n in range(30)]
    before = _audit_entries(commune_db)
    attendance.add_people(commune_db, event, people, "tham_du")
    assert len(_listed(commune_db, event)) == 30
    assert _audit_entries(commune_db) == before + 1
    subject = commune_db.conn.execute("SELECT subject FROM audit ORDER BY id DESC").fetchone()[0]
    assert subject.startswith("30 người — ")
    attendance.remove_people(commune_db, event, people[:12])
    assert len(_listed(commune_db, event)) == 18
    assert _audit_entries(commune_db) == before + 2


def test_one_bad_person_leaves_the_whole_batch_out(commune_db, new_event, new_person):
    event = new_event()
    people = [new_person(f"Lê Thị Số {n}") for n in range(5)] + ["không-có-người-này"]
    before = _audit_entries(commune_db)
    with pytest.raises(NotFound):
        attendance.add_people(commune_db, event, people)
    assert _listed(commune_db, event) == []
    assert _audit_entries(commune_db) == before
