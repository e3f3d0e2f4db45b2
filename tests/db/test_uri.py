"""Read-only opens of files on shares, mapped drives and in folders with awkward names.

A backup on `Z:\\` or `\\\\srv\\chung` was "not usable": `Path.resolve().as_uri()` made
`file://srv/chung/...`, which SQLite refuses ("invalid uri authority"). Windows paths are fed
to the pure URI builder as `PureWindowsPath`; the Linux opens are real.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from db.connection import open_read_only, sqlite_uri


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (r"\\srv\chung\a.sqlite3", "file:////srv/chung/a.sqlite3?mode=ro"),
        (r"\\?\UNC\srv\chung\a.sqlite3", "file:////srv/chung/a.sqlite3?mode=ro"),
        (r"Z:\sao lưu\antq-desk.sqlite3", "file:///Z:/sao%20l%C6%B0u/antq-desk.sqlite3?mode=ro"),
        (r"\\?\Z:\a.sqlite3", "file:///Z:/a.sqlite3?mode=ro"),
        (
            r"C:\Users\Nguyễn\a#b.sqlite3",
            "file:///C:/Users/Nguy%E1%BB%85n/a%23b.sqlite3?mode=ro",
        ),
    ],
)
def test_windows_paths_become_server_less_uris(path, uri):
    built = sqlite_uri(PureWindowsPath(path), mode="ro")
    assert built == uri
    assert not built.startswith("file://srv")  # no authority: SQLite would refuse it


def test_a_linux_path_with_spaces_hash_and_question_mark():
    built = sqlite_uri(PurePosixPath("/home/cán bộ/sao lưu #1?/a%b.sqlite3"), mode="ro")
    assert built == (
        "file:///home/c%C3%A1n%20b%E1%BB%99/sao%20l%C6%B0u%20%231%3F/a%25b.sqlite3?mode=ro"
    )


def test_a_relative_path_is_a_bug_not_a_guess():
    with pytest.raises(ValueError, match="absolute"):
        sqlite_uri(PureWindowsPath("a.sqlite3"))


def _database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (name TEXT)")
    conn.execute("INSERT INTO t VALUES ('Nguyễn Văn An')")
    conn.commit()
    conn.close()
    return path


def test_a_file_with_hash_question_percent_spaces_and_vietnamese_opens_read_only(tmp_path):
    path = _database(tmp_path / "Sao lưu của Nguyễn #2 ?" / "bản 100% a#b?.sqlite3")
    conn = open_read_only(path)
    try:
        assert conn.execute("SELECT name FROM t").fetchone() == ("Nguyễn Văn An",)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO t VALUES ('x')")
    finally:
        conn.close()


def test_sqlite_takes_the_share_form_and_refuses_an_authority(tmp_path):
    """What Windows gets for `\\\\srv\\chung`: an empty authority and the path's two slashes.
    On Linux `//tmp/...` is `/tmp/...`, so SQLite's parsing of that form is tested for real."""
    path = _database(tmp_path / "chung" / "a.sqlite3")
    share_form = sqlite_uri(PurePosixPath("/" + str(path)), mode="ro")
    assert share_form.startswith("file:////")
    sqlite3.connect(share_form, uri=True).close()
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect(f"file://srv{path}?mode=ro", uri=True)  # what as_uri() made of a share


def test_a_mapped_drive_is_not_resolved_to_its_share(tmp_path, monkeypatch):
    """Windows' `Path.resolve()` turns `Z:\\a.sqlite3` into `\\\\srv\\chung\\a.sqlite3`; the open
    must use the path as given, so a share the resolver reports differently cannot matter."""
    path = _database(tmp_path / "Z" / "a.sqlite3")
    monkeypatch.setattr(Path, "resolve", lambda self, strict=False: Path("//srv/chung/a.sqlite3"))
    conn = open_read_only(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (1,)
    finally:
        conn.close()
