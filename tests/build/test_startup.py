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
    last = window.page_types[-1]
    page = window.show_page(last)
    assert isinstance(page, last)
    assert window.stack.currentWidget() is page
    assert page.isVisible()
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is window.pages[1]
    assert len(window.pages) == 3
    assert window.stack.count() == len(window.page_types)


_PROBE = """
import json, sys
from pathlib import Path
from desktop.ui.app import open_main_window_for_bench
open_main_window_for_bench(Path(sys.argv[1]))
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def modules_at_start_up(tmp_path_factory) -> set[str]:
    """The modules loaded once the main window over a set-up commune has been painted."""
    path = tmp_path_factory.mktemp("startup") / "antq.sqlite3"
    db = open_database(path)
    from desktop.core import units

    office.set_up_commune(db, office.OfficeSetup(commune_code=units.communes("91")[0].code))
    db.close()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "ANTQ_LANG": "vi", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], name: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for module in modules)


@pytest.mark.parametrize("name", ["openpyxl", "python_calamine", "desktop.core.demo"])
def test_start_up_does_not_load(modules_at_start_up, name):
    assert not _loaded(modules_at_start_up, name)


@pytest.mark.xfail(
    strict=True,
    reason="desktop/ui/pages/sync.py imports desktop.core.sync.keys (and register, status, "
    "bundle_writer, which import keys) at module level, and keys.py imports pyrage and "
    "cryptography at module level; see docs/performance.md, Startup",
)
@pytest.mark.parametrize("name", ["pyrage", "cryptography"])
def test_start_up_does_not_load_the_crypto(modules_at_start_up, name):
    assert not _loaded(modules_at_start_up, name)


@pytest.mark.xfail(
    strict=True,
    reason="desktop/core/reports/__init__.py imports every report module (reportlab) and the CLI "
    "parser and the reports page import it at start-up; see docs/performance.md, Startup",
)
def test_start_up_does_not_load_reportlab(modules_at_start_up):
    assert not _loaded(modules_at_start_up, "reportlab")
