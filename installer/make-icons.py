"""Render resources/icons/cityeval.svg into the PNG sizes the .deb installs and the Windows .ico.

Run after changing the SVG (the outputs are committed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make-icons.py
The .ico holds PNG images (the format Windows Vista and later read), so no image library is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"cannot encode a {size} px PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file: header, one directory entry per image, then the PNG data."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = len(head) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return head + entries + blobs


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "cityeval.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/cityeval.svg is not a valid SVG")
    for size in PNG_SIZES:
        (ICONS / f"cityeval-{size}.png").write_bytes(render(renderer, size))
    (ICONS / "cityeval.ico").write_bytes(ico({size: render(renderer, size) for size in ICO_SIZES}))
    print(f"wrote {len(PNG_SIZES)} PNGs and cityeval.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
