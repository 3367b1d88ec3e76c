"""The CJK font for printing, chosen so that the PDF's text layer gives back what was printed.

Qt's PDF writer embeds a subset of the font and writes a ToUnicode map that it builds by
asking, for every code point from U+0000 up, which glyph the font uses, and keeping the
*first* code point found for each glyph. A font that draws 一 (U+4E00) and the Kangxi
radical ⼀ (U+2F00) with one glyph (Noto Sans CJK does) therefore produces a PDF whose
copied text says ⼀ where the page shows 一: names no longer match when searched.
:func:`text_layer_problems` repeats Qt's rule for the characters of a book, so a font is
only used when every character comes back as itself.

Preferred fonts: WenQuanYi Micro Hei on Linux (Debian package fonts-wqy-microhei; loaded
from its file when fontconfig does not list it), Microsoft YaHei, SimSun, SimHei, DengXian
on Windows. Noto CJK is never chosen. No font is shipped (see docs/decisions.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

PREFERRED_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "微软雅黑",
    "SimSun",
    "宋体",
    "SimHei",
    "黑体",
    "DengXian",
    "等线",
)
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
)
# Fonts known to map radicals and ideographs to one glyph (see the module docstring).
AVOID = ("Noto Sans CJK", "Noto Serif CJK", "Source Han")


class FontMissing(RuntimeError):
    """No usable CJK font; the message says what to install."""


@dataclass(frozen=True)
class FontChoice:
    family: str
    # characters the text layer would not give back exactly: (printed, copied as)
    problems: tuple[tuple[str, str], ...] = field(default=())

    @property
    def warning(self) -> str:
        if not self.problems:
            return ""
        shown = "、".join(f"“{a}”→“{b or '？'}”" for a, b in self.problems[:10])
        return f"字体“{self.family}”无法在 PDF 文本层中准确还原以下字符（打印效果不受影响）：{shown}"


@cache
def _load_font_files() -> tuple[str, ...]:
    families: list[str] = []
    for path in FONT_FILES:
        if Path(path).exists():
            font_id = QFontDatabase.addApplicationFont(path)
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(families)


def candidate_families() -> list[str]:
    """Installed preferred families in order of preference."""
    installed = set(QFontDatabase.families())
    if not installed & {"WenQuanYi Micro Hei"} and sys.platform != "win32":
        installed |= set(_load_font_files())
    return [f for f in PREFERRED_FAMILIES if f in installed]


def _raw_font(family: str) -> QRawFont | None:
    font = QFont(family)
    font.setPixelSize(64)
    raw = QRawFont.fromFont(font)
    if not raw.isValid() or raw.familyName().startswith(AVOID):
        return None
    return raw


@cache
def _first_code_points(family: str, limit: int) -> tuple[dict[int, int], list[int]]:
    """Glyph → lowest BMP code point that uses it (as Qt's ToUnicode map), and each code point's glyph."""
    raw = _raw_font(family)
    if raw is None:
        return {}, []
    codes = [c for c in range(limit) if not 0xD800 <= c < 0xE000]
    glyphs = raw.glyphIndexesForString("".join(map(chr, codes)))
    by_code = [0] * limit
    first: dict[int, int] = {}
    for code, glyph in zip(codes, glyphs, strict=False):
        by_code[code] = glyph
        if glyph and glyph not in first:
            first[glyph] = code
    return first, by_code


def text_layer_problems(family: str, text: str) -> list[tuple[str, str]]:
    """Characters of ``text`` whose copied text from a Qt PDF in ``family`` would differ."""
    chars = sorted({ch for ch in text if not ch.isspace()})
    if not chars:
        return []
    first, by_code = _first_code_points(family, 0x10000)
    if not by_code:
        return [(ch, "") for ch in chars]
    problems = []
    for ch in chars:
        code = ord(ch)
        if code >= 0x10000:
            problems.append((ch, ""))  # Qt maps only the BMP
            continue
        glyph = by_code[code]
        if glyph == 0:
            problems.append((ch, ""))  # drawn by a fallback font, or not at all
        elif first[glyph] != code:
            problems.append((ch, chr(first[glyph])))
    return problems


def choose_font(text: str) -> FontChoice:
    """The first preferred font that gives every character of ``text`` back exactly; if
    none does, the one with the fewest problems (and a warning saying which)."""
    families = candidate_families()
    if not families:
        raise FontMissing("找不到可用于打印的中文字体。Linux 请安装 fonts-wqy-microhei（文泉驿微米黑）；"
                          "Windows 请确认系统字体“微软雅黑”或“宋体”未被删除。")
    best: FontChoice | None = None
    for family in families:
        problems = text_layer_problems(family, text)
        choice = FontChoice(family, tuple(problems))
        if not problems:
            return choice
        if best is None or len(problems) < len(best.problems):
            best = choice
    assert best is not None
    return best
