"""The file dialogs are Chinese on Linux, where Qt draws them itself.

Qt's catalogue (qtbase_zh_CN.qm) lacks some of the dialog's newer labels ("Look in:",
"Files of type:", "Folder"); desktop/i18n/qt_missing_zh_CN.ts supplies them. The test opens
the real dialog from the window's own menu action, reads everything it shows and fails on
any English word left (a new Qt version's new strings are found this way).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.ui.village import extras
from desktop.ui.widgets.i18n import install_translators

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
ENGLISH = re.compile(r"[A-Za-z]{2,}")
# Names that stay as they are in a Chinese interface.
KEPT = {"Alt", "Ctrl", "Excel", "xlsx"}
# Size and date columns follow the system's locale (LANG), not a translation: on a Chinese
# system they read 字节 and 2026/12/4; a test machine's C locale says bytes.
LOCALE_COLUMNS = {1, 3}


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH.findall(text) if w not in KEPT]


def _shown_texts(dialog: QFileDialog, skip: set[str]) -> list[str]:
    texts: list[str] = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        texts += [widget.toolTip(), widget.whatsThis()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        texts += [action.text() for action in widget.actions()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, root = widget.model(), widget.rootIndex()
            for column in range(model.columnCount(root)):
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                if column in LOCALE_COLUMNS:
                    continue
                texts += [str(model.index(row, column, root).data() or "") for row in range(model.rowCount(root))]
    return [t for t in texts if t and t not in skip and not t.startswith("/")]


def _listed(view: QAbstractItemView) -> bool:
    """Both entries of the folder are shown with their type (the type is looked up later)."""
    model = view.model()
    if model is None or model.columnCount(view.rootIndex()) < 3:
        return False
    root = view.rootIndex()
    types = [model.index(row, 2, root).data() for row in range(model.rowCount(root))]
    return len(types) >= 2 and all(types)


@pytest.fixture
def chinese(qapp):
    installed = install_translators(qapp)
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def test_the_export_file_dialog_speaks_chinese(qtbot, window, chinese, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "U盘"
    (folder / "旧花名册").mkdir(parents=True)
    (folder / "名册.xlsx").write_bytes(b"")
    monkeypatch.setattr(Path, "home", lambda: folder)
    window.show_register("committee_members")
    seen: dict[str, list[str]] = {}
    suggested = f"{window.store.village_name}村“两委”成员.xlsx"

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox) and dialog.objectName() == "export-ids-question":
            # Asked first (full or partly hidden numbers): the clerk takes what is offered.
            dialog.findChild(QPushButton, "export-ids-masked").click()
            return
        if not isinstance(dialog, QFileDialog):
            return
        if not any(_listed(v) for v in dialog.findChildren(QAbstractItemView) if v.isVisibleTo(dialog)):
            return  # the folder is still being listed, its types found (on a thread): look again
        timer.stop()
        # File and folder names are the user's (the sidebar lists the home folder by name).
        names = {"旧花名册", "名册.xlsx", suggested, "U盘", Path(QDir.homePath()).name}
        seen["texts"] = _shown_texts(dialog, names)
        dialog.reject()

    timer = QTimer()
    timer.timeout.connect(read_and_close)
    timer.start(20)
    extras.export_roster(window, current=True)  # the real QFileDialog.getSaveFileName
    timer.stop()
    texts = seen["texts"]
    assert "文件夹" in texts  # the type of 旧花名册
    assert any("文件类型" in t for t in texts) and any("查找范围" in t for t in texts)
    assert not [t for t in texts if _english(t)], [t for t in texts if _english(t)]


def test_the_supplement_answers_only_what_qt_leaves_in_english(chinese) -> None:
    translate = QCoreApplication.translate
    assert translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"
    # Qt's own catalogue still answers the rest.
    assert translate("QFileDialog", "File &name:") == "文件名称(&N)："
    assert translate("QPlatformTheme", "Cancel") == "取消"
