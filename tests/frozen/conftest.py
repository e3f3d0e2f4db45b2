"""The frozen build, made once per session into a temporary folder, for the `slow` tests.

Built only when ANTQ_TEST_BUILD=1 (`make test-build`, .ci/run): a PyInstaller build takes about a
minute and needs the `build` extra, which `make test` does not install.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _pyinstaller() -> list[str]:
    return [sys.executable, "-m", "PyInstaller"]


@pytest.fixture(scope="session")
def frozen_dir(tmp_path_factory) -> Path:
    """dist/antq-desk/ built from build.spec (into a temporary folder, not the repository's)."""
    if os.environ.get("ANTQ_TEST_BUILD") != "1":
        pytest.skip("the frozen build is tested by `make test-build` (ANTQ_TEST_BUILD=1)")
    folder = tmp_path_factory.mktemp("frozen")
    done = subprocess.run(
        [
            *_pyinstaller(),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(folder / "dist"),
            "--workpath",
            str(folder / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return folder / "dist" / "antq-desk"


@pytest.fixture
def run_frozen(frozen_dir, tmp_path):
    """Run the frozen program with its own HOME (logs, data) and Qt offscreen."""

    def run(*args: str) -> subprocess.CompletedProcess:
        name = "antq-desk-cli" if sys.platform == "win32" else "antq-desk"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "ANTQ_LANG": "vi",
            "HOME": str(tmp_path),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "LOCALAPPDATA": str(tmp_path / "local"),
            "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(tmp_path / "local"),  # platformdirs on Windows
        }
        # The frozen program must not lean on the source tree or the virtualenv.
        for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(variable, None)
        return subprocess.run(
            [str(frozen_dir / f"{name}{EXE_SUFFIX}"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )

    return run
