"""The main window's sections, one module each, in navigation order.

A page is a QWidget with a class attribute `nav_title()` (its translated name in the
navigation) and a `refresh()` slot called when data or the campaign changes.
"""

from __future__ import annotations


def page_classes() -> list[type]:
    """The pages, in the order of the navigation. Only working sections appear."""
    from desktop.ui.pages.accounts import AccountsPage
    from desktop.ui.pages.audit import AuditPage
    from desktop.ui.pages.catalogues import CataloguesPage
    from desktop.ui.pages.events import EventsPage
    from desktop.ui.pages.outcomes import OutcomesPage
    from desktop.ui.pages.overview import OverviewPage
    from desktop.ui.pages.people import PeoplePage
    from desktop.ui.pages.reports import ReportsPage
    from desktop.ui.pages.sync import SyncPage

    return [
        OverviewPage,
        EventsPage,
        PeoplePage,
        OutcomesPage,
        ReportsPage,
        SyncPage,
        CataloguesPage,
        AuditPage,
        AccountsPage,
    ]
