"""What start-up does: only the first page is built, and the first screen loads nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from db import open_database
from desktop.core import office
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.overview import OverviewPage

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.gui


@pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_only_the_first_page_is_built_until_another_is_shown(qtbot, commune_db):
    window = MainWindow(AppContext(commune_db, None))
    qtbot.addWidget(window)
    window.show()
    assert [type(page) for page in window.pages] == [OverviewPage]
    last = window.entries[-1]
    page = window.show_page(last)
    assert isinstance(page, last.load())
    assert window.stack.currentWidget() is page
    assert page.isVisible()
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is window.pages[1]
    assert len(window.pages) == 3
    assert window.stack.count() == len(window.entries)


_PROBE = """
import json, sys
from pathlib import Path

import desktop.cli  # what `antq-desk` imports before it opens the window
from desktop.ui import startup
from PySide6.QtCore import QEvent, QObject
from desktop.ui.app import build_main_window, make_application


class FirstPaint(QObject):
    modules = None

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.modules is None:
            self.modules = sorted(sys.modules)
            app.quit()
        return False


app = make_application()
window = build_main_window(Path(sys.argv[1]), sign_in=False)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
print(json.dumps(spy.modules))
"""


def _run_probe(probe: str, folder: Path):
    """Run `probe` over a commune just set up in `folder`; what it printed last, as JSON."""
    path = folder / "antq.sqlite3"
    db = open_database(path)
    from desktop.core import units

    office.set_up_commune(db, office.OfficeSetup(commune_code=units.communes("91")[0].code))
    db.close()
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "ANTQ_LANG": "vi",
            "PATH": "",
            "HOME": str(folder),
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_DATA_HOME": str(folder / "data"),
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def modules_at_start_up(tmp_path_factory) -> set[str]:
    """The modules loaded when the main window over a set-up commune is first painted."""
    return set(_run_probe(_PROBE, tmp_path_factory.mktemp("startup")))


def _loaded(modules: set[str], name: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for module in modules)


def test_the_probe_sees_what_start_up_does_load(modules_at_start_up):
    for name in ("desktop.cli", "desktop.ui.main_window", "desktop.ui.pages.overview"):
        assert _loaded(modules_at_start_up, name), name


# What the first screen does not need: each loads on first use (docs/performance.md, Startup).
@pytest.mark.parametrize(
    "name",
    [
        "openpyxl",
        "python_calamine",
        "desktop.core.demo",
        "reportlab",
        "PIL",
        "pyrage",
        "cryptography",
        "vietnam_provinces",
        "PySide6.QtCharts",
        "PySide6.QtPdf",
        # the pages after the first: their modules load when they are first shown
        "desktop.ui.pages.events",
        "desktop.ui.pages.people",
        "desktop.ui.pages.outcomes",
        "desktop.ui.pages.reports",
        "desktop.ui.pages.sync",
        "desktop.ui.pages.catalogues",
        "desktop.ui.pages.audit",
        "desktop.ui.pages.accounts",
        "desktop.core.sync",
    ],
)
def test_start_up_does_not_load(modules_at_start_up, name):
    assert not _loaded(modules_at_start_up, name)


_FIRST_SCREEN_PROBE = """
import json, sys

import desktop.cli
from desktop.ui import app as gui
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

seen = {}
log_first_paint = gui._FirstPaintLog.eventFilter


def spy(self, watched, event):
    if event.type() == QEvent.Type.Paint and not seen:
        seen["window"] = type(watched).__name__
        seen["at_paint"] = sorted(sys.modules)
        QTimer.singleShot(0, close_once_loaded)
    return log_first_paint(self, watched, event)


def close_once_loaded(waited=0):
    if "desktop.ui.main_window" in sys.modules or waited > 200:
        QApplication.activeModalWidget().reject()
    else:
        QTimer.singleShot(50, lambda: close_once_loaded(waited + 1))


gui._FirstPaintLog.eventFilter = spy
desktop.cli.main(["--db", sys.argv[1]])
seen["after"] = sorted(sys.modules)
print(json.dumps(seen))
"""


def test_the_sign_in_screen_is_drawn_before_the_database_is_opened_for_work(tmp_path):
    """sqlite-utils (and opening the file for work) waits until the first screen has painted,
    then loads behind it while the password is typed (desktop/core/storage/first_look.py)."""
    seen = _run_probe(_FIRST_SCREEN_PROBE, tmp_path)
    assert seen["window"] == "FirstAdminDialog"
    at_paint = set(seen["at_paint"])
    assert not _loaded(at_paint, "sqlite_utils")
    assert not _loaded(at_paint, "argon2")  # loads with the first password
    assert not _loaded(at_paint, "_hashlib")  # OpenSSL's libcrypto: with the first audit entry
    loaded_behind = set(seen["after"])  # while the officer reads and types
    for name in ("sqlite_utils", "argon2", "desktop.ui.main_window", "desktop.ui.pages.overview"):
        assert _loaded(loaded_behind, name), name
