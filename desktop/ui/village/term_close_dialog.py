"""换届 in the window: the old term's 两委 members marked 离任 in one action, then the new term's
roster imported (issue 15). The core is ``sync.store.term_close``; this module asks which 届次,
which date and which reason, runs the change on the window's worker and offers the Excel import
of the election's roster. Hooked into the window by ``install`` (one line in the main window)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.village.window_api import VillageWindow, job_failed
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.dialog_parts import dialog_buttons, error_label
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from forms.tenure import ELECTION_REASON, LEFT_WHY
from sync.store.store import Store
from sync.store.term_close import TermClosed, close_term, open_terms

REGISTER = "committee_members"


class TermCloseDialog(QDialog):
    """届次, 离任日期 and 离任原因 of a 换届; ``choice()`` after it is accepted."""

    def __init__(self, terms: list[tuple[str, int]], reasons: list[str], today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("换届：标记上届成员离任"))
        self.term_box = QComboBox()
        for term, n in terms:
            shown = term or self.tr("未填届次")
            self.term_box.addItem(self.tr("{0}（在任 {1} 人）").format(shown, n), term)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.reason_box = QComboBox()
        self.reason_box.addItems(reasons)
        if ELECTION_REASON in reasons:
            self.reason_box.setCurrentText(ELECTION_REASON)
        explain = QLabel(self.tr("所选届次的在任成员将一次全部标为“离任”，保留其记录和历史，"
                                 "不再计入在任人数和各项职务检查；连任的成员请在新一届名册中再登记一次。"
                                 "完成后可导入新一届选举结果名册。"))
        explain.setWordWrap(True)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("届次(&T)："), self.term_box)
        form.addRow(self.tr("离任日期(&D)："), self.date_edit)
        form.addRow(self.tr("离任原因(&R)："), self.reason_box)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.tr("标为离任"), self.tr("取消")))
        self.resize(460, self.sizeHint().height())

    def choice(self) -> tuple[str, dt.date, str]:
        day = self.date_edit.date()
        return (str(self.term_box.currentData() or ""), dt.date(day.year(), day.month(), day.day()),
                self.reason_box.currentText())


def install(window: VillageWindow) -> QAction:
    """换届… in the 记录 menu of a village window (for users who may edit)."""
    action = QAction(translate("TermCloseDialog", "换届（标记上届离任）…"), window)  # type: ignore[arg-type]
    action.setObjectName("term-close")
    action.triggered.connect(lambda: start(window))
    action.setEnabled(window.store.user.can_edit and not window.store.is_township)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and menu.objectName() == "record-menu":
            menu.addSeparator()
            menu.addAction(action)
            break
    return action


def start(window: VillageWindow) -> TermCloseDialog | None:
    """Ask, then close the term on the worker; the dialog is returned open (modal)."""
    terms = open_terms(window.store)
    if not terms:
        msgbox.inform(window, translate("TermCloseDialog",  # type: ignore[arg-type]
                                        "没有在任的两委成员，无需换届。"))
        return None
    choices = window.store.catalog.registers[REGISTER].field(LEFT_WHY).choice_list
    reasons = list(choices.values) if choices else [ELECTION_REASON]
    dialog = TermCloseDialog(terms, reasons, window.store.reference_date(), window)  # type: ignore[arg-type]
    dialog.accepted.connect(lambda: _close(window, *dialog.choice()))
    dialog.open()
    window.term_close_dialog = dialog  # type: ignore[attr-defined]
    return dialog


def _close(window: VillageWindow, term: str, day: dt.date, reason: str) -> None:
    def job(store: Store, _work: object) -> TermClosed:
        return close_term(store, term, day, reason)

    def done(result: TermClosed) -> None:
        window.refresh_all()
        text = translate("TermCloseDialog",
                         "{0}：{1} 人已标为离任（{2}，{3}）。\n\n现在导入新一届成员名册（Excel）吗？").format(
            result.term or translate("TermCloseDialog", "未填届次"), len(result.names), result.reason,
            result.day.isoformat())
        window.statusBar().showMessage(text.split("\n")[0], 10000)
        if msgbox.confirm(window, text):  # type: ignore[arg-type]
            from desktop.ui.village.extras import import_roster

            import_roster(window)

    run(window, window.worker, job, done, lambda error: job_failed(window, error),  # type: ignore[arg-type]
        title=translate("TermCloseDialog", "正在换届…"), finish=True)
