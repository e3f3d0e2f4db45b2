"""The `antq-desk` command: init, demo, check, version, help texts and known errors."""

from __future__ import annotations

import argparse
import os
import sys
import types

import pytest

from db import open_database
from db.migrations import schema_version
from desktop import __version__
from desktop.cli import commands as cli
from desktop.core import office


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    """Logs go to a temporary folder; the messages are Vietnamese."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ANTQ_LANG", "vi")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "nested" / "folder" / "antq.sqlite3"


def _commune() -> str:
    from desktop.core import units

    return units.communes("91")[0].code


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    expected = f"ANTQ Desk {__version__} (schema {schema_version()}, từ mã nguồn)"
    assert capsys.readouterr().out.strip() == expected


def _all_parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                helps = {a.dest: a.help for a in action._choices_actions}
                assert helps.get(name), f"subcommand {name} has no help"
                yield from _all_parsers(sub)


def test_every_subcommand_and_option_has_help():
    parsers = list(_all_parsers(cli.build_parser()))
    assert {p.prog.split()[-1] for p in parsers} >= {"init", "demo", "check"}
    for parser in parsers:
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"{parser.prog} {action.option_strings} has no help"


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["init", "--help"])
    out = capsys.readouterr().out
    assert "Hiện trợ giúp này rồi thoát." in out and "Mã xã, phường" in out


def test_init_sets_up_the_office(db_path, capsys):
    code = _commune()
    assert (
        cli.main(
            [
                "--db",
                str(db_path),
                "init",
                "--commune",
                code,
                "--year",
                "2026",
                "--officer",
                "Lê Thị Mai",
                "--phone",
                "0909123456",
            ]
        )
        == 0
    )
    assert "Đã thiết lập" in capsys.readouterr().out
    db = open_database(db_path)
    unit = office.self_unit(db)
    assert (unit.code, unit.officer_name, unit.officer_phone) == (code, "Lê Thị Mai", "0909123456")
    db.close()


def test_init_twice_is_refused(db_path, capsys):
    args = ["--db", str(db_path), "init", "--commune", _commune()]
    assert cli.main(args) == 0
    assert cli.main(args) == 2
    assert "đã được thiết lập" in capsys.readouterr().err


def test_a_bad_commune_code_gives_a_vietnamese_message_and_code_2(db_path, capsys, caplog):
    assert cli.main(["--db", str(db_path), "init", "--commune", "99999"]) == 2
    captured = capsys.readouterr()
    assert "Lỗi: Hãy chọn xã, phường từ danh mục chính thức." in captured.err
    assert "Traceback" not in captured.err
    assert "antq-desk init failed: validation failed" in caplog.text


def test_demo_then_check(db_path, capsys):
    assert cli.main(["--db", str(db_path), "demo", "--year", "2025", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Đã tạo xã mẫu" in out and "1.500 người" in out
    assert cli.main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "Kết quả: tệp dữ liệu không có lỗi." in out


def test_demo_twice_is_refused(db_path, capsys):
    assert cli.main(["--db", str(db_path), "demo"]) == 0
    assert cli.main(["--db", str(db_path), "demo"]) == 2
    assert "xã mẫu chỉ được tạo vào tệp mới" in capsys.readouterr().err


def test_check_finds_a_row_missing_from_the_change_log(db_path, capsys):
    assert cli.main(["--db", str(db_path), "init", "--commune", _commune()]) == 0
    db = open_database(db_path)
    db.conn.execute("DELETE FROM change_log WHERE tbl = 'indicator'")
    db.close()
    assert cli.main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "thiếu ở indicator" in out and "phát hiện lỗi" in out


def test_check_of_a_missing_file(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "none.sqlite3"), "check"]) == 2
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err


def test_a_damaged_file_is_reported_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    assert cli.main(["--db", str(bad), "check"]) == cli.EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert "Tệp bị hỏng" in out and "KHÔNG CHẠY ĐƯỢC" in out


def test_no_subcommand_starts_the_gui(db_path, monkeypatch):
    opened = []
    fake = types.ModuleType("desktop.ui.app")
    fake.run_gui = lambda path: opened.append(path) or 0
    monkeypatch.setitem(sys.modules, "desktop.ui.app", fake)
    assert cli.main(["--db", str(db_path)]) == 0
    assert cli.main(["--user", "mai", "--db", str(db_path)]) == 0
    assert opened == [db_path, db_path]


def test_the_window_does_not_load_the_subcommands(tmp_path):
    """Officers start the window every day: it must not pay for every subcommand's imports."""
    import subprocess

    probe = (
        "import sys, types\n"
        "fake = types.ModuleType('desktop.ui.app')\n"
        "fake.run_gui = lambda path: 0\n"
        "sys.modules['desktop.ui.app'] = fake\n"
        "from desktop import cli\n"
        f"cli.main(['--db', {str(tmp_path / 'x.sqlite3')!r}])\n"
        "print('desktop.cli.sync' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"


def test_a_db_option_without_a_file_is_a_vietnamese_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--db"])
    assert done.value.code == 2
    assert "lệnh không hợp lệ" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--db"], "--db cần một giá trị đi kèm"),
        (["frobnicate"], "LỆNH: không có lựa chọn 'frobnicate'; hãy chọn một trong: 'init'"),
        (["report"], "còn thiếu: LOẠI, --out"),
        (["demo", "--bogus"], "không hiểu phần: --bogus"),
    ],
)
def test_argparse_own_messages_are_said_in_vietnamese(capsys, argv, said):
    with pytest.raises(SystemExit) as refused:
        cli.main(argv)
    assert refused.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert said in last, last
    english = ("unrecognized", "required", "expected", "invalid choice", "choose from")
    assert not any(word in last for word in english), last


def test_a_message_of_an_unknown_shape_is_kept_as_argparse_wrote_it():
    from desktop.cli.usage_errors import translated

    assert translated("something argparse 3.14 might say") == "something argparse 3.14 might say"


def test_unknown_errors_propagate(db_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("desktop.core.demo.build_commune", broken)
    with pytest.raises(RuntimeError):
        cli.main(["--db", str(db_path), "demo"])


def test_help_and_usage_errors_are_in_vietnamese(capsys):
    from desktop.cli import main

    with pytest.raises(SystemExit) as refused:
        main(["report"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: antq-desk report")
    assert "lệnh không hợp lệ" in err
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: antq-desk demo") and "tùy chọn:" in out
    assert "usage:" not in out and "options:" not in out
