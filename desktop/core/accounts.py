"""Accounts: one per person, argon2id password hashes, growing delays after wrong passwords.

A shared office PC is used by several officers; each signs in with their own account so the
audit trail says who did what. Wrong passwords do not lock an account outright (that would let
anyone lock a colleague out by typing their name): from the third failure each new attempt must
wait longer, up to five minutes, and an administrator can lift the wait at once.

The wait is measured on the machine's monotonic clock (`time.monotonic`, the same for every
process until the PC restarts), so setting the date back or forward neither clears nor
stretches it; after a restart the wall clock is used, and a negative elapsed time (a clock set
back) counts as no time at all. A name without an account gets the same waits as a real one
(table `login_failure`), so the waits never tell which names exist. Attempts take turns: each
runs in one write transaction (`BEGIN IMMEDIATE`) from reading the failures to recording its
own, so eight simultaneous wrong passwords from the command line are checked one after the
other, and those arriving during a wait are refused without a check.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db import transaction
from desktop.core import audit, office, session
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.session import Actor, Permission, Role
from desktop.core.text import clean

if TYPE_CHECKING:
    import argon2
    import sqlite_utils

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
FREE_ATTEMPTS = 2
FIRST_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 300
IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


@functools.cache
def _hasher() -> argon2.PasswordHasher:
    """argon2id with the library's current parameters. Loaded with the first password, not at
    import: the sign-in screen is drawn before the compiled library is read from disk."""
    import argon2

    return argon2.PasswordHasher()


def load_hasher() -> None:
    """Load the password library ahead of the first password (while the sign-in screen is up)."""
    _hasher()


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so an unknown name takes as long as a wrong
    password. Made on first use, not at import: hashing takes ~0.2 s that every start paid."""
    return _hasher().hash("not a password of anyone")


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    active: bool
    failed_count: int
    wait_seconds: int
    must_change_password: bool
    created_at: str


class LoginRefused(UserError):
    """A wrong name or password, a disabled account, or an attempt before the wait is over."""


def delay_after(failures: int) -> int:
    """Seconds to wait before the next attempt after `failures` wrong passwords in a row."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS - 1), MAX_DELAY_SECONDS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _monotonic() -> float:
    """Seconds on the machine's monotonic clock: the wall clock's changes do not move it."""
    return time.monotonic()


def _elapsed(row, now: dt.datetime) -> float:
    """Seconds since the last failure: by the monotonic clock while the PC has not restarted
    (it then reads lower than when stored), else by the wall clock, never negative."""
    keys = row.keys()
    stored = row["last_failed_mono"] if "last_failed_mono" in keys else None
    if stored is not None and _monotonic() >= stored:
        return _monotonic() - stored
    wall = (now - dt.datetime.fromisoformat(row["last_failed_at"])).total_seconds()
    return max(0.0, wall)  # a clock set back does not end the wait


def _wait_left(row, now: dt.datetime) -> int:
    delay = delay_after(row["failed_count"])
    if not delay or not row["last_failed_at"]:
        return 0
    return max(0, int(delay - _elapsed(row, now) + 0.999))


def _row(db: sqlite_utils.Database, username: str):
    return db.conn.execute("SELECT * FROM account WHERE username = ?", [username]).fetchone()


def _account(row, now: dt.datetime | None = None) -> Account:
    return Account(
        username=row["username"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        failed_count=row["failed_count"],
        wait_seconds=_wait_left(row, now or _now()),
        must_change_password=bool(row["must_change_password"]),
        created_at=row["created_at"],
    )


def list_accounts(db: sqlite_utils.Database) -> list[Account]:
    now = _now()
    return [
        _account(row, now)
        for row in db.conn.execute("SELECT * FROM account ORDER BY display_name, username")
    ]


def get(db: sqlite_utils.Database, username: str) -> Account:
    row = _row(db, normalise_username(username))
    if row is None:
        raise UserError(
            _("Không có tài khoản “{name}”.").format(name=username), f"no account {username!r}"
        )
    return _account(row)


def normalise_username(username: str) -> str:
    return clean(username).lower()


def check_password(password: str, username: str = "") -> None:
    """Raise ValidationError if the password is too short, too long or the user's own name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        message = _("Mật khẩu phải có ít nhất {n} ký tự.").format(n=MIN_PASSWORD_LENGTH)
    elif len(password) > MAX_PASSWORD_LENGTH:
        message = _("Mật khẩu quá dài (tối đa {n} ký tự).").format(n=MAX_PASSWORD_LENGTH)
    elif username and password.lower() == username.lower():
        message = _("Mật khẩu không được trùng tên đăng nhập.")
    else:
        return
    raise ValidationError({"password": message})


def _check_new(db: sqlite_utils.Database, username: str, display_name: str, role: str) -> None:
    errors = {}
    if not _USERNAME.match(username):
        errors["username"] = _(
            "Tên đăng nhập dài 3–32 ký tự, chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang "
            "hoặc gạch dưới, ví dụ: mai.le"
        )
    elif _row(db, username) is not None:
        errors["username"] = _("Đã có tài khoản “{name}”.").format(name=username)
    if not display_name:
        errors["display_name"] = _("Hãy nhập họ tên người dùng tài khoản.")
    elif len(display_name) > 100:
        errors["display_name"] = _("Họ tên quá dài (tối đa 100 ký tự).")
    if role not in set(Role):
        errors["role"] = _("Hãy chọn vai trò.")
    if errors:
        raise ValidationError(errors)


def create_account(
    db: sqlite_utils.Database, username: str, display_name: str, role: str, password: str
) -> Account:
    """A new account (administrators only, except the very first, which must be one)."""
    username, display_name = normalise_username(username), clean(display_name)
    first = not session.has_accounts(db)
    if first and role != Role.ADMIN:
        raise ValidationError({"role": _("Tài khoản đầu tiên phải là quản trị viên.")})
    permission = None if first else Permission.MANAGE_ACCOUNTS
    if permission is not None:
        session.require(db, permission)
    _check_new(db, username, display_name, role)
    check_password(password, username)
    stamp = _now().isoformat(timespec="seconds")
    with audit.action(db, permission, "account.create", username) as entry:
        entry.detail.update(display_name=display_name, role=str(role))
        db.conn.execute(
            "INSERT INTO account (username, display_name, role, password_hash, created_at, "
            "password_changed_at) VALUES (?, ?, ?, ?, ?, ?)",
            [username, display_name, str(role), _hasher().hash(password), stamp, stamp],
        )
    return get(db, username)


def create_first_admin(
    db: sqlite_utils.Database, username: str, display_name: str, password: str
) -> Actor:
    """The first-run wizard's administrator, signed in at once on this database."""
    account = create_account(db, username, display_name, Role.ADMIN, password)
    actor = Actor(account.username, account.display_name, account.role)
    session.sign_in(db, actor)
    audit.log(db, "login", account.username, actor=account.username)
    return actor


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> Actor:
    """Check the password and sign the account in on `db`; every attempt is audited.

    One write transaction from reading the failures to recording this attempt: attempts from
    several windows or commands take turns, each seeing the failures before it.
    """
    username = normalise_username(username)
    with transaction(db):
        outcome = _attempt(db, username, password)
    if isinstance(outcome, LoginRefused):
        raise outcome  # raised after the commit, which keeps the failure it records
    return outcome


def _failures(db: sqlite_utils.Database, username: str, row):
    """The row whose failures count for this name: its account, or `login_failure`."""
    if row is not None:
        return row
    return db.conn.execute("SELECT * FROM login_failure WHERE username = ?", [username]).fetchone()


def _attempt(db: sqlite_utils.Database, username: str, password: str) -> Actor | LoginRefused:
    row = _row(db, username)
    now = _now()
    failures = _failures(db, username, row)
    if failures is not None and (wait := _wait_left(failures, now)):
        return LoginRefused(
            _(
                "Đã nhập sai mật khẩu nhiều lần. Hãy đợi {seconds} giây rồi thử lại, hoặc nhờ quản "
                "trị viên mở khóa."
            ).format(seconds=wait),
            f"login of {username!r} refused: {wait} s wait left",
        )
    if not _password_matches(row, password):
        _record_failure(db, username, row, now)
        return LoginRefused(
            _("Tên đăng nhập hoặc mật khẩu không đúng."), f"wrong name or password for {username!r}"
        )
    if not row["active"]:
        audit.log(db, "login.failed", username, actor=username, reason="disabled")
        return LoginRefused(
            _("Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên."),
            f"login of disabled account {username!r}",
        )
    actor = _actor(row)
    _clear_failures(db, username)
    if _hasher().check_needs_rehash(row["password_hash"]):  # the parameters have risen
        _store_password(db, username, password, must_change=bool(row["must_change_password"]))
    session.sign_in(db, actor)
    audit.log(db, "login", username, actor=username)
    return actor


def _password_matches(row, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    dummy = _dummy_hash()  # first made by whichever name comes first: the timing tells nothing
    try:
        return _hasher().verify(row["password_hash"] if row else dummy, password) and bool(row)
    except (VerificationError, InvalidHashError):
        return False


def _actor(row) -> Actor:
    return Actor(row["username"], row["display_name"], Role(row["role"]))


def _clear_failures(db: sqlite_utils.Database, username: str) -> None:
    """Wrong passwords forgotten: after a right one, a reset or an administrator's unlock."""
    db.conn.execute(
        "UPDATE account SET failed_count = 0, last_failed_at = NULL, last_failed_mono = NULL "
        "WHERE username = ?",
        [username],
    )


def _record_failure(db: sqlite_utils.Database, username: str, row, now: dt.datetime) -> None:
    stamp, mono = now.isoformat(timespec="microseconds"), _monotonic()
    with transaction(db):
        if row is not None:
            db.conn.execute(
                "UPDATE account SET failed_count = failed_count + 1, last_failed_at = ?, "
                "last_failed_mono = ? WHERE username = ?",
                [stamp, mono, username],
            )
        else:  # the same waits for a name without an account
            db.conn.execute(
                "INSERT INTO login_failure (username, failed_count, last_failed_at, "
                "last_failed_mono) VALUES (?, 1, ?, ?) ON CONFLICT(username) DO UPDATE SET "
                "failed_count = failed_count + 1, last_failed_at = excluded.last_failed_at, "
                "last_failed_mono = excluded.last_failed_mono",
                [username[:64], stamp, mono],
            )
        audit.log(db, "login.failed", username[:64], actor=username[:64], known=row is not None)


def sign_out(db: sqlite_utils.Database) -> None:
    actor = session.current(db)
    if actor is not None and actor.username:
        audit.log(db, "logout", actor.username)
    session.sign_out(db)


def _store_password(db, username: str, password: str, *, must_change: bool) -> None:
    db.conn.execute(
        "UPDATE account SET password_hash = ?, password_changed_at = ?, "
        "must_change_password = ? WHERE username = ?",
        [
            _hasher().hash(password),
            _now().isoformat(timespec="seconds"),
            int(must_change),
            username,
        ],
    )


def change_password(db: sqlite_utils.Database, old_password: str, new_password: str) -> None:
    """The signed-in user changes their own password, proving they know the old one."""
    actor = session.current(db)
    if actor is None or not actor.username:
        raise session.NotSignedIn()
    row = _row(db, actor.username)
    if not _password_matches(row, old_password):
        raise ValidationError({"old_password": _("Mật khẩu hiện tại không đúng.")})
    check_password(new_password, actor.username)
    if new_password == old_password:
        raise ValidationError({"password": _("Mật khẩu mới phải khác mật khẩu cũ.")})
    with audit.action(db, None, "account.password", actor.username):
        _store_password(db, actor.username, new_password, must_change=False)


def reset_password(db: sqlite_utils.Database, username: str, new_password: str) -> None:
    """An administrator sets a temporary password; the user must change it at next sign-in."""
    account = get(db, username)
    check_password(new_password, account.username)
    with audit.action(db, Permission.MANAGE_ACCOUNTS, "account.reset", account.username):
        _store_password(db, account.username, new_password, must_change=True)
        _clear_failures(db, account.username)


def unlock(db: sqlite_utils.Database, username: str) -> None:
    """Lift the wait after wrong passwords at once."""
    account = get(db, username)
    with audit.action(db, Permission.MANAGE_ACCOUNTS, "account.unlock", account.username):
        _clear_failures(db, account.username)


def update_account(
    db: sqlite_utils.Database, username: str, display_name: str, role: str, active: bool
) -> None:
    """Change name, role or whether the account may sign in; the last administrator stays one."""
    account = get(db, username)
    display_name = clean(display_name)
    errors = {}
    if not display_name:
        errors["display_name"] = _("Hãy nhập họ tên người dùng tài khoản.")
    if role not in set(Role):
        errors["role"] = _("Hãy chọn vai trò.")
    if errors:
        raise ValidationError(errors)
    current = session.current(db)
    if not active and current is not None and current.username == account.username:
        raise ValidationError({"active": _("Không thể tự khóa tài khoản mình đang dùng.")})
    with audit.action(db, Permission.MANAGE_ACCOUNTS, "account.edit", account.username) as entry:
        if account.role == Role.ADMIN and (role != Role.ADMIN or not active):
            _refuse_losing_last_admin(db, account.username)
        entry.detail.update(
            before={
                "display_name": account.display_name,
                "role": str(account.role),
                "active": account.active,
            },
            after={"display_name": display_name, "role": str(role), "active": bool(active)},
        )
        db.conn.execute(
            "UPDATE account SET display_name = ?, role = ?, active = ? WHERE username = ?",
            [display_name, str(role), int(bool(active)), account.username],
        )
    recheck_signed_in(db)  # an administrator who edited their own account goes on as edited


def _refuse_losing_last_admin(db: sqlite_utils.Database, username: str) -> None:
    others = db.conn.execute(
        "SELECT COUNT(*) FROM account WHERE role = 'admin' AND active = 1 AND username != ?",
        [username],
    ).fetchone()[0]
    if not others:
        raise ValidationError({"role": _("Phải còn ít nhất một quản trị viên đang hoạt động.")})


def idle_lock_minutes(db: sqlite_utils.Database) -> int:
    """Minutes without input after which the window locks itself (0: never)."""
    value = office.get_meta(db, IDLE_LOCK_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(db: sqlite_utils.Database, minutes: int) -> None:
    if not isinstance(minutes, int) or not 0 <= minutes <= 240:
        raise ValidationError({"idle_lock": _("Thời gian tự khóa là từ 0 đến 240 phút.")})
    with audit.action(db, Permission.MANAGE_ACCOUNTS, "office.settings", IDLE_LOCK_KEY) as entry:
        entry.detail.update(before=idle_lock_minutes(db), after=minutes)
        office.set_meta(db, IDLE_LOCK_KEY, str(minutes))


def recheck_signed_in(db: sqlite_utils.Database) -> Actor | None:
    """After the database's content changed under the window (a restore), keep the signed-in
    person only if the restored accounts still have them active, with the role found there."""
    actor = session.current(db)
    if actor is None or not actor.username:
        return actor
    row = _row(db, actor.username)
    if row is None or not row["active"]:
        session.sign_out(db)
        return None
    refreshed = _actor(row)
    session.sign_in(db, refreshed)
    return refreshed
