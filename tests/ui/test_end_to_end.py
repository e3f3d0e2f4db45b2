"""The issue's scenario on the real main window over a database file.

Create an event through the form, add two participants, record an outcome through the outcome
form, find the event by searching without diacritics, and see the overview's figures change.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core import attendance, outcomes
from desktop.core.outcomes import OutcomeFilter
from desktop.ui.dialogs.event_detail import EventDetailDialog
from desktop.ui.dialogs.event_form import EventFormDialog
from desktop.ui.dialogs.outcome_form import OutcomeFormDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.events import EventsPage
from desktop.ui.pages.overview import OverviewPage

FIGURES = ("events_held", "festivals_commune", "participants", "people_named", "gifts")


def _figures(page: OverviewPage) -> dict[str, str]:
    return {key: page.figure_text(key) for key in FIGURES}


def test_event_participants_outcome_search_and_overview(
    qtbot, file_ctx, file_make, modal, monkeypatch
):
    from desktop.ui.dialogs import pick_person

    ctx, make = file_ctx, file_make
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    overview = window.show_page(OverviewPage)
    assert window.stack.currentWidget() is overview
    qtbot.waitUntil(lambda: not overview.loading)  # the figures are read after the first paint
    before = _figures(overview)
    assert before == dict.fromkeys(FIGURES, "0")
    gifts_note = overview.cards["gifts"].note.text()

    # 1. An event, through the form's real widgets.
    events_page = window.show_page(EventsPage)

    def fill(form: EventFormDialog) -> None:
        form.title_edit.setText("Phần lễ Ngày hội toàn dân bảo vệ ANTQ xã năm 2026")
        form.type_combo.setCurrentIndex(form.type_combo.findData(make.type_uid("le_xa")))
        form.status_combo.setCurrentIndex(form.status_combo.findData("held"))
        form.start_date.setDate(dt.date(2026, 8, 19))
        form.place_edit.setText("Hội trường UBND xã")
        form.counts["count_total"].setValue(350)
        form.counts["count_women"].setValue(120)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    an, binh = make.person("Nguyễn Văn An"), make.person("Trần Thị Bình", gender="nu")
    landed: list[str] = []

    # 2. and 3. Two participants (the picker is patched at its seam) and an outcome through
    # the real outcome form, from the event's page.
    monkeypatch.setattr(
        pick_person.PickPersonDialog, "ask", staticmethod(lambda *a, **k: [an, binh])
    )

    def record_gifts(form: OutcomeFormDialog) -> None:
        assert form.event_combo.currentData() == landed[0] and not form.event_combo.isEnabled()
        form.indicator_combo.setCurrentIndex(
            form.indicator_combo.findData(make.indicator_uid("suat_qua"))
        )
        form.quantity_spin.setValue(25)
        form.value_spin.setValue(12_500_000)
        form.recipient_edit.setText("Hộ nghèo, gia đình chính sách")
        form.findChild(QPushButton, "ok").click()

    def work_on(detail: EventDetailDialog) -> None:
        landed.append(detail.uid)
        detail.pick_button.click()
        detail.tabs.setCurrentIndex(1)
        modal.run(detail.add_outcome_button.click, record_gifts, OutcomeFormDialog)
        assert detail.tabs.tabText(0) == "Người tham gia (2)"
        assert detail.tabs.tabText(1) == "Kết quả (1)"
        detail.accept()

    # Saving the new event lands in it, to add its people and outcomes.
    modal.run(
        lambda: modal.run(events_page.add_button.click, fill, EventFormDialog),
        work_on,
        EventDetailDialog,
    )
    assert events_page.count_label.text() == "1 sự kiện"
    event_uid = events_page.table.selected_uid()
    assert landed == [event_uid]
    assert len(attendance.participants(ctx.db, event_uid)) == 2
    recorded = outcomes.list_outcomes(ctx.db, OutcomeFilter(event_uid=event_uid))
    assert [(o.indicator_name, o.quantity, o.value_vnd) for o in recorded] == [
        ("Suất quà", 25, 12_500_000)
    ]
    row = events_page.model.row_at(0)
    assert (row.named_count, row.outcome_count) == (2, 1)

    # 4. Found by typing its title without diacritics.
    events_page.clear_filters()
    make.event("Họp dân ấp Tân Hòa", start_date="2026-03-10")
    events_page.refresh()
    assert events_page.count_label.text() == "2 sự kiện"
    events_page.search.setFocus()
    with qtbot.waitSignal(events_page.search.search, timeout=2000):
        qtbot.keyClicks(events_page.search, "phan le ngay hoi")
    assert events_page.count_label.text() == "1 sự kiện"
    assert events_page.model.index(0, 1).data() == (
        "Phần lễ Ngày hội toàn dân bảo vệ ANTQ xã năm 2026"
    )

    # 5. The overview has followed.
    window.show_page(OverviewPage)
    qtbot.waitUntil(lambda: not overview.loading)
    after = _figures(overview)
    assert after == {
        "events_held": "1",
        "festivals_commune": "1",
        "participants": "350",
        "people_named": "2",
        "gifts": "25",
    }
    assert overview.cards["gifts"].note.text() == "trị giá 12.500.000 đồng" != gifts_note
    assert dict(overview.chart_months)["2026-08"] == 350
