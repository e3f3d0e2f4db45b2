"""GUI fixtures: contexts over migrated databases, and a driver for modal dialogs.

A dialog's `ask` blocks in `exec()`, so a test that clicks a button opening one hands the
driver what to do once the dialog shows: `modal.run(open_it, handle)` schedules `handle(dialog)`
on the event loop, then calls `open_it()`. Nothing sleeps; a dialog left open is closed and the
test fails instead of hanging.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget

from db import open_database
from desktop.core import catalogues, events, office, people, units
from desktop.ui.context import AppContext


def set_up_test_commune(db) -> None:
    """What the shared `commune_db` fixture makes: Xã of An Giang, 2026, two hamlets."""
    db.campaign_uid = office.set_up_commune(
        db,
        office.OfficeSetup(
            commune_code=units.communes("91")[0].code,
            year=2026,
            head_name="Trần Văn Hùng",
            officer_name="Lê Thị Mai",
        ),
    )
    db.hamlets = [catalogues.add_hamlet(db, "Ấp Tân Hòa"), catalogues.add_hamlet(db, "Ấp Bình An")]


# What the offscreen platform says when a popup or a wizard asks for window-system features.
OFFSCREEN_NOISE = r"^This plugin does not support (propagateSizeHints|raise|grabbing)"


def pytest_collection_modifyitems(items) -> None:
    """Every GUI test is marked `gui` and ignores the offscreen platform's notices."""
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def ctx(qapp, commune_db) -> AppContext:
    """The commune of `commune_db` (in memory) as a window's context."""
    return AppContext(commune_db, None)


@pytest.fixture
def empty_ctx(qapp, db) -> AppContext:
    """A migrated in-memory database with no office yet, as on first run."""
    return AppContext(db, None)


@pytest.fixture
def file_db_path(tmp_path):
    return tmp_path / "antq.sqlite3"


@pytest.fixture
def empty_file_ctx(qapp, file_db_path):
    """A fresh database file (no office yet): the first run of the installed program."""
    database = open_database(file_db_path)
    yield AppContext(database, file_db_path)
    database.close()


@pytest.fixture
def file_ctx(qapp, file_db_path):
    """The test commune in a database file, as the program runs it."""
    database = open_database(file_db_path)
    set_up_test_commune(database)
    yield AppContext(database, file_db_path)
    database.close()


class Make:
    """Short factories for records of the context's campaign, written through the core."""

    def __init__(self, ctx: AppContext):
        self.ctx, self.db = ctx, ctx.db

    def type_uid(self, code: str) -> str:
        items = catalogues.event_types(self.db, self.ctx.campaign_uid)
        return next(item.uid for item in items if item.code == code)

    def indicator_uid(self, code: str) -> str:
        items = catalogues.indicators(self.db, self.ctx.campaign_uid)
        return next(item.uid for item in items if item.code == code)

    def event(self, title: str = "Họp dân ấp Tân Hòa", type_code: str = "tuyen_truyen", **fields):
        fields.setdefault("start_date", "2026-03-10")
        data = events.EventInput(
            campaign_uid=self.ctx.campaign_uid,
            event_type_uid=self.type_uid(type_code),
            title=title,
            **fields,
        )
        return events.create_event(self.db, data)

    def person(self, full_name: str, **fields) -> str:
        data = people.PersonInput(full_name, **fields)
        return people.create_person(self.db, data, allow_duplicate=True)


@pytest.fixture
def make(ctx) -> Make:
    return Make(ctx)


@pytest.fixture
def file_make(file_ctx) -> Make:
    return Make(file_ctx)


class ModalDriver:
    """Handles the modal dialogs a blocking call opens, from the event loop."""

    def __init__(self, timeout_s: float = 10.0):
        self.timeout_s = timeout_s

    def run(
        self,
        open_it: Callable[[], Any],
        handle: Callable[[QWidget], Any],
        kind: type[QWidget] = QDialog,
    ) -> Any:
        """Call `open_it()`; once a visible modal `kind` shows, call `handle` on it.

        `handle` must close the dialog (accept, reject, click a button). Returns what
        `open_it` returned; re-raises what `handle` raised.
        """
        handled: list[QWidget] = []
        errors: list[BaseException] = []
        deadline = time.monotonic() + self.timeout_s

        def poll() -> None:
            widget = QApplication.activeModalWidget()
            if isinstance(widget, kind) and widget.isVisible() and widget not in handled:
                handled.append(widget)
                try:
                    handle(widget)
                except BaseException as error:
                    errors.append(error)
                if widget.isVisible():
                    if not errors:
                        errors.append(AssertionError(f"{type(widget).__name__} left open"))
                    if isinstance(widget, QDialog):
                        widget.reject()
                    else:
                        widget.close()
                return
            if time.monotonic() < deadline:
                QTimer.singleShot(10, poll)
            else:
                errors.append(AssertionError(f"no modal {kind.__name__} appeared"))

        QTimer.singleShot(0, poll)
        result = open_it()
        if errors:
            raise errors[0]
        assert handled, f"no modal {kind.__name__} appeared"
        return result

    def answer(self, open_it: Callable[[], Any], button: str = "confirm_yes") -> Any:
        """Call `open_it()` and click the named button of the message box it shows."""

        def click(box: QWidget) -> None:
            found = box.findChild(QPushButton, button)
            assert found is not None, f"no button {button} in {box.text()!r}"
            found.click()

        return self.run(open_it, click, QMessageBox)


@pytest.fixture
def modal(qapp) -> ModalDriver:
    return ModalDriver()
