"""The navigation is drawn from PAGES without importing the pages; each entry must still be the
page it names, so a renamed class or module fails here rather than on an officer's click."""

from __future__ import annotations

import pytest

from desktop.core.i18n import set_language
from desktop.ui.pages import PAGES, entry_of
from desktop.ui.pages.base import Page

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.class_name)
def test_each_entry_loads_the_page_it_names(entry):
    page_type = entry.load()
    assert issubclass(page_type, Page)
    assert entry_of(page_type) is entry
    assert page_type.nav_title() == entry.title()
    assert page_type.required_permission() is entry.permission


def test_titles_are_distinct_and_follow_the_language():
    set_language("vi")
    vietnamese = [entry.title() for entry in PAGES]
    set_language("en")
    try:
        english = [entry.title() for entry in PAGES]
    finally:
        set_language("vi")
    assert len(set(vietnamese)) == len(PAGES)
    assert vietnamese[0] == "Tổng quan" and english[0] == "Overview"
    assert all(vi != en for vi, en in zip(vietnamese, english, strict=True))


def test_a_class_outside_the_navigation_is_refused():
    class Stray(Page):
        pass

    with pytest.raises(LookupError):
        entry_of(Stray)


def test_every_page_has_its_own_single_key_shortcut_even_past_the_ninth():
    from PySide6.QtGui import QKeySequence

    from desktop.ui.pages import SHORTCUTS, shortcut

    rows = range(max(len(PAGES), 12))
    sequences = [QKeySequence(shortcut(row)) for row in rows]
    assert all(sequence.count() == 1 for sequence in sequences)
    assert len({sequence.toString() for sequence in sequences}) == len(sequences)
    assert shortcut(9) == "Ctrl+0"
    with pytest.raises(LookupError):
        shortcut(len(SHORTCUTS))


@pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_each_go_menu_shortcut_opens_its_page(qtbot, commune_db):
    from PySide6.QtGui import QKeySequence

    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages import shortcut

    window = MainWindow(AppContext(commune_db, None))
    qtbot.addWidget(window)
    window.show()
    by_keys = {action.shortcut().toString(): action for action in window.go_menu.actions()}
    assert len(by_keys) == len(window.entries)
    for row in reversed(range(len(window.entries))):
        by_keys[QKeySequence(shortcut(row)).toString()].trigger()
        assert window.nav.currentRow() == row
