"""A record as its detail dialog reads it: names joined in SQL, and a reference the catalogues
no longer hold (deleted, or a code no catalogue knows) said to be so, never blank."""

from __future__ import annotations

import pytest

from desktop.core import attendance, catalogues, details, outcomes
from desktop.core.errors import NotFound
from desktop.core.outcomes import OutcomeInput

UNKNOWN_HAMLET = "ap-khong-co-trong-danh-muc"


def behind_our_back(db, sql: str, params: list) -> None:
    """A change our code would never make (a row from another office's file, a hand edit):
    foreign keys off, the rev raised so the triggers let it through."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        db.conn.execute(sql, params)
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


def tombstone_hamlet(db, uid: str) -> None:
    behind_our_back(
        db,
        "UPDATE hamlet SET deleted_at = '2026-09-01T00:00:00Z', rev = rev + 1 WHERE uid = ?",
        [uid],
    )


@pytest.fixture
def festival(commune_db, new_event, new_person, indicator_uid):
    """An event in Ấp Tân Hòa, organised by a Vietnamese-named body, with two named people
    and one outcome."""
    tan_hoa, binh_an = commune_db.hamlets
    organiser = catalogues.add_organisation(commune_db, "Chi hội Cựu chiến binh ấp Tân Hòa")
    event = new_event(
        "Ngày hội toàn dân bảo vệ ANTQ ấp Tân Hòa",
        type_code="le_xa",
        hamlet_uid=tan_hoa,
        organiser_uid=organiser,
        level="ap",
    )
    hoa = new_person("Nguyễn Thị Hòa", hamlet_uid=tan_hoa)
    dung = new_person("Đặng Văn Dũng", hamlet_uid=binh_an)
    attendance.add_people(commune_db, event, [hoa, dung], "tham_du")
    outcomes.create_outcome(
        commune_db,
        OutcomeInput(commune_db.campaign_uid, indicator_uid("suat_qua"), 5, 2_500_000, event),
    )
    return {"event": event, "hoa": hoa, "dung": dung, "tan_hoa": tan_hoa, "binh_an": binh_an}


def test_event_detail_joins_every_name(commune_db, festival):
    detail = details.event_detail(commune_db, festival["event"])
    assert detail.data.title == "Ngày hội toàn dân bảo vệ ANTQ ấp Tân Hòa"
    assert detail.event_type.text == "Phần lễ ngày hội cấp xã"
    assert detail.hamlet.text == "Ấp Tân Hòa"
    assert detail.organiser.text == "Chi hội Cựu chiến binh ấp Tân Hòa"
    assert [(p.full_name, p.hamlet_name) for p in detail.participants] == [
        ("Đặng Văn Dũng", "Ấp Bình An"),
        ("Nguyễn Thị Hòa", "Ấp Tân Hòa"),
    ]
    assert [(o.indicator_name, o.quantity, o.unit_label) for o in detail.outcomes] == [
        ("Suất quà", 5, "suất")
    ]
    assert detail.outcome_value == 2_500_000


def test_a_hamlet_renamed_after_the_event_shows_its_new_name(commune_db, festival):
    catalogues.rename(commune_db, "hamlet", festival["tan_hoa"], "Khu phố Tân Hòa Đông")
    detail = details.event_detail(commune_db, festival["event"])
    assert detail.hamlet.text == "Khu phố Tân Hòa Đông"
    assert detail.participants[1].hamlet_name == "Khu phố Tân Hòa Đông"


def test_a_deleted_hamlet_is_named_and_said_to_be_deleted(commune_db, festival):
    tombstone_hamlet(commune_db, festival["tan_hoa"])
    detail = details.event_detail(commune_db, festival["event"])
    assert detail.hamlet.state == "deleted"
    assert detail.hamlet.text == "Ấp Tân Hòa (đã xóa khỏi danh mục)"
    assert detail.participants[1].hamlet_name == "Ấp Tân Hòa (đã xóa khỏi danh mục)"


def test_an_unknown_hamlet_code_is_said_to_be_unknown(commune_db, festival):
    behind_our_back(
        commune_db,
        "UPDATE event SET hamlet_uid = ?, rev = rev + 1 WHERE uid = ?",
        [UNKNOWN_HAMLET, festival["event"]],
    )
    behind_our_back(
        commune_db,
        "UPDATE person SET hamlet_uid = ?, rev = rev + 1 WHERE uid = ?",
        [UNKNOWN_HAMLET, festival["dung"]],
    )
    detail = details.event_detail(commune_db, festival["event"])
    unknown = f"Không rõ (mã “{UNKNOWN_HAMLET}” không có trong danh mục)"
    assert detail.hamlet.state == "unknown"
    assert detail.hamlet.text == unknown
    assert detail.participants[0].hamlet_name == unknown


def test_an_outcome_of_an_unknown_indicator_is_still_listed(commune_db, festival):
    behind_our_back(
        commune_db,
        "UPDATE outcome SET indicator_uid = 'chi-tieu-la', rev = rev + 1 WHERE event_uid = ?",
        [festival["event"]],
    )
    detail = details.event_detail(commune_db, festival["event"])
    assert [o.indicator_name for o in detail.outcomes] == [
        "Không rõ (mã “chi-tieu-la” không có trong danh mục)"
    ]
    assert detail.outcome_value == 2_500_000


def test_no_hamlet_is_no_link(commune_db, new_event):
    detail = details.event_detail(commune_db, new_event("Họp dân"))
    assert (detail.hamlet.state, detail.hamlet.text) == ("none", "")
    assert (detail.organiser.state, detail.organiser.text) == ("none", "")


def test_a_deleted_event_or_person_is_not_found(commune_db, festival):
    with pytest.raises(NotFound):
        details.event_detail(commune_db, "khong-co")
    with pytest.raises(NotFound):
        details.person_detail(commune_db, "khong-co")


def test_person_detail_joins_hamlet_ethnicity_religion_events_and_gifts(
    commune_db, festival, indicator_uid
):
    behind_our_back(
        commune_db,
        "UPDATE person SET ethnicity_code = '02', religion_code = '03', national_id = "
        "'079123456789', rev = rev + 1 WHERE uid = ?",
        [festival["hoa"]],
    )
    outcomes.create_outcome(
        commune_db,
        OutcomeInput(
            commune_db.campaign_uid,
            indicator_uid("suat_qua"),
            1,
            500_000,
            festival["event"],
            recipient="Nguyễn Thị Hòa",
            recipient_kind="ca_nhan",
            recipient_person_uid=festival["hoa"],
        ),
    )
    person = details.person_detail(commune_db, festival["hoa"])
    assert person.full_name == "Nguyễn Thị Hòa"
    assert (person.hamlet.text, person.ethnicity.text, person.religion.text) == (
        "Ấp Tân Hòa",
        "Tày",
        "Phật giáo Hòa Hảo",
    )
    assert [(e.title, e.type_name) for e in person.events] == [
        ("Ngày hội toàn dân bảo vệ ANTQ ấp Tân Hòa", "Phần lễ ngày hội cấp xã")
    ]
    assert [(r.indicator_name, r.value_vnd) for r in person.received] == [("Suất quà", 500_000)]
    assert "079123456789" not in repr(person)  # the national ID is never read


def test_person_detail_says_which_codes_are_unknown(commune_db, festival):
    behind_our_back(
        commune_db,
        "UPDATE person SET ethnicity_code = '99', religion_code = 'X', hamlet_uid = ?, "
        "rev = rev + 1 WHERE uid = ?",
        [UNKNOWN_HAMLET, festival["hoa"]],
    )
    person = details.person_detail(commune_db, festival["hoa"])
    assert person.ethnicity.text == "Không rõ (mã “99” không có trong danh mục)"
    assert person.religion.text == "Không rõ (mã “X” không có trong danh mục)"
    assert person.hamlet.state == "unknown"


def test_an_event_of_an_unknown_type_stays_on_the_persons_list(commune_db, festival):
    behind_our_back(
        commune_db,
        "UPDATE event SET event_type_uid = 'loai-la', rev = rev + 1 WHERE uid = ?",
        [festival["event"]],
    )
    person = details.person_detail(commune_db, festival["dung"])
    assert [e.type_name for e in person.events] == [
        "Không rõ (mã “loai-la” không có trong danh mục)"
    ]
