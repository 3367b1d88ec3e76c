"""Make the roster corpus of this folder: rosters shaped the way village offices make them.

Run from the repository root: ``.venv/bin/python tests/data/rosters/make_rosters.py``.
Needs LibreOffice (``apt-get install -y libreoffice-calc``) for the files LibreOffice saves
(formulas with their cached values, the .xls files, a round trip through CSV). The files
are committed; the tests only read them. The 5,000-row volunteer roster is not committed:
``big_volunteers`` writes it at test time (see README.md).

Everything is deterministic (fixed people, no random numbers) so that a file made again
has the same content.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from forms.identifiers import id_check_char  # noqa: E402

TITLE_FONT = Font(name="宋体", size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def ident(area: str, birth: dt.date, seq: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def rounded(number: str) -> float:
    """An ID number as Excel keeps it once typed into a General cell: 15 significant digits."""
    return float(f"{int(number[:17] + '0'):.15g}") if number[-1] == "X" else float(f"{int(number):.15g}")


def passes_when_rounded(area: str, birth: dt.date) -> str:
    """An ID number whose Excel-rounded form (…000) happens to pass the check digit too."""
    for seq in range(1, 999):
        number = ident(area, birth, seq)
        digits = str(int(rounded(number)))
        if id_check_char(digits[:17]) == digits[17] and number != digits:
            return number
    raise ValueError("no such number")


def fails_when_rounded(area: str, birth: dt.date, start: int = 1) -> str:
    for seq in range(start, 999):
        number = ident(area, birth, seq)
        digits = str(int(rounded(number)))
        if id_check_char(digits[:17]) != digits[17]:
            return number
    raise ValueError("no such number")


# Fixed people: (name, sex, birth date). Odd sequence numbers are men, even are women.
PEOPLE = [
    ("王建国", "男", dt.date(1968, 3, 15)), ("林秀英", "女", dt.date(1979, 10, 8)),
    ("陈志强", "男", dt.date(1995, 6, 21)), ("黄丽华", "女", dt.date(1970, 5, 2)),
    ("张伟", "男", dt.date(1972, 11, 30)), ("李娜", "女", dt.date(1985, 1, 17)),
    ("吴明", "男", dt.date(1990, 12, 4)), ("郑小红", "女", dt.date(1988, 7, 9)),
    ("刘海", "男", dt.date(1966, 2, 28)), ("赵敏", "女", dt.date(1993, 9, 13)),
    ("孙立新", "男", dt.date(1975, 4, 1)), ("周芳", "女", dt.date(1982, 8, 19)),
]


def person_id(i: int, area: str = "350322") -> str:
    _, sex, birth = PEOPLE[i % len(PEOPLE)]
    seq = 10 + 2 * i + (1 if sex == "男" else 0)
    return ident(area, birth, seq)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = TITLE_FONT
    ws.cell(ws.max_row, 1).alignment = CENTER


def text_column(ws, letter: str, first: int, last: int) -> None:
    for row in range(first, last + 1):
        ws[f"{letter}{row}"].number_format = "@"


# ------------------------------------------------------------------ the files
def wps_volunteers(out: Path) -> None:
    """WPS habits: 说明 lines above the header, 序号, full-width digits, trailing spaces,
    names padded to line up, a lowercase x check digit, a 合计 line and signatures."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    title(ws, "东山村注册志愿者花名册", 9)
    ws.append(["填表说明：1.身份证号码一律用文本格式填写；2.服务技能可填多项，用顿号分隔。"])
    ws.append(["填报单位：东山村村民委员会（盖章）", None, None, None, None, None, "填报日期：2026年11月"])
    ws.append(["序号", "姓  名", "性别", "身份证号码", "居住村民小组", "手机号码", "服务技能", "注册时间", "备注"])
    x_number = next(n for n in (ident("350322", dt.date(1949, 12, 31), k) for k in range(2, 999, 2))
                    if n.endswith("X"))
    rows = [
        ("王建国 ", "男", person_id(0), "一组", "13805941001", "农技、文体", "2024.3.1"),
        ("林　芳", "女", fullwidth(person_id(1)), "一组 ", fullwidth("13805941002"), "助老", "2024年3月1日"),
        ("陈志强", "男", person_id(2) + " ", "二组", "138 0594 1003", "应急救援", dt.datetime(2024, 5, 4)),
        ("黄丽华", "女", person_id(3), "二组", "138-0594-1004", "环保", "2024/6/1"),
        ("张　伟", "男", person_id(4), "三组", "13805941005 ", "法律咨询", "20240701"),
        ("李秀兰", "女", x_number.lower(), "三组", "13805941006", "扶老助残、文体服务", "2024.7.1"),
        ("吴明", "男", person_id(6), "四组", "０５９４－７６５４３２１", "其他", "2025.1.10"),
        ("郑小红 ", "女", person_id(7), "四组", "13805941008", "教育辅导", "2025年2月8日"),
    ]
    for n, (name, sex, number, group, phone, skills, day) in enumerate(rows, start=1):
        ws.append([n, name, sex, number, group, phone, skills, day, None])
    text_column(ws, "D", 5, 4 + len(rows))
    ws.append(["合  计", f"{len(rows)}人"])
    ws.append(["填表人：林文书", None, None, "审核人：王主任", None, None, "联系电话：0594-7651234"])
    wb.save(out)


def wps_committee_yearmonth(out: Path) -> None:
    """A WPS 两委 roster whose 出生年月, 入党时间 and 任职时间 give year and month only, as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "两委成员"
    title(ws, "东山村村“两委”成员花名册", 12)
    ws.append(["填报单位：东山村党总支（盖章）", None, None, None, None, None, None, None, "截至2026年11月"])
    ws.append(["序号", "姓名", "性别", "民族", "身份证号码", "出生年月", "政治面貌", "学历", "党内职务",
               "行政职务", "入党时间", "任职时间"])
    births = ["1968.03", "1979年10月", "1995-06", "197005", "1972.11", "1985年1月", "1990-12"]
    posts = [("书记", "主任"), ("副书记", "委员"), ("组织委员", "无"), ("宣传委员", "委员"),
             ("无", "副主任"), ("纪检委员", "委员"), ("无", "委员")]
    status = ["中共党员", "中共党员", "中共党员", "中共党员", "群众", "中共党员", "群众"]
    joined = ["1990.07", "2001.07", "2016.06", "1995.07", None, "2008.07", None]
    for i in range(7):
        name, sex, _ = PEOPLE[i]
        ws.append([i + 1, name, sex, "汉族", person_id(i), births[i], status[i], "大专", posts[i][0],
                   posts[i][1], joined[i], "2021.05"])
    text_column(ws, "E", 4, 10)
    ws.append(["合计", "7人"])
    wb.save(out)


def excel_numeric_ids(out: Path) -> None:
    """ID numbers typed into General cells: Excel keeps them as numbers with 15 digits."""
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者"
    ws.append(["姓名", "身份证号", "联系电话", "注册日期", "服务技能"])
    passing = [passes_when_rounded("520222", dt.date(1975, 7, 28)),
               passes_when_rounded("350322", dt.date(1982, 8, 19))]
    failing = [fails_when_rounded("350322", dt.date(1990, 12, 4)),
               fails_when_rounded("350322", dt.date(1966, 2, 28))]
    rows = [
        ("王建国", person_id(0), 13805941001),
        ("林秀英", rounded(passing[0]), 13805941002),
        ("陈志强", person_id(2), 13805941003),
        ("黄丽华", rounded(failing[0]), 13805941004),
        ("张伟", rounded(passing[1]), 13805941005),
        ("李娜", person_id(5), 13805941006),
        ("吴明", rounded(failing[1]), 13805941007),
        ("郑小红", person_id(7), 13805941008),
    ]
    for name, number, phone in rows:
        ws.append([name, number, phone, dt.datetime(2024, 3, 1), "文体"])
        ws.cell(ws.max_row, 4).number_format = "yyyy/m/d"
    wb.save(out)


def _zh_builtin_formats(path: Path, formats: dict[str, int]) -> None:
    """Save some number formats by id only, as Chinese Excel does (年月 is id 57, 年月日 id 31)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    styles = parts["xl/styles.xml"].decode("utf-8")
    for code, builtin in formats.items():
        escaped = code.replace('"', "&quot;")
        m = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{re.escape(escaped)}"\s*/>', styles)
        assert m, code
        styles = styles.replace(m.group(0), "")
        styles = styles.replace(f'numFmtId="{m.group(1)}"', f'numFmtId="{builtin}"')
    parts["xl/styles.xml"] = styles.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def month_format_cells(out: Path) -> None:
    """出生年月 as real date cells formatted to show year and month only (Excel, WPS, built-in id 57)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "两委"
    ws.append(["姓名", "民族", "公民身份号码", "出生年月", "政治面貌", "党组织职务", "村委会职务",
               "入党时间", "任职时间"])
    formats = ['yyyy"年"m"月"', "yyyy-mm", "yyyy.mm", "e/m", '[$-804]yyyy"年"m"月";@', "yyyy/m",
               'yyyy"年"mm"月"']  # the last one becomes built-in id 57 below
    posts = [("书记", "主任"), ("委员", "委员"), ("无", "副主任"), ("委员", "委员"), ("无", "委员"),
             ("副书记", "无"), ("委员", "委员")]
    for i, fmt in enumerate(formats):
        name, _, birth = PEOPLE[i]
        party = posts[i][0] != "无"
        ws.append([name, "汉族", person_id(i), dt.datetime(birth.year, birth.month, birth.day),
                   "中共党员" if party else "群众", posts[i][0], posts[i][1],
                   dt.datetime(birth.year + 25, 7, 1) if party else None, dt.datetime(2021, 5, 18)])
        r = ws.max_row
        ws.cell(r, 4).number_format = fmt
        ws.cell(r, 8).number_format = "yyyy.mm"
        ws.cell(r, 9).number_format = 'yyyy"年"m"月"d"日"' if i % 2 else "yyyy-mm-dd"
    text_column(ws, "C", 2, ws.max_row)
    wb.save(out)
    _zh_builtin_formats(out, {'yyyy"年"mm"月"': 57, 'yyyy"年"m"月"d"日"': 31})


def two_row_header(out: Path) -> None:
    """Merged title, a 填报单位 line, 职务 over 党内职务/行政职务, blank lines between groups."""
    wb = Workbook()
    ws = wb.active
    ws.title = "村两委成员"
    title(ws, "东山村村“两委”成员登记表", 11)
    ws.append(["填报单位：东山村（盖章）", None, None, None, None, None, "截至日期：2026年11月20日"])
    ws.append(["序号", "姓 名", "性别", "民族", "身份证号码", "出生年月", "政治面貌", "文化程度", "职务", None,
               "联系方式"])
    ws.append([None] * 8 + ["党内职务", "行政职务", None])
    for col in "ABCDEFGHK":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("I3:J3")
    posts = [("书记", "主任"), ("组织委员", "委员"), ("宣传委员", "无"), ("无", "委员"), ("纪检委员", "副主任")]
    for i, (party, village) in enumerate(posts):
        name, sex, birth = PEOPLE[i]
        if i == 3:
            ws.append([])  # a blank line between the 党组织 and 村委会 groups
        ws.append([i + 1, name, sex, "汉", person_id(i), dt.datetime(birth.year, birth.month, birth.day),
                   "党员" if party != "无" else "群众", "本科" if i % 2 else "大专", party, village,
                   f"1380594100{i + 1}"])
        ws.cell(ws.max_row, 6).number_format = "yyyy-mm-dd"
    text_column(ws, "E", 5, ws.max_row)
    ws.append(["合计", "5人"])
    ws.append(["填表人：林文书", None, None, "审核人：王建国", None, None, "填表日期：2026年11月20日"])
    wb.save(out)


def hidden_rows_columns(out: Path) -> None:
    """A hidden old 联系电话 beside a visible 手机号码（新）; people who left hidden, not deleted."""
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者"
    ws.append(["序号", "姓名", "身份证号码", "联系电话", "手机号码（新）", "注册日期", "服务队"])
    for i in range(10):
        name = PEOPLE[i][0]
        ws.append([i + 1, name, person_id(i), f"1300000{i:04d}", f"1390594{i:04d}", "2024-03-01", "东山村志愿服务队"])
    text_column(ws, "C", 2, 11)
    ws.column_dimensions["D"].hidden = True
    for row in (6, 9):  # 张伟 and 郑小红 moved away
        ws.row_dimensions[row].hidden = True
    wb.save(out)


def formulas_source(out: Path) -> None:
    """Formulas as clerks use them (序号 =ROW(), birth dates from the ID, a 组 built from a number,
    a 合计 count); openpyxl writes no cached values, LibreOffice adds them (see ``main``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者花名册"
    title(ws, "东山村志愿者花名册", 7)
    ws.append(["序号", "姓名", "身份证号", "出生日期", "组号", "居住村民小组", "注册日期"])
    for i in range(6):
        r = i + 3
        ws.append(["=ROW()-2", PEOPLE[i][0], person_id(i),
                   f"=DATE(MID(C{r},7,4),MID(C{r},11,2),MID(C{r},13,2))", i % 3 + 1,
                   f'="第"&E{r}&"组"', f"=DATE(2024,3,{i + 1})"])
        ws.cell(r, 4).number_format = "yyyy-mm-dd"
        ws.cell(r, 7).number_format = "yyyy-mm-dd"
    text_column(ws, "C", 3, 8)
    ws.append(["合计", "=COUNTA(B3:B8)&\"人\""])
    wb.save(out)


def libreoffice_committee_source(out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "两委"
    ws.append(["姓名", "性别", "民族", "公民身份号码", "出生日期", "政治面貌", "党组织职务", "村委会职务",
               "兼任职务", "任职时间", "手机"])
    posts = [("书记", "主任", "集体经济组织负责人"), ("副书记", "委员", "妇联主席"), ("委员", "无", "团支部书记"),
             ("无", "委员", "民兵连长"), ("委员", "副主任", None)]
    for i, (party, village, extra) in enumerate(posts):
        name, sex, birth = PEOPLE[i]
        ws.append([name, sex, "汉族", person_id(i), dt.datetime(birth.year, birth.month, birth.day),
                   "中共党员" if party != "无" else "群众", party, village, extra, dt.datetime(2021, 5, 18),
                   int(f"1380594200{i}")])
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 10).number_format = "yyyy-mm-dd"
    text_column(ws, "D", 2, 6)
    wb.save(out)


def two_terms_source(out: Path) -> None:
    """A 两委 roster of two terms (issue 15), as an office keeps one list across a 换届: the old
    term's members marked by 是否在任 否 / 已离任 / 离任, 离任时间 as text and a date cell, 离任原因
    as written (换届, 届满离任, 辞职); 王建国 re-elected (his row in each term, one ID number); the
    new term's 是否在任 as 是 / 现任 / empty (在任 by default)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "历届两委"
    title(ws, "东山村历届村“两委”成员名册", 13)
    ws.append(["序号", "姓名", "性别", "民族", "身份证号码", "政治面貌", "党内职务", "行政职务", "届次",
               "任职时间", "是否在任", "离任时间", "离任原因"])
    rows = [  # PEOPLE index, party post, 村委会 post, term, since, in office, left on, why
        (0, "书记", "主任", "第十一届", "2021.03.15", "否", "2026.3.18", "换届"),
        (1, "副书记", "委员", "第十一届", "2021.03.15", "已离任", "2026年3月18日", "届满离任"),
        (2, "无", "委员", "第十一届", "2021.03.15", "离任", dt.datetime(2024, 6, 30), "辞职"),
        (0, "书记", "主任", "第十二届", "2026.03.18", "是", None, None),
        (3, "副书记", "副主任", "第十二届", "2026.03.18", "现任", None, None),
        (4, "委员", "委员", "第十二届", "2026.03.18", None, None, None),
        (5, "无", "委员", "第十二届", "2026.03.18", "在任", None, None),
    ]
    for n, (i, party, village, term, since, status, left, why) in enumerate(rows):
        name, sex, _ = PEOPLE[i]
        ws.append([n + 1, name, sex, "汉族", person_id(i), "中共党员" if party != "无" else "群众", party,
                   village, term, since, status, left, why])
        if isinstance(left, dt.datetime):
            ws.cell(ws.max_row, 12).number_format = "yyyy-mm-dd"
    text_column(ws, "E", 3, 2 + len(rows))
    ws.append(["合计", "7人次（现任4人）"])
    wb.save(out)


def gbk_csv(out: Path) -> None:
    """A CSV that Chinese Excel saved (GBK, CRLF): one ID number had been a number, so 5.20222E+17."""
    lines = ["姓名,性别,身份证号,手机,注册日期,状态"]
    for i in range(8):
        name, sex, _ = PEOPLE[i]
        number = person_id(i, "520222")
        if i == 5:
            number = f"{rounded(number):.5E}".replace("E+0", "E+")  # as Excel's General shows it
        lines.append(f"{name},{sex},{number},1380594300{i},2024/3/{i + 1},正常")
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def utf8_bom_csv(out: Path) -> None:
    """“CSV UTF-8（逗号分隔）” from Excel: a BOM, quoted cells with commas, an empty trailing line."""
    lines = ["\ufeff序号,姓名,证件号码,服务技能,注册日期,居住村民小组"]
    for i in range(6):
        lines.append(f'{i + 1},{PEOPLE[i][0]},{person_id(i, "441481")},"文体、农技",2025-01-{i + 10:02d},{i + 1}组')
    out.write_bytes(("\r\n".join(lines) + "\r\n,,,,,\r\n").encode("utf-8"))


def xls_source(out: Path, first: int, hide: int | None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者"
    title(ws, "东山村志愿者花名册（2025年）", 6)
    ws.append(["序号", "姓名", "身份证号码", "手机号", "注册日期", "状态"])
    for n, i in enumerate(range(first, first + 5), start=1):
        ws.append([n, PEOPLE[i][0], person_id(i, "330681"), int(f"1585750{i:04d}"), dt.datetime(2025, 2, n),
                   "在册"])
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
    text_column(ws, "C", 3, 7)
    if hide is not None:
        ws.row_dimensions[hide].hidden = True
    wb.save(out)


def hidden_sheets(out: Path) -> None:
    """A visible roster, a visible 说明 sheet, a hidden sheet of drop-down lists and a hidden old copy."""
    wb = Workbook()
    guide = wb.active
    guide.title = "填表说明"
    guide.append(["1. 每位志愿者一行；2. 身份证号码用文本格式；3. 不要改动表头。"])
    ws = wb.create_sheet("志愿者")
    ws.append(["姓名", "身份证号码", "注册日期", "服务技能"])
    for i in range(4):
        ws.append([PEOPLE[i][0], person_id(i), "2025-03-01", "文体"])
    lists = wb.create_sheet("选项")
    for value in ("文体", "农技", "助老助残", "应急救援"):
        lists.append([value])
    lists.sheet_state = "hidden"
    old = wb.create_sheet("2023年")
    old.append(["姓名", "身份证号码", "注册日期", "服务技能"])
    for i in range(8, 11):
        old.append([PEOPLE[i][0], person_id(i), "2023-03-01", "农技"])
    old.sheet_state = "hidden"
    wb.save(out)


def web_export(out: Path) -> None:
    """What some online systems give as “导出Excel”: an HTML table in a file named .xls."""
    cells = "".join(f"<tr><td>{PEOPLE[i][0]}</td><td>{person_id(i)}</td></tr>" for i in range(3))
    out.write_text('<html><head><meta charset="utf-8"></head><body><table>'
                   f"<tr><th>姓名</th><th>身份证号码</th></tr>{cells}</table></body></html>", encoding="utf-8")


def exported_masked(out: Path, work: Path) -> None:
    """An export as ``cunwu export-excel`` writes it by default (IDs and phones masked), sent
    back with a corrected phone: the masked cells cannot be imported."""
    from openpyxl import load_workbook

    from sync.excel.roster_export import export_excel
    from sync.store.store import Store

    db = work / "export.db"
    with Store.create_village(db, "350322111202", "东山村", {"常住人口": 1965, "户数": 612}) as store:
        store.today = dt.date(2026, 11, 21)
        for i in range(4):
            store.add("volunteers", {"姓名": PEOPLE[i][0], "证件号码": person_id(i), "注册日期": "2024-03-01",
                                     "联系电话": f"1380594400{i}"})
        export_excel(store, out, "volunteers")
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[3]]
    ws.cell(4, header.index("联系电话") + 1).value = "13905944444"  # the clerk typed a new number
    wb.save(out)


def exported_full_source(out: Path, work: Path) -> None:
    from sync.excel.roster_export import export_excel
    from sync.store.store import Store

    db = work / "export-full.db"
    with Store.create_village(db, "350322111202", "东山村", {"常住人口": 1965, "户数": 612}) as store:
        store.today = dt.date(2026, 11, 21)
        numbers = [person_id(0), passes_when_rounded("350322", dt.date(1979, 10, 8)), person_id(2),
                   passes_when_rounded("350322", dt.date(1970, 5, 2))]
        for i, number in enumerate(numbers):
            store.add("volunteers", {"姓名": PEOPLE[i][0], "证件号码": number, "注册日期": "2024-03-01"})
        export_excel(store, out, "volunteers", full_ids=True)


# ------------------------------------------------------------------ LibreOffice
def soffice(args: list[str], work: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice is needed: apt-get install -y libreoffice-calc")
    profile = (work / "lo-profile").as_uri()
    subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", *args], check=True,
                   capture_output=True, timeout=300)


def convert(src: Path, target: str, work: Path) -> Path:
    """LibreOffice opens ``src`` (recalculating formulas) and saves it with filter ``target``."""
    outdir = work / f"out-{target.split(':')[0]}-{src.stem}"
    # A CSV is opened as UTF-8, comma-separated, with LibreOffice's usual type detection.
    infilter = ["--infilter=CSV:44,34,76,1"] if src.suffix == ".csv" else []
    soffice([*infilter, "--convert-to", target, "--outdir", str(outdir), str(src)], work)
    return next(outdir.iterdir())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wps_volunteers(HERE / "01_wps_volunteers.xlsx")
        wps_committee_yearmonth(HERE / "02_wps_committee_yearmonth.xlsx")
        excel_numeric_ids(HERE / "03_excel_numeric_ids.xlsx")
        month_format_cells(HERE / "04_month_format_cells.xlsx")
        two_row_header(HERE / "05_two_row_header.xlsx")
        hidden_rows_columns(HERE / "06_hidden_rows_columns.xlsx")

        formulas_source(work / "formulas.xlsx")
        shutil.copy(convert(work / "formulas.xlsx", "xlsx:Calc MS Excel 2007 XML", work),
                    HERE / "07_formulas_libreoffice.xlsx")
        libreoffice_committee_source(work / "committee.xlsx")
        shutil.copy(convert(work / "committee.xlsx", "xlsx:Calc MS Excel 2007 XML", work),
                    HERE / "08_libreoffice_committee.xlsx")

        gbk_csv(HERE / "09_gbk.csv")
        utf8_bom_csv(HERE / "10_utf8_bom.csv")

        xls_source(work / "xls-a.xlsx", first=0, hide=5)
        shutil.copy(convert(work / "xls-a.xlsx", "xls:MS Excel 97", work), HERE / "11_libreoffice.xls")
        xls_source(work / "xls-b.xlsx", first=5, hide=None)
        shutil.copy(convert(work / "xls-b.xlsx", "xls:MS Excel 97", work), HERE / "12_renamed_xls.xlsx")

        hidden_sheets(HERE / "13_hidden_sheets.xlsx")
        exported_masked(HERE / "14_export_masked_edited.xlsx", work)

        # An export with full ID numbers opened as CSV in LibreOffice and saved again as .xlsx:
        # the CSV import turns every ID number into a number.
        exported_full_source(work / "full.xlsx", work)
        csv_file = convert(work / "full.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76,1", work)
        shutil.copy(convert(csv_file, "xlsx:Calc MS Excel 2007 XML", work),
                    HERE / "15_export_csv_libreoffice.xlsx")

        web_export(HERE / "16_web_export.xls")

        two_terms_source(work / "two-terms.xlsx")
        shutil.copy(convert(work / "two-terms.xlsx", "xlsx:Calc MS Excel 2007 XML", work),
                    HERE / "17_libreoffice_committee_two_terms.xlsx")
    print("made", len(list(HERE.glob("[0-9][0-9]_*"))), "rosters in", HERE)


# ------------------------------------------------------------------ at test time
def big_volunteers(out: Path, rows: int = 5000, numeric: int = 4800) -> dict[str, int]:
    """A 5,000-row volunteer roster from a township's collection: ``numeric`` of the ID numbers
    were pasted as numbers (Excel kept 15 digits), the rest are text. Pure openpyxl, a few
    seconds; written at test time rather than committed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("志愿者")
    ws.append(["东山村志愿者花名册"])
    ws.append(["序号", "姓名", "性别", "身份证号码", "居住村民小组", "联系电话", "服务技能", "注册日期"])
    start = dt.date(1950, 1, 1)
    for n in range(rows):
        birth = start + dt.timedelta(days=(n * 7919) % 20000)
        number = ident("350322", birth, 100 + n % 800)
        sex = "男" if int(number[16]) % 2 else "女"
        cell: object = rounded(number) if n < numeric else number
        ws.append([n + 1, f"志愿者{n + 1:04d}", sex, cell, f"{n % 12 + 1}组", f"138{n:08d}", "文体",
                   "2024-03-01"])
    ws.append(["合计", f"{rows}人"])
    wb.save(out)
    return {"rows": rows, "numeric": numeric}


if __name__ == "__main__":
    main()
