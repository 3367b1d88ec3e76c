"""What an exported roster carries besides its values, read back with openpyxl: text cells for ID
numbers, phones and codes (so an edited cell is not turned into a number), drop-down lists on
choice columns, and a print setup on every sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from support import TODAY

from forms.model import Register, catalog
from forms.roster import write
from forms.roster.dropdowns import OPTIONS_SHEET
from forms.roster.write import FIRST_DATA_ROW, HEADER_ROW
from sync.excel.roster_export import SPARE_ROWS, export_excel
from sync.excel.roster_import import UNCHANGED, UPDATED, import_excel
from sync.store.store import Store

TEXT_KINDS = {"idnumber", "document", "uscc", "phone"}


def export(db: Path, out: Path, register: str | None = None, full_ids: bool = True) -> Path:
    with Store.open(db) as store:
        store.today = TODAY
        export_excel(store, out, register, full_ids=full_ids)
    return out


def columns(ws: Any) -> dict[str, str]:
    return {c.value: c.column_letter for c in ws[HEADER_ROW] if c.value}


def registers_in(wb: Any) -> list[tuple[Any, Register]]:
    return [(wb[reg.short], reg) for reg in catalog().ordered(include_profile=True) if reg.short in wb.sheetnames]


def test_codes_are_text_cells_in_text_columns(demo_db: Path, tmp_path: Path) -> None:
    wb = load_workbook(export(demo_db, tmp_path / "all.xlsx"))
    checked = 0
    for ws, reg in registers_in(wb):
        header = columns(ws)
        for name in reg.excel_columns:
            fld = reg.by_name[name]
            if fld.type.name not in TEXT_KINDS:
                continue
            letter = header[fld.label]
            # The column's own format covers rows a clerk types below the data later.
            assert ws.column_dimensions[letter].number_format == "@", (reg.short, name)
            for row in range(FIRST_DATA_ROW, ws.max_row + 1):
                cell = ws[f"{letter}{row}"]
                if cell.value is not None:
                    assert cell.number_format == "@", (reg.short, name, row, cell.value)
                    checked += 1
    assert checked > 100  # ID numbers and phones of members, supervisors, volunteers


def test_large_sheets_without_borders_still_have_text_cells(demo_db: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "STYLED_ROWS", 1)
    ws = load_workbook(export(demo_db, tmp_path / "v.xlsx", "volunteers"))["志愿者"]
    header = columns(ws)
    assert ws[f"B{FIRST_DATA_ROW}"].border.left.style is None  # the bare path
    ids = [ws[f"{header['证件号码']}{r}"] for r in range(FIRST_DATA_ROW, ws.max_row + 1)]
    assert ids and all(c.number_format == "@" and c.data_type == "s" for c in ids)
    # Free text is marked only where a spreadsheet would take it for a number (speed: 100,000 rows).
    assert ws[f"{header['姓名']}{FIRST_DATA_ROW}"].number_format == "General"
    assert ws[f"{header['注册日期']}{FIRST_DATA_ROW}"].number_format == "yyyy-mm-dd"  # a real date


@pytest.mark.parametrize(("value", "always", "text"), [
    ("350322197503010021", False, True), ("3503**********0021", True, True), ("3503**********0021", False, False),
    ("张三", False, False), ("3", False, True), ("2024-01", False, True), ("12:30", False, True),
    ("一组", False, False), (None, True, False),
])
def test_which_cells_need_the_text_format(value: str | None, always: bool, text: bool) -> None:
    assert write.needs_text_format(value, always) is text


def test_township_export_keeps_village_codes_as_text(sample_township: Path, tmp_path: Path) -> None:
    ws = load_workbook(export(sample_township, tmp_path / "t.xlsx", "两委成员"))["两委成员"]
    header = columns(ws)
    code = ws[f"{header['村代码']}{FIRST_DATA_ROW}"]
    assert code.value.isdigit() and len(code.value) == 12 and code.number_format == "@"
    assert ws.column_dimensions[header["村代码"]].number_format == "@"


def validations_by_column(ws: Any) -> dict[str, Any]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = (dv, rng)
    return out


def test_every_choice_column_of_an_export_has_its_drop_down(demo_db: Path, tmp_path: Path) -> None:
    wb = load_workbook(export(demo_db, tmp_path / "all.xlsx"))
    options = wb[OPTIONS_SHEET]
    assert options.sheet_state == "hidden"
    lists = {options.cell(1, c).value: [options.cell(r, c).value for r in range(2, options.max_row + 1)
                                        if options.cell(r, c).value is not None]
             for c in range(1, options.max_column + 1)}
    for ws, reg in registers_in(wb):
        header = columns(ws)
        found = validations_by_column(ws)
        rows = ws.max_row - HEADER_ROW
        for name in reg.excel_columns:
            fld = reg.by_name[name]
            letter = header[fld.label]
            if fld.computed or (fld.choice_list is None and fld.type.name != "bool"):
                assert letter not in found, (reg.short, name)  # no list, and no pop-up hints
                continue
            dv, rng = found[letter]
            assert dv.type == "list" and not dv.showInputMessage
            # From the first data row to well below the last one: rows typed later get the list too.
            assert (rng.min_row, rng.max_row) == (FIRST_DATA_ROW, FIRST_DATA_ROW + rows + SPARE_ROWS - 1)
            if fld.type.name == "bool":
                assert dv.formula1 == '"是,否"'
                continue
            sheet_ref, cells = dv.formula1.split("!")
            assert sheet_ref == f"'{OPTIONS_SHEET}'"
            assert lists[fld.choice_list.name] == fld.choice_list.values
            col, top, _, bottom = range_boundaries(cells.replace("$", ""))
            assert [options.cell(r, col).value for r in range(top, bottom + 1)] == fld.choice_list.values
            assert dv.errorStyle == ("information" if fld.type.name == "multi" else "stop")


def test_township_sheets_put_the_lists_after_the_village_columns(sample_township: Path,
                                                                 tmp_path: Path) -> None:
    ws = load_workbook(export(sample_township, tmp_path / "t.xlsx", "两委成员"))["两委成员"]
    header = columns(ws)
    found = validations_by_column(ws)
    assert header["村"] not in found and header["村代码"] not in found
    assert found[header["民族"]][0].type == "list"


def assert_print_setup(ws: Any, title_rows: str | None) -> None:
    assert ws.page_setup.orientation == "landscape", ws.title
    assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ws.print_title_rows == title_rows, ws.title


def test_every_exported_sheet_prints_landscape_a4_fitted_with_its_header(demo_db: Path,
                                                                         tmp_path: Path) -> None:
    wb = load_workbook(export(demo_db, tmp_path / "all.xlsx", full_ids=False))
    for ws, _reg in registers_in(wb):
        assert_print_setup(ws, "$3:$3")


def test_statistics_workbook_prints_landscape_a4_fitted_with_its_header(tmp_path: Path) -> None:
    from sync.demo.township import AS_OF, build_sample_township
    from sync.reports.statistics import compute
    from sync.reports.stats_excel import write_excel

    with build_sample_township(tmp_path / "t.db") as store:
        report = compute(store, as_of=AS_OF)
    wb = load_workbook(write_excel(report, tmp_path / "统计.xlsx"))
    for group in report.groups.values():
        # Two header rows: a share's 数量/分母/占比 stand under its title.
        assert_print_setup(wb[group.title[:31]], "$2:$3")
    assert_print_setup(wb["检查结果"], "$1:$1")
    assert_print_setup(wb["说明"], None)


def retype(cell: Any, text: str) -> None:
    """What a spreadsheet does with text typed into a cell: a cell formatted as text (``@``)
    keeps it; a General cell turns digits into a number (Excel keeps 15 significant digits)."""
    if cell.number_format == "@":
        cell.value = text
        return
    try:
        cell.value = float(f"{float(text):.15g}")
    except ValueError:
        cell.value = text


def test_round_trip_with_a_clerk_editing_id_and_phone_cells(demo_db: Path, tmp_path: Path) -> None:
    path = export(demo_db, tmp_path / "members.xlsx", "两委成员")
    wb = load_workbook(path)
    ws = wb["两委成员"]
    header = columns(ws)
    with Store.open(demo_db) as store:
        first = store.records("committee_members")[0]
    row = FIRST_DATA_ROW
    assert ws[f"{header['公民身份号码']}{row}"].value == first["公民身份号码"]
    # The clerk opens the ID cell (F2, Enter) without changing it, and types a new phone number.
    retype(ws[f"{header['公民身份号码']}{row}"], first["公民身份号码"])
    retype(ws[f"{header['联系电话']}{row}"], "13900001111")
    wb.save(path)
    with Store.open(demo_db) as store:
        store.today = TODAY
        report = import_excel(store, "committee_members", path)
        assert report.ok, "\n".join(report.lines())
        actions = [r.action for r in report.rows]
        assert actions[0] == UPDATED and set(actions[1:]) == {UNCHANGED}
        member = store.get(first["uuid"]).values
    assert member["公民身份号码"] == first["公民身份号码"]
    assert member["联系电话"] == "13900001111"


def test_template_prints_like_an_export(tmp_path: Path) -> None:
    from forms.roster.template import write_template

    wb = load_workbook(write_template(catalog().register("两委成员"), tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["两委成员", OPTIONS_SHEET]
    assert_print_setup(wb["两委成员"], "$3:$3")
