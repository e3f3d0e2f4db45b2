"""A commendation's or gift's recipient: a person of the register (linked, listed on their page)
or a collective named as written (issue 14, "The common path is short")."""

from __future__ import annotations

import pytest

from desktop.core import outcomes
from desktop.core.errors import ValidationError
from desktop.core.outcomes import OutcomeInput
from desktop.ui.dialogs import pick_person
from desktop.ui.dialogs.outcome_form import OutcomeFormDialog
from desktop.ui.dialogs.person_detail import PersonDetailDialog


def _form(qtbot, ctx, make, code: str) -> OutcomeFormDialog:
    dialog = OutcomeFormDialog(None, ctx)
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.hide())
    dialog.indicator_combo.setCurrentIndex(
        dialog.indicator_combo.findData(make.indicator_uid(code))
    )
    return dialog


def test_a_person_from_the_register_receives_a_commendation_listed_on_their_page(
    qtbot, ctx, make, monkeypatch
):
    binh = make.person("Trần Thị Bình")
    monkeypatch.setattr(pick_person.PickPersonDialog, "ask", staticmethod(lambda *a, **k: [binh]))
    form = _form(qtbot, ctx, make, "giay_khen")
    form.person_button.click()
    assert form.recipient_edit.text() == "Trần Thị Bình"
    assert form.kind_combo.currentData() == "ca_nhan"
    form.level_combo.setCurrentIndex(form.level_combo.findData("xa"))
    form.accept()
    saved = outcomes.get_outcome(ctx.db, form.saved_uid)
    assert (saved.recipient, saved.recipient_person_uid) == ("Trần Thị Bình", binh)

    page = PersonDetailDialog(None, ctx, binh)
    qtbot.addWidget(page)
    assert page.tabs.tabText(2) == "Khen thưởng, quà tặng (1)"
    assert page.received.row_at(0).indicator_name == "Giấy khen"


def test_a_collective_is_named_as_typed_with_hamlets_offered(qtbot, ctx, make):
    form = _form(qtbot, ctx, make, "giay_khen")
    completions = form.recipient_edit.completer().model()
    names = [completions.index(i, 0).data() for i in range(completions.rowCount())]
    assert "Ấp Tân Hòa" in names
    form.recipient_edit.setText("Ấp Tân Hòa")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("tap_the"))
    form.level_combo.setCurrentIndex(form.level_combo.findData("xa"))
    form.accept()
    saved = outcomes.get_outcome(ctx.db, form.saved_uid)
    assert (saved.recipient, saved.recipient_person_uid) == ("Ấp Tân Hòa", None)


def test_typing_over_a_linked_name_unlinks_the_person(qtbot, ctx, make, monkeypatch):
    binh = make.person("Trần Thị Bình")
    monkeypatch.setattr(pick_person.PickPersonDialog, "ask", staticmethod(lambda *a, **k: [binh]))
    form = _form(qtbot, ctx, make, "suat_qua")
    form.person_button.click()
    assert form.value().recipient_person_uid == binh
    qtbot.keyClicks(form.recipient_edit, " va gia dinh")  # QTest types Latin-1 only
    assert form.value().recipient_person_uid is None  # no longer that person alone


def test_the_core_refuses_a_person_as_a_collective_or_a_removed_person(ctx, make):
    binh = make.person("Trần Thị Bình")
    data = OutcomeInput(
        campaign_uid=ctx.campaign_uid,
        indicator_uid=make.indicator_uid("giay_khen"),
        recipient_person_uid=binh,
        recipient_kind="tap_the",
        issuer_level="xa",
    )
    with pytest.raises(ValidationError) as refused:
        outcomes.create_outcome(ctx.db, data)
    assert refused.value.fields == {
        "recipient_kind": "Người chọn từ danh sách là cá nhân, không phải tập thể."
    }
    data.recipient_kind, data.recipient_person_uid = "ca_nhan", "no-such-person"
    with pytest.raises(ValidationError) as refused:
        outcomes.create_outcome(ctx.db, data)
    assert refused.value.fields == {
        "recipient": "Người nhận không còn trong danh sách người tham gia."
    }
