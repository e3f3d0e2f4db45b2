"""Each bullet of "Found wrong today" (issue 12): the figure now right, as a user sees it."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import attendance, catalogues, events, outcomes, overview, records
from desktop.core.errors import ValidationError
from desktop.core.reports import ReportRequest, build_pdf, results
from desktop.core.reports.common import resolve
from tests.reports.conftest import REPORT_DAY, pdf_text


def _request(db, kind, period="all", day=REPORT_DAY):
    return ReportRequest(kind, db.campaign_uid, period, serial=7, day=day)


def _outcome(db, code, quantity, value=0, **extra):
    indicators = {i.code: i.uid for i in catalogues.indicators(db, db.campaign_uid)}
    return outcomes.create_outcome(
        db, outcomes.OutcomeInput(db.campaign_uid, indicators[code], quantity, value, **extra)
    )


def _event(db, code, day, **fields):
    types = {t.code: t.uid for t in catalogues.event_types(db, db.campaign_uid)}
    return events.create_event(
        db,
        events.EventInput(db.campaign_uid, types[code], f"Sự kiện {code}", day, **fields),
    )


def test_commendation_list_totals_the_same_quantity_as_the_results_report(known_db):
    """2 giấy khen on one row: both papers say 3 lượt (1 bằng khen + 2 giấy khen)."""
    listing = " ".join(pdf_text(build_pdf(known_db, _request(known_db, "khen-thuong"))))
    report = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua")))
    assert report.totals.commendations == 3
    assert "Số lượng" in listing
    assert "Tổng cộng 3 2.940.000" in listing


def test_the_participants_indicator_is_counted_and_printed(known_db):
    _outcome(known_db, "luot_nguoi_tham_gia", 250, outcome_date="2026-08-20")
    stats = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua")))
    assert stats.totals.participants_reported == 250
    assert overview.key_figures(known_db, known_db.campaign_uid).participants_reported == 250
    text = " ".join(pdf_text(build_pdf(known_db, _request(known_db, "ket-qua"))))
    assert "ghi nhận thêm 250 lượt người tham gia theo chỉ tiêu kết quả" in text
    assert "Lượt người tham gia lượt người 250" in text


def test_weapons_explosives_and_tools_are_never_added(known_db):
    _outcome(known_db, "vat_lieu_no", 0.9, outcome_date="2026-08-20")
    _outcome(known_db, "cong_cu_ho_tro", 17, outcome_date="2026-08-20")
    _outcome(known_db, "tin_bai", 4, outcome_date="2026-08-20")
    _outcome(known_db, "don_vi_ky_giao_uoc", 6, outcome_date="2026-08-20")
    _event(known_db, "tuyen_truyen", "2026-08-21", status="held", count_total=12, count_students=9)
    figures = overview.key_figures(known_db, known_db.campaign_uid)
    assert (figures.weapons, figures.explosives, figures.tools) == (2, 0.9, 17)
    text = " ".join(pdf_text(build_pdf(known_db, _request(known_db, "ket-qua"))))
    for clause in (
        "vận động giao nộp 2 khẩu vũ khí, 0,9 kg vật liệu nổ, 17 công cụ hỗ trợ;",
        "đăng 4 tin, bài",
        "6 cơ quan, doanh nghiệp, nhà trường ký giao ước thi đua",
        "9 lượt học sinh, sinh viên",
    ):
        assert clause in text, clause


def test_an_undated_outcome_falls_on_the_vietnam_date_it_was_recorded(known_db, monkeypatch):
    """Entered at 06:30 on 1 September in Vietnam (23:30 UTC on 31 August): September."""
    monkeypatch.setattr(records, "now_iso", lambda: "2026-08-31T23:30:00+00:00")
    _outcome(known_db, "tin_bao_to_giac", 5)

    def tips(period):
        request = ReportRequest("ket-qua", known_db.campaign_uid, period, day=dt.date(2026, 12, 31))
        return results.compute(known_db, resolve(known_db, request)).totals.tips

    assert (tips("2026-08"), tips("2026-09")) == (0, 5)


@pytest.mark.parametrize("day", ["31/08/2026", "2026-8-31", "20260831", "2026-02-30", ""])
def test_the_core_refuses_an_outcome_date_that_is_not_a_date(known_db, day):
    if day == "":  # no date at all is allowed: the outcome takes its event's or today's
        _outcome(known_db, "tin_bai", 1, outcome_date=day)
        return
    with pytest.raises(ValidationError) as caught:
        _outcome(known_db, "tin_bai", 1, outcome_date=day)
    assert "không hợp lệ" in caught.value.fields["outcome_date"]


def test_a_record_dated_outside_the_campaign_is_refused(known_db):
    with pytest.raises(ValidationError) as caught:
        _event(known_db, "tuyen_truyen", "2027-01-05", status="held")
    assert (
        "nằm ngoài thời gian của kế hoạch (01/01/2026 – 31/12/2026)"
        in (caught.value.fields["start_date"])
    )
    with pytest.raises(ValidationError) as caught:
        _outcome(known_db, "tin_bai", 1, outcome_date="2025-12-31")
    assert "nằm ngoài thời gian của kế hoạch" in caught.value.fields["outcome_date"]
    with pytest.raises(ValidationError):
        _event(known_db, "tuyen_truyen", "31/08/2026", status="held")


def _meeting_with_seven_named(known_db) -> str:
    """A held meeting on 25/08/2026 with head-counts 0 and 7 named people, 4 of them women."""
    from desktop.core import people

    meeting = _event(known_db, "hop_khac", "2026-08-25", status="held")
    for i in range(7):
        person = people.create_person(
            known_db,
            people.PersonInput(f"Người thứ {i}", gender="nu" if i < 4 else "nam"),
            allow_duplicate=True,
        )
        attendance.add(known_db, meeting, person)
    return meeting


def test_named_women_count_when_the_head_count_is_zero(known_db):
    """Head-count 0, 7 named people of whom 4 women: 7 participants, 4 women."""
    _meeting_with_seven_named(known_db)
    before = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua", "2026-07")))
    after = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua", "2026-08")))
    assert before.totals.participants == 0
    # August already held 500 + 300 + 120 + 3 named (head-count 0) with 360 women
    assert after.totals.participants == 923 + 7
    assert after.totals.women == 360 + 4


def test_a_named_list_longer_than_the_head_counts_is_warned_with_what_the_reports_count(known_db):
    """The warning the event form shows: the reports' own rule, on the counts typed."""
    from desktop.core import figures

    meeting = _meeting_with_seven_named(known_db)
    assert figures.named_beyond_counts(known_db, meeting, 0, 0) == [
        "Danh sách có tên có 7 người, nhiều hơn tổng số đã ghi (0). "
        "Báo cáo sẽ tính 7 người tham gia.",
        "Danh sách có tên có 4 phụ nữ, nhiều hơn số phụ nữ đã ghi (0). Báo cáo sẽ tính 4 phụ nữ.",
    ]
    # the head-count stands when it is the larger: its women then stand too, and it says so
    assert figures.named_beyond_counts(known_db, meeting, 50, 2) == [
        "Danh sách có tên có 4 phụ nữ, nhiều hơn số phụ nữ đã ghi (2). Báo cáo sẽ tính 2 phụ nữ."
    ]
    assert figures.named_beyond_counts(known_db, meeting, 7, 4) == []
    # the event sheet prints what the totals count: 7 people of whom 4 women, not 0
    sheet = " ".join(
        pdf_text(
            build_pdf(
                known_db,
                ReportRequest(
                    "su-kien", known_db.campaign_uid, "2026-08", event_uid=meeting, day=REPORT_DAY
                ),
            )
        )
    )
    assert "Tổng số người tham dự 7" in sheet and "Trong đó: Phụ nữ 4" in sheet
    assert figures.named_beyond_counts(known_db, meeting, 5, 4) == [
        "Danh sách có tên có 7 người, nhiều hơn tổng số đã ghi (5). "
        "Báo cáo sẽ tính 7 người tham gia."
    ]
    # what the warning says the reports count is what they count
    known_db.conn.execute(
        "UPDATE event SET count_total = 50, count_women = 2, rev = rev + 1 WHERE uid = ?",
        [meeting],
    )
    before = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua", "2026-08")))
    assert before.totals.participants == 923 + 50 and before.totals.women == 360 + 2


def test_the_whole_campaign_report_states_the_period_it_covers(known_db):
    text = " ".join(
        pdf_text(build_pdf(known_db, _request(known_db, "ket-qua", day=dt.date(2026, 9, 5))))
    )
    assert "từ ngày 01/01/2026 đến ngày 05/09/2026" in text
    assert "31/12/2026" not in text


def test_the_results_report_prints_the_audit_head_on_every_page(known_db):
    """Issue 15: the signed paper anchors the audit chain (entry number and a short hash)."""
    from desktop.core import audit

    entry, digest = audit.head(known_db)
    pages = pdf_text(build_pdf(known_db, _request(known_db, "ket-qua", "2026-08")))
    footer = f"Nhật ký thao tác: mục số {entry}, mã {digest[:12]}"
    assert len(pages) > 1 and all(footer in page for page in pages)


def test_every_indicator_of_the_catalogue_is_counted_somewhere(commune_db):
    """An indicator no figure reads would let an officer record outcomes that vanish."""
    from dataclasses import asdict

    from desktop.core import figures

    template = catalogues.festival_template()["indicators"]
    for item in template:
        before = asdict(overview.key_figures(commune_db, commune_db.campaign_uid))
        extra = {}
        if item["category"] == "commendation":
            extra = {"recipient_kind": "tap_the", "issuer_level": "xa"}
        _outcome(commune_db, item["code"], 2, 1000 if item.get("has_value") else 0, **extra)
        after = asdict(overview.key_figures(commune_db, commune_db.campaign_uid))
        changed = {k for k in before if k != "activity" and before[k] != after[k]}
        assert changed, f"{item['code']} is counted in no key figure"
        request = ReportRequest(
            "ket-qua", commune_db.campaign_uid, "all", day=dt.date(2026, 12, 31)
        )
        stats = results.compute(commune_db, resolve(commune_db, request))
        outcome_lines = [x for x in figures.lines(stats) if x.section == "Kết quả theo chỉ tiêu"]
        line = next(x for x in outcome_lines if x.label == item["name"])
        assert line.quantity >= 2, f"{item['code']} is missing from the results table"


def test_a_bundle_manifest_carries_the_figures_the_reports_print(known_db):
    """The province reads, before decrypting, the same totals as the commune's results report."""
    from desktop.core import office
    from desktop.core.errors import UserError
    from desktop.core.sync import bundle_writer

    unit = office.self_unit(known_db).code
    totals = bundle_writer.aggregates(known_db, unit, "2026-08")["period"]
    stats = results.compute(known_db, resolve(known_db, _request(known_db, "ket-qua", "2026-08")))
    assert totals["events_held"] == stats.totals.events_held == 4
    assert totals["participants"] == stats.totals.participants == 923  # 3 named, head-count 0
    with pytest.raises(UserError):
        bundle_writer.aggregates(known_db, unit, "2026-13")
