"""Outcomes: validation against the campaign's catalogue, lists, totals and VND formatting."""

from __future__ import annotations

import pytest

from desktop.core import campaigns, events, outcomes
from desktop.core.errors import ValidationError
from desktop.core.outcomes import OutcomeFilter, OutcomeInput


@pytest.fixture
def record(commune_db, indicator_uid):
    """Record an outcome of the commune's campaign against an indicator code."""

    def make(code: str, **fields) -> str:
        data = OutcomeInput(commune_db.campaign_uid, indicator_uid(code), **fields)
        return outcomes.create_outcome(commune_db, data)

    return make


def _errors(db, data: OutcomeInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        outcomes.create_outcome(db, data)
    return raised.value.fields


def test_commendation_needs_recipient_kind_and_issuer_level(commune_db, indicator_uid):
    errors = _errors(commune_db, OutcomeInput(commune_db.campaign_uid, indicator_uid("bang_khen")))
    assert errors == {
        "recipient_kind": "Khen thưởng cần ghi rõ tập thể hay cá nhân.",
        "issuer_level": "Khen thưởng cần ghi rõ cấp khen.",
    }


def test_complete_commendation_is_recorded(commune_db, record):
    uid = record("bang_khen", recipient="Ấp Tân Hòa", recipient_kind="tap_the", issuer_level="tinh")
    assert outcomes.get_outcome(commune_db, uid).issuer_level == "tinh"


def test_gift_needs_no_recipient_kind(commune_db, record):
    record("suat_qua", quantity=20, value_vnd=10_000_000)
    assert outcomes.count_outcomes(commune_db, OutcomeFilter()) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": -1}, "quantity"),
        ({"value_vnd": -500}, "value_vnd"),
        ({"value_vnd": 1.5}, "value_vnd"),
        ({"recipient_kind": "ho_gia_dinh"}, "recipient_kind"),
        ({"issuer_level": "huyen"}, "issuer_level"),
    ],
)
def test_invalid_values_are_refused(commune_db, indicator_uid, fields, field):
    data = OutcomeInput(commune_db.campaign_uid, indicator_uid("suat_qua"), **fields)
    assert field in _errors(commune_db, data)


def test_event_of_another_campaign_is_refused(commune_db, indicator_uid, type_uid):
    other = campaigns.create_from_template(commune_db, 2027)
    other_type = next(
        row["uid"]
        for row in commune_db.conn.execute(
            "SELECT uid FROM event_type WHERE campaign_uid = ? AND code = 'tuyen_truyen'", [other]
        )
    )
    event = events.create_event(
        commune_db, events.EventInput(other, other_type, "Tuyên truyền 2027", "2027-03-01")
    )
    data = OutcomeInput(commune_db.campaign_uid, indicator_uid("tin_bai"), event_uid=event)
    assert _errors(commune_db, data) == {"event_uid": "Sự kiện không thuộc kế hoạch này."}


def test_indicator_of_another_campaign_is_refused(commune_db, indicator_uid):
    other = campaigns.create_from_template(commune_db, 2027)
    data = OutcomeInput(other, indicator_uid("tin_bai"))
    assert "indicator_uid" in _errors(commune_db, data)


def test_totals_by_indicator_add_up_quantity_and_value(commune_db, record):
    record("suat_qua", quantity=20, value_vnd=10_000_000)
    record("suat_qua", quantity=15, value_vnd=25_000_000)
    record("tin_bai", quantity=3)
    gone = record("tin_bai", quantity=100)
    outcomes.delete_outcome(commune_db, gone)
    totals = {t.code: t for t in outcomes.totals_by_indicator(commune_db, OutcomeFilter())}
    assert set(totals) == {"suat_qua", "tin_bai"}
    assert (totals["suat_qua"].entries, totals["suat_qua"].quantity) == (2, 35)
    assert totals["suat_qua"].value_vnd == 35_000_000
    assert (totals["tin_bai"].entries, totals["tin_bai"].quantity) == (1, 3)


def test_totals_follow_the_filter(commune_db, record):
    record("suat_qua", quantity=20)
    record("tin_bai", quantity=3)
    totals = outcomes.totals_by_indicator(commune_db, OutcomeFilter(category="gift"))
    assert [(t.code, t.quantity) for t in totals] == [("suat_qua", 20)]


def test_list_filters_by_event_and_searches_recipient_and_event_title(
    commune_db, record, new_event
):
    event = new_event("Thăm hỏi gia đình chính sách", "tham_hoi_tang_qua")
    at_event = record("suat_qua", quantity=5, event_uid=event)
    to_person = record(
        "giay_khen", recipient="Đặng Văn Hùng", recipient_kind="ca_nhan", issuer_level="xa"
    )

    def uids(**flt) -> list[str]:
        return [row.uid for row in outcomes.list_outcomes(commune_db, OutcomeFilter(**flt))]

    assert uids(event_uid=event) == [at_event]
    assert uids(text="dang hung") == [to_person]
    assert uids(text="gia dinh chinh sach") == [at_event]
    assert uids(category="commendation") == [to_person]
    assert sorted(uids()) == sorted([at_event, to_person])


def test_list_row_shows_the_event(commune_db, record, new_event):
    event = new_event("Thăm hỏi", "tham_hoi_tang_qua", start_date="2026-07-27")
    record("suat_qua", quantity=5, event_uid=event)
    (row,) = outcomes.list_outcomes(commune_db, OutcomeFilter())
    assert (row.indicator_name, row.event_title, row.event_date) == (
        "Suất quà",
        "Thăm hỏi",
        "2026-07-27",
    )


def test_update_and_delete(commune_db, record, indicator_uid):
    uid = record("suat_qua", quantity=5)
    outcomes.update_outcome(
        commune_db, uid, OutcomeInput(commune_db.campaign_uid, indicator_uid("suat_qua"), 7)
    )
    assert outcomes.get_outcome(commune_db, uid).quantity == 7
    outcomes.delete_outcome(commune_db, uid)
    assert outcomes.count_outcomes(commune_db, OutcomeFilter()) == 0
