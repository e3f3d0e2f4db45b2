"""The first-run wizard's "Khôi phục từ dữ liệu tỉnh gửi về" path: one page.

A commune whose PC died without a backup picks the recovery file the province sent and types
the passphrase the province officer read out over the phone; the core (`sync.recovery`) sets up
the office from it. The page then shows the new signing key's fingerprint, to read back to the
province so it can enrol the key.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.core.i18n import _
from desktop.core.sync import recovery
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.errors import show_known_error
from desktop.ui.file_dialogs import FileKind, open_file

PAGE_RECOVER = 20
RECOVER = "recover"


class RecoverPage(QWizardPage):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(_("Khôi phục từ dữ liệu tỉnh gửi về"))
        self.setSubTitle(
            _(
                "Dùng khi máy của xã hỏng mà không có bản sao lưu: Công an tỉnh lập tệp khôi "
                "phục từ các gói xã đã gửi, gửi tệp cho xã và đọc mật khẩu qua điện thoại."
            )
        )
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Khôi phục"))
        self.file = QLineEdit(objectName="recovery_file")
        self.file.setReadOnly(True)
        choose = QPushButton(_("Chọn tệp…"), objectName="choose_recovery_file")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.secret = QLineEdit(objectName="recovery_secret")
        self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.error = QLabel(objectName="recovery_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("Tệp khôi phục (.antq-recovery):"), row)
        form.addRow(_("Mật khẩu tỉnh đọc qua điện thoại:"), self.secret)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        hint = QLabel(
            _(
                "Mật khẩu gồm chữ in hoa và số, không có chữ O, I, L, U và số 0, 1 (gõ chữ "
                "thường cũng được). Sau khi khôi phục, xã đọc dấu vân tay khóa ký mới cho tỉnh."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(tones.muted_style())
        layout.addWidget(hint)
        layout.addStretch(1)

    def _choose(self) -> None:
        chosen = open_file(
            self,
            FileKind.BACKUP,
            _("Chọn tệp khôi phục"),
            _("Tệp khôi phục (*.antq-recovery);;Mọi tệp (*)"),
        )
        if chosen is not None:
            self.file.setText(str(chosen))

    def validatePage(self) -> bool:
        if not self.file.text():
            self.error.setText(_("Hãy chọn tệp khôi phục tỉnh gửi."))
            return False
        if not self.secret.text().strip():
            self.error.setText(_("Chưa nhập mật khẩu của tệp khôi phục (tỉnh đọc qua điện thoại)."))
            return False
        self.error.clear()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = recovery.recover(self.ctx.db, Path(self.file.text()), self.secret.text())
        except Exception as error:
            QApplication.restoreOverrideCursor()
            if not show_known_error(self, error):
                raise
            return False
        QApplication.restoreOverrideCursor()
        QMessageBox.information(
            self,
            _("Đã khôi phục"),
            _(
                "Đã khôi phục {name}: {rows} bản ghi. Hãy gọi Công an tỉnh, đọc dấu vân tay khóa "
                "ký mới của xã để tỉnh xác nhận: {fingerprint}. Gói xuất tiếp theo sẽ là gói đầy "
                "đủ."
            ).format(name=done.unit_name, rows=done.rows, fingerprint=done.signing_fingerprint),
        )
        return True
