"""The catalogue section: an officer adds, renames and hides entries; references are read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from desktop.core import catalogues
from desktop.ui.pages.catalogues import AddEntryDialog, CataloguesPage


def _page(qtbot, ctx) -> CataloguesPage:
    page = CataloguesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def _add(modal, open_it, name: str, extra=None):
    def fill(dialog: AddEntryDialog) -> None:
        dialog.name_edit.setText(name)
        if extra:
            extra(dialog)
        dialog.accept()
        if dialog.isVisible():  # refused: keep the message for the test, then close
            fill.messages = dialog.errors.messages()
            dialog.reject()

    fill.messages = {}
    modal.run(open_it, fill)
    return fill.messages


def test_officer_adds_a_hamlet_and_a_look_alike_is_refused(qtbot, ctx, modal):
    page = _page(qtbot, ctx)
    assert _add(modal, page.add_hamlet, "Ấp Phước Lợi") == {}
    names = [item.name for item in page.hamlet_tab.model.rows()]
    assert "Ấp Phước Lợi" in names
    refused = _add(modal, page.add_hamlet, "ap phuoc loi")
    assert refused == {"name": "Danh mục đã có mục “ap phuoc loi”."}
    assert [h.name for h in catalogues.hamlets(ctx.db)].count("Ấp Phước Lợi") == 1


def test_officer_adds_an_indicator_with_value(qtbot, ctx, modal):
    page = _page(qtbot, ctx)

    def money(dialog):
        dialog.findChild(type(dialog.name_edit), "unit_label").setText("suất")
        dialog.findChild(object, "has_value").setChecked(True)

    assert _add(modal, page.add_indicator, "Quà tặng học sinh nghèo", money) == {}
    added = [i for i in catalogues.indicators(ctx.db, ctx.campaign_uid) if i.name.startswith("Quà")]
    assert added[0].extra["unit_label"] == "suất" and added[0].extra["has_value"] == 1
    assert added[0].code.startswith("rieng_")


def test_rename_and_hide_a_hamlet(qtbot, ctx, monkeypatch):
    page = _page(qtbot, ctx)
    tab = page.hamlet_tab
    tab.view.selectRow(0)
    first = tab.selected()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ấp Tân Hòa A", True))
    tab.rename_selected()
    assert "Ấp Tân Hòa A" in [h.name for h in catalogues.hamlets(ctx.db)]
    tab.view.selectRow(0)
    tab.toggle_selected()
    assert first.uid not in [h.uid for h in catalogues.hamlets(ctx.db)]
    state = next(r for r in tab.model.rows() if r.uid == first.uid)
    assert state.extra["active"] == 0


def test_reference_lists_show_official_codes(qtbot, ctx):
    page = _page(qtbot, ctx)
    assert page.ethnicity_model.rowCount() == 54
    assert page.ethnicity_model.row_at(0).name == "Kinh"
    assert page.religion_model.row_at(0).code == "00"
