"""A sync export runs the full integrity check first: damage never travels to the province."""

from __future__ import annotations

import pytest

from db import open_database
from desktop.core.storage import integrity
from desktop.core.sync import bundle_writer
from tests.backup.conftest import damage


def test_export_of_a_damaged_database_is_refused_before_anything_is_written(office_path, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    damage(office_path)
    db = open_database(office_path)
    try:
        with pytest.raises(integrity.DamagedData, match="khôi phục"):
            bundle_writer.export(db, usb)
    finally:
        db.close()
    assert list(usb.iterdir()) == []
