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
from desktop.ui.account_menu import AccountMenu
from desktop.ui.context import AppContext
from desktop.ui.dialogs.backup import add_backup_actions
from desktop.ui.errors import guarded
from desktop.ui.pages import PAGES, PageEntry, entry_of, shortcut
from desktop.ui.screen import fits_screen
from desktop.ui.widgets import fill_combo


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        unit = office.self_unit(ctx.db)
        self.setWindowTitle(f"{APP_NAME} — {unit.place}")
        self.resize(1280, 800)
        self.entries = self._allowed_pages()
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
        for entry in self.entries:
            self.nav.addItem(entry.title())
            self.stack.addWidget(QWidget())  # replaced by the page when it is first shown
        longest = max(
            (self.nav.fontMetrics().horizontalAdvance(e.title()) for e in self.entries), default=0
        )
        self.nav.setFixedWidth(min(190, longest + 40))  # room for the pages on 1024×768 at 125 %
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
        guide = QAction(
            _("Hướng dẫn sử dụng"), self, shortcut=QKeySequence.StandardKey.HelpContents
        )
        guide.setObjectName("guide_action")
        guide.triggered.connect(self.open_guide)
        help_menu.addAction(guide)
        about = QAction(_("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _fill_go_menu(self) -> None:
        self.go_menu.clear()
        for row, entry in enumerate(self.entries):
            action = QAction(entry.title(), self, shortcut=QKeySequence(shortcut(row)))
            action.triggered.connect(lambda _c=False, r=row: self.nav.setCurrentRow(r))
            self.go_menu.addAction(action)

    def _allowed_pages(self) -> list[PageEntry]:
        """The pages the signed-in role may open (their entry's permission)."""
        return [e for e in PAGES if e.permission is None or self.ctx.can(e.permission)]

    def _rebuild_navigation(self) -> None:
        """After another person signs in: show the pages their role allows, keep built ones."""
        allowed = self._allowed_pages()
        if allowed == self.entries:
            return
        shown = self.entries[self.nav.currentRow()] if self.nav.currentRow() >= 0 else None
        built = {self.entries[row]: page for row, page in self._built.items()}
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            kept = any(page is widget and entry in allowed for entry, page in built.items())
            if not kept:
                widget.deleteLater()
        self.entries, self._built = allowed, {}
        for row, entry in enumerate(allowed):
            self.nav.addItem(entry.title())
            page = built.get(entry)
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
        """The page of this row, built when first needed: start-up loads and builds only the
        first one (a page's module is imported then, too)."""
        page = self._built.get(row)
        if page is None:
            page = self._built[row] = self.entries[row].load()(self.ctx)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    def show_page(self, page: type | PageEntry) -> QWidget:
        """Switch to this page (its class or its entry) and return it."""
        entry = page if isinstance(page, PageEntry) else entry_of(page)
        if entry not in self.entries:
            raise LookupError(entry.class_name)
        row = self.entries.index(entry)
        self.nav.setCurrentRow(row)
        return self.page_at(row)

    @guarded
    def open_guide(self, *_args) -> None:
        """Trợ giúp → Hướng dẫn sử dụng (F1): the offline guide, beside the window."""
        from desktop.ui.dialogs.guide import GuideDialog

        self.guide = GuideDialog.show_guide(self)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("Giới thiệu {app}").format(app=APP_NAME),
            _(
                "{app} {version}\n\nGhi chép phong trào toàn dân bảo vệ an ninh Tổ quốc cho "
                "Công an xã, phường.\nPhần mềm tự do theo giấy phép GNU GPL phiên bản 3 trở lên."
            ).format(app=APP_NAME, version=__version__),
        )
