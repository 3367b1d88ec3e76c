"""The hold-out township (issue 14, "How it is checked"): 107 villages shaped like the published
华蓥 figures (「累计公开村(居)务603次，召开村(居)民小组会议1360次，开展村(居)协商活动632次，
解决具体事项576项」, 「村(居)民代表3743名，村(居)民小组长783名」, 「…等自治组织642个」) and the
黔南 coverage figures (村民会议或村民代表会议 100%, 调解组织全覆盖, 综合服务站 100%).

Each village's clerk imports Excel rosters of registers 6–10 written the way village offices write
them — the traps vary from village to village, deterministically: a title and 填报单位 line or a
two-row merged header, section lines (``一、村民小组会议``), dates as ``2026.3.2``, ``2026年3月5日``
or date cells, several roles in one cell, one list per role in one sheet, short type names
(组务会, 恳谈会, 调委会, 事管委), GBK CSV files, numbers in numeric cells — through the core that
``cunwu import-excel`` runs (``sync.excel.roster_import.import_excel``; every tenth village
through the command itself, the registers named in Chinese). Every village sends its
package on the stick and the township imports them; ``cunwu stats --json`` must give the published
figures exactly, with numerators and denominators where the figure is a share.

The rosters are written into the test's temporary folder (nothing committed): per village 5
files and in 22 villages a sixth (a title), 557 in all.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from support import TODAY

from desktop.cli import main
from forms.identifiers import id_check_char
from sync.excel.roster_import import import_excel
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.importer import import_packages
from sync.store.store import Store

pytestmark = pytest.mark.slow

VILLAGES = 107
TOWNSHIP = "511681100"  # 华蓥's 6-digit area code, a 9-digit township code
# The published figures the rosters are made to hold.
DISCLOSURES, GROUP_MEETINGS, CONSULTATIONS, RESOLVED = 603, 1360, 632, 576
REPRESENTATIVES, GROUP_LEADERS, SELF_GOVERNING = 3743, 783, 642

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"
GIVEN = ("建国", "秀英", "志强", "桂兰", "海涛", "丽华", "国平", "春梅", "德明", "玉珍", "小军", "晓燕")


def code(i: int) -> str:
    return f"{TOWNSHIP}{i + 1:03d}"


def spread(total: int, i: int) -> int:
    """Village ``i``'s share of ``total`` over the township: the first ``total % 107`` get one more."""
    return total // VILLAGES + (1 if i < total % VILLAGES else 0)


def when(i: int, k: int, day: dt.date) -> Any:
    """A date as a clerk types it, varying by village and row: a date cell, ``2026.3.2``,
    ``2026年3月5日`` or ``2026/3/9``."""
    style = (i + k) % 4
    if style == 0:
        return dt.datetime(day.year, day.month, day.day)
    return (f"{day.year}.{day.month}.{day.day}", f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}/{day.month}/{day.day}")[style - 1]


def text_when(i: int, k: int, day: dt.date) -> str:
    """The same for a CSV file: text only."""
    value = when(i, k + (1 if (i + k) % 4 == 0 else 0), day)
    return value if isinstance(value, str) else f"{day.year}.{day.month}.{day.day}"


def ident(i: int, j: int, sex: str) -> str:
    """Person ``j`` of village ``i``: the birth month and day say the village, the year and the
    sequence the person, so no two people of the township share a number."""
    body = f"511681{1958 + j % 40}{1 + i % 12:02d}{1 + i // 12:02d}{2 * j + (1 if sex == '男' else 0):03d}"
    return body + id_check_char(body)


def workbook(path: Path, title: str, header: list[str], rows: list[list[Any]], *, two_row: dict[str, list[str]]
             | None = None) -> Path:
    """A roster as an office lays it out: a merged title, a 填报单位 line, the header (or, with
    ``two_row``, a group heading merged over its columns and the rest merged down), the rows
    (``str`` rows are section lines), 合计 and signatures."""
    wb = Workbook()
    ws = wb.active
    width = len(header) + 1
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append(["填报单位：（盖章）", *[None] * (width - 3), "填报日期：2026年11月20日"])
    if two_row:
        top: list[Any] = ["序号"]
        bottom: list[Any] = [None]
        for name in header:
            group = next((g for g, names in two_row.items() if name in names), None)
            top.append(group if group and names_first(two_row[group]) == name else (None if group else name))
            bottom.append(name if group else None)
        ws.append(top)
        ws.append(bottom)
        for col, name in enumerate(header, 2):
            group = next((g for g, names in two_row.items() if name in names), None)
            if group is None:
                ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
            elif names_first(two_row[group]) == name:
                ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(two_row[group]) - 1)
        ws.merge_cells("A3:A4")
    else:
        ws.append(["序号", *header])
    n = 0
    for row in rows:
        if isinstance(row, str):
            ws.append([row])
            continue
        n += 1
        ws.append([n, *row])
    ws.append(["合计", f"{n}条"])
    ws.append(["填表人：", None, "审核人：", None, "村党组织书记："])
    wb.save(path)
    return path


def names_first(names: list[str]) -> str:
    return names[0]


def gbk_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """As Chinese Excel saves "CSV (逗号分隔)": GBK, CRLF, a 合计 line."""
    with path.open("w", encoding="gbk", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["序号", *header])
        out.writerows([n + 1, *row] for n, row in enumerate(rows))
        out.writerow(["合计", f"{len(rows)}条"])
    return path


# ------------------------------------------------------------------ the rosters of one village

def decisions_roster(folder: Path, i: int, name: str) -> tuple[Path, int, int]:
    """2–5 重大事项; in every fifth village the last one is still under way (two steps)."""
    count = 2 + i % 4
    header = ["事项名称", "事项类别", "提议", "商议", "审议", "决议", "决议公开", "实施结果公开", "决议方式",
              "应到人数", "实到人数", "赞成", "实施情况"]
    kinds = ("预算", "一事一议", "项目立项", "村庄规划", "宅基地")
    rows: list[Any] = []
    complete = 0
    for k in range(count):
        month = 1 + 2 * k
        steps = [dt.date(2026, month, d) for d in (2, 5, 9, 15, 16)] + [dt.date(2026, month + 2, 20)]
        dates = [when(i, k + s, day) for s, day in enumerate(steps)]
        if i % 5 == 0 and k == count - 1:
            dates[2:] = [None] * 4
            rows.append([f"{name}事项{k + 1}", kinds[k], *dates, None, None, None, None, "未实施"])
        else:
            complete += 1
            rows.append([f"{name}事项{k + 1}", kinds[k], *dates, "村民代表大会", 45, 40, 38, "已实施"])
    path = workbook(folder / f"{name}重大事项.xlsx", f"{name}重大事项决策登记表", header, rows,
                    two_row={"四议": ["提议", "商议", "审议", "决议"], "两公开": ["决议公开", "实施结果公开"],
                             "表决情况": ["应到人数", "实到人数", "赞成"]} if i % 2 else None)
    return path, count, complete


def meetings_roster(folder: Path, i: int, name: str) -> tuple[Path, int]:
    """Group meetings (12 or 13), a 村民代表会议 every quarter, consultations (5 or 6, one item
    each, resolved but in the first 56 villages' first one); in every third village under section
    lines, in every seventh a GBK CSV."""
    header = ["日期", "会议名称", "组别", "会议议题", "应到人数", "参会人数", "协商事项", "解决事项"]
    groups = [[when(i, k, dt.date(2026, 1 + k % 10, 8 + k // 10)), ("组务会", "村民小组会议", "村民小组会")[k % 3],
               f"{1 + k % 8}组", "组内事务", 60, 45, None, None] for k in range(spread(GROUP_MEETINGS, i))]
    reps = [[when(i, q, dt.date(2026, 2 + 3 * q, 15 if q == 3 else 25)), "村民代表大会", None, "季度村务通报", 45, 40, None, None]
            for q in range(4)]
    talks = [[when(i, k, dt.date(2026, 1 + k, 18)), ("恳谈会", "民主协商会", "议事协商")[k % 3], None,
              f"协商议题{k + 1}", None, 20, 1, 0 if (i < CONSULTATIONS - RESOLVED and k == 0) else 1]
             for k in range(spread(CONSULTATIONS, i))]
    if i % 7 == 3:
        plain = [[text_when(i, k, _as_date(r[0])), *r[1:]] for k, r in enumerate(groups + reps + talks)]
        return gbk_csv(folder / f"{name}会议.csv", header, plain), len(plain)
    rows: list[Any]
    if i % 3 == 0:
        rows = ["一、村民小组会议", *groups, "二、村民代表会议", *reps, "三、民主协商", *talks]
    else:
        rows = groups + reps + talks
    return workbook(folder / f"{name}会议记录.xlsx", f"{name}会议记录", header, rows), len(groups + reps + talks)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    digits = [int(p) for p in value.replace("年", ".").replace("月", ".").replace("日", "").replace("/", ".")
              .split(".")]
    return dt.date(*digits)


def disclosures_roster(folder: Path, i: int, name: str) -> tuple[Path, int]:
    """5 or 6 postings, one in each of the first three quarters at least; every fourth village a
    GBK CSV."""
    header = ["公开时间", "公开类别", "公开事项", "公开内容", "公开形式", "公示天数", "监委会审核"]
    months = (3, 5, 8, 9, 10, 6)
    kinds = ("财务公开", "村务", "党务公开", "居务", "财务", "村务公开")
    contents = ("收支、集体资产", "低保；救助", "其他", "惠农资金/项目建设", "财务收支", "决议")
    rows = [[dt.date(2026, months[k], 28), kinds[k], f"{months[k]}月公开", contents[k],
             ("公示栏", "微信群", "广播")[k % 3], ("15天", 7, "10天")[k % 3], ("√", "是")[k % 2]]
            for k in range(spread(DISCLOSURES, i))]
    if i % 4 == 1:
        return gbk_csv(folder / f"{name}公开.csv", header,
                       [[text_when(i, k, r[0]), *r[1:]] for k, r in enumerate(rows)]), len(rows)
    rows = [[when(i, k, r[0]), *r[1:]] for k, r in enumerate(rows)]
    return workbook(folder / f"{name}村务公开.xlsx", f"{name}村务公开登记", header, rows), len(rows)


def bodies_roster(folder: Path, i: int, name: str) -> tuple[Path, int]:
    """A 调委会, six 自治组织 by their short names (two 组管委), 0–2 群团组织."""
    types = ["调委会", "议事会", "理事会", "红白喜事理事会", "事管委", "组管委", "组管委", *("团支部", "妇联")[:i % 3]]
    founded = [dt.date(2009 + k, 3, 1) for k in range(len(types))]
    rows = [[f"{name}{('一组' if k == 5 else '二组' if k == 6 else '')}{t}", t, when(i, k, founded[k]), 5 + k]
            for k, t in enumerate(types)]
    return workbook(folder / f"{name}村级组织.xlsx", f"{name}村级组织台账", ["名称", "组织类型", "成立时间", "成员数"],
                    rows, two_row={"基本情况": ["名称", "组织类型"]} if i % 2 == 0 else None), len(rows)


def roles_roster(folder: Path, i: int, name: str) -> tuple[Path, int, int]:
    """村民代表 (35, or 34 in the last two villages), of them the 村民小组长 (7, or 8 in the first
    34), every third a woman, a 村警; roles several in one cell written as clerks write them; every
    fifth village one list per role under section lines instead (the leaders listed twice)."""
    reps, leaders = spread(REPRESENTATIVES, i), spread(GROUP_LEADERS, i)
    people = []
    for j in range(reps + 1):
        sex = "女" if j % 3 == 0 else "男"
        person = {"name": SURNAMES[(i + j) % len(SURNAMES)] + GIVEN[j % len(GIVEN)], "sex": sex,
                  "id": ident(i, j, sex), "group": f"{1 + j % 8}组", "phone": 13800000000 + i * 100 + j}
        if j == reps:
            person["roles"] = "村警"
        elif j < leaders:
            person["roles"] = ("村民小组长/村民代表", "代表，组长", "组长、代表", "村民代表 组长")[(i + j) % 4]
        else:
            person["roles"] = ("村民代表", "代表", "村民代表、网格员")[j % 3]
        people.append(person)
    header = ["姓名", "性别", "身份证号码", "担任职务", "所在村民小组", "联系户数", "手机号码"]

    def row(p: dict[str, Any], roles: str) -> list[Any]:
        return [p["name"], p["sex"], p["id"], roles, p["group"], 10 if "代表" in roles else None, p["phone"]]

    rows: list[Any]
    if i % 5 == 2:
        rows = ["一、村民代表", *[row(p, "村民代表") for p in people[:reps]],
                "二、村民小组长", *[row(p, "村民小组长") for p in people[:leaders]],
                "三、村级警务助理", row(people[reps], "村警")]
    else:
        rows = [row(p, p["roles"]) for p in people]
    two_row = {"基本情况": ["姓名", "性别", "身份证号码"], "联系群众": ["所在村民小组", "联系户数"]}
    path = workbook(folder / f"{name}骨干花名册.xlsx", f"{name}村民代表、村民小组长等村级骨干花名册", header, rows,
                    two_row=two_row if i % 2 else None)
    return path, len(people), sum(1 for p in people[:reps] if p["sex"] == "女")


ROSTERS: dict[str, Callable[[Path, int, str], tuple[Any, ...]]] = {
    "major_decisions": decisions_roster, "meetings": meetings_roster, "disclosures": disclosures_roster,
    "village_bodies": bodies_roster, "village_roles": roles_roster,
}

# 黔南's 示范村 8 / 82 / 202 (国家级 / 省级 / 州级) of 1,431 villages, scaled to 107 and rounded:
# 1 / 6 / 15 titles, one a village, in villages 0, 5, 10, … 105.
HONOR_LEVELS = ("全国", *["省级"] * 6, *["州级", "市级"] * 7, "州级")
HONOR_CLASSES = ("民主法治示范村（社区）", "乡村治理示范村镇", "文明村镇")


def honors_roster(folder: Path, i: int, name: str) -> tuple[Path | None, int]:
    """A title in every fifth village (the 22 first), no 村 column: each row is the village's."""
    if i % 5 or i // 5 >= len(HONOR_LEVELS):
        return None, 0
    t = i // 5
    level = HONOR_LEVELS[t]
    row = [f"{level}{HONOR_CLASSES[t % 3]}", HONOR_CLASSES[t % 3], level, 2020 + t % 5]
    return workbook(folder / f"{name}荣誉.xlsx", f"{name}荣誉称号", ["称号", "类型", "等级", "获得年份"], [row]), 1


ROSTERS["village_honors"] = honors_roster

CHINESE = {"village_honors": "荣誉与示范创建", "major_decisions": "重大事项决策", "meetings": "会议与协商", "disclosures": "村务公开",
           "village_bodies": "村级组织", "village_roles": "村级骨干花名册"}


# ------------------------------------------------------------------ the township

@pytest.fixture(scope="module")
def holdout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("holdout")
    township = folder / "township.db"
    stick = folder / "stick"
    stick.mkdir()
    with Store.create_township(township, TOWNSHIP, "华蓥样本镇") as town:
        enrollments = {code(i): write_enrollment_file(town, folder / code(i), village=code(i)).path
                       for i in range(VILLAGES)}
    expected = {"decisions": 0, "six_steps": 0, "persons": 0, "rep_women": 0, "rows": 0}
    for i in range(VILLAGES):
        name = f"第{i + 1}村"
        path = folder / f"{code(i)}.db"
        Store.create_village(path, code(i), name, {"户数": 400 + i, "有综合服务站": True,
                                                  "一次性选举成功": True, "村委会直接选举": True}).close()
        for register, make in ROSTERS.items():
            made = make(folder, i, name)
            if made[0] is None:
                continue
            if i % 10 == 0:  # every tenth clerk types the command, with the register's Chinese name
                printed = io.StringIO()
                with contextlib.redirect_stdout(printed):
                    exit_code = main(["import-excel", str(path), CHINESE[register], str(made[0])])
                assert exit_code == 0, f"{name} {register}:\n{printed.getvalue()}"
            else:
                with Store.open(path) as store:
                    store.today = TODAY
                    report = import_excel(store, register, made[0])
                assert report.ok, f"{name} {register}:\n" + "\n".join(report.lines())
            if register == "major_decisions":
                expected["decisions"] += made[1]
                expected["six_steps"] += made[2]
            if register == "village_roles":
                expected["persons"] += made[1]
                expected["rep_women"] += made[2]
        with Store.open(path) as store:
            store.today = TODAY
            enroll(store, enrollments[code(i)])
            assert export_package(store, stick).path is not None
        path.unlink()
    with Store.open(township) as town:
        town.today = TODAY
        summary = import_packages(town, [stick])
        assert summary.ok, summary
    return township, expected


@pytest.fixture(scope="module")
def stats(holdout: tuple[Path, dict[str, int]]) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["stats", str(holdout[0]), "--json", "--as-of", TODAY.isoformat()]) == 0
    report = json.loads(out.getvalue())
    assert len(report["villages"]) == VILLAGES
    return report["groups"]


def figure(stats: dict[str, Any], group: str, key: str) -> tuple[Any, ...]:
    f = stats[group]["total"]["figures"][key]
    return (f["n"], f["d"]) if f.get("d") is not None else (f["n"],)


def test_huaying_governance_figures(stats: dict[str, Any]) -> None:
    assert figure(stats, "disclosures", "disclosures") == (DISCLOSURES,)
    assert figure(stats, "meetings", "type:村民小组会议") == (GROUP_MEETINGS,)
    assert figure(stats, "meetings", "type:民主协商会") == (CONSULTATIONS,)
    assert figure(stats, "meetings", "consult_items") == (CONSULTATIONS,)
    assert figure(stats, "meetings", "consult_resolved") == (RESOLVED,)
    assert figure(stats, "meetings", "type:村民代表会议") == (4 * VILLAGES,)
    assert figure(stats, "meetings", "meetings") == (GROUP_MEETINGS + CONSULTATIONS + 4 * VILLAGES,)


def test_huaying_people_and_bodies(stats: dict[str, Any], holdout: tuple[Path, dict[str, int]]) -> None:
    expected = holdout[1]
    assert figure(stats, "key_people", "role:村民代表") == (REPRESENTATIVES,)
    assert figure(stats, "key_people", "role:村民小组长") == (GROUP_LEADERS,)
    assert figure(stats, "key_people", "role:警务助理") == (VILLAGES,)
    assert figure(stats, "key_people", "persons") == (expected["persons"],) == (REPRESENTATIVES + VILLAGES,)
    assert figure(stats, "key_people", "rep_women") == (expected["rep_women"], REPRESENTATIVES)
    assert figure(stats, "bodies", "class:自治组织") == (SELF_GOVERNING,)
    assert figure(stats, "bodies", "type:人民调解委员会") == (VILLAGES,)


def test_qiannan_coverage_and_the_decisions(stats: dict[str, Any], holdout: tuple[Path, dict[str, int]]) -> None:
    expected = holdout[1]
    assert figure(stats, "meetings", "assembly_villages") == (VILLAGES, VILLAGES)  # 黔南 100%
    assert figure(stats, "meetings", "reps_quarterly") == (VILLAGES, VILLAGES)
    assert figure(stats, "disclosures", "open_quarterly") == (VILLAGES, VILLAGES)
    assert figure(stats, "bodies", "mediation_villages") == (VILLAGES, VILLAGES)  # 调解组织全覆盖
    assert figure(stats, "key_people", "police_villages") == (VILLAGES, VILLAGES)
    assert figure(stats, "profile", "station") == (VILLAGES, VILLAGES)
    assert figure(stats, "profile", "elected_first") == (VILLAGES, VILLAGES)
    assert figure(stats, "decisions", "decisions") == (expected["decisions"],)
    assert figure(stats, "decisions", "decisions_six_steps") == (expected["six_steps"], expected["decisions"])
    assert figure(stats, "decisions", "decisions_villages") == (VILLAGES, VILLAGES)
    assert figure(stats, "profile", "honors") == (22,)
    assert [figure(stats, "profile", f"honor_level:{lv}") for lv in ("国家级", "省级", "市（州）级")] == [
        (1,), (6,), (15,)]
    assert figure(stats, "profile", "honor_villages") == (22, VILLAGES)
