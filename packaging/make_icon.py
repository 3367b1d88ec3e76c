"""Draw the application icon (a red ledger with the character 村) and write PNG and ICO files.

Run once by hand when the icon changes; the outputs are committed so that a build never
depends on the fonts of the build machine:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

Writes ``desktop/resources/cunwu.png`` (256 px, window icon and Linux ``.desktop`` icon)
and ``packaging/windows/cunwu.ico`` (16–256 px, the Windows executable and installer).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

ROOT = Path(__file__).resolve().parent.parent
PNG_OUT = ROOT / "desktop" / "resources" / "cunwu.png"
ICO_OUT = ROOT / "packaging" / "windows" / "cunwu.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#b71c1c")
PAPER = QColor("#fff8e7")
INK = QColor("#7f1010")
CJK_FAMILIES = ("WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "Noto Sans CJK SC")


def glyph_path(text: str, box: QRectF) -> QPainterPath | None:
    """The outline of ``text`` in a CJK font, scaled to fill ``box``; None without such a font."""
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), None)
    if family is None:
        return None
    font = QFont(family)
    font.setPixelSize(200)
    font.setBold(True)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, text)
    bounds = path.boundingRect()
    scale = min(box.width() / bounds.width(), box.height() / bounds.height())
    fit = QTransform()
    fit.translate(box.center().x(), box.center().y())
    fit.scale(scale, scale)
    fit.translate(-bounds.center().x(), -bounds.center().y())
    return fit.map(path)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    # the ledger's cover
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRoundedRect(QRectF(16, 8, 224, 240), 28, 28)
    # the page, with ruled lines on small sizes where a character would not be legible
    p.setBrush(PAPER)
    p.drawRoundedRect(QRectF(52, 32, 164, 192), 12, 12)
    # binding stripe along the spine
    p.setBrush(INK)
    p.drawRect(QRectF(16, 8, 22, 240).adjusted(0, 20, 0, -20))
    glyph = glyph_path("村", QRectF(66, 52, 136, 152)) if size >= 32 else None
    if glyph is not None:
        p.setBrush(RED)
        p.drawPath(glyph)
    else:
        p.setPen(QPen(INK, 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (76, 116, 156, 196):
            p.drawLine(QPointF(80, y), QPointF(188, y))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file whose entries are PNG images (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    PNG_OUT.parent.mkdir(parents=True, exist_ok=True)
    PNG_OUT.write_bytes(png_bytes(draw(256)))
    ICO_OUT.parent.mkdir(parents=True, exist_ok=True)
    ICO_OUT.write_bytes(ico_bytes([png_bytes(draw(s)) for s in ICO_SIZES], ICO_SIZES))
    print(f"{PNG_OUT.relative_to(ROOT)}, {ICO_OUT.relative_to(ROOT)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
