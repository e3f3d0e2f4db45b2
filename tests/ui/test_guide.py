"""Trợ giúp → Hướng dẫn sử dụng opens the offline Vietnamese guide, screenshots included."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_the_provinces_part_has_its_own_pictures_drawn_by_the_script():
    """Import, the completeness grid and the consolidated report, each a picture the
    screenshot script takes from the real program (no picture is drawn by hand)."""
    html = resource_path(*GUIDE).read_text(encoding="utf-8")
    province_part = html[html.index('<h2 id="tinh">') :]
    pictures = re.findall(r'<img src="img/([^"]+)\.png"', province_part)
    assert pictures == ["10-tinh-nhap-goi", "11-tinh-tinh-hinh-nhan-goi", "12-tinh-tong-hop"]
    script = Path(__file__).parents[2].joinpath("tools", "guide_screenshots.py")
    drawn = set(re.findall(r'"(\d\d-[a-z-]+)"', script.read_text(encoding="utf-8")))
    every = re.findall(r'<img src="img/([^"]+)\.png"', html)
    assert set(every) <= drawn
    for step in ("Nhập gói của các xã", "Tình hình nhận gói", "Báo cáo tổng hợp theo xã"):
        assert step in province_part


def test_the_screenshot_script_draws_the_provinces_part(qtbot, tmp_path):
    """`make guide-shots` keeps working: a province imports three communes' bundles and the
    import dialog, the grid and the consolidated report are drawn (offscreen here)."""
    import importlib.util

    from PySide6.QtGui import QImage

    from db import open_database
    from desktop.core import demo

    script = Path(__file__).parents[2].joinpath("tools", "guide_screenshots.py")
    spec = importlib.util.spec_from_file_location("guide_screenshots", script)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    commune = open_database(tmp_path / "xa.sqlite3")
    demo.create_demo_commune(commune, people=40, events=5)
    tool.province_part(tmp_path, commune, tmp_path)
    commune.close()
    for name in ("10-tinh-nhap-goi", "11-tinh-tinh-hinh-nhan-goi", "12-tinh-tong-hop"):
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull() and image.width() >= 600, name
