"""Export dialog at the commune: pick the USB drive or folder, write, show what was written.

Ends with each file's name, size and short hash (to read out or write on the hand-over form)
and a button that opens the folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.core import formats, paths
from desktop.core.i18n import _
from desktop.core.sync import bundle_writer, mail, setup_file
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.file_dialogs import FileKind, choose_folder
from desktop.ui.operations import Job, Operation
from desktop.ui.screen import fits_screen


class ExportBundleDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self.written: list[bundle_writer.WrittenBundle] = []
        self.setWindowTitle(_("Xuất gói đồng bộ gửi tỉnh"))
        self.setMinimumWidth(560)
        self.folder = QLineEdit(objectName="folder")
        self.folder.setPlaceholderText(_("Ổ USB hoặc thư mục"))
        self.folder.setText(bundle_writer.last_folder(ctx.db))
        choose = QPushButton(_("Chọn…"), objectName="choose")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        default = bundle_writer.default_period(ctx.db)  # yyyy-mm, shown as officers type it
        self.period = QLineEdit(formats.month(default), objectName="period")
        self.full = QCheckBox(_("Xuất toàn bộ dữ liệu (gửi lại tất cả)"), objectName="full")
        form = QFormLayout()
        form.addRow(_("Nơi ghi"), row)
        form.addRow(_("Kỳ báo cáo (tháng/năm)"), self.period)
        form.addRow("", self.full)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result = QLabel(objectName="result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(self.result.textInteractionFlags())
        self.export_button = QPushButton(_("Xuất gói"), objectName="export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.run_export)
        self.mail_button = QPushButton(_("Soạn thư gửi tỉnh"), objectName="mail")
        self.mail_button.setEnabled(False)
        self.mail_button.clicked.connect(self.prepare_mail)
        self.open_button = QPushButton(_("Mở thư mục"), objectName="open")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_folder)
        close = QPushButton(_("Đóng"), objectName="close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.export_button, self.mail_button, self.open_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(buttons)

    @classmethod
    def ask(cls, ctx: AppContext, parent=None) -> list[bundle_writer.WrittenBundle]:
        dialog = cls(ctx, parent)
        dialog.exec()
        return dialog.written

    def _choose(self) -> None:
        folder = choose_folder(self, FileKind.BUNDLE, _("Chọn ổ USB hoặc thư mục"))
        if folder is not None:
            self.folder.setText(str(folder))

    def _progress(self, job: Job) -> None:
        done, total, _text = job.progress()
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @guarded
    def run_export(self) -> None:
        """Write the bundles in an Operation (a busy dialog; the window stays painted)."""
        text = self.folder.text().strip()
        if not text:
            self.result.setText(_("Hãy chọn ổ USB hoặc thư mục để ghi gói."))
            return
        if not paths.is_absolute_folder(text):  # never resolved against the working folder
            self.result.setText(
                _(
                    "“{folder}” không phải đường dẫn đầy đủ. Hãy bấm “Chọn…” để chọn ổ USB "
                    "hoặc thư mục, hoặc gõ đủ đường dẫn, ví dụ E:\\ hoặc D:\\Gui tinh."
                ).format(folder=text)
            )
            return
        folder, full = Path(text), self.full.isChecked()
        period = self.period.text().strip() or None
        self.export_button.setEnabled(False)
        operation = Operation(
            self,
            lambda job: bundle_writer.export(
                job.db, folder, full=full, period=period, progress=job.report
            ),
            on_success=self._exported,
            on_failure=self._failed,
            database=(self.ctx.db_path, self.ctx.db),
            writes=True,
            busy_text=_("Đang xuất gói đồng bộ…"),
        )
        operation.progressed.connect(lambda: self._progress(operation.job))
        operation.start()

    def _failed(self, _error: BaseException) -> bool:
        self.export_button.setEnabled(True)
        return False  # the operation shows a known error; a bug reaches the crash dialog

    def _exported(self, written: list[bundle_writer.WrittenBundle]) -> None:
        self.export_button.setEnabled(True)
        self.written = written
        self.ctx.notify_changed()
        self.result.setText(self._summary())
        self.open_button.setEnabled(True)
        self.mail_button.setEnabled(bool(self.written))

    def _summary(self) -> str:
        lines = []
        for item in self.written:
            if item.recovered:
                lines.append(
                    _("Gói số {number} của lần xuất trước bị ngắt giữa chừng; đã hoàn tất.").format(
                        number=item.number
                    )
                )
            line = _("Đã ghi {name} — {size} KB, mã băm {digest}").format(
                name=item.path.name,
                size=formats.quantity(max(1, round(item.size / 1024))),
                digest=item.short_hash,
            )
            if item.rows == 0:
                line += " " + _("(không có thay đổi trong kỳ)")
            lines.append(line)
        if self.written:
            lines += ["", self._next_step()]
        return "\n".join(lines)

    def _next_step(self) -> str:
        """What to do with the files now: the officer asked "xuất xong rồi làm gì?"."""
        return _(
            "Việc tiếp theo: gửi {count} tệp trên cho Công an tỉnh — đính kèm vào thư điện tử "
            "(mỗi tệp dưới 7 MB), hoặc chép vào USB mang lên tỉnh. Tệp nằm ở: {folder}. Khi "
            "tỉnh gửi lại tệp xác nhận (.antq-ack), hãy nạp vào ở trang Đồng bộ."
        ).format(count=len(self.written), folder=self.written[0].path.parent)

    @guarded
    def prepare_mail(self) -> None:
        """An .eml draft to the province with the bundles attached, opened in the mail program;
        without one, the address and the files to attach by hand."""
        period = self.period.text().strip() or bundle_writer.default_period(self.ctx.db)
        path = mail.write_draft(self.ctx.db, [w.path for w in self.written], period)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.result.setText(
                self._summary()
                + "\n\n"
                + _("Đã mở thư soạn sẵn ({path}); hãy kiểm tra rồi bấm Gửi.").format(path=path)
            )
            return
        address = setup_file.loaded_setup(self.ctx.db).email
        QMessageBox.information(
            self,
            _("Không có chương trình thư"),
            _(
                "Máy này không có chương trình thư để mở thư soạn sẵn. Hãy gửi thư tới {email} "
                "và đính kèm các tệp trong {folder} (thư soạn sẵn: {path})."
            ).format(email=address, folder=path.parent, path=path.name),
        )

    def _open_folder(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written[0].path.parent)))
