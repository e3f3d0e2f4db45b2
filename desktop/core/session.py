"""Who is using a database, and what their role lets them do.

The signed-in account is kept per open database object, so every core service can check the
role without a new parameter on each call: the window signs one person in, the CLI signs in the
account named by `--user`. A database with no account at all is being set up (the first-run
wizard has not yet created the administrator, or it was written by a version without accounts):
everything is allowed then, as the person at the keyboard is the one installing the program, and
the audit trail names no one. Once an account exists, every write needs someone signed in.
"""

from __future__ import annotations

import sqlite3
import weakref
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from desktop.core.errors import UserError
from desktop.core.i18n import N_, _

if TYPE_CHECKING:
    import sqlite_utils


class Role(StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    VIEWER = "viewer"


ROLE_NAMES = {
    Role.ADMIN: N_("Quản trị viên"),
    Role.OFFICER: N_("Cán bộ nhập liệu"),
    Role.VIEWER: N_("Người xem"),
}


class Permission(StrEnum):
    EDIT_RECORDS = "edit_records"
    IMPORT = "import"
    EXPORT = "export"
    PRINT = "print"
    BACKUP = "backup"
    MANAGE_CATALOGUES = "manage_catalogues"
    MANAGE_KEYS = "manage_keys"
    MANAGE_ACCOUNTS = "manage_accounts"
    RESTORE = "restore"
    VIEW_AUDIT = "view_audit"


PERMISSION_NAMES = {
    Permission.EDIT_RECORDS: N_("thêm, sửa, xóa bản ghi"),
    Permission.IMPORT: N_("nhập dữ liệu"),
    Permission.EXPORT: N_("xuất dữ liệu và gói đồng bộ"),
    Permission.PRINT: N_("xem và in báo cáo"),
    Permission.BACKUP: N_("sao lưu dữ liệu"),
    Permission.MANAGE_CATALOGUES: N_("sửa danh mục và đợt phong trào"),
    Permission.MANAGE_KEYS: N_("quản lý khóa và đơn vị"),
    Permission.MANAGE_ACCOUNTS: N_("quản lý tài khoản"),
    Permission.RESTORE: N_("khôi phục từ bản sao lưu"),
    Permission.VIEW_AUDIT: N_("xem nhật ký thay đổi"),
}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.OFFICER: frozenset(
        {
            Permission.EDIT_RECORDS,
            Permission.IMPORT,
            Permission.EXPORT,
            Permission.PRINT,
            Permission.BACKUP,
        }
    ),
    Role.VIEWER: frozenset({Permission.PRINT}),
}


@dataclass(frozen=True)
class Actor:
    """The person a database is used by; `username` is empty while the office is set up."""

    username: str
    display_name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


SETUP_ACTOR = Actor("", "", Role.ADMIN)


class PermissionDenied(UserError):
    """The signed-in account's role does not allow the action."""

    def __init__(self, actor: Actor, permission: Permission):
        super().__init__(
            _("Tài khoản {user} ({role}) không có quyền {what}.").format(
                user=actor.username,
                role=_(ROLE_NAMES[actor.role]),
                what=_(PERMISSION_NAMES[permission]),
            ),
            f"{actor.username} ({actor.role}) may not {permission}",
        )
        self.permission = permission


class NotSignedIn(UserError):
    """The database has accounts but nobody has signed in on this connection."""

    def __init__(self):
        super().__init__(
            _("Cần đăng nhập bằng tài khoản của mình trước khi thay đổi dữ liệu."),
            "write attempted without a signed-in account",
        )


_signed_in: weakref.WeakKeyDictionary[sqlite_utils.Database, Actor] = weakref.WeakKeyDictionary()


def has_accounts(db: sqlite_utils.Database) -> bool:
    return any_account(db.conn)


def any_account(conn: sqlite3.Connection) -> bool:
    """Whether an account exists (else: set-up mode); on a bare connection too."""
    return conn.execute("SELECT 1 FROM account LIMIT 1").fetchone() is not None


def sign_in(db: sqlite_utils.Database, actor: Actor) -> None:
    """Make `actor` the user of this database object (called after the password is checked)."""
    _signed_in[db] = actor


def sign_out(db: sqlite_utils.Database) -> None:
    _signed_in.pop(db, None)


def current(db: sqlite_utils.Database) -> Actor | None:
    """The signed-in actor; the set-up actor while no account exists; None if nobody is in."""
    actor = _signed_in.get(db)
    if actor is not None:
        return actor
    return None if has_accounts(db) else SETUP_ACTOR


def can(db: sqlite_utils.Database, permission: Permission) -> bool:
    """Whether the current user may do this: the UI asks it to show or hide an action."""
    actor = current(db)
    return actor is not None and actor.may(permission)


def require(db: sqlite_utils.Database, permission: Permission) -> Actor:
    """The current actor, if their role grants `permission`; raises otherwise."""
    actor = current(db)
    if actor is None:
        raise NotSignedIn()
    if not actor.may(permission):
        raise PermissionDenied(actor, permission)
    return actor
