"""The frozen program, as an officer gets it: it runs its self-test and says when it was built."""

from __future__ import annotations

import datetime as dt

import pytest

from db.migrations import schema_version
from desktop import __version__

pytestmark = pytest.mark.slow


def test_self_test_passes_every_step(run_frozen):
    done = run_frozen("check", "--self-test")
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(lines) >= 5
    assert all(line.startswith("[đạt] ") for line in lines), done.stdout
    assert any("báo cáo PDF" in line for line in lines)
    assert any("gói đồng bộ" in line and "tỉnh nhận đủ" in line for line in lines)
    assert any("cửa sổ chính" in line for line in lines)


def test_version_names_schema_and_build_date(run_frozen):
    done = run_frozen("--version")
    assert done.returncode == 0, done.stderr
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert done.stdout.startswith(f"ANTQ Desk {__version__} (schema {schema_version()}, ")
    assert f"bản dựng {today}" in done.stdout


def test_help_is_vietnamese(run_frozen):
    done = run_frozen("check", "--help")
    assert done.returncode == 0
    assert "--self-test" in done.stdout
    assert "Tự kiểm tra chương trình" in done.stdout


def _names(folder):
    return {path.name for path in folder.rglob("*")}


def test_release_folder_has_the_data_and_no_unused_qt(frozen_dir):
    names = _names(frozen_dir)
    internal = frozen_dir / "_internal"
    assert {"LICENSE", "README.md"} <= {path.name for path in frozen_dir.iterdir()}
    migrations = sorted(path.name for path in (internal / "db" / "migrations").glob("*.sql"))
    assert migrations[0] == "0001_initial.sql"
    assert (internal / "resources" / "locale" / "qt" / "qtbase_vi.qm").is_file()
    assert (internal / "resources" / "fonts" / "LiberationSerif-Regular.ttf").is_file()
    assert (internal / "resources" / "build_info.json").is_file()
    assert not any(name.endswith((".ts", ".po")) for name in names)
    unused = ("WebEngine", "Quick", "Qml", "3D", "Multimedia", "Designer", "VirtualKeyboard")
    assert not [name for name in names if any(part in name for part in unused)]
    assert not any(path.is_dir() for path in internal.rglob("translations"))
