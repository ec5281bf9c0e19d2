"""Render the app icon from its one SVG source into every format the packages need.

The SVG in resources/icons/ is the only hand-made file; the PNGs (Linux, Qt window icon),
the .ico (Windows) and the .icns (macOS) are derived from it here, so that a change to the
drawing is one edit plus one run:

    .venv/bin/python packaging/render_icons.py

Qt draws each size straight from the vector (no down-scaling of a big bitmap), offscreen, so
no display is needed. Pillow, a build-only dependency, is imported only to pack the .ico
and .icns. The output is deterministic: the same SVG gives byte-identical files.
"""

from __future__ import annotations

import os
import sys
from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "sourcing-workshop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # all Pillow stores in an .icns (16@2x … 512@2x)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn antialiased on a transparent square of `size` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    """`image` encoded as PNG by Qt (no timestamp or other varying chunk)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    return bytes(buffer.data().data())


def write_if_changed(path: Path, data: bytes) -> None:
    """Write `data` to `path`, leaving an identical file untouched (keeps its mtime)."""
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    print(f"{path.relative_to(ICONS.parent.parent)}  {len(data)} bytes")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    pngs = {size: png_bytes(render(renderer, size))
            for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}

    out = ICONS / "png"
    out.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        write_if_changed(out / f"sourcing-workshop-{size}.png", pngs[size])

    try:
        from PIL import Image
    except ImportError:
        print("Pillow is missing, so the .ico and .icns were not written; install it with\n"
              "    .venv/bin/python -m pip install pillow", file=sys.stderr)
        return 1
    images = {size: Image.open(BytesIO(data)) for size, data in pngs.items()}
    for suffix, sizes in ((".ico", ICO_SIZES), (".icns", ICNS_SIZES)):
        largest, *others = (images[size] for size in sorted(sizes, reverse=True))
        buffer = BytesIO()
        largest.save(buffer, format=suffix[1:].upper(), sizes=[(s, s) for s in sizes],
                     append_images=others)
        write_if_changed(ICONS / f"sourcing-workshop{suffix}", buffer.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
