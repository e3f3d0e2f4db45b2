"""Which side of the sync an office is on: a command used on the wrong side says so plainly.

Without this check, `export` at the province said the setup file was missing and `import` at a
commune that the province's keys were missing: true, but not what the officer needs to hear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core import office
from desktop.core.errors import UserError
from desktop.core.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

PROVINCE, COMMUNE = "province", "commune"


def require(db: sqlite_utils.Database, level: str) -> None:
    """Refuse, in Vietnamese, a task of the other side (or of an office not yet set up)."""
    unit = office.read_self_unit(db.conn)
    if unit is None:
        raise UserError(
            _("Văn phòng chưa được thiết lập. Hãy mở chương trình để thiết lập trước."),
            f"sync task needs a {level} office, none set up",
        )
    if unit.level == level:
        return
    if unit.level == PROVINCE:
        message = _(
            "Đây là văn phòng cấp tỉnh: việc này chỉ làm ở xã (xuất gói, nạp tệp thiết lập, "
            "nạp tệp xác nhận)."
        )
    else:
        message = _(
            "Đây là văn phòng cấp xã: việc này chỉ làm ở tỉnh (nhập gói của xã, đăng ký khóa, "
            "ghi tệp xác nhận, lập tệp khôi phục)."
        )
    raise UserError(message, f"sync task for a {level} run at a {unit.level} office")
