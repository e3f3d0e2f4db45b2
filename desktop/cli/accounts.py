"""`antq-desk account …`: the accounts of an office from the command line (issue 16).

`add`, `list`, `reset` (a temporary password the user changes at the next sign-in) and
`unlock` (lift the wait after wrong passwords), each through `desktop.core.accounts`, so the
command line enforces what the window does: only an administrator (`--user`) manages accounts,
except the very first one, which must be an administrator. New passwords come from
ANTQ_NEW_PASSWORD (scripts) or are typed twice, hidden.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.cli.console import with_db
from desktop.core import accounts
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.session import ROLE_NAMES, Role

if TYPE_CHECKING:
    import sqlite_utils

NEW_PASSWORD_VARIABLE = "ANTQ_NEW_PASSWORD"


def _new_password() -> str:
    value = os.environ.get(NEW_PASSWORD_VARIABLE)
    if value is not None:
        return value
    first = getpass.getpass(_("Mật khẩu mới: "))
    if getpass.getpass(_("Nhập lại mật khẩu mới: ")) != first:
        raise UserError(_("Hai lần nhập mật khẩu không khớp nhau."), "new passwords differ")
    return first


def add_commands(commands: argparse._SubParsersAction, new_parser: Callable) -> None:
    parser = new_parser(
        commands, "account", _("Quản lý tài khoản: thêm, liệt kê, đặt lại mật khẩu, mở khóa.")
    )
    actions = parser.add_subparsers(dest="action", metavar=_("VIỆC"), required=True)
    add = new_parser(actions, "add", _("Thêm tài khoản (mật khẩu mới được hỏi hai lần)."))
    add.add_argument("name", metavar=_("TÊN"), help=_("Tên đăng nhập."))
    add.add_argument("--display-name", required=True, metavar=_("HỌ_TÊN"), help=_("Họ tên."))
    add.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.OFFICER.value,
        help=_("Vai trò: admin, officer (mặc định) hoặc viewer."),
    )
    add.set_defaults(run=with_db(run_add))
    listing = new_parser(actions, "list", _("Liệt kê các tài khoản."))
    listing.set_defaults(run=with_db(run_list))
    for name, text, run in (
        ("reset", _("Đặt mật khẩu tạm; người dùng phải đổi khi đăng nhập."), run_reset),
        ("unlock", _("Mở khóa tài khoản bị chờ vì nhập sai mật khẩu."), run_unlock),
    ):
        action = new_parser(actions, name, text)
        action.add_argument("name", metavar=_("TÊN"), help=_("Tên đăng nhập."))
        action.set_defaults(run=with_db(run))


def run_add(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    account = accounts.create_account(
        db, args.name, args.display_name, Role(args.role), _new_password()
    )
    print(
        _("Đã thêm tài khoản {name} ({role}).").format(
            name=account.username, role=_(ROLE_NAMES[account.role])
        )
    )
    return 0


def run_list(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    for account in accounts.list_accounts(db):
        state = _("đang dùng") if account.active else _("đã khóa")
        if account.wait_seconds:
            state += ", " + _("chờ {seconds} giây").format(seconds=account.wait_seconds)
        print(
            f"{account.username:<20} {account.display_name:<30} "
            f"{_(ROLE_NAMES[account.role]):<20} {state}"
        )
    return 0


def run_reset(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    accounts.reset_password(db, args.name, _new_password())
    print(_("Đã đặt mật khẩu tạm cho {name}; phải đổi khi đăng nhập.").format(name=args.name))
    return 0


def run_unlock(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    accounts.unlock(db, args.name)
    print(_("Đã mở khóa tài khoản {name}.").format(name=args.name))
    return 0
