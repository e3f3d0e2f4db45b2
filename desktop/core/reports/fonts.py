"""The report font: Liberation Serif (Times metrics, full Vietnamese, SIL OFL 1.1), embedded.

Times New Roman may not be redistributed, so the PDFs embed the Liberation Serif files shipped in
resources/fonts/. Registering is idempotent and cheap after the first call.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.paths import resource_path

FAMILY = "ANTQSerif"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    FAMILY,
    f"{FAMILY}-Bold",
    f"{FAMILY}-Italic",
    f"{FAMILY}-BoldItalic",
)
_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}


@cache
def register() -> str:
    """Register the four faces with reportlab (once) and return the family name."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY


def missing_glyphs(text: str, face: str = REGULAR) -> set[str]:
    """The characters of `text` the face has no glyph for (white space aside)."""
    register()
    char_map = pdfmetrics.getFont(face).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in char_map}
