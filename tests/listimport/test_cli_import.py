"""`antq-desk import-list FILE --kind people|events [--sheet NAME] [--dry-run]`."""

from __future__ import annotations

import pytest

from db import open_database
from desktop.cli import commands as cli
from tests.listimport.conftest import DATA, people_names


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ANTQ_LANG", "vi")
    path = tmp_path / "antq.sqlite3"
    from desktop.core import units

    assert cli.main(["--db", str(path), "init", "--commune", units.communes("91")[0].code]) == 0
    return path


def test_dry_run_writes_nothing(db_path, capsys):
    args = ["--db", str(db_path), "import-list", str(DATA / "people_vni.xlsx"), "--kind", "people"]
    assert cli.main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Thử (chưa ghi gì): Đã thêm 4, gộp 0, bỏ qua 1, không nhập 3." in out
    assert "Dòng 12 (không nhập): Phạm Quốc Việt — Không đọc được năm sinh “năm xưa”." in out
    db = open_database(db_path)
    assert people_names(db) == []
    db.close()


def test_import_people_then_again_skips_everyone(db_path, capsys):
    args = ["--db", str(db_path), "import-list", str(DATA / "people_tcvn3.csv"), "--kind", "people"]
    assert cli.main(args) == 0
    assert "Ấp, khu phố thêm vào danh mục: Ấp Ba" in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "Đã thêm 0, gộp 0, bỏ qua 5, không nhập 3." in capsys.readouterr().out
    db = open_database(db_path)
    assert people_names(db)[0] == "Nguyễn Văn Dũng"
    db.close()


def test_import_events_of_a_chosen_sheet(db_path, capsys):
    path = DATA / "events.xlsx"
    code = cli.main(
        ["--db", str(db_path), "import-list", str(path), "--kind", "events", "--sheet", "Danh sách"]
    )
    assert code == 0
    assert "Đã thêm 3, gộp 0, bỏ qua 0, không nhập 2." in capsys.readouterr().out


def test_a_missing_sheet_is_a_known_error(db_path, capsys):
    path = DATA / "events.xlsx"
    code = cli.main(
        ["--db", str(db_path), "import-list", str(path), "--kind", "events", "--sheet", "Không có"]
    )
    assert code == cli.EXIT_KNOWN_ERROR
    assert "Tệp không có trang “Không có”." in capsys.readouterr().err


def test_sheet_alone_lists_the_sheets_and_the_list_is_found_on_the_second(db_path, capsys):
    path = str(DATA / "office_people.xlsx")
    assert cli.main(["--db", str(db_path), "import-list", path, "--kind", "people", "--sheet"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Bìa", "DS tham gia"]
    assert cli.main(["--db", str(db_path), "import-list", path, "--kind", "people"]) == 0
    out = capsys.readouterr().out
    assert "Trang tính: “DS tham gia”." in out
    assert "Dòng 22 (không phải dòng danh sách): Tổng cộng: 200 người" in out
    db = open_database(db_path)
    assert "Trần Thị Cán Bộ" not in people_names(db) and len(people_names(db)) == 8
    db.close()


def test_a_missing_file_is_told_in_vietnamese(db_path, capsys):
    args = ["--db", str(db_path), "import-list", str(DATA / "khong-co.xlsx"), "--kind", "people"]
    assert cli.main(args) == cli.EXIT_KNOWN_ERROR
    err = capsys.readouterr().err
    assert "Không tìm thấy tệp “khong-co.xlsx”" in err and "No such file" not in err
