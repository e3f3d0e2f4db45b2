"""Before the first-run wizard, the window says when this PC has ANTQ Desk data elsewhere (another
Windows account's folder, or the shared one), and sets nothing up unless the officer insists."""

from __future__ import annotations

import functools

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.core import paths
from desktop.ui.app import build_main_window
from desktop.ui.dialogs import first_run
from tests.core.test_shared_data import _binh, _office, _shared, pc  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui


@pytest.fixture
def wizard(monkeypatch) -> list[str]:
    """The first-run wizard, recorded and cancelled."""
    asked: list[str] = []

    def ask(cls, parent, ctx) -> bool:
        asked.append(str(ctx.db_path))
        return False

    monkeypatch.setattr(first_run.FirstRunWizard, "ask", classmethod(ask))
    return asked


@pytest.fixture
def windows_pc(pc, monkeypatch):  # noqa: F811
    """Account "an" starts an all-users install; account "binh" already keeps an office."""
    _office(_binh(pc))
    real = paths.other_office_data
    monkeypatch.setattr(
        paths, "other_office_data", functools.partial(real, environ=pc, platform="win32")
    )
    return pc


def test_quitting_at_the_warning_sets_nothing_up(qtbot, modal, windows_pc, wizard):
    texts = []

    def leave(box) -> None:
        texts.append(box.text())
        box.findChild(QPushButton, "quit").click()

    assert modal.run(lambda: build_main_window(_shared(windows_pc)), leave, QMessageBox) is None
    assert str(_binh(windows_pc)) in texts[0]
    assert wizard == []


def test_the_officer_may_set_up_a_new_office_anyway(qtbot, modal, windows_pc, wizard):
    modal.answer(lambda: build_main_window(_shared(windows_pc)), "new_office_anyway")
    assert wizard == [str(_shared(windows_pc))]


def test_no_warning_when_this_pc_has_no_other_data(qtbot, pc, monkeypatch, wizard):  # noqa: F811
    real = paths.other_office_data
    monkeypatch.setattr(
        paths, "other_office_data", functools.partial(real, environ=pc, platform="win32")
    )
    assert build_main_window(_shared(pc)) is None  # straight to the (cancelled) wizard
    assert wizard == [str(_shared(pc))]
