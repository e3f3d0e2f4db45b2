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


def _finish_operations(limit_ms: int = 60_000) -> None:
    """Wait (at most `limit_ms`) until the window's background work has shown its result."""
    from desktop.ui import operations

    waited = 0
    while operations.running() and waited < limit_ms:
        _settle(50)
        waited += 50


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
    province_part(folder, db, path.parent)
    db.close()
    return 0


# The province's part: which months each demo commune sends. Early months of the year, so that
# the grid at 1024 pixels shows them beside the communes' names, with every colour it has.
PROVINCE_PASSPHRASE = "mat-khau-tinh-huong-dan-2026"
SENT_MONTHS = ((3, 4, 5), (4, 5), (5,))


def _report(reports, kind: str) -> None:
    """Choose a report kind and wait (at most 30 s) for its preview."""
    reports.kind.setCurrentIndex(max(reports.kind.findData(kind), 0))
    loop = QEventLoop()
    reports.generated.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    reports.generate()
    loop.exec()


def _communes_sending(commune_db, work: Path, grid_order: list[str]) -> list:
    """The guide's commune and the two smaller demo communes after it in the grid's order;
    returns their databases (the guide's commune first)."""
    from db import open_database
    from desktop.core import demo

    mine = grid_order.index(demo.default_commune_code())
    dbs = [commune_db]
    for index, code in enumerate(grid_order[mine + 1 : mine + 3]):
        db = open_database(work / f"xa-{code}.sqlite3")
        demo.create_demo_commune(db, code, people=80, events=10, seed=100 + index)
        dbs.append(db)
    return dbs


def province_part(folder: Path, commune_db, work: Path) -> None:
    """A province office drawn by the program: the import dialog after a dry run, the Đồng bộ
    page with its completeness grid, the consolidated report of the communes it received."""
    import datetime as dt

    from PySide6.QtWidgets import QTableView

    from db import open_database
    from desktop.core import accounts, demo
    from desktop.core.sync import bundle_writer, completeness, keys, province, register, setup_file
    from desktop.ui.context import AppContext
    from desktop.ui.dialogs.import_bundles import ImportBundlesDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.reports import ReportsPage
    from desktop.ui.pages.sync import SyncPage

    path = work / "tinh.sqlite3"
    prov = open_database(path)
    made = province.make_keys(demo.DEFAULT_PROVINCE, PROVINCE_PASSPHRASE)
    province.set_up_province(prov, demo.DEFAULT_PROVINCE, made, email="pv05@congan.gov.vn")
    accounts.create_first_admin(prov, "tinh", "Trần Văn Hùng", PASSWORD)
    setup = setup_file.write_setup_file(prov, work / "thiet-lap-tinh.json")
    inbox = work / "goi-nhan"
    inbox.mkdir()
    year = dt.date.today().year
    order = [row.unit_code for row in completeness.grid(prov, [f"{year}-01"]).rows]
    for db, months in zip(_communes_sending(commune_db, work, order), SENT_MONTHS, strict=True):
        setup_file.load_setup_file(db, setup)
        public = keys.signing_public(db)
        unit = db.conn.execute("SELECT code FROM unit WHERE is_self = 1").fetchone()[0]
        register.enrol(prov, unit, public)
        register.confirm(prov, unit, keys.fingerprint(public))
        for month in months:
            bundle_writer.export(db, inbox, period=f"{year}-{month:02d}")
    ctx = AppContext(prov, path)
    window = MainWindow(ctx)
    window.show()
    dialog = ImportBundlesDialog(ctx, window, [inbox])
    dialog.passphrase.setText(PROVINCE_PASSPHRASE)
    dialog.show()
    dialog.dry_run()
    _finish_operations()
    _shoot(dialog, folder, "10-tinh-nhap-goi")
    dialog.commit()
    _finish_operations()
    dialog.hide()
    dialog.deleteLater()
    grid = window.show_page(SyncPage).findChild(QTableView, "completeness_grid")
    _settle()  # the page loads its rows first
    first = order.index(demo.default_commune_code())
    grid.scrollTo(grid.model().index(max(first - 1, 0), 0), QTableView.ScrollHint.PositionAtTop)
    _shoot(window, folder, "11-tinh-tinh-hinh-nhan-goi")
    _report(window.show_page(ReportsPage), "tong-hop")
    _shoot(window, folder, "12-tinh-tong-hop")
    window.close()
    prov.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("resources/guide/img")))
