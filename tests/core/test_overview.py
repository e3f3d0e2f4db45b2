"""The overview: the campaign's key figures and participants per month."""

from __future__ import annotations

from desktop.core import attendance, catalogues, events, outcomes, overview
from desktop.core.outcomes import OutcomeInput


def _figures(db) -> overview.KeyFigures:
    return overview.key_figures(db, db.campaign_uid)


def test_empty_campaign_has_zero_figures(commune_db):
    figures = _figures(commune_db)
    assert (figures.events_held, figures.participants, figures.gifts_value) == (0, 0, 0)


def test_counts_held_planned_and_cancelled_events(commune_db, new_event):
    new_event(status="held")
    new_event(status="held")
    new_event(status="planned")
    cancelled = new_event(status="planned")
    events.cancel_event(commune_db, cancelled)
    events.delete_event(commune_db, new_event(status="held"))
    figures = _figures(commune_db)
    assert (figures.events_held, figures.events_planned, figures.events_cancelled) == (2, 1, 1)


def test_a_festival_counts_once_per_organising_unit(commune_db, new_event):
    """Ceremony on 19/8 and games on 18/8 (and a make-up day) are one commune festival."""
    tan_hoa, binh_an = commune_db.hamlets
    school = catalogues.add_organisation(commune_db, "Trường THCS Mỹ Hòa Hưng")
    company = catalogues.add_organisation(commune_db, "Công ty TNHH Thủy sản An Giang")
    new_event("Phần lễ cấp xã", "le_xa", status="held", start_date="2026-08-19")
    new_event("Phần hội cấp xã", "hoi_xa", status="held", start_date="2026-08-18")
    new_event("Phần hội cấp xã bù", "hoi_xa", status="held", start_date="2026-08-20")
    new_event("Phần lễ ấp Tân Hòa", "le_ap", level="ap", hamlet_uid=tan_hoa, status="held")
    new_event("Phần hội ấp Tân Hòa", "hoi_ap", level="ap", hamlet_uid=tan_hoa, status="held")
    new_event("Phần lễ ấp Bình An", "le_ap", level="ap", hamlet_uid=binh_an, status="planned")
    new_event(
        "Ngày hội trường",
        "ngay_hoi_truong_hoc",
        level="truong_hoc",
        organiser_uid=school,
        status="held",
    )
    new_event(
        "Ngày hội công ty",
        "ngay_hoi_co_quan",
        level="co_quan",
        organiser_uid=company,
        status="held",
        start_date="2026-08-10",
    )
    new_event(
        "Ngày hội công ty (hội thao)",
        "ngay_hoi_co_quan",
        level="co_quan",
        organiser_uid=company,
        status="held",
        start_date="2026-08-11",
    )
    new_event("Tuyên truyền", "tuyen_truyen", status="held")
    figures = _figures(commune_db)
    assert (
        figures.festivals_commune,
        figures.festivals_hamlet,
        figures.festivals_agency,
        figures.festivals_school,
    ) == (1, 1, 1, 1)


def test_participants_take_the_larger_of_head_count_and_named(commune_db, new_event, new_person):
    counted = new_event("Phần lễ", "le_xa", status="held", count_total=300)
    named = new_event("Họp dân", status="held", count_total=1)
    planned = new_event("Sắp tới", status="planned", count_total=500)
    people = [new_person(name) for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    for person in people:
        attendance.add(commune_db, counted, person)
        attendance.add(commune_db, named, person)
        attendance.add(commune_db, planned, person)
    figures = _figures(commune_db)
    assert figures.participants == 300 + 3
    assert figures.people_named == 3


def test_commendations_gifts_and_values_add_up(commune_db, indicator_uid, new_event):
    def record(code, quantity, value=0, **fields):
        data = OutcomeInput(commune_db.campaign_uid, indicator_uid(code), quantity, value, **fields)
        return outcomes.create_outcome(commune_db, data)

    record("bang_khen", 2, recipient_kind="tap_the", issuer_level="tinh")
    record("giay_khen", 5, recipient_kind="ca_nhan", issuer_level="xa")
    record("suat_qua", 20, 10_000_000)
    record("suat_qua", 15, 25_000_000)
    record("mo_hinh", 1)
    record("kinh_phi_xa_hoi_hoa", 1, 50_000_000)
    gone = record("suat_qua", 100, 1_000_000)
    outcomes.delete_outcome(commune_db, gone)
    figures = _figures(commune_db)
    assert figures.commendations == 7
    assert (figures.gifts, figures.gifts_value) == (35, 35_000_000)
    assert figures.models == 1
    assert figures.funds_value == 50_000_000


def test_participants_per_month_covers_every_month_with_zeros(commune_db, new_event, new_person):
    new_event(start_date="2026-03-10", status="held", count_total=40)
    new_event(start_date="2026-03-25", status="held", count_total=10)
    august = new_event("Ngày hội", "le_xa", start_date="2026-08-19", status="held")
    attendance.add(commune_db, august, new_person("Nguyễn Văn An"))
    new_event(start_date="2026-05-01", status="planned", count_total=999)
    months = overview.participants_per_month(commune_db, commune_db.campaign_uid)
    assert [month for month, _ in months] == [f"2026-{m:02d}" for m in range(1, 13)]
    by_month = dict(months)
    assert (by_month["2026-03"], by_month["2026-08"], by_month["2026-05"]) == (50, 1, 0)
    assert sum(by_month.values()) == _figures(commune_db).participants


def test_per_month_of_an_unknown_campaign_is_empty(commune_db):
    assert overview.participants_per_month(commune_db, "no-such-campaign") == []
