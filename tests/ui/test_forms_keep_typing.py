"""What an officer types into a form is kept exactly, or refused beside its field; never lost
and never swapped for something else (issue 14, "What was typed is kept, exactly")."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QTableView

from desktop.core import events, people
from desktop.core.events import EventFilter
from desktop.core.people import PersonFilter
from desktop.ui.dialogs.event_form import EventFormDialog
from desktop.ui.dialogs.person_form import PersonFormDialog
from desktop.ui.dialogs.pick_person import PickPersonDialog


@pytest.fixture
def form(qtbot, ctx):
    dialog = EventFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.hide()  # closed unseen at teardown: nobody is there to answer "Bỏ thay đổi?"


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.hide())
    dialog.show()
    return dialog


def _events(ctx) -> list[events.EventInput]:
    rows = events.list_events(ctx.db, EventFilter(campaign_uid=ctx.campaign_uid))
    return [events.get_event(ctx.db, row.uid) for row in rows]


def _type_date(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


# --- Esc or "Hủy bỏ" with changes asks ---------------------------------------------------------
def test_esc_on_a_filled_form_asks_and_keeps_editing_by_default(qtbot, form, ctx, modal):
    qtbot.keyClicks(form.title_edit, "Hop dan ap Tan Hoa")

    def keep_editing(box: QMessageBox) -> None:
        assert box.defaultButton().objectName() == "confirm_no"  # Enter keeps the form
        assert box.defaultButton().text() == "Tiếp tục sửa"
        box.defaultButton().click()

    modal.run(lambda: qtbot.keyClick(form, Qt.Key.Key_Escape), keep_editing, QMessageBox)
    assert form.isVisible()
    assert form.title_edit.text() == "Hop dan ap Tan Hoa"

    modal.answer(lambda: qtbot.keyClick(form, Qt.Key.Key_Escape), "confirm_yes")
    assert not form.isVisible()
    assert _events(ctx) == []


def test_esc_on_an_untouched_form_closes_without_asking(qtbot, form):
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()  # no question box: the ModalDriver would be needed otherwise


def test_cancel_on_a_changed_person_form_asks_too(qtbot, ctx, modal):
    dialog = _shown(qtbot, PersonFormDialog(None, ctx))
    qtbot.keyClicks(dialog.year_edit, "1985")
    modal.answer(dialog.findChild(QPushButton, "cancel").click, "confirm_no")
    assert dialog.isVisible() and dialog.year_edit.text() == "1985"


# --- dates as officers type them ----------------------------------------------------------------
@pytest.mark.parametrize("typed", ["19/08/2026", "19/8/2026", "19-8-2026", "19082026"])
def test_each_typed_date_form_saves_that_date(qtbot, form, ctx, typed):
    qtbot.keyClicks(form.title_edit, "Ngay hoi")
    _type_date(qtbot, form.start_date, typed)
    qtbot.keyClick(form.start_date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.end_date  # one Tab leaves a date field
    assert form.start_date.text() == "19/08/2026"  # shown as it was understood
    assert form.end_date.text() == "19/08/2026"  # a one-day event ends the day it starts
    qtbot.keyClick(form.end_date, Qt.Key.Key_Return)

    assert not form.isVisible()
    (saved,) = _events(ctx)
    assert (saved.start_date, saved.end_date) == ("2026-08-19", "2026-08-19")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19/13/2026", "Ngày 19/13/2026 không có trên lịch (ngày/tháng/năm)."),
        ("19/8/26", "Ghi năm đủ bốn chữ số, ví dụ 19/08/2026 (không ghi “19/8/26”)."),
        ("mười chín", "“mười chín” không phải là ngày: ghi ngày/tháng/năm, ví dụ 19/08/2026."),
    ],
)
def test_a_date_that_cannot_be_read_is_an_inline_error_and_nothing_is_saved(
    qtbot, form, ctx, typed, message
):
    form.title_edit.setText("Họp dân")
    _type_date(qtbot, form.start_date, "")
    form.start_date.insert(typed)
    qtbot.keyClick(form.start_date, Qt.Key.Key_Tab)
    assert form.errors.messages() == {"start_date": message}  # said on leaving the field
    assert form.start_date.text() == typed  # kept as typed, to be corrected

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.messages()["start_date"] == message
    assert _events(ctx) == []

    _type_date(qtbot, form.start_date, "19/8/2026")
    assert "start_date" not in form.errors.messages()  # gone once the field is edited
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert [e.start_date for e in _events(ctx)] == ["2026-08-19"]


def test_the_calendar_fills_the_field(qtbot, form):
    form.start_date.setDate(dt.date(2026, 8, 1))
    form.start_date.calendar_action.trigger()
    calendar = form.start_date.calendar
    qtbot.waitExposed(calendar)
    assert calendar.selectedDate().toPython() == dt.date(2026, 8, 1)
    calendar.setSelectedDate(calendar.selectedDate().addDays(18))
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)  # its grid of days
    assert form.start_date.text() == "19/08/2026"
    assert form.value().start_date == "2026-08-19"


def test_a_new_event_dated_in_the_past_is_held_until_the_officer_says_otherwise(qtbot, form, ctx):
    assert form.status_combo.currentData() == "planned"  # today
    _type_date(qtbot, form.start_date, "01/03/2026")
    qtbot.keyClick(form.start_date, Qt.Key.Key_Tab)
    assert form.status_combo.currentData() == "held"
    form.status_combo.setCurrentIndex(form.status_combo.findData("cancelled"))
    form.status_combo.activated.emit(form.status_combo.currentIndex())
    _type_date(qtbot, form.start_date, "02/03/2026")
    qtbot.keyClick(form.start_date, Qt.Key.Key_Tab)
    assert form.status_combo.currentData() == "cancelled"  # the officer's choice stays


def test_kinds_are_offered_most_used_first(qtbot, ctx, make):
    first = EventFormDialog(None, ctx)
    qtbot.addWidget(first)
    assert first.type_combo.itemData(0) != make.type_uid("hop_khac")  # catalogue order
    make.event("Họp 1", type_code="hop_khac", start_date="2026-03-01")
    make.event("Họp 2", type_code="hop_khac", start_date="2026-03-02")
    make.event("Tuyên truyền", type_code="tuyen_truyen", start_date="2026-03-03")
    dialog = EventFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    assert dialog.type_combo.itemData(0) == make.type_uid("hop_khac")
    assert dialog.type_combo.itemData(1) == make.type_uid("tuyen_truyen")
    assert dialog.type_combo.currentData() == make.type_uid("hop_khac")


# --- the birth year -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2090", f"Năm sinh phải từ 1900 đến {dt.date.today().year}."),
        ("209", "Ghi năm sinh đủ bốn chữ số, ví dụ 1985 (để trống nếu không rõ)."),
    ],
)
def test_an_impossible_birth_year_is_refused_beside_the_field(qtbot, ctx, typed, message):
    dialog = _shown(qtbot, PersonFormDialog(None, ctx))
    dialog.name_edit.setText("Lê Văn Tâm")
    qtbot.keyClicks(dialog.year_edit, typed)
    assert dialog.year_edit.text() == typed  # every digit typed is kept
    qtbot.keyClick(dialog.year_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors.messages() == {"birth_year": message}
    assert people.list_people(ctx.db, PersonFilter()) == []

    qtbot.keyClick(dialog.year_edit, Qt.Key.Key_Backspace)
    assert dialog.errors.messages() == {}  # the message goes once the field is edited


# --- Enter and Ctrl+S save ----------------------------------------------------------------------
def test_enter_saves_the_event_form_from_any_field(qtbot, form, ctx):
    qtbot.keyClicks(form.title_edit, "Hop dan")
    form.counts["count_total"].setFocus()
    form.counts["count_total"].selectAll()
    qtbot.keyClicks(form.counts["count_total"], "40")
    qtbot.keyClick(form.counts["count_total"], Qt.Key.Key_Return)
    assert not form.isVisible()
    assert [e.count_total for e in _events(ctx)] == [40]


def test_ctrl_s_saves_even_from_the_notes(qtbot, form, ctx):
    qtbot.keyClicks(form.title_edit, "Hop dan")
    qtbot.keyClicks(form.notes_edit, "Dong du")
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    assert [e.notes for e in _events(ctx)] == ["Dong du"]


# --- the picker ---------------------------------------------------------------------------------
def test_enter_in_the_picker_adds_the_highlighted_person(qtbot, ctx, make):
    make.person("Nguyễn Văn An")
    binh = make.person("Trần Thị Bình")
    dialog = PickPersonDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.search.search, timeout=2000):
        qtbot.keyClicks(dialog.search, "binh")
    qtbot.waitUntil(lambda: dialog.model.total == 1)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # into the list, on the first row
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.chosen() == [binh]


def test_enter_on_each_name_chooses_it_and_enter_on_an_empty_box_adds_them(qtbot, ctx, make):
    make.person("Nguyễn Văn An")
    binh = make.person("Trần Thị Bình")
    cuong = make.person("Lê Văn Cường")
    dialog = PickPersonDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for name in ("binh", "cuong"):  # one name after another from the paper list
        qtbot.keyClicks(dialog.search, name)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.search.text() == ""
    assert dialog.chosen() == [binh, cuong]
    assert dialog.chosen_label.text() == "Đã chọn 2 người: Trần Thị Bình, Lê Văn Cường"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.chosen() == [binh, cuong]


def test_enter_on_a_name_several_people_share_goes_to_the_list(qtbot, ctx, make):
    make.person("Nguyễn Văn An")
    ba = make.person("Nguyễn Văn Ba")
    dialog = PickPersonDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "nguyen")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert (dialog.isVisible() and dialog.chosen() != []) or dialog.chosen() == []
    assert dialog.count_label.text() == "2 người trùng tên: chọn bằng phím ↑ ↓ rồi Enter."
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.chosen() == [ba]


def test_enter_with_nobody_chosen_stays_open_and_says_how(qtbot, ctx, make):
    make.person("Nguyễn Văn An")
    dialog = PickPersonDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.chosen() == []
    assert dialog.chosen_label.text() == "Chưa chọn ai: dùng phím ↓ để vào danh sách rồi Enter."


# --- a new commune is told where hamlets come from -----------------------------------------------
def test_a_commune_without_hamlets_is_told_where_to_add_them(qtbot, empty_ctx):
    from desktop.core import office
    from desktop.ui.context import AppContext

    office.set_up_commune(empty_ctx.db, office.OfficeSetup(commune_code="30985", year=2026))
    fresh = AppContext(empty_ctx.db, None)
    hint = (
        "Chưa có ấp, khu phố nào. Thêm ở mục Danh mục → Ấp, khu phố, hoặc nhập danh sách từ Excel."
    )
    for dialog in (PersonFormDialog(None, fresh), EventFormDialog(None, fresh)):
        qtbot.addWidget(dialog)
        label = dialog.findChild(QLabel, "no_hamlets_hint")
        assert label is not None and label.text() == hint


def test_a_commune_with_hamlets_is_not_told(qtbot, ctx):
    for dialog in (PersonFormDialog(None, ctx), EventFormDialog(None, ctx)):  # two hamlets
        qtbot.addWidget(dialog)
        assert dialog.findChild(QLabel, "no_hamlets_hint") is None


# --- numbers, in either language ---------------------------------------------------------------
def test_numbers_are_written_one_way_in_either_language(qtbot, ctx):
    from PySide6.QtCore import QLocale

    from desktop.core import formats

    before = QLocale()
    QLocale.setDefault(QLocale("en"))  # what ANTQ_LANG=en sets for Qt
    try:
        dialog = EventFormDialog(None, ctx)
        qtbot.addWidget(dialog)
        dialog.counts["count_total"].setValue(12345)
        assert dialog.counts["count_total"].text() == formats.quantity(12345) == "12.345"
    finally:
        QLocale.setDefault(before)
