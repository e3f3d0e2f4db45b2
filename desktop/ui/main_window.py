"""The main window: navigation, the campaign chooser and the pages. It only assembles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.core import campaigns, office
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.ui.account_menu import AccountMenu
from desktop.ui.context import AppContext
from desktop.ui.dialogs.backup import add_backup_actions
from desktop.ui.pages import page_classes
from desktop.ui.widgets import fill_combo


def _required_permission(page_type: type) -> Permission | None:
    needed = getattr(page_type, "required_permission", None)
    return needed() if needed is not None else None


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        unit = office.self_unit(ctx.db)
        self.setWindowTitle(f"{APP_NAME} — {unit.place}")
        self.resize(1280, 800)
        self.page_types = self._allowed_pages()
        self._built: dict[int, QWidget] = {}
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        self._build_body()
        self._build_toolbar()
        self._build_menu()
        self.statusBar().showMessage(
            _("{place} — dữ liệu: {path}").format(place=unit.place, path=ctx.db_path or ":memory:")
        )
        self.nav.setCurrentRow(0)
        ctx.actor_changed.connect(self._rebuild_navigation)

    def _build_body(self) -> None:
        for page_type in self.page_types:
            self.nav.addItem(page_type.nav_title())
            self.stack.addWidget(QWidget())  # replaced by the page when it is first shown
        self.nav.setFixedWidth(190)
        self.nav.currentRowChanged.connect(
            lambda row: self.stack.setCurrentWidget(self.page_at(row))
        )
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Kế hoạch"))
        bar.setMovable(False)
        bar.addWidget(QLabel(_("Kế hoạch: ")))
        self.campaign_combo = QComboBox()
        self.campaign_combo.setMinimumWidth(420)
        bar.addWidget(self.campaign_combo)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.reload_campaigns()
        self.campaign_combo.currentIndexChanged.connect(
            lambda _i: self.ctx.set_campaign(self.campaign_combo.currentData())
        )

    def reload_campaigns(self) -> None:
        items = [(c.uid, c.title) for c in campaigns.list_campaigns(self.ctx.db)]
        fill_combo(self.campaign_combo, items, keep=False)
        index = self.campaign_combo.findData(self.ctx.campaign_uid)
        self.campaign_combo.setCurrentIndex(max(index, 0))

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Tệp"))
        self.account_menu = AccountMenu(self, self.ctx, file_menu)
        add_backup_actions(self, file_menu)
        quit_action = QAction(_("Thoát"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.go_menu = self.menuBar().addMenu(_("&Xem"))
        self._fill_go_menu()
        help_menu = self.menuBar().addMenu(_("Trợ &giúp"))
        about = QAction(_("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _fill_go_menu(self) -> None:
        self.go_menu.clear()
        for row, page_type in enumerate(self.page_types):
            action = QAction(page_type.nav_title(), self, shortcut=QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _c=False, r=row: self.nav.setCurrentRow(r))
            self.go_menu.addAction(action)

    def _allowed_pages(self) -> list[type]:
        """The pages the signed-in role may open (`Page.required_permission`)."""
        return [
            page_type
            for page_type in page_classes()
            if (needed := _required_permission(page_type)) is None or self.ctx.can(needed)
        ]

    def _rebuild_navigation(self) -> None:
        """After another person signs in: show the pages their role allows, keep built ones."""
        allowed = self._allowed_pages()
        if allowed == self.page_types:
            return
        shown = type(self.stack.currentWidget())
        built = {type(page): page for page in self._built.values()}
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            if widget not in built.values() or type(widget) not in allowed:
                widget.deleteLater()
        self.page_types, self._built = allowed, {}
        for row, page_type in enumerate(allowed):
            self.nav.addItem(page_type.nav_title())
            page = built.get(page_type)
            self.stack.addWidget(page or QWidget())
            if page is not None:
                self._built[row] = page
        self.nav.blockSignals(False)
        self._fill_go_menu()
        self.nav.setCurrentRow(allowed.index(shown) if shown in allowed else 0)
        self.stack.setCurrentWidget(self.page_at(self.nav.currentRow()))

    @property
    def pages(self) -> list[QWidget]:
        """The pages built so far, in navigation order."""
        return [self._built[row] for row in sorted(self._built)]

    def page_at(self, row: int) -> QWidget:
        """The page of this row, built when first needed: start-up builds only the first one."""
        page = self._built.get(row)
        if page is None:
            page = self._built[row] = self.page_types[row](self.ctx)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    def show_page(self, page_type: type) -> QWidget:
        """Switch to the page of this type and return it."""
        for row, candidate in enumerate(self.page_types):
            if issubclass(candidate, page_type):
                self.nav.setCurrentRow(row)
                return self.page_at(row)
        raise LookupError(page_type)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("Giới thiệu {app}").format(app=APP_NAME),
            _(
                "{app} {version}\n\nGhi chép phong trào toàn dân bảo vệ an ninh Tổ quốc cho "
                "Công an xã, phường.\nPhần mềm tự do theo giấy phép GNU GPL phiên bản 3 trở lên."
            ).format(app=APP_NAME, version=__version__),
        )
