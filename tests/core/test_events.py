"""The events register: validation, writes, tombstones, filters, sorting and paging."""

from __future__ import annotations

import pytest

from desktop.core import attendance, events, outcomes
from desktop.core.errors import NotFound, ValidationError
from desktop.core.events import EventFilter, EventInput


def _input(db, type_uid, **fields) -> EventInput:
    values = {"title": "Tuyên truyền ở ấp", "start_date": "2026-03-10", **fields}
    return EventInput(db.campaign_uid, type_uid("tuyen_truyen"), **values)


def _field_errors(db, data) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        events.create_event(db, data)
    return raised.value.fields


def _uids(db, flt=None, **kwargs) -> list[str]:
    return [row.uid for row in events.list_events(db, flt or EventFilter(), **kwargs)]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "Hãy nhập tên sự kiện."),
        ({"end_date": "2026-03-09"}, "end_date", "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"start_date": "2026-02-30"}, "start_date", "Ngày bắt đầu không hợp lệ."),
        ({"start_date": "10/3/2026"}, "start_date", "Ngày bắt đầu không hợp lệ."),
        ({"count_total": -1}, "count_total", "Tổng số người phải là số nguyên từ 0 trở lên."),
        ({"count_women": -3}, "count_women", "Số phụ nữ phải là số nguyên từ 0 trở lên."),
        (
            {"count_total": 10, "count_youth": 11},
            "count_youth",
            "Số thanh niên (11) không được lớn hơn tổng số (10).",
        ),
        ({"level": "ap"}, "hamlet_uid", "Sự kiện cấp ấp, khu phố cần chọn ấp, khu phố."),
        ({"status": "done"}, "status", "Trạng thái không hợp lệ."),
    ],
)
def test_invalid_event_is_refused_with_the_fields_message(
    commune_db, type_uid, fields, field, message
):
    errors = _field_errors(commune_db, _input(commune_db, type_uid, **fields))
    assert errors[field] == message
    assert events.count_events(commune_db, EventFilter()) == 0


def test_event_type_of_another_campaign_is_refused(commune_db, type_uid):
    from desktop.core import campaigns

    other = campaigns.create_from_template(commune_db, 2027)
    data = EventInput(other, type_uid("tuyen_truyen"), "Họp dân", "2027-03-01")
    assert "event_type_uid" in _field_errors(commune_db, data)


def test_create_cleans_text_and_defaults_end_to_start(commune_db, type_uid):
    uid = events.create_event(commune_db, _input(commune_db, type_uid, title="  Họp   dân  "))
    saved = events.get_event(commune_db, uid)
    assert saved.title == "Họp dân"
    assert saved.end_date == saved.start_date == "2026-03-10"


def test_update_changes_the_event_and_raises_rev(commune_db, type_uid):
    uid = events.create_event(commune_db, _input(commune_db, type_uid))
    events.update_event(
        commune_db, uid, _input(commune_db, type_uid, title="Đổi tên", count_total=80)
    )
    saved = events.get_event(commune_db, uid)
    assert (saved.title, saved.count_total) == ("Đổi tên", 80)
    assert _rev(commune_db, "event", uid) == 2


def test_cancel_keeps_the_event_listed_as_cancelled(commune_db, type_uid):
    uid = events.create_event(commune_db, _input(commune_db, type_uid))
    events.cancel_event(commune_db, uid)
    assert events.get_event(commune_db, uid).status == "cancelled"
    assert _uids(commune_db, EventFilter(status="cancelled")) == [uid]


def _rev(db, table, uid) -> int:
    return db.conn.execute(f"SELECT rev FROM {table} WHERE uid = ?", [uid]).fetchone()[0]


def test_delete_tombstones_the_event_with_its_attendance_and_outcomes(
    commune_db, type_uid, new_person, indicator_uid
):
    uid = events.create_event(commune_db, _input(commune_db, type_uid))
    attendance.add(commune_db, uid, new_person("Nguyễn Văn An"))
    outcomes.create_outcome(
        commune_db,
        outcomes.OutcomeInput(commune_db.campaign_uid, indicator_uid("tin_bai"), event_uid=uid),
    )
    events.delete_event(commune_db, uid)
    assert _uids(commune_db) == []
    with pytest.raises(NotFound):
        events.get_event(commune_db, uid)
    for table, column in (("event", "uid"), ("attendance", "event_uid"), ("outcome", "event_uid")):
        rows = commune_db.conn.execute(
            f"SELECT deleted_at, rev FROM {table} WHERE {column} = ?", [uid]
        ).fetchall()
        assert len(rows) == 1, table  # kept, so the deletion can travel
        assert rows[0]["deleted_at"] is not None and rows[0]["rev"] == 2, table


def test_deleted_event_cannot_be_edited(commune_db, type_uid):
    uid = events.create_event(commune_db, _input(commune_db, type_uid))
    events.delete_event(commune_db, uid)
    with pytest.raises(NotFound):
        events.update_event(commune_db, uid, _input(commune_db, type_uid))


def test_filters_by_campaign_type_status_and_hamlet(commune_db, new_event):
    from desktop.core import campaigns

    hamlet = commune_db.hamlets[0]
    in_hamlet = new_event("Phần lễ ấp", "le_ap", level="ap", hamlet_uid=hamlet, status="held")
    propaganda = new_event("Tuyên truyền", "tuyen_truyen")
    other = campaigns.create_from_template(commune_db, 2027)
    assert set(_uids(commune_db, EventFilter(campaign_uid=commune_db.campaign_uid))) == {
        in_hamlet,
        propaganda,
    }
    assert _uids(commune_db, EventFilter(campaign_uid=other)) == []
    type_of = events.get_event(commune_db, propaganda).event_type_uid
    assert _uids(commune_db, EventFilter(event_type_uid=type_of)) == [propaganda]
    assert _uids(commune_db, EventFilter(status="held")) == [in_hamlet]
    assert _uids(commune_db, EventFilter(hamlet_uid=hamlet)) == [in_hamlet]
    assert _uids(commune_db, EventFilter(hamlet_uid=commune_db.hamlets[1])) == []


@pytest.mark.parametrize(
    ("date_from", "date_to", "found"),
    [
        ("2026-03-04", "2026-03-20", True),  # overlaps the end
        ("2026-02-01", "2026-03-01", True),  # overlaps the start
        ("2026-03-02", "2026-03-03", True),  # inside
        ("2026-03-06", None, False),  # after it
        (None, "2026-02-28", False),  # before it
    ],
)
def test_date_range_filter_finds_events_that_overlap(
    commune_db, new_event, date_from, date_to, found
):
    uid = new_event(start_date="2026-03-01", end_date="2026-03-05")
    flt = EventFilter(date_from=date_from, date_to=date_to)
    assert _uids(commune_db, flt) == ([uid] if found else [])


def test_search_without_diacritics_finds_the_event(commune_db, new_event):
    festival = new_event(
        "Ngày hội toàn dân bảo vệ ANTQ ấp Tân Hòa",
        "le_ap",
        level="ap",
        hamlet_uid=commune_db.hamlets[0],
    )
    new_event("Họp dân")
    assert _uids(commune_db, EventFilter(text="ngay hoi")) == [festival]
    assert _uids(commune_db, EventFilter(text="TAN HOA antq")) == [festival]
    assert _uids(commune_db, EventFilter(text="ngay hop")) == []


def test_search_finds_the_place_too(commune_db, new_event):
    uid = new_event("Tuyên truyền", place="Nhà văn hóa ấp Bình An")
    assert _uids(commune_db, EventFilter(text="nha van hoa")) == [uid]


def test_search_treats_percent_literally(commune_db, new_event):
    new_event("Họp dân")
    assert _uids(commune_db, EventFilter(text="%")) == []


def test_sorting_by_date_and_title(commune_db, new_event):
    march = new_event("Bầu chọn", start_date="2026-03-01")
    may = new_event("Ấp văn hóa", start_date="2026-05-01")
    april = new_event("Chào mừng", start_date="2026-04-01")
    assert _uids(commune_db) == [may, april, march]  # newest first by default
    assert _uids(commune_db, sort="start_date", descending=False) == [march, april, may]
    assert _uids(commune_db, sort="title", descending=False) == [may, march, april]


def test_unknown_sort_key_falls_back_instead_of_reaching_sql(commune_db, new_event):
    uid = new_event()
    assert _uids(commune_db, sort="title; DROP TABLE event") == [uid]


def test_pages_cover_every_event_once_and_match_the_count(commune_db, new_event):
    made = [new_event(f"Sự kiện {n}", start_date=f"2026-03-{n % 3 + 1:02d}") for n in range(7)]
    pages = [_uids(commune_db, offset=offset, limit=3) for offset in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert sorted(uid for page in pages for uid in page) == sorted(made)
    assert events.count_events(commune_db, EventFilter()) == 7


def test_count_matches_filtered_list(commune_db, new_event):
    for n in range(4):
        new_event(f"Ngày hội {n}" if n % 2 else f"Họp dân {n}")
    flt = EventFilter(text="ngay hoi")
    assert events.count_events(commune_db, flt) == len(_uids(commune_db, flt)) == 2


def test_list_row_counts_named_participants_and_outcomes(
    commune_db, new_event, new_person, indicator_uid
):
    uid = new_event(count_total=40)
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        attendance.add(commune_db, uid, new_person(name))
    outcomes.create_outcome(
        commune_db,
        outcomes.OutcomeInput(commune_db.campaign_uid, indicator_uid("tin_bai"), event_uid=uid),
    )
    (row,) = events.list_events(commune_db, EventFilter())
    assert (row.count_total, row.named_count, row.outcome_count) == (40, 2, 1)
