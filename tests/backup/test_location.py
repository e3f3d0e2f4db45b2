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


JUNCTIONS = {  # mklink /J: the folder looks local, its target is a share or a cloud folder
    r"C:\Users\can bo\Documents\antq": r"\\?\UNC\may-chu\chung\antq",
    r"C:\antq": r"C:\Users\can bo\OneDrive - Công an tỉnh\antq",
    r"C:\du-lieu": r"D:\du-lieu",
}


def _windows(drive_type: int = 3, bus: int | None = 0xB, label: str = "Windows") -> Probe:
    """A Windows PC: every drive answers `drive_type`, `bus` (0xB SATA) and `label`."""

    def realpath(path: str) -> str:
        folder, _, name = path.rpartition("\\")
        return JUNCTIONS[folder] + "\\" + name if folder in JUNCTIONS else path

    return Probe(
        platform="win32",
        drive_type=lambda root: drive_type,
        bus_type=lambda root: bus,
        volume_label=lambda root: label,
        realpath=realpath,
    )


@pytest.mark.parametrize(
    ("path", "machine", "place"),
    [
        (r"C:\Users\can bo\AppData\Local\antq-desk\antq-desk.sqlite3", {}, Place.LOCAL),
        (r"C:\ProgramData\antq-desk\antq-desk.sqlite3", {"bus": 0x11}, Place.LOCAL),  # NVMe
        (r"D:\du lieu\antq-desk.sqlite3", {"bus": None}, Place.LOCAL),  # bus not told
        (r"E:\antq-desk.sqlite3", {"drive_type": 2}, Place.REMOVABLE),
        (r"Z:\chung\antq-desk.sqlite3", {"drive_type": 4}, Place.NETWORK),
        (r"D:\antq-desk.sqlite3", {"drive_type": 5}, Place.REMOVABLE),
        (r"\\may-chu\chung\antq-desk.sqlite3", {}, Place.NETWORK),
        (r"\\?\UNC\may-chu\chung\antq-desk.sqlite3", {}, Place.NETWORK),
        (r"C:\Users\can bo\OneDrive - Công an tỉnh\antq-desk.sqlite3", {}, Place.CLOUD),
        (r"C:\Users\can bo\iCloudDrive\antq-desk.sqlite3", {}, Place.CLOUD),
        # A USB hard disk or a "fixed" USB stick: Windows says DRIVE_FIXED, the bus says USB.
        (r"F:\antq-desk.sqlite3", {"bus": 0x7, "label": "WD Elements"}, Place.REMOVABLE),
        (r"E:\antq\antq-desk.sqlite3", {"bus": 0x7, "label": "KINGSTON"}, Place.REMOVABLE),
        (r"E:\antq-desk.sqlite3", {"bus": 0xC}, Place.REMOVABLE),  # SD card
        # Google Drive for desktop: a "fixed" G: labelled "Google Drive", "Drive của tôi" inside.
        (r"G:\antq-desk.sqlite3", {"label": "Google Drive"}, Place.CLOUD),
        (r"G:\Drive của tôi\antq-desk.sqlite3", {}, Place.CLOUD),
        ("G:\\Drive cu\u0309a to\u0302i\\antq-desk.sqlite3", {}, Place.CLOUD),  # typed NFD
        (r"C:\Users\can bo\Dropbox (Công an tỉnh)\antq-desk.sqlite3", {}, Place.CLOUD),
        (r"C:\Users\can bo\Documents\antq\antq-desk.sqlite3", {}, Place.NETWORK),  # junction
        (r"C:\antq\antq-desk.sqlite3", {}, Place.CLOUD),  # junction into OneDrive
        (r"C:\du-lieu\antq-desk.sqlite3", {"drive_type": 3}, Place.LOCAL),  # junction to D:
    ],
)
def test_windows_places(path, machine, place):
    assert dblocation.place_of(path, _windows(**machine)) is place


def test_the_drive_asked_is_the_one_the_junction_points_to():
    asked = []
    probe = Probe(
        platform="win32",
        drive_type=lambda root: asked.append(root) or 3,
        bus_type=lambda root: 0x7 if root == "D:\\" else 0xB,
        volume_label=lambda root: "",
        realpath=lambda path: path.replace("C:\\du-lieu", "D:\\du-lieu"),
    )
    assert dblocation.place_of(r"C:\du-lieu\antq-desk.sqlite3", probe) is Place.REMOVABLE
    assert asked == ["D:\\"]


def test_a_storage_descriptor_gives_its_bus_type():
    """STORAGE_DEVICE_DESCRIPTOR as IOCTL_STORAGE_QUERY_PROPERTY returns it: BusType at 28."""
    import struct

    usb_stick = struct.pack("<IIBBBBIIIIII", 1, 0x60, 0, 0, 1, 0, 0x24, 0x2D, 0x3F, 0, 7, 0)
    assert dblocation.bus_type_of(usb_stick) == dblocation.BUS_USB
    assert dblocation.bus_type_of(usb_stick[:20]) is None


def test_the_windows_probes_answer_nothing_off_windows():
    assert dblocation.windows_bus_type("E:\\") is None
    assert dblocation.windows_volume_label("E:\\") == ""
    assert dblocation.windows_realpath(r"C:\antq") == r"C:\antq"


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
