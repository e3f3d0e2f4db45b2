"""Errors the core raises for a user to act on, each with a Vietnamese message.

`str(error)` is the translated message shown to the user; `log_message` is the English line
written to the log. Database problems of the environment come from `db.errors` and are
translated by `user_message`.
"""

from __future__ import annotations

import sqlite3

from db import errors as db_errors
from desktop.core.i18n import _


class UserError(Exception):
    """A problem the user can fix; the message says how."""

    def __init__(self, message: str, log_message: str = ""):
        super().__init__(message)
        self.log_message = log_message or message


class ValidationError(UserError):
    """A record that breaks the rules; `fields` maps each bad field to its message."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields
        super().__init__("\n".join(fields.values()), f"validation failed: {sorted(fields)}")


class NotFound(UserError):
    """The record is gone, perhaps deleted in another window."""

    def __init__(self, what: str, uid: str):
        super().__init__(_("Không tìm thấy bản ghi (có thể đã bị xóa)."), f"{what} {uid} not found")


# The database's known errors (locked, disk full, damaged…) as the layers above the core see them.
DatabaseError = db_errors.DatabaseError
DamagedDatabase = db_errors.DamagedDatabase


def classified(error: BaseException) -> BaseException:
    """The known error a sqlite3 error stands for (locked, disk full…), else `error` itself.

    A read outside a transaction raises the bare sqlite3 error; the layers above the core
    (the window's operations) see the named error without importing `db`."""
    if isinstance(error, sqlite3.Error):
        known = db_errors.classify(error)
        if known is not None:
            known.__cause__ = error
            return known
    return error


def user_message(error: BaseException) -> str | None:
    """The Vietnamese message for a known error, or None if the error is a bug."""
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, sqlite3.Error):  # raised by a read outside a transaction
        known = db_errors.classify(error)
        return user_message(known) if known is not None else None
    messages = {
        db_errors.DatabaseTooNew: _(
            "Tệp dữ liệu này do một phiên bản ANTQ Desk mới hơn tạo ra. Hãy cài phiên bản mới "
            "nhất rồi mở lại; chương trình không mở tệp để tránh làm hỏng dữ liệu."
        ),
        db_errors.DatabaseLocked: _(
            "Tệp dữ liệu đang bị một chương trình khác giữ. Hãy đóng cửa sổ ANTQ Desk khác "
            "(hoặc chương trình đang mở tệp) rồi thử lại."
        ),
        db_errors.DiskFull: _(
            "Ổ đĩa đã đầy nên không ghi được. Hãy giải phóng dung lượng rồi thử lại; dữ liệu "
            "đã lưu trước đó vẫn an toàn."
        ),
        db_errors.DiskIOError: _(
            "Máy báo lỗi đọc/ghi đĩa (disk I/O error) khi dùng tệp dữ liệu. Thường do phần mềm "
            "diệt virus đang giữ tệp dữ liệu hoặc tệp -wal, -shm bên cạnh, hoặc do ổ đĩa sắp "
            "hỏng. Hãy đóng ANTQ Desk rồi mở lại; nhờ quản trị máy đưa thư mục dữ liệu của "
            "ANTQ Desk vào danh sách loại trừ của phần mềm diệt virus; nếu vẫn lỗi, hãy sao lưu "
            "ra USB ngay và chạy “antq-desk check”."
        ),
        db_errors.DamagedDatabase: _(
            "Tệp dữ liệu bị hỏng hoặc không phải tệp dữ liệu của ANTQ Desk. Chương trình không "
            "ghi vào tệp này; hãy khôi phục từ bản sao lưu gần nhất."
        ),
        db_errors.ReadOnlyDatabase: _(
            "Không ghi được vào thư mục chứa dữ liệu (chỉ đọc hoặc không có quyền). Hãy chọn "
            "thư mục khác hoặc nhờ quản trị máy cấp quyền ghi."
        ),
    }
    for kind, message in messages.items():
        if isinstance(error, kind):
            return message
    if isinstance(error, OSError):
        return _("Lỗi đọc/ghi tệp: {detail}. Hãy kiểm tra ổ đĩa hoặc USB rồi thử lại.").format(
            detail=error.strerror or str(error)
        )
    return None
