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
