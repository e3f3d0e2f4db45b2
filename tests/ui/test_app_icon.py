"""The program's icon: every window shows it (title bar, taskbar, Alt+Tab)."""

from __future__ import annotations

from desktop.ui.app import make_application


def test_the_application_has_the_drawn_icon(qapp):
    app = make_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(32, 32).toImage()
    assert image.width() == 32
    # the red of the square and the yellow of the shield (installer/draw_icon.py)
    assert image.pixelColor(3, 16).red() > 150 and image.pixelColor(3, 16).green() < 60
    assert image.pixelColor(9, 9).green() > 150
