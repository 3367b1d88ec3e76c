"""Roster layout of exported sheets, and templates with drop-down lists and input hints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forms.identifiers import id_check_char
from forms.model import catalog
from forms.roster import write
from forms.roster.read import read_roster
from forms.roster.template import OPTIONS_SHEET, write_template
from forms.roster.write import SheetSpec, new_workbook, save_atomic, write_sheet

FIRST17 = "35032219750301001"
ID = FIRST17 + id_check_char(FIRST17)

VOLUNTEER = {
    "姓名": "王伟", "性别": "男", "证件类型": "居民身份证", "证件号码": ID, "出生日期": "1975-03-01",
    "居住村民小组": "一组", "联系电话": "13812345678", "服务技能": ["文体", "农技"],
    "可服务时段": ["周末"], "注册日期": "2024-01-05", "监护人同意": False, "状态": "在册",
    "累计服务时长": 12.5, "星级": "未达星级",
}


def export(tmp_path: Path, records: list[dict], full_ids: bool = False, village_columns: bool = False,
           register: str = "volunteers") -> Path:
    reg = catalog().registers[register]
    wb = new_workbook()
    spec = SheetSpec(reg, reg.short, f"东山村{reg.name}登记表", "填报单位：东山村", full_ids=full_ids,
                     village_columns=village_columns)
    write_sheet(wb, spec, records)
    return save_atomic(wb, tmp_path / "out.xlsx", expect_sheets=[reg.short])


def test_roster_layout_title_header_frozen_and_print_setup(tmp_path: Path) -> None:
    path = export(tmp_path, [VOLUNTEER])
    ws = load_workbook(path)["志愿者"]
    reg = catalog().registers["volunteers"]
    assert ws["A1"].value == "东山村志愿者登记表"
    assert "A1:" in str(ws.merged_cells) and ws["A1"].font.b
    assert ws["A2"].value == "填报单位：东山村"
    assert [c.value for c in ws[3]] == ["序号", *[reg.field(n).label for n in reg.excel_columns]]
    assert "累计服务时长（小时）" in [c.value for c in ws[3]]
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text
    assert ws.page_margins.left > ws.page_margins.right  # room to bind on the left


def test_values_masked_by_default_and_typed_for_excel(tmp_path: Path) -> None:
    ws = load_workbook(export(tmp_path, [VOLUNTEER]))["志愿者"]
    row = {ws.cell(3, c).value: ws.cell(4, c).value for c in range(1, ws.max_column + 1)}
    assert row["序号"] == 1
    assert row["证件号码"] == "3503**********" + ID[-4:]
    assert row["联系电话"] == "138****5678"
    assert row["出生日期"] == "1975.03.01"  # a year-month field: text, as rosters print it
    assert row["注册日期"] == dt.datetime(2024, 1, 5)  # a date field: a real Excel date
    assert row["服务技能"] == "文体、农技"
    assert row["监护人同意"] == "否"
    assert row["累计服务时长（小时）"] == 12.5
    assert row["全国志愿服务信息系统编号"] is None


def test_full_ids_on_request(tmp_path: Path) -> None:
    ws = load_workbook(export(tmp_path, [VOLUNTEER], full_ids=True))["志愿者"]
    values = [c.value for c in ws[4]]
    assert ID in values and "13812345678" in values


def test_column_widths_follow_content_and_id_columns_are_text(tmp_path: Path) -> None:
    ws = load_workbook(export(tmp_path, [VOLUNTEER], full_ids=True))["志愿者"]
    header = {c.value: c.column_letter for c in ws[3]}
    assert ws.column_dimensions[header["证件号码"]].width >= 18
    assert ws.column_dimensions[header["序号"]].width < ws.column_dimensions[header["证件号码"]].width
    assert ws.column_dimensions[header["证件号码"]].number_format == "@"
    assert ws.column_dimensions[header["联系电话"]].number_format == "@"


def test_township_sheet_has_village_columns(tmp_path: Path) -> None:
    record = {**VOLUNTEER, write.ROW_VILLAGE_NAME: "东山村", write.ROW_VILLAGE_CODE: "350322111202"}
    ws = load_workbook(export(tmp_path, [record], village_columns=True))["志愿者"]
    assert [c.value for c in ws[3]][:4] == ["序号", "村", "村代码", "姓名"]
    assert [c.value for c in ws[4]][:4] == [1, "东山村", "350322111202", "王伟"]


def test_small_sheets_have_borders_large_ones_take_the_bare_path(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load_workbook(export(tmp_path, [VOLUNTEER]))["志愿者"]
    assert ws["B4"].border.left.style == "thin"
    monkeypatch.setattr(write, "STYLED_ROWS", 1)
    ws = load_workbook(export(tmp_path, [VOLUNTEER, VOLUNTEER]))["志愿者"]
    assert ws["B4"].border.left.style is None
    assert ws["B5"].value == "王伟"


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = export(tmp_path, [VOLUNTEER])
    assert path.exists() and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    wb = new_workbook()
    wb.create_sheet("x").append([1])
    with pytest.raises(OSError, match="缺少工作表"):
        save_atomic(wb, tmp_path / "out.xlsx", expect_sheets=["不存在"])
    # The earlier file is untouched and no temporary file remains.
    assert load_workbook(path).sheetnames == ["志愿者"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


@pytest.mark.parametrize("register", [r.key for r in catalog().ordered(include_profile=True)])
def test_template_has_a_dropdown_for_every_choice_field_and_a_hint_everywhere(tmp_path: Path,
                                                                           register: str) -> None:
    reg = catalog().registers[register]
    path = write_template(reg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [reg.short, OPTIONS_SHEET]
    assert wb[OPTIONS_SHEET].sheet_state == "hidden"
    ws = wb[reg.short]
    header = {c.value: c.column_letter for c in ws[3]}
    validations = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validations[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    options = wb[OPTIONS_SHEET]
    lists = {options.cell(1, c).value: [options.cell(r, c).value for r in range(2, options.max_row + 1)
                                        if options.cell(r, c).value is not None]
             for c in range(1, options.max_column + 1)}
    for fld in reg.fields:
        dv = validations[header[fld.label]]
        assert dv.showInputMessage and dv.prompt, fld.name
        if fld.computed:
            assert "自动计算" in dv.prompt
        elif fld.choice_list is not None:
            assert dv.type == "list", fld.name
            sheet_ref, _cells = dv.formula1.split("!")
            assert sheet_ref == f"'{OPTIONS_SHEET}'"
            assert lists[fld.choice_list.name] == fld.choice_list.values
            assert dv.errorStyle == ("information" if fld.type.name == "multi" else "stop")
        elif fld.type.name == "bool":
            assert dv.type == "list" and dv.formula1 == '"是,否"'
        if fld.required and fld.default is None and not fld.derive and not fld.computed:
            assert dv.prompt.startswith("必填"), fld.name
            assert ws[f"{header[fld.label]}3"].font.color.rgb.endswith("C00000")


def test_template_hints_say_how_to_write_a_value(tmp_path: Path) -> None:
    ws = load_workbook(write_template(catalog().register("两委成员"), tmp_path / "t.xlsx"))["两委成员"]
    prompts = {dv.promptTitle: dv.prompt for dv in ws.data_validations.dataValidation}
    assert "18位" in prompts["公民身份号码"]
    assert "1975" in prompts["入党时间"] or "2026-03-18" in prompts["入党时间"]
    assert "自动生成" in prompts["性别"]
    assert "手机" in prompts["联系电话"]
    assert "多项" in prompts["兼任职务"]


def test_filled_template_imports(tmp_path: Path) -> None:
    path = write_template(catalog().register("volunteers"), tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb["志愿者"]
    header = [c.value for c in ws[3]]
    ws.cell(4, 1, 1)
    ws.cell(4, header.index("姓名") + 1, "王伟")
    ws.cell(4, header.index("证件号码") + 1, ID)
    ws.cell(4, header.index("注册日期") + 1, "2024.1.5")
    wb.save(path)
    roster = read_roster(path, "volunteers")
    assert [s.name for s in roster.sheets] == ["志愿者"]
    assert roster.rows[0].values == {**{n: None for n in roster.sheets[0].fields},
                                     "姓名": "王伟", "证件号码": ID, "注册日期": "2024-01-05"}
