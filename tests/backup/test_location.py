"""The database must live on a local disk; the machine's facts are injected."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.storage import dblocation
from desktop.core.storage.dblocation import Mount, Place, Probe

LINUX_MOUNTS = [
    Mount("/dev/sda2", "/", "ext4"),
    Mount("/dev/sda3", "/home", "ext4"),
    Mount("//nas/chung", "/mnt/chung", "cifs"),
    Mount("nas:/export", "/mnt/nfs", "nfs4"),
    Mount("officer@server:", "/home/officer/xa", "fuse.sshfs"),
    Mount("/dev/sdb1", "/media/officer/USB KINGSTON", "vfat"),
]


def _linux(removable: set[str] = frozenset({"/dev/sdb1"})) -> Probe:
    return Probe(
        platform="linux",
        mounts=lambda: LINUX_MOUNTS,
        removable_device=lambda device: device in removable,
    )


@pytest.mark.parametrize(
    ("path", "place"),
    [
        ("/home/officer/.local/share/antq-desk/antq-desk.sqlite3", Place.LOCAL),
        ("/var/lib/antq/antq-desk.sqlite3", Place.LOCAL),
        ("/mnt/chung/antq-desk.sqlite3", Place.NETWORK),
        ("/mnt/nfs/a/antq-desk.sqlite3", Place.NETWORK),
        ("/home/officer/xa/antq-desk.sqlite3", Place.NETWORK),
        ("/media/officer/USB KINGSTON/antq-desk.sqlite3", Place.REMOVABLE),
        ("/home/officer/Dropbox/antq-desk.sqlite3", Place.CLOUD),
        ("/home/officer/Google Drive/antq/antq-desk.sqlite3", Place.CLOUD),
    ],
)
def test_linux_places(path, place):
    assert dblocation.place_of(Path(path).parent, _linux()) is place


@pytest.mark.parametrize(
    ("path", "drive_type", "place"),
    [
        (r"C:\Users\can bo\AppData\Local\antq-desk\antq-desk.sqlite3", 3, Place.LOCAL),
        (r"E:\antq-desk.sqlite3", 2, Place.REMOVABLE),
        (r"Z:\chung\antq-desk.sqlite3", 4, Place.NETWORK),
        (r"D:\antq-desk.sqlite3", 5, Place.REMOVABLE),
        (r"\\may-chu\chung\antq-desk.sqlite3", 3, Place.NETWORK),
        (r"\\?\UNC\may-chu\chung\antq-desk.sqlite3", 3, Place.NETWORK),
        (r"C:\Users\can bo\OneDrive - Công an tỉnh\antq-desk.sqlite3", 3, Place.CLOUD),
        (r"C:\Users\can bo\iCloudDrive\antq-desk.sqlite3", 3, Place.CLOUD),
    ],
)
def test_windows_places(path, drive_type, place):
    asked = []

    def drive(root: str) -> int:
        asked.append(root)
        return drive_type

    probe = Probe(platform="win32", drive_type=drive)
    assert dblocation.place_of(path, probe) is place
    if place is not Place.CLOUD and not path.startswith("\\\\"):
        assert asked == [path[:2] + "\\"]


def test_refusal_explains_why(tmp_path):
    probe = _linux()
    with pytest.raises(dblocation.UnsafeLocation, match="USB") as raised:
        dblocation.require_local(Path("/media/officer/USB KINGSTON/antq-desk.sqlite3"), probe)
    assert raised.value.place is Place.REMOVABLE
    with pytest.raises(dblocation.UnsafeLocation, match="mạng"):
        dblocation.require_local(Path("/mnt/chung/antq-desk.sqlite3"), probe)
    with pytest.raises(dblocation.UnsafeLocation, match="OneDrive"):
        dblocation.require_local(Path("/home/a/OneDrive/antq-desk.sqlite3"), probe)
    dblocation.require_local(Path("/home/officer/antq-desk.sqlite3"), probe)


def test_proc_mounts_escapes_are_read():
    text = "/dev/sdb1 /media/can\\040bo/USB vfat rw 0 0\nnas:/x /mnt/x nfs4 rw 0 0\n"
    assert dblocation.parse_mounts(text) == [
        Mount("/dev/sdb1", "/media/can bo/USB", "vfat"),
        Mount("nas:/x", "/mnt/x", "nfs4"),
    ]


def test_this_machines_temporary_folder_is_local(tmp_path):
    assert dblocation.place_of(tmp_path) is Place.LOCAL
