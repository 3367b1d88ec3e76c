"""Language and fonts: Qt translators (ours and Qt's own zh_CN), the Chinese locale, a CJK font.

UI strings are written in Chinese in the source (the shipped language) and all pass through
Qt's translation system, so a new language is one ``.ts`` file translated with Qt Linguist
and compiled to ``desktop/i18n/cunwu_<locale>.qm``; no code changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"  # desktop/i18n
DEFAULT_LANGUAGE = "zh_CN"
# The first installed family wins. Windows 7–11 ship 微软雅黑; Linux offices usually have
# WenQuanYi or Noto; macOS has PingFang.
FONT_CHOICES = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "SimHei", "SimSun"),
    "darwin": ("PingFang SC", "Heiti SC", "STHeiti"),
    "linux": ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
              "WenQuanYi Zen Hei", "Droid Sans Fallback"),
}
# 10 pt is a comfortable reading size on a 1366×768 office screen at 96 dpi.
FONT_POINT_SIZE = 10.0


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` for code outside a Qt class (module-level functions, tables).

    Write both as literals, ``translate("extras", "打印台账…")``: lupdate collects such calls, and
    files them under that context. A wrapper that supplies the context itself, ``tr(text)``, is
    invisible to lupdate (or filed under no context), so a translator would never see its texts.
    """
    return QCoreApplication.translate(context, text)


def install_translators(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> list[QTranslator]:
    """Load our catalogue and Qt's own (buttons of standard dialogs); returns what was installed.

    Qt's catalogue lags behind Qt: its file dialog said "Look in:", "Files of type:" and
    "Folder" on Linux, where Qt draws the dialog itself. ``qt_missing_<language>`` holds those
    strings; installed after Qt's, it is asked first, and answers only what it holds.
    """
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = str(I18N_DIR)
    for name, folder in ((f"qtbase_{language}", qt_dir), (f"qt_missing_{language}", ours),
                         (f"cunwu_{language}", ours)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def pick_font_family(platform: str | None = None) -> str | None:
    families = set(QFontDatabase.families())
    key = platform or sys.platform
    key = "linux" if key.startswith("linux") else key
    for family in FONT_CHOICES.get(key, FONT_CHOICES["linux"]):
        if family in families:
            return family
    return None


def apply_font(app: QApplication) -> QFont:
    font = QFont(app.font())
    family = pick_font_family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(FONT_POINT_SIZE)
    app.setFont(font)
    return font
