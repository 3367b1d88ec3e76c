"""Refused rows saved as an Excel file with their reasons, fixed by the clerk and imported again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from support import TODAY, ident

from desktop.cli import main
from forms.identifiers import id_check_char
from sync.excel.rejects import write_rejected
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import import_excel
from sync.store.store import Store


def rounded_passing(birth: str) -> str:
    """An ID number whose 15-digit rounding (…000) passes the check digit too."""
    for seq in range(1, 999):
        number = ident(birth, seq)
        digits = str(int(float(f"{float(number):.15g}")))
        if id_check_char(digits[:17]) == digits[17] and digits != number:
            return number
    raise AssertionError


PEOPLE = {  # name -> (true ID number, as the cell holds it, phone as the cell holds it)
    "王建国": (ident("19680315", 11), ident("19680315", 11), "13805941001"),
    "林秀英": (rounded_passing("19791008"), float(f"{float(rounded_passing('19791008')):.15g}"), "13805941002"),
    "陈志强": (ident("19950621", 15), ident("19950621", 15), "138****1003"),
    "黄丽华": (ident("19700502", 16), ident("19700502", 16), "13805941004"),
}


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者"
    ws.append(["东山村志愿者花名册"])
    ws.append(["序号", "姓名", "身份证号码", "手机号码", "注册时间", "服务技能"])
    for n, (name, (_, cell, phone)) in enumerate(PEOPLE.items(), start=1):
        registered = "2024.3.1" if name != "黄丽华" else "2024.13.1"  # no 13th month
        ws.append([n, name, cell, phone, registered, "文体"])
    path = tmp_path / "志愿者.xlsx"
    wb.save(path)
    return path


def test_rejected_rows_file_marks_each_bad_cell_and_imports_once_fixed(store: Store, roster: Path,
                                                                       tmp_path: Path) -> None:
    report = import_excel(store, "volunteers", roster, valid_only=True)
    assert report.committed and store.count("volunteers") == 1  # 王建国 only
    rejected = write_rejected(report, tmp_path / "有错误的行.xlsx")

    wb = load_workbook(rejected)
    ws = wb.active
    header = [c.value for c in ws[3]]
    assert header[:2] == ["原行号", "导入问题"]
    assert header[2:] == ["姓名", "证件号码", "联系电话", "注册日期", "服务技能"]
    rows = {ws.cell(r, 3).value: r for r in range(4, ws.max_row + 1)}
    assert set(rows) == {"林秀英", "陈志强", "黄丽华"}
    assert [ws.cell(r, 1).value for r in sorted(rows.values())] == ["4", "5", "6"]
    # The reason is in the second column and on the bad cell itself (red, with a comment).
    lin = rows["林秀英"]
    assert "身份证号码：Excel 把号码存成了数字" in ws.cell(lin, 2).value
    bad = ws.cell(lin, header.index("证件号码") + 1)
    assert bad.value == str(int(float(f"{float(PEOPLE['林秀英'][0]):.15g}")))  # the digits Excel kept
    assert bad.fill.fgColor.rgb.endswith("F8CBAD") and "存成了数字" in bad.comment.text
    assert bad.number_format == "@"
    phone = ws.cell(rows["陈志强"], header.index("联系电话") + 1)
    assert "已打码" in phone.comment.text
    day = ws.cell(rows["黄丽华"], header.index("注册日期") + 1)
    assert day.value == "2024.13.1" and day.comment is not None
    assert ws.cell(lin, header.index("姓名") + 1).comment is None  # good cells are not marked

    # The clerk fixes the marked cells, as text, and imports the file again.
    bad.value = PEOPLE["林秀英"][0]
    phone.value = "13805941003"
    day.value = "2024-03-01"
    fixed = tmp_path / "改好了.xlsx"
    wb.save(fixed)
    assert main(["import-excel", str(store.path), "志愿者", str(fixed)]) == 0
    with Store.open(store.path) as again:
        saved = {r["姓名"]: r for r in again.records("volunteers")}
    assert set(saved) == set(PEOPLE)
    assert saved["林秀英"]["证件号码"] == PEOPLE["林秀英"][0]
    assert saved["陈志强"]["联系电话"] == "13805941003"
    assert saved["黄丽华"]["注册日期"] == "2024-03-01"


def test_command_line_saves_the_rejected_rows(village_db: Path, roster: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "改正.xlsx"
    assert main(["import-excel", str(village_db), "志愿者", str(roster), "--rejected", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"有错误的 3 行（附原因）已另存为 {out}" in printed
    assert printed.rstrip().endswith("请改正后重新导入，或选择只导入无错误的行（--valid-only）。")
    assert load_workbook(out).active.max_row == 3 + 3


def test_an_exported_id_number_edited_into_a_number_is_refused(demo_db: Path, tmp_path: Path) -> None:
    """The round trip: export with full numbers, the clerk edits an ID cell in Excel (a General
    cell turns it into a number of 15 digits), import: refused even when the check digit passes."""
    out = tmp_path / "export.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        number = rounded_passing("19791008")
        uuid = store.records("volunteers")[0]["uuid"]
        store.edit(uuid, {"证件号码": number, "出生日期": None, "性别": None})
        export_excel(store, out, "volunteers", full_ids=True)
    wb = load_workbook(out)
    ws = wb["志愿者"]
    header = [c.value for c in ws[3]]
    column = header.index("证件号码") + 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == number)
    ws.cell(row, column).value = float(f"{float(number):.15g}")
    ws.cell(row, header.index("注册日期") + 1).value = dt.datetime(2024, 3, 2)  # the edit itself
    wb.save(out)
    with Store.open(demo_db) as store:
        store.today = TODAY
        report = import_excel(store, "volunteers", out)
        assert not report.committed
        [bad] = report.invalid
        assert bad.row == row
        assert [(p.field, "存成了数字" in p.message) for p in bad.problems] == [("证件号码", True)]
        assert store.get(uuid).values["证件号码"] == number  # unchanged
