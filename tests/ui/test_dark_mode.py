"""Windows dark mode: every label stays readable when Qt is handed a dark palette.

On Windows 10/11 in dark mode Qt runs with a dark palette (white text on a near-black window);
the fixture hands the application the same palette. Each label is painted (QWidget.grab) and
its text colour measured against its own background, as a user would see it (WCAG contrast;
4.5:1 is the minimum for body text).
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard

from desktop.core import accounts
from desktop.ui import tones
from desktop.ui.dialogs.first_run import FirstRunWizard
from desktop.ui.dialogs.sign_in import SignInDialog
from desktop.ui.idle_lock import Curtain
from desktop.ui.pages.overview import OverviewPage

MINIMUM = 4.5
R = QPalette.ColorRole
# Windows 11's dark palette as Qt 6 reads it from the system.
WINDOWS_DARK = {
    R.Window: "#1e1e1e",
    R.WindowText: "#ffffff",
    R.Base: "#2d2d2d",
    R.AlternateBase: "#353535",
    R.Text: "#ffffff",
    R.Button: "#2d2d2d",
    R.ButtonText: "#ffffff",
    R.PlaceholderText: "#a0a0a0",
    R.Highlight: "#0078d4",
    R.HighlightedText: "#ffffff",
    R.ToolTipBase: "#2d2d2d",
    R.ToolTipText: "#ffffff",
    R.Light: "#454545",
    R.Midlight: "#3a3a3a",
    R.Mid: "#5a5a5a",
    R.Dark: "#151515",
    R.Shadow: "#000000",
    R.BrightText: "#ffffff",
    R.Link: "#4cc2ff",
}


@pytest.fixture(params=["dark", "light"])
def scheme(request, qapp):
    """The application's palette as Windows gives it in dark mode, and the default light one."""
    before = QApplication.palette()
    if request.param == "dark":
        dark = QPalette()
        for role, colour in WINDOWS_DARK.items():
            dark.setColor(role, QColor(colour))
        QApplication.setPalette(dark)
    yield request.param
    QApplication.setPalette(before)


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.red(), colour.green(), colour.blue()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(label: QLabel, screen: QImage) -> float:
    """Contrast of the label's text with what is painted behind it (border and padding left out).

    `screen` is the label's window as painted: a label draws on its parent's background.
    """
    inside = label.contentsRect().translated(label.mapTo(label.window(), QPoint(0, 0)))
    counts = Counter(
        screen.pixel(x, y)
        for y in range(inside.top(), inside.bottom() + 1)
        for x in range(inside.left(), inside.right() + 1)
    )
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(pixel), background) for pixel in counts)


def unreadable(widget: QWidget) -> list[str]:
    """The shown labels with text whose contrast is below the minimum, with what they say."""
    screen = widget.window().grab().toImage()
    found = []
    for label in widget.findChildren(QLabel):
        if label.isVisible() and label.text() and label.pixmap().isNull():
            ratio = text_contrast(label, screen)
            if ratio < MINIMUM:
                found.append(f"{ratio:.1f}: {label.objectName()} {label.text()[:50]!r}")
    return found


def _province_wizard(qtbot, ctx) -> FirstRunWizard:
    wizard = FirstRunWizard(None, ctx)
    qtbot.addWidget(wizard)
    wizard.resize(900, 650)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.welcome.province.setChecked(True)
    wizard.next()
    return wizard


def test_the_province_set_up_pages_are_readable(qtbot, scheme, empty_ctx):
    wizard = _province_wizard(qtbot, empty_ctx)
    page = wizard.province_page
    assert unreadable(page) == []
    page.province.setCurrentIndex(page.province.findData("91"))
    page.passphrase.setText("mat-khau-tinh-2026")
    page.repeat.setText("mat-khau-tinh-2026")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    escrow = wizard.currentPage()
    assert escrow.identity.isVisible() and escrow.identity.text().startswith("AGE-SECRET-KEY-")
    assert unreadable(escrow) == []  # the key was white on white
    escrow.printed.setChecked(True)
    wizard.next()
    assert unreadable(wizard.currentPage()) == []


def test_the_sign_in_dialog_and_its_keyboard_reminder_are_readable(qtbot, scheme, ctx):
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", "mat-khau-dai")
    accounts.sign_out(ctx.db)
    dialog = SignInDialog(None, ctx, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unreadable(dialog) == []
    dialog.password.setText("mat-khau-đai")  # typed with Telex on
    dialog.accept()
    assert dialog.message.isVisible()
    assert unreadable(dialog) == []


def test_the_overview_cards_are_readable(qtbot, scheme, ctx):
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    assert unreadable(page) == []


def test_the_lock_curtain_is_readable(qtbot, scheme):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    curtain = Curtain(window)
    assert unreadable(curtain) == []


def test_muted_text_is_the_old_grey_on_the_light_palette(scheme):
    if scheme == "light":
        window = QApplication.palette().color(R.Window)
        assert contrast(tones.muted(), window) >= MINIMUM
    assert tones.is_dark() == (scheme == "dark")


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_audit_check_and_the_accounts_page_are_readable(qtbot, scheme, ctx):
    from desktop.ui.pages.accounts import AccountsPage
    from desktop.ui.pages.audit import AuditPage

    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", "mat-khau-dai")
    assert unreadable(_shown(qtbot, AccountsPage(ctx))) == []
    audit_page = _shown(qtbot, AuditPage(ctx))
    audit_page.check_integrity()
    assert "nguyên vẹn" in audit_page.check_label.text()
    assert unreadable(audit_page) == []
    ctx.db.conn.execute("DROP TRIGGER audit_no_update")  # someone edits the file outside
    ctx.db.conn.execute("UPDATE audit SET actor = 'khac'")
    audit_page.check_integrity()
    assert "bị can thiệp" in audit_page.check_label.text()
    assert unreadable(audit_page) == []


def test_the_restore_dialogs_warning_is_readable(qtbot, scheme, file_ctx):
    from desktop.ui.dialogs.backup import RestoreDialog

    dialog = _shown(qtbot, RestoreDialog(file_ctx))
    dialog.warning.setText("Bản sao lưu này không phải của xã đang dùng.")
    dialog.warning.show()
    assert unreadable(dialog) == []
