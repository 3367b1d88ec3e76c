"""Reading rosters as villages keep them: every habit the issue lists, in workbooks built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from forms.identifiers import id_check_char
from forms.model import catalog
from forms.roster.read import RosterError, read_roster


def ident(birth: str, seq: str = "001") -> str:
    first17 = f"350322{birth}{seq}"
    return first17 + id_check_char(first17)


MAN = ident("19750301", "013")  # odd sequence: 男
WOMAN = ident("19800512", "024")  # even: 女
WITH_X = next(n for n in (ident("19491231", f"{k:03d}") for k in range(2, 999, 2)) if n.endswith("X"))


def save(wb: Workbook, tmp_path: Path, name: str = "roster.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


def only_rows(path: Path, register: str = "committee_members", **kw: Any) -> list[Any]:
    return read_roster(path, register, **kw).rows


def test_title_lines_two_row_merged_header_total_and_signature_lines(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["东山村村“两委”成员花名册"])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位：东山村（盖章）", None, None, None, None, None, "截至日期：2026年11月20日"])
    ws.append([])
    ws.append(["序号", "姓 名", "性别", "民族", "身份证号码", "出生年月", "政治面貌", "学历", "职务", None, "手机"])
    ws.append([None] * 8 + ["党内职务", "行政职务", None])
    for col in "ABCDEFGHK":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("I4:J4")
    ws.append([1, "王　伟", "男", "汉", MAN, dt.datetime(1975, 3, 1), "党员", "大专", "支部书记", "村主任",
               "138 1234 5678"])
    ws.append([])
    ws.append([2, "林秀英", "女", "汉族", WOMAN, "1980.05", "中共党员", "本科", "组织委员", "委员", "138-1234-5679"])
    ws.append(["合计", "2人"])
    ws.append(["填表人：张三", None, None, "审核人：李四", None, None, "填表日期：2026年11月20日"])
    ws.append(["注：本表一式两份"])
    roster = read_roster(save(wb, tmp_path), "两委成员")

    sheet = roster.sheets[0]
    assert (sheet.header_first, sheet.header_last) == (4, 5)
    assert {c.letter: c.field for c in sheet.columns if c.field} == {
        "B": "姓名", "C": "性别", "D": "民族", "E": "公民身份号码", "F": "出生年月", "G": "政治面貌",
        "H": "文化程度", "I": "党组织职务", "J": "村委会职务", "K": "联系电话"}
    assert [r.row for r in roster.rows] == [6, 8]
    first, second = roster.rows
    assert first.values == {
        "姓名": "王伟", "性别": "男", "民族": "汉族", "公民身份号码": MAN, "出生年月": "1975-03-01",
        "政治面貌": "中共党员", "文化程度": "大学专科", "党组织职务": "书记", "村委会职务": "主任",
        "联系电话": "13812345678"}
    assert first.problems == []
    assert second.values["出生年月"] == "1980-05"
    assert second.values["联系电话"] == "13812345679"
    # 组织委员 in the 党内职务 column is both the post and the duty.
    assert second.values["党组织职务"] == "委员"
    assert second.values["委员分工"] == "组织"
    assert [(s.row, s.reason) for s in roster.skipped] == [
        (9, "合计行"), (10, "签名或说明行"), (11, "签名或说明行")]


@pytest.mark.parametrize("text", ["1975-03-01", "1975/3/1", "1975.3.1", "1975年3月1日", "19750301",
                                  " 1975-03-01 ", "１９７５－０３－０１".replace("－", "-")])
def test_each_full_date_form(tmp_path: Path, text: str) -> None:
    rows = only_rows(save(_one_column_roster("入党时间", text), tmp_path))
    assert rows[0].values["入党时间"] == "1975-03-01"
    assert rows[0].problems == []


@pytest.mark.parametrize("text", ["1975.03", "1975年3月", "1975-3", "197503"])
def test_year_and_month_forms_keep_the_month(tmp_path: Path, text: str) -> None:
    # 入党时间 is a year-month field: no day is invented (issue 11).
    rows = only_rows(save(_one_column_roster("入党时间", text), tmp_path))
    assert rows[0].values["入党时间"] == "1975-03"


@pytest.mark.parametrize(("cell", "expected"), [
    (dt.datetime(1975, 3, 1), "1975-03-01"),  # a real Excel date
    (dt.date(1975, 3, 1), "1975-03-01"),
    (27454, "1975-03-01"),  # an Excel serial that lost its date format
    (1975.03, "1975-03"),  # 1975.03 typed into a General cell becomes a number
    (197503, "1975-03"),
    (19750301, "1975-03-01"),
    (1975.12, "1975-12"),
])
def test_dates_stored_as_numbers(tmp_path: Path, cell: Any, expected: str) -> None:
    rows = only_rows(save(_one_column_roster("入党时间", cell), tmp_path))
    assert rows[0].values["入党时间"] == expected
    assert [p for p in rows[0].problems if p.severity == "error"] == []


def test_ambiguous_numeric_month_is_read_as_january_with_a_note(tmp_path: Path) -> None:
    rows = only_rows(save(_one_column_roster("入党时间", 1975.1), tmp_path))
    assert rows[0].values["入党时间"] == "1975-01"
    assert [p.severity for p in rows[0].problems] == ["warning"]
    assert "10月" in rows[0].problems[0].message


@pytest.mark.parametrize(("header", "field"), [
    ("身份证号", "公民身份号码"), ("身份证号码", "公民身份号码"), ("公民身份号码", "公民身份号码"),
    ("学历", "文化程度"), ("文化程度", "文化程度"),
    ("党内职务", "党组织职务"), ("党组织职务", "党组织职务"), ("支部职务", "党组织职务"),
    ("行政职务", "村委会职务"), ("村委会职务", "村委会职务"), ("村(居)委会职务", "村委会职务"),
    ("村（居）委会职务", "村委会职务"),
    ("手机", "联系电话"), ("手机号", "联系电话"), ("联系电话", "联系电话"), ("联系方式", "联系电话"),
    ("任职时间", "任职时间"), ("任现职时间", "任职时间"),
    ("联系电话（手机）", "联系电话"), (" 姓\n名 ", "姓名"), ("姓名：", "姓名"), ("*姓名", "姓名"),
    ("ＦＵＬＬ", None),
])
def test_header_variants(tmp_path: Path, header: str, field: str | None) -> None:
    wb = Workbook()
    wb.active.append(["序号", "民族", "政治面貌", header])
    wb.active.append([1, "汉族", "群众", "x"])
    sheet = read_roster(save(wb, tmp_path), "committee_members").sheets[0]
    assert sheet.columns[3].field == field
    if field is None:
        assert sheet.columns[3].note == "未识别，不导入"


@pytest.mark.parametrize(("header", "cell", "expected"), [
    ("文化程度", "大专", "大学专科"), ("文化程度", "本科", "大学本科"), ("文化程度", "高中", "普通高中"),
    ("政治面貌", "党员", "中共党员"), ("政治面貌", "预备党员", "中共预备党员"), ("民族", "汉", "汉族"),
    ("民族", "苗", "苗族"), ("性别", "女性", "女"), ("村委会职务", "村委会主任", "主任"),
    ("兼任职务", "妇女主任，民兵连长", ["妇联主席", "民兵连长"]),
    ("公民身份号码", WITH_X.lower(), WITH_X),
    ("公民身份号码", " ".join([MAN[:6], MAN[6:14], MAN[14:]]), MAN),
    ("公民身份号码", MAN.translate(str.maketrans("0123456789", "０１２３４５６７８９")), MAN),
    ("联系电话", "138 1234 5678", "13812345678"), ("联系电话", "138-1234-5678", "13812345678"),
    ("联系电话", 13812345678, "13812345678"), ("联系电话", "0594-7654321", "0594-7654321"),
    ("联系电话", "１３８１２３４５６７８", "13812345678"),
    ("专业", "  农学 ", "农学"), ("姓名", " 林  秀英 ", "林秀英"),
])
def test_value_variants(tmp_path: Path, header: str, cell: Any, expected: Any) -> None:
    rows = only_rows(save(_one_column_roster(header, cell), tmp_path))
    field = catalog().registers["committee_members"].field(header).name
    assert rows[0].values[field] == expected
    assert rows[0].problems == []


def test_lowercase_x_is_accepted(tmp_path: Path) -> None:
    assert WITH_X.endswith("X")
    rows = only_rows(save(_one_column_roster("公民身份号码", WITH_X.lower()), tmp_path))
    assert rows[0].values["公民身份号码"] == WITH_X
    assert rows[0].problems == []


def test_id_number_excel_stored_as_number_is_refused_with_the_reason(tmp_path: Path) -> None:
    rows = only_rows(save(_one_column_roster("公民身份号码", 3.50322197503010e17), tmp_path))
    assert rows[0].problems[0].column == "C"
    assert "存成了数字" in rows[0].problems[0].message


def test_masked_id_number_is_refused_with_the_reason(tmp_path: Path) -> None:
    rows = only_rows(save(_one_column_roster("公民身份号码", "3503**********0013"), tmp_path))
    assert "打码" in rows[0].problems[0].message


def test_not_applicable_marks_are_empty(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "入党时间", "委员分工", "专业"])
    wb.active.append(["王伟", "/", "—", "-"])
    row = only_rows(save(wb, tmp_path))[0]
    assert row.values == {"姓名": "王伟", "入党时间": None, "委员分工": None, "专业": None}


def test_group_cell_merged_down_fills_each_member(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["志愿者花名册"])
    ws.append(["序号", "姓名", "身份证号", "所在组", "注册日期"])
    ws.append([1, "王伟", MAN, "一组", "2024-01-05"])
    ws.append([2, "林秀英", WOMAN, None, "2024-01-06"])
    ws.append([3, "陈明", ident("19900101", "031"), "二组", "2024-01-07"])
    ws.merge_cells("D3:D4")
    rows = only_rows(save(wb, tmp_path), "volunteers")
    assert [r.values["居住村民小组"] for r in rows] == ["一组", "一组", "二组"]


def test_roster_split_over_several_sheets_reads_them_all(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请按要求填写"])
    for group, people in (("一组", [("王伟", MAN)]), ("二组", [("林秀英", WOMAN)])):
        ws = wb.create_sheet(group)
        ws.append([f"{group}志愿者名单"])
        ws.append(["姓名", "证件号码", "注册日期"])
        for name, number in people:
            ws.append([name, number, dt.datetime(2024, 3, 1)])
    roster = read_roster(save(wb, tmp_path), "volunteers")
    assert [s.name for s in roster.sheets] == ["一组", "二组"]
    assert [(r.sheet, r.row, r.values["姓名"]) for r in roster.rows] == [("一组", 3, "王伟"), ("二组", 3, "林秀英")]
    assert roster.other_sheets == [("填表说明", "没有可识别的表头")]


def test_sheet_named_for_the_register_wins_and_other_registers_are_left(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "两委成员"
    wb.active.append(["姓名", "公民身份号码", "民族", "性别"])
    wb.active.append(["王伟", MAN, "汉族", "男"])
    ws = wb.create_sheet("监委会")
    ws.append(["姓名", "公民身份号码", "职务"])
    ws.append(["林秀英", WOMAN, "主任"])
    committee = read_roster(save(wb, tmp_path), "committee_members")
    supervisors = read_roster(tmp_path / "roster.xlsx", "supervisory_committee")
    assert [r.values["姓名"] for r in committee.rows] == ["王伟"]
    assert [r.values["姓名"] for r in supervisors.rows] == ["林秀英"]
    assert read_roster(tmp_path / "roster.xlsx", "supervisory_committee", sheet="两委成员").rows[0].values[
        "姓名"] == "王伟"


def test_repeated_header_and_title_lines_inside_the_data_are_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "民族"])
    ws.append(["王伟", MAN, "汉族"])
    ws.append(["东山村两委成员花名册（续）"])
    ws.append(["姓名", "身份证号", "民族"])
    ws.append(["林秀英", WOMAN, "汉族"])
    roster = read_roster(save(wb, tmp_path), "committee_members")
    assert [r.row for r in roster.rows] == [2, 5]
    assert [s.reason for s in roster.skipped] == ["标题行", "重复的表头"]


def test_remap_changes_a_column_and_reparses(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "电话号"])
    wb.active.append(["王伟", MAN, "13812345678"])
    roster = read_roster(save(wb, tmp_path), "committee_members")
    assert roster.sheets[0].columns[2].field is None
    remapped = roster.remap(roster.sheets[0].name, 2, "联系电话")
    assert remapped.rows[0].values["联系电话"] == "13812345678"
    assert remapped.header_mapping()["电话号"] == "联系电话"
    # What the clerk chose is remembered by header text and applied on the next read.
    again = read_roster(tmp_path / "roster.xlsx", "committee_members", header_mapping=remapped.header_mapping())
    assert again.rows[0].values["联系电话"] == "13812345678"
    unmapped = again.remap(again.sheets[0].name, 0, None)
    assert "姓名" not in unmapped.rows[0].values
    assert unmapped.sheets[0].columns[0].note == "已选择不导入"


def test_a_duplicate_column_is_not_remembered_as_not_imported(tmp_path: Path) -> None:
    # This year: 手机 and 联系电话, the second left out as a duplicate. Next year: 联系电话 alone.
    wb = Workbook()
    wb.active.append(["姓名", "手机", "联系电话", "备注"])
    wb.active.append(["王伟", "13812345678", "0594-7654321", "x"])
    this_year = read_roster(save(wb, tmp_path), "committee_members")
    assert this_year.sheets[0].columns[2].note == "与B列重复，不导入"
    chosen = this_year.remap(this_year.sheets[0].name, 3, None)  # the clerk leaves 备注 out
    remembered = chosen.header_mapping()
    wb = Workbook()
    wb.active.append(["姓名", "联系电话", "备注"])
    wb.active.append(["林秀英", "0594-7654322", "y"])
    next_year = read_roster(save(wb, tmp_path, "next.xlsx"), "committee_members", header_mapping=remembered)
    assert next_year.rows[0].values["联系电话"] == "0594-7654322"
    assert "备注" not in next_year.rows[0].values
    assert next_year.sheets[0].columns[2].note == "已选择不导入"
    assert remembered == {"备注": None}  # what the clerk chose, nothing merely detected


def test_a_field_claimed_by_two_columns_stays_with_the_first(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "手机", "联系电话"])
    wb.active.append(["王伟", "13812345678", "0594-7654321"])
    sheet = read_roster(save(wb, tmp_path), "committee_members").sheets[0]
    assert [c.field for c in sheet.columns] == ["姓名", "联系电话", None]
    assert sheet.columns[2].note == "与B列重复，不导入"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls 已损坏"),
    ("old2.xls", b"\xd0\xcf\x11\xe0", "old2.xls 无法作为旧版 .xls 文件读取"),
    ("broken.xlsx", b"not a zip", "文件名是 .xlsx，但内容实际是 CSV 文本，.*找不到志愿者的表头"),
    ("cut.xlsx", b"PK\x03\x04" + b"\0" * 40, "已损坏"),
    ("list.csv", b"a,b", "找不到志愿者的表头"),
    ("empty.xlsx", b"", "空文件"),
    ("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
])
def test_unreadable_files_get_a_chinese_reason(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterError, match=message):
        read_roster(path, "volunteers")


def test_no_header_found_names_the_register(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["随便", "写写"])
    with pytest.raises(RosterError, match="找不到志愿者的表头"):
        read_roster(save(wb, tmp_path), "volunteers")
    with pytest.raises(RosterError, match="没有名为“三组”的工作表"):
        read_roster(tmp_path / "roster.xlsx", "volunteers", sheet="三组")


# ------------------------------------------------------------------ helpers
def _one_column_roster(header: str, cell: Any) -> Workbook:
    """A two-column roster (姓名 + the column under test), or three when testing 姓名 itself."""
    wb = Workbook()
    ws = wb.active
    if header == "姓名":
        ws.append(["民族", "性别", header])
        ws.append(["汉族", "男", cell])
    else:
        ws.append(["序号", "姓名", header])
        ws.append([1, "王伟", cell])
    return wb
