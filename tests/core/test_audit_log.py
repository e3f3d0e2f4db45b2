"""Reading the audit trail as an administrator does: filters, pages, entries, record histories."""

from __future__ import annotations

import time

import pytest
from openpyxl import load_workbook

from desktop.core import accounts, attendance, audit_log, catalogues, events, people
from desktop.core.audit_log import MASK, AuditFilter
from desktop.core.session import PermissionDenied, Role

PASSWORD = "mat-khau-dai"


@pytest.fixture
def office_db(commune_db):
    """The commune with an administrator, an officer and a viewer; the officer signed in."""
    accounts.create_first_admin(commune_db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(commune_db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.create_account(commune_db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    accounts.sign_out(commune_db)
    accounts.authenticate(commune_db, "mai", PASSWORD)
    return commune_db


def _sign_in(db, username: str) -> None:
    accounts.sign_out(db)
    accounts.authenticate(db, username, PASSWORD)


def _event(db, title="Họp dân ấp Tân Hòa", start="2026-03-01", **fields) -> str:
    types = catalogues.event_types(db, db.campaign_uid)
    return events.create_event(
        db, events.EventInput(db.campaign_uid, types[0].uid, title, start, **fields)
    )


def _all(db, chosen: AuditFilter | None = None, **paging):
    return audit_log.list_entries(db, chosen or AuditFilter(), **paging)


# -- the list ------------------------------------------------------------------------------------


def test_the_list_is_newest_first_and_pages_through_every_entry(office_db):
    for number in range(5):
        _event(office_db, f"Sự kiện số {number}")
    _sign_in(office_db, "admin")
    total = audit_log.count_entries(office_db, AuditFilter())
    first = _all(office_db, limit=3)
    rest = _all(office_db, offset=3, limit=1000)
    ids = [row.id for row in first + rest]
    assert len(ids) == total and ids == sorted(ids, reverse=True)
    assert first[0].kind == "login" and first[0].actor == "admin"


def test_filters_by_person_and_kind(office_db):
    _event(office_db, "Họp dân ấp Tân Hòa")
    _sign_in(office_db, "admin")
    catalogues.add_hamlet(office_db, "Ấp Mới")
    by_mai = _all(office_db, AuditFilter(actor="mai"))
    assert {row.kind for row in by_mai} == {"login", "event.create", "logout"}
    assert by_mai[0].actor_text == "Lê Thị Mai (mai)"
    created = _all(office_db, AuditFilter(kind="event.create"))
    assert [(row.actor, row.subject) for row in created] == [("mai", "Họp dân ấp Tân Hòa")]
    assert created[0].kind_text == "Thêm sự kiện"
    setup = _all(office_db, AuditFilter(actor=""))  # before any account existed
    assert setup and all(row.actor_text.startswith("(khi thiết lập") for row in setup)


def test_search_ignores_diacritics_and_case(office_db):
    _event(office_db, "Họp dân ấp Tân Hòa")
    _event(office_db, "Tuyên truyền ở trường")
    _sign_in(office_db, "admin")
    found = _all(office_db, AuditFilter(text="HOP dan tan hoa"))
    assert [row.subject for row in found] == ["Họp dân ấp Tân Hòa"]
    assert audit_log.count_entries(office_db, AuditFilter(text="tan hoa truyen")) == 0


def test_local_dates_become_utc_bounds(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        assert audit_log.local_day_start_utc("2026-03-01") == "2026-02-28T17:00:00+00:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_filters_by_local_date(office_db):
    _sign_in(office_db, "admin")
    today = _all(office_db, limit=1)[0].time_text[-10:]  # HH:MM dd/mm/yyyy, local time
    iso = "-".join(reversed(today.split("/")))
    everything = audit_log.count_entries(office_db, AuditFilter())
    assert audit_log.count_entries(office_db, AuditFilter(date_from=iso, date_to=iso)) == everything
    assert audit_log.count_entries(office_db, AuditFilter(date_to="2020-01-01")) == 0
    assert audit_log.count_entries(office_db, AuditFilter(date_from="2099-01-01")) == 0


def test_the_filter_choices_list_people_and_kinds_in_use(office_db):
    _event(office_db)
    _sign_in(office_db, "admin")
    assert ("mai", "Lê Thị Mai (mai)") in audit_log.actors(office_db)
    accounts.sign_out(office_db)
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(office_db, "ai-do", PASSWORD)
    _sign_in(office_db, "admin")
    (failed,) = _all(office_db, AuditFilter(kind="login.failed"))
    assert failed.actor_text == "ai-do" and failed.subject == "ai-do"  # the name claimed
    kinds = dict(audit_log.kinds(office_db))
    assert kinds["event.create"] == "Thêm sự kiện" and "person.delete" not in kinds


# -- one entry -----------------------------------------------------------------------------------


def test_an_entry_shows_each_changed_field_before_and_after(office_db):
    uid = _event(office_db, "Họp dân", "2026-03-01")
    hamlet = office_db.hamlets[0]
    types = catalogues.event_types(office_db, office_db.campaign_uid)
    events.update_event(
        office_db,
        uid,
        events.EventInput(
            office_db.campaign_uid, types[0].uid, "Họp dân ấp", "2026-03-02", hamlet_uid=hamlet
        ),
    )
    _sign_in(office_db, "admin")
    entry = _all(office_db, AuditFilter(kind="event.edit"))[0]
    detail = audit_log.entry_detail(office_db, entry.id)
    (change,) = detail.changes
    assert (change.table_label, change.op_label, change.name) == ("Sự kiện", "sửa", "Họp dân ấp")
    fields = {field.label: (field.before, field.after) for field in change.fields}
    assert fields["Tên"] == ("Họp dân", "Họp dân ấp")
    assert fields["Ngày bắt đầu"] == ("01/03/2026", "02/03/2026")
    assert fields["Ấp, khu phố"] == ("", "Ấp Tân Hòa")  # a reference shows by its name
    assert not {"search_key", "rev", "updated_at"} & {field.key for field in change.fields}


def test_an_entry_without_records_shows_what_it_noted(office_db):
    _sign_in(office_db, "admin")
    accounts.update_account(office_db, "mai", "Lê Thị Mai", "viewer", True)
    entry = _all(office_db, AuditFilter(kind="account.edit"))[0]
    notes = audit_log.entry_detail(office_db, entry.id).notes
    assert ("role", "officer", "viewer") in [(n.key, n.before, n.after) for n in notes]


# -- a record's history --------------------------------------------------------------------------


def test_an_events_history_has_its_edits_and_the_people_added(office_db):
    event = _event(office_db, "Họp dân")
    person = people.create_person(office_db, people.PersonInput("Nguyễn Văn Ân"))
    attendance.add(office_db, event, person)
    attendance.add(office_db, event, person, "duoc_khen")
    types = catalogues.event_types(office_db, office_db.campaign_uid)
    events.update_event(
        office_db,
        event,
        events.EventInput(office_db.campaign_uid, types[0].uid, "Họp dân ấp", "2026-03-01"),
    )
    _event(office_db, "Một sự kiện khác")
    rows = audit_log.history(office_db, event)
    assert [row.kind for row in rows] == [
        "event.edit",
        "attendance.add",
        "attendance.add",
        "event.create",
    ]
    assert rows[0].summary == "Tên: Họp dân → Họp dân ấp"
    assert "Nguyễn Văn Ân" in rows[1].summary and "Được khen thưởng" in rows[1].summary
    assert rows[2].summary == "Thêm người tham gia sự kiện: Nguyễn Văn Ân"
    assert all(row.actor_text == "Lê Thị Mai (mai)" for row in rows)


def test_a_records_history_is_found_by_index_not_by_reading_every_attendance_row(office_db):
    """On a commune of 200,000 attendance rows a scan costs ~150 ms per record opened, cold."""
    plan = office_db.conn.execute(f"EXPLAIN QUERY PLAN {audit_log.HISTORY_SQL}", {"uid": "x"})
    details = [row[3] for row in plan]
    assert not [step for step in details if step.startswith("SCAN")], details
    assert "SEARCH attendance USING INDEX attendance_event (event_uid=?)" in details


def test_a_persons_history_masks_the_national_id(office_db):
    uid = people.create_person(office_db, people.PersonInput("Nguyễn Văn Ân"))
    people.update_person(
        office_db, uid, people.PersonInput("Nguyễn Văn Ân", national_id="012345678901")
    )
    (edit, create) = audit_log.history(office_db, uid)
    assert edit.summary == f"Số định danh cá nhân: — → {MASK}"
    assert "012345678901" not in edit.summary and create.kind == "person.create"


def test_a_viewer_sees_a_records_history_but_not_the_trail(office_db):
    uid = _event(office_db)
    _sign_in(office_db, "xem")
    assert [row.kind for row in audit_log.history(office_db, uid)] == ["event.create"]
    for read in (
        lambda: audit_log.count_entries(office_db, AuditFilter()),
        lambda: audit_log.list_entries(office_db, AuditFilter()),
        lambda: audit_log.entry_detail(office_db, 1),
        lambda: audit_log.actors(office_db),
        lambda: audit_log.kinds(office_db),
    ):
        with pytest.raises(PermissionDenied, match="xem nhật ký"):
            read()


def test_an_officer_may_not_read_the_trail(office_db):
    with pytest.raises(PermissionDenied):
        audit_log.list_entries(office_db, AuditFilter())


# -- export --------------------------------------------------------------------------------------


def test_the_export_writes_the_filtered_trail_and_is_itself_audited(office_db, tmp_path):
    _event(office_db, "Họp dân ấp Tân Hòa")
    _sign_in(office_db, "admin")
    path = tmp_path / "nhat-ky.xlsx"
    count = audit_log.export_xlsx(office_db, AuditFilter(actor="mai"), path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Số", "Thời gian", "Người thực hiện", "Thao tác", "Đối tượng")
    assert count == len(rows) - 1 == 3  # signed in, added the event, signed out
    assert rows[2][3:5] == ("Thêm sự kiện", "Họp dân ấp Tân Hòa")
    last = _all(office_db, limit=1)[0]
    assert (last.kind, last.actor, last.subject) == ("excel.export", "admin", "Nhật ký thay đổi")


def test_the_export_needs_the_audit_right(office_db, tmp_path):
    with pytest.raises(PermissionDenied):
        audit_log.export_xlsx(office_db, AuditFilter(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
