"""`antq-desk check --self-test` from source, and its steps stopping at the first failure."""

from __future__ import annotations

import pytest

from desktop.cli import commands as cli
from desktop.core import selftest
from desktop.core.buildinfo import build_date


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTQ_LANG", "vi")


def test_core_steps_pass_and_leave_their_files(tmp_path):
    results = list(selftest.run(tmp_path))
    assert [result.ok for result in results] == [True] * len(selftest.STEPS)
    assert (tmp_path / "bao-cao-ket-qua.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "bao-cao-ket-qua.xlsx").stat().st_size > 0
    assert [path.suffix for path in (tmp_path / "bundles").iterdir()] == [".antq"]
    assert results[-1].detail.startswith("1 gói, tỉnh nhận đủ ")


def _broken(ws: selftest.Workspace) -> str:
    raise OSError("disk full")


def test_a_failing_step_stops_the_rest(tmp_path):
    steps = [selftest.STEPS[0], selftest.Step("Hỏng", _broken), selftest.STEPS[1]]
    results = list(selftest.run(tmp_path, steps))
    assert [result.ok for result in results] == [True, False, False]
    assert results[1].detail == "OSError: disk full"
    assert results[2].detail == "không chạy vì bước trước lỗi"


def test_command_prints_a_line_per_step_and_fails_with_a_step(monkeypatch, capsys):
    steps = [selftest.STEPS[0], selftest.Step("Hỏng", _broken)]
    monkeypatch.setattr(selftest, "STEPS", steps)
    monkeypatch.setattr("desktop.ui.selftest.STEPS", [])
    assert cli.main(["check", "--self-test"]) == cli.EXIT_PROBLEMS
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[đạt] Mở tệp dữ liệu mới và cập nhật cấu trúc: ")
    assert lines[1] == "[LỖI] Hỏng: OSError: disk full"


def test_from_source_there_is_no_build_date(capsys):
    assert build_date() is None
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.rstrip().endswith(", từ mã nguồn)")


def test_frozen_reads_the_stamped_date(tmp_path, monkeypatch):
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "build_info.json").write_text('{"built": "2026-11-29 02:30 UTC"}')
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert build_date() == "2026-11-29 02:30 UTC"
