"""The province office's pages of the first-run wizard: keys, the escrow sheet, the setup file.

1. `ProvincePage` picks the province and the passphrase of the working key; leaving it makes the
   keys, in memory only (`desktop.core.sync.province.make_keys`). It is a commit page: there is
   no way back once the keys exist.
2. `EscrowPage` shows the escrow identity once, as text and as a QR code, with a Print button;
   the officer ticks that it is printed and in the safe before going on (the program never keeps
   it, and the wizard cannot be cancelled while it is on screen). Leaving it sets the office up
   with the keys (`province.set_up_province`, as `antq-desk province-init` does): a power cut
   while the sheet prints leaves no office whose only escrow copy was lost; the wizard simply
   starts again at the next start.
3. `SetupFilePage` gives the signing key's fingerprint and offers to save the communes' setup
   file now (it can be written again later from the "Đồng bộ" page).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core import office, units
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.sync import escrow, keys, province, setup_file
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.dialogs import FieldErrors
from desktop.ui.dialogs.change_password import keyboard_reminder
from desktop.ui.errors import guarded, show_known_error
from desktop.ui.file_dialogs import FileKind, save_file
from desktop.ui.qr import QrLabel, ask_and_print


def ask_and_write_setup(parent: QWidget, ctx: AppContext) -> Path | None:
    """Ask where to save the setup file the communes load (the wizard and the Đồng bộ page);
    the path written, or None if the officer gave up."""
    chosen = save_file(
        parent,
        FileKind.SETUP,
        _("Ghi tệp thiết lập cho xã"),
        "thiet-lap-tinh.json",
        _("Tệp thiết lập (*.json)"),
    )
    return None if chosen is None else setup_file.write_setup_file(ctx.db, chosen)


@dataclass
class ProvinceSetupState:
    """What the first page makes and the next two show; the escrow copy lives only here."""

    province_code: str = ""
    made: keys.ProvinceKeys | None = None
    copy: escrow.SafeCopy | None = None
    signing_fingerprint: str = ""
    signer: tuple[str, str] = ("", "")  # who signs the province's reports: name, position
    email: str = ""  # where communes mail their bundles (optional; editable on "Đồng bộ")


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(tones.muted_style())
    return label


def _password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class ProvincePage(QWizardPage):
    """The province and the working key's passphrase (asked twice); leaving it makes the keys
    (in memory: they are stored when the escrow page is left)."""

    def __init__(self, ctx: AppContext, state: ProvinceSetupState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle(_("Văn phòng cấp tỉnh"))
        self.setSubTitle(
            _("Phòng PV05 Công an tỉnh nhận gói đồng bộ của các xã. Chọn tỉnh và đặt mật khẩu.")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Tạo khóa >"))
        self.errors = FieldErrors()
        self.province = QComboBox()
        self.province.setObjectName("province")
        for division in units.provinces():
            self.province.addItem(division.name, division.code)
        self.province.setCurrentIndex(-1)
        self.province.setPlaceholderText(_("Chọn tỉnh, thành phố…"))
        self.passphrase = _password_field("passphrase")
        self.repeat = _password_field("repeat")
        self.signer_name = QLineEdit(objectName="signer_name")
        self.signer_name.setPlaceholderText(_("có thể để trống, ghi sau ở trang Báo cáo"))
        self.signer_position = QLineEdit(objectName="signer_position")
        self.signer_position.setPlaceholderText(_("ví dụ TRƯỞNG PHÒNG"))
        self.email = QLineEdit(objectName="email")
        self.email.setMaxLength(200)
        self.email.setPlaceholderText(_("không bắt buộc, ví dụ pv05@congan.gov.vn"))
        self.email.setToolTip(
            _("Địa chỉ các xã gửi gói đồng bộ tới; ghi vào tệp thiết lập cho xã. Đổi được sau.")
        )
        form = QFormLayout()
        form.addRow(_("Tỉnh, thành phố:"), self.errors.wrap("province_code", self.province))
        form.addRow(_("Mật khẩu khóa làm việc:"), self.errors.wrap("passphrase", self.passphrase))
        form.addRow(_("Nhập lại mật khẩu:"), self.errors.wrap("repeat", self.repeat))
        form.addRow(
            _("Người ký báo cáo (họ tên):"), self.errors.wrap("signer_name", self.signer_name)
        )
        form.addRow(
            _("Chức vụ người ký:"), self.errors.wrap("signer_position", self.signer_position)
        )
        form.addRow(_("Thư điện tử nhận gói:"), self.errors.wrap("email", self.email))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(
            _hint(
                _(
                    "Mật khẩu (ít nhất {count} ký tự) bảo vệ khóa làm việc dùng để mở các gói "
                    "của xã; phải nhập mỗi lần nhập gói. Mật khẩu không thể lấy lại nếu quên: "
                    "khi đó chỉ còn khóa dự phòng (bước sau, in ra và cất két) mở được các gói."
                ).format(count=keys.MIN_PASSPHRASE)
            )
        )
        layout.addWidget(
            _hint(
                _(
                    "Bước tiếp theo tạo ba khóa: khóa làm việc (lưu trong máy, có mật khẩu), khóa "
                    "dự phòng (chỉ hiện một lần) và khóa ký của tỉnh."
                )
            )
        )
        layout.addWidget(keyboard_reminder())
        self.general_error = self.errors.label("_general")
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.province.setFocus()

    def validatePage(self) -> bool:
        if self.state.copy is not None:
            return True
        code, secret = self.province.currentData() or "", self.passphrase.text()
        problems = {}
        try:
            province.validate(code, secret)
        except ValidationError as error:
            problems.update(error.fields)
        if secret != self.repeat.text():
            problems["repeat"] = _("Hai lần nhập mật khẩu không giống nhau.")
        try:
            signer = office.validate_signer(self.signer_name.text(), self.signer_position.text())
        except ValidationError as error:
            problems.update(error.fields)
        try:
            email = setup_file.check_email(self.email.text())
        except ValidationError as error:
            problems.update(error.fields)
        if problems:
            return self._show(problems)
        try:
            made = province.make_keys(code, secret)
        except ValidationError as error:
            return self._show(error.fields)
        self.errors.clear()
        self.state.province_code, self.state.made = code, made
        self.state.signer, self.state.email = signer, email
        self.state.copy = escrow.SafeCopy.of(self.province.currentText(), made)
        self.state.signing_fingerprint = keys.fingerprint(made.signing_public)
        self.passphrase.clear()
        self.repeat.clear()
        return True

    def _show(self, fields: dict[str, str]) -> bool:
        orphans = self.errors.show(fields)
        self.general_error.setText("\n".join(orphans))
        self.general_error.setVisible(bool(orphans))
        return False


class EscrowPage(QWizardPage):
    """The escrow identity, once: text, QR code, Print; ticked as printed before going on."""

    def __init__(self, ctx: AppContext, state: ProvinceSetupState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle(_("Khóa dự phòng — in ra và cất két"))
        self.setSubTitle(
            _(
                "Khóa này chỉ hiện một lần và không được lưu trong máy. Nó mở được mọi gói của "
                "các xã khi quên mật khẩu khóa làm việc."
            )
        )
        self.about = QLabel(objectName="escrow_about")
        self.about.setWordWrap(True)
        self.identity = QLabel(objectName="escrow_identity")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.identity.setStyleSheet(tones.FIELD_BOX_STYLE)  # white on white in dark mode before
        self.qr_box = QVBoxLayout()
        self.print_button = QPushButton(_("In khóa dự phòng…"), objectName="print_escrow")
        self.print_button.clicked.connect(self.print_sheet)
        self.printed = QCheckBox(_("Tôi đã in và cất khóa dự phòng vào két"))
        self.printed.setObjectName("escrow_printed")
        self.printed.toggled.connect(self.completeChanged)
        self.warning = QLabel(
            _("Chưa đánh dấu ô này thì chưa đi tiếp được, và không đóng được cửa sổ.")
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(tones.warning_style())
        left = QVBoxLayout()
        left.addWidget(self.about)
        left.addSpacing(8)
        left.addWidget(QLabel(_("Khóa dự phòng (bí mật):")))
        left.addWidget(self.identity)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(self.qr_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.printed)
        layout.addWidget(self.warning)
        self.qr: QrLabel | None = None

    def initializePage(self) -> None:
        copy = self.state.copy
        if copy is None:
            raise RuntimeError("the escrow page needs the keys made by the province page")
        self.about.setText("<br>".join(html.escape(line) for line in copy.notes()))
        self.identity.setText(copy.identity)
        if self.qr is None:
            self.qr = QrLabel(copy.identity, 220)
            self.qr.setObjectName("escrow_qr")
            self.qr_box.addWidget(self.qr)
            self.qr_box.addStretch(1)
        self._set_cancel(False)

    def isComplete(self) -> bool:
        return self.printed.isChecked()

    def validatePage(self) -> bool:
        """The sheet is safe: now the office is set up with the keys it belongs to."""
        if not office.is_set_up(self.ctx.db):
            try:
                province.set_up_province(
                    self.ctx.db,
                    self.state.province_code,
                    self.state.made,  # type: ignore[arg-type]
                    signer=self.state.signer,
                    email=self.state.email,
                )
            except Exception as error:
                if not show_known_error(self, error):
                    raise
                return False
        self._set_cancel(True)
        return True

    @property
    def holding_secret(self) -> bool:
        """Shown and not yet ticked: closing now would lose the only copy of the escrow key."""
        wizard = self.wizard()
        shown = wizard is not None and wizard.currentPage() is self
        return shown and not self.printed.isChecked()

    def _set_cancel(self, enabled: bool) -> None:
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.CancelButton).setEnabled(enabled)

    @guarded
    def print_sheet(self) -> None:
        if self.state.copy is not None:
            ask_and_print(self, self.state.copy)


class SetupFilePage(QWizardPage):
    """The signing key's fingerprint, and the setup file for the communes (now or later)."""

    def __init__(self, ctx: AppContext, state: ProvinceSetupState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle(_("Tệp thiết lập cho các xã"))
        self.setSubTitle(_("Các xã nạp tệp này để gửi gói cho tỉnh. Tệp không chứa gì bí mật."))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Hoàn tất"))
        self.fingerprint = QLabel(objectName="fingerprint")
        self.fingerprint.setWordWrap(True)
        self.save_button = QPushButton(_("Ghi tệp thiết lập cho xã…"), objectName="save_setup")
        self.save_button.clicked.connect(self.save_setup)
        self.saved = QLabel(objectName="saved")
        self.saved.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fingerprint)
        layout.addSpacing(8)
        layout.addWidget(
            _hint(
                _(
                    "Gửi tệp cho các xã qua thư điện tử hoặc USB. Khi xã gọi điện, đọc dấu vân "
                    "tay trên để xã đối chiếu. Có thể ghi lại tệp này bất cứ lúc nào ở mục "
                    "Đồng bộ."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.saved)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.fingerprint.setText(
            _("Dấu vân tay khóa ký của tỉnh (đọc cho xã qua điện thoại): <b>{value}</b>").format(
                value=keys.unbreakable(self.state.signing_fingerprint)
            )
        )

    @guarded
    def save_setup(self) -> None:
        path = ask_and_write_setup(self, self.ctx)
        if path is not None:
            self.saved.setText(_("Đã ghi {path}.").format(path=path))
