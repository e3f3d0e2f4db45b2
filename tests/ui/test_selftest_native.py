"""The self-test's Windows branch, tried on Linux: the native display check and what it catches.

On Windows `check --self-test` loads qwindows, the Windows styles and print support, starts Qt on
the native platform and makes a hidden window; here the same check runs against Linux's plugins
(offscreen standing in for the native platform, or xcb under xvfb-run when this machine has its
libraries), and a build folder with a plugin trimmed away or broken stands in for a bad build.spec.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import selftest
from desktop.ui import selftest as window_test

ROOT = Path(__file__).resolve().parents[2]
PRINT_SUPPORT = "windowsprintersupport" if sys.platform == "win32" else "cupsprintersupport"
# The offscreen platform playing the native one: the same checks, on plugins this machine has.
STAND_IN = window_test.NativeDisplay(
    "offscreen",
    (("platforms", "qoffscreen"), ("printsupport", PRINT_SUPPORT)),
    frozenset({"fusion"}),
)


def test_on_windows_the_native_display_is_checked_before_the_window():
    titles = [step.title for step in window_test.steps_for("win32")]
    assert titles == [window_test.NATIVE_STEP_TITLE, "Mở cửa sổ chính và từng trang"]
    assert [step.run for step in window_test.steps_for("linux")] == [window_test.open_main_window]


def test_the_check_passes_on_a_complete_qt(qapp, tmp_path):
    detail = window_test.check_native_display(selftest.Workspace(tmp_path), STAND_IN)
    assert detail.startswith("offscreen, kiểu Fusion, ")
    assert detail.endswith(" máy in, cửa sổ ẩn")


def _trimmed_qt(tmp_path: Path, leave_out: str) -> list[Path]:
    """A copy of Qt's plugin folders without one plugin, as a bad build.spec would leave it."""
    trimmed = tmp_path / "plugins"
    for folder in window_test.plugin_folders():
        for kind in ("platforms", "printsupport", "styles"):
            if (folder / kind).is_dir():
                shutil.copytree(folder / kind, trimmed / kind, dirs_exist_ok=True)
    for path in trimmed.rglob(f"*{leave_out}*"):
        path.unlink()
    return [trimmed]


def test_a_plugin_trimmed_from_the_build_fails_the_step(qapp, tmp_path, monkeypatch):
    folders = _trimmed_qt(tmp_path, PRINT_SUPPORT)
    monkeypatch.setattr(window_test, "plugin_folders", lambda: folders)
    step = selftest.Step("Giao diện", lambda ws: window_test.check_native_display(ws, STAND_IN))
    [result] = selftest.run(tmp_path / "ws", [step])
    assert not result.ok
    assert f"printsupport/{PRINT_SUPPORT} is not in this build" in result.detail


def test_a_plugin_whose_library_is_missing_fails_the_step_instead_of_aborting(qapp, tmp_path):
    broken = tmp_path / "plugins" / "platforms"
    broken.mkdir(parents=True)
    (broken / "qwindows.dll").write_bytes(b"MZ not really a library")
    with pytest.raises(RuntimeError, match="platforms/qwindows does not load"):
        window_test.load_plugins(window_test.WINDOWS, [tmp_path / "plugins"])


def test_the_windows_check_on_a_linux_qt_names_what_is_missing(qapp, tmp_path):
    with pytest.raises(RuntimeError, match="platforms/qwindows is not in this build"):
        window_test.check_native_display(selftest.Workspace(tmp_path), window_test.WINDOWS)


def test_a_qt_already_started_on_another_platform_is_reported(qapp, tmp_path, monkeypatch):
    other = window_test.NativeDisplay("minimal", (("platforms", "qminimal"),), frozenset())
    with pytest.raises(RuntimeError, match="Qt runs on 'offscreen', not 'minimal'"):
        window_test.check_native_display(selftest.Workspace(tmp_path), other)


_XCB_RUN = """
import sys, tempfile
from pathlib import Path
from desktop.core import selftest
from desktop.ui import selftest as window_test
x11 = window_test.LINUX_X11
native = selftest.Step("native", lambda ws: window_test.check_native_display(ws, x11))
with tempfile.TemporaryDirectory() as folder:
    steps = [*selftest.STEPS[:2], native, *window_test.steps_for("linux")]
    for result in selftest.run(Path(folder), steps):
        print(result.ok, result.detail, flush=True)
"""


def _xcb_loads() -> str | None:
    """None if this machine can load Qt's xcb plugin, else why not."""
    try:
        window_test.load_plugins(window_test.LINUX_X11, window_test.plugin_folders())
    except RuntimeError as error:
        return str(error)
    return None


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_the_native_stack_under_x11_as_on_windows(tmp_path):
    """The whole branch on a real native platform: xcb on a virtual X server."""
    missing = _xcb_loads()
    if missing is not None:
        pytest.skip(f"Qt's xcb plugin cannot load on this machine: {missing}")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "ANTQ_LANG": "vi"}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-c", _XCB_RUN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(("True", "False"))]
    assert [line.split()[0] for line in lines] == ["True"] * 4, done.stdout + done.stderr
    assert lines[2].startswith("True xcb, kiểu Fusion, ")
    assert ", xcb, " in lines[3]  # the main window, drawn on the native platform
