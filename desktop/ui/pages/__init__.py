"""The main window's sections, one module each, in navigation order.

The navigation is drawn from `PAGES`, which names each page without importing it: a page's
module (and what it imports: sync, audit, reports…) loads when the page is first shown, so the
main window paints after loading only the first page. A page is a `Page` (desktop/ui/pages/base.py)
with a `reload()` slot called when data or the campaign changes; its title in the navigation
and the permission without which it is left out are its entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.i18n import pgettext
from desktop.core.session import Permission


@dataclass(frozen=True)
class PageEntry:
    """One section of the navigation: where its class lives, its title, who may open it."""

    module: str  # under desktop.ui.pages
    class_name: str
    title: Callable[[], str]  # translated when asked: the language can change
    permission: Permission | None = None  # None: every role

    def load(self) -> type:
        """The page's class, importing its module on first use."""
        module = importlib.import_module(f"{__name__}.{self.module}")
        return getattr(module, self.class_name)


PAGES: tuple[PageEntry, ...] = (
    PageEntry("overview", "OverviewPage", lambda: pgettext("navigation", "Tổng quan")),
    PageEntry("events", "EventsPage", lambda: pgettext("navigation", "Sự kiện")),
    PageEntry("people", "PeoplePage", lambda: pgettext("navigation", "Người tham gia")),
    PageEntry("outcomes", "OutcomesPage", lambda: pgettext("navigation", "Kết quả")),
    PageEntry("reports", "ReportsPage", lambda: pgettext("navigation", "Báo cáo")),
    PageEntry("sync", "SyncPage", lambda: pgettext("navigation", "Đồng bộ")),
    PageEntry("catalogues", "CataloguesPage", lambda: pgettext("navigation", "Danh mục")),
    PageEntry(
        "audit", "AuditPage", lambda: pgettext("navigation", "Nhật ký"), Permission.VIEW_AUDIT
    ),
    PageEntry(
        "accounts",
        "AccountsPage",
        lambda: pgettext("navigation", "Tài khoản"),
        Permission.MANAGE_ACCOUNTS,
    ),
)


# Ctrl+1 … Ctrl+9, Ctrl+0, then the same digits with Shift: one key chord each, never "Ctrl+10".
SHORTCUTS: tuple[str, ...] = tuple(
    f"{modifiers}+{digit}" for modifiers in ("Ctrl", "Ctrl+Shift") for digit in "1234567890"
)


def shortcut(row: int) -> str:
    """The navigation shortcut of the page in `row` (0-based)."""
    if row >= len(SHORTCUTS):
        raise LookupError(f"no shortcut left for page {row + 1}: extend SHORTCUTS")
    return SHORTCUTS[row]


def entry_of(page_type: type) -> PageEntry:
    """The navigation entry of a page class (or of the page class it extends)."""
    for cls in page_type.__mro__:
        for entry in PAGES:
            if entry.class_name == cls.__name__ and cls.__module__.endswith(f".{entry.module}"):
                return entry
    raise LookupError(f"{page_type.__name__} is not in desktop.ui.pages.PAGES")
