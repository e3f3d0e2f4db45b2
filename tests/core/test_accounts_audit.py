"""Accounts, roles and the audit trail, as an officer and an auditor would notice them."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

import argon2
import pytest

from desktop.core import (
    accounts,
    attendance,
    audit,
    campaigns,
    catalogues,
    events,
    office,
    outcomes,
    people,
    records,
    session,
)
from desktop.core.reports import settings as report_settings
from desktop.core.session import NotSignedIn, PermissionDenied, Role

PASSWORD = "mat-khau-dai"


@pytest.fixture
def office_db(commune_db):
    """The commune with an administrator, an officer and a viewer; nobody signed in."""
    accounts.create_first_admin(commune_db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(commune_db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.create_account(commune_db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    accounts.sign_out(commune_db)
    return commune_db


def _event_input(db, title="Họp dân ấp Tân Hòa") -> events.EventInput:
    types = catalogues.event_types(db, db.campaign_uid)
    return events.EventInput(db.campaign_uid, types[0].uid, title, "2026-03-01")


def _entries(db) -> list[dict]:
    return [dict(row) for row in db.conn.execute("SELECT * FROM audit ORDER BY id")]


# -- sessions and roles ------------------------------------------------------------------------


def test_a_new_database_is_in_set_up_mode_until_the_first_account(commune_db):
    assert session.current(commune_db) is session.SETUP_ACTOR
    events.create_event(commune_db, _event_input(commune_db))  # no one to sign in yet
    assert _entries(commune_db)[-1]["actor"] == ""


def test_after_the_first_account_writes_need_someone_signed_in(office_db):
    with pytest.raises(NotSignedIn, match="Cần đăng nhập"):
        events.create_event(office_db, _event_input(office_db))


def test_the_first_account_must_be_an_administrator(commune_db):
    with pytest.raises(Exception, match="quản trị viên"):
        accounts.create_account(commune_db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)


def _sign_in(db, username):
    return accounts.authenticate(db, username, PASSWORD)


def _writes(db) -> dict[str, callable]:
    """One call per kind of permission, each a real service a menu or the CLI calls."""
    return {
        "event": lambda: events.create_event(db, _event_input(db)),
        "person": lambda: people.create_person(db, people.PersonInput("Nguyễn Văn An")),
        "hamlet": lambda: catalogues.add_hamlet(db, "Ấp Mới"),
        "account": lambda: accounts.create_account(db, "moi", "Người Mới", Role.VIEWER, PASSWORD),
        "campaign": lambda: campaigns.create_from_template(db, 2027),
    }


ALLOWED = {
    "admin": {"event", "person", "hamlet", "account", "campaign"},
    "mai": {"event", "person"},
    "xem": set(),
}


@pytest.mark.parametrize("username", sorted(ALLOWED))
def test_each_role_is_refused_what_it_may_not_do(office_db, username):
    _sign_in(office_db, username)
    for name, write in _writes(office_db).items():
        before = len(_entries(office_db))
        if name in ALLOWED[username]:
            write()
            assert len(_entries(office_db)) == before + 1, name
        else:
            with pytest.raises(PermissionDenied, match="không có quyền"):
                write()
            assert len(_entries(office_db)) == before, name


def test_a_list_import_by_an_officer_may_add_the_hamlets_it_names(office_db):
    """The role is checked for the user's action, not for each step inside it."""
    _sign_in(office_db, "mai")
    with audit.action(office_db, session.Permission.IMPORT, "list.import"):
        catalogues.add_hamlet(office_db, "Ấp Từ Danh Sách")
    assert "Ấp Từ Danh Sách" in [h.name for h in catalogues.hamlets(office_db)]


# -- the audit trail -----------------------------------------------------------------------------


def _every_writing_service(db) -> list[tuple[str, callable]]:
    event = events.create_event(db, _event_input(db, "Sự kiện gốc"))
    person = people.create_person(db, people.PersonInput("Trần Thị Bình"))
    indicator = catalogues.indicators(db, db.campaign_uid)[0].uid
    outcome = outcomes.create_outcome(
        db, outcomes.OutcomeInput(db.campaign_uid, indicator, recipient="Trần Thị Bình")
    )
    hamlet = db.hamlets[0]
    return [
        ("event.create", lambda: events.create_event(db, _event_input(db))),
        ("event.edit", lambda: events.update_event(db, event, _event_input(db, "Đổi tên"))),
        ("event.cancel", lambda: events.cancel_event(db, event)),
        ("person.create", lambda: people.create_person(db, people.PersonInput("Lê Văn Cường"))),
        ("person.edit", lambda: people.update_person(db, person, people.PersonInput("Trần Bình"))),
        ("attendance.add", lambda: attendance.add(db, event, person)),
        ("attendance.remove", lambda: attendance.remove(db, event, person)),
        ("attendance.add", lambda: attendance.add(db, event, person, "duoc_khen")),
        (
            "outcome.create",
            lambda: outcomes.create_outcome(
                db, outcomes.OutcomeInput(db.campaign_uid, indicator, recipient="Ấp Tân Hòa")
            ),
        ),
        (
            "outcome.edit",
            lambda: outcomes.update_outcome(
                db, outcome, outcomes.OutcomeInput(db.campaign_uid, indicator, quantity=2)
            ),
        ),
        ("outcome.delete", lambda: outcomes.delete_outcome(db, outcome)),
        ("catalogue.save", lambda: catalogues.add_hamlet(db, "Ấp Mới")),
        ("catalogue.save", lambda: catalogues.rename(db, "hamlet", hamlet, "Ấp Tân Hòa Mới")),
        ("catalogue.save", lambda: catalogues.set_active(db, "hamlet", hamlet, False)),
        ("catalogue.save", lambda: catalogues.add_organisation(db, "Hội Người cao tuổi")),
        ("catalogue.save", lambda: catalogues.add_event_type(db, db.campaign_uid, "Loại mới")),
        (
            "catalogue.save",
            lambda: catalogues.add_indicator(
                db, db.campaign_uid, "Chỉ tiêu mới", "other", "việc", False
            ),
        ),
        ("campaign.save", lambda: campaigns.create_from_template(db, 2027)),
        ("office.officers", lambda: office.update_officers(db, "Ông Hùng", "Bà Mai", "0909")),
        (
            "office.settings",
            lambda: report_settings.save_narrative(
                db, "results", db.campaign_uid, "2026", "Đánh giá chung"
            ),
        ),
        (
            "account.create",
            lambda: accounts.create_account(db, "moi", "Người Mới", Role.VIEWER, PASSWORD),
        ),
        ("account.reset", lambda: accounts.reset_password(db, "moi", "tam-thoi-123")),
        ("account.unlock", lambda: accounts.unlock(db, "moi")),
        ("account.edit", lambda: accounts.update_account(db, "moi", "Người Mới", "officer", True)),
        ("office.settings", lambda: accounts.set_idle_lock_minutes(db, 15)),
        ("event.delete", lambda: events.delete_event(db, event)),
        ("person.delete", lambda: people.delete_person(db, person)),
    ]


def test_every_service_that_writes_leaves_exactly_one_audit_entry(office_db):
    _sign_in(office_db, "admin")
    for kind, call in _every_writing_service(office_db):
        before = len(_entries(office_db))
        call()
        new = _entries(office_db)[before:]
        assert [(entry["kind"], entry["actor"]) for entry in new] == [(kind, "admin")]
    assert audit.verify(office_db) == []


def test_an_edit_keeps_the_values_before_and_after(office_db):
    _sign_in(office_db, "mai")
    uid = people.create_person(office_db, people.PersonInput("Nguyễn Văn An", birth_year=1980))
    people.update_person(office_db, uid, people.PersonInput("Nguyễn Văn An", birth_year=1981))
    change = office_db.conn.execute(
        "SELECT c.op, c.before, c.after FROM audit_change c JOIN audit a ON a.id = c.entry_id "
        "WHERE c.uid = ? AND a.kind = 'person.edit'",
        [uid],
    ).fetchone()
    assert change["op"] == "edit"
    assert '"birth_year":1980' in change["before"] and '"birth_year":1981' in change["after"]
    assert "full_name" not in change["after"]  # only what changed


def test_deleting_an_event_records_its_attendance_going_too(office_db):
    _sign_in(office_db, "mai")
    event = events.create_event(office_db, _event_input(office_db))
    person = people.create_person(office_db, people.PersonInput("Nguyễn Văn An"))
    attendance.add(office_db, event, person)
    events.delete_event(office_db, event)
    ops = office_db.conn.execute(
        "SELECT c.table_name, c.op FROM audit_change c JOIN audit a ON a.id = c.entry_id "
        "WHERE a.kind = 'event.delete' ORDER BY c.position"
    ).fetchall()
    assert [tuple(row) for row in ops] == [("event", "delete"), ("attendance", "delete")]


def test_a_failed_service_leaves_no_entry(office_db):
    _sign_in(office_db, "mai")
    before = len(_entries(office_db))
    with pytest.raises(Exception, match="Không tìm thấy"):
        events.update_event(office_db, "no-such-uid", _event_input(office_db))
    assert len(_entries(office_db)) == before


def test_writing_a_record_outside_an_action_is_refused(commune_db):
    with pytest.raises(audit.WriteOutsideAction):
        records.insert(commune_db, "hamlet", {"name": "Ấp Lén", "search_key": "ap len"})


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit SET actor = 'ai-do'", "DELETE FROM audit", "DELETE FROM audit_change"],
)
def test_the_audit_tables_are_append_only(office_db, statement):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        office_db.conn.execute(statement)


def _tamper(db, sql: str) -> None:
    """What someone editing the file outside the program could do."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    db.conn.execute("DROP TRIGGER audit_no_update")
    db.conn.execute("DROP TRIGGER audit_no_delete")
    db.conn.execute("DROP TRIGGER audit_change_no_update")
    db.conn.execute(sql)


def test_an_edited_entry_is_detected(office_db):
    _sign_in(office_db, "mai")
    events.create_event(office_db, _event_input(office_db))
    target = _entries(office_db)[-1]["id"]
    _tamper(office_db, f"UPDATE audit SET actor = 'admin' WHERE id = {target}")
    problems = audit.verify(office_db)
    assert [p.entry_id for p in problems] == [target]
    assert "bị sửa" in problems[0].message


def test_an_edited_before_value_is_detected(office_db):
    _sign_in(office_db, "mai")
    uid = people.create_person(office_db, people.PersonInput("Nguyễn Văn An"))
    people.update_person(office_db, uid, people.PersonInput("Nguyễn Văn Ân"))
    _tamper(office_db, "UPDATE audit_change SET before = '{}' WHERE op = 'edit'")
    assert audit.verify(office_db)


def test_a_removed_entry_is_detected(office_db):
    _sign_in(office_db, "mai")
    for title in ("Một", "Hai", "Ba"):
        events.create_event(office_db, _event_input(office_db, title))
    middle = _entries(office_db)[-2]["id"]
    _tamper(office_db, f"DELETE FROM audit WHERE id = {middle}")
    problems = audit.verify(office_db)
    assert problems and problems[0].entry_id == middle + 1
    assert "mất" in problems[0].message


def test_the_head_moves_with_every_entry(office_db):
    first = audit.head(office_db)
    _sign_in(office_db, "mai")
    second = audit.head(office_db)
    assert first and second and second[0] > first[0] and second[1] != first[1]


# -- passwords and sign-in -----------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes_only(office_db):
    stored = office_db.conn.execute("SELECT password_hash FROM account").fetchall()
    assert all(row[0].startswith("$argon2id$") for row in stored)
    dump = "\n".join(office_db.conn.iterdump())
    assert PASSWORD not in dump


def test_a_wrong_password_is_refused_and_audited_under_the_claimed_name(office_db):
    _sign_in(office_db, "admin")
    accounts.sign_out(office_db)
    with pytest.raises(accounts.LoginRefused, match="không đúng"):
        accounts.authenticate(office_db, "mai", "sai-mat-khau")
    last = _entries(office_db)[-1]
    assert (last["kind"], last["actor"]) == ("login.failed", "mai")
    assert session.current(office_db) is None


def test_an_outcome_entry_names_the_indicator(office_db):
    _sign_in(office_db, "mai")
    indicator = catalogues.indicators(office_db, office_db.campaign_uid)[0]
    outcomes.create_outcome(office_db, outcomes.OutcomeInput(office_db.campaign_uid, indicator.uid))
    assert _entries(office_db)[-1]["subject"] == indicator.name


def test_an_unknown_name_gets_the_same_answer(office_db):
    with pytest.raises(accounts.LoginRefused, match="Tên đăng nhập hoặc mật khẩu không đúng"):
        accounts.authenticate(office_db, "khong-co", PASSWORD)


def test_waits_grow_after_repeated_failures_and_cap_at_five_minutes():
    assert [accounts.delay_after(n) for n in range(1, 10)] == [0, 0, 5, 10, 20, 40, 80, 160, 300]
    assert accounts.delay_after(40) == 300


def _fail(db, times: int) -> None:
    for _ in range(times):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db, "mai", "sai-mat-khau")


def test_after_three_failures_even_the_right_password_must_wait(office_db):
    _fail(office_db, 3)
    with pytest.raises(accounts.LoginRefused, match="đợi 5 giây"):
        accounts.authenticate(office_db, "mai", PASSWORD)
    assert accounts.get(office_db, "mai").wait_seconds == 5


def test_an_administrator_lifts_the_wait(office_db):
    _fail(office_db, 3)
    _sign_in(office_db, "admin")
    accounts.unlock(office_db, "mai")
    assert _sign_in(office_db, "mai").username == "mai"


def _fail_five_times(db) -> None:
    """Five wrong passwords in a row, the last just now (the waits in between passed)."""
    _fail(db, 3)
    db.conn.execute("UPDATE account SET failed_count = 5 WHERE username = 'mai'")


def _seconds_pass(monkeypatch, seconds: float) -> None:
    """Time passes on the machine's monotonic clock (the wall clock is left alone)."""
    later = time.monotonic() + seconds
    monkeypatch.setattr(accounts, "_monotonic", lambda: later)


def test_the_wait_ends_by_itself(office_db, monkeypatch):
    _fail(office_db, 3)
    _seconds_pass(monkeypatch, 6)
    assert _sign_in(office_db, "mai").username == "mai"


@pytest.mark.parametrize("shift", [dt.timedelta(days=-300), dt.timedelta(days=2)])
def test_setting_the_clock_back_or_forward_does_not_clear_the_wait(office_db, monkeypatch, shift):
    """Reproduces: a clock set back (or forward) ended a growing wait at once."""
    _fail_five_times(office_db)  # 20 seconds to wait
    moved = dt.datetime.now(dt.UTC) + shift
    monkeypatch.setattr(accounts, "_now", lambda: moved)
    assert 15 <= accounts.get(office_db, "mai").wait_seconds <= 20
    with pytest.raises(accounts.LoginRefused, match="đợi"):
        _sign_in(office_db, "mai")
    _seconds_pass(monkeypatch, 21)
    assert _sign_in(office_db, "mai").username == "mai"


def test_after_a_restart_a_clock_set_back_does_not_clear_the_wait(office_db, monkeypatch):
    """The monotonic clock starts again at a restart: the wall clock is used, never negative."""
    _fail_five_times(office_db)
    monkeypatch.setattr(accounts, "_monotonic", lambda: 0.0)  # the PC was restarted
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(days=300)
    monkeypatch.setattr(accounts, "_now", lambda: earlier)
    assert accounts.get(office_db, "mai").wait_seconds >= 15


def test_an_unknown_name_gets_the_same_waits_as_a_real_one(office_db):
    """Reproduces: from the fourth try only real accounts saw a wait, telling which names exist."""
    messages = {}
    for name in ("mai", "khong.co.ai"):
        seen = []
        for _ in range(5):
            try:
                accounts.authenticate(office_db, name, "sai-mat-khau")
            except accounts.LoginRefused as refused:
                seen.append(str(refused))
        messages[name] = seen
    assert messages["mai"] == messages["khong.co.ai"]
    assert "đợi" in messages["khong.co.ai"][-1]


def test_one_user_cannot_lock_another_out_for_good(office_db, monkeypatch):
    _fail(office_db, 3)
    for _ in range(20):  # attempts during the wait are refused without counting
        with pytest.raises(accounts.LoginRefused, match="đợi"):
            accounts.authenticate(office_db, "mai", "sai-mat-khau")
    assert accounts.get(office_db, "mai").failed_count == 3


def test_a_disabled_account_cannot_sign_in(office_db):
    _sign_in(office_db, "admin")
    accounts.update_account(office_db, "mai", "Lê Thị Mai", "officer", active=False)
    with pytest.raises(accounts.LoginRefused, match="đã bị khóa"):
        _sign_in(office_db, "mai")


def test_the_last_administrator_cannot_be_demoted_or_disabled(office_db):
    _sign_in(office_db, "admin")
    with pytest.raises(Exception, match="ít nhất một quản trị viên"):
        accounts.update_account(office_db, "admin", "Trần Văn Hùng", "officer", True)
    with pytest.raises(Exception, match="tự khóa"):  # the only one is the one signed in
        accounts.update_account(office_db, "admin", "Trần Văn Hùng", "admin", False)


def test_changing_a_password_needs_the_old_one(office_db):
    _sign_in(office_db, "mai")
    with pytest.raises(Exception, match="hiện tại không đúng"):
        accounts.change_password(office_db, "sai", "mat-khau-moi-1")
    accounts.change_password(office_db, PASSWORD, "mat-khau-moi-1")
    accounts.sign_out(office_db)
    assert accounts.authenticate(office_db, "mai", "mat-khau-moi-1").username == "mai"


def test_a_reset_password_must_be_changed_at_next_sign_in(office_db):
    _sign_in(office_db, "admin")
    accounts.reset_password(office_db, "mai", "tam-thoi-123")
    assert accounts.get(office_db, "mai").must_change_password
    accounts.authenticate(office_db, "mai", "tam-thoi-123")
    accounts.change_password(office_db, "tam-thoi-123", "mat-khau-rieng")
    assert not accounts.get(office_db, "mai").must_change_password


@pytest.mark.parametrize(
    ("password", "message"),
    [("ngan", "ít nhất 8"), ("x" * 300, "quá dài"), ("MaiLe.01", None)],
)
def test_password_rules(password, message):
    if message is None:
        accounts.check_password(password, "mai")
    else:
        with pytest.raises(Exception, match=message):
            accounts.check_password(password, "mai")


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_sign_in(office_db, monkeypatch):
    old = office_db.conn.execute("SELECT password_hash FROM account WHERE username = 'mai'")
    old = old.fetchone()[0]
    monkeypatch.setattr(
        accounts,
        "_hasher",
        lambda: argon2.PasswordHasher(time_cost=2, memory_cost=128, parallelism=1),
    )
    _sign_in(office_db, "mai")
    new = office_db.conn.execute("SELECT password_hash FROM account WHERE username = 'mai'")
    new = new.fetchone()[0]
    assert new != old and "m=128,t=2" in new


def test_usernames_are_checked_and_case_insensitive(office_db):
    _sign_in(office_db, "admin")
    with pytest.raises(Exception, match="Tên đăng nhập dài"):
        accounts.create_account(office_db, "Lê Mai", "Lê Mai", Role.VIEWER, PASSWORD)
    with pytest.raises(Exception, match="Đã có tài khoản"):
        accounts.create_account(office_db, "MAI", "Lê Mai", Role.VIEWER, PASSWORD)
    assert accounts.authenticate(office_db, "Mai", PASSWORD).username == "mai"


def test_an_administrator_editing_their_own_account_goes_on_as_edited(office_db):
    _sign_in(office_db, "admin")
    accounts.create_account(office_db, "admin2", "Quản Trị Hai", Role.ADMIN, PASSWORD)
    accounts.update_account(office_db, "admin", "Trần Văn Hùng", "officer", True)
    assert session.current(office_db).role == Role.OFFICER
    with pytest.raises(PermissionDenied):
        accounts.unlock(office_db, "mai")


def test_nobody_disables_the_account_they_are_using(office_db):
    _sign_in(office_db, "admin")
    accounts.create_account(office_db, "admin2", "Quản Trị Hai", Role.ADMIN, PASSWORD)
    with pytest.raises(Exception, match="tự khóa"):
        accounts.update_account(office_db, "admin", "Trần Văn Hùng", "admin", False)


def test_entries_cut_off_the_end_are_found_once_the_trail_goes_on(office_db):
    _sign_in(office_db, "mai")
    for title in ("Một", "Hai", "Ba"):
        events.create_event(office_db, _event_input(office_db, title))
    cut = _entries(office_db)[-2]["id"]
    _tamper(office_db, f"DELETE FROM audit WHERE id >= {cut}")
    assert audit.verify(office_db) == []  # a shorter trail is still a valid chain…
    events.create_event(office_db, _event_input(office_db, "Bốn"))
    problems = audit.verify(office_db)  # …but its next entry's number shows the hole
    assert [p.message for p in problems] == [
        f"Nhật ký bị mất các mục từ số {cut} đến số {cut + 1}."
    ]


def test_accounts_list_in_vietnamese_order_of_given_names(office_db):
    from desktop.core import account_list

    _sign_in(office_db, "admin")
    names = [
        row.display_name
        for row in account_list.list_accounts(office_db, "display_name", False, 0, 10)
    ]
    assert names == ["Trần Văn Hùng", "Lê Thị Mai", "Phạm Văn Xem"]  # Hùng < Mai < Xem
