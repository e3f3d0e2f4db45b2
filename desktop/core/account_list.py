"""The accounts page's list: one row per account, sorted and cut into pages.

An office has a handful of accounts (one per person who uses its PC), and the wait after wrong
passwords is computed from the clock rather than stored, so the rows come from
`accounts.list_accounts` and are sorted here instead of by an ORDER BY.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.core import accounts
from desktop.core.session import Role
from desktop.core.text import person_sort_key

if TYPE_CHECKING:
    import sqlite_utils

ROLE_ORDER = {Role.ADMIN: 0, Role.OFFICER: 1, Role.VIEWER: 2}


@dataclasses.dataclass(frozen=True)
class AccountRow(accounts.Account):
    """An account as the page lists it: `uid` is the user name, `created_on` a local date."""

    created_on: str = ""

    @property
    def uid(self) -> str:
        return self.username


SORT_KEYS: dict[str, Callable[[AccountRow], Any]] = {
    "username": lambda row: row.username,
    "display_name": lambda row: (person_sort_key(row.display_name), row.username),
    "role": lambda row: ROLE_ORDER[row.role],
    "active": lambda row: row.active,
    "failed_count": lambda row: row.failed_count,
    "wait_seconds": lambda row: row.wait_seconds,
    "must_change_password": lambda row: row.must_change_password,
    "created_on": lambda row: row.created_at,
}


def _local_date(stamp: str) -> str:
    """The ISO date, on this PC's clock, of a stored UTC time stamp."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().date().isoformat()
    except ValueError:
        return ""


def _row(account: accounts.Account) -> AccountRow:
    return AccountRow(**dataclasses.asdict(account), created_on=_local_date(account.created_at))


def count_accounts(db: sqlite_utils.Database) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM account").fetchone()[0]


def list_accounts(
    db: sqlite_utils.Database, sort: str, descending: bool, offset: int, limit: int
) -> list[AccountRow]:
    """A page of accounts ordered by `sort` (a key of SORT_KEYS; unknown keys sort by name)."""
    key = SORT_KEYS.get(sort, SORT_KEYS["display_name"])
    rows = sorted(
        (_row(account) for account in accounts.list_accounts(db)),
        key=lambda row: (key(row), row.username),
        reverse=descending,
    )
    return rows[offset : offset + limit]
