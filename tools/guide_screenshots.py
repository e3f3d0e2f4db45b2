"""Screenshots of the real program for the user guide (resources/guide/img) and for reviews.

Run under a virtual screen the size offices have, e.g.

    xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python tools/guide_screenshots.py \
        resources/guide/img
    QT_SCALE_FACTOR=1.25 xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python \
        tools/guide_screenshots.py /tmp/shots-125

(`make guide-shots` does the first.) A demo commune is made in a temporary file, an
administrator signs in, and each window is drawn by the program itself and saved as a PNG.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

PASSWORD = "Mat-khau-huong-dan-2026"


def _settle(ms: int = 150) -> None:
    """Let Qt lay out and paint (and a page load its rows) before a picture is taken."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _shoot(widget: QWidget, folder: Path, name: str) -> None:
    _settle()
    widget.grab().save(str(folder / f"{name}.png"))
    print(f"{name}.png {widget.width()}×{widget.height()}")


def _with_dialog(make: Callable[[], QWidget], folder: Path, name: str) -> None:
    dialog = make()
    dialog.show()
    _shoot(dialog, folder, name)
    dialog.hide()
    dialog.deleteLater()


def main(folder: Path) -> int:
    from db import open_database
    from desktop.core import accounts, demo, events
    from desktop.core.events import EventFilter
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext

    folder.mkdir(parents=True, exist_ok=True)
    make_application()
    path = Path(tempfile.mkdtemp(prefix="antq-guide-")) / "huong-dan.sqlite3"
    db = open_database(path)
    demo.create_demo_commune(db, people=300, events=30)
    accounts.create_first_admin(db, "quantri", "Lê Thị Mai", PASSWORD)
    ctx = AppContext(db, path)

    from desktop.ui.dialogs.event_detail import EventDetailDialog
    from desktop.ui.dialogs.event_form import EventFormDialog
    from desktop.ui.dialogs.export_bundle import ExportBundleDialog
    from desktop.ui.dialogs.outcome_form import OutcomeFormDialog
    from desktop.ui.dialogs.person_form import PersonFormDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.events import EventsPage
    from desktop.ui.pages.reports import ReportsPage
    from desktop.ui.pages.sync import SyncPage

    window = MainWindow(ctx)
    window.show()
    _shoot(window, folder, "01-tong-quan")
    window.show_page(EventsPage)
    _shoot(window, folder, "02-su-kien")
    first = events.list_events(ctx.db, EventFilter(campaign_uid=ctx.campaign_uid), limit=1)[0]
    _with_dialog(lambda: EventFormDialog(window, ctx), folder, "03-them-su-kien")
    _with_dialog(lambda: EventDetailDialog(window, ctx, first.uid), folder, "04-chi-tiet-su-kien")
    _with_dialog(lambda: PersonFormDialog(window, ctx), folder, "05-them-nguoi")
    _with_dialog(
        lambda: OutcomeFormDialog(window, ctx, event_uid=first.uid), folder, "06-ghi-ket-qua"
    )
    reports = window.show_page(ReportsPage)
    reports.kind.setCurrentIndex(max(reports.kind.findData("ket-qua"), 0))
    loop = QEventLoop()
    reports.generated.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    reports.generate()
    loop.exec()
    _shoot(window, folder, "07-bao-cao")
    window.show_page(SyncPage)
    _shoot(window, folder, "08-dong-bo")
    _with_dialog(lambda: ExportBundleDialog(ctx, window), folder, "09-xuat-goi")
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("resources/guide/img")))
