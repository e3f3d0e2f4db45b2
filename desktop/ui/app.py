"""Starting the GUI: language, logging, crash handling, first run, then the main window."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.core import office
from desktop.core.errors import user_message
from desktop.core.i18n import _, current_language, preferred_language, set_language
from desktop.core.paths import resource_path
from desktop.ui.first_paint import AfterFirstPaint, is_window_paint

log = logging.getLogger(__name__)


def _install_qt_translator(app: QApplication) -> None:
    """Qt's own strings (standard buttons, context menus) in the program's language."""
    language = current_language()
    translator = QTranslator(app)
    ours = resource_path("locale", "qt")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", str(ours)) or translator.load(
        f"qtbase_{language}", qt_dir
    ):
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi" else language))


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("antq-desk")
    app.setWindowIcon(QIcon(str(resource_path("icons", "antq-desk.png"))))  # installer/draw_icon.py
    set_language(preferred_language())
    _install_qt_translator(app)
    return app


DAMAGED = object()  # open_context's answer for a damaged file when the caller offers a backup


def open_context(db_path: Path, safe=None):
    """Step 5 of the opening sequence (migrations) for the window: its context, or DAMAGED
    when `safe` offers a backup for a file that turned out damaged, or None once the user was
    told why it did not open. Without `safe` (the benchmark, tests) the file is opened as is."""
    from desktop.core.storage.connections import open_for_window
    from desktop.ui.context import AppContext

    try:
        if safe is None:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            return AppContext(open_for_window(db_path), db_path)
        return AppContext(safe.opening.open_for_work(), db_path)
    except Exception as error:
        return _open_refused(db_path, error, damaged_is_answer=safe is not None)


def _open_refused(db_path: Path, error: Exception, damaged_is_answer: bool):
    """DAMAGED, or None once the user was told why the file did not open; a bug is raised."""
    from desktop.core.errors import DamagedDatabase

    if damaged_is_answer and isinstance(error, DamagedDatabase):
        log.error("cannot open %s: %s", db_path, error)
        return DAMAGED
    message = user_message(error)
    if message is None:
        raise error
    log.error("cannot open %s: %s", db_path, error)
    QMessageBox.critical(None, _("Không mở được dữ liệu"), message)
    return None


def build_main_window(db_path: Path, sign_in: bool = True, safe=None):
    """The main window over db_path, rendering the opening sequence's steps 4 to 6 around the
    dialogs (`desktop/core/storage/opening.py`); None if the file does not open or the officer
    quits.

    With `safe` (a `startup.SafeStart`, steps 1 to 3 done) a file the first look read at this
    program's schema gets the sign-in screen at once, while the check reads and the file opens
    behind it (`_sign_in_first`); any other file waits for the verdict, is opened (migrated),
    set up by the first-run wizard if it is a new office, then signed in. The window is built
    only once the verdict is sound; a backup restored at the damage dialog is looked at and
    judged again. `sign_in=False` leaves a database without accounts in set-up mode, for the
    start-up benchmark; without `safe`, nothing is checked (tests, the benchmark).
    """
    look = _look(db_path, sign_in, safe)
    if look is not None:
        return _sign_in_first(db_path, look, safe)
    if safe is not None and safe.refusal() is not None:  # 4. the verdict before 5. migrations
        return _once_checked(db_path, sign_in, safe, None)
    ctx = open_context(db_path, safe)
    if ctx is DAMAGED:
        return _once_checked(db_path, sign_in, safe, None)
    if ctx is None:
        return None
    if not office.is_set_up(ctx.db):
        # Imported here: the wizard brings the demo generator, which a set-up office never needs.
        from desktop.ui.dialogs.first_run import FirstRunWizard
        from desktop.ui.dialogs.other_data import confirm_new_office

        if not confirm_new_office(None, db_path) or not FirstRunWizard.ask(None, ctx):
            return None
        ctx.reload_campaign()
    if sign_in:
        from desktop.ui.dialogs.sign_in import sign_in_at_start

        if not sign_in_at_start(ctx, authenticate=None if safe is None else safe.opening.sign_in):
            return None
    return _once_checked(db_path, sign_in, safe, ctx)


def _look(db_path: Path, sign_in: bool, safe):
    """Step 3's look at the file, for a sign-in screen drawn before the file is opened."""
    if not sign_in:
        return None
    if safe is not None:
        return safe.opening.look
    from desktop.core.storage.first_look import first_look

    return first_look(db_path)


def _sign_in_first(db_path: Path, look, safe):
    """The sign-in screen drawn from `look`, the database opened for work once it has painted
    (desktop/core/storage/first_look.py); then the window, as `build_main_window` makes it.
    The sign-in itself (an audit entry) waits for the verdict (`sound`)."""
    from desktop.ui.context import AppContext
    from desktop.ui.dialogs.sign_in import sign_in_at_start

    opener = None if safe is None else lambda: safe.opening.open_for_work(before_verdict=True)
    ctx = AppContext(None, db_path, opener)
    opening = _OpenWhileSigningIn(ctx)
    sound = None if safe is None else (lambda: safe.refusal() is None)
    try:
        signed_in = sign_in_at_start(
            ctx, look, sound=sound, authenticate=None if safe is None else safe.opening.sign_in
        )
    finally:
        opening.stop()
    if opening.error is not None:
        refused = _open_refused(db_path, opening.error, damaged_is_answer=safe is not None)
        return _once_checked(db_path, True, safe, None) if refused is DAMAGED else None
    if not signed_in:
        if safe is not None and safe.refusal() is not None:  # stopped before writing to it
            return _once_checked(db_path, True, safe, ctx if ctx.is_open else None)
        return None
    return _once_checked(db_path, True, safe, ctx)


class _OpenWhileSigningIn:
    """Opens the context's database as soon as the first screen has painted, while the officer
    reads it and types, then loads what Enter will need (the password library, the main window
    and its first page), so that only checking the password and building the window are left.
    If the file will not open, the screen is closed (rejected) and `error` says why, for
    `build_main_window` to report as if it had failed before."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.error: Exception | None = None
        self._after = AfterFirstPaint(self._open)

    def stop(self) -> None:
        self._after.stop()

    def _open(self) -> None:
        try:
            self.ctx.open()
        except Exception as error:  # reported once the screen is closed
            log.error("opening the database after the first screen failed: %s", error)
            self.error = error
            screen = QApplication.activeModalWidget()
            if screen is not None:
                screen.reject()
            return
        QTimer.singleShot(0, _load_for_the_window)


def _load_for_the_window() -> None:
    """Import the modules the first minutes need, one step per event, so typing stays live."""
    import importlib

    from desktop.core import accounts
    from desktop.ui.pages import PAGES

    steps = [
        accounts.load_hasher,
        lambda: importlib.import_module("desktop.ui.main_window"),
        PAGES[0].load,
    ]

    def next_step() -> None:
        steps.pop(0)()
        if steps:
            QTimer.singleShot(0, next_step)

    next_step()


def _once_checked(db_path: Path, sign_in: bool, safe, ctx):
    """The window once the verdict is sound (at once without `safe`); the sequence again over
    a backup restored at the damage dialog; None if the officer quits."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.startup import Settled

    if safe is None:
        return None if ctx is None else MainWindow(ctx)
    settled = safe.settle(ctx.db if ctx is not None else None)
    if settled is Settled.RESTORED:
        safe.after_restore()
        return build_main_window(db_path, sign_in, safe)
    if settled is Settled.QUIT or ctx is None:
        return None
    return MainWindow(ctx)


class _FirstPaintLog(QObject):
    """Logs "first paint: <epoch seconds> <window>" once, for the first window painted (sign-in
    or main window): bench/startup.py times cold start by it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_window_paint(watched, event):
            QApplication.instance().removeEventFilter(self)
            log.info("first paint: %.6f %s", time.time(), type(watched).__name__)
        return False


def run_gui(db_path: Path) -> int:
    """Open the program's window over db_path; the exit code of the event loop."""
    from desktop.core.logsetup import setup_logging
    from desktop.ui.errors import install_crash_handler

    app = make_application()
    install_crash_handler(setup_logging())
    first_paint = _FirstPaintLog(app)
    app.installEventFilter(first_paint)
    from desktop.ui import startup  # location, one window per file, integrity, backups

    safe = startup.prepare(Path(db_path))
    if safe is None:
        return 1
    window = build_main_window(Path(db_path), safe=safe)
    if window is None:
        safe.finish()
        return 1
    safe.attach(window)
    app.aboutToQuit.connect(safe.finish)
    window.show()
    return app.exec()


CLI_PROGRAM = "antq-desk-cli.exe"


def tell_commands_need_the_console(words: list[str]) -> int:
    """The windowed antq-desk.exe was given a command: say to run antq-desk-cli.exe instead.

    It has no console, so the command's output would go nowhere and a password prompt would
    wait for ever on a console that does not exist; nothing is run. Exit code 2, as a usage
    error of the command line.
    """
    import subprocess

    make_application()
    frozen = getattr(sys, "frozen", False)
    program = str(Path(sys.executable).with_name(CLI_PROGRAM)) if frozen else CLI_PROGRAM
    command = subprocess.list2cmdline(words)  # quoted as Command Prompt needs it
    log.error("windowed program given a command, not run: %s", command)
    QMessageBox.information(
        None,
        APP_NAME,
        _(
            "{name} chỉ mở cửa sổ chương trình, không chạy lệnh. Lệnh “{command}” chạy trong "
            "cửa sổ dòng lệnh (Command Prompt) bằng chương trình {cli} cùng thư mục, ví dụ:\n\n"
            '"{program}" {command}'
        ).format(name="antq-desk.exe", command=command, cli=CLI_PROGRAM, program=program),
    )
    return 2


def open_main_window_for_bench(db_path: Path) -> float:
    """Seconds from nothing to the main window shown and painted, for `make bench`."""
    started = time.perf_counter()
    app = make_application()
    window = build_main_window(Path(db_path), sign_in=False)
    if window is None:
        raise RuntimeError(f"cannot open {db_path}")
    window.show()
    app.processEvents()
    window.repaint()
    elapsed = time.perf_counter() - started
    window.close()
    return elapsed
