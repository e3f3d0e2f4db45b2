"""Trợ giúp → Hướng dẫn sử dụng: the offline user guide shipped in resources/guide.

The guide is Vietnamese HTML with screenshots made from the real program
(tools/guide_screenshots.py), shown in the program itself: no browser, no Internet.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.paths import resource_path
from desktop.ui.screen import fits_screen

GUIDE = ("guide", "huong-dan.html")


class GuideDialog(QDialog):
    """The user guide, readable beside the main window."""

    def __init__(self, parent=None):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.setWindowTitle(_("Hướng dẫn sử dụng"))
        page = resource_path(*GUIDE)
        if not page.is_file():
            raise UserError(
                _("Không tìm thấy tệp hướng dẫn {path}: hãy cài lại phần mềm.").format(path=page),
                f"guide missing at {page}",
            )
        self.browser = QTextBrowser(objectName="guide")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(page)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(900, 700)  # bounded by the screen when shown

    @classmethod
    def show_guide(cls, parent=None) -> GuideDialog:
        """Open the guide without blocking the window: an officer reads and works together."""
        dialog = cls(parent)
        dialog.setModal(False)
        dialog.show()
        return dialog
