"""Making a written file survive a power cut: fsync the file, then the folder that names it.

Used by the sync bundles and the backups, which both write to a temporary name, fsync, rename
and then verify what is on the disk.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename durable where the OS allows; FAT sticks refuse (EINVAL) and Windows has no
    directory handles: there the read-back or verification that follows the rename is the check."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        log.info("cannot open %s to sync it: %r", folder, error)
        return
    try:
        os.fsync(directory)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
        log.info("folder %s cannot be synced (%r); relying on the read-back", folder, error)
    finally:
        os.close(directory)
