"""What each role sees in the window: the actions it may take enabled, the others greyed or gone."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core import accounts, audit_log
from desktop.core.audit_log import AuditFilter
from desktop.core.i18n import pgettext
from desktop.core.session import PermissionDenied, Role
from desktop.ui.context import AppContext
from desktop.ui.export import export_audited
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.catalogues import CataloguesPage
from desktop.ui.pages.events import EventsPage
from desktop.ui.pages.outcomes import OutcomesPage
from desktop.ui.pages.people import PeoplePage
from desktop.ui.pages.reports import ReportsPage

PASSWORD = "mat-khau-dai"
NO_EDIT = "không có quyền thêm, sửa, xóa bản ghi"
NO_EXPORT = "không có quyền xuất dữ liệu"


@pytest.fixture
def office_ctx(ctx: AppContext, make) -> AppContext:
    """The test commune with an administrator, an officer and a viewer, and one event the
    officer recorded; nobody signed in."""
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.create_account(ctx.db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    _sign_in(ctx, "mai")
    ctx.event_uid = make.event("Họp dân ấp Tân Hòa")
    accounts.sign_out(ctx.db)
    return ctx


def _sign_in(ctx: AppContext, username: str) -> None:
    accounts.sign_out(ctx.db)
    accounts.authenticate(ctx.db, username, PASSWORD)
    ctx.notify_actor_changed()


@pytest.fixture
def window_as(qtbot, office_ctx):
    """`window_as("xem")`: the main window, shown, for that user."""

    def open_for(username: str) -> MainWindow:
        _sign_in(office_ctx, username)
        window = MainWindow(office_ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_for


def _navigation(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_a_viewer_reads_but_cannot_add_edit_import_or_export(window_as, make):
    window = window_as("xem")
    assert pgettext("navigation", "Nhật ký") not in _navigation(window)
    events = window.show_page(EventsPage)
    events.table.selectRow(0)
    assert events.open_button.isEnabled()  # reading is allowed
    for button in (
        events.add_button,
        events.edit_button,
        events.delete_button,
        events.cancel_button,
        events.import_button,
        events.export_button,
    ):
        assert not button.isEnabled(), button.text()
    assert NO_EDIT in events.add_button.toolTip()
    assert NO_EXPORT in events.export_button.toolTip()
    # The tooltip says whom to ask: the office's administrator, by name.
    assert events.add_button.toolTip().endswith(
        "Nhờ quản trị viên (Trần Văn Hùng) cấp quyền, hoặc đăng nhập bằng tài khoản có quyền này."
    )
    people = window.show_page(PeoplePage)
    assert not people.add_button.isEnabled() and not people.export_button.isEnabled()
    outcomes = window.show_page(OutcomesPage)
    assert not outcomes.add_button.isEnabled() and not outcomes.export_totals_button.isEnabled()


def test_a_viewers_shortcuts_do_nothing(window_as, make, monkeypatch):
    from desktop.ui.dialogs.event_form import EventFormDialog

    opened = []
    monkeypatch.setattr(EventFormDialog, "ask", classmethod(lambda *args, **kw: opened.append(1)))
    monkeypatch.setattr(
        "desktop.ui.pages.events.confirm", lambda *args: opened.append("confirm") or False
    )
    events = window_as("xem").show_page(EventsPage)
    events.table.setFocus()
    events.add_event()  # what Ctrl+N calls
    events.table.selectRow(0)
    events.delete_selected()  # what the Delete key calls: not even the question is asked
    assert opened == [] and events.model.total == 1


def test_a_viewer_prints_reports_with_the_saved_signers(window_as):
    reports = window_as("xem").show_page(ReportsPage)
    assert reports.preview_button.isEnabled()
    assert not reports.excel_button.isEnabled()
    assert reports.narrative.isReadOnly()
    assert all(field.isReadOnly() for field in reports.settings_form.fields.values())
    reports._keep_inputs()  # what "Xem trước" does first: must not try to save for a viewer


def test_an_officer_edits_records_but_not_catalogues(window_as, make):
    window = window_as("mai")
    assert pgettext("navigation", "Nhật ký") not in _navigation(window)
    events = window.show_page(EventsPage)
    events.table.selectRow(0)
    for button in (events.add_button, events.edit_button, events.import_button):
        assert button.isEnabled(), button.text()
    assert events.export_button.isEnabled()
    catalogues = window.show_page(CataloguesPage)
    assert catalogues.hamlet_tab.view.model().rowCount() == 2  # read-only, still shown
    for tab in catalogues.editable_tabs():
        assert not tab.add_button.isVisible() and not tab.rename_button.isVisible()
    reports = window.show_page(ReportsPage)
    assert not reports.narrative.isReadOnly() and reports.excel_button.isEnabled()


def test_an_administrator_sees_everything(window_as):
    window = window_as("admin")
    assert pgettext("navigation", "Nhật ký") in _navigation(window)
    catalogues = window.show_page(CataloguesPage)
    hamlets = catalogues.hamlet_tab
    assert hamlets.add_button.isVisible() and hamlets.add_button.isEnabled()
    hamlets.view.selectRow(0)
    assert hamlets.rename_button.isEnabled()
    assert window.show_page(EventsPage).add_button.isEnabled()


def test_another_sign_in_reapplies_the_gates(window_as, office_ctx):
    window = window_as("xem")
    events = window.show_page(EventsPage)
    assert not events.add_button.isEnabled()
    _sign_in(office_ctx, "mai")
    assert events.add_button.isEnabled()
    assert NO_EDIT not in events.add_button.toolTip()
    _sign_in(office_ctx, "xem")
    assert not events.add_button.isEnabled()


def test_an_event_opened_by_a_viewer_shows_its_history_and_no_edits(qtbot, office_ctx, make):
    from desktop.ui.dialogs.event_detail import EventDetailDialog

    _sign_in(office_ctx, "xem")
    dialog = EventDetailDialog(None, office_ctx, office_ctx.event_uid)
    qtbot.addWidget(dialog)
    for button in (dialog.edit_button, dialog.pick_button, dialog.add_outcome_button):
        assert not button.isEnabled(), button.text()
    assert dialog.tabs.tabText(2) == "Lịch sử thay đổi (1)"
    history = dialog.history.model
    assert history.data(history.index(0, 1), Qt.ItemDataRole.DisplayRole) == "Lê Thị Mai (mai)"
    assert history.data(history.index(0, 2), Qt.ItemDataRole.DisplayRole) == "Thêm sự kiện"


def test_an_excel_export_of_a_list_is_audited(window_as, make, tmp_path, office_ctx):
    events = window_as("mai").show_page(EventsPage)
    path = tmp_path / "su-kien.xlsx"
    assert export_audited(office_ctx, events.model, path, "Danh sách sự kiện") == 1
    assert load_workbook(path).active.max_row == 2
    _sign_in(office_ctx, "admin")
    (entry,) = audit_log.list_entries(office_ctx.db, AuditFilter(kind="excel.export"))
    assert (entry.actor, entry.subject) == ("mai", "Danh sách sự kiện")
    notes = audit_log.entry_detail(office_ctx.db, entry.id).notes
    assert {(note.label, note.after) for note in notes} == {("Số dòng", "1"), ("Tệp", path.name)}


def test_a_viewer_cannot_export_even_through_the_code_path(window_as, tmp_path, office_ctx):
    events = window_as("xem").show_page(EventsPage)
    with pytest.raises(PermissionDenied):
        export_audited(office_ctx, events.model, tmp_path / "x.xlsx", "Danh sách sự kiện")
    assert not (tmp_path / "x.xlsx").exists()
