"""The events section: list, filters, search, sort, the form, cancel and delete, the event page."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from desktop.core import attendance, events, outcomes
from desktop.core.events import EventFilter
from desktop.core.outcomes import OutcomeFilter, OutcomeInput
from desktop.ui.dialogs.event_detail import EventDetailDialog
from desktop.ui.dialogs.event_form import EventFormDialog
from desktop.ui.export import export_model
from desktop.ui.pages.events import EventsPage


@pytest.fixture
def sample(ctx, make):
    """Four events of the campaign, in two hamlets, of several types and statuses."""
    tan_hoa, binh_an = ctx.db.hamlets
    return {
        "le": make.event(
            "Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ",
            "le_xa",
            status="held",
            start_date="2026-08-19",
            count_total=400,
        ),
        "dan": make.event(
            "Họp dân ấp Tân Hòa về đường điện",
            "hop_khac",
            status="held",
            level="ap",
            hamlet_uid=tan_hoa,
            start_date="2026-03-10",
            count_total=60,
        ),
        "ma_tuy": make.event(
            "Tuyên truyền phòng, chống ma túy",
            "tuyen_truyen",
            level="ap",
            hamlet_uid=binh_an,
            start_date="2026-05-02",
            place="Nhà văn hóa ấp Bình An",
        ),
        "dung": make.event("Đêm văn nghệ Đồng Dũng", "hoi_xa", start_date="2026-12-20"),
    }


@pytest.fixture
def page(qtbot, ctx, sample):
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _titles(page: EventsPage) -> list[str]:
    return [row.title for row in page.model.fetched_rows()]


def _select(page: EventsPage, uid: str) -> None:
    assert page.select_uid(uid)


def test_model_passes_qtmodeltester(qtmodeltester, page):
    qtmodeltester.check(page.model, force_py=True)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(page.model, force_py=True)


def test_list_shows_the_columns_newest_first(page, sample):
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Ngày",
        "Tên sự kiện",
        "Loại",
        "Cấp",
        "Ấp, khu phố",
        "Địa điểm",
        "Trạng thái",
        "Số người",
        "Có tên",
        "Kết quả",
    ]
    assert page.count_label.text() == "4 sự kiện"
    assert _titles(page)[0] == "Đêm văn nghệ Đồng Dũng"
    row = [model.index(2, c).data() for c in range(model.columnCount())]
    assert row == [
        "02/05/2026",
        "Tuyên truyền phòng, chống ma túy",
        "Tuyên truyền",
        "Ấp, KP",
        "Ấp Bình An",
        "Nhà văn hóa ấp Bình An",
        "Kế hoạch",
        "0",
        "0",
        "0",
    ]
    assert model.index(0, 7).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole) == row[1]  # titles get cut


def test_search_ignores_diacritics_and_maps_d(qtbot, page):
    page.search.setText("ngay hoi")
    page.search.flush()
    assert _titles(page) == ["Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ"]
    assert page.count_label.text() == "1 sự kiện"

    qtbot.keyClicks(page.search, "x")  # typed text is searched after a pause, not per key
    with qtbot.waitSignal(page.search.search, timeout=2000):
        pass
    assert _titles(page) == []

    page.search.setText("dong dung")
    page.search.flush()
    assert _titles(page) == ["Đêm văn nghệ Đồng Dũng"]
    page.search.setText("binh an")  # the place is searched too
    page.search.flush()
    assert _titles(page) == ["Tuyên truyền phòng, chống ma túy"]


def test_filters_by_type_status_hamlet_and_dates(qtbot, page, ctx, make):
    page.type_filter.setCurrentIndex(page.type_filter.findData(make.type_uid("tuyen_truyen")))
    assert _titles(page) == ["Tuyên truyền phòng, chống ma túy"]
    page.type_filter.setCurrentIndex(0)

    page.status_filter.setCurrentIndex(page.status_filter.findData("held"))
    assert sorted(_titles(page)) == [
        "Họp dân ấp Tân Hòa về đường điện",
        "Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ",
    ]
    page.status_filter.setCurrentIndex(0)

    page.hamlet_filter.setCurrentIndex(page.hamlet_filter.findData(ctx.db.hamlets[0]))
    assert _titles(page) == ["Họp dân ấp Tân Hòa về đường điện"]
    page.hamlet_filter.setCurrentIndex(0)

    assert page.date_from.placeholderText() == "Mọi ngày" and page.date_from.iso() is None
    qtbot.keyClicks(page.date_from, "1/4/2026")  # typed as officers type dates
    qtbot.keyClick(page.date_from, Qt.Key.Key_Return)
    page.date_to.setDate(dt.date(2026, 8, 31))
    assert _titles(page) == [
        "Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ",
        "Tuyên truyền phòng, chống ma túy",
    ]
    assert page.count_label.text() == "2 sự kiện"

    qtbot.keyClicks(page.date_to, "x")  # unreadable: said, and the filter stays as it was
    qtbot.keyClick(page.date_to, Qt.Key.Key_Return)
    assert page.date_to.iso() == "2026-08-31" and "không phải là ngày" in page.date_to.toolTip()
    assert page.count_label.text() == "2 sự kiện"

    page.clear_filters()
    assert page.date_from.text() == "" and page.date_to.iso() is None
    assert page.count_label.text() == "4 sự kiện"


def test_date_popup_opens_on_this_month_when_no_date_is_chosen(qtbot, page):
    page.date_from.calendar_action.trigger()
    calendar = page.date_from.calendar
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert page.date_from.iso() is None  # looking is not choosing
    calendar.close()


def test_sorting_by_headers(page):
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert _titles(page)[0] == "Đêm văn nghệ Đồng Dũng"  # "dem" < "hop" < "le" < "tuyen"
    assert _titles(page)[-1] == "Tuyên truyền phòng, chống ma túy"
    page.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
    assert _titles(page)[0] == "Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ"
    order = _titles(page)
    page.table.horizontalHeader().setSortIndicator(9, Qt.SortOrder.AscendingOrder)  # not sortable
    assert page.table.horizontalHeader().sortIndicatorSection() == 7
    assert _titles(page) == order


def test_buttons_follow_the_selection(page, sample):
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    _select(page, sample["dan"])
    assert page.edit_button.isEnabled() and page.open_button.isEnabled()
    assert page.cancel_button.isEnabled()


def test_cancel_and_delete_ask_first(page, ctx, sample, modal, make):
    person = make.person("Nguyễn Văn An")
    attendance.add(ctx.db, sample["dan"], person)
    _select(page, sample["dan"])

    modal.answer(page.cancel_selected, "confirm_no")
    assert events.get_event(ctx.db, sample["dan"]).status == "held"
    modal.answer(page.cancel_selected)
    assert events.get_event(ctx.db, sample["dan"]).status == "cancelled"
    assert page.model.row_at(page.table.selectionModel().selectedRows()[0].row()).status == (
        "cancelled"
    )
    assert not page.cancel_button.isEnabled()

    modal.answer(page.delete_selected, "confirm_no")
    assert page.count_label.text() == "4 sự kiện"
    modal.answer(page.delete_selected)
    assert page.count_label.text() == "3 sự kiện"
    assert sample["dan"] not in [row.uid for row in page.model.fetched_rows()]
    gone = events.count_events(ctx.db, EventFilter(campaign_uid=ctx.campaign_uid))
    assert gone == 3
    assert attendance.participants(ctx.db, sample["dan"]) == []
    row = ctx.db.conn.execute("SELECT deleted_at FROM event WHERE uid = ?", [sample["dan"]])
    assert row.fetchone()[0] is not None  # a tombstone, not a DELETE


def test_delete_key_on_the_table(qtbot, page, modal, sample):
    _select(page, sample["dung"])
    page.table.setFocus()
    modal.answer(lambda: qtbot.keyClick(page.table, Qt.Key.Key_Delete))
    assert page.count_label.text() == "3 sự kiện"


def test_export_writes_every_row(page, tmp_path):
    path = tmp_path / "su-kien.xlsx"
    assert export_model(page.model, path, "Danh sách sự kiện") == 4
    sheet = openpyxl.load_workbook(path).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Tuyên truyền phòng, chống ma túy" in values


# --- the form ------------------------------------------------------------------------------


@pytest.fixture
def form(qtbot, ctx):
    dialog = EventFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _event_count(ctx) -> int:
    return events.count_events(ctx.db, EventFilter(campaign_uid=ctx.campaign_uid))


def _change_log_size(ctx) -> int:
    return ctx.db.conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]


def test_form_shows_each_message_by_its_field_and_writes_nothing(qtbot, form, ctx):
    before = _change_log_size(ctx)
    form.level_combo.setCurrentIndex(form.level_combo.findData("ap"))
    form.start_date.setDate(dt.date(2026, 8, 19))
    form.end_date.setDate(dt.date(2026, 8, 18))
    form.counts["count_total"].setValue(50)
    form.counts["count_women"].setValue(60)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    messages = form.errors.messages()
    assert messages["title"] == "Hãy nhập tên sự kiện."
    assert messages["end_date"] == "Ngày kết thúc không được trước ngày bắt đầu."
    assert messages["hamlet_uid"] == "Sự kiện cấp ấp, khu phố cần chọn ấp, khu phố."
    assert messages["count_women"].startswith("Số phụ nữ (60) không được lớn hơn tổng số")
    assert form.findChild(type(form.general_error), "error_title").isVisible()
    assert form.hamlet_label.text() == "Ấp, khu phố *"
    assert _event_count(ctx) == 0
    assert _change_log_size(ctx) == before

    form.title_edit.setText("Phần lễ Ngày hội ấp Tân Hòa")
    form.hamlet_combo.setCurrentIndex(form.hamlet_combo.findData(ctx.db.hamlets[0]))
    form.end_date.setDate(dt.date(2026, 8, 19))
    form.counts["count_women"].setValue(20)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == QDialog.DialogCode.Accepted
    assert form.errors.messages() == {}
    assert _event_count(ctx) == 1


def test_form_saves_every_field_and_edits_them_back(qtbot, form, ctx, make):
    changes = []
    ctx.data_changed.connect(lambda: changes.append(True))
    form.title_edit.setText("Ra mắt mô hình Camera an ninh")
    form.type_combo.setCurrentIndex(form.type_combo.findData(make.type_uid("ra_mat_mo_hinh")))
    form.level_combo.setCurrentIndex(form.level_combo.findData("xa"))
    form.hamlet_combo.setCurrentIndex(form.hamlet_combo.findData(ctx.db.hamlets[1]))
    form.place_edit.setText("Hội trường UBND xã")
    form.organiser_combo.setCurrentIndex(1)
    organiser = form.organiser_combo.currentData()
    form.status_combo.setCurrentIndex(form.status_combo.findData("held"))
    form.start_date.setDate(dt.date(2026, 6, 1))
    assert form.end_date.date() == dt.date(2026, 6, 1)  # a one-day event's end follows its start
    form.end_date.setDate(dt.date(2026, 6, 2))
    form.counts["count_total"].setValue(150)
    form.counts["count_youth"].setValue(40)
    form.notes_edit.setPlainText("Có phóng viên đài huyện")
    form.accept()

    uid = form.saved_uid
    saved = events.get_event(ctx.db, uid)
    assert (saved.title, saved.level, saved.hamlet_uid, saved.place) == (
        "Ra mắt mô hình Camera an ninh",
        "xa",
        ctx.db.hamlets[1],
        "Hội trường UBND xã",
    )
    assert (saved.organiser_uid, saved.status, saved.start_date, saved.end_date) == (
        organiser,
        "held",
        "2026-06-01",
        "2026-06-02",
    )
    assert (saved.count_total, saved.count_youth, saved.notes) == (
        150,
        40,
        "Có phóng viên đài huyện",
    )
    assert changes  # every page was told

    edit = EventFormDialog(None, ctx, uid)
    qtbot.addWidget(edit)
    assert edit.windowTitle() == "Sửa sự kiện"
    assert edit.value() == saved
    edit.title_edit.setText("Ra mắt mô hình Camera an ninh ấp Bình An")
    edit.accept()
    assert events.get_event(ctx.db, uid).title == "Ra mắt mô hình Camera an ninh ấp Bình An"


def test_add_through_the_page(qtbot, page, modal, ctx):
    def fill(dialog: EventFormDialog) -> None:
        dialog.title_edit.setText("Tọa đàm an ninh trật tự")
        dialog.start_date.setDate(dt.date(2026, 7, 1))
        dialog.save_button.click()

    landed = []

    def see_event(detail: EventDetailDialog) -> None:
        landed.append(detail.uid)
        detail.reject()

    # Saved, the officer lands in the new event to add its people, not back on the list.
    modal.run(
        lambda: modal.run(page.add_button.click, fill, EventFormDialog),
        see_event,
        EventDetailDialog,
    )
    assert page.count_label.text() == "5 sự kiện"
    assert landed == [page.table.selected_uid()]
    assert page.model.row_at(page.table.selectionModel().selectedRows()[0].row()).title == (
        "Tọa đàm an ninh trật tự"
    )

    modal.run(page.add_button.click, lambda dialog: dialog.reject(), EventFormDialog)
    assert page.count_label.text() == "5 sự kiện"


# --- the event page ------------------------------------------------------------------------


@pytest.fixture
def detail(qtbot, ctx, sample):
    dialog = EventDetailDialog(None, ctx, sample["le"])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_detail_shows_the_event(detail):
    assert detail.title_label.text() == "Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ"
    assert detail.facts["type"].text() == "Phần lễ ngày hội cấp xã"
    assert detail.facts["period"].text() == "19/08/2026"
    assert detail.facts["counts"].text() == "400 người"
    assert detail.status_label.text() == "Đã tổ chức"
    assert detail.tabs.tabText(0) == "Người tham gia (0)"


def test_detail_adds_existing_people_changes_roles_and_removes(
    qtbot, detail, ctx, make, modal, monkeypatch, qtmodeltester
):
    from desktop.ui.dialogs import pick_person

    a, b = make.person("Nguyễn Văn An"), make.person("Trần Thị Bình")
    asked = []

    def pick(parent, ctx_, exclude_event_uid=None):
        asked.append(exclude_event_uid)
        return [a, b]

    monkeypatch.setattr(pick_person.PickPersonDialog, "ask", staticmethod(pick))
    changes = []
    ctx.data_changed.connect(lambda: changes.append(True))
    detail.pick_button.click()

    assert asked == [detail.uid]
    assert [p.full_name for p in attendance.participants(ctx.db, detail.uid)] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    assert detail.tabs.tabText(0) == "Người tham gia (2)"
    assert detail.participants.index(0, 6).data() == "Tham dự"
    assert changes
    qtmodeltester.check(detail.participants, force_py=True)

    detail.people_table.selectRow(1)
    detail.role_combo.setCurrentIndex(detail.role_combo.findData("dai_bieu"))
    detail.role_button.click()
    assert [p.role for p in attendance.participants(ctx.db, detail.uid)] == ["tham_du", "dai_bieu"]

    detail.people_table.selectRow(0)
    modal.answer(detail.remove_button.click)
    assert [p.full_name for p in attendance.participants(ctx.db, detail.uid)] == ["Trần Thị Bình"]
    assert detail.facts["named"].text() == "1 người"


def test_detail_creates_a_person_inline(detail, ctx, make, monkeypatch):
    from desktop.ui.dialogs import person_form

    made = make.person("Lê Văn Cường")
    monkeypatch.setattr(person_form.PersonFormDialog, "ask", staticmethod(lambda *a, **k: made))
    detail.role_combo.setCurrentIndex(detail.role_combo.findData("bieu_dien"))
    detail.new_person_button.click()
    assert [(p.full_name, p.role) for p in attendance.participants(ctx.db, detail.uid)] == [
        ("Lê Văn Cường", "bieu_dien")
    ]


def test_detail_records_and_deletes_outcomes(detail, ctx, make, modal, monkeypatch, qtmodeltester):
    from desktop.ui.dialogs import outcome_form

    def record(parent, ctx_, uid=None, event_uid=None):
        data = OutcomeInput(
            ctx_.campaign_uid,
            make.indicator_uid("suat_qua"),
            30,
            15_000_000,
            event_uid=event_uid,
            recipient="Hộ nghèo ấp Tân Hòa",
        )
        return outcomes.create_outcome(ctx_.db, data)

    monkeypatch.setattr(outcome_form.OutcomeFormDialog, "ask", staticmethod(record))
    detail.tabs.setCurrentIndex(1)
    detail.add_outcome_button.click()
    assert detail.tabs.tabText(1) == "Kết quả (1)"
    assert [detail.outcomes.index(0, c).data() for c in range(5)] == [
        "Suất quà",
        "30",
        "suất",
        "15.000.000",
        "Hộ nghèo ấp Tân Hòa",
    ]
    assert detail.outcome_totals.text() == "Tổng giá trị: 15.000.000 đồng"
    qtmodeltester.check(detail.outcomes, force_py=True)

    detail.outcomes_table.selectRow(0)
    modal.answer(detail.delete_outcome_button.click)
    assert outcomes.count_outcomes(ctx.db, OutcomeFilter(event_uid=detail.uid)) == 0
    assert detail.tabs.tabText(1) == "Kết quả (0)"


def test_detail_edits_the_event(qtbot, detail, modal, ctx):
    def rename(dialog: EventFormDialog) -> None:
        dialog.title_edit.setText("Lễ kỷ niệm 21 năm Ngày hội")
        dialog.save_button.click()

    modal.run(detail.edit_button.click, rename, EventFormDialog)
    assert detail.title_label.text() == "Lễ kỷ niệm 21 năm Ngày hội"
    assert events.get_event(ctx.db, detail.uid).title == "Lễ kỷ niệm 21 năm Ngày hội"


def test_the_form_and_the_detail_warn_when_the_named_list_exceeds_the_head_counts(qtbot, ctx, make):
    uid = make.event("Họp dân ấp Tân Hòa", count_total=0, count_women=0)
    for i in range(3):
        person = make.person(f"Nguyễn Thị {i}", gender="nu" if i < 2 else "nam")
        attendance.add(ctx.db, uid, person)
    detail = EventDetailDialog(None, ctx, uid)
    qtbot.addWidget(detail)
    assert "Danh sách có tên có 3 người, nhiều hơn tổng số đã ghi (0)" in (
        detail.named_warning.text()
    )
    assert "Báo cáo sẽ tính 2 phụ nữ." in detail.named_warning.text()

    form = EventFormDialog(None, ctx, uid)
    qtbot.addWidget(form)
    form.show()
    assert form.named_warning.isVisible()
    assert "Báo cáo sẽ tính 3 người tham gia." in form.named_warning.text()
    form.counts["count_total"].setValue(40)
    assert "người tham gia" not in form.named_warning.text()  # the head-count stands now
    assert "2 phụ nữ, nhiều hơn số phụ nữ đã ghi (0)" in form.named_warning.text()
    form.counts["count_women"].setValue(2)
    assert not form.named_warning.isVisible()
    # a warning, not a refusal: the counts as typed are saved
    form.counts["count_women"].setValue(1)
    form.counts["count_total"].setValue(1)
    assert form.named_warning.isVisible()
    form.save()
    assert events.get_event(ctx.db, uid).count_total == 1


def test_open_from_the_page_by_enter(qtbot, page, modal, sample):
    _select(page, sample["le"])
    seen = []

    def look(dialog: EventDetailDialog) -> None:
        seen.append(dialog.title_label.text())
        dialog.accept()

    page.table.setFocus()
    modal.run(lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return), look, EventDetailDialog)
    assert seen == ["Lễ kỷ niệm Ngày hội toàn dân bảo vệ ANTQ"]
    assert page.table.selected_uid() == sample["le"]


def test_events_page_opens_the_excel_import_for_events(qtbot, ctx, monkeypatch):
    from desktop.ui.dialogs.list_import import ListImportDialog
    from desktop.ui.pages.events import EventsPage

    asked = []
    monkeypatch.setattr(ListImportDialog, "ask", lambda parent, c, kind: asked.append(kind))
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.import_button.click()
    assert asked == ["events"]
