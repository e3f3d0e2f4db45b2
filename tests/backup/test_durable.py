"""Saving over a file another program holds, as Windows refuses it, and the one atomic writer.

Windows refuses to rename onto a PDF open in a reader or an .xlsx open in Excel, and antivirus
holds a new file for a moment: `os.replace` raises `PermissionError` with `winerror` 32
(sharing violation), 33 (lock violation) or 5 (access denied). The seam is `os.replace`, made
to raise exactly that while the file is "held".
"""

from __future__ import annotations

import ast
import errno
import os
from pathlib import Path

import pytest

from desktop.core import reports, spreadsheet
from desktop.core.errors import UserError
from desktop.core.storage import backup, durable

ROOT = Path(__file__).resolve().parents[2]
IN_USE = "đang mở trong chương trình khác"


def _windows_error(winerror: int) -> PermissionError:
    """A PermissionError as Python raises it on Windows (errno EACCES, `winerror` set)."""
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = winerror
    return error


@pytest.fixture
def waits(monkeypatch):
    """The retry pauses, recorded instead of slept."""
    paused: list[float] = []
    monkeypatch.setattr(durable, "_pause", paused.append, raising=False)
    return paused


def _hold(monkeypatch, winerror: int = 32, times: int = 1000) -> list[str]:
    """Make `os.replace` fail `times` times as Windows does for a held file; returns the tries."""
    real, tries = os.replace, []

    def replace(source, target, **kwargs):
        tries.append(str(target))
        if len(tries) <= times:
            raise _windows_error(winerror)
        return real(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return tries


def _pdf(path: Path) -> None:
    reports.save_bytes(path, b"%PDF-1.4 the new report")


def _xlsx(path: Path) -> None:
    spreadsheet.write_table(path, "Danh sách", [("Họ và tên", "text")], [("Nguyễn Văn An",)])


WRITERS = {"report-pdf": (_pdf, "bao-cao.pdf"), "excel": (_xlsx, "danh-sach.xlsx")}


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
@pytest.mark.parametrize("winerror", [32, 33, 5])
def test_a_file_open_in_another_program_is_named_not_blamed_on_the_usb(
    tmp_path, monkeypatch, waits, writer, winerror
):
    write, name = WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(b"the officer's earlier file, open in Excel or a reader")
    tries = _hold(monkeypatch, winerror)
    with pytest.raises(UserError, match=IN_USE) as raised:
        write(target)
    assert str(target) in str(raised.value)
    assert "USB" not in str(raised.value)
    assert len(tries) == len(durable.RETRY_DELAYS) + 1  # it waited before giving up
    assert sum(waits) == pytest.approx(sum(durable.RETRY_DELAYS))
    assert target.read_bytes() == b"the officer's earlier file, open in Excel or a reader"
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_file_antivirus_lets_go_of_is_saved_after_a_short_wait(
    tmp_path, monkeypatch, waits, writer
):
    write, name = WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(b"old")
    tries = _hold(monkeypatch, 32, times=2)
    write(target)
    assert len(tries) == 3 and len(waits) == 2
    assert target.read_bytes() != b"old"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_backup_over_a_held_file_says_so_and_keeps_the_old_one(
    office_db, tmp_path, monkeypatch, waits
):
    usb = tmp_path / "usb"
    usb.mkdir()
    earlier = usb / "antq-desk.sqlite3"
    earlier.write_bytes(b"an older backup someone opened")
    _hold(monkeypatch, 32)
    with pytest.raises(UserError, match=IN_USE) as raised:
        backup.write_backup(office_db, usb, earlier.name)
    assert "chỉ cho đọc" not in str(raised.value)  # not "the USB is write-protected"
    assert earlier.read_bytes() == b"an older backup someone opened"
    assert [p.name for p in usb.iterdir()] == [earlier.name]


def test_a_new_file_held_by_antivirus_names_antivirus(tmp_path, monkeypatch, waits):
    target = tmp_path / "bao-cao.pdf"
    _hold(monkeypatch, 32)
    with pytest.raises(UserError, match="diệt virus"):
        _pdf(target)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_file_is_not_waited_for(tmp_path, monkeypatch, waits):
    target = tmp_path / "bao-cao.pdf"
    target.write_bytes(b"old")
    _hold(monkeypatch, 5)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # the read-only attribute
    with pytest.raises(UserError, match="chỉ cho đọc nên không ghi đè được"):
        _pdf(target)
    assert waits == []
    assert target.read_bytes() == b"old"


def test_a_permission_error_without_a_sharing_code_is_not_retried(tmp_path, monkeypatch, waits):
    def refuse(source, target, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")  # Linux: no winerror

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        _pdf(tmp_path / "bao-cao.pdf")
    assert waits == []
    assert list(tmp_path.iterdir()) == []


def test_write_error_is_the_one_translation(tmp_path):
    folder = tmp_path / "usb"
    assert "chỉ cho đọc" in str(durable.write_error(OSError(errno.EROFS, "ro"), folder))
    assert "đã đầy" in str(durable.write_error(OSError(errno.ENOSPC, "full"), folder))
    assert "gián đoạn" in str(durable.write_error(OSError(errno.EIO, "io"), folder))
    held = durable.FileInUse(folder / "a.pdf", "{path}", _windows_error(32))
    assert durable.write_error(held, folder) is held


RENAMES = {("os", "replace"), ("os", "rename"), ("os", "renames"), ("shutil", "move")}


def _renames(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id, node.attr) in RENAMES
    ]


# The log's rotation renames on its own: it must never wait (it runs inside a log call) and, when
# Windows refuses, it keeps appending instead (tests/core/test_logsetup.py).
RENAMES_ALLOWED = {"durable.py", "logsetup.py"}


def test_every_rename_in_the_program_goes_through_durable_replace():
    """A new writer that renames by itself would again say "USB write-protected" on Windows."""
    found = {}
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.name in RENAMES_ALLOWED:
            continue
        lines = _renames(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    assert found == {}


def test_a_saved_file_gets_the_permissions_of_a_normal_save(tmp_path):
    """Not mkstemp's 0600: a backup or report on a shared stick stays readable to others."""
    umask = os.umask(0o022)
    try:
        durable.write_bytes(tmp_path / "bao-cao.pdf", b"%PDF")
    finally:
        os.umask(umask)
    assert (tmp_path / "bao-cao.pdf").stat().st_mode & 0o777 == 0o644
