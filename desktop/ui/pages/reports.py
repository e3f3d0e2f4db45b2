"""The "Báo cáo" section: choose a report, fill its settings, preview it, save it or print it.

The PDF is built by `desktop.core.reports` in an `Operation` (the window stays responsive, a
busy bar shows progress) and shown with QtPdf, imported only when the page is first built.
"Lưu Word (.docx)…" writes the report shown as a .docx from the same document, in an Operation,
under the same guards as "Lưu PDF…"; both offer a name that says kind, unit and period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core import campaigns, events, office, personal_data, session
from desktop.core import reports as core_reports
from desktop.core.i18n import _
from desktop.core.reports import periods
from desktop.core.reports import settings as report_settings
from desktop.core.reports.request import ReportRequest
from desktop.core.reports.settings import ReportSettings
from desktop.core.session import Permission
from desktop.ui.context import AppContext
from desktop.ui.date_edit import DateEdit
from desktop.ui.errors import guarded
from desktop.ui.file_dialogs import FileKind, save_file
from desktop.ui.gating import refusal
from desktop.ui.operations import Operation
from desktop.ui.pages.base import Page
from desktop.ui.widgets import fill_combo, select_data, title_label


class SettingsForm(QGroupBox):
    """What the officer fills once: issuing body, symbol, place, signer, recipients."""

    def __init__(self, parent=None):
        super().__init__(_("Thông tin trình bày (được ghi nhớ cho lần sau)"), parent)
        self.fields = {
            "parent_body": QLineEdit(),
            "unit_name": QLineEdit(),
            "symbol": QLineEdit(),
            "place": QLineEdit(),
            "signer_authority": QLineEdit(),
            "signer_position": QLineEdit(),
            "signer_name": QLineEdit(),
        }
        self.recipients = QPlainTextEdit()
        self.recipients.setFixedHeight(80)
        self.recipients.setPlaceholderText(_("Mỗi dòng một nơi nhận; dòng cuối: Lưu: VT"))
        self.fields["symbol"].setPlaceholderText(_("ví dụ BC-CAX"))
        self.fields["signer_authority"].setPlaceholderText(_("ví dụ TRƯỞNG CÔNG AN XÃ hoặc KT. …"))
        self.fields["signer_position"].setPlaceholderText(_("khi ký thay: PHÓ TRƯỞNG CÔNG AN XÃ"))
        labels = {
            "parent_body": _("Cơ quan cấp trên"),
            "unit_name": _("Cơ quan ban hành"),
            "symbol": _("Ký hiệu văn bản"),
            "place": _("Địa danh"),
            "signer_authority": _("Thẩm quyền ký"),
            "signer_position": _("Chức vụ người ký"),
            "signer_name": _("Họ tên người ký"),
        }
        form = QFormLayout(self)
        for key, widget in self.fields.items():
            form.addRow(labels[key], widget)
        form.addRow(_("Nơi nhận"), self.recipients)

    def set_settings(self, values: ReportSettings) -> None:
        for key, widget in self.fields.items():
            widget.setText(getattr(values, key))
        self.recipients.setPlainText("\n".join(values.recipients))

    def set_editable(self, editable: bool) -> None:
        """A viewer prints with what an officer filled in, and cannot change it."""
        for widget in self.fields.values():
            widget.setReadOnly(not editable)
        self.recipients.setReadOnly(not editable)
        self.setToolTip("" if editable else refusal(Permission.EDIT_RECORDS))

    def settings(self) -> ReportSettings:
        values = {key: widget.text() for key, widget in self.fields.items()}
        lines = self.recipients.toPlainText().splitlines()
        return ReportSettings(**values, recipients=lines)


class ReportsPage(Page):
    """Choose, preview, save and print the reports of `desktop.core.reports`."""

    generated = Signal()  # a preview is shown
    exported = Signal()  # an xlsx is written
    word_saved = Signal()  # a .docx is written

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._pdf: bytes = b""
        self._pdf_request: core_reports.ReportRequest | None = None  # what `_pdf` shows
        self._xlsx_kind = ""
        self._buffer: QBuffer | None = None
        self._operation: Operation | None = None
        self._narrative_key: tuple[str, str, str] | None = None
        self._narrative_loaded = ""
        self.document = QPdfDocument(self)
        self.preview = QPdfView(self)
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._build()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind = QComboBox()
        self.campaign = QComboBox()
        self.basis_button = QPushButton(_("Căn cứ của kế hoạch…"), objectName="campaign_basis")
        self.basis_button.setToolTip(
            _("Căn cứ pháp lý và kế hoạch của tỉnh mà báo cáo kết quả trích dẫn ở đoạn mở đầu")
        )
        self.period = QComboBox()
        self.event_choice = QComboBox()
        self.commune = QComboBox()
        self.serial = QSpinBox()
        self.serial.setRange(0, 9999)
        self.serial.setSpecialValueText(_("để trống"))
        self.day = DateEdit(name="report_day")
        self.day.setDate(dt.date.today())
        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText(
            _(
                "Nhận xét, đánh giá, kiến nghị (phần cuối báo cáo). Dòng bắt đầu bằng “1.”, “a)” "
                "thành đề mục."
            )
        )
        self.narrative.setMinimumHeight(110)
        self.settings_form = SettingsForm()
        choose = self._choose = QFormLayout()
        choose.addRow(_("Loại báo cáo"), self.kind)
        campaign_row = QHBoxLayout()
        campaign_row.addWidget(self.campaign, 1)
        campaign_row.addWidget(self.basis_button)
        choose.addRow(_("Kế hoạch"), campaign_row)
        choose.addRow(_("Kỳ báo cáo"), self.period)
        choose.addRow(_("Xã, phường"), self.commune)
        choose.addRow(_("Sự kiện"), self.event_choice)
        choose.addRow(_("Số văn bản"), self.serial)
        choose.addRow(_("Ngày văn bản"), self.day)
        self.preview_button = QPushButton(_("Xem trước"))
        self.save_button = QPushButton(_("Lưu PDF…"))
        self.word_button = QPushButton(_("Lưu Word (.docx)…"))
        self.word_button.setToolTip(
            _("Cùng nội dung với bản xem trước, để sửa và ký trong Word hoặc LibreOffice")
        )
        self.print_button = QPushButton(_("In…"))
        self.excel_button = QPushButton(_("Xuất Excel"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.preview_button,
            self.save_button,
            self.word_button,
            self.print_button,
            self.excel_button,
        ):
            buttons.addWidget(button)
        side = QWidget()
        column = QVBoxLayout(side)
        title = title_label(_("Báo cáo"))
        column.addWidget(title)
        column.addLayout(choose)
        self.narrative_label = QLabel(_("Phần nhận xét, đánh giá (được lưu theo kỳ báo cáo)"))
        column.addWidget(self.narrative_label)
        column.addWidget(self.narrative)
        column.addWidget(self.settings_form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(420)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        # The actions stay above the preview, in sight however long the form or the report.
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.status, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)
        self.period.currentIndexChanged.connect(self._load_narrative)
        self.commune.currentIndexChanged.connect(self._load_narrative)
        self.preview_button.clicked.connect(self.generate)
        self.save_button.clicked.connect(self.save_pdf)
        self.word_button.clicked.connect(self.save_word)
        self.print_button.clicked.connect(self.print_pdf)
        self.excel_button.clicked.connect(self.export_xlsx)
        self.basis_button.clicked.connect(self.edit_basis)
        self.gate(self.excel_button, Permission.EXPORT)
        self.gate(self.basis_button, Permission.MANAGE_CATALOGUES)
        self._show_edit_rights()
        self.ctx.actor_changed.connect(self._show_edit_rights)
        self._set_ready(False)

    def _may_edit(self) -> bool:
        """Narratives and signers are records: viewers preview, print and save PDFs only."""
        return self.ctx.can(Permission.EDIT_RECORDS)

    def _show_edit_rights(self) -> None:
        editable = self._may_edit()
        self.settings_form.set_editable(editable)
        self.narrative.setReadOnly(not editable)
        self.narrative.setToolTip("" if editable else refusal(Permission.EDIT_RECORDS))

    # --- choices ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fill the choices; the settings form shows what was saved (or this office's defaults)."""
        province = office.self_unit(self.ctx.db).level == "province"
        kinds = [
            (code, _(kind.title))
            for code, kind in core_reports.KINDS.items()
            if province or not kind.province_only
        ]
        fill_combo(self.kind, kinds)
        self._choose.setRowVisible(self.commune, province)
        if province:
            # Here, not at the top: the report modules load reportlab, which start-up never needs.
            from desktop.core.reports import consolidated

            communes = consolidated.commune_choices(self.ctx.db)
            fill_combo(self.commune, [("", _("Toàn tỉnh")), *communes])
        items, seen = [], set()
        for campaign in campaigns.list_campaigns(self.ctx.db):
            if campaign.code not in seen:  # a province holds one copy per commune
                seen.add(campaign.code)
                items.append((campaign.uid, campaign.title))
        fill_combo(self.campaign, items)
        if self.ctx.campaign_uid:
            select_data(self.campaign, self.ctx.campaign_uid)
        self.settings_form.set_settings(report_settings.load(self.ctx.db))
        self._campaign_changed()

    @guarded
    def edit_basis(self) -> None:
        from desktop.ui.dialogs.campaign_basis import CampaignBasisDialog

        uid = self.campaign.currentData()
        if uid:
            CampaignBasisDialog.ask(self, self.ctx, uid)

    def _campaign_changed(self, *_args) -> None:
        uid = self.campaign.currentData()
        if not uid:
            return
        campaign = campaigns.get(self.ctx.db, uid)
        fill_combo(self.period, periods.choices(campaign))
        fill_combo(self.event_choice, events.events_for_choice(self.ctx.db, uid))
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        report = core_reports.KINDS.get(self.kind.currentData() or "")
        needs_event = bool(report and report.needs_event)
        self.event_choice.setEnabled(needs_event)
        self.commune.setEnabled(bool(report and report.one_commune))
        self.period.setEnabled(not needs_event)
        writes_narrative = bool(report and report.narrative)
        self.narrative.setVisible(writes_narrative)
        self.narrative_label.setVisible(writes_narrative)
        self._load_narrative()

    def _load_narrative(self, *_args) -> None:
        commune = self.commune.currentData() if self.commune.isEnabled() else None
        key = (
            self.kind.currentData() or "",
            self.campaign.currentData() or "",
            report_settings.narrative_slot(self.period.currentData() or "", commune or None),
        )
        if key == self._narrative_key:
            return
        self._keep_narrative()  # typed text is never lost by switching the period
        kind = core_reports.KINDS.get(key[0])
        if kind is None or not kind.narrative or not key[1]:
            self._narrative_key = None
            return
        self._narrative_key = key
        self._narrative_loaded = report_settings.load_narrative(self.ctx.db, *key)
        self.narrative.setPlainText(self._narrative_loaded)

    def _keep_narrative(self) -> None:
        text = self.narrative.toPlainText()
        if not self._may_edit():
            return
        if self._narrative_key is not None and text != self._narrative_loaded:
            report_settings.save_narrative(self.ctx.db, *self._narrative_key, text)
            self._narrative_loaded = text

    def request(self) -> ReportRequest:
        serial = self.serial.value() or None
        return ReportRequest(
            kind=self.kind.currentData(),
            campaign_uid=self.campaign.currentData(),
            period=self.period.currentData() or periods.WHOLE,
            event_uid=self.event_choice.currentData() if self.event_choice.isEnabled() else None,
            unit_code=(self.commune.currentData() or None) if self.commune.isEnabled() else None,
            serial=serial,
            day=self.day.date(),  # an unreadable date is said, not replaced
        )

    # --- actions ------------------------------------------------------------------------------

    def _keep_inputs(self) -> None:
        """Save the settings and the narrative (validated) before building from them."""
        if not self._may_edit():  # a viewer's report uses what is saved
            return
        saved = report_settings.save(self.ctx.db, self.settings_form.settings())
        self.settings_form.set_settings(saved)
        self._keep_narrative()

    @guarded
    def generate(self) -> None:
        self._keep_inputs()
        request = self._pdf_request = self.request()
        self._start(
            lambda db: core_reports.build_pdf(db, request), self._show_pdf, _("Đang lập báo cáo…")
        )

    @guarded
    def export_xlsx(self) -> None:
        session.require(self.ctx.db, Permission.EXPORT)
        self._keep_inputs()
        request = self.request()
        self._xlsx_kind = request.kind
        name = self._file_name(request, ".xlsx")
        path = self.ask_path(_("Xuất Excel"), name, _("Tệp Excel (*.xlsx)"))
        if path is None:
            return
        path = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
        self._start(
            lambda db: (path, core_reports.write(db, request, path)),
            self._xlsx_done,
            _("Đang xuất Excel…"),
        )

    def _start(self, work: Callable[[Any], Any], done: Callable[[Any], None], text: str) -> None:
        """Run `work(db)` in an Operation on a connection of its own; `done` gets its result.

        The page's own busy bar shows it (no modal dialog: the officer may read the form
        meanwhile, while the buttons that would start a second build are disabled).
        """

        def succeeded(result: Any) -> None:
            self._set_busy(False, "")
            done(result)

        def failed(_error: BaseException) -> bool:
            self._set_busy(False, "")
            return False  # the operation shows a known error, or hands a bug to the crash dialog

        self._set_busy(True, text)
        self._operation = Operation(
            self,
            lambda job: work(job.db),
            on_success=succeeded,
            on_failure=failed,
            database=(self.ctx.db_path, self.ctx.db),
        ).start()

    def _show_pdf(self, data: bytes) -> None:
        self._pdf = data
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        pages = self.document.pageCount()
        self.status.setText(_("Báo cáo có {pages} trang.").format(pages=pages))
        self._set_ready(pages > 0)
        self.generated.emit()

    def _xlsx_done(self, result: tuple[Path, int]) -> None:
        path, count = result
        personal_data.record_export(self.ctx.db, self._xlsx_kind, path, count)
        self.status.setText(_("Đã ghi {count} dòng vào {path}.").format(count=count, path=path))
        self.exported.emit()

    def _ask_save(self, suffix: str, title: str, filter_text: str):
        """(request, path) for saving the report shown as `suffix`, once the export right is
        checked (before the dialog: a viewer is told at once), or None."""
        request = self._pdf_request
        if request is None:  # the buttons are enabled only once a report is shown
            return None
        personal_data.require_export(self.ctx.db, request.kind, Path(f"bao-cao{suffix}"))
        path = self.ask_path(title, self._file_name(request, suffix), filter_text)
        if path is None:
            return None
        return request, path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    @guarded
    def save_pdf(self) -> None:
        asked = self._ask_save(".pdf", _("Lưu PDF"), _("Tệp PDF (*.pdf)"))
        if asked is None:
            return
        request, path = asked
        core_reports.save_bytes(path, self._pdf)
        if personal_data.is_personal(request.kind):
            people = personal_data.people_in(self.ctx.db, request)
            personal_data.record_export(self.ctx.db, request.kind, path, people)
        self.status.setText(_("Đã lưu {path}.").format(path=path))

    @guarded
    def save_word(self) -> None:
        """The report shown, as a .docx from the same document model (the same words and
        figures as the preview), built in an Operation; the same guards as "Lưu PDF"."""
        asked = self._ask_save(".docx", _("Lưu Word"), _("Tệp Word (*.docx)"))
        if asked is None:
            return
        request, path = asked

        def work(db) -> tuple[Path, int]:
            core_reports.write(db, request, path)
            personal = personal_data.is_personal(request.kind)
            return path, personal_data.people_in(db, request) if personal else 0

        self._start(work, partial(self._word_done, request.kind), _("Đang ghi tệp Word…"))

    def _word_done(self, kind: str, result: tuple[Path, int]) -> None:
        path, people = result
        if personal_data.is_personal(kind):
            personal_data.record_export(self.ctx.db, kind, path, people)
        self.status.setText(_("Đã lưu {path}.").format(path=path))
        self.word_saved.emit()

    @guarded
    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.ui.printing import orientation_of, use_a4

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        request = self._pdf_request
        printer.setDocName(self._file_name(request, "") if request else _("Báo cáo"))
        use_a4(printer, orientation_of(self.document.pagePointSize(0)))  # what the dialog shows
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("In báo cáo"))
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer) -> int:
        """Paint every page (or the chosen range) on A4 at full size; returns pages printed."""
        from desktop.ui.printing import print_pdf_pages

        first = max(printer.fromPage(), 1) if printer.fromPage() else 1
        last = printer.toPage() or self.document.pageCount()
        if not print_pdf_pages(printer, self.document, first, last):
            QMessageBox.warning(self, _("In báo cáo"), _("Không mở được máy in đã chọn."))
            return 0
        self.status.setText(_("Đã gửi {pages} trang tới máy in.").format(pages=last - first + 1))
        return last - first + 1

    def ask_path(self, title: str, name: str, filter_text: str) -> Path | None:
        """The file chosen by the user, or None; the one seam tests replace."""
        return save_file(self, FileKind.REPORT, title, name, filter_text)

    def _file_name(self, request: ReportRequest, suffix: str) -> str:
        """'ket-qua-cong-an-xa-an-bien-2026-08.pdf': what the report is, in ASCII."""
        from desktop.core.reports import filenames

        return filenames.suggested(self.ctx.db, request, suffix)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.progress.setVisible(busy)
        self.preview_button.setEnabled(not busy)
        self.set_enabled(self.excel_button, not busy)
        if busy:
            self.status.setText(text)
            self._set_ready(False)
        else:
            self._set_ready(bool(self._pdf))

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.word_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
