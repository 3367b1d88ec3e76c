"""The import log: every package the township was given, when, by whom, and what it changed or why not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.ui.exchange.widgets import OneLineDelegate, Row, RowsModel, fit, page_header, rows_table
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from sync.exchange import status
from sync.exchange.import_summary import ACCEPTED, DUPLICATE, REFUSED, SKIPPED

FILE_COLUMN, NOTE_COLUMN = 10, 11
# The file name gives way to the reason (down to the narrower width, shortened in the middle; the
# whole path is in the tooltip) until the reason has NOTE_WIDTH; the reason takes the rest and wraps.
FILE_WIDTHS, NOTE_WIDTH = (120, 220), 320


def log_row(entry: dict[str, Any]) -> Row:
    status = entry["status"]
    label = {ACCEPTED: translate("ImportLogView", "已导入"), DUPLICATE: translate("ImportLogView", "重复"),
             REFUSED: translate("ImportLogView", "拒绝"), SKIPPED: translate("ImportLogView", "跳过")}.get(
        status, status)
    counted = status == ACCEPTED
    names = ("new", "updated", "unchanged", "deleted", "conflicts")
    counts = [entry[k] for k in names] if counted else [""] * 5
    note = entry["reason"] or ""
    if counted and entry["conflicts"]:
        note = translate("ImportLogView", "有 {0} 处冲突").format(entry["conflicts"])
    village = f"{entry['village_name'] or ''} {entry['village'] or ''}".strip()
    tone = {REFUSED: "error", DUPLICATE: "muted", SKIPPED: "muted"}.get(status)
    if counted and entry["conflicts"]:
        tone = "warning"
    # The reason last, filling the width and wrapped: a refused package's reason is read whole.
    cells = [(entry["imported_at"] or "").replace("T", " ")[:19], entry["user"] or "", label, village,
             entry["sequence"], *counts, Path(entry["file"]).name, note]
    return Row(cells, entry["id"], tone, tips={FILE_COLUMN: entry["file"], NOTE_COLUMN: note}, bold={2})


class ImportLogView(QWidget):
    loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.village: str | None = None
        self.entries: list[dict[str, Any]] = []
        self.setObjectName("ImportLogView")
        layout, top, self.summary = page_header(self, self.tr("导入记录"))
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        self.model = RowsModel([self.tr("导入时间"), self.tr("操作人"), self.tr("结果"),
                                self.tr("村（社区）"), self.tr("序号"), self.tr("新增"), self.tr("更新"),
                                self.tr("未变"), self.tr("删除"), self.tr("冲突"), self.tr("文件"),
                                self.tr("说明")], self)
        self.table = rows_table(self.model)
        self.table.setObjectName("import_log")
        self.table.setWordWrap(True)
        self.one_line = OneLineDelegate(self.table)
        self.table.setItemDelegateForColumn(FILE_COLUMN, self.one_line)
        # The reasons wrap to the width the window leaves them: rows follow it.
        self.table.horizontalHeader().sectionResized.connect(
            lambda column, _old, _new: self.table.resizeRowsToContents() if column == NOTE_COLUMN else None)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _share_width(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c not in (FILE_COLUMN, NOTE_COLUMN))
        room = self.table.viewport().width() - others - NOTE_WIDTH
        header.resizeSection(FILE_COLUMN, max(FILE_WIDTHS[0], min(FILE_WIDTHS[1], room)))
        header.resizeSection(NOTE_COLUMN, header.minimumSectionSize())  # then stretched to the width left
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.entries:
            self._share_width()

    def set_village(self, code: str | None) -> None:
        if code != self.village:
            self.village = code
            self.refresh()

    def refresh(self) -> None:
        village = self.village
        run(self, self.worker, lambda store, _work: status.import_log(store, village), self._loaded,
                  lambda exc: self.summary.setText(self.tr("读取失败：{0}").format(exc)))

    def _loaded(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self.model.set_rows([log_row(e) for e in entries])
        fit(self.table, 360)
        self._share_width()
        refused = sum(1 for e in entries if e["status"] == REFUSED)
        self.summary.setText(self.tr("共 {0} 条，其中拒绝 {1} 条（最新的在上）").format(
            len(entries), refused))
        self.loaded.emit()
