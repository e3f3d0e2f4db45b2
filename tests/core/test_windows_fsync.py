"""Saving an .xlsx works where fsync needs a writable handle (Windows; simulated for every test)."""

from __future__ import annotations

import errno
import os

import pytest

from desktop.core import spreadsheet


def test_the_suite_refuses_fsync_on_a_read_only_handle_as_windows_does(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"x")
    with open(target, "rb") as handle, pytest.raises(OSError) as refused:
        os.fsync(handle.fileno())
    assert refused.value.errno == errno.EBADF
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def test_an_xlsx_is_saved_under_windows_fsync(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "danh-sach.xlsx"
    written = spreadsheet.write_table(
        path,
        "Danh sách",
        [("Họ và tên", "text"), ("Năm sinh", "int")],
        [("Nguyễn Văn Dũng", 1980)],
    )
    assert written == 1
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[2]] == ["Nguyễn Văn Dũng", 1980]
    assert [p.name for p in tmp_path.iterdir()] == ["danh-sach.xlsx"]
