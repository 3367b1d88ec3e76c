"""The 从 Excel 导入 dialog: preview with header rows, mapping and row problems, then import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from support import TODAY

from desktop.ui.excel_import_dialog import ExcelImportDialog
from forms.identifiers import id_check_char
from sync.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def ident(birth: str, seq: str) -> str:
    first17 = f"350322{birth}{seq}"
    return first17 + id_check_char(first17)


def roster(tmp_path: Path, numbers: list[str], extra_header: str = "电话号") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["东山村志愿者花名册"])
    ws.append(["填报单位：东山村"])
    ws.append(["序号", "姓名", "身份证号", "注册日期", extra_header])
    for i, number in enumerate(numbers, start=1):
        ws.append([i, f"志愿者{i}", number, "2024.3.1", f"1390000000{i}"])
    ws.append(["合计", f"{len(numbers)}人"])
    path = tmp_path / f"roster{len(numbers)}.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def dialog(qtbot: Any, village_db: Path) -> Iterator[ExcelImportDialog]:
    dlg = ExcelImportDialog(village_db, register="volunteers", today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.reject()  # stops the dialog's worker thread
    assert not dlg.worker.isRunning()


def wait_preview(qtbot: Any, dlg: ExcelImportDialog) -> None:
    dlg.report = None
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=15000)


def test_preview_shows_header_mapping_and_bad_rows(qtbot: Any, dialog: ExcelImportDialog,
                                                   tmp_path: Path, village_db: Path) -> None:
    path = roster(tmp_path, [ident("19750301", "013"), "35032219800512002"])
    dialog.report = None
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    assert "表头在第3行" in dialog.header_label.text()
    assert "跳过 1 行" in dialog.header_label.text()
    headers = [dialog.mapping.item(r, 1).text() for r in range(dialog.mapping.rowCount())]
    assert "电话号（未识别，不导入）" in headers
    model = dialog.rows_model
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "4" and model.index(1, 0).data() == "5"
    assert model.index(1, 1).data() == "有错误"
    assert "应为18位" in model.index(1, model.columnCount() - 1).data()
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    # All or nothing: with a bad row, 导入 waits until the clerk chooses to import the good rows.
    assert not dialog.import_button.isEnabled()
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 0  # the preview saved nothing


def test_changed_mapping_is_used_and_remembered(qtbot: Any, dialog: ExcelImportDialog, tmp_path: Path,
                                                village_db: Path, answers: Any) -> None:
    dialog.open_file(roster(tmp_path, [ident("19750301", "013")]))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    headers = [dialog.mapping.item(r, 1).text() for r in range(dialog.mapping.rowCount())]
    row = next(i for i, h in enumerate(headers) if h.startswith("电话号"))
    box = dialog.mapping.cellWidget(row, 2)
    dialog.report = None
    box.setCurrentIndex(box.findData("联系电话"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    assert "联系电话" in dialog.rows_model.fields
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=15000) as signal:
        dialog.import_button.click()
    assert signal.args[0].committed
    assert answers.of("inform") == ["全部行已导入。"]
    with Store.open(village_db) as store:
        assert [r["联系电话"] for r in store.records("volunteers")] == ["13900000001"]

    again = ExcelImportDialog(village_db, register="volunteers", today=TODAY)
    qtbot.addWidget(again)
    again.open_file(roster(tmp_path, [ident("19750301", "013"), ident("19800512", "024")]))
    qtbot.waitUntil(lambda: again.report is not None, timeout=15000)
    assert "联系电话" in again.rows_model.fields  # remembered from the first import
    assert [r.action for r in again.report.rows] == ["unchanged", "added"]
    again.reject()
    assert not again.worker.isRunning()


def test_unreadable_file_is_explained(qtbot: Any, dialog: ExcelImportDialog, tmp_path: Path,
                                      answers: Any) -> None:
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog.open_file(bad)
    qtbot.waitUntil(lambda: bool(answers.of("warn")), timeout=15000)
    assert "另存为" in answers.of("warn")[0]
    assert not dialog.import_button.isEnabled()
