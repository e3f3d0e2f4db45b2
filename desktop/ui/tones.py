"""Text colours that stay readable on a light and on a dark palette (Windows dark mode).

Windows 10/11 in dark mode gives Qt a dark palette: white text on a near-black window. A widget
that sets only a background (white) shows white on white there, and a fixed dark grey or brown
text sinks into the dark window. So a widget either takes both colours from the palette, or
asks here for a colour chosen against the palette in use when it is built.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# Grey of explanatory text: this share of the window colour mixed into the text colour
# (#555 on the light palette, a light grey on a dark one).
MUTED_SHARE = 0.35
WARNING_LIGHT, WARNING_DARK = "#8a4b00", "#f0b050"


def palette() -> QPalette:
    return QApplication.palette()


def is_dark(colours: QPalette | None = None) -> bool:
    """A palette whose window is darker than its text (dark mode, a dark high-contrast theme)."""
    colours = colours or palette()
    window = colours.color(QPalette.ColorRole.Window)
    text = colours.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def muted(colours: QPalette | None = None) -> QColor:
    """The text colour moved towards the window colour: quieter, still readable."""
    colours = colours or palette()
    text = colours.color(QPalette.ColorRole.WindowText)
    window = colours.color(QPalette.ColorRole.Window)
    keep = 1 - MUTED_SHARE
    return QColor(
        round(text.red() * keep + window.red() * MUTED_SHARE),
        round(text.green() * keep + window.green() * MUTED_SHARE),
        round(text.blue() * keep + window.blue() * MUTED_SHARE),
    )


def pick(light: str, dark: str) -> str:
    """One of two colours made for a light and a dark window, for the palette in use."""
    return dark if is_dark() else light


def error_style() -> str:
    """The red of error messages (next to fields, in the sign-in dialog)."""
    return f"color: {pick('#b3261e', '#ff8a80')};"


def good_style() -> str:
    """Green for a check that passed."""
    return f"color: {pick('#1b6e20', '#81c995')}; font-weight: 600;"


def muted_style() -> str:
    return f"color: {muted().name()};"


def warning_style() -> str:
    """Bold brown on a light window, amber on a dark one."""
    return f"color: {pick(WARNING_LIGHT, WARNING_DARK)}; font-weight: bold;"


# A box that stands out from the window (the escrow key): the colours of a text field.
FIELD_BOX_STYLE = (
    "background: palette(base); color: palette(text); padding: 6px; border: 1px solid palette(mid);"
)
