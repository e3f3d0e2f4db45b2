"""The "Đồng bộ" section.

At a commune: what is waiting to be sent, the last acknowledgement, the bundles written, and the
actions (load the province's setup file, export, load an ack). At the province: import, the
completeness grid of communes × months, and the register of communes' keys (confirm, revoke,
write an ack).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, office
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import (
    ack,
    archive,
    bundle_reader,
    bundle_writer,
    completeness,
    copies,
    keys,
    orphans,
    register,
    rivals,
    setup_file,
    status,
    textfile,
)
from desktop.core.sync.completeness import LABELS
from desktop.ui.context import AppContext
from desktop.ui.dialogs.ack_conflicts import ConflictsDialog
from desktop.ui.dialogs.export_bundle import ExportBundleDialog
from desktop.ui.dialogs.import_bundles import ImportBundlesDialog
from desktop.ui.dialogs.orphans import OrphansDialog
from desktop.ui.dialogs.rivals import RivalsDialog
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.file_dialogs import FileKind, choose_folder, open_file
from desktop.ui.gating import Gates
from desktop.ui.models.paged import Column, PagedTableModel
from desktop.ui.models.rows import RowsModel
from desktop.ui.pages.base import Page


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _acked(row: status.WrittenRow) -> str:
    return formats.date(row.acked_at[:10]) if row.acked_at else _("Chưa")


def written_columns() -> list[Column]:
    return [
        Column("number", _("Số gói"), kind="int", sortable=False),
        Column("period", _("Kỳ"), sortable=False),
        Column("created_at", _("Ngày ghi"), display=lambda r: formats.date(r.created_at[:10])),
        Column("rows", _("Số dòng"), kind="int", sortable=False),
        Column("size", _("Dung lượng (byte)"), kind="int", sortable=False),
        Column("short_hash", _("Mã băm"), sortable=False),
        Column("acked_at", _("Tỉnh đã xác nhận"), display=_acked, sortable=False),
        Column("file_name", _("Tên tệp"), sortable=False),
    ]


class CommuneSync(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = QLabel(objectName="state")
        self.state.setWordWrap(True)
        self.keys_label = QLabel(objectName="keys")
        self.keys_label.setWordWrap(True)
        load = QPushButton(_("Nạp tệp thiết lập của tỉnh…"), objectName="load_setup")
        load.clicked.connect(self.load_setup)
        self.export_button = QPushButton(_("Xuất gói đồng bộ…"), objectName="export_bundle")
        self.export_button.clicked.connect(self.export_bundle)
        load_ack = QPushButton(_("Nạp tệp xác nhận của tỉnh…"), objectName="load_ack")
        load_ack.clicked.connect(self.load_ack)
        self.reissue_button = QPushButton(_("Gửi lại gói tỉnh báo thiếu…"), objectName="reissue")
        self.reissue_button.clicked.connect(self.reissue)
        excel = QPushButton(_("Xuất Excel"), objectName="excel")
        self.model = PagedTableModel(
            written_columns(),
            lambda: status.count_written(ctx.db),
            lambda _sort, _desc, offset, limit: status.list_written(ctx.db, offset, limit),
            sort="number",
        )
        excel.clicked.connect(
            lambda: ask_and_export(self, self.model, _("Gói đã xuất"), "goi-da-xuat")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.keys_label)
        # Two rows: the monthly cycle's steps, then set-up and the table's export; one row of five
        # did not fit a 1024×768 screen at 125 %.
        layout.addLayout(_buttons(self.export_button, load_ack, self.reissue_button))
        layout.addLayout(_buttons(load, excel))
        self.gates = Gates(ctx, self)
        for button, permission in (
            (self.export_button, Permission.EXPORT),
            (self.reissue_button, Permission.EXPORT),
            (load_ack, Permission.IMPORT),
            (load, Permission.MANAGE_KEYS),
            (excel, Permission.EXPORT),
        ):
            self.gates.gate(button, permission)
        layout.addWidget(QLabel(_("Các gói đã xuất")))
        layout.addWidget(_table(self.model), 1)

    def reload(self) -> None:
        # an export cut off between writing a file and recording it: found when the page opens
        unfinished = bundle_writer.find_unrecorded(self.ctx.db)
        now = status.status(self.ctx.db)
        if now.waiting_changes == 0:
            waiting = _("Không có thay đổi nào đang chờ gửi.")
        else:
            waiting = _("Có {count} bản ghi thay đổi chưa xuất gói.").format(
                count=formats.quantity(now.waiting_changes)
            )
        last = (
            _("Lần tỉnh xác nhận gần nhất: {date}.").format(date=formats.date(now.last_ack_at[:10]))
            if now.last_ack_at
            else _("Tỉnh chưa gửi xác nhận nào.")
        )
        unacked = _("{count} bản ghi tỉnh chưa xác nhận đã nhận (sẽ có trong gói tới).").format(
            count=formats.quantity(now.unacknowledged_changes)
        )
        notes = "".join(f"<br><b>{html.escape(line)}</b>" for line in unfinished.lines())
        self.state.setText(f"<b>{waiting}</b><br>{unacked}<br>{last}{notes}")
        self.keys_label.setText(self._keys_text(now.province_loaded))
        self.gates.set_enabled(self.export_button, now.province_loaded)
        self.model.refresh()

    def _keys_text(self, loaded: bool) -> str:
        if not loaded:
            return _("Chưa nạp tệp thiết lập của tỉnh: chưa xuất được gói.")
        province = setup_file.loaded_setup(self.ctx.db)
        own = keys.fingerprint(keys.signing_public(self.ctx.db) or "")
        return _(
            "Tỉnh: {name}, dấu vân tay {province}. Dấu vân tay khóa ký của xã (đọc cho tỉnh qua "
            "điện thoại): <b>{own}</b>"
        ).format(
            name=province.province_name,
            province=keys.unbreakable(province.fingerprint),
            own=keys.unbreakable(own),
        )

    @guarded
    def load_setup(self) -> None:
        chosen = open_file(
            self, FileKind.SETUP, _("Chọn tệp thiết lập của tỉnh"), _("Tệp thiết lập (*.json)")
        )
        if chosen is None:
            return
        seen = setup_file.read_setup_file(self.ctx.db, chosen)
        old = setup_file.currently_loaded(self.ctx.db)
        replacing = old is not None and old.fingerprint != seen.fingerprint
        text = _(
            "Tệp thiết lập của {province}.<br>Dấu vân tay khóa của tỉnh: <b>{fingerprint}</b>"
            "<br><br>Hãy gọi điện cho Công an tỉnh, nghe họ đọc dấu vân tay và so từng ký tự. "
            "Chỉ bấm Chấp nhận khi trùng khớp."
        ).format(province=seen.province_name, fingerprint=keys.unbreakable(seen.fingerprint))
        if replacing:
            text += "<br><br>" + _(
                "<b>Chú ý:</b> tệp này thay khóa của tỉnh đã nạp trước (dấu vân tay {old}). Chỉ "
                "chấp nhận khi tỉnh báo đã đổi khóa."
            ).format(old=keys.unbreakable(old.fingerprint))
        if not self._accepts(text):
            return
        loaded = setup_file.load_setup_file(self.ctx.db, chosen, replace=replacing)
        self.ctx.notify_changed()
        if loaded.basis_notes:  # the campaigns' basis and plan the province sent
            QMessageBox.information(
                self, _("Căn cứ và kế hoạch của tỉnh"), "\n\n".join(loaded.basis_notes)
            )

    def _accepts(self, text: str) -> bool:
        """Accept or Reject, Reject by default: a key is trusted only by a deliberate click."""
        box = QMessageBox(
            QMessageBox.Icon.Question, _("Nạp tệp thiết lập của tỉnh"), text, parent=self
        )
        box.setObjectName("accept_setup")
        box.setTextFormat(Qt.TextFormat.RichText)
        accept = box.addButton(_("Chấp nhận"), QMessageBox.ButtonRole.AcceptRole)
        reject = box.addButton(_("Từ chối"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reject)
        box.exec()
        return box.clickedButton() is accept

    def export_bundle(self) -> None:
        ExportBundleDialog.ask(self.ctx, self)
        self.reload()

    @guarded
    def load_ack(self) -> None:
        chosen = open_file(
            self, FileKind.ACK, _("Chọn tệp xác nhận của tỉnh"), _("Tệp xác nhận (*.antq-ack)")
        )
        if chosen is not None:
            result = ack.import_ack(self.ctx.db, chosen)
            lines = [_("Tỉnh đã nhận đủ tới gói số {number}.").format(number=result.highest)]
            if result.missing:
                lines.append(
                    _(
                        "Tỉnh còn thiếu gói số: {numbers}. Bấm «Gửi lại gói tỉnh báo thiếu» để "
                        "ghi lại đúng các gói đó (không đổi) rồi gửi cho tỉnh."
                    ).format(numbers=", ".join(map(str, result.missing)))
                )
            QMessageBox.information(self, _("Đã nạp tệp xác nhận"), "\n\n".join(lines))
            if result.conflicts:
                self._settle_conflicts()
            self.ctx.notify_changed()

    def _settle_conflicts(self) -> None:
        """Each conflict with both versions side by side, and the choice (keep or take)."""
        if ack.open_conflicts(self.ctx.db):
            ConflictsDialog.ask(self.ctx, self)

    @guarded
    def reissue(self) -> None:
        """Write again, unchanged, the bundles the province's last ack lists as missing."""
        folder = choose_folder(self, FileKind.BUNDLE, _("Chọn ổ USB hoặc thư mục"))
        if folder is None:
            return
        written = copies.reissue(self.ctx.db, folder)
        QMessageBox.information(
            self,
            _("Đã ghi lại gói"),
            _("Đã ghi lại gói số {numbers} vào {folder}; hãy gửi cho tỉnh.").format(
                numbers=", ".join(str(w.number) for w in written), folder=folder
            ),
        )


@dataclass(frozen=True)
class GridRow:
    unit_code: str
    unit_name: str
    cells: tuple[str, ...]


def grid_columns(months: list[str]) -> list[Column]:
    columns = [Column("unit_code", _("Mã xã")), Column("unit_name", _("Tên xã"))]
    for index, month in enumerate(months):
        columns.append(
            Column(
                f"m{index}",
                formats.month(month),
                display=lambda row, i=index: _(LABELS[row.cells[i]]),
            )
        )
    return columns


# Cell colours of the completeness grid: đủ green, trễ amber, thiếu red, chưa tham gia grey.
GRID_COLOURS = {
    completeness.RECEIVED: "#d7f0d2",
    completeness.LATE: "#fbe7b5",
    completeness.MISSING: "#f6c9c4",
    completeness.GAP: "#f6c9c4",
    completeness.NOT_DUE: "",
    completeness.NOT_JOINED: "#e3e3e3",
}


class GridModel(RowsModel):
    """The completeness grid, each month's cell coloured by its state."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and index.column() >= 2:
            colour = GRID_COLOURS[self.row_at(index.row()).cells[index.column() - 2]]
            return QColor(colour) if colour else None
        return super().data(index, role)


def key_columns() -> list[Column]:
    labels = {
        register.ACTIVE: _("Đang dùng"),
        register.UNCONFIRMED: _("Chờ xác nhận"),
        register.REVOKED: _("Đã thu hồi"),
        register.RETIRED: _("Đã thay"),
    }
    return [
        Column("unit_code", _("Mã xã")),
        Column("unit_name", _("Tên xã")),
        Column("fingerprint", _("Dấu vân tay")),
        Column("status", _("Trạng thái"), display=lambda key: labels[key.status]),
        Column(
            "enrolled_at", _("Ngày đăng ký"), display=lambda k: formats.date(k.enrolled_at[:10])
        ),
    ]


class ProvinceSync(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.months = [f"{dt.date.today().year}-{m:02d}" for m in range(1, 13)]
        import_button = QPushButton(_("Nhập gói của các xã…"), objectName="import_bundles")
        import_button.clicked.connect(self.import_bundles)
        policy = QSizePolicy.Policy
        self.identity = QLabel(objectName="identity")
        self.identity.setTextFormat(Qt.TextFormat.RichText)
        # two short lines, never squeezed to one by the grid below on a 768-pixel screen
        self.identity.setSizePolicy(policy.Preferred, policy.Minimum)
        self.email_button = QPushButton(_("Đổi thư điện tử nhận gói…"), objectName="edit_email")
        self.email_button.clicked.connect(self.edit_email)
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)  # the waiting-rows sentence must not widen the window
        self.summary.setSizePolicy(policy.Preferred, policy.Minimum)
        self.orphans_button = QPushButton(
            _("Bản ghi xã không còn giữ…"), objectName="orphans_button"
        )
        self.orphans_button.clicked.connect(self.decide_orphans)
        self.rivals_button = QPushButton(
            _("Gói trùng số chờ quyết định…"), objectName="rivals_button"
        )
        self.rivals_button.clicked.connect(self.decide_rivals)
        self.grid_model = GridModel(grid_columns(self.months))
        grid_excel = QPushButton(_("Xuất Excel"), objectName="grid_excel")
        grid_excel.clicked.connect(
            lambda: ask_and_export(
                self, self.grid_model, _("Tình hình nhận gói"), "tinh-hinh-nhan-goi"
            )
        )
        self.keys_model = RowsModel(key_columns())
        self.keys_view = _table(self.keys_model)
        confirm = QPushButton(_("Xác nhận khóa…"), objectName="confirm_key")
        confirm.clicked.connect(self.confirm_key)
        revoke = QPushButton(_("Thu hồi khóa"), objectName="revoke_key")
        revoke.clicked.connect(self.revoke_key)
        enrol = QPushButton(_("Đăng ký khóa từ gói của xã…"), objectName="enrol_key")
        enrol.clicked.connect(self.enrol_key)
        write_setup = QPushButton(_("Ghi tệp thiết lập cho xã…"), objectName="write_setup")
        write_setup.clicked.connect(self.write_setup)
        write_ack = QPushButton(_("Ghi tệp xác nhận…"), objectName="write_ack")
        write_ack.clicked.connect(self.write_ack)
        keys_excel = QPushButton(_("Xuất Excel"), objectName="keys_excel")
        keys_excel.clicked.connect(
            lambda: ask_and_export(self, self.keys_model, _("Khóa của các xã"), "khoa-cac-xa")
        )
        grid_tab, keys_tab = QWidget(), QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        grid_layout.addWidget(self.summary)
        grid_view = _table(self.grid_model)
        grid_view.setObjectName("completeness_grid")
        grid_layout.addWidget(grid_view, 1)
        grid_layout.addLayout(_buttons(grid_excel, self.orphans_button, self.rivals_button))
        keys_layout = QVBoxLayout(keys_tab)
        keys_layout.addWidget(self.keys_view, 1)
        keys_layout.addLayout(_buttons(enrol, confirm, revoke, write_ack, keys_excel))
        tabs = QTabWidget()
        tabs.addTab(grid_tab, _("Tình hình nhận gói"))
        tabs.addTab(keys_tab, _("Khóa của các xã"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addLayout(_buttons(import_button, write_setup, self.email_button))
        layout.addWidget(tabs, 1)
        self.gates = Gates(ctx, self)
        for button, permission in (
            (import_button, Permission.IMPORT),
            (write_setup, Permission.MANAGE_KEYS),
            (self.email_button, Permission.MANAGE_KEYS),
            (self.orphans_button, Permission.IMPORT),
            (self.rivals_button, Permission.IMPORT),
            (enrol, Permission.MANAGE_KEYS),
            (confirm, Permission.MANAGE_KEYS),
            (revoke, Permission.MANAGE_KEYS),
            (write_ack, Permission.EXPORT),
            (grid_excel, Permission.EXPORT),
            (keys_excel, Permission.EXPORT),
        ):
            self.gates.gate(button, permission)

    def reload(self) -> None:
        grid = completeness.grid(self.ctx.db, self.months)
        self.grid_model.set_rows([GridRow(r.unit_code, r.unit_name, r.cells) for r in grid.rows])
        month = dt.date.today().strftime("%Y-%m")
        text = _(
            "Tháng {month}: {count}/{total} xã đã gửi gói; {never} xã chưa gửi gói nào."
        ).format(
            month=formats.month(month),
            count=grid.reported(month) if month in self.months else 0,
            total=len(grid.rows),
            never=len(grid.never_sent()),
        )
        waiting = orphans.pending_count(self.ctx.db)
        if waiting:
            text += " " + _(
                "{count} bản ghi tỉnh đang giữ mà xã không còn, chờ quyết định giữ hay xóa "
                "(bấm «Bản ghi xã không còn giữ…»)."
            ).format(count=waiting)
        held = rivals.pending_count(self.ctx.db)
        if held:
            text += " " + _(
                "{count} gói trùng số hoặc không nối tiếp đang được giữ riêng, chờ quyết định "
                "(bấm «Gói trùng số chờ quyết định…»)."
            ).format(count=held)
        self.summary.setText(text)
        self.gates.set_enabled(self.orphans_button, waiting > 0)
        self.gates.set_enabled(self.rivals_button, bool(rivals.listed(self.ctx.db, decided=True)))
        self.identity.setText(self._identity_text())
        self.keys_model.set_rows(register.all_keys(self.ctx.db))

    def _identity_text(self) -> str:
        """The province's own fingerprint (read to communes) and the address in its setup file."""
        own = keys.fingerprint(keys.signing_public(self.ctx.db) or "")
        email = office.get_meta(self.ctx.db, setup_file.EMAIL_KEY) or ""
        address = (
            _("Thư điện tử nhận gói (ghi trong tệp thiết lập cho xã): {email}.").format(
                email=html.escape(email)
            )
            if email
            else _("Chưa có thư điện tử nhận gói trong tệp thiết lập cho xã.")
        )
        fingerprint = _(
            "Dấu vân tay khóa ký của tỉnh (đọc cho xã qua điện thoại): <b>{fingerprint}</b>"
        ).format(fingerprint=keys.unbreakable(own))
        return f"{fingerprint}<br>{address}"

    @guarded
    def edit_email(self) -> None:
        current = office.get_meta(self.ctx.db, setup_file.EMAIL_KEY) or ""
        typed, ok = QInputDialog.getText(
            self,
            _("Thư điện tử nhận gói"),
            _(
                "Địa chỉ các xã gửi gói tới (để trống nếu không dùng thư điện tử). Sau khi đổi, "
                "hãy ghi lại tệp thiết lập và gửi cho các xã."
            ),
            text=current,
        )
        if ok and typed.strip() != current:
            setup_file.set_email(self.ctx.db, typed)
            self.ctx.notify_changed()

    def decide_orphans(self) -> None:
        OrphansDialog.ask(self.ctx, self)
        self.reload()

    def decide_rivals(self) -> None:
        RivalsDialog.ask(self.ctx, self)
        self.reload()

    def import_bundles(self) -> None:
        ImportBundlesDialog.ask(self.ctx, self)
        self.reload()

    @guarded
    def enrol_key(self) -> None:
        chosen = open_file(
            self, FileKind.BUNDLE, _("Chọn gói đầu tiên của xã"), _("Gói đồng bộ (*.antq)")
        )
        if chosen is not None:
            unit, public = bundle_reader.claimed_signer(
                textfile.read_bytes(chosen, archive.MAX_FILE)
            )
            key = register.enrol(self.ctx.db, unit, public)
            QMessageBox.information(
                self,
                _("Đã đăng ký khóa, chờ xác nhận"),
                _(
                    "Khóa của {name} có dấu vân tay {fingerprint}. Hãy gọi điện cho xã đối chiếu "
                    "rồi bấm Xác nhận khóa."
                ).format(
                    name=html.escape(key.unit_name), fingerprint=keys.unbreakable(key.fingerprint)
                ),
            )
            self.ctx.notify_changed()

    @guarded
    def write_setup(self) -> None:
        from desktop.ui.dialogs.province_setup import ask_and_write_setup

        path = ask_and_write_setup(self, self.ctx)
        if path is not None:
            QMessageBox.information(
                self, _("Đã ghi tệp thiết lập"), _("Đã ghi {path}.").format(path=path)
            )

    def _selected_key(self) -> register.EnrolledKey | None:
        rows = self.keys_view.selectionModel().selectedRows()
        return self.keys_model.row_at(rows[0].row()) if rows else None

    @guarded
    def confirm_key(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        typed, ok = QInputDialog.getText(
            self,
            _("Xác nhận khóa của xã"),
            _("Dấu vân tay xã đọc qua điện thoại (phải trùng {fingerprint}):").format(
                fingerprint=keys.unbreakable(key.fingerprint)
            ),
        )
        if ok and typed.strip():
            if not keys.same_fingerprint(typed, key.fingerprint):
                QMessageBox.warning(
                    self, _("Không khớp"), _("Dấu vân tay không khớp; khóa chưa được xác nhận.")
                )
                return
            current = register.active_key(self.ctx.db, key.unit_code)
            replace = current is not None and current.public_key != key.public_key
            if replace:
                asked = register.ReplacesKey(key.unit_code, current.fingerprint, key.fingerprint)
                answer = QMessageBox.question(
                    self,
                    _("Thay khóa của xã?"),
                    str(asked),
                    defaultButton=QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            register.confirm(self.ctx.db, key.unit_code, key.fingerprint, replace=replace)
            self.ctx.notify_changed()

    @guarded
    def revoke_key(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        answer = QMessageBox.question(
            self,
            _("Thu hồi khóa"),
            _("Thu hồi khóa của {name}? Gói ký bằng khóa này sẽ bị từ chối.").format(
                name=key.unit_name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            register.revoke(self.ctx.db, key.unit_code, key.fingerprint)
            self.ctx.notify_changed()

    @guarded
    def write_ack(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        folder = choose_folder(self, FileKind.ACK, _("Chọn nơi ghi tệp xác nhận"))
        if folder is not None:
            path = ack.write_ack(self.ctx.db, key.unit_code, folder)
            QMessageBox.information(
                self, _("Đã ghi tệp xác nhận"), _("Đã ghi {path}.").format(path=path)
            )


class SyncPage(Page):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        province = office.is_set_up(ctx.db) and office.self_unit(ctx.db).level == "province"
        self.body = ProvinceSync(ctx, self) if province else CommuneSync(ctx, self)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{self.nav_title()}</h2>")
        layout.addWidget(title)
        layout.addWidget(self.body, 1)

    def reload(self) -> None:
        self.body.reload()
