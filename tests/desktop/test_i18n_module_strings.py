"""Texts outside a Qt class reach the translator: ``translate("context", "text")`` with literals,
which lupdate collects, instead of module-level ``tr(text)`` wrappers it cannot see through.

Each ``translate``/``QT_TRANSLATE_NOOP`` call and each ``self.tr`` in these modules is read from the
source (not through lupdate) and must be in the shipped catalogue under the context Qt asks for at
run time; and a translator's catalogue reaches the village window's menus.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.ui.widgets.i18n import I18N_DIR

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
ROOT = Path(__file__).resolve().parents[2]
MODULES = ["desktop/app.py", *(f"desktop/ui/{n}.py" for n in (
    "village/extras", "township/choice_lists_dialog", "registers/undo", "widgets/msgbox", "registers/editors",
    "township/cross_checks_view", "township/data_status_view", "township/report_page",
    "exchange/village_menu", "township/conflict_review", "township/import_log_view", "exchange/import_dialog",
    "township/villages_view"))]
CALLS = {"translate", "QT_TRANSLATE_NOOP"}


def catalogue() -> set[tuple[str, str]]:
    root = ET.parse(I18N_DIR / "cunwu_zh_CN.ts").getroot()
    return {(ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in root.iter("context") for m in ctx.iter("message")}


def _name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def wanted(path: Path) -> tuple[set[tuple[str, str]], list[str]]:
    """(context, text) of every translatable call, and the calls of a one-argument wrapper."""
    found: set[tuple[str, str]] = set()
    wrappers: list[str] = []

    def visit(node: ast.AST, cls: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call):
            name = _name(node.func)
            args = [_literal(a) for a in node.args]
            if name in CALLS and len(args) == 2 and args[0] and args[1]:
                found.add((args[0], args[1]))
            elif name == "tr" and isinstance(node.func, ast.Attribute) and _name(node.func.value) == "self":
                if cls and args and args[0]:
                    found.add((cls, args[0]))
            elif name in ("tr", "_t") and isinstance(node.func, ast.Name):
                wrappers.append(f"{path.name}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found, wrappers


@pytest.mark.parametrize("module", MODULES)
def test_every_text_of_the_module_is_in_the_catalogue_under_its_context(module: str) -> None:
    found, wrappers = wanted(ROOT / module)
    assert not wrappers, f"module-level wrapper calls lupdate cannot file: {wrappers}"
    assert found
    missing = found - catalogue()
    assert not missing, f"run desktop/i18n/update_translations.py; missing: {sorted(missing)[:5]}"


def test_lupdate_files_the_texts_under_their_contexts_not_under_none(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = str(Path(sys.executable).with_name("pyside6-lupdate"))
    subprocess.run([lupdate, *MODULES, "-ts", str(fresh)], check=True, cwd=ROOT, capture_output=True)
    root = ET.parse(fresh).getroot()
    collected = {(ctx.findtext("name") or "", m.findtext("source") or "")
                 for ctx in root.iter("context") for m in ctx.iter("message")}
    assert ("extras", "打印台账…") in collected
    assert ("village_menu", "导出数据包…") in collected
    assert ("ImportPackagesDialog", "核对村电脑的密钥指纹") in collected
    assert ("undo", "撤销新增") in collected and ("msgbox", "请确认") in collected
    assert ("editors", "从日历中选择日期") in collected
    assert ("ChoiceListsDialog", "工具(&T)") in collected
    assert not [source for ctx, source in collected if not ctx]


class _English(QTranslator):
    WORDS: ClassVar[dict[tuple[str, str], str]] = {
        ("extras", "打印台账…"): "Print the book…", ("village_menu", "导出数据包…"): "Export package…",
        ("extras", "统计报表"): "Statistics"}

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.WORDS.get((context, source))


def test_a_translation_of_module_texts_reaches_the_window(window_factory, admin_store, answers) -> None:
    translator = _English()
    QCoreApplication.installTranslator(translator)
    try:
        window = window_factory(admin_store)
        texts = {a.objectName(): a.text() for a in window.findChildren(type(window.new_action))}
        assert texts["print-book"] == "Print the book…"
        assert texts["sync-export"] == "Export package…"
        assert window.pages["statistics"].item.text() == "Statistics"
        window.close()
    finally:
        QCoreApplication.removeTranslator(translator)
