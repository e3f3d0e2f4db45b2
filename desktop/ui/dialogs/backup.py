"""Tệp → Sao lưu ra USB…, Tệp → Khôi phục từ bản sao lưu…, and the damaged-file choice at start.

The restore dialog shows what a backup holds (when it was taken, which office, how many
records) before anything is replaced, and asks for an explicit confirmation.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, office
from desktop.core.errors import user_message
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.storage import backup, restore, sealed
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.errors import show_known_error
from desktop.ui.file_dialogs import FileKind, open_file
from desktop.ui.file_dialogs import choose_folder as ask_folder
from desktop.ui.operations import Operation
from desktop.ui.screen import fits_screen


def _file_filter() -> str:
    patterns = "(*.sqlite3 *.sqlite3.age)"
    return _("Bản sao lưu ANTQ Desk") + f" {patterns};;" + _("Mọi tệp") + " (*)"


def choose_backup_file(parent: QWidget | None, start: Path) -> Path | None:
    return open_file(parent, FileKind.BACKUP, _("Chọn bản sao lưu"), _file_filter(), start)


def choose_folder(parent: QWidget | None) -> Path | None:
    return ask_folder(parent, FileKind.BACKUP, _("Chọn ổ USB hoặc thư mục để sao lưu"))


class BackupPassphraseDialog(QDialog):
    """The backup passphrase, typed twice: the copy on the USB stick is encrypted with it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mật khẩu sao lưu"))
        self.setMinimumWidth(480)
        intro = QLabel(
            _(
                "Bản sao lưu ra USB được mã hóa để nếu mất USB, không ai đọc được danh sách. Hãy "
                "nhập mật khẩu sao lưu của văn phòng (ít nhất {count} ký tự); khi khôi phục sẽ "
                "cần mật khẩu này."
            ).format(count=sealed.MIN_PASSPHRASE)
        )
        intro.setWordWrap(True)
        self.first = QLineEdit(objectName="passphrase")
        self.second = QLineEdit(objectName="passphrase_again")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="passphrase_error")
        self.message.setStyleSheet(tones.error_style())
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Mật khẩu sao lưu:"), self.first)
        form.addRow(_("Nhập lại:"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sao lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if len(self.first.text()) < sealed.MIN_PASSPHRASE:
            self.message.setText(
                _("Mật khẩu sao lưu phải có ít nhất {count} ký tự.").format(
                    count=sealed.MIN_PASSPHRASE
                )
            )
        elif self.first.text() != self.second.text():
            self.message.setText(_("Hai lần nhập mật khẩu sao lưu không khớp."))
        else:
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent)
        try:
            return dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def ask_backup_secret(parent: QWidget | None, path: Path) -> dict[str, str | None] | None:
    """What opens the chosen backup: {} for a plain one, the passphrase asked for a sealed one,
    None if the officer gave up."""
    if not sealed.is_sealed(path):
        return {}
    text, ok = QInputDialog.getText(
        parent,
        _("Bản sao lưu được mã hóa"),
        _("Nhập mật khẩu sao lưu đã dùng khi sao lưu {name}:").format(name=path.name),
        QLineEdit.EchoMode.Password,
    )
    return {"passphrase": text} if ok and text else None


def back_up_to_folder(
    parent: QWidget | None,
    ctx: AppContext,
    folder: Path | None = None,
    passphrase: str | None = None,
) -> Operation | None:
    """“Sao lưu ra USB”: ask for the folder and the backup passphrase (unless given), then
    write, encrypt and verify in an Operation (about a second of scrypt and copying, behind a
    busy dialog) and say what was written and how it is restored. None if the user gave up."""
    folder = folder or choose_folder(parent)
    if folder is None:
        return None
    passphrase = passphrase or BackupPassphraseDialog.ask(parent)
    if passphrase is None:
        return None

    def written(info: backup.BackupInfo) -> None:
        QMessageBox.information(
            parent,
            _("Đã sao lưu"),
            _(
                "Đã ghi và kiểm tra bản sao lưu:\n{path}\n\n{sealed}\n\nCó thể rút USB ra an toàn."
            ).format(path=info.path, sealed=backup.sealed_message(info)),
        )

    return Operation(
        parent,
        lambda job: backup.backup_to_folder(job.db, folder, passphrase),
        on_success=written,
        database=(ctx.db_path, ctx.db),
        writes=True,
        busy_text=_("Đang sao lưu ra USB…"),
    ).start()


class RestoreDialog(QDialog):
    """Pick a backup (the automatic ones, or any file), see what it holds, confirm, restore."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        assert ctx.db_path is not None
        self.ctx = ctx
        self.db_path = Path(ctx.db_path)
        self.info: backup.BackupInfo | None = None
        self.secrets: dict[Path, dict[str, str | None]] = {}  # passphrases of sealed backups
        self.setWindowTitle(_("Khôi phục từ bản sao lưu"))
        self.setMinimumWidth(620)
        self.choice = QComboBox(objectName="choice")
        for item in backup.automatic_backups(self.db_path):
            self.choice.addItem(formats.date_time(item.taken), str(item.path))
        other = QPushButton(_("Chọn tệp khác…"), objectName="other")
        other.clicked.connect(self._choose_other)
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(other)
        self.details = QLabel(objectName="details")
        self.details.setWordWrap(True)
        self.warning = QLabel(objectName="warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(tones.error_style())
        self.confirm = QCheckBox(
            _("Tôi hiểu: toàn bộ dữ liệu hiện tại sẽ được thay bằng bản sao lưu này."),
            objectName="confirm",
        )
        self.confirm_other = QCheckBox(objectName="confirm_other")  # another office's backup
        self.confirm_other.hide()
        note = QLabel(
            _(
                "Trước khi thay, chương trình giữ lại một bản dữ liệu hiện tại trong thư mục sao "
                "lưu. Sau khi khôi phục, các gói đồng bộ tiếp theo được đánh số theo lượt mới "
                "để tỉnh nhận biết."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(_("Khôi phục"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Bản sao lưu"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(self.warning)
        layout.addWidget(note)
        layout.addWidget(self.confirm)
        layout.addWidget(self.confirm_other)
        layout.addWidget(self.buttons)
        self.choice.currentIndexChanged.connect(lambda _i: self.show_file(self._chosen_path()))
        self.confirm.toggled.connect(lambda _c: self._update_button())
        self.confirm_other.toggled.connect(lambda _c: self._update_button())
        self.show_file(self._chosen_path())

    def _chosen_path(self) -> Path | None:
        data = self.choice.currentData()
        return Path(data) if data else None

    def _choose_other(self) -> None:
        path = choose_backup_file(self, backup.backup_folder(self.db_path))
        if path is None:
            return
        secret = ask_backup_secret(self, path)
        if secret is None:
            return
        self.secrets[path] = secret
        self.choice.addItem(path.name, str(path))
        self.choice.setCurrentIndex(self.choice.count() - 1)

    def show_file(self, path: Path | None) -> None:
        """Describe the chosen file (this runs its integrity check) or say why it cannot be used."""
        self.info, self.warning_text = None, ""
        if path is None:
            self.details.setText(
                _("Chưa có bản sao lưu tự động nào. Hãy chọn tệp sao lưu (ví dụ trên USB).")
            )
        else:
            try:
                self.info = restore.describe_for_restore(path, **self.secrets.get(path, {}))
            except Exception as error:
                message = user_message(error)
                if message is None:
                    raise
                self.details.setText(message)
            else:
                self.details.setText("\n".join(backup.description_lines(self.info)))
                self.warning_text = self._office_warning(self.info)
        self.warning.setText(self.warning_text)
        self.warning.setVisible(bool(self.warning_text))
        self.confirm_other.setChecked(False)
        self.confirm_other.setVisible(bool(self.warning_text))
        if self.warning_text and self.info is not None:
            self.confirm_other.setText(
                _("Tôi xác nhận thay dữ liệu của văn phòng này bằng dữ liệu của {other}.").format(
                    other=self.info.office_name
                )
            )
        self._update_button()

    def _office_warning(self, info: backup.BackupInfo) -> str:
        if not office.is_set_up(self.ctx.db):
            return ""
        current = office.self_unit(self.ctx.db)
        if current.code == info.office_code:
            return ""
        return _(
            "Chú ý: bản sao lưu này là của {other}, không phải của {current}. Chỉ khôi phục nếu "
            "chắc chắn đó là điều cần làm."
        ).format(other=info.office_name, current=current.name)

    def _update_button(self) -> None:
        other_ok = not self.warning_text or self.confirm_other.isChecked()
        self.restore_button.setEnabled(
            self.info is not None and self.confirm.isChecked() and other_ok
        )

    def run_restore(self) -> restore.RestoreResult | None:
        """Restore the chosen backup into the open database; a known error is shown."""
        assert self.info is not None
        try:
            result = restore.restore(
                self.ctx.db,
                self.db_path,
                self.info.path,
                other_office=self.confirm_other.isChecked(),
                **self.secrets.get(self.info.path, {}),
            )
        except Exception as error:
            if not show_known_error(self, error):
                raise
            return None
        self.ctx.reload_campaign()
        self.ctx.notify_changed()
        self.ctx.notify_actor_changed()  # the restored accounts may differ (restore.restore)
        return result

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget | None = None) -> restore.RestoreResult | None:
        dialog = cls(ctx, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        result = dialog.run_restore()
        if result is not None:
            QMessageBox.information(
                parent,
                _("Đã khôi phục"),
                _(
                    "Đã khôi phục dữ liệu từ bản sao lưu lúc {when}.\nDữ liệu trước khi khôi phục "
                    "được giữ ở:\n{kept}"
                ).format(when=result.restored.taken_text, kept=result.kept_copy),
            )
        return result


class DamagedChoice(StrEnum):
    RESTORE = "restore"
    QUIT = "quit"


class DamagedDatabaseDialog(QMessageBox):
    """At start-up: the file is damaged; restore the newest good backup, another one, or quit."""

    def __init__(
        self, db_path: Path, newest: backup.BackupInfo | None, parent=None, reason: str = ""
    ):
        super().__init__(parent)
        self.db_path = db_path
        self.newest = newest
        self.chosen: Path | None = None
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(_("Dữ liệu bị hỏng"))
        text = _(
            "Tệp dữ liệu {path} bị hỏng (SQLite phát hiện lỗi khi kiểm tra lúc khởi động). "
            "Chương trình không ghi gì vào tệp này để tránh hỏng thêm."
        ).format(path=db_path)
        if reason:  # the start-up verdict's own words (an emptied file), not SQLite's
            text = reason + "\n\n" + _("Chương trình không ghi gì vào tệp này để tránh hỏng thêm.")
        if newest is not None:
            text += "\n\n" + _(
                "Bản sao lưu tốt gần nhất: lúc {when}. Khôi phục sẽ thay dữ liệu bằng bản này; "
                "tệp hỏng được giữ lại trong thư mục sao lưu để bộ phận hỗ trợ xem."
            ).format(when=newest.taken_text)
        else:
            text += "\n\n" + _(
                "Không tìm thấy bản sao lưu tự động nào dùng được. Nếu có bản sao lưu trên USB, "
                "hãy chọn tệp đó; nếu không, hãy liên hệ bộ phận hỗ trợ."
            )
        self.setText(text)
        self.restore_newest = None
        if newest is not None:
            self.restore_newest = self.addButton(
                _("Khôi phục bản gần nhất"), QMessageBox.ButtonRole.AcceptRole
            )
        self.choose_other = self.addButton(
            _("Chọn bản sao lưu khác…"), QMessageBox.ButtonRole.ActionRole
        )
        self.quit_button = self.addButton(_("Thoát"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_newest or self.choose_other)

    def decide(self) -> tuple[DamagedChoice, Path | None]:
        """What the clicked button means; asks for the file when another backup is wanted."""
        clicked = self.clickedButton()
        if clicked is self.restore_newest and self.newest is not None:
            return DamagedChoice.RESTORE, self.newest.path
        if clicked is self.choose_other:
            path = choose_backup_file(self, backup.backup_folder(self.db_path))
            if path is not None:
                return DamagedChoice.RESTORE, path
        return DamagedChoice.QUIT, None

    @classmethod
    def ask(
        cls, db_path: Path, newest: backup.BackupInfo | None, reason: str = ""
    ) -> tuple[DamagedChoice, Path | None]:
        box = cls(db_path, newest, reason=reason)
        box.exec()
        return box.decide()


def add_backup_actions(window, menu) -> None:
    """Tệp → Sao lưu ra USB… and Tệp → Khôi phục từ bản sao lưu… on the main window's menu."""
    from PySide6.QtGui import QAction

    def restore_and_refresh() -> None:
        if RestoreDialog.ask(window.ctx, window) is not None:
            window.reload_campaigns()

    on_disk = window.ctx.db_path is not None
    to_usb = QAction(_("Sao lưu ra USB…"), window, objectName="backup_to_usb")
    to_usb.triggered.connect(lambda _c=False: back_up_to_folder(window, window.ctx))
    from_backup = QAction(_("Khôi phục từ bản sao lưu…"), window, objectName="restore_backup")
    from_backup.triggered.connect(lambda _c=False: restore_and_refresh())

    def apply_rights() -> None:
        to_usb.setEnabled(window.ctx.can(Permission.BACKUP))
        from_backup.setEnabled(on_disk and window.ctx.can(Permission.RESTORE))

    apply_rights()
    window.ctx.actor_changed.connect(apply_rights)
    menu.addAction(to_usb)
    menu.addAction(from_backup)
    menu.addSeparator()
