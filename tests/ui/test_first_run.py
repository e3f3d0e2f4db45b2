"""The first-run wizard: set up an office from the official list, or make the demo commune."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from desktop.core import campaigns, demo, office, people, units
from desktop.core.errors import ValidationError
from desktop.ui.dialogs.first_run import PAGE_DEMO, PAGE_OFFICE, DivisionCombo, FirstRunWizard


@pytest.fixture
def wizard(qtbot, empty_ctx):
    wizard = FirstRunWizard(None, empty_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _type(qtbot, combo: DivisionCombo, text: str) -> None:
    """Type into an editable combo as a user would, then leave the field."""
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), text)
    combo.lineEdit().editingFinished.emit()


def test_office_path_sets_up_the_chosen_commune(qtbot, wizard, empty_ctx):
    assert wizard.welcome.office.isChecked()
    wizard.next()
    assert wizard.currentId() == PAGE_OFFICE
    page = wizard.office_page
    assert page.units.province.count() == 34

    _type(qtbot, page.units.province, "ha noi")  # no diacritics, part of "Thành phố Hà Nội"
    assert page.units.province.currentText() == "Thành phố Hà Nội"
    hanoi = page.units.province.currentData()
    assert page.units.commune.count() == len(units.communes(hanoi))

    _type(qtbot, page.units.commune, "ba dinh")
    code = page.units.commune_code()
    assert units.commune(code).name == "Phường Ba Đình"
    assert code in page.units.code_label.text()

    page.year.setValue(2026)
    page.head_name.insert("Nguyễn Văn Hùng")  # QTest types ASCII only; an IME inserts text
    page.officer_name.insert("Lê Thị Mai")
    qtbot.keyClicks(page.officer_phone, "0912 345 678")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    assert wizard.result() == QDialog.DialogCode.Accepted
    unit = office.self_unit(empty_ctx.db)
    assert (unit.code, unit.name, unit.parent_name) == (code, "Phường Ba Đình", "Thành phố Hà Nội")
    assert (unit.head_name, unit.officer_name, unit.officer_phone) == (
        "Nguyễn Văn Hùng",
        "Lê Thị Mai",
        "0912 345 678",
    )
    assert campaigns.list_campaigns(empty_ctx.db)[0].code == "NH-ANTQ-2026"


def test_commune_list_follows_the_province(qtbot, wizard):
    wizard.next()
    chooser = wizard.office_page.units
    assert chooser.commune.count() == 0  # nothing chosen for the user: they pick their own
    chooser.province.choose("91")
    names = [chooser.commune.itemText(row) for row in range(chooser.commune.count())]
    assert names == [c.name for c in units.communes("91")]
    chooser.province.choose("01")
    assert chooser.commune.itemData(0) in {c.code for c in units.communes("01")}


def test_completer_filters_without_diacritics(qtbot, wizard):
    wizard.next()
    combo = wizard.office_page.units.commune
    wizard.office_page.units.province.choose("91")
    completer = combo.completer()
    completer.setCompletionPrefix("vinh hoa")
    found = [completer.completionModel().index(row, 0).data() for row in range(4)]
    assert found[:2] == ["Xã Vĩnh Hòa", "Xã Vĩnh Hòa Hưng"]
    assert completer.pathFromIndex(completer.completionModel().index(0, 0)) == "Xã Vĩnh Hòa"


def test_unknown_commune_shows_the_message_and_writes_nothing(qtbot, wizard, empty_ctx):
    wizard.next()
    page = wizard.office_page
    page.units.province.choose("91")
    _type(qtbot, page.units.commune, "khong co xa nay")
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert wizard.isVisible()
    assert wizard.currentId() == PAGE_OFFICE
    assert "danh mục chính thức" in page.errors.messages()["commune_code"]
    assert not office.is_set_up(empty_ctx.db)


def test_demo_in_memory_runs_on_the_gui_thread(qtbot, wizard, empty_ctx):
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_DEMO
    page = wizard.demo_page
    assert page.units.commune_code() == demo.default_commune_code()
    wizard.button(QWizard.WizardButton.FinishButton).click()

    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30_000)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert office.self_unit(empty_ctx.db).code == demo.default_commune_code()
    assert people.count_people(empty_ctx.db, people.PersonFilter()) == 1500


def test_demo_on_a_file_runs_in_a_thread_and_keeps_the_wizard_responsive(qtbot, empty_file_ctx):
    wizard = FirstRunWizard(None, empty_file_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    page = wizard.demo_page
    page.units.province.choose("79")  # Thành phố Hồ Chí Minh
    code = page.units.commune.itemData(3)
    page.units.commune.choose(code)
    page.year.setValue(2025)
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert page.busy and page.progress.isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.reject()  # refused while the demo is being written
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=60_000)

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert not page.busy
    db = empty_file_ctx.db
    assert office.self_unit(db).code == code
    assert campaigns.list_campaigns(db)[0].code == "NH-ANTQ-2025"
    assert people.count_people(db, people.PersonFilter()) == 1500


def test_demo_failure_in_the_thread_is_shown_and_the_wizard_stays(
    qtbot, empty_file_ctx, monkeypatch
):
    def refuse(db, commune_code=None, year=None, **_kwargs):
        raise ValidationError({"year": f"Đã có kế hoạch của năm {year}."})

    monkeypatch.setattr(demo, "create_demo_commune", refuse)
    wizard = FirstRunWizard(None, empty_file_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    page = wizard.demo_page
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not page.busy)

    assert wizard.isVisible() and not page.progress.isVisible()
    assert page.errors.messages()["year"].startswith("Đã có kế hoạch của năm")
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not office.is_set_up(empty_file_ctx.db)


def test_ask_is_false_when_cancelled(qtbot, modal, empty_ctx):
    assert modal.run(lambda: FirstRunWizard.ask(None, empty_ctx), lambda w: w.reject()) is False
    assert not office.is_set_up(empty_ctx.db)


def test_ask_is_true_once_set_up_and_chooses_the_campaign(qtbot, modal, empty_ctx):
    def set_up(wizard: FirstRunWizard) -> None:
        wizard.next()
        wizard.office_page.units.select("30985")
        wizard.office_page.officer_name.setText("Lê Thị Mai")
        wizard.button(QWizard.WizardButton.FinishButton).click()

    assert modal.run(lambda: FirstRunWizard.ask(None, empty_ctx), set_up, FirstRunWizard)
    assert empty_ctx.campaign_uid == campaigns.list_campaigns(empty_ctx.db)[0].uid
