"""The "Nhập từ Excel" wizard walked through: file, columns, preview, duplicates, summary."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from desktop.core import people
from desktop.core.listimport import legacy_encodings as legacy
from desktop.ui import file_dialogs, operations
from desktop.ui.context import AppContext
from desktop.ui.dialogs import list_import
from desktop.ui.dialogs.list_import import ListImportDialog
from tests.listimport.conftest import DATA, people_names

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def ctx(qapp, commune_db):
    return AppContext(commune_db, None)


@pytest.fixture
def choose(monkeypatch):
    """Make the open-file dialog answer with a sample file."""

    def pick(name: str) -> None:
        monkeypatch.setattr(
            file_dialogs.QFileDialog,
            "getOpenFileName",
            staticmethod(lambda *args, **kwargs: (str(DATA / name), "")),
        )

    return pick


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    """Click, then wait for the work it started (the plan, the import) to be delivered."""
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not operations.running(), timeout=20_000)


def test_walk_from_file_choice_to_saved_summary(qtbot, ctx, choose, monkeypatch, tmp_path):
    hamlet = ctx.db.hamlets[0]
    people.create_person(
        ctx.db, people.PersonInput("Nguyễn Văn Dũng", birth_year=1975, hamlet_uid=hamlet)
    )
    changed = []
    ctx.data_changed.connect(lambda: changed.append(True))
    wizard = ListImportDialog(None, ctx, "people")
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no file yet

    choose("people_tcvn3.xlsx")
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    assert wizard.file_page.sheet_combo.currentText() == "(tự chọn trang có danh sách)"
    assert next_button.isEnabled()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # columns: guessed, with the TCVN3 conversion shown before → after
    assert wizard.currentId() == list_import.PAGE_MAPPING
    page = wizard.mapping_page
    name_row = next(i for i, c in enumerate(wizard.layout_.columns) if c.field == "full_name")
    assert page.encoding_combos[name_row].currentData() == legacy.AUTO
    assert wizard.layout_.columns[name_row].hint == legacy.TCVN3
    assert page.samples[name_row].text() == "NguyÔn V¨n Dòng → Nguyễn Văn Dũng"
    year_row = next(i for i, c in enumerate(wizard.layout_.columns) if c.field == "birth_year")
    assert page.samples[year_row].text() == "n¨m 1969 → năm 1969"
    page.encoding_combos[year_row].setCurrentIndex(1)  # conversion turned off for this column
    assert not wizard.layout_.columns[year_row].convert
    assert page.samples[year_row].text() == "1975; 12/05/1980; n¨m 1969"
    page.encoding_combos[year_row].setCurrentIndex(0)
    position_row = next(i for i, c in enumerate(wizard.layout_.columns) if c.field == "position")
    page.field_combos[position_row].setCurrentIndex(0)  # the user drops the "Chức vụ" column
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # preview: as stored, with the reasons; the unknown hamlet is offered
    assert wizard.currentId() == list_import.PAGE_PREVIEW
    preview = wizard.preview_page
    model = preview.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Chức vụ" not in headers
    name_col = headers.index("Họ và tên")
    assert model.index(1, name_col).data() == "Trần Thị Ánh Tuyết"
    assert model.index(0, 1).data() == "Bỏ qua"
    assert model.index(3, 1).data() == "Để ra ngoài" and model.index(3, 2).data() == "Dòng trống"
    assert model.index(7, 2).data() == "Không đọc được năm sinh “năm xưa”."
    assert "8 dòng dữ liệu: 3 sẽ thêm mới, 2 trùng" in preview.counts.text()
    assert "1 dòng không phải người/sự kiện" in preview.counts.text()
    assert "Trang tính: “Danh sách”." in preview.reading.text()
    assert "“Họ và tên” 7 ô TCVN3" in preview.reading.text()
    assert list(preview.hamlet_checks) == ["3"]
    preview.hamlet_checks["3"].setChecked(False)  # do not add "Ấp Ba": goes to the address
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # duplicates: merge everything, then add the repeated row anyway
    assert wizard.currentId() == list_import.PAGE_DUPLICATES
    dup = wizard.duplicates_page
    assert dup.model.rowCount() == 2
    assert dup.model.index(0, 2).data() == "Trùng: Nguyễn Văn Dũng (1975, Ấp Tân Hòa)"
    dup.decision.setCurrentIndex(dup.decision.findData("merge"))
    qtbot.mouseClick(dup.apply_all, Qt.MouseButton.LeftButton)
    assert dup.model.index(1, 1).data() == "Gộp vào người đã có"
    dup.view.selectRow(1)
    dup.decision.setCurrentIndex(dup.decision.findData("add"))
    qtbot.mouseClick(dup.apply_selected, Qt.MouseButton.LeftButton)
    assert [dup.model.index(r, 1).data() for r in range(2)] == [
        "Gộp vào người đã có",
        "Vẫn thêm mới",
    ]
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Nhập vào dữ liệu"
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)

    # summary
    assert wizard.currentId() == list_import.PAGE_SUMMARY
    assert wizard.summary_page.result.text().startswith(
        "Đã thêm 4, gộp 1, bỏ qua 0, không nhập 3. 1 dòng không phải người/sự kiện"
    )
    assert changed and wizard.imported
    assert people_names(ctx.db).count("Nguyễn Văn Dũng") == 2
    assert "Lê Hoàng Phúc" in people_names(ctx.db)

    target = tmp_path / "tom_tat"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    told = []
    monkeypatch.setattr(list_import.QMessageBox, "information", lambda *a: told.append(a[2]))
    qtbot.mouseClick(wizard.summary_page.save, Qt.MouseButton.LeftButton)
    assert told == [f"Đã ghi 9 dòng vào {target}.xlsx."]
    rows = list(load_workbook(f"{target}.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", "Kết quả", "Họ và tên", "Lý do")
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_events_without_duplicates_commit_from_the_preview(qtbot, ctx, choose):
    wizard = ListImportDialog(None, ctx, "events")
    qtbot.addWidget(wizard)
    wizard.show()
    choose("events.xlsx")
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == list_import.PAGE_PREVIEW
    assert wizard.preview_page.isCommitPage()
    model = wizard.preview_page.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = {title: model.index(2, c).data() for c, title in enumerate(titles)}
    assert row["Loại sự kiện"] == "Ra mắt mô hình tự quản"
    held = dt.date(2026, 8, 19) <= dt.date.today()  # a past date was held, a future one planned
    status = "Đã tổ chức" if held else "Kế hoạch"
    assert (row["Ngày"], row["Số người"], row["Trạng thái"]) == ("19/08/2026", "1200", status)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.summary_page.result.text().startswith("Đã thêm 3, gộp 0, bỏ qua 0, không nhập 2.")


def test_a_bad_file_is_told_and_the_wizard_stays(qtbot, ctx, monkeypatch, tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
    )
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    wizard = ListImportDialog(None, ctx, "people")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    assert warned and "Không đọc được tệp “hong.xlsx”" in warned[0]
    assert wizard.currentId() == list_import.PAGE_FILE


def test_ask_returns_false_when_cancelled(qtbot, ctx):
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ListImportDialog)
        click(qtbot, dialog, QWizard.WizardButton.CancelButton)

    QTimer.singleShot(0, cancel)
    assert ListImportDialog.ask(None, ctx, "people") is False
    assert people_names(ctx.db) == []


def test_the_header_row_can_be_chosen_again(qtbot, ctx, choose):
    wizard = ListImportDialog(None, ctx, "people")
    qtbot.addWidget(wizard)
    wizard.show()
    choose("people_clean.xlsx")
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    combo = wizard.mapping_page.header_combo
    assert combo.currentText().startswith("Dòng 4: STT | Họ và tên | Năm sinh")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # the title row: the columns are guessed again under it
    assert wizard.layout_.columns[0].header.startswith("DANH SÁCH NGƯỜI THAM GIA")
    assert "birth_year" not in [c.field for c in wizard.layout_.columns]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert wizard.layout_.columns[1].field == "full_name"
    assert wizard.mapping_page.field_combos[1].currentText() == "Họ và tên"


def test_a_failed_import_is_told_and_nothing_is_written(qtbot, ctx, choose, monkeypatch):
    def disk_full(db, planned, progress=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(list_import.apply, "run", disk_full)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    wizard = ListImportDialog(None, ctx, "events")
    qtbot.addWidget(wizard)
    wizard.show()
    choose("events.xlsx")
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert warned and "No space left on device" in warned[0]
    assert wizard.currentId() == list_import.PAGE_PREVIEW
    assert not wizard.imported


def test_an_office_list_previews_its_left_out_rows_and_joins_an_event(qtbot, ctx, choose):
    from desktop.core import attendance, catalogues, events

    type_uid = catalogues.event_types(ctx.db, ctx.campaign_uid)[0].uid
    event = events.create_event(
        ctx.db, events.EventInput(ctx.campaign_uid, type_uid, "Ngày hội ấp Tân Hòa", "2026-08-19")
    )
    wizard = ListImportDialog(None, ctx, "people")
    qtbot.addWidget(wizard)
    wizard.show()
    choose("office_people.xlsx")
    qtbot.mouseClick(wizard.file_page.browse, Qt.MouseButton.LeftButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    hamlet = next(c for c in wizard.layout_.columns if c.header == "Ấp/Khóm")
    assert hamlet.field == "hamlet"
    samples = wizard.mapping_page.samples[1].text()  # records, not "(2)" or a page's header
    assert samples == "Nguyễn Văn Dụng; Nguyễn Văn Dung; Nguyễn Văn Dũng"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    preview = wizard.preview_page
    model = preview.model
    reasons = {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert reasons["22"] == "Dòng tổng cộng, không phải một người"
    assert reasons["29"] == "Phần ký tên dưới danh sách"
    assert "“Màu áo” (cột H)" in preview.reading.text()
    assert "Trang tính: “DS tham gia”." in preview.reading.text()
    assert preview.event_box.isVisibleTo(wizard) and not preview.event_combo.isEnabled()
    preview.to_event.setChecked(True)
    assert wizard.plan_.event_uid == event
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # the duplicates page
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert "Đã đưa 8 người vào danh sách tham gia sự kiện." in wizard.summary_page.result.text()
    assert len(attendance.participants(ctx.db, event)) == 8
