"""Render the app icon from its SVG source into every format the installers need.

    .venv/bin/python build/make_icons.py

Reads resources/icons/twitchdesk.svg and writes, next to it:
- twitchdesk.png (256 px: window icon fallback, Linux hicolor/256x256) and twitchdesk-512.png;
- twitchdesk.ico (16-256 px, Windows executable and installer);
- twitchdesk.icns (32-1024 px, macOS bundle).
Each size is rendered from the vector source with Qt's QSvgRenderer (offscreen), so small sizes
are drawn, not shrunk from a big bitmap. Pillow writes the .ico and .icns. Run it after
changing the SVG and commit the outputs: the installer build uses them as they are.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "twitchdesk.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)


def render_png(size: int) -> bytes:
    """The SVG drawn at size x size pixels, as PNG bytes (transparent background)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    sizes = sorted(set(ICO_SIZES) | set(ICNS_SIZES))
    images = {size: Image.open(io.BytesIO(render_png(size))).convert("RGBA") for size in sizes}

    written = []
    for name, size in (("twitchdesk.png", 256), ("twitchdesk-512.png", 512)):
        images[size].save(ICONS / name, optimize=True)
        written.append(name)
    biggest_ico = images[max(ICO_SIZES)]
    biggest_ico.save(
        ICONS / "twitchdesk.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    written.append("twitchdesk.ico")
    biggest_icns = images[max(ICNS_SIZES)]
    biggest_icns.save(
        ICONS / "twitchdesk.icns",
        append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)],
    )
    written.append("twitchdesk.icns")
    for name in written:
        path = ICONS / name
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
