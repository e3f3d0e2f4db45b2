"""Writing a file so that a pulled USB stick or a lying one never leaves a file that looks whole."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from desktop.core.bundles.crypto import sha256_hex
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

log = logging.getLogger(__name__)


def write_verified(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to `folder/name` via a temporary name, fsync, rename, read back and compare.

    The temporary name is hidden and ends in `.part`, so a half-written file never looks like a
    bundle (and a truncated one is refused by import anyway). Raises `BundleError` if the file
    read back differs (a stick that acknowledges writes it lost), and `OSError` (read-only,
    full, removed) for the caller's known-error handling. In every failure both names are
    removed if they can be, so no file that looks complete is left behind.
    """
    target = folder / name
    temporary = folder / f".{name}.part"
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _fsync_folder(folder)
        same = sha256_hex(_read_back(target)) == sha256_hex(data)
    except OSError:
        _remove(temporary, target)
        raise
    if not same:
        _remove(target)
        raise BundleError(
            _(
                "Tệp vừa ghi ra {path} đọc lại không khớp với dữ liệu đã ghi: ổ USB có thể "
                "bị hỏng. Hãy dùng ổ khác rồi xuất lại."
            ).format(path=target),
            f"read-back mismatch for {target}",
        )
    return target


def _remove(*paths: Path) -> None:
    """Best-effort clean-up after a failed write; the original error is what gets reported."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:  # the stick is gone: nothing left to clean
            log.warning("could not remove %s after a failed write: %s", path, error)


def _read_back(path: Path) -> bytes:
    """The file as the medium returns it now (a seam for tests of a lying stick)."""
    return path.read_bytes()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows).

    Some file systems (FAT sticks on Linux among them) refuse to sync a folder with EINVAL; the
    read-back that follows still checks the file itself.
    """
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno != errno.EINVAL:
            raise
        log.info("folder %s cannot be synced (%s); relying on the read-back", folder, error)
    finally:
        os.close(descriptor)
