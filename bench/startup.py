"""Start-up: time to the first painted main window, what start-up imports, and peak memory.

Each measure runs beside a reference started the same way, so the ratio holds on any machine:
the program from source against a minimal PySide6 window from source, and the frozen program
(build.spec) against a minimal PySide6 window frozen by PyInstaller the same way (onedir). The
program logs "first paint: <epoch> <window>" when its first window is painted (desktop/ui/app.py):
since accounts landed that is the sign-in dialog (or, on a file without accounts, the dialog that
makes the first administrator), which the program shows after its start-up checks and before
the main window. The reference prints the same line. The main window is reached from source
by SIGNED_IN, which runs the program itself and types the password of an account the bench
adds to a copy of the database, TYPING_SECONDS after the sign-in screen has painted (what the
program does meanwhile: open the database, run the start-up check, load the window's modules);
it times the wait the officer sees, from Enter to the main window's first paint, against the
reference's whole cold start. MAIN_WINDOW builds the window with no sign-in and no start-up
checks: what the window alone costs. Each run is a fresh process; with --cold (root on Linux)
the page cache is dropped before every run, as after a reboot of the office PC.

`python -m bench.startup` (or `python -m bench --startup`) rewrites the "Startup" block of
docs/performance.md. The frozen builds go to bench/.data/startup/ and are reused unless --rebuild.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench import data, report

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
WORK = data.DATA_DIR / "startup"
FIRST_PAINT = re.compile(r"first paint: (\d+\.\d+)(?: (\w+))?")
START, END = "<!-- startup:start -->", "<!-- startup:end -->"
# Modules the first screen does not need: they must load on first use, never at start-up.
LATE_MODULES = (
    "reportlab",
    "openpyxl",
    "pyrage",
    "cryptography",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PIL",
    "vietnam_provinces",
)
REFERENCE_WINDOW = '''"""A minimal PySide6 window that writes "first paint: <epoch>" once."""
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            with open(sys.argv[1], "a", encoding="utf-8") as out:
                out.write(f"first paint: {time.time():.6f}\\n")
        return False


app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Reference")
window.setCentralWidget(QLabel("Cửa sổ mẫu"))
window.resize(1280, 800)
spy = FirstPaint(window)
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
'''
MAIN_WINDOW = '''"""The program from source to its main window, sign-in skipped."""
import sys
import time
from pathlib import Path

import desktop.cli  # what `antq-desk` imports before the window
from desktop.ui import app as gui
from desktop.ui import startup
from PySide6.QtCore import QEvent, QObject


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            with open(sys.argv[-1], "a", encoding="utf-8") as out:
                out.write(f"first paint: {time.time():.6f} MainWindow\\n")
        return False


app = gui.make_application()
checks = "--no-checks" not in sys.argv
safe = startup.prepare(Path(sys.argv[1])) if checks else None  # location, lock, integrity
window = gui.build_main_window(Path(sys.argv[1]), sign_in=False, safe=safe)
spy = FirstPaint(window)
window.installEventFilter(spy)
window.show()
code = app.exec()
if safe is not None:
    safe.finish()
sys.exit(code)
'''

BENCH_USER, BENCH_PASSWORD = "bench.admin", "mat-khau-cua-bench"
TYPING_SECONDS = 3.0
SIGNED_IN = f'''"""The program from source, signed in by typing into its sign-in screen."""
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

import desktop.cli


def note(line):
    with open(sys.argv[-1], "a", encoding="utf-8") as out:
        out.write(f"{{line}} {{time.time():.6f}}\\n")


class Officer(QObject):
    """Types the password {TYPING_SECONDS} s after the sign-in screen has painted; notes when the
    main window first paints."""

    typing = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            name = type(watched).__name__
            if name == "SignInDialog" and not self.typing:
                self.typing = True
                QTimer.singleShot(int({TYPING_SECONDS} * 1000), lambda: self.enter(watched))
            elif name == "MainWindow":
                QApplication.instance().removeEventFilter(self)
                note("main window painted:")
        return False

    def enter(self, dialog):
        dialog.username.setText("{BENCH_USER}")
        dialog.password.setText("{BENCH_PASSWORD}")
        note("password entered:")
        dialog.accept()


officer = Officer()
app = QApplication.instance() or QApplication(sys.argv[:1])
app.installEventFilter(officer)
sys.exit(desktop.cli.main(["--db", sys.argv[1]]))
'''


@dataclass(frozen=True)
class Launch:
    """One fresh process: seconds from spawn to first paint, and its peak resident memory."""

    seconds: float
    peak_mib: float
    stderr: str = ""  # kept only when asked for (importtime)
    window: str = ""  # the class of the first window painted, when the program names it


@dataclass(frozen=True)
class Program:
    """How to start one program; `paint_file` is where its first-paint line appears."""

    name: str
    argv: list[str]
    paint_file: str  # "log": the program's log file; "arg": a file passed as last argument


def _can_drop_caches() -> bool:
    return sys.platform == "linux" and os.access("/proc/sys/vm/drop_caches", os.W_OK)


def _drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def _environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANTQ_LANG": "vi",
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    return env


def _wait_until(process: subprocess.Popen, found: Callable[[], T | None], timeout: float) -> T:
    """What `found` returns once it returns something; polled while the program runs."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before it was seen")
        result = found()
        if result is not None:
            return result
        time.sleep(0.005)
    raise TimeoutError("not seen in time")


def _first_paint(where: Path) -> tuple[float, str] | None:
    """(epoch of the first paint, the window painted) from the log the program writes."""
    for path in where.rglob("*.log"):
        found = FIRST_PAINT.search(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return float(found.group(1)), found.group(2) or ""
    return None


def _log_tail(home: Path) -> str:
    return "".join(path.read_text(errors="replace")[-600:] for path in home.rglob("*.log"))


def _run_once(
    name: str,
    argv: Callable[[Path], list[str]],
    cold: bool,
    settle: float,
    seen: Callable[[subprocess.Popen, Path], T],
) -> tuple[T, float, float, str]:
    """Start a fresh process in a home folder of its own (the page cache dropped first when
    `cold`), wait until `seen` answers, let it settle, read its peak memory and stop it.
    Returns that answer, the epoch it was started, its peak memory and its stderr."""
    with tempfile.TemporaryDirectory(prefix="antq-startup-") as folder:
        home = Path(folder)
        if cold:
            _drop_caches()
        errors = home / "stderr.txt"  # a file, not a pipe: -X importtime would fill a pipe
        started = time.time()
        with errors.open("wb") as stderr:
            process = subprocess.Popen(
                argv(home),
                env=_environment(home),
                cwd=home,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                answer = seen(process, home)
                time.sleep(settle)
                peak = _peak_mib(process.pid)
            except (RuntimeError, TimeoutError) as error:
                tail = errors.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"{name}: {error}\n{tail}{_log_tail(home)}") from error
            finally:
                process.terminate()
                process.wait(timeout=30)
        return answer, started, peak, errors.read_text(encoding="utf-8", errors="replace")


def launch(program: Program, cold: bool, settle: float = 0.5, extra: Sequence[str] = ()) -> Launch:
    """Start the program once, wait for its first paint, let it settle, read memory, stop it."""

    def argv(home: Path) -> list[str]:
        args = [*program.argv]
        if program.paint_file == "arg":
            args.append(str(home / "paint.log"))
        return [args[0], *extra, *args[1:]]

    def painted(process: subprocess.Popen, home: Path) -> tuple[float, str]:
        when, window = _wait_until(process, lambda: _first_paint(home), timeout=120)
        if window == "QMessageBox":  # refused the file or complained: not a start-up
            raise RuntimeError("a message box came first")
        return when, window

    (when, window), started, peak, text = _run_once(program.name, argv, cold, settle, painted)
    return Launch(when - started, peak, text if extra else "", window)


def _noted(text: str, what: str) -> float | None:
    found = re.search(re.escape(what) + r" (\d+\.\d+)", text)
    return float(found.group(1)) if found else None


def launch_signed_in(db: Path, cold: bool, settle: float = 0.5) -> Launch:
    """SIGNED_IN once: `seconds` from the password's Enter to the main window's first paint."""

    def argv(home: Path) -> list[str]:
        return [sys.executable, str(signed_in_script()), str(db), str(home / "notes.txt")]

    def signed_in(process: subprocess.Popen, home: Path) -> tuple[float, float]:
        def read() -> tuple[float, float] | None:
            text = _text(home / "notes.txt")
            painted = _noted(text, "main window painted:")
            return None if painted is None else (_noted(text, "password entered:"), painted)

        return _wait_until(process, read, timeout=120)

    (entered, painted), _started, peak, _text_out = _run_once(
        "signed in", argv, cold, settle, signed_in
    )
    return Launch(painted - entered, peak, "", "MainWindow")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def interleaved(
    starts: dict[str, Callable[[bool], Launch]], runs: int, cold: bool
) -> dict[str, list[Launch]]:
    """`runs` launches of each program, taken in rounds of one launch each, so that a change of
    the shared machine's load in the middle of the run falls on every program alike; after one
    unmeasured launch of each (Python's bytecode caches are written)."""
    for start in starts.values():
        start(False)
    got: dict[str, list[Launch]] = {name: [] for name in starts}
    for _ in range(runs):
        for name, start in starts.items():
            got[name].append(start(cold))
    return got


def _median(launches: list[Launch], attribute: str) -> float:
    return statistics.median(getattr(item, attribute) for item in launches)


# --- the programs -------------------------------------------------------------------------


def reference_script() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "reference_window.py"
    path.write_text(REFERENCE_WINDOW, encoding="utf-8")
    return path


def main_window_script() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "main_window.py"
    path.write_text(MAIN_WINDOW, encoding="utf-8")
    return path


def signed_in_script() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "signed_in.py"
    path.write_text(SIGNED_IN, encoding="utf-8")
    return path


def with_bench_account(source: Path, name: str) -> Path:
    """A copy of `source` with the bench's administrator, made with the program's real
    password parameters (checking it at Enter costs what it costs an officer)."""
    from db import open_database
    from desktop.core import accounts

    copy = WORK / name
    for stale in WORK.glob(f"{name}*"):
        stale.unlink()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(copy)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    db = open_database(copy)
    accounts.create_first_admin(db, BENCH_USER, "Người Đo Thử", BENCH_PASSWORD)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return copy


def main_window_program(db: Path, checks: bool = True) -> Program:
    """The program from source to its main window (sign-in skipped), run from the source tree;
    without its start-up checks (location, lock, integrity) when `checks` is False."""
    argv = [sys.executable, str(main_window_script()), str(db)]
    return Program("main window", argv if checks else [*argv, "--no-checks"], "arg")


def _pyinstaller(*args: str) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def frozen_reference(rebuild: bool) -> Path:
    """The minimal window frozen as onedir, like the program (no trimming: it has nothing extra)."""
    exe = WORK / "reference" / "dist" / "reference_window" / "reference_window"
    if rebuild or not exe.exists():
        shutil.rmtree(WORK / "reference", ignore_errors=True)
        out = WORK / "reference"
        _pyinstaller(
            "--onedir",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            "--specpath",
            str(out),
            str(reference_script()),
        )
    return exe


def frozen_program(rebuild: bool, keep_all_qt: bool = False) -> Path:
    """dist/antq-desk/ from build.spec, built under bench/.data/startup/."""
    out = WORK / ("program-untrimmed" if keep_all_qt else "program")
    exe = out / "dist" / "antq-desk" / "antq-desk"
    if rebuild or not exe.exists():
        shutil.rmtree(out, ignore_errors=True)
        env = {**os.environ, "ANTQ_BUILD_KEEP_ALL_QT": "1" if keep_all_qt else "0"}
        command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
        command += ["--distpath", str(out / "dist"), "--workpath", str(out / "work"), "build.spec"]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    return exe


def folder_mib(path: Path) -> float:
    """Bytes on disk of the release folder; PyInstaller's symbolic links are not counted twice."""
    files = (item for item in path.rglob("*") if item.is_file() and not item.is_symlink())
    return sum(item.stat().st_size for item in files) / 2**20


def empty_commune() -> Path:
    """A database set up as a commune with its campaign and nothing recorded.

    Made afresh by every run (a second): a file kept from an older tree may carry migrations
    this one does not know, and the program would refuse it.
    """
    from db import open_database
    from desktop.core import demo, office

    path = WORK / "empty.sqlite3"
    WORK.mkdir(parents=True, exist_ok=True)
    for stale in WORK.glob("empty.sqlite3*"):
        stale.unlink()
    db = open_database(path)
    office.set_up_commune(
        db,
        office.OfficeSetup(commune_code=demo.default_commune_code(), year=dt.date.today().year),
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


# --- imports at start-up -------------------------------------------------------------------


@dataclass(frozen=True)
class Imports:
    total_ms: float  # sum of the top-level cumulative import times
    late_loaded: list[str]  # LATE_MODULES that were imported before the first paint
    slowest: list[tuple[str, float]]  # top-level imports, slowest first


def start_up_imports(db_path: Path) -> Imports:
    """`python -X importtime` of the program from source until its main window's first paint."""
    program = main_window_program(db_path, checks=False)
    launch(program, cold=False)  # bytecode written: the import times are not compile times
    stderr = launch(program, cold=False, settle=0.0, extra=["-X", "importtime"]).stderr
    top: dict[str, float] = {}
    loaded: set[str] = set()
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        module = name.strip()
        loaded.add(module)
        if not name.startswith("  "):  # one space after "|": imported at the top level
            top[module] = top.get(module, 0.0) + int(cumulative) / 1000
    late = sorted(m for m in LATE_MODULES if any(x == m or x.startswith(f"{m}.") for x in loaded))
    slowest = sorted(top.items(), key=lambda item: item[1], reverse=True)[:8]
    return Imports(sum(top.values()), late, slowest)


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    name: str
    ours: float
    reference: float
    unit: str
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.reference

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "—"
        return "met" if self.ratio <= self.target else "**missed**"


def _pair(
    name: str,
    ours: list[Launch],
    theirs: list[Launch],
    what: str,
    note: str,
    target: float | None = 1.5,
) -> Result:
    attribute, unit = ("seconds", "ms") if what == "time" else ("peak_mib", "MiB")
    scale = 1000 if what == "time" else 1
    return Result(
        name,
        _median(ours, attribute) * scale,
        _median(theirs, attribute) * scale,
        unit,
        target,
        note,
    )


def _first_window(launches: list[Launch]) -> str:
    names = sorted({item.window for item in launches if item.window})
    return ", ".join(names) or "not named"


def measure(runs: int, cold: bool, rebuild: bool) -> tuple[list[Result], Imports, dict]:
    large = data.large_database(False).path
    empty = empty_commune()
    source_ref = Program("reference", [sys.executable, str(reference_script())], "arg")
    frozen_ref = Program("frozen reference", [str(frozen_reference(rebuild))], "arg")
    exe = frozen_program(rebuild)
    how = f"median of {runs} fresh processes" + (", page cache dropped before each" if cold else "")

    def source(db: Path) -> Program:
        return Program("source", [sys.executable, "-m", "desktop", "--db", str(db)], "log")

    def frozen(db: Path) -> Program:
        return Program("frozen", [str(exe), "--db", str(db)], "log")

    signed_large = with_bench_account(large, "signed-in-large.sqlite3")
    signed_empty = with_bench_account(empty, "signed-in-empty.sqlite3")
    starts: dict[str, Callable[[bool], Launch]] = {
        "source large": lambda c: launch(source(large), c),
        "frozen large": lambda c: launch(frozen(large), c),
        "frozen empty": lambda c: launch(frozen(empty), c),
        "signed large": lambda c: launch_signed_in(signed_large, c),
        "signed empty": lambda c: launch_signed_in(signed_empty, c),
        "unchecked large": lambda c: launch(main_window_program(large, checks=False), c),
        "source reference": lambda c: launch(source_ref, c),
        "frozen reference": lambda c: launch(frozen_ref, c),
    }
    got = interleaved(starts, runs, cold)
    source_large, frozen_large, frozen_empty = (
        got[k] for k in ("source large", "frozen large", "frozen empty")
    )
    window_large, window_empty = got["signed large"], got["signed empty"]
    unchecked_large = got["unchecked large"]
    source_reference, frozen_reference_runs = got["source reference"], got["frozen reference"]
    first = f"first window: {_first_window(frozen_large + source_large)}"
    results = [
        _pair(
            "Cold start to the first screen, frozen, large commune",
            frozen_large,
            frozen_reference_runs,
            "time",
            f"{first}; vs minimal PySide6 window frozen onedir; {how}",
        ),
        _pair(
            "Cold start to the first screen, from source, large commune",
            source_large,
            source_reference,
            "time",
            f"{first}; vs minimal PySide6 window from source; {how}",
        ),
        _pair(
            "Cold start to the first screen, frozen, empty commune",
            frozen_empty,
            frozen_reference_runs,
            "time",
            "same reference",
        ),
        _pair(
            "From the password's Enter to the main window painted, from source, large commune",
            window_large,
            source_reference,
            "time",
            f"bench/startup.py SIGNED_IN: the program started cold, the password typed "
            f"{TYPING_SECONDS:.0f} s after the sign-in screen painted; includes checking it "
            f"(argon2id, the library's default cost); vs the minimal window's whole cold start",
        ),
        _pair(
            "From the password's Enter to the main window painted, from source, empty commune",
            window_empty,
            source_reference,
            "time",
            "same",
        ),
        _pair(
            "Cold start to the main window (sign-in and start-up checks skipped), from source, "
            "large commune",
            unchecked_large,
            source_reference,
            "time",
            "diagnostic, no target: no officer starts this way (the sign-in screen comes first, "
            "the two rows above are the waits they see); what the window alone costs, all its "
            "imports, opening the file and Qt's enums included, before anything is on screen",
            target=None,
        ),
        _pair(
            "Peak memory (VmHWM), main window open, from source: large vs empty commune",
            window_large,
            window_empty,
            "memory",
            "signed in; 0.5 s after the main window's first paint (the overview's figures and "
            "chart are up by then)",
        ),
    ]
    sizes = {
        "frozen program": folder_mib(exe.parent),
        "frozen reference": folder_mib(frozen_reference(False).parent),
    }
    return results, start_up_imports(large), sizes


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def block(results: list[Result], imports: Imports, sizes: dict[str, float]) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    lines = [
        START,
        "### Latest start-up run",
        "",
        f"- Date: {now}",
        f"- Machine: {report.machine()}",
    ]
    lines += [
        "- Qt offscreen; the database is the large commune (bench/.data/large.sqlite3) or a "
        "commune just set up with nothing recorded",
        "",
        "| Measure | ANTQ Desk | Reference | Ratio | Target ≤ 1.5× | Note |",
        "|---|---:|---:|---:|---|---|",
    ]
    for item in results:
        lines.append(
            f"| {item.name} | {_number(item.ours)} {item.unit} | {_number(item.reference)} "
            f"{item.unit} | {item.ratio:.2f}× | {item.verdict} | {item.note} |"
        )
    late = ", ".join(imports.late_loaded) or "none"
    slowest = ", ".join(f"{name} {ms:.0f} ms" for name, ms in imports.slowest)
    lines += [
        "",
        f"- Imports before the main window's first paint (`python -X importtime`, from source): "
        f"{imports.total_ms:,.0f} ms in all; slowest top-level: {slowest}",
        f"- Of {', '.join(LATE_MODULES)} loaded before the first paint: {late}",
        f"- Folder size: frozen program {sizes['frozen program']:,.0f} MiB, frozen reference "
        f"window {sizes['frozen reference']:,.0f} MiB",
        END,
    ]
    return "\n".join(lines)


def update_doc(text: str, path: Path = report.DOC) -> None:
    """Replace the start-up block inside the "Startup" section, keeping the rest of the file."""
    current = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n## Startup\n\n" + text + "\n"
    path.write_text(updated, encoding="utf-8")


def run(runs: int, cold: bool, rebuild: bool, write_doc: bool) -> int:
    if cold and not _can_drop_caches():
        print("--cold needs root on Linux; measuring with a warm page cache", file=sys.stderr)
        cold = False
    results, imports, sizes = measure(runs, cold, rebuild)
    text = block(results, imports, sizes)
    print(text)
    if write_doc:
        update_doc(text)
        print(f"\nUpdated {report.DOC}")
    missed = [item for item in results if item.verdict == "**missed**"]
    return 1 if missed or imports.late_loaded else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measure")
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each run")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the frozen programs")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()
    return run(args.runs, args.cold, args.rebuild, not args.no_doc)


if __name__ == "__main__":
    raise SystemExit(main())
