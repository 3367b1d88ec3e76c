"""UI strings go through Qt's translation system; the zh_CN catalogue ships and is current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desktop.ui.widgets.i18n import I18N_DIR, pick_font_family

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
ROOT = Path(__file__).resolve().parents[2]
# The window's own modules (other views keep their strings in the same catalogue).
WINDOW_MODULES = ["desktop/app.py", *(f"desktop/ui/{n}.py" for n in (
    "registers/checks_panel", "widgets/db_worker", "registers/editors", "widgets/errors",
    "registers/history_dialog", "start/login", "village/main_window", "widgets/msgbox",
    "registers/record_form", "registers/register_view", "admin/settings_dialog",
    "registers/table_model", "registers/undo", "admin/users_dialog", "village/village_tools",
    "widgets/window_parts", "widgets/account_fields", "start/wizard"))]


def messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_shipped_catalogue_holds_every_window_string(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = str(Path(sys.executable).with_name("pyside6-lupdate"))
    subprocess.run([lupdate, *WINDOW_MODULES, "-ts", str(fresh)], check=True, cwd=ROOT, capture_output=True)
    needed = messages(fresh)
    assert ("MainWindow", "新增") in needed and ("IssueTreeModel", "警告") in needed
    missing = needed - messages(I18N_DIR / "cunwu_zh_CN.ts")
    assert not missing, f"run desktop/i18n/update_translations.py; missing: {sorted(missing)[:5]}"


def test_compiled_catalogue_loads_and_qt_has_its_own_chinese() -> None:
    ours = QTranslator()
    assert ours.load("cunwu_zh_CN", str(I18N_DIR))
    assert ours.translate("MainWindow", "撤销") == "撤销"
    qt = QTranslator()
    assert qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert qt.translate("QPlatformTheme", "Cancel") == "取消"


def test_our_catalogue_never_shadows_qts_own_buttons(qapp) -> None:
    from desktop.ui.widgets.i18n import install_translators

    assert not {ctx for ctx, _ in messages(I18N_DIR / "cunwu_zh_CN.ts") if ctx.startswith("Q")}
    installed = install_translators(qapp)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


class _English(QTranslator):
    """A few English words, as a translator's .qm would give them."""

    WORDS: ClassVar[dict[tuple[str, str], str]] = {
        ("MainWindow", "新增"): "Add", ("MainWindow", "检查结果"): "Check results",
        ("RegisterView", "显示已删除"): "Show deleted"}

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.WORDS.get((context, source))  # None: not translated, Qt keeps the source


def test_a_new_language_needs_no_code_change(window_factory, admin_store, answers) -> None:
    translator = _English()
    QCoreApplication.installTranslator(translator)
    try:
        window = window_factory(admin_store)
        view = window.show_register("volunteers")
        assert window.new_action.text() == "Add"
        assert window.pages["checks"].item.text() == "Check results"
        assert view.show_deleted.text() == "Show deleted"
        assert window.history_action.text() == "历史"  # untranslated strings fall back to the source
        window.close()
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_chinese_font_is_chosen(qapp) -> None:
    # qapp: Qt aborts the process when the font database is asked before an application exists
    # (it did, when this test came first on its worker).
    assert pick_font_family("linux") == "WenQuanYi Micro Hei"
