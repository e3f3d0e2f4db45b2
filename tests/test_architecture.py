"""The layers hold: Qt stays out of db/ and desktop/core/, imports point down only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = [ROOT / "db", ROOT / "desktop" / "core"]
QT_MODULES = {"PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qtpy"}


def _lint_imports() -> Path:
    bin_dir = Path(sys.executable).parent
    for name in ("lint-imports", "lint-imports.exe"):
        if (bin_dir / name).exists():
            return bin_dir / name
    pytest.fail(f"import-linter is not installed next to {sys.executable}")


def test_import_linter_contracts_are_kept():
    result = subprocess.run(
        [str(_lint_imports()), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def _qt_free_modules() -> list[Path]:
    return sorted(path for folder in QT_FREE for path in folder.rglob("*.py"))


def test_there_are_modules_to_check():
    assert len(_qt_free_modules()) > 10


@pytest.mark.parametrize("path", _qt_free_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_qt_import_below_the_ui(path):
    qt = {name for name in _imported_modules(path) if name.split(".")[0] in QT_MODULES}
    assert not qt, f"{path.relative_to(ROOT)} imports {sorted(qt)}"


def test_core_and_db_import_without_loading_qt():
    code = (
        "import sys, pkgutil, importlib, db, desktop.core\n"
        "for pkg in (db, desktop.core):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


# The log's own set-up may say on stderr that the log file cannot be written: there is no log yet.
_CONSOLE_ALLOWED = {ROOT / "desktop" / "core" / "logsetup.py"}


def _console_calls(path: Path) -> list[str]:
    """print(), input() and getpass.getpass(): talk to a console the window does not have."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        owner = getattr(getattr(node.func, "value", None), "id", None)
        if (name in {"print", "input"} and isinstance(node.func, ast.Name)) or (
            name == "getpass" and owner == "getpass"
        ):
            found.append(f"{name}() at line {node.lineno}")
    return found


@pytest.mark.parametrize(
    "path",
    [path for path in _qt_free_modules() if path not in _CONSOLE_ALLOWED],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_console_io_stays_in_the_command_line(path):
    assert _console_calls(path) == [], f"{path.relative_to(ROOT)}: move it to desktop/cli/"


def test_the_console_check_finds_a_print(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import getpass\nprint('x')\ngetpass.getpass('?')\n", encoding="utf-8")
    assert _console_calls(probe) == ["print() at line 2", "getpass() at line 3"]


# Long work off the GUI thread goes through desktop.ui.operations.Operation (docs/developing.md).
_THREADING_NAMES = {"QThread", "QThreadPool", "QEventLoop", "processEvents"}
_THREADING_MODULES = {"threading", "gc", "concurrent.futures", "_thread"}
# Two drive the event loop on purpose, with no long work: `make bench` times the first paint,
# and the self-test walks every page of a hidden window.
_THREADING_ALLOWED = {
    ROOT / "desktop" / "ui" / "operations.py": set(),
    ROOT / "desktop" / "ui" / "app.py": {"processEvents"},
    ROOT / "desktop" / "ui" / "selftest.py": {"processEvents"},
}


def _threading_uses(path: Path) -> set[str]:
    """Threads, nested event loops, processEvents() and the garbage collector, by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {name for name in _imported_modules(path) if name in _THREADING_MODULES}
    for node in ast.walk(tree):
        name = getattr(node, "id", None) or getattr(node, "attr", None)
        if isinstance(node, ast.Name | ast.Attribute) and name in _THREADING_NAMES:
            found.add(name)
        elif isinstance(node, ast.alias) and node.name in _THREADING_NAMES:
            found.add(node.name)
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "desktop" / "ui").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_long_work_in_the_window_goes_through_operations(path):
    if path == ROOT / "desktop" / "ui" / "operations.py":
        return
    extra = _threading_uses(path) - _THREADING_ALLOWED.get(path, set())
    assert not extra, f"{path.relative_to(ROOT)} uses {sorted(extra)}: use ui.operations.Operation"


def test_the_threading_check_finds_a_thread_and_a_nested_loop(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import gc\nfrom PySide6.QtCore import QEventLoop, QThread\n"
        "class Job(QThread): pass\napp.processEvents()\n",
        encoding="utf-8",
    )
    assert _threading_uses(probe) == {"gc", "QEventLoop", "QThread", "processEvents"}
