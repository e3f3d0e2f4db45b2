"""Every command that writes gets the window's guards first: a local disk and a sound file.

Reproduces: `import-list` added an event to a file with a damaged page; the CLI wrote into
"OneDrive - Công an tỉnh" and onto a network mount; commands turned a 0-byte file beside its
backups into a new office. Nothing, not even the sign-in's audit entry, is written before the
verdict.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from desktop.cli import console
from desktop.cli.commands import EXIT_KNOWN_ERROR, EXIT_OK, main
from desktop.core.storage.dblocation import Mount, Probe
from tests.safety.conftest import OFFICER, PASSWORD, damage

EVENTS = Path(__file__).resolve().parents[1] / "data" / "listimport" / "events.xlsx"


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_events(path: Path) -> int:
    return main(
        ["--db", str(path), "--user", OFFICER, "import-list", str(EVENTS), "--kind", "events"]
    )


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)


def _probe(folder: Path, fstype: str, removable: bool = False) -> Probe:
    mounts = [Mount("/dev/sda1", "/", "ext4"), Mount("//nas/chung", str(folder), fstype)]
    if removable:
        mounts[1] = Mount("/dev/sdb1", str(folder), fstype)
    return Probe(
        platform="linux", mounts=lambda: mounts, removable_device=lambda d: d == "/dev/sdb1"
    )


@pytest.mark.parametrize(
    ("fstype", "removable", "said"),
    [("cifs", False, "ổ mạng"), ("nfs4", False, "ổ mạng"), ("vfat", True, "USB")],
)
def test_network_and_usb_folders_are_refused_for_writing(
    office_file, monkeypatch, capsys, fstype, removable, said
):
    monkeypatch.setattr(console, "LOCATION_PROBE", _probe(office_file.parent, fstype, removable))
    before = fingerprint(office_file)
    assert import_events(office_file) == EXIT_KNOWN_ERROR
    assert said in capsys.readouterr().err
    assert main(["--db", str(office_file), "--user", OFFICER, "backup"]) == EXIT_KNOWN_ERROR
    assert fingerprint(office_file) == before
    out = office_file.parent / "ket-qua.pdf"  # reading from there stays possible
    assert main(["--db", str(office_file), "report", "ket-qua", "--out", str(out)]) == EXIT_OK


def test_a_cloud_folder_is_refused_for_writing(office_file, tmp_path, monkeypatch, capsys):
    cloud = tmp_path / "OneDrive - Công an tỉnh"
    cloud.mkdir()
    moved = cloud / office_file.name
    shutil.copy(office_file, moved)
    before = fingerprint(moved)
    assert import_events(moved) == EXIT_KNOWN_ERROR
    assert "đám mây" in capsys.readouterr().err
    assert fingerprint(moved) == before


def test_import_list_refuses_a_file_with_a_damaged_page(office_file, capsys):
    damage(office_file, "event")
    before = fingerprint(office_file)
    assert import_events(office_file) == EXIT_KNOWN_ERROR
    err = capsys.readouterr().err
    assert "bị hỏng nên lệnh này không ghi gì" in err and "antq-desk restore" in err
    assert fingerprint(office_file) == before  # not even the sign-in was recorded


def test_a_zero_byte_file_beside_backups_is_never_made_a_new_office(with_backups, capsys):
    path = with_backups
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"")
    assert import_events(path) == EXIT_KNOWN_ERROR
    assert main(["--db", str(path), "backup"]) == EXIT_KNOWN_ERROR
    assert main(["--db", str(path), "init", "--commune", "30280"]) == EXIT_KNOWN_ERROR
    assert "trống" in capsys.readouterr().err
    assert path.stat().st_size == 0


def test_a_new_empty_file_without_backups_may_still_be_set_up(tmp_path, capsys):
    from desktop.core import units

    path = tmp_path / "moi.sqlite3"
    path.write_bytes(b"")
    code = main(["--db", str(path), "init", "--commune", units.communes("91")[0].code])
    assert code == EXIT_OK, capsys.readouterr().err
