"""Regenerate the window's translation catalogue (zh_CN) from the source.

    .venv/bin/python desktop/i18n/update_translations.py

UI strings are written in Chinese and pass through ``self.tr`` in a Qt class, or elsewhere
``translate("context", "text")`` (``desktop.ui.widgets.i18n``) with both literal so that lupdate sees them.
``pyside6-lupdate`` collects them from every module of ``desktop/`` into
``cunwu_zh_CN.ts``; since the source language is the shipped one, each zh_CN translation
is its source text (filled in here, marked finished), and ``pyside6-lrelease`` compiles
``cunwu_zh_CN.qm``, which the window loads at start. ``qt_missing_zh_CN.ts`` (by hand: Qt's
own strings that Qt's catalogue leaves in English) is compiled here too. Another language is a copy of the
``.ts`` translated in Qt Linguist and compiled the same way (``cunwu_<locale>.qm``).
Strings that come from the register definitions (field and register names, rule
messages) are data, not UI text, and are not in this catalogue.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
DESKTOP = HERE.parent
TS = HERE / "cunwu_zh_CN.ts"
QM = HERE / "cunwu_zh_CN.qm"
# Qt's own strings its catalogue leaves in English (written by hand, compiled here too).
QT_MISSING_TS = HERE / "qt_missing_zh_CN.ts"
QT_MISSING_QM = HERE / "qt_missing_zh_CN.qm"


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def sources() -> list[Path]:
    return sorted(p for p in DESKTOP.rglob("*.py") if p.name != Path(__file__).name)


def drop_qt_contexts(ts: Path) -> int:
    """Remove messages filed under Qt's own classes (``QPlatformTheme`` …), such as the self-test's
    probe of Qt's catalogue. Ours is installed after Qt's and asked first: an identity entry
    there would turn Qt's 取消 back into Cancel. Returns how many contexts were removed."""
    tree = ET.parse(ts)
    root = tree.getroot()
    qt = [c for c in root.findall("context") if re.fullmatch(r"Q[A-Z]\w*", c.findtext("name") or "")]
    for context in qt:
        root.remove(context)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return len(qt)


def fill_identity(ts: Path) -> int:
    """zh_CN is the source language: every translation is its source. Returns how many were filled."""
    tree = ET.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        source = message.find("source")
        translation = message.find("translation")
        if source is None or translation is None:
            continue
        if translation.get("type") in ("unfinished", None) and not (translation.text or "").strip():
            translation.text = source.text
            filled += 1
        if translation.get("type") == "unfinished":
            del translation.attrib["type"]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> int:
    relative = [str(p.relative_to(DESKTOP.parent)) for p in sources()]
    subprocess.run([tool("pyside6-lupdate"), *relative, "-no-obsolete", "-locations", "none",
                    "-target-language", "zh_CN", "-ts", str(TS)], check=True, cwd=DESKTOP.parent)
    drop_qt_contexts(TS)
    print(f"{fill_identity(TS)} 条新字符串")
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    subprocess.run([tool("pyside6-lrelease"), str(QT_MISSING_TS), "-qm", str(QT_MISSING_QM)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
