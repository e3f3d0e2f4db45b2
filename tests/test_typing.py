"""mypy finds no error in db/ and desktop/core/ under the committed configuration.

The configuration is `[tool.mypy]` in pyproject.toml. mypy only checks the branches of
`sys.platform` tests that belong to the platform it is told, and the officers run Windows: the
check runs once for Linux and once for win32, so the Windows-only code paths are read too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WRONG = """\
def label(names: dict[str, str], key: str) -> str:
    return names.get(key).upper()
"""


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """mypy from the interpreter running the tests (the worktree's venv), from the root."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
    )


def _config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["mypy"]


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_db_and_core_have_no_type_errors(platform):
    done = _mypy("--platform", platform, "--cache-dir", f".mypy_cache/{platform}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_configuration_covers_db_and_core_without_exemptions():
    config = _config()
    assert config["files"] == ["db", "desktop/core"]
    assert config["check_untyped_defs"] is True  # else function bodies without hints go unread
    assert config["warn_unused_ignores"] is True  # a `type: ignore` must still be needed
    for override in config.get("overrides", []):  # only for libraries that ship no types
        modules = override["module"]
        names = [modules] if isinstance(modules, str) else modules
        assert not [name for name in names if name.split(".")[0] in ("db", "desktop")]
        assert set(override) == {"module", "ignore_missing_imports"}


def test_every_ignore_in_the_checked_code_names_its_error():
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("db", "desktop/core")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line and "# type: ignore[" not in line
    ]
    assert bare == []


def test_a_type_error_fails_the_check(tmp_path):
    """The check above can fail: the same configuration reports a wrong Optional use."""
    module = tmp_path / "wrong.py"
    module.write_text(WRONG, encoding="utf-8")
    done = _mypy("--config-file", "pyproject.toml", "--cache-dir", os.devnull, str(module))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "wrong.py:2: error" in done.stdout
    assert "union-attr" in done.stdout
