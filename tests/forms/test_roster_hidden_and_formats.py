"""What the clerk hid (rows, columns, sheets), month formats, CSV encodings and compact row lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from forms.identifiers import id_check_char
from forms.roster.formats import is_year_month
from forms.roster.read import HiddenChoice, read_roster
from sync.excel.import_report import compact_rows


def ident(birth: str, seq: str = "013") -> str:
    first17 = f"350322{birth}{seq}"
    return first17 + id_check_char(first17)


@pytest.mark.parametrize(("fmt", "month"), [
    ('yyyy"年"m"月"', True), ("yyyy-mm", True), ("yyyy.mm", True), ("e/m", True), ("yyyy/m", True),
    ('[$-804]yyyy"年"m"月";@', True), ("yyyy\\年m\\月", True), ('YYYY"年"M"月"', True), ("mmm-yy", True),
    ("yyyy-mm-dd", False), ('yyyy"年"m"月"d"日"', False), ("m/d/yy h:mm", False), ("General", False),
    ("0.00E+00", False), ("@", False), ("h:mm", False), ('"月"0', False),
])
def test_month_formats_are_told_from_dates(fmt: str, month: bool) -> None:
    assert is_year_month(fmt) is month


def _roster(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者"
    ws.append(["姓名", "身份证号码", "联系电话", "手机号码（新）", "注册日期"])
    for i, birth in enumerate(["19750301", "19800512", "19910203"]):
        ws.append([f"志愿者{i}", ident(birth), f"1300000000{i}", f"1390000000{i}", "2024-03-01"])
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    return path


def test_a_visible_column_wins_over_a_hidden_one_whatever_their_order(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path), "volunteers")
    sheet = roster.sheets[0]
    assert [c.field for c in sheet.columns] == ["姓名", "证件号码", None, "联系电话", "注册日期"]
    assert sheet.columns[2].note == "隐藏列，与D列重复，以显示的D列为准，不导入"
    assert [r.values["联系电话"] for r in roster.rows] == ["13900000000", "13900000002"]
    assert sheet.hidden_data_rows == [3]
    assert [(s.row, s.reason) for s in roster.skipped] == [(3, "隐藏行")]


def test_hidden_rows_taken_on_request_carry_a_note(tmp_path: Path) -> None:
    path = _roster(tmp_path)
    roster = read_roster(path, "volunteers", hidden=HiddenChoice(rows="include"))
    assert [r.row for r in roster.rows] == [2, 3, 4]
    hidden = roster.rows[1]
    assert hidden.hidden and [p.message for p in hidden.problems] == ["这一行在表中是隐藏的，已按选择导入"]
    # The preview changes its mind without reading the file again.
    again = roster.with_hidden(rows="skip")
    assert [r.row for r in again.rows] == [2, 4] and again.choice.rows == "skip"


def test_a_hidden_column_with_no_visible_twin_is_read_unless_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "注册日期"])
    ws.append(["王伟", ident("19750301"), "2024-03-01"])
    ws.column_dimensions["B"].hidden = True  # hidden before printing for the notice board
    path = tmp_path / "id-hidden.xlsx"
    wb.save(path)
    read = read_roster(path, "volunteers")
    assert read.sheets[0].column_of("证件号码").letter == "B"
    assert [c.letter for c in read.sheets[0].hidden_columns] == ["B"]
    skipped = read_roster(path, "volunteers", hidden=HiddenChoice(columns="skip"))
    assert skipped.sheets[0].column_of("证件号码") is None
    assert skipped.sheets[0].columns[1].note == "隐藏列，按选择不导入"
    # A remapped column keeps the clerk's choice when the hidden choice changes.
    chosen = read.remap(read.sheets[0].name, 2, None).with_hidden(columns="skip").with_hidden(columns="include")
    assert chosen.sheets[0].columns[2].field is None and chosen.sheets[0].columns[1].field == "证件号码"


def test_hidden_sheets_are_named_and_read_on_request(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2023年"
    ws.append(["姓名", "身份证号码", "注册日期"])
    ws.append(["王伟", ident("19750301"), "2023-03-01"])
    ws.sheet_state = "hidden"
    visible = wb.create_sheet("说明")
    visible.append(["本表为历年名单"])
    path = tmp_path / "hidden-sheet.xlsx"
    wb.save(path)
    with pytest.raises(ValueError, match=r"隐藏的工作表“2023年”中有表头.*--hidden-sheets include"):
        read_roster(path, "volunteers")
    assert len(read_roster(path, "volunteers", hidden=HiddenChoice(sheets="include")).rows) == 1
    named = read_roster(path, "volunteers", sheet="2023年")
    assert named.sheets[0].hidden and len(named.rows) == 1


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_every_encoding_chinese_offices_use(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "名单.csv"
    text = f"姓名\t身份证号码\t注册日期\r\n王伟\t{ident('19750301')}\t2024年3月1日\r\n"
    path.write_bytes(text.encode(encoding))
    roster = read_roster(path, "volunteers")
    assert roster.rows[0].values["姓名"] == "王伟"
    assert roster.rows[0].values["注册日期"] == "2024-03-01"


def test_a_month_formatted_date_cell_reads_as_year_month_and_a_date_as_a_date(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "注册日期", "出生日期"])
    ws.append(["王伟", ident("19750301"), dt.datetime(2024, 3, 15), dt.datetime(1975, 3, 1)])
    ws["C2"].number_format = "yyyy-mm-dd"
    ws["D2"].number_format = 'yyyy"年"m"月"'
    path = tmp_path / "dates.xlsx"
    wb.save(path)
    row = read_roster(path, "volunteers").rows[0]
    assert row.raw["注册日期"] == dt.datetime(2024, 3, 15)
    assert row.raw["出生日期"] == "1975-03"


@pytest.mark.parametrize(("rows", "text"), [
    ([3, 4, 5, 7], "3–5、7"), ([9], "9"), ([2, 1, 2], "1–2"),
    (list(range(1, 40, 2)), "1、3、5、7、9、11、13、15、17、19、21、23……"),
])
def test_rows_are_listed_compactly(rows: list[int], text: str) -> None:
    assert compact_rows(rows) == text
