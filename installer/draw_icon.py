"""Draw the program's icon: resources/icons/antq-desk.png (window) and antq-desk.ico (Windows).

A yellow shield with a red star on a red rounded square: the movement protects the homeland.
It is drawn, not designed in an editor, so anyone can change it and run it again:

    .venv/bin/python installer/draw_icon.py

Pillow (already installed with reportlab) draws it 4x larger and scales it down, for smooth
edges; the .ico holds every size Windows asks for (16 px in Explorer lists, 256 px in tiles).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "icons"
SIZE = 256
SCALE = 4
RED = (200, 16, 46, 255)
DARK_RED = (140, 10, 30, 255)
YELLOW = (255, 205, 0, 255)
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (256, 256)]


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _shield(width: float, top: float, bottom: float) -> list[tuple[float, float]]:
    """A shield: straight top, straight sides to 55 %, then a curve to the point."""
    left, right, middle = (SIZE * SCALE - width) / 2, (SIZE * SCALE + width) / 2, SIZE * SCALE / 2
    shoulder = top + (bottom - top) * 0.55
    points = [(left, top), (right, top), (right, shoulder)]
    steps = 24
    for step in range(1, steps + 1):  # right side curving in to the point
        t = step / steps
        points.append((right - (right - middle) * t**1.6, shoulder + (bottom - shoulder) * t))
    for step in range(steps - 1, -1, -1):
        t = step / steps
        points.append((left + (middle - left) * t**1.6, shoulder + (bottom - shoulder) * t))
    return points


def draw() -> Image.Image:
    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=RED)
    pen.polygon(_shield(big * 0.70, big * 0.12, big * 0.90), fill=DARK_RED)
    pen.polygon(_shield(big * 0.62, big * 0.16, big * 0.85), fill=YELLOW)
    pen.polygon(_star(big / 2, big * 0.44, big * 0.22), fill=RED)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(FOLDER / "antq-desk.png", optimize=True)
    image.save(FOLDER / "antq-desk.ico", sizes=ICO_SIZES)
    print(f"wrote {FOLDER / 'antq-desk.png'} and {FOLDER / 'antq-desk.ico'}")


if __name__ == "__main__":
    main()
