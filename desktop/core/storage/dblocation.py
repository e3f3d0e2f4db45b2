"""Where a database may live: a local disk, never a USB stick, a network share or a cloud folder.

SQLite's locking and its write-ahead log rely on the operating system's file locks and shared
memory, which network file systems do not provide faithfully; a USB stick can be pulled out in
the middle of a commit; a sync client (OneDrive, Dropbox...) copies the file while it is being
written and may bring back an old copy. Each of these can silently damage or lose data, so the
window refuses such a place with an explanation instead of opening the file.

The facts read from the machine (the mount table on Linux; on Windows the drive type, the bus
a disk hangs on, the volume label and where a junction really points) come through a `Probe`,
so the tests can describe any machine.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PureWindowsPath

from desktop.core.errors import UserError
from desktop.core.i18n import _

log = logging.getLogger(__name__)


class Place(StrEnum):
    LOCAL = "local"
    REMOVABLE = "removable"
    NETWORK = "network"
    CLOUD = "cloud"


NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.s3fs",
        "fuse.glusterfs",
        "fuse.gvfsd-fuse",
    }
)
# Folder names a sync client creates; compared in NFC without case, some by prefix
# ("OneDrive - Công an tỉnh", "Dropbox (Công an tỉnh)" of a Dropbox team).
CLOUD_FOLDER_PREFIXES = ("onedrive", "dropbox (")
CLOUD_FOLDER_NAMES = frozenset(
    {
        "dropbox",
        "google drive",
        "googledrive",
        "my drive",
        "drive của tôi",  # Google Drive's "My Drive" in a Vietnamese Windows
        "icloud drive",
        "iclouddrive",
    }
)
CLOUD_FOLDER_NAMES_MAC = frozenset({"mobile documents"})
# Volume labels of the drives a sync client mounts: Google Drive for desktop is a "fixed" G:.
CLOUD_VOLUME_LABELS = frozenset({"google drive", "googledrive", "onedrive", "dropbox"})

# GetDriveTypeW results (winbase.h).
DRIVE_REMOVABLE, DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM = 2, 3, 4, 5
# STORAGE_BUS_TYPE (winioctl.h) of disks that can be unplugged while Windows calls them fixed:
# USB hard disks and "fixed" USB sticks, FireWire, SD and MMC cards.
BUS_1394, BUS_USB, BUS_SD, BUS_MMC = 0x4, 0x7, 0xC, 0xD
UNPLUGGABLE_BUSES = frozenset({BUS_1394, BUS_USB, BUS_SD, BUS_MMC})
IOCTL_STORAGE_QUERY_PROPERTY = 0x2D1400


@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str


def _unescape(field_text: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 and so on."""
    out, i = [], 0
    while i < len(field_text):
        if field_text[i] == "\\" and field_text[i + 1 : i + 4].isdigit():
            out.append(chr(int(field_text[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field_text[i])
            i += 1
    return "".join(out)


def parse_mounts(text: str) -> list[Mount]:
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(_unescape(parts[0]), _unescape(parts[1]), parts[2]))
    return mounts


def read_proc_mounts() -> list[Mount]:
    try:
        return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def linux_device_removable(device: str) -> bool:
    """Whether a block device (/dev/sdb1) is a removable or USB-attached disk, per sysfs."""
    if not device.startswith("/dev/"):
        return False
    name = Path(os.path.realpath(device)).name
    sys_path = Path(f"/sys/class/block/{name}")
    if not sys_path.exists():
        return False
    real = Path(os.path.realpath(sys_path))
    if "/usb" in str(real):
        return True
    for folder in (real, real.parent):
        flag = folder / "removable"
        try:
            if flag.read_text().strip() == "1":
                return True
        except OSError:
            continue
    return False


def windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined, unused-ignore]


def bus_type_of(descriptor: bytes) -> int | None:
    """`BusType` of a STORAGE_DEVICE_DESCRIPTOR (offset 28), or None for a short answer."""
    if len(descriptor) < 32:
        return None
    return struct.unpack_from("<I", descriptor, 28)[0]


def _kernel32():
    """kernel32 with the argument types a 64-bit handle needs (ctypes' default int truncates)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined, unused-ignore]
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD]
    kernel32.CreateFileW.argtypes += [wintypes.LPVOID, wintypes.DWORD, wintypes.DWORD]
    kernel32.CreateFileW.argtypes += [wintypes.HANDLE]
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.DeviceIoControl.argtypes = [wintypes.HANDLE, wintypes.DWORD, wintypes.LPVOID]
    kernel32.DeviceIoControl.argtypes += [wintypes.DWORD, wintypes.LPVOID, wintypes.DWORD]
    kernel32.DeviceIoControl.argtypes += [ctypes.POINTER(wintypes.DWORD), wintypes.LPVOID]
    kernel32.DeviceIoControl.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    return kernel32


def windows_bus_type(root: str) -> int | None:
    """The bus of the disk behind `E:\\` (IOCTL_STORAGE_QUERY_PROPERTY); None if not told."""
    if not sys.platform.startswith("win"):
        return None
    import ctypes
    from ctypes import wintypes

    kernel32 = _kernel32()
    volume = "\\\\.\\" + root.rstrip("\\")  # \\.\E:, opened without read access
    handle = kernel32.CreateFileW(volume, 0, 3, None, 3, 0, None)  # share read+write, existing
    if handle in (None, wintypes.HANDLE(-1).value):
        log.info("cannot open %s to ask its bus: %d", volume, ctypes.get_last_error())
        return None
    try:
        query = struct.pack("<II4x", 0, 0)  # StorageDeviceProperty, PropertyStandardQuery
        answer = ctypes.create_string_buffer(1024)
        returned = wintypes.DWORD()
        if not kernel32.DeviceIoControl(
            handle,
            IOCTL_STORAGE_QUERY_PROPERTY,
            query,
            len(query),
            answer,
            len(answer),
            ctypes.byref(returned),
            None,
        ):
            log.info("%s did not tell its bus: %d", volume, ctypes.get_last_error())
            return None
        return bus_type_of(answer.raw[: returned.value])
    finally:
        kernel32.CloseHandle(handle)


def windows_volume_label(root: str) -> str:
    """The drive's label ("Google Drive", "KINGSTON"); empty when Windows does not say."""
    if not sys.platform.startswith("win"):
        return ""
    import ctypes

    label = ctypes.create_unicode_buffer(261)
    ok = ctypes.windll.kernel32.GetVolumeInformationW(
        ctypes.c_wchar_p(root), label, len(label), None, None, None, None, 0
    )
    return label.value if ok else ""


def windows_realpath(path: str) -> str:
    """Junctions and links followed (a folder that is a junction into a share is the share).
    A Windows path described on Linux (tests) is left as it is."""
    if not sys.platform.startswith("win"):
        return path
    return os.path.realpath(os.path.abspath(path))


@dataclass(frozen=True)
class Probe:
    """What the check reads from the machine; tests pass their own mount table or drive type."""

    platform: str = field(default_factory=lambda: sys.platform)
    mounts: Callable[[], list[Mount]] = read_proc_mounts
    removable_device: Callable[[str], bool] = linux_device_removable
    drive_type: Callable[[str], int] = windows_drive_type
    bus_type: Callable[[str], int | None] = windows_bus_type
    volume_label: Callable[[str], str] = windows_volume_label
    realpath: Callable[[str], str] = windows_realpath


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _is_cloud_folder(parts: tuple[str, ...]) -> bool:
    for part in parts:
        name = _folded(part)
        if name.startswith(CLOUD_FOLDER_PREFIXES) or name in CLOUD_FOLDER_NAMES:
            return True
        if name in CLOUD_FOLDER_NAMES_MAC:
            return True
    return False


def _windows_place(path: str, probe: Probe) -> Place:
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return Place.NETWORK
    if text.startswith("\\\\?\\"):
        text = text[4:]
    if text.startswith("\\\\"):
        return Place.NETWORK  # \\server\share
    drive = PureWindowsPath(text).drive
    if not drive:
        return Place.LOCAL
    root = drive + "\\"
    kind = probe.drive_type(root)
    if kind == DRIVE_REMOTE:
        return Place.NETWORK
    if kind in (DRIVE_REMOVABLE, DRIVE_CDROM):
        return Place.REMOVABLE
    if _folded(probe.volume_label(root).strip()) in CLOUD_VOLUME_LABELS:
        return Place.CLOUD
    if probe.bus_type(root) in UNPLUGGABLE_BUSES:
        return Place.REMOVABLE  # a USB hard disk or a stick that calls itself fixed
    return Place.LOCAL


def _mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    best = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = path == point or path.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def _posix_place(path: str, probe: Probe) -> Place:
    mount = _mount_of(path, probe.mounts())
    if mount is None:
        return Place.LOCAL
    if mount.fstype in NETWORK_FILE_SYSTEMS or mount.device.startswith("//"):
        return Place.NETWORK
    if probe.removable_device(mount.device):
        return Place.REMOVABLE
    return Place.LOCAL


def place_of(path: Path | str, probe: Probe | None = None) -> Place:
    """Classify the folder a database file lives in."""
    probe = probe or Probe()
    windows = probe.platform.startswith("win")
    if windows:  # a relative path gets its drive; a Windows path described on Linux (tests) stays
        given = os.path.abspath(path) if sys.platform.startswith("win") else str(path)
        text = probe.realpath(given)
        parts = PureWindowsPath(given).parts + PureWindowsPath(text).parts
    else:
        text = os.path.realpath(path)
        parts = Path(text).parts
    if _is_cloud_folder(parts):
        return Place.CLOUD
    if windows:
        return _windows_place(text, probe)
    if probe.platform.startswith("linux"):
        return _posix_place(text, probe)
    return Place.LOCAL


class UnsafeLocation(UserError):
    """The database is on a removable drive, a network share or in a synced cloud folder."""

    def __init__(self, path: Path, place: Place):
        self.place = place
        super().__init__(
            reason(place).format(path=path), f"database refused on a {place} folder: {path}"
        )


def reason(place: Place) -> str:
    """Why a database may not be opened from this kind of place; `{path}` is left to fill."""
    if place is Place.REMOVABLE:
        return _(
            "Tệp dữ liệu {path} nằm trên USB hoặc ổ đĩa tháo rời. Rút USB khi đang ghi có thể "
            "làm hỏng dữ liệu, nên ANTQ Desk không mở dữ liệu ở đó. Hãy chép tệp vào thư mục "
            "trên máy rồi mở từ đó; USB chỉ dùng để sao lưu."
        )
    if place is Place.NETWORK:
        return _(
            "Tệp dữ liệu {path} nằm trên ổ mạng hoặc thư mục dùng chung qua mạng. Cơ chế khóa "
            "tệp của SQLite không an toàn qua mạng và có thể làm hỏng dữ liệu, nên ANTQ Desk "
            "không mở dữ liệu ở đó. Hãy chép tệp vào thư mục trên máy này rồi mở từ đó."
        )
    if place is Place.CLOUD:
        return _(
            "Tệp dữ liệu {path} nằm trong thư mục đồng bộ đám mây (OneDrive, Dropbox, Google "
            "Drive, iCloud). Chương trình đồng bộ chép tệp trong lúc đang ghi và có thể đưa về "
            "bản cũ, làm hỏng hoặc mất dữ liệu, nên ANTQ Desk không mở dữ liệu ở đó. Hãy để tệp "
            "dữ liệu trong thư mục dữ liệu mặc định trên máy."
        )
    return ""


def require_local(path: Path, probe: Probe | None = None) -> None:
    """Raise `UnsafeLocation` unless the database's folder is on a local disk."""
    place = place_of(path.parent if path.name else path, probe)
    if place is not Place.LOCAL:
        raise UnsafeLocation(path, place)
