"""The catalogue section: an officer adds, renames and hides entries; references are read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton

from desktop.core import catalogues, people
from desktop.core.people import PersonInput
from desktop.ui.dialogs.person_form import PersonFormDialog
from desktop.ui.pages.catalogues import CataloguesPage, EntryDialog


def _page(qtbot, ctx) -> CataloguesPage:
    page = CataloguesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def _enter(modal, open_it, name: str, extra=None) -> dict[str, str]:
    """Type a name into the entry dialog `open_it` shows and save; the messages if refused."""
    messages: dict[str, str] = {}

    def fill(dialog: EntryDialog) -> None:
        dialog.name_edit.setText(name)
        if extra:
            extra(dialog)
        dialog.findChild(QPushButton, "ok").click()
        if dialog.isVisible():  # refused: keep the messages for the test, then close
            messages.update(dialog.errors.messages())
            dialog.reject()

    modal.run(open_it, fill, EntryDialog)
    return messages


def _row_of(tab, name: str) -> int:
    return [item.name for item in tab.model.rows()].index(name)


def test_officer_adds_a_hamlet_and_a_look_alike_is_refused(qtbot, ctx, modal):
    page = _page(qtbot, ctx)
    assert _enter(modal, page.hamlet_tab.add_button.click, "Ấp Phước Lợi") == {}
    assert "Ấp Phước Lợi" in [item.name for item in page.hamlet_tab.model.rows()]
    refused = _enter(modal, page.hamlet_tab.add_button.click, "ap phuoc loi")
    assert refused == {"name": "Danh mục đã có mục “ap phuoc loi”."}
    assert [h.name for h in catalogues.hamlets(ctx.db)].count("Ấp Phước Lợi") == 1


def test_officer_adds_an_indicator_with_value(qtbot, ctx, modal):
    page = _page(qtbot, ctx)

    def money(dialog):
        category = dialog.findChild(QComboBox, "category")
        category.setCurrentIndex(category.findData("gift"))
        dialog.findChild(QLineEdit, "unit_label").setText("suất")
        dialog.findChild(QCheckBox, "has_value").setChecked(True)

    button = page.indicator_tab.add_button
    assert _enter(modal, button.click, "Quà tặng học sinh nghèo", money) == {}
    added = [i for i in catalogues.indicators(ctx.db, ctx.campaign_uid) if i.name.startswith("Quà")]
    assert added[0].extra["unit_label"] == "suất" and added[0].extra["has_value"] == 1
    assert added[0].extra["category"] == "gift"
    assert added[0].code.startswith("rieng_")
    shown = page.indicator_tab.model
    row = _row_of(page.indicator_tab, "Quà tặng học sinh nghèo")
    assert [shown.data(shown.index(row, column)) for column in range(5)] == [
        "Quà tặng học sinh nghèo",
        "Thăm hỏi, tặng quà",
        "suất",
        "Có",
        "Đang dùng",
    ]


def test_rename_through_the_dialog_refuses_a_name_already_used(qtbot, ctx, modal):
    page = _page(qtbot, ctx)
    tab = page.hamlet_tab
    assert not tab.rename_button.isEnabled()
    tab.view.selectRow(_row_of(tab, "Ấp Tân Hòa"))
    assert tab.rename_button.isEnabled()
    refused = _enter(modal, tab.rename_button.click, "Ấp Bình An")
    assert refused == {"name": "Danh mục đã có mục “Ấp Bình An”."}
    assert _enter(modal, tab.rename_button.click, "Ấp Tân Hòa A") == {}
    assert sorted(h.name for h in catalogues.hamlets(ctx.db)) == ["Ấp Bình An", "Ấp Tân Hòa A"]
    assert tab.selected().name == "Ấp Tân Hòa A"  # still selected after the list reloads


def test_a_hidden_hamlet_leaves_new_forms_but_stays_on_its_people(qtbot, ctx, make):
    hamlet = ctx.db.hamlets[0]
    person = make.person("Lê Văn Tám", hamlet_uid=hamlet)
    page = _page(qtbot, ctx)
    tab = page.hamlet_tab
    tab.view.selectRow(_row_of(tab, "Ấp Tân Hòa"))
    assert tab.toggle_button.text() == "Ẩn"
    tab.toggle_button.click()
    assert hamlet not in [h.uid for h in catalogues.hamlets(ctx.db)]
    assert tab.selected().extra["active"] == 0
    assert tab.toggle_button.text() == "Hiện lại"
    state = tab.model.data(tab.model.index(_row_of(tab, "Ấp Tân Hòa"), 2))
    assert state == "Đã ẩn"

    new_form = PersonFormDialog(None, ctx)
    qtbot.addWidget(new_form)
    assert new_form.hamlet_combo.findData(hamlet) == -1
    edit_form = PersonFormDialog(None, ctx, uid=person)
    qtbot.addWidget(edit_form)
    assert edit_form.hamlet_combo.currentData() == hamlet
    edit_form.phone_edit.setText("0912345678")
    edit_form.accept()
    assert people.get_person(ctx.db, person) == PersonInput(
        "Lê Văn Tám", hamlet_uid=hamlet, phone="0912345678"
    )

    tab.toggle_button.click()
    assert hamlet in [h.uid for h in catalogues.hamlets(ctx.db)]


def test_reference_lists_show_official_codes_with_their_scheme(qtbot, ctx, qtmodeltester):
    page = _page(qtbot, ctx)
    ethnicities = page.ethnicity_model
    assert ethnicities.rowCount() == 54
    first = [ethnicities.data(ethnicities.index(0, column)) for column in range(3)]
    assert first == ["01", "121-TCTK/PPCĐ", "Kinh"]
    religions = page.religion_model
    assert [religions.data(religions.index(0, column)) for column in range(3)] == [
        "00",
        "1019/QĐ-TCTK",
        "Không tôn giáo",
    ]
    qtmodeltester.check(ethnicities)
    qtmodeltester.check(page.hamlet_tab.model)
    qtmodeltester.check(page.indicator_tab.model)


def test_campaign_catalogues_cannot_grow_without_a_campaign(qtbot, empty_ctx):
    page = _page(qtbot, empty_ctx)
    assert not page.indicator_tab.add_button.isEnabled()
    assert not page.event_type_tab.add_button.isEnabled()
    assert page.hamlet_tab.add_button.isEnabled()
    assert page.indicator_tab.model.rowCount() == 0
