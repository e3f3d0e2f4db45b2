"""The people section: search without diacritics, name order, duplicates, a person's events."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop.core import attendance, people
from desktop.ui.dialogs.person_detail import PersonDetailDialog
from desktop.ui.dialogs.person_form import PersonFormDialog
from desktop.ui.dialogs.pick_person import PickPersonDialog
from desktop.ui.models.paged import PAGE_SIZE
from desktop.ui.pages.people import PeoplePage


def _names(model) -> list[str]:
    return [row.full_name for row in model.fetched_rows()]


def _page(qtbot, ctx) -> PeoplePage:
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_search_without_diacritics_finds_the_person(qtbot, ctx, make):
    make.person("Nguyễn Văn Dũng", birth_year=1980)
    make.person("Đặng Thị Hoa", birth_year=1990)
    make.person("Trần Văn Đức")
    page = _page(qtbot, ctx)
    qtbot.keyClicks(page.search, "nguyen van dung")
    page.search.flush()
    assert _names(page.model) == ["Nguyễn Văn Dũng"]
    page.search.clear()
    qtbot.keyClicks(page.search, "dang")
    page.search.flush()
    assert _names(page.model) == ["Đặng Thị Hoa"]
    assert page.count_label.text() == "1 người"


def test_register_is_sorted_by_given_name(qtbot, ctx, make):
    for name in ("Trần Thị Yến", "Lê Văn An", "Nguyễn Thị Ánh", "Phạm Văn Anh", "Võ Đức Bình"):
        make.person(name)
    page = _page(qtbot, ctx)
    assert _names(page.model) == [
        "Lê Văn An",
        "Phạm Văn Anh",
        "Nguyễn Thị Ánh",
        "Võ Đức Bình",
        "Trần Thị Yến",
    ]
    birth = page.model.index(0, 2)
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Năm sinh"
    assert page.model.data(birth) == ""


def test_birth_year_shows_without_thousands_dot(qtbot, ctx, make):
    make.person("Lê Văn An", birth_year=1979)
    page = _page(qtbot, ctx)
    assert page.model.data(page.model.index(0, 2)) == "1979"


def test_person_form_warns_of_a_look_alike_and_writes_only_when_confirmed(qtbot, ctx, make):
    make.person("Nguyễn Văn Dũng", birth_year=1980, hamlet_uid=ctx.db.hamlets[0])
    dialog = PersonFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Nguyen Van Dung")
    dialog.year_edit.setText("1980")
    dialog.hamlet_combo.setCurrentIndex(dialog.hamlet_combo.findData(ctx.db.hamlets[0]))
    asked = []
    dialog.confirm_duplicate = lambda error: asked.append(error.candidates) or False
    dialog.accept()
    assert asked and asked[0][0].full_name == "Nguyễn Văn Dũng"
    assert people.count_people(ctx.db, people.PersonFilter()) == 1
    dialog.confirm_duplicate = lambda error: True
    dialog.accept()
    assert people.count_people(ctx.db, people.PersonFilter()) == 2
    assert dialog.saved_uid


def test_person_form_shows_validation_messages_and_writes_nothing(qtbot, ctx):
    dialog = PersonFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.phone_edit, "abc")
    dialog.accept()
    shown = dialog.errors.messages()
    assert shown["full_name"] == "Hãy nhập họ và tên."
    assert "Số điện thoại" in shown["phone"]
    assert people.count_people(ctx.db, people.PersonFilter()) == 0


def test_person_page_lists_every_event_attended(qtbot, ctx, make):
    person = make.person("Lê Thị Mai")
    first = make.event("Tuyên truyền phòng chống ma túy", start_date="2026-03-01")
    second = make.event("Ngày hội ấp Tân Hòa", start_date="2026-08-19")
    for event in (first, second):
        attendance.add(ctx.db, event, person)
    dialog = PersonDetailDialog(None, ctx, person)
    qtbot.addWidget(dialog)
    titles = [row.title for row in dialog.model.rows()]
    assert titles == ["Ngày hội ấp Tân Hòa", "Tuyên truyền phòng chống ma túy"]
    assert dialog.events_label.text() == "Đã tham gia 2 sự kiện:"
    assert dialog.model.data(dialog.model.index(0, 0)) == "19/08/2026"


def test_pick_person_offers_only_people_not_yet_on_the_event(qtbot, ctx, make):
    event = make.event()
    listed = make.person("Lê Văn An")
    others = [make.person("Phạm Văn Bình"), make.person("Trần Thị Cúc")]
    attendance.add(ctx.db, event, listed)
    dialog = PickPersonDialog(None, ctx, exclude_event_uid=event)
    qtbot.addWidget(dialog)
    assert {row.uid for row in dialog.model.fetched_rows()} == set(others)
    dialog.table.selectAll()
    assert sorted(dialog.chosen()) == sorted(others)
    qtbot.keyClicks(dialog.search, "cuc")
    dialog.search.flush()
    assert [row.full_name for row in dialog.model.fetched_rows()] == ["Trần Thị Cúc"]


def test_export_writes_every_row_of_the_list(qtbot, ctx, make, tmp_path, monkeypatch):
    for index in range(3):
        make.person(f"Nguyễn Văn Tư {index}", birth_year=1970 + index)
    page = _page(qtbot, ctx)
    target = tmp_path / "nguoi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("desktop.ui.export.QMessageBox.information", lambda *a, **k: None)
    page.export()
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Họ và tên", "Giới tính", "Năm sinh")
    assert [r[0] for r in rows[1:]] == _names(page.model)
    assert rows[1][2] == 1970 and isinstance(rows[1][2], int)


def test_people_model_passes_the_model_tester(qtbot, ctx, make, qtmodeltester):
    for name in ("Lê Văn An", "Trần Thị Bích"):
        make.person(name)
    page = _page(qtbot, ctx)
    qtmodeltester.check(page.model)


def test_filters_by_hamlet_and_gender(qtbot, ctx, make):
    tan_hoa, binh_an = ctx.db.hamlets
    make.person("Lê Văn An", gender="nam", hamlet_uid=tan_hoa)
    make.person("Trần Thị Bích", gender="nu", hamlet_uid=tan_hoa)
    make.person("Võ Thị Cúc", gender="nu", hamlet_uid=binh_an)
    page = _page(qtbot, ctx)
    page.hamlet_filter.setCurrentIndex(page.hamlet_filter.findData(tan_hoa))
    assert _names(page.model) == ["Lê Văn An", "Trần Thị Bích"]
    page.gender_filter.setCurrentIndex(page.gender_filter.findData("nu"))
    assert _names(page.model) == ["Trần Thị Bích"]
    page.hamlet_filter.setCurrentIndex(0)
    assert _names(page.model) == ["Trần Thị Bích", "Võ Thị Cúc"]
    assert page.count_label.text() == "2 người"


def test_scrolling_fetches_the_register_page_by_page(qtbot, ctx, make):
    for index in range(PAGE_SIZE * 2 + 30):
        make.person(f"Nguyễn Văn Số {index:03d}")
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == PAGE_SIZE and page.count_label.text() == "430 người"
    page.table.scrollToBottom()  # the view asks the model for the next page at the end
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE * 2)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE * 2 + 30)
    assert not page.model.canFetchMore()


def test_a_person_added_from_the_page_is_selected(qtbot, ctx, make, modal):
    make.person("Trần Thị Bích")
    page = _page(qtbot, ctx)

    def fill(form: PersonFormDialog) -> None:
        form.name_edit.setText("Lê Văn An")
        form.findChild(QPushButton, "ok").click()

    modal.run(page.add_button.click, fill, PersonFormDialog)
    assert _names(page.model) == ["Lê Văn An", "Trần Thị Bích"]
    assert page.model.row_at(page.table.currentIndex().row()).full_name == "Lê Văn An"
    assert page.table.selected_uid() == page.model.uid_at(0)
    assert page.delete_button.isEnabled()


def test_delete_asks_and_removes_the_person_from_their_events(qtbot, ctx, make, modal):
    person = make.person("Lê Văn An")
    event = make.event()
    attendance.add(ctx.db, event, person)
    page = _page(qtbot, ctx)
    assert not page.delete_button.isEnabled()
    page.table.selectRow(0)
    modal.answer(page.delete_button.click, "confirm_no")
    assert page.model.total == 1
    modal.answer(page.delete_button.click, "confirm_yes")
    assert page.model.total == 0 and page.count_label.text() == "0 người"
    assert attendance.participants(ctx.db, event) == []
