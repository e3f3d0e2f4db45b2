"""Import dialog at the province: files (or a folder) dropped or chosen, a dry run first, then
the commit — each bundle one transaction, refused ones listed with their reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.core.i18n import _
from desktop.core.sync import importer, keys
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.file_dialogs import FileKind, choose_folder, open_files
from desktop.ui.models.paged import Column
from desktop.ui.models.rows import RowsModel
from desktop.ui.operations import Job, Operation
from desktop.ui.screen import fits_screen


@dataclass(frozen=True)
class SummaryRow:
    file_name: str
    table: str
    new: int
    updated: int
    deleted: int
    unchanged: int
    conflicts: int
    note: str


def summary_rows(results: list[importer.ImportResult]) -> list[SummaryRow]:
    """One line per bundle and table; a refused or duplicate bundle gets one line with why."""
    rows = []
    for result in results:
        if not result.tables or result.status in (
            importer.REFUSED,
            importer.DUPLICATE,
            importer.STOPPED,
        ):
            rows.append(SummaryRow(result.file_name, "", 0, 0, 0, 0, 0, result.message))
            continue
        for table, counts in result.tables.items():
            label = importer.table_label(table)
            rows.append(SummaryRow(result.file_name, label, **counts, note=""))
        rows[-1] = SummaryRow(**{**rows[-1].__dict__, "note": result.message})
    return rows


def summary_columns() -> list[Column]:
    return [
        Column("file_name", _("Tệp gói")),
        Column("table", _("Bảng")),
        Column("new", _("Mới"), kind="int"),
        Column("updated", _("Cập nhật"), kind="int"),
        Column("deleted", _("Xóa"), kind="int"),
        Column("unchanged", _("Không đổi"), kind="int"),
        Column("conflicts", _("Xung đột"), kind="int"),
        Column("note", _("Ghi chú")),
    ]


class ImportBundlesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None, files: list[Path] | None = None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self._operation: Operation | None = None
        self.results: list[importer.ImportResult] = []
        self.cancelled = False
        self.setWindowTitle(_("Nhập gói đồng bộ của các xã"))
        self.resize(900, 560)
        self.setAcceptDrops(True)
        self.files = QListWidget(objectName="files")
        add_files = QPushButton(_("Thêm tệp…"), objectName="add_files")
        add_files.clicked.connect(self._choose_files)
        add_folder = QPushButton(_("Thêm cả thư mục…"), objectName="add_folder")
        add_folder.clicked.connect(self._choose_folder)
        self.passphrase = QLineEdit(objectName="passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(self._forget_identity)
        self._identity = None  # unsealed once per session (scrypt: ~2 s and ~256 MiB)
        form = QFormLayout()
        form.addRow(_("Mật khẩu khóa làm việc"), self.passphrase)
        self.model = RowsModel(summary_columns())
        self.table = QTableView(objectName="summary")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(self._show_note)
        self.status = QLabel(_("Kéo thả tệp .antq vào đây hoặc bấm Thêm tệp."), objectName="status")
        self.status.setWordWrap(True)
        self.dry_button = QPushButton(_("Chạy thử"), objectName="dry_run")
        self.dry_button.clicked.connect(self.dry_run)
        self.commit_button = QPushButton(_("Nhập vào dữ liệu"), objectName="commit")
        self.commit_button.setEnabled(False)
        self.commit_button.clicked.connect(self.commit)
        close = QPushButton(_("Đóng"), objectName="close")
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(add_files)
        top.addWidget(add_folder)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.dry_button, self.commit_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.files)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.add_paths(files or [])

    @classmethod
    def ask(cls, ctx: AppContext, parent=None, files: list[Path] | None = None):
        dialog = cls(ctx, parent, files)
        dialog.exec()
        return dialog.results

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            found = sorted(Path(path).glob("*.antq")) if Path(path).is_dir() else [Path(path)]
            for item in found:
                if item not in known:
                    self.files.addItem(str(item))
                    known.add(item)
        self.commit_button.setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls()])

    def _choose_files(self) -> None:
        self.add_paths(
            open_files(self, FileKind.BUNDLE, _("Chọn gói đồng bộ"), _("Gói đồng bộ (*.antq)"))
        )

    def _choose_folder(self) -> None:
        folder = choose_folder(self, FileKind.BUNDLE, _("Chọn thư mục chứa gói"))
        if folder is not None:
            self.add_paths([folder])

    def _forget_identity(self, *_args) -> None:
        self._identity = None

    def _has_key(self) -> bool:
        """The working identity is unsealed already, or a passphrase is typed to unseal it;
        else said, and the passphrase field has the focus."""
        if self._identity is not None or self.passphrase.text():
            return True
        self.status.setText(_("Chưa nhập mật khẩu khóa làm việc của tỉnh."))
        self.passphrase.setFocus()
        return False

    def _run(self, dry_run: bool, then: Callable[[list[importer.ImportResult]], None]) -> None:
        """Import (or try) the files in an Operation; `then` gets the results once shown.

        Each bundle is its own transaction; Hủy is honoured between bundles, so the bundles
        already imported stay and the rest are not touched."""
        if not self._has_key():
            return
        known, passphrase, paths = self._identity, self.passphrase.text(), self.paths()

        def work(job: Job) -> tuple[object, list[importer.ImportResult]]:
            # scrypt (about a second and 128 MiB) off the GUI thread, once a session: a dry run
            # then the import unseal once; a wrong passphrase is a known error the job shows
            identity = known or keys.unlock_working_identity(job.db, passphrase)

            def advance(index: int, total: int, result: importer.ImportResult) -> None:
                text = _("Đã xong {index}/{total}: {name}").format(
                    index=index, total=total, name=result.file_name
                )
                job.show(index, total, text)  # never stops inside: Hủy is asked between files

            return identity, importer.import_files(
                job.db,
                paths,
                [identity],
                dry_run=dry_run,
                cancelled=lambda: job.cancelled,
                progress=advance,
            )

        def done(outcome: tuple[object, list[importer.ImportResult]]) -> None:
            identity, results = outcome
            if self.passphrase.text() == passphrase:  # not retyped meanwhile
                self._identity = identity
            self.cancelled = len(results) < len(paths) or any(
                r.status == importer.STOPPED for r in results
            )
            self.model.set_rows(summary_rows(results))
            self.table.resizeRowsToContents()
            then(results)

        self._operation = Operation(
            self,
            work,
            on_success=done,
            database=(self.ctx.db_path, self.ctx.db),
            writes=True,
            busy_text=_("Đang nhập gói…") if not dry_run else _("Đang chạy thử…"),
            cancellable=True,
        )
        self._operation.job.show(0, len(paths))
        self._operation.start()

    def _show_note(self, index) -> None:
        """A long refusal (every rejected line) in a box of its own, with a Copy-able text."""
        row = self.model.row_at(index.row())
        if not row.note:
            return
        box = QMessageBox(QMessageBox.Icon.Information, row.file_name, row.note, parent=self)
        box.setDetailedText(row.note)
        box.exec()

    @guarded
    def dry_run(self) -> None:
        if not self.paths():
            self.status.setText(_("Chưa có tệp nào để nhập."))
            return
        self._run(True, self._tried)

    def _tried(self, results: list[importer.ImportResult]) -> None:
        ready = sum(1 for r in results if r.status == importer.DRY_RUN)
        refused = sum(1 for r in results if r.status == importer.REFUSED)
        text = _("Chạy thử xong: {ready} gói sẵn sàng nhập, {refused} gói bị từ chối.").format(
            ready=ready, refused=refused
        )
        if self.cancelled:
            text = _("Đã hủy chạy thử giữa chừng; chưa ghi gì.")
        self.status.setText(text)
        self.commit_button.setEnabled(ready > 0)

    @guarded
    def commit(self) -> None:
        self._run(False, self._imported)

    def _imported(self, results: list[importer.ImportResult]) -> None:
        self.results = results
        done = sum(1 for r in self.results if r.status == importer.IMPORTED)
        refused = sum(1 for r in self.results if r.status == importer.REFUSED)
        text = _("Đã nhập {count} gói, {refused} gói bị từ chối (bấm đúp vào dòng để xem lý do).")
        text = text.format(count=done, refused=refused)
        if self.cancelled:
            text += " " + _("Đã hủy: các gói sau chưa được nhập; gói đang nhập dở không được ghi.")
        self.status.setText(text)
        self.commit_button.setEnabled(False)
        self.ctx.notify_changed()
