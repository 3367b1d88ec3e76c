"""Make the rosters of registers 9–10 and the profile's 荣誉称号 (issue 14) for this folder, laid
out as village offices lay them out. Run from the repository root:
``.venv/bin/python tests/data/rosters/make_bodies_rosters.py``. Deterministic: fixed people.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from forms.identifiers import id_check_char  # noqa: E402

TITLE_FONT = Font(name="宋体", size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# (姓名, 性别, 出生日期)
PEOPLE = [
    ("林秀英", "女", dt.date(1975, 3, 1)), ("王建国", "男", dt.date(1968, 5, 12)),
    ("陈晓梅", "女", dt.date(1982, 9, 30)), ("张伟", "男", dt.date(1979, 1, 8)),
    ("黄丽华", "女", dt.date(1971, 11, 2)), ("郑国强", "男", dt.date(1965, 6, 18)),
    ("吴春兰", "女", dt.date(1988, 2, 14)), ("李志明", "男", dt.date(1973, 7, 7)),
    ("周桂英", "女", dt.date(1962, 12, 24)), ("刘海涛", "男", dt.date(1990, 4, 4)),
]


def ident(i: int) -> str:
    _, sex, birth = PEOPLE[i]
    first17 = f"350322{birth:%Y%m%d}{30 + 2 * i + (1 if sex == '男' else 0):03d}"
    return first17 + id_check_char(first17)


def title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    ws.cell(ws.max_row, 1).alignment = CENTER


def text_column(ws, letter: str, first: int, last: int) -> None:
    for row in range(first, last + 1):
        ws[f"{letter}{row}"].number_format = "@"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def key_people(out: Path) -> None:
    """村级骨干 as a WPS roster: merged title, 填报单位, a two-row header (基本情况 over 姓名…,
    联系群众 over 所在村民小组/联系户数), several roles in one cell written every way clerks write
    them, an outside 法律顾问 without an ID number, a role not in the list, 合计 and signatures."""
    wb = Workbook()
    ws = wb.active
    ws.title = "村级骨干"
    title(ws, "东山村村民代表、村民小组长、网格员等村级骨干花名册", 11)
    ws.append(["填报单位：东山村民委员会（盖章）", None, None, None, None, None, None, "截至：2026年11月20日"])
    ws.append(["序号", "基本情况", None, None, None, "政治面貌", "担任职务", "联系群众", None, "手机号码", "备注"])
    ws.append([None, "姓名", "性别", "民族", "身份证号码", None, None, "所在村民小组", "联系户数", None, None])
    for col in "AFGJK":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("B3:E3")
    ws.merge_cells("H3:I3")
    rows = [
        (0, "村民代表、网格员", "一组", 12, "13805941001"),
        (1, "村民小组长/村民代表", "二组", 14, "13805941002"),
        (2, "代表，组长", "三组", 16, fullwidth("13805941003")),  # 16 households: a warning
        (3, "村警", "一组", None, "13805941004"),
        (4, "调解员 治保主任", "四组", None, "13805941005"),
        (5, "专职网格员、网格长", "二组", None, "13805941006"),
        (6, "妇女主任", "三组", None, "13805941007"),  # not a role of this roster: refused
        (7, "村民代表", "四组", 9, "13805941008"),
    ]
    for n, (i, roles, group, households, phone) in enumerate(rows, 1):
        name, sex, _birth = PEOPLE[i]
        ws.append([n, name, sex, "汉", ident(i), "群众" if i % 2 else "中共党员", roles, group, households,
                   phone, None])
    # The county's lawyer: no ID number given, as the spec allows.
    ws.append([len(rows) + 1, "周桂英", "女", "汉", None, "群众", "一村一法律顾问", None, None, "13805941009",
               "县司法局选派"])
    text_column(ws, "E", 5, ws.max_row)
    ws.append(["合计", f"{len(rows) + 1}人"])
    ws.append(["填表人：林文书", None, None, "审核人：王建国", None, None, "填表日期：2026年11月20日"])
    wb.save(out)


def village_bodies(out: Path) -> None:
    """村级组织 as a village keeps it: short names for the types (调委会, 治保会, 红白喜事理事会,
    事管委, 组管委, 团支部, 妇联), dates written three ways, a body that was dissolved."""
    wb = Workbook()
    ws = wb.active
    ws.title = "村级组织"
    title(ws, "东山村村级组织情况登记表", 8)
    ws.append(["序号", "组织名称", "类型", "成立时间", "负责人", "联系电话", "成员人数", "状态"])
    bodies = [
        ("东山村人民调解委员会", "调委会", "2009年3月1日", "王建国", 5, "正常"),
        ("东山村治安保卫委员会", "治保会", "2009/3/1", "张伟", 5, "正常"),
        ("东山村红白理事会", "红白喜事理事会", dt.datetime(2017, 5, 20), "郑国强", 7, "正常"),
        ("东山村村务管理委员会", "事管委", "2018.6.1", "李志明", 5, "正常"),
        ("一组村民小组事务管理委员会", "组管委", "2019.1.10", "林秀英", 3, "正常"),
        ("东山村团支部", "团支部", "2005.5.4", "刘海涛", 23, "正常"),
        ("东山村妇联", "妇联", "2017.3.8", "黄丽华", 9, "正常"),
        ("东山村乡风文明理事会", "村民理事会", "2016.8.1", "周桂英", 11, "撤销"),
    ]
    for n, (name, kind, founded, head, members, state) in enumerate(bodies, 1):
        ws.append([n, name, kind, founded, head, f"1390594{n:04d}", members, state])
        if isinstance(founded, dt.datetime):
            ws.cell(ws.max_row, 4).number_format = 'yyyy"年"m"月"d"日"'
    ws.append(["合计", "8个"])
    wb.save(out)


def village_honors(out: Path) -> None:
    """荣誉称号 with no 村 column (the village's own list), 级别 written 全国 / 市级 / 县（区）级,
    years as numbers, a title of a 类别 not in the list written in full."""
    wb = Workbook()
    ws = wb.active
    ws.title = "荣誉"
    title(ws, "东山村获得荣誉及示范创建情况", 6)
    ws.append(["序号", "荣誉名称", "类别", "级别", "年份", "命名单位"])
    honors = [
        ("全国民主法治示范村（社区）", "民主法治示范村（社区）", "全国", 2019, "司法部、民政部"),
        ("福建省村规民约示范村", "村规民约示范村", "省级", 2021, "福建省民政厅"),
        ("泉州市文明村", "文明村镇", "市级", 2022, "泉州市精神文明建设委员会"),
        ("仙游县乡村治理示范村", "乡村治理示范村", "县（区）级", 2023, "仙游县委农办"),
        ("仙游县卫生村", "其他", "县级", 2020, "仙游县爱卫会"),
    ]
    for n, row in enumerate(honors, 1):
        ws.append([n, *row])
    wb.save(out)


def one_list_per_role(out: Path) -> None:
    """村级骨干 kept as one list per role in one sheet: a section line (一、村民代表 …) above each
    list, the same people in several lists (林秀英 is 村民代表 and 网格员, 王建国 村民代表 and 组长),
    one of them in a list twice by mistake."""
    wb = Workbook()
    ws = wb.active
    ws.title = "骨干名单"
    title(ws, "东山村村级骨干名单（按职务）", 6)
    ws.append(["序号", "姓名", "性别", "身份证号码", "职务", "联系户数"])
    sections = [
        ("一、村民代表", [(0, "村民代表", 12), (1, "村民代表", 14), (2, "村民代表", 13), (7, "村民代表", 11)]),
        ("二、村民小组长", [(1, "村民小组长", None), (9, "村民小组长", None)]),
        ("三、网格员", [(0, "兼职网格员", None), (5, "专职网格员", None), (0, "兼职网格员", None)]),
    ]
    n = 0
    for heading, people in sections:
        ws.append([heading])
        for i, role, households in people:
            n += 1
            name, sex, _birth = PEOPLE[i]
            ws.append([n, name, sex, ident(i), role, households])
    text_column(ws, "D", 3, ws.max_row)
    wb.save(out)


def main() -> None:
    key_people(HERE / "30_key_people_roles_in_one_cell.xlsx")
    village_bodies(HERE / "31_village_bodies_short_names.xlsx")
    village_honors(HERE / "32_honors_without_village.xlsx")
    one_list_per_role(HERE / "33_key_people_one_list_per_role.xlsx")
    print("made the rosters of registers 9–10 and the profile's titles in", HERE)


if __name__ == "__main__":
    main()
