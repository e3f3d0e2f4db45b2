"""The outcomes section: the form's rules for commendations, and totals per indicator."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core import catalogues, outcomes
from desktop.core.outcomes import OutcomeFilter, OutcomeInput
from desktop.ui.dialogs.outcome_form import OutcomeFormDialog
from desktop.ui.pages.outcomes import OutcomesPage


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_commendation_needs_collective_or_individual_and_a_level(qtbot, ctx, make):
    dialog = OutcomeFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog.indicator_combo, make.indicator_uid("bang_khen"))
    assert dialog.kind_combo.isVisible() and dialog.level_combo.isVisible()
    dialog.accept()
    shown = dialog.errors.messages()
    assert shown["recipient_kind"] == "Khen thưởng cần ghi rõ tập thể hay cá nhân."
    assert shown["issuer_level"] == "Khen thưởng cần ghi rõ cấp khen."
    assert outcomes.count_outcomes(ctx.db, OutcomeFilter()) == 0
    _choose(dialog.kind_combo, "tap_the")
    _choose(dialog.level_combo, "tinh")
    dialog.recipient_edit.setText("Tổ tự quản ấp Tân Hòa")
    dialog.accept()
    saved = outcomes.get_outcome(ctx.db, dialog.saved_uid)
    assert (saved.recipient_kind, saved.issuer_level) == ("tap_the", "tinh")


def test_gift_value_is_kept_and_level_fields_are_hidden(qtbot, ctx, make):
    event = make.event()
    dialog = OutcomeFormDialog(None, ctx, event_uid=event)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog.indicator_combo, make.indicator_uid("suat_qua"))
    assert not dialog.kind_combo.isVisible()
    assert not dialog.event_combo.isEnabled() and dialog.event_combo.currentData() == event
    dialog.quantity_spin.setValue(20)
    dialog.value_spin.setValue(10_000_000)
    dialog.accept()
    saved = outcomes.get_outcome(ctx.db, dialog.saved_uid)
    assert (saved.quantity, saved.value_vnd, saved.event_uid) == (20, 10_000_000, event)


def test_totals_panel_follows_what_is_recorded(qtbot, ctx, make):
    page = OutcomesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    gift = make.indicator_uid("suat_qua")
    for quantity, value in ((20, 10_000_000), (15, 7_500_000)):
        outcomes.create_outcome(
            ctx.db, OutcomeInput(ctx.campaign_uid, gift, quantity=quantity, value_vnd=value)
        )
    ctx.notify_changed()
    totals = page.totals.rows()
    assert [(t.entries, t.quantity, t.value_vnd) for t in totals] == [(2, 35, 17_500_000)]
    assert page.totals.data(page.totals.index(0, 4)) == "17.500.000"
    assert page.count_label.text() == "2 kết quả — tổng giá trị 17.500.000 đồng"
    assert page.model.total == 2


def _record(ctx, make, code: str, quantity: float, value: int = 0, **fields) -> str:
    data = OutcomeInput(
        ctx.campaign_uid, make.indicator_uid(code), quantity=quantity, value_vnd=value, **fields
    )
    return outcomes.create_outcome(ctx.db, data)


def _page(qtbot, ctx) -> OutcomesPage:
    page = OutcomesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_totals_follow_the_category_filter_and_equal_the_core(qtbot, ctx, make):
    _record(ctx, make, "suat_qua", 20, 10_000_000)
    _record(ctx, make, "bang_khen", 1, recipient_kind="ca_nhan", issuer_level="tinh")
    _record(ctx, make, "bang_khen", 2, recipient_kind="tap_the", issuer_level="xa")
    page = _page(qtbot, ctx)
    assert len(page.totals.rows()) == 2
    page.category_filter.setCurrentIndex(page.category_filter.findData("commendation"))
    core = outcomes.totals_by_indicator(
        ctx.db, OutcomeFilter(campaign_uid=ctx.campaign_uid, category="commendation")
    )
    assert page.totals.rows() == core
    shown = [page.totals.data(page.totals.index(0, column)) for column in range(5)]
    assert shown == ["Bằng khen", "2", "3", core[0].unit_label, ""]
    assert page.model.total == 2
    assert page.indicator_filter.findData(make.indicator_uid("suat_qua")) == -1


def test_list_and_totals_export_the_rows_shown(qtbot, ctx, make, tmp_path, monkeypatch):
    _record(ctx, make, "suat_qua", 20, 10_000_000, recipient="Hộ nghèo ấp Tân Hòa")
    _record(ctx, make, "suat_qua", 5, 2_500_000)
    page = _page(qtbot, ctx)
    targets = iter([tmp_path / "ket-qua.xlsx", tmp_path / "tong-hop"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    page.export_button.click()
    page.export_totals_button.click()
    listed = list(openpyxl.load_workbook(tmp_path / "ket-qua.xlsx").active.values)
    assert listed[0][:4] == ("Chỉ tiêu", "Số lượng", "Đơn vị tính", "Giá trị (đồng)")
    assert sorted(row[1] for row in listed[1:]) == [5, 20]
    assert sorted(row[3] for row in listed[1:]) == [2_500_000, 10_000_000]
    totals = list(openpyxl.load_workbook(tmp_path / "tong-hop.xlsx").active.values)
    assert totals[1] == ("Suất quà", 2, 25, "suất", 12_500_000)
    assert said[1] == f"Đã ghi 1 dòng vào {tmp_path / 'tong-hop.xlsx'}."


def test_delete_asks_first_and_buttons_need_a_selection(qtbot, ctx, make, modal):
    _record(ctx, make, "suat_qua", 20, 10_000_000)
    page = _page(qtbot, ctx)
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    page.table.selectRow(0)
    assert page.delete_button.isEnabled()
    modal.answer(page.delete_button.click, "confirm_no")
    assert page.model.total == 1
    modal.answer(page.delete_button.click, "confirm_yes")
    assert page.model.total == 0 and page.totals.rowCount() == 0
    assert outcomes.count_outcomes(ctx.db, OutcomeFilter()) == 0


def test_editing_keeps_an_indicator_hidden_since(qtbot, ctx, make):
    gift = make.indicator_uid("suat_qua")
    uid = _record(ctx, make, "suat_qua", 20, 10_000_000)
    catalogues.set_active(ctx.db, "indicator", gift, False)
    fresh = OutcomeFormDialog(None, ctx)
    qtbot.addWidget(fresh)
    assert fresh.indicator_combo.findData(gift) == -1
    dialog = OutcomeFormDialog(None, ctx, uid=uid)
    qtbot.addWidget(dialog)
    assert dialog.indicator_combo.currentData() == gift
    dialog.quantity_spin.setValue(25)
    dialog.accept()
    saved = outcomes.get_outcome(ctx.db, uid)
    assert (saved.indicator_uid, saved.quantity, saved.value_vnd) == (gift, 25, 10_000_000)


def test_indicator_combo_groups_by_category_and_headings_cannot_be_chosen(qtbot, ctx):
    dialog = OutcomeFormDialog(None, ctx)
    qtbot.addWidget(dialog)
    combo = dialog.indicator_combo
    headings = [combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) is None]
    assert headings[:3] == ["NGƯỜI THAM GIA", "TUYÊN TRUYỀN", "KHEN THƯỞNG"]
    assert not combo.model().item(0).isEnabled()
    assert combo.currentData() is not None  # the first indicator, not a heading
    assert dialog.event_combo.currentText() == "— Cả kế hoạch —"
    assert dialog.date_edit.text() == ""
    assert dialog.date_edit.placeholderText() == "trống: không ghi ngày"


def test_outcome_models_pass_the_model_tester(qtbot, ctx, make, qtmodeltester):
    _record(ctx, make, "suat_qua", 20, 10_000_000)
    _record(ctx, make, "tin_bai", 3)
    page = _page(qtbot, ctx)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.totals)
