"""Writing a file so that a pulled USB stick or a lying one never leaves a file that looks whole."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop.core.bundles.crypto import sha256_hex
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _


def write_verified(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to `folder/name` via a temporary name, fsync, rename, read back and compare.

    The temporary name ends in `.part`, which import never accepts as a bundle. Raises
    `BundleError` if the file read back differs (a stick that acknowledges writes it lost), and
    `OSError` (read-only, full, removed) for the caller's known-error handling; in every failure
    the partial file is removed if it can be.
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
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    if sha256_hex(_read_back(target)) != sha256_hex(data):
        with contextlib.suppress(OSError):
            target.unlink()
        raise BundleError(
            _(
                "Tệp vừa ghi ra {path} đọc lại không khớp với dữ liệu đã ghi: ổ USB có thể "
                "bị hỏng. Hãy dùng ổ khác rồi xuất lại."
            ).format(path=target),
            f"read-back mismatch for {target}",
        )
    return target


def _read_back(path: Path) -> bytes:
    """The file as the medium returns it now (a seam for tests of a lying stick)."""
    return path.read_bytes()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
