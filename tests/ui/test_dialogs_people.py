"""The people dialogs through their real widgets: the form, the look-alike question, the
picker that keeps its choice across searches, and a person's page."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from desktop.core import attendance, people
from desktop.core.people import PersonFilter, PersonInput
from desktop.ui.dialogs import event_detail
from desktop.ui.dialogs.person_detail import PersonDetailDialog
from desktop.ui.dialogs.person_form import PersonFormDialog
from desktop.ui.dialogs.pick_person import PickPersonDialog


def _form(qtbot, ctx, uid: str | None = None) -> PersonFormDialog:
    dialog = PersonFormDialog(None, ctx, uid=uid)
    qtbot.addWidget(dialog)
    return dialog


def _everyone(ctx) -> list[str]:
    return [row.full_name for row in people.list_people(ctx.db, PersonFilter())]


def test_a_new_person_starts_as_kinh_without_religion_and_unknown_year(qtbot, ctx):
    dialog = _form(qtbot, ctx)
    assert dialog.ethnicity_combo.currentText() == "Kinh"
    assert dialog.ethnicity_combo.itemText(0) == "Kinh"
    assert dialog.religion_combo.currentText() == "Không tôn giáo"
    assert dialog.year_edit.text() == ""
    assert dialog.year_edit.placeholderText() == "không rõ"
    assert dialog.value().birth_year is None


def test_every_field_is_saved_and_read_back(qtbot, ctx):
    dialog = _form(qtbot, ctx)
    dialog.name_edit.setText("Hồ Thị Xuân")  # QTest types only Latin-1 keys
    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData("nu"))
    dialog.year_edit.setText("1985")
    dialog.ethnicity_combo.setCurrentIndex(dialog.ethnicity_combo.findText("Khơ-me"))
    dialog.religion_combo.setCurrentIndex(dialog.religion_combo.findText("Phật giáo"))
    dialog.hamlet_combo.setCurrentIndex(dialog.hamlet_combo.findData(ctx.db.hamlets[1]))
    dialog.address_edit.setText("Tổ 3")
    dialog.organisation_edit.setText("Hội Phụ nữ")
    dialog.position_edit.setText("Chi hội trưởng")
    qtbot.keyClicks(dialog.phone_edit, "0912345678")
    qtbot.keyClicks(dialog.national_id_edit, "089185000123")
    dialog.notes_edit.setPlainText("Tích cực")
    dialog.findChild(QPushButton, "ok").click()
    saved = people.get_person(ctx.db, dialog.saved_uid)
    assert saved == PersonInput(
        "Hồ Thị Xuân",
        gender="nu",
        birth_year=1985,
        ethnicity_code=dialog.ethnicity_combo.currentData(),
        religion_code=dialog.religion_combo.currentData(),
        hamlet_uid=ctx.db.hamlets[1],
        address="Tổ 3",
        phone="0912345678",
        organisation="Hội Phụ nữ",
        position="Chi hội trưởng",
        national_id="089185000123",
        notes="Tích cực",
    )
    assert saved.ethnicity_code not in (None, "01") and saved.religion_code not in (None, "00")
    again = _form(qtbot, ctx, dialog.saved_uid)
    assert again.value() == saved
    assert again.windowTitle() == "Sửa thông tin người tham gia"


def test_look_alike_question_lists_them_and_no_keeps_the_form_open(qtbot, ctx, make, modal):
    make.person("Nguyễn Văn Dũng", birth_year=1980, hamlet_uid=ctx.db.hamlets[0])
    dialog = _form(qtbot, ctx)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "nguyen van dung")
    dialog.year_edit.setText("1980")
    dialog.hamlet_combo.setCurrentIndex(dialog.hamlet_combo.findData(ctx.db.hamlets[0]))
    asked: list[str] = []

    def answer(button: str):
        def click(box: QMessageBox) -> None:
            asked.append(box.text())
            box.findChild(QPushButton, button).click()

        return click

    modal.run(dialog.accept, answer("confirm_no"), QMessageBox)
    assert asked[0].splitlines() == [
        "Danh sách đã có người trùng họ tên, năm sinh và ấp:",
        "• Nguyễn Văn Dũng — năm sinh 1980, Ấp Tân Hòa",
        "",
        "Vẫn thêm người mới?",
    ]
    assert dialog.isVisible() and dialog.saved_uid is None
    assert _everyone(ctx) == ["Nguyễn Văn Dũng"]
    modal.run(dialog.accept, answer("confirm_yes"), QMessageBox)
    assert not dialog.isVisible()
    assert sorted(_everyone(ctx)) == ["Nguyễn Văn Dũng", "nguyen van dung"]


def test_ask_returns_none_when_cancelled(qtbot, ctx, modal):
    def cancel(dialog: PersonFormDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Le Van Tam")
        # What was typed is thrown away only once the officer says so.
        modal.answer(dialog.findChild(QPushButton, "cancel").click, "confirm_yes")

    assert modal.run(lambda: PersonFormDialog.ask(None, ctx), cancel, PersonFormDialog) is None
    assert _everyone(ctx) == []


def _picker(qtbot, ctx, event: str | None = None) -> PickPersonDialog:
    dialog = PickPersonDialog(None, ctx, exclude_event_uid=event)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _search(qtbot, dialog: PickPersonDialog, text: str) -> None:
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, text)
    dialog.search.flush()


def _click_name(qtbot, dialog: PickPersonDialog, name: str, ctrl: bool = True) -> None:
    row = [r.full_name for r in dialog.model.fetched_rows()].index(name)
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_picker_keeps_its_choice_across_searches(qtbot, ctx, make):
    an = make.person("Lê Văn An")
    binh = make.person("Phạm Thị Bình")
    make.person("Trần Văn Bính")
    dialog = _picker(qtbot, ctx)
    assert dialog.chosen_label.text() == "Chưa chọn ai."
    _search(qtbot, dialog, "an")
    _click_name(qtbot, dialog, "Lê Văn An")
    _search(qtbot, dialog, "binh")
    assert [r.full_name for r in dialog.model.fetched_rows()] == ["Phạm Thị Bình", "Trần Văn Bính"]
    _click_name(qtbot, dialog, "Phạm Thị Bình")
    assert dialog.chosen() == [an, binh]
    assert dialog.chosen_label.text() == "Đã chọn 2 người: Lê Văn An, Phạm Thị Bình"
    _search(qtbot, dialog, "")
    selected = {dialog.model.uid_at(i.row()) for i in dialog.table.selectionModel().selectedRows()}
    assert selected == {an, binh}  # shown selected again when they are back in the list
    _click_name(qtbot, dialog, "Lê Văn An")  # a second ctrl-click takes the person off
    assert dialog.chosen() == [binh]


def test_picker_filters_by_hamlet_and_leaves_out_people_on_the_event(
    qtbot, ctx, make, qtmodeltester
):
    tan_hoa, binh_an = ctx.db.hamlets
    event = make.event()
    on_event = make.person("Lê Văn An", hamlet_uid=tan_hoa)
    attendance.add(ctx.db, event, on_event)
    cuc = make.person("Trần Thị Cúc", hamlet_uid=tan_hoa)
    make.person("Võ Văn Dũng", hamlet_uid=binh_an)
    dialog = _picker(qtbot, ctx, event)
    assert dialog.count_label.text().startswith("2 người phù hợp")
    dialog.hamlet_filter.setCurrentIndex(dialog.hamlet_filter.findData(tan_hoa))
    assert [row.uid for row in dialog.model.fetched_rows()] == [cuc]
    qtmodeltester.check(dialog.model)


def test_picker_ask_returns_the_chosen_uids_or_nothing(qtbot, ctx, make, modal):
    chosen = [make.person("Lê Văn An"), make.person("Trần Thị Cúc")]

    def pick_all(dialog: PickPersonDialog) -> None:
        dialog.table.selectAll()
        dialog.findChild(QPushButton, "ok").click()

    def cancel(dialog: PickPersonDialog) -> None:
        dialog.table.selectAll()
        dialog.findChild(QPushButton, "cancel").click()

    assert modal.run(lambda: PickPersonDialog.ask(None, ctx), pick_all) == chosen
    assert modal.run(lambda: PickPersonDialog.ask(None, ctx), cancel) == []


def test_person_page_edit_button_updates_what_it_shows(qtbot, ctx, make, modal, qtmodeltester):
    person = make.person("Lê Thị Mai", birth_year=1990)
    event = make.event("Ngày hội ấp Tân Hòa", start_date="2026-08-19")
    attendance.add(ctx.db, event, person)
    dialog = PersonDetailDialog(None, ctx, person)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Lê Thị Mai"
    row = [dialog.model.data(dialog.model.index(0, column)) for column in range(5)]
    assert row[:3] == ["19/08/2026", "Ngày hội ấp Tân Hòa", "Tuyên truyền"]
    qtmodeltester.check(dialog.model)

    def rename(form: PersonFormDialog) -> None:
        form.name_edit.setText("Lê Thị Mai Anh")
        form.findChild(QPushButton, "ok").click()

    edit = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Sửa thông tin…")
    modal.run(edit.click, rename, PersonFormDialog)
    assert dialog.windowTitle() == "Lê Thị Mai Anh"


def test_person_page_of_someone_without_events(qtbot, ctx, make):
    dialog = PersonDetailDialog(None, ctx, make.person("Lê Văn Tám"))
    qtbot.addWidget(dialog)
    assert dialog.events_label.text() == "Chưa tham gia sự kiện nào."
    assert dialog.model.rowCount() == 0


def test_person_page_opens_an_event_and_exports_the_events(qtbot, ctx, make, monkeypatch, tmp_path):
    person = make.person("Lê Thị Mai", organisation="Hội Phụ nữ xã", national_id="089185000123")
    first = make.event("Ngày hội ấp Tân Hòa", start_date="2026-08-19")
    second = make.event("Họp dân ấp Bình An", start_date="2026-03-01")
    for event in (first, second):
        attendance.add(ctx.db, event, person)
    dialog = PersonDetailDialog(None, ctx, person)
    qtbot.addWidget(dialog)
    dialog.show()
    facts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Hội Phụ nữ xã" in facts and "089185000123" not in facts  # the ID stays off screen
    opened: list[str] = []

    def open_event(_parent, _ctx, uid: str) -> None:  # the officer takes her off that list
        opened.append(uid)
        attendance.remove(ctx.db, uid, person)

    monkeypatch.setattr(event_detail.EventDetailDialog, "ask", staticmethod(open_event))
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened == [first]
    assert [row.title for row in dialog.model.rows()] == ["Họp dân ấp Bình An"]
    assert dialog.events_label.text() == "Đã tham gia 1 sự kiện:"

    target = tmp_path / "su-kien.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.export_button.click()
    rows = list(openpyxl.load_workbook(target).active.values)
    assert rows[0] == ("Ngày", "Sự kiện", "Loại", "Vai trò", "Trạng thái")
    assert rows[1][1] == "Họp dân ấp Bình An" and len(rows) == 2
