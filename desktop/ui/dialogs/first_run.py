"""The first-run wizard: set up a commune office or a province office, or try a demo commune.

The office is chosen from the official list of the two-level system (34 provinces, 3,321
communes, Decision 19/2025/QĐ-TTg); the combos filter as the user types, without diacritics.
The demo commune takes a few seconds to generate, so it runs in a thread with its own
database connection while the wizard shows that it is busy. The province office's pages (keys,
escrow sheet, setup file) live in `province_setup`.

Each choice on the welcome page is a path: an ordered list of page ids
(`FirstRunWizard.paths`). A page is added to a path with `FirstRunWizard.add_step`; the wizard's
`nextId` follows the chosen path, so pages need no `nextId` of their own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop import APP_NAME
from desktop.core import demo, office, units
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.text import search_key
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.dialogs import FieldErrors
from desktop.ui.dialogs.province_setup import (
    EscrowPage,
    ProvincePage,
    ProvinceSetupState,
    SetupFilePage,
)
from desktop.ui.dialogs.recover_page import PAGE_RECOVER, RECOVER, RecoverPage
from desktop.ui.errors import show_known_error
from desktop.ui.operations import Operation
from desktop.ui.screen import fits_screen

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
# Page ids; a page added from another module takes a number of its own (10 and up).
PAGE_WELCOME, PAGE_OFFICE, PAGE_DEMO, PAGE_PROVINCE, PAGE_ESCROW, PAGE_SETUP_FILE = range(6)
# The choices on the welcome page, each the name of a path of pages.
COMMUNE, PROVINCE, DEMO = "commune", "province", "demo"


class _KeyCompleter(QCompleter):
    """Completes on search keys, so "vinh thanh" and "Vĩnh Thạnh" find the same commune."""

    def splitPath(self, path: str) -> list[str]:
        return [search_key(path)]

    def pathFromIndex(self, index: QModelIndex) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class DivisionCombo(QComboBox):
    """An editable combo of administrative units that filters as the user types."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setMinimumWidth(320)
        completer = _KeyCompleter(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self.lineEdit().editingFinished.connect(self.snap)

    def set_divisions(self, divisions: tuple[units.Division, ...], current: str | None) -> None:
        self.blockSignals(True)
        self.clear()
        for division in divisions:
            self.addItem(division.name, division.code)
            self.setItemData(self.count() - 1, search_key(division.name), SEARCH_ROLE)
        index = self.findData(current) if current else -1
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
        self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def chosen(self) -> str | None:
        """The code of the unit the text names: exactly, or the one unit containing it."""
        typed = search_key(self.currentText())
        if not typed:
            return None
        keys = [search_key(self.itemText(row)) for row in range(self.count())]
        if 0 <= self.currentIndex() < len(keys) and keys[self.currentIndex()] == typed:
            return self.currentData()
        for matches in (
            [r for r, k in enumerate(keys) if k == typed],
            [r for r, k in enumerate(keys) if typed in k],
        ):
            if len(matches) == 1:
                return self.itemData(matches[0])
        return None

    def snap(self) -> None:
        """After typing, show the full name of the unit the text names (if only one)."""
        code = self.chosen()
        index = self.findData(code) if code else -1
        if index >= 0:
            if index != self.currentIndex():
                self.setCurrentIndex(index)
            self.setEditText(self.itemText(index))

    def choose(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)


class UnitChooser(QObject):
    """Province, then a commune of that province, as rows of a form; the official code shown."""

    changed = Signal()

    def __init__(self, form: QFormLayout, errors: FieldErrors, parent=None):
        super().__init__(parent)
        self.province = DivisionCombo()
        self.province.setObjectName("province")
        self.province.lineEdit().setPlaceholderText(_("Gõ tên tỉnh, thành phố để tìm…"))
        self.commune = DivisionCombo()
        self.commune.setObjectName("commune")
        self.commune.lineEdit().setPlaceholderText(_("Gõ tên xã, phường để tìm…"))
        self.code_label = QLabel()
        self.code_label.setStyleSheet(tones.muted_style())
        self.province.set_divisions(units.provinces(), None)
        self.province.setCurrentIndex(-1)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.commune.currentIndexChanged.connect(self._commune_changed)
        form.addRow(_("Tỉnh, thành phố:"), self.province)
        form.addRow(_("Xã, phường, đặc khu:"), errors.wrap("commune_code", self.commune))
        form.addRow("", self.code_label)
        self._province_changed()

    def select(self, commune_code: str) -> None:
        division = units.commune(commune_code)
        self.province.choose(division.province_code)
        self.commune.choose(commune_code)

    def commune_code(self) -> str:
        return self.commune.chosen() or ""

    def set_enabled(self, enabled: bool) -> None:
        self.province.setEnabled(enabled)
        self.commune.setEnabled(enabled)

    def _province_changed(self, *_args) -> None:
        code = self.province.currentData()
        self.commune.set_divisions(units.communes(code) if code else (), None)
        self.commune.setCurrentIndex(-1)

    def _commune_changed(self, *_args) -> None:
        code = self.commune.currentData()
        self.code_label.setText(_("Mã đơn vị hành chính: {code}").format(code=code) if code else "")
        self.changed.emit()


def _year_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName("year")
    spin.setRange(2020, 2100)
    spin.setValue(dt.date.today().year)
    spin.setGroupSeparatorShown(False)
    spin.setMaximumWidth(110)
    return spin


class WelcomePage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(_("Chào mừng đến với {app}").format(app=APP_NAME))
        self.setSubTitle(
            _(
                "Chương trình ghi chép phong trào Toàn dân bảo vệ an ninh Tổ quốc: sự kiện, "
                "người tham gia, kết quả và báo cáo Ngày hội 19/8."
            )
        )
        self.office = QRadioButton(_("Thiết lập văn phòng xã, phường"))
        self.office.setObjectName("choose_office")
        self.province = QRadioButton(_("Thiết lập văn phòng cấp tỉnh (Phòng PV05 Công an tỉnh)"))
        self.province.setObjectName("choose_province")
        self.demo = QRadioButton(_("Dùng thử với xã mẫu (dữ liệu minh họa)"))
        self.demo.setObjectName("choose_demo")
        self.recover = QRadioButton(_("Khôi phục từ dữ liệu tỉnh gửi về"))
        self.recover.setObjectName("choose_recover")
        self.office.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.office, self.province, self.demo, self.recover):
            group.addButton(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Lần đầu sử dụng, hãy chọn một trong các cách sau:")))
        layout.addSpacing(8)
        for button, hint in (
            (
                self.office,
                _(
                    "Chọn tỉnh, thành phố và xã, phường của đơn vị theo danh mục đơn vị hành "
                    "chính hai cấp từ 01/7/2025 (34 tỉnh, thành phố; 3.321 xã, phường, đặc khu), "
                    "rồi ghi tên cán bộ phụ trách."
                ),
            ),
            (
                self.province,
                _(
                    "Nơi nhận gói đồng bộ của các xã: tạo khóa làm việc có mật khẩu, khóa dự "
                    "phòng in ra cất két và khóa ký, rồi ghi tệp thiết lập gửi các xã."
                ),
            ),
            (
                self.demo,
                _(
                    "Tạo một xã mẫu có khoảng 1.500 người, 60 sự kiện, danh sách tham gia và "
                    "kết quả để làm quen với chương trình. Dữ liệu mẫu được ghi vào tệp dữ liệu "
                    "này; khi dùng thật, hãy mở chương trình với một tệp dữ liệu khác."
                ),
            ),
            (
                self.recover,
                _(
                    "Máy của xã hỏng mà không có bản sao lưu: nạp tệp khôi phục Công an tỉnh "
                    "lập từ các gói xã đã gửi."
                ),
            ),
        ):
            layout.addWidget(button)
            label = QLabel(hint)
            label.setWordWrap(True)
            label.setStyleSheet(tones.muted_style())
            label.setContentsMargins(26, 0, 0, 12)
            layout.addWidget(label)
        layout.addStretch(1)

    def choice(self) -> str:
        """The path chosen: COMMUNE, PROVINCE or DEMO."""
        if self.demo.isChecked():
            return DEMO
        if self.recover.isChecked():
            return RECOVER
        return PROVINCE if self.province.isChecked() else COMMUNE


class OfficePage(QWizardPage):
    """The commune, the campaign year and the officers; Finish sets the office up."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(_("Thông tin đơn vị"))
        self.setSubTitle(_("Chọn đơn vị theo danh mục chính thức; gõ vài chữ để lọc nhanh."))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Hoàn tất"))
        self.errors = FieldErrors()
        form = QFormLayout()
        self.units = UnitChooser(form, self.errors, self)
        self.year = _year_spin()
        self.head_name = QLineEdit()
        self.head_name.setObjectName("head_name")
        self.head_name.setPlaceholderText(_("Ví dụ: Trần Văn Hùng"))
        self.officer_name = QLineEdit()
        self.officer_name.setObjectName("officer_name")
        self.officer_name.setPlaceholderText(_("Cán bộ trực tiếp nhập liệu, báo cáo"))
        self.officer_phone = QLineEdit()
        self.officer_phone.setObjectName("officer_phone")
        self.officer_phone.setPlaceholderText(_("Ví dụ: 0912 345 678"))
        for edit in (self.head_name, self.officer_name):
            edit.setMaxLength(100)
        self.officer_phone.setMaxLength(20)
        layout = QVBoxLayout(self)
        form.addRow(_("Năm kế hoạch:"), self.errors.wrap("year", self.year))
        form.addItem(QSpacerItem(0, 8))
        form.addRow(_("Trưởng Công an xã, phường:"), self.head_name)
        form.addRow(_("Cán bộ phụ trách:"), self.errors.wrap("officer_name", self.officer_name))
        form.addRow(_("Điện thoại cán bộ:"), self.officer_phone)
        layout.addLayout(form)
        self.general_error = self.errors.label("_general")
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.units.province.setFocus()

    def setup(self) -> office.OfficeSetup:
        return office.OfficeSetup(
            commune_code=self.units.commune_code(),
            head_name=self.head_name.text(),
            officer_name=self.officer_name.text(),
            officer_phone=self.officer_phone.text(),
            year=self.year.value(),
        )

    def validatePage(self) -> bool:
        if office.is_set_up(self.ctx.db):
            return True
        setup = self.setup()
        try:
            office.validate(setup)
            office.set_up_commune(self.ctx.db, setup)
        except ValidationError as error:
            orphans = self.errors.show(error.fields)
            if orphans:
                self.general_error.setText("\n".join(orphans))
                self.general_error.show()
            return False
        except Exception as error:
            if not show_known_error(self, error):
                raise
            return False
        self.errors.clear()
        return True


class DemoPage(QWizardPage):
    """The demo commune (An Giang's first commune unless changed) and its year."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(_("Xã mẫu để dùng thử"))
        self.setSubTitle(
            _("Dữ liệu minh họa: 8–12 ấp, khoảng 1.500 người, 60 sự kiện trong năm và kết quả.")
        )
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Tạo xã mẫu"))
        self.errors = FieldErrors()
        form = QFormLayout()
        self.units = UnitChooser(form, self.errors, self)
        self.units.select(demo.default_commune_code())
        self.year = _year_spin()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setStyleSheet(tones.muted_style())
        layout = QVBoxLayout(self)
        form.addRow(_("Năm kế hoạch:"), self.errors.wrap("year", self.year))
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        self.general_error = self.errors.label("_general")
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self._job: Operation | None = None
        self._done = False

    @property
    def busy(self) -> bool:
        return self._job is not None

    def validatePage(self) -> bool:
        if self._done or office.is_set_up(self.ctx.db):
            return True
        if self.busy:
            return False
        code = self.units.commune_code()
        if not code:
            self.errors.show({"commune_code": _("Hãy chọn xã, phường từ danh mục chính thức.")})
            return False
        self.errors.clear()
        self._start(code, self.year.value())
        return False

    def _start(self, code: str, year: int) -> None:
        self._set_busy(True)
        path = self.ctx.db_path
        self._job = Operation(
            self,
            lambda job: demo.create_demo_commune(job.db, code, year),
            on_success=self._succeeded,
            on_failure=self._failed,
            database=(None if path is None or str(path) == ":memory:" else Path(path), self.ctx.db),
            writes=True,
        ).start()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.status.setText(_("Đang tạo xã mẫu, xin chờ trong giây lát…") if busy else "")
        self.units.set_enabled(not busy)
        self.year.setEnabled(not busy)
        wizard = self.wizard()
        if wizard is not None:
            for which in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ):
                wizard.button(which).setEnabled(not busy)

    def _succeeded(self, _campaign_uid: str) -> None:
        self._job = None
        self._done = True
        self._set_busy(False)
        self.status.setText(_("Đã tạo xong xã mẫu."))
        wizard = self.wizard()
        if wizard is not None:
            wizard.accept()

    def _failed(self, error: BaseException) -> bool:
        """A validation error beside its field; anything else is the operation's to show."""
        self._job = None
        self._set_busy(False)
        if not isinstance(error, ValidationError):
            return False
        orphans = self.errors.show(error.fields)
        if orphans:
            self.general_error.setText("\n".join(orphans))
            self.general_error.show()
        return True


class FirstRunWizard(QWizard):
    """Shown while the database has no office: ends with the office set up, or cancelled."""

    def __init__(self, parent, ctx: AppContext):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self.setWindowTitle(_("{app} — thiết lập lần đầu").format(app=APP_NAME))
        if self.wizardStyle() != QWizard.WizardStyle.AeroStyle:
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for which, text in (
            (QWizard.WizardButton.NextButton, _("Tiếp theo >")),
            (QWizard.WizardButton.BackButton, _("< Quay lại")),
            (QWizard.WizardButton.FinishButton, _("Hoàn tất")),
            (QWizard.WizardButton.CancelButton, _("Hủy")),
        ):
            self.setButtonText(which, text)
        self.welcome = WelcomePage()
        self.setPage(PAGE_WELCOME, self.welcome)
        self.setStartId(PAGE_WELCOME)
        self.paths: dict[str, list[int]] = {COMMUNE: [], PROVINCE: [], DEMO: [], RECOVER: []}
        # The pages of each path, in order. Another module adds its page the same way, e.g.
        # wizard.add_step(COMMUNE, PAGE_ADMIN, AdminPage(ctx)) to end the commune path with it.
        self.office_page = OfficePage(ctx)
        self.add_step(COMMUNE, PAGE_OFFICE, self.office_page)
        self.province_state = ProvinceSetupState()
        self.province_page = ProvincePage(ctx, self.province_state)
        self.escrow_page = EscrowPage(ctx, self.province_state)
        self.setup_file_page = SetupFilePage(ctx, self.province_state)
        self.add_step(PROVINCE, PAGE_PROVINCE, self.province_page)
        self.add_step(PROVINCE, PAGE_ESCROW, self.escrow_page)
        self.add_step(PROVINCE, PAGE_SETUP_FILE, self.setup_file_page)
        self.demo_page = DemoPage(ctx)
        self.add_step(DEMO, PAGE_DEMO, self.demo_page)
        self.add_step(RECOVER, PAGE_RECOVER, RecoverPage(ctx))
        self.resize(860, 600)

    def add_step(
        self, path: str, page_id: int, page: QWizardPage, after: int | None = None
    ) -> None:
        """Put `page` on `path`: after the page `after`, or at the end of the path.

        The same page may serve several paths (add it to each).
        """
        if self.page(page_id) is None:
            self.setPage(page_id, page)
        steps = self.paths[path]
        steps.insert(steps.index(after) + 1 if after is not None else len(steps), page_id)

    def nextId(self) -> int:
        """The page after the current one on the chosen path; -1 at the end (Finish)."""
        steps = self.paths[self.welcome.choice()]
        current = self.currentId()
        if current == PAGE_WELCOME or current not in steps:
            return steps[0] if steps else -1
        position = steps.index(current) + 1
        return steps[position] if position < len(steps) else -1

    def _must_stay(self) -> bool:
        """The demo is being written, or the escrow key is on screen and not yet put away."""
        return self.demo_page.busy or self.escrow_page.holding_secret

    def reject(self) -> None:
        if self._must_stay():
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self._must_stay():
            event.ignore()
            return
        super().closeEvent(event)

    @classmethod
    def ask(cls, parent, ctx: AppContext) -> bool:
        """Run the wizard; True once the office is set up (the campaign is reloaded)."""
        wizard = cls(parent, ctx)
        try:
            wizard.exec()
        finally:
            wizard.deleteLater()
        done = office.is_set_up(ctx.db)
        if done:
            ctx.reload_campaign()
        return done
