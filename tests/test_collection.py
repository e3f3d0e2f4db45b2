"""Every test file under tests/ is collected by `make test`, the target CI runs.

pytest silently skips folders it thinks are build output (`build`, `dist`, `venv`…): 29 tests in
a folder named tests/build once ran nowhere. This asks pytest itself what `make test` collects.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_files() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if ".venv" not in path.parts
    }


def _collected_files() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}


def test_every_test_file_is_collected_by_make_test():
    files = _test_files()
    assert len(files) > 50
    assert sorted(files - _collected_files()) == []
