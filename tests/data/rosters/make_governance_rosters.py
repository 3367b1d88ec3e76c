"""Make the rosters of the 村务 registers 6–8 in this folder (31_, 32_, 33_): a 重大事项 register
kept in WPS with "四议"/"两公开" over a two-row header, a 会议记录 book, a 村务公开 list saved as
GBK CSV. Their traps are in README.md and the expectations beside each file.

Run from the repository root: ``.venv/bin/python tests/data/rosters/make_governance_rosters.py``.
Deterministic: the same content each time. No real matter or person.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
TITLE_FONT = Font(name="宋体", size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    ws.cell(ws.max_row, 1).alignment = CENTER


def wps_major_decisions(out: Path) -> None:
    """四议 over 提议/商议/审议/决议, 表决情况 over the counts, 两公开 over the two postings; dates
    written five ways; 涉及金额 with its unit; aliases (一事一议, 村民代表大会, 已实施); a 是否通过
    column the village worked out itself; a matter one short of the quorum, one with a step left
    out, one with a step before the one it follows; a 合计 line and signatures."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重大事项"
    title(ws, "东山村重大事项决策（“四议两公开”）登记表", 18)
    ws.append(["填报单位：东山村村民委员会（盖章）", None, None, None, None, None, None, None, None, None,
               "填报日期：2026年11月20日"])
    ws.append(["序号", "事项名称", "事项类别", "涉及金额（万元）", "四议", None, None, None, "决议方式",
               "表决情况", None, None, None, None, "两公开", None, "实施情况", "是否通过"])
    ws.append([None] * 4 + ["提议", "商议", "审议", "决议", None, "应到人数", "实到人数", "赞成", "反对",
                            "弃权", "决议公开", "实施结果公开", None, None])
    for col in "ABCDIQR":
        ws.merge_cells(f"{col}3:{col}4")
    for span in ("E3:H3", "J3:N3", "O3:P3"):
        ws.merge_cells(span)
    rows = [
        # 5: four ways of writing a date, a date cell; 86.5万元; 一事一议; 已实施
        ["村道硬化及路灯安装", "一事一议", "86.5万元", "2026.3.2", "2026年3月5日", "20260309",
         dt.datetime(2026, 3, 15), "村民会议", 1650, 900, 850, 20, 30, "2026.3.16", "2026.9.30", "已实施", "是"],
        # 6: exactly two thirds of the representatives (30 of 45): enough
        ["2026年度村集体收支预算", "预算", 42, "2026-01-05", "2026-01-08", "2026-01-12", "2026-01-16",
         "村民代表大会", 45, 30, 28, 1, 1, "2026-01-17", None, "实施中", "是"],
        # 7: one short (29 of 45): refused (组织法 art. 26)
        ["集体茶园对外承包", "集体项目", 12, "2026.4.1", "2026.4.3", "2026.4.10", "2026.4.16",
         "村民代表会议", 45, 29, 27, 1, 1, "2026.4.17", None, "实施中", "是"],
        # 8: 商议 left out while later steps are dated: refused (条例 art. 19)
        ["村文化广场改造", "公益事业", 30, "2026.5.6", None, "2026.5.12", "2026.5.20", "村民会议",
         1650, 880, 800, 40, 40, "2026.5.21", None, "实施中", "是"],
        # 9: three steps on one day: in order
        ["秸秆综合利用补贴发放", "集体经济收益使用", 8, "2026.6.1", "2026.6.3", "2026.6.3", "2026.6.3",
         "村民会议", 1650, 860, 800, 30, 30, "2026.6.4", "2026.8.31", "已完成", "是"],
        # 10: 商议 before 提议: refused
        ["宅基地审批方案", "宅基地", None, "2026.7.10", "2026.7.8", "2026.7.15", None, None,
         None, None, None, None, None, None, None, "未实施", None],
        # 11: only proposed so far
        ["2027年村庄规划修编", "村庄规划", None, "2026.11.2", None, None, None, None,
         None, None, None, None, None, None, None, "未开始", None],
    ]
    for i, row in enumerate(rows):
        ws.append([i + 1, *row])
        ws.cell(ws.max_row, 8).number_format = "yyyy-mm-dd"
    ws.append(["合计", None, None, "178.5万元"])
    ws.append(["填表人：林文书", None, None, "审核人：王建国", None, None, "村党组织书记：王建国"])
    wb.save(out)


def meeting_book(out: Path) -> None:
    """A 会议记录 book: its own column names (日期, 会议名称, 组别, 参会人数, 参与主体, 关联重大事项,
    记录人), meeting types as villages call them (组务会, 两委会, 村民代表大会, 恳谈会, 听证会),
    groups written 第三组 / 5组, 45人; a group meeting one short of two thirds, a hearing that
    resolved more than it discussed, a 两委会 linked to a matter this village never recorded,
    more women than people present; a 合计 line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "会议记录"
    title(ws, "东山村2026年会议及民主协商记录", 12)
    ws.append(["序号", "日期", "会议名称", "组别", "会议议题", "应到人数", "参会人数", "妇女人数", "参与主体",
               "协商事项", "解决事项", "关联重大事项", "记录人"])
    rows = [
        ["2026/3/12", "村民代表大会", None, "村道硬化筹资方案", 45, 38, 12, None, None, None, None, "林文书"],
        [dt.datetime(2026, 4, 8), "组务会", "第三组", "灌溉渠清淤分工", 60, 40, 15, None, None, None, None,
         "张组长"],
        ["2026.5.6", "组务会", "5组", "组内道路保洁轮值", 60, 39, 14, None, None, None, None, "李组长"],
        ["2026年6月18日", "恳谈会", None, "垃圾分类收集点选址", None, 26, 9, "村民、乡贤、驻村单位", 3, 3,
         None, "林文书"],
        ["2026.7.2", "听证会", None, "低保评议", None, 30, 10, "村民代表,利益相关方", 2, 3, None, "林文书"],
        ["2026.8.20", "两委会", None, "茶园承包商议", 9, 7, 2, None, None, None, "集体茶园对外承包",
         "林文书"],
        ["2026.9.15", "党员大会", None, "党费收缴情况通报", 46, 40, 11, None, None, None, None, "王书记"],
        ["2026.10.10", "村民代表会议", None, "第三季度村务工作通报", 45, "45人", 13, None, None, None, None,
         "林文书"],
        ["2026.11.5", "民主协商会", None, "文化广场开放时间", None, 20, 21, "村民", 2, 1, None, "林文书"],
    ]
    for i, row in enumerate(rows):
        ws.append([i + 1, *row])
    ws.cell(4, 2).number_format = "yyyy/m/d"
    ws.append(["合计", None, None, None, None, None, None, None, None, 7, 7])
    wb.save(out)


def gbk_disclosures(out: Path) -> None:
    """A 村务公开 list saved by Chinese Excel as CSV (GBK, CRLF): 公开时间/公开事项/公开形式/公示天数
    for the field names, 财务公开/居务 for the 类别, lists joined with 、；/ and spaces, 15天, √;
    a date that does not exist (2026/13/2) and a 类别 that is none of 党务/村务/财务; a 合计 line."""
    lines = [
        "序号,公开时间,公开类别,公开事项,公开内容,公开形式,公示天数,监委会审核,备注",
        "1,2026/3/31,财务公开,第一季度财务收支,财务收支、惠民资金,公示栏 微信群,15天,√,",
        "2,2026/3/16,村务公开,村道硬化决议公示,决议,公开栏,10,是,",
        "3,2026/6/30,财务公开,第二季度财务收支,收支；低保,公示栏/政务平台,15,是,",
        "4,2026/7/1,党务公开,党费收缴情况,其它,宣传栏,7,否,",
        "5,2026/9/30,财务,第三季度财务收支,财务收支,大喇叭,15,√,",
        "6,2026/10/8,居务,低保对象公示,低保,公示栏,7,,",
        "7,2026/13/2,村务公开,秸秆补贴发放名单,惠民资金,公示栏,7,是,",
        "8,2026/11/2,公开,集体资产清查结果,集体资产,公示栏,7,是,",
        "合计,8次,,,,,,,",
    ]
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def main() -> None:
    wps_major_decisions(HERE / "31_wps_major_decisions.xlsx")
    meeting_book(HERE / "32_meeting_book.xlsx")
    gbk_disclosures(HERE / "33_gbk_disclosures.csv")
    print("made the 村务 rosters in", HERE)


if __name__ == "__main__":
    main()
