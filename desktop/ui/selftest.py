"""The self-test's window steps: the native display stack (on Windows), then the main window over
the self-test database with every page shown.

Proves that Qt, its platform plugin, the pages and what they load on first view (charts, the
PDF viewer) are all present in this copy of the program. Elsewhere the window step runs
offscreen unless QT_QPA_PLATFORM says otherwise, so it runs on a server.

On Windows, officers never use the offscreen plugin: the program they start needs qwindows.dll,
the Windows styles and the Windows print support, and a build.spec that trims one of them
still passed an offscreen-only self-test, then showed no window at all. So the self-test there
first loads each of those plugins (a missing file or a missing library it needs becomes a failed
step, not Qt's abort), starts Qt on the native platform, lists the styles and the printers and
makes a hidden native window. The main window is then drawn without ever appearing on screen.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.core.i18n import N_, _
from desktop.core.selftest import Step, Workspace


@dataclass(frozen=True)
class NativeDisplay:
    """What a platform's own display stack consists of, as the self-test checks it."""

    platform: str  # QGuiApplication.platformName()
    plugins: tuple[tuple[str, str], ...]  # (plugin folder, file name without lib/extension)
    styles: frozenset[str]  # QStyleFactory keys (lower case): at least one must be there


WINDOWS = NativeDisplay(
    "windows",
    (
        ("platforms", "qwindows"),
        ("styles", "qmodernwindowsstyle"),
        ("printsupport", "windowsprintersupport"),
    ),
    frozenset({"windows11", "windowsvista"}),
)
# Linux under X11: the same checks, so they can be tried where the tests run (xvfb-run).
LINUX_X11 = NativeDisplay(
    "xcb",
    (("platforms", "qxcb"), ("printsupport", "cupsprintersupport")),
    frozenset({"fusion"}),
)


def plugin_folders() -> list[Path]:
    """Where Qt looks for plugins: its own folder (in the build: _internal/PySide6/...) and
    QT_PLUGIN_PATH."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    own = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    folders = [Path(folder) for folder in [*QCoreApplication.libraryPaths(), own] if folder]
    return list(dict.fromkeys(folders))


def _plugin_file(kind: str, name: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        for path in sorted((folder / kind).glob("*")):
            stem = path.name.split(".")[0]
            if (stem[3:] if stem.startswith("lib") else stem) == name:
                return path
    return None


def load_plugins(display: NativeDisplay, folders: list[Path]) -> list[str]:
    """Load each plugin of `display` (and the libraries it needs); their names, or a failure."""
    from PySide6.QtCore import QPluginLoader

    loaded = []
    for kind, name in display.plugins:
        path = _plugin_file(kind, name, folders)
        if path is None:
            raise RuntimeError(f"Qt plugin {kind}/{name} is not in this build ({folders})")
        loader = QPluginLoader(str(path))
        if not loader.load():
            raise RuntimeError(f"Qt plugin {kind}/{name} does not load: {loader.errorString()}")
        loaded.append(name)
    return loaded


def check_native_display(ws: Workspace, display: NativeDisplay = WINDOWS) -> str:
    """Plugins, the native platform, a native style, the printer list and a hidden window."""
    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

    load_plugins(display, plugin_folders())
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", display.platform])
    if app.platformName() != display.platform:
        raise RuntimeError(f"Qt runs on {app.platformName()!r}, not {display.platform!r}")
    available = QStyleFactory.keys()
    styles = sorted(key for key in available if key.lower() in display.styles)
    if not styles:
        raise RuntimeError(f"no native style among {available}")
    printers = QPrinterInfo.availablePrinterNames()
    hidden = QWidget()
    try:
        if not int(hidden.winId()):  # makes the native window without showing it
            raise RuntimeError("no native window could be made")
    finally:
        hidden.deleteLater()
    return _("{platform}, kiểu {styles}, {printers} máy in, cửa sổ ẩn").format(
        platform=app.platformName(), styles=", ".join(styles), printers=len(printers)
    )


def open_main_window(ws: Workspace) -> str:
    from PySide6.QtCore import Qt

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import make_application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(AppContext(ws.database, ws.folder / "self-test.sqlite3"))
    if app.platformName() != "offscreen":  # drawn, never flashed on the officer's screen
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
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


NATIVE_STEP_TITLE = N_("Giao diện Windows: trình cắm, kiểu, máy in, cửa sổ")


def steps_for(platform: str) -> list[Step]:
    """The window steps on `platform` (sys.platform): on Windows the native stack comes first."""
    window = Step(N_("Mở cửa sổ chính và từng trang"), open_main_window)
    if platform == "win32":
        return [Step(NATIVE_STEP_TITLE, check_native_display), window]
    return [window]


STEPS = steps_for(sys.platform)
