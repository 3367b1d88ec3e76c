"""The 从 Excel 导入 dialog: preview with header rows, mapping and row problems, then import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from support import TODAY, ident

from desktop.ui.registers.excel_import_dialog import ExcelImportDialog
from desktop.ui.registers.excel_import_rows import PROBLEM
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]



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
    assert "应为18位" in model.index(1, PROBLEM).data()  # the reason comes right after 结果
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
    assert answers.of("inform") == ["全部行已导入。\n新增 1 行，更新 0 行，无变化 0 行。"]
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


# ------------------------------------------------------------------ real rosters, real message boxes
CORPUS = Path(__file__).parents[1] / "data" / "rosters"


class ModalAnswerer:
    """Answers each real message box as a person would: reads it, clicks its default button.

    Message boxes run their own event loop (exec), so the answer cannot come from the test's
    code after the call; a timer on the GUI thread looks for the active modal widget instead.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.texts.append(box.text())
            (box.defaultButton() or box.buttons()[0]).click()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def modal_answers() -> Iterator[ModalAnswerer]:
    answerer = ModalAnswerer()
    yield answerer
    answerer.stop()


def test_the_reason_is_seen_first_and_the_bad_cell_is_marked(qtbot: Any, dialog: ExcelImportDialog) -> None:
    from desktop.ui.registers.excel_import_rows import BAD_CELL

    wait_open(qtbot, dialog, CORPUS / "03_excel_numeric_ids.xlsx")
    model, view = dialog.rows_model, dialog.rows_view
    row = 1  # Excel row 3: an ID number Excel rounded, which still passes the check digit
    assert model.index(row, 0).data() == "3"
    assert "身份证号：Excel 把号码存成了数字" in model.index(row, PROBLEM).data()
    # Seen without scrolling: the reasons column is inside the table's visible area.
    rect = view.visualRect(dialog.rows_filter.index(row, PROBLEM))
    assert view.viewport().rect().contains(rect.topLeft()) and rect.right() < view.viewport().width()
    id_column = PROBLEM + 1 + model.fields.index("证件号码")
    bad = model.index(row, id_column)
    assert bad.data() == "520222197507282000"
    assert bad.data(Qt.ItemDataRole.BackgroundRole).color() == BAD_CELL
    assert bad.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "存成了数字" in bad.data(Qt.ItemDataRole.ToolTipRole)
    name = model.index(row, PROBLEM + 1 + model.fields.index("姓名"))
    assert name.data(Qt.ItemDataRole.DecorationRole) is None
    assert name.data(Qt.ItemDataRole.BackgroundRole).color() != BAD_CELL
    # The pane under the table says everything about the selected row.
    shown = view.visualRect(dialog.rows_filter.mapFromSource(bad))
    assert view.viewport().rect().contains(shown)  # the marked cell is on screen too
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=shown.center())
    assert "第3行（林秀英）：有错误" in dialog.detail.toPlainText()
    assert "B列（身份证号），值“520222197507282000”：Excel 把号码存成了数字" in dialog.detail.toPlainText()
    # Only the refused rows, on request.
    dialog.only_invalid.setChecked(True)
    assert dialog.rows_filter.rowCount() == 4
    assert dialog.save_rejected_button.isEnabled()


def wait_open(qtbot: Any, dlg: ExcelImportDialog, path: Path) -> None:
    dlg.report = None
    dlg.open_file(path)
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=15000)


def test_rejected_rows_saved_fixed_and_imported_again(qtbot: Any, dialog: ExcelImportDialog, tmp_path: Path,
                                                      village_db: Path, modal_answers: ModalAnswerer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    wait_open(qtbot, dialog, CORPUS / "14_export_masked_edited.xlsx")
    assert len(dialog.report.invalid) == 4 and not dialog.import_button.isEnabled()
    target = tmp_path / "改正"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.rejected_saved, timeout=15000) as saved:
        qtbot.mouseClick(dialog.save_rejected_button, Qt.MouseButton.LeftButton)
    path = saved.args[0]
    assert path == tmp_path / "改正.xlsx"
    qtbot.waitUntil(lambda: bool(modal_answers.texts), timeout=15000)
    assert "有错误的 4 行已连同原因保存到" in modal_answers.texts[0]

    # The clerk types the full numbers into the red cells and imports the file again.
    wb = load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[3]]
    full = {"王建国": ("35032219680315011X", None), "林秀英": ("350322197910080123", "13805944001"),
            "陈志强": ("350322199506210159", "13805944002"), "黄丽华": ("350322197005020163", "13805944003")}
    for r in range(4, ws.max_row + 1):
        number, phone = full[ws.cell(r, header.index("姓名") + 1).value]
        ws.cell(r, header.index("证件号码") + 1).value = number
        if phone:
            ws.cell(r, header.index("联系电话") + 1).value = phone
    wb.save(path)
    wait_open(qtbot, dialog, path)
    assert dialog.report.invalid == [] and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=15000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert modal_answers.texts[-1] == "全部行已导入。\n新增 4 行，更新 0 行，无变化 0 行。"
    with Store.open(village_db) as store:
        saved_records = {r["姓名"]: r for r in store.records("volunteers")}
    assert saved_records["林秀英"]["联系电话"] == "13805944001"
    assert saved_records["王建国"]["证件号码"] == "35032219680315011X"


def test_hidden_rows_and_columns_are_named_and_chosen(qtbot: Any, dialog: ExcelImportDialog,
                                                      village_db: Path, modal_answers: ModalAnswerer) -> None:
    wait_open(qtbot, dialog, CORPUS / "06_hidden_rows_columns.xlsx")
    assert dialog.hidden_bar.isVisible()
    text = dialog.header_label.text()
    assert "第6、9行是隐藏的" in text
    assert "D列“联系电话”是隐藏的（隐藏列，与E列重复，以显示的E列为准，不导入）" in text
    assert dialog.rows_model.rowCount() == 8
    phone = dialog.rows_model.fields.index("联系电话") + PROBLEM + 1
    assert dialog.rows_model.index(0, phone).data() == "13905940000"  # the visible, new number
    # The clerk chooses to import the hidden rows too, as a person picks from the drop-down.
    box = dialog.hidden_rows_box
    dialog.report = None
    box.setCurrentIndex(box.findData("include"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    assert dialog.rows_model.rowCount() == 10
    assert "隐藏的，已按选择导入" in dialog.rows_model.index(4, PROBLEM).data()
    with qtbot.waitSignal(dialog.imported, timeout=15000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 10


def test_old_xls_and_gbk_csv_open_in_the_dialog(qtbot: Any, dialog: ExcelImportDialog) -> None:
    wait_open(qtbot, dialog, CORPUS / "12_renamed_xls.xlsx")
    assert "内容实际是旧版 .xls 格式" in dialog.header_label.text()
    assert dialog.import_button.isEnabled()
    wait_open(qtbot, dialog, CORPUS / "09_gbk.csv")
    assert "按 GBK/GB18030 编码读取" in dialog.header_label.text()
    assert len(dialog.report.invalid) == 1


def test_a_roster_on_a_hidden_sheet_is_found_through_the_sheet_list(qtbot: Any, dialog: ExcelImportDialog,
                                                                     tmp_path: Path, answers: Any) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为历年名单"])
    old = wb.create_sheet("2023年")
    old.append(["姓名", "身份证号码", "注册日期"])
    old.append(["王伟", ident("19750301", "013"), "2023-03-01"])
    old.sheet_state = "hidden"
    path = tmp_path / "hidden-sheet.xlsx"
    wb.save(path)
    dialog.open_file(path)
    qtbot.waitUntil(lambda: bool(answers.of("warn")), timeout=15000)
    assert "隐藏的工作表“2023年”中有表头" in answers.of("warn")[0]
    box = dialog.sheet_box
    assert [box.itemText(i) for i in range(box.count())] == ["自动选择", "说明", "2023年（隐藏）"]
    dialog.report = None
    box.setCurrentIndex(box.findData("2023年"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    assert len(dialog.report.rows) == 1 and dialog.import_button.isEnabled()
