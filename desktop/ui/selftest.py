"""The self-test's window step: the main window over the self-test database, every page shown.

Proves that Qt, its platform plugin, the pages and what they load on first view (charts, the
PDF viewer) are all present in this copy of the program. Offscreen unless QT_QPA_PLATFORM says
otherwise, so it runs on a server and never flashes a window on an officer's screen.
"""

from __future__ import annotations

import os

from desktop.core.i18n import N_, _
from desktop.core.selftest import Step, Workspace


def open_main_window(ws: Workspace) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(AppContext(ws.database, ws.folder / "self-test.sqlite3"))
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        app.processEvents()
    size = window.grab().size()
    window.close()
    return _("{pages} trang, {platform}, {width}×{height}").format(
        pages=window.nav.count(),
        platform=app.platformName(),
        width=size.width(),
        height=size.height(),
    )


STEPS = [Step(N_("Mở cửa sổ chính và từng trang"), open_main_window)]
