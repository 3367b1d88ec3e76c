"""Unexpected exceptions: logged to a file, shown in a Chinese dialog, the window stays usable.

Data is safe by construction (every write is one SQLite transaction that either commits
or rolls back), so the dialog can say so truthfully. The report is plain text the clerk
can copy into a message to whoever supports the village.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.version import program_version

log = logging.getLogger("cunwu")
LOG_NAME = "cunwu.log"
# Past this many open error dialogs, further errors are only logged: a loop that fails
# on every repaint must not bury the window under dialogs.
MAX_OPEN_DIALOGS = 3
_open_dialogs: list[ErrorDialog] = []
_log_file: Path | None = None


def setup_logging(folder: Path) -> Path:
    """Log to ``folder/cunwu.log`` (rotating, 1 MB × 5); returns the file's path."""
    global _log_file
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    if _log_file != path:
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        _log_file = path
    return path


def stop_logging() -> None:
    """Close the log file (at exit, and between tests)."""
    global _log_file
    for handler in list(log.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    _log_file = None


def report_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    lines = [
        f"村务台账 {program_version()}",
        f"时间：{dt.datetime.now().isoformat(timespec='seconds')}",
        f"系统：{platform.platform()}；Python {platform.python_version()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class ErrorDialog(QDialog):
    def __init__(self, report: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        text = self.tr("程序遇到了一个意外错误。已经保存的数据不会丢失，您可以继续使用。\n"
                       "如果问题反复出现，请把下面的报告复制给技术支持人员。")
        if log_file is not None:
            text += "\n" + self.tr("报告也已写入日志文件：{0}").format(log_file)
        message = QLabel(text)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("复制报告"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText(self.tr("已复制"))


def handle_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> ErrorDialog | None:
    """The ``sys.excepthook`` of the window: log, then show the report without blocking."""
    if issubclass(exc_type, KeyboardInterrupt):
        QCoreApplication.quit()
        return None
    report = report_text(exc_type, exc, tb)
    log.error("未处理的异常\n%s", report)
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return None
    _open_dialogs[:] = [d for d in _open_dialogs if shiboken6.isValid(d) and d.isVisible()]
    if len(_open_dialogs) >= MAX_OPEN_DIALOGS:
        return None
    dialog = ErrorDialog(report, _log_file, QApplication.activeWindow())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_dialogs.append(dialog)
    dialog.show()
    return dialog


def install(log_folder: Path) -> Path:
    path = setup_logging(log_folder)
    sys.excepthook = handle_exception
    return path
