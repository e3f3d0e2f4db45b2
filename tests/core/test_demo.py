"""The demo commune: plausible, complete, deterministic, and written the way the services write."""

from __future__ import annotations

import datetime as dt

import pytest

from db import open_database
from desktop.core import attendance, demo, office, people
from desktop.core.errors import ValidationError
from desktop.core.events import GROUP_COUNTS
from desktop.core.people import PersonFilter
from desktop.core.storage import health
from desktop.core.text import person_sort_key, search_key

YEAR = 2026
TODAY = dt.date(YEAR, 9, 1)


def _make(seed: int = 2026, **kwargs):
    database = open_database(":memory:")
    kwargs.setdefault("year", YEAR)
    kwargs.setdefault("today", TODAY)
    return database, demo.create_demo_commune(database, seed=seed, **kwargs)


@pytest.fixture(scope="module")
def demo_db():
    database, campaign_uid = _make()
    database.campaign_uid = campaign_uid
    yield database
    database.close()


def _scalar(db, sql: str, *params):
    return db.conn.execute(sql, params).fetchone()[0]


def _events(db):
    return [
        dict(row)
        for row in db.conn.execute(
            "SELECT e.*, t.code AS type_code, (SELECT COUNT(*) FROM attendance a "
            "WHERE a.event_uid = e.uid) AS named FROM event e "
            "JOIN event_type t ON t.uid = e.event_type_uid"
        )
    ]


def test_the_office_and_its_campaign_are_set_up(demo_db):
    unit = office.self_unit(demo_db)
    assert unit.parent_code == "91"
    assert unit.officer_name and unit.head_name
    assert _scalar(demo_db, "SELECT start_date FROM campaign WHERE uid = ?", demo_db.campaign_uid)[
        :4
    ] == str(YEAR)


def test_it_has_8_to_12_hamlets_and_1500_people(demo_db):
    assert 8 <= _scalar(demo_db, "SELECT COUNT(*) FROM hamlet") <= 12
    assert _scalar(demo_db, "SELECT COUNT(*) FROM person") == 1500
    assert _scalar(demo_db, "SELECT COUNT(*) FROM person WHERE hamlet_uid IS NULL") == 0


def test_people_look_like_a_mekong_delta_commune(demo_db):
    ethnic = dict(demo_db.conn.execute("SELECT ethnicity_code, COUNT(*) FROM person GROUP BY 1"))
    assert ethnic["01"] > 1200 and ethnic.get("05", 0) > 0 and ethnic.get("04", 0) > 0
    religions = dict(demo_db.conn.execute("SELECT religion_code, COUNT(*) FROM person GROUP BY 1"))
    assert {"00", "01", "02", "03", "05"} <= set(religions)
    years = demo_db.conn.execute("SELECT MIN(birth_year), MAX(birth_year) FROM person").fetchone()
    assert years[0] >= 1945 and years[1] <= 2010
    women_names = [
        r[0] for r in demo_db.conn.execute("SELECT full_name FROM person WHERE gender = 'nu'")
    ]
    assert sum(" Thị " in name for name in women_names) > 50
    assert (
        _scalar(
            demo_db, "SELECT COUNT(*) FROM person WHERE full_name LIKE '% Thị %' AND gender = 'nam'"
        )
        == 0
    )


def test_people_rows_are_what_the_service_writes(demo_db):
    for row in demo_db.conn.execute("SELECT * FROM person LIMIT 50"):
        assert row["rev"] == 1 and row["unit_code"] == office.self_unit(demo_db).code
        assert row["search_key"] == search_key(row["full_name"])
        assert row["sort_key"] == person_sort_key(row["full_name"])
        data = people.get_person(demo_db, row["uid"])
        assert people.validate(data, today=TODAY) == data


def test_no_person_would_be_flagged_as_a_duplicate(demo_db):
    assert (
        _scalar(
            demo_db,
            "SELECT COUNT(*) FROM (SELECT 1 FROM person "
            "GROUP BY search_key, birth_year, hamlet_uid HAVING COUNT(*) > 1)",
        )
        == 0
    )


def test_search_without_diacritics_finds_demo_people(demo_db):
    found = people.list_people(demo_db, PersonFilter(text="nguyen van"))
    keys = [search_key(row.full_name) for row in found]
    assert len(found) > 20 and all("nguyen" in key and "van" in key for key in keys)
    assert any(row.full_name.startswith("Nguyễn Văn ") for row in found)


def test_about_60_events_peak_at_the_festival(demo_db):
    rows = _events(demo_db)
    assert len(rows) == 60
    festival = f"{YEAR}-08-19"
    on_the_day = {r["type_code"] for r in rows if r["start_date"] == festival}
    assert {"le_xa", "hoi_xa"} <= on_the_day
    hamlet_days = [r["start_date"] for r in rows if r["type_code"] in ("le_ap", "hoi_ap")]
    assert hamlet_days and all(f"{YEAR}-07-20" <= day < festival for day in hamlet_days)
    months = [r["start_date"][5:7] for r in rows]
    assert max(set(months), key=months.count) in ("07", "08")
    assert len(set(months)) >= 8  # propaganda through the year
    codes = {r["type_code"] for r in rows}
    assert {"tuyen_truyen", "khen_thuong", "ra_mat_mo_hinh", "ky_cam_ket", "so_ket"} <= codes


def test_statuses_follow_today(demo_db):
    for row in _events(demo_db):
        if row["end_date"] >= TODAY.isoformat():
            assert row["status"] == "planned"
        else:
            assert row["status"] in ("held", "cancelled")
    statuses = [r["status"] for r in _events(demo_db)]
    assert statuses.count("held") > statuses.count("cancelled") >= 1


def test_head_counts_are_plausible(demo_db):
    for row in _events(demo_db):
        for column in GROUP_COUNTS:
            assert 0 <= row[column] <= row["count_total"]
        if row["status"] == "held":
            assert row["count_total"] >= row["named"] > 0
        if row["status"] == "cancelled":
            assert row["named"] == 0


def test_attendance_has_valid_roles_and_no_double_entries(demo_db):
    roles = {code for code, _ in attendance.roles()}
    used = {r[0] for r in demo_db.conn.execute("SELECT DISTINCT role FROM attendance")}
    assert used <= roles and {"to_chuc", "tham_du", "duoc_khen", "dai_bieu"} <= used
    assert _scalar(demo_db, "SELECT COUNT(*) FROM attendance") > 1000


def test_outcomes_cover_the_indicators_the_province_asks_for(demo_db):
    categories = {
        r[0]
        for r in demo_db.conn.execute(
            "SELECT DISTINCT i.category FROM outcome o JOIN indicator i ON i.uid = o.indicator_uid"
        )
    }
    wanted = {"media", "commendation", "gift", "model", "work", "pledge", "tip", "funds"}
    assert wanted <= categories


def test_commendations_and_gifts_are_recorded_properly(demo_db):
    awards = demo_db.conn.execute(
        "SELECT o.* FROM outcome o JOIN indicator i ON i.uid = o.indicator_uid "
        "WHERE i.category = 'commendation'"
    ).fetchall()
    assert awards and all(
        a["recipient_kind"] and a["issuer_level"] and a["recipient"] for a in awards
    )
    honorees = {
        r[0]
        for r in demo_db.conn.execute(
            "SELECT p.full_name FROM attendance a JOIN person p ON p.uid = a.person_uid "
            "WHERE a.role = 'duoc_khen'"
        )
    }
    individual = [a["recipient"] for a in awards if a["recipient_kind"] == "ca_nhan"]
    assert set(individual) <= honorees
    gifts = demo_db.conn.execute(
        "SELECT o.quantity, o.value_vnd FROM outcome o JOIN indicator i ON i.uid = o.indicator_uid "
        "WHERE i.code = 'suat_qua'"
    ).fetchall()
    assert gifts
    for quantity, value in gifts:
        assert value / quantity in (300_000, 500_000, 1_000_000)


def test_only_held_events_have_outcomes(demo_db):
    assert (
        _scalar(
            demo_db,
            "SELECT COUNT(*) FROM outcome o JOIN event e ON e.uid = o.event_uid "
            "WHERE e.status <> 'held'",
        )
        == 0
    )


def test_every_row_is_in_the_change_log(demo_db):
    report = health.check(demo_db)
    assert report.ok, report
    assert report.rows_checked > 3000


def test_the_same_seed_gives_the_same_commune():
    def content(db):
        return (
            db.conn.execute(
                "SELECT full_name, birth_year, phone FROM person ORDER BY id"
            ).fetchall(),
            db.conn.execute(
                "SELECT title, start_date, count_total FROM event ORDER BY id"
            ).fetchall(),
            db.conn.execute("SELECT COUNT(*), SUM(value_vnd) FROM outcome").fetchall(),
            db.conn.execute("SELECT COUNT(*) FROM attendance").fetchall(),
        )

    first, second, other = _make(7)[0], _make(7)[0], _make(8)[0]
    as_tuples = lambda db: [[tuple(r) for r in part] for part in content(db)]  # noqa: E731
    assert as_tuples(first) == as_tuples(second)
    assert as_tuples(first) != as_tuples(other)


def test_a_future_year_is_all_planned_and_a_past_year_all_done():
    future, _ = _make(year=YEAR + 1)
    assert {r[0] for r in future.conn.execute("SELECT DISTINCT status FROM event")} == {"planned"}
    assert _scalar(future, "SELECT COUNT(*) FROM outcome") == 0
    past, _ = _make(year=YEAR - 1)
    assert _scalar(past, "SELECT COUNT(*) FROM event WHERE status = 'planned'") == 0


def test_it_refuses_a_database_already_set_up_and_writes_nothing(demo_db):
    before = _scalar(demo_db, "SELECT COUNT(*) FROM change_log")
    with pytest.raises(ValidationError):
        demo.create_demo_commune(demo_db, year=YEAR, today=TODAY)
    assert _scalar(demo_db, "SELECT COUNT(*) FROM change_log") == before


def test_a_bad_commune_code_is_refused():
    database = open_database(":memory:")
    with pytest.raises(ValidationError):
        demo.create_demo_commune(database, commune_code="00000", today=TODAY)
    assert not office.is_set_up(database)


def test_the_large_generator_hits_its_attendance_target():
    database = open_database(":memory:")
    summary = demo.generate_large_commune(
        database, people=3000, events=200, attendance=9000, seed=1, today=TODAY
    )
    assert (summary.people, summary.events, summary.attendance) == (3000, 200, 9000)
    assert _scalar(database, "SELECT COUNT(*) FROM attendance") == 9000
    assert _scalar(database, "SELECT COUNT(*) FROM event WHERE status = 'planned'") == 0
    for row in _events(database):
        assert row["named"] <= row["count_total"] or row["status"] != "held"
        for column in GROUP_COUNTS:
            assert row[column] <= row["count_total"]
