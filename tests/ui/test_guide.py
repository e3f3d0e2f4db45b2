"""Trợ giúp → Hướng dẫn sử dụng opens the offline Vietnamese guide, screenshots included."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QTextDocument

from desktop.core.paths import resource_path
from desktop.ui.dialogs.guide import GUIDE
from desktop.ui.main_window import MainWindow


def test_the_help_menu_opens_the_guide_with_its_pictures(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.findChild(QAction, "guide_action").trigger()
    guide = window.guide
    qtbot.addWidget(guide)
    qtbot.waitExposed(guide)
    assert guide.windowTitle() == "Hướng dẫn sử dụng"
    text = guide.browser.toPlainText()
    for step in ("Ghi một sự kiện", "In báo cáo", "Xuất gói đồng bộ", "Công an tỉnh", "Nhập gói"):
        assert step in text
    document = guide.browser.document()
    html = resource_path(*GUIDE).read_text(encoding="utf-8")
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 8
    for src in pictures:
        assert resource_path("guide", src).is_file(), src  # shipped with the program
        image = document.resource(QTextDocument.ResourceType.ImageResource, src)
        assert image is not None and not image.isNull(), src  # and shown


def test_the_guide_says_how_to_switch_language_and_what_stays_vietnamese():
    html = resource_path(*GUIDE).read_text(encoding="utf-8")
    assert "ANTQ_LANG=en" in html
    assert "cố ý giữ\nnguyên tiếng Việt" in html or "cố ý giữ nguyên tiếng Việt" in html
