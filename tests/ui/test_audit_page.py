"""The Nhật ký page as an administrator uses it: find an entry, read its changes, check, export."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core import accounts, catalogues, events
from desktop.core.session import Role
from desktop.ui.context import AppContext
from desktop.ui.pages.audit import AuditPage
from desktop.ui.widgets import select_data

PASSWORD = "mat-khau-dai"


@pytest.fixture
def admin_ctx(ctx: AppContext, make) -> AppContext:
    """An officer recorded and renamed an event; the administrator is signed in."""
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.sign_out(ctx.db)
    accounts.authenticate(ctx.db, "mai", PASSWORD)
    uid = make.event("Họp dân ấp Tân Hòa", start_date="2026-03-10")
    data = events.get_event(ctx.db, uid)
    data.title = "Họp dân ấp Tân Hòa lần 2"
    events.update_event(ctx.db, uid, data)
    accounts.sign_out(ctx.db)
    accounts.authenticate(ctx.db, "admin", PASSWORD)
    return ctx


@pytest.fixture
def page(qtbot, admin_ctx) -> AuditPage:
    page = AuditPage(admin_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _texts(model, column: int) -> list[str]:
    return [
        model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]


def test_the_newest_entry_comes_first(page):
    assert _texts(page.model, 2)[0] == "Đăng nhập"  # the administrator, just now
    assert _texts(page.model, 1)[0] == "Trần Văn Hùng (admin)"
    assert page.count_label.text() == f"{page.model.total} mục"


def test_an_entry_shows_its_changes_before_and_after(page):
    select_data(page.kind_filter, "event.edit")
    assert page.model.total == 1
    page.table.selectRow(0)
    lines = page.changes.rows()
    assert lines[0].record == "Sự kiện: Họp dân ấp Tân Hòa lần 2 (sửa)"
    assert ("Tên", "Họp dân ấp Tân Hòa", "Họp dân ấp Tân Hòa lần 2") in [
        (line.field, line.before, line.after) for line in lines
    ]
    assert "Lê Thị Mai (mai)" in page.entry_label.text()


def test_filters_by_person_search_and_dates(qtbot, page):
    select_data(page.actor_filter, "mai")
    assert set(_texts(page.model, 1)) == {"Lê Thị Mai (mai)"}
    qtbot.keyClicks(page.search, "hop dan TAN hoa")
    page.search.flush()
    assert _texts(page.model, 2) == ["Sửa sự kiện", "Thêm sự kiện"]
    page.date_to.setDate(dt.date(2020, 1, 1))
    assert page.model.total == 0 and page.count_label.text() == "0 mục"
    page.clear_filters()
    assert page.model.total > 3


def test_the_integrity_check_says_whole_or_where_it_was_broken(qtbot, page, admin_ctx):
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert page.check_label.text() == f"Nhật ký nguyên vẹn ({page.model.total} mục)."
    db = admin_ctx.db
    db.conn.execute("DROP TRIGGER audit_no_update")  # someone edits the file outside
    db.conn.execute("UPDATE audit SET actor = 'admin' WHERE kind = 'event.create'")
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert "bị can thiệp" in page.check_label.text()
    assert "đã bị sửa ngoài chương trình" in page.check_label.text()


def test_the_export_writes_what_the_filters_show(qtbot, page, tmp_path, monkeypatch):
    path = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(page, "ask_path", lambda: path)
    select_data(page.kind_filter, "event.create")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [row[3:5] for row in rows[1:]] == [("Thêm sự kiện", "Họp dân ấp Tân Hòa")]
    assert page.check_label.text() == f"Đã ghi 1 dòng vào {path}."


def test_the_page_is_for_administrators_only():
    from desktop.core.session import Permission

    assert AuditPage.required_permission() is Permission.VIEW_AUDIT


def test_a_new_hamlet_appears_after_the_data_changes(page, admin_ctx):
    catalogues.add_hamlet(admin_ctx.db, "Ấp Mới")
    admin_ctx.notify_changed()
    assert _texts(page.model, 3)[0] == "Ấp Mới"
