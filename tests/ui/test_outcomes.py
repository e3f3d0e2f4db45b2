"""The outcomes section: the form's rules for commendations, and totals per indicator."""

from __future__ import annotations

from desktop.core import outcomes
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
