"""What every page shares: the open database, the chosen campaign and a "data changed" signal.

Passed to pages and dialogs explicitly (no global `mw`). After a write, a page calls
`ctx.notify_changed()` and every page refreshes what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.core import campaigns, session
from desktop.core.session import Actor, Permission

if TYPE_CHECKING:
    import sqlite_utils


class AppContext(QObject):
    """The database of this window and the campaign the user is working on."""

    data_changed = Signal()
    campaign_changed = Signal(str)
    actor_changed = Signal()  # someone else signed in: pages show or hide what their role allows

    def __init__(
        self,
        db: sqlite_utils.Database | None,
        db_path: Path | None,
        opener: Callable[[], sqlite_utils.Database] | None = None,
    ):
        """`db` None: the database at `db_path` is opened when first used (or by `open`), so
        the sign-in screen can be drawn before it is (desktop/core/storage/first_look.py);
        by `opener` when given (the start-up's step of the opening sequence)."""
        super().__init__()
        self._db = db
        self._opener = opener
        self.db_path = db_path
        self._campaign_uid = ""
        if db is not None:
            self.reload_campaign()

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self.open()
        return self._db  # type: ignore[return-value]

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def open(self) -> None:
        """Open the database for work (migrated); its errors go to the caller."""
        if self._db is None:
            from desktop.core.storage.connections import open_for_window

            self._db = self._opener() if self._opener else open_for_window(self.db_path)
            self.reload_campaign()

    def reload_campaign(self) -> None:
        """Choose the current campaign (today's, else the newest), e.g. after first-run setup."""
        current = campaigns.current(self.db)
        self._campaign_uid = current.uid if current else ""

    @property
    def campaign_uid(self) -> str:
        return self._campaign_uid

    def set_campaign(self, uid: str) -> None:
        if uid and uid != self._campaign_uid:
            self._campaign_uid = uid
            self.campaign_changed.emit(uid)

    def notify_changed(self) -> None:
        self.data_changed.emit()

    @property
    def actor(self) -> Actor | None:
        """Who is signed in (the set-up actor while the database has no account yet)."""
        return session.current(self.db)

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in user's role allows it: pages hide what it does not."""
        return session.can(self.db, permission)

    def notify_actor_changed(self) -> None:
        self.actor_changed.emit()
