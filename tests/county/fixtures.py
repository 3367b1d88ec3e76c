"""A county of two townships of three villages each, for the county's views (statistics, book,
window) — TEST-ONLY, until the upward import (h17a, issue 17) fills county databases.

At the county, village data is stored exactly as at a township (the register tables with
``_village``, ``versions``, ``villages``) plus ``townships`` and ``village_townships``. This
fixture makes that state without the import: it builds two township databases the way the
township tests build theirs (``sync.demo.township.build_sample_township`` for 榜头镇, and
a second small township, 枫亭镇, built through the same ``Store.add``), copies their rows into a
database made by ``Store.create_county``, and fills the two county tables with SQL. Once the
import exists, a test of the whole chain should make the county through it instead.

The person who sits in both townships: 刘志强 (ID number of 榜头镇's 东山村 and 西山村 member) is
also a 村委会 委员 in 枫亭镇's 海滨村, so the county counts him once where 榜头镇 and 枫亭镇
each count him once. 吴芳 volunteers in 榜头镇 (two villages) and in 枫亭镇's 海滨村.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sync.demo.township import AS_OF, build_sample_township, id_number
from sync.store import driver
from sync.store.store import Store

COUNTY, COUNTY_NAME = "350322", "仙游县"
T1, T1_NAME = "350322111", "榜头镇"
T2, T2_NAME = "350322112", "枫亭镇"
D, E, F = "350322112201", "350322112202", "350322112203"
SHARED_MEMBER = id_number("1975-07-07", "男", 5)  # 刘志强
SHARED_VOLUNTEER = id_number("1994-04-04", "女", 15)  # 吴芳


@dataclass(frozen=True)
class County:
    county: Path
    townships: dict[str, Path]  # township code → its own database (the figures to compare with)
    villages: dict[str, list[str]]  # township code → its village codes


def _member(name: str, birth: str, sex: str, n: int, party: str, vc: str, **more: object) -> dict[str, object]:
    values: dict[str, object] = {
        "姓名": name, "公民身份号码": id_number(birth, sex, n), "民族": "汉族",
        "政治面貌": "中共党员" if party != "无" else "群众", "党组织职务": party, "村委会职务": vc,
        "任职时间": "2026-03-18", "文化程度": "普通高中"}
    if values["政治面貌"] == "中共党员":
        values["入党时间"] = f"{int(birth[:4]) + 25}-07-01"
    values.update(more)
    return values


def build_second_township(path: Path, today: dt.date = AS_OF) -> Store:
    """枫亭镇: three villages, a 两委 in each, a few organisations and volunteers."""
    store = Store.create_township(path, T2, T2_NAME)
    store.today = today
    store.set_setting("star_thresholds", [5, 10, 20, 40, 80])
    add = store.add
    for code, name, people in ((D, "海滨村", 800), (E, "霞街村", 600), (F, "枫亭社区", 300)):
        add("village_profile", {"村名": name, "统计用区划代码": code, "乡镇名称": T2_NAME,
                                "常住人口": people, "社区类型": "农村社区"}, village=code)
    add("committee_members", _member("林海", "1971-01-01", "男", 61, "书记", "主任"), village=D)
    add("committee_members", _member("陈秀英", "1986-03-03", "女", 62, "委员", "委员", 委员分工="组织"), village=D)
    add("committee_members", _member("刘志强", "1975-07-07", "男", 5, "无", "委员", 政治面貌="中共党员",
                                     文化程度="中专/中技/职高", 入党时间="2000-07-01"), village=D)
    add("committee_members", _member("郭强", "1969-09-09", "男", 63, "书记", "无"), village=E)
    add("committee_members", _member("蔡丽", "1990-10-10", "女", 64, "无", "主任"), village=E)
    add("committee_members", _member("黄文", "1982-12-12", "男", 65, "书记", "主任"), village=F)
    add("committee_members", _member("吴梅", "1993-05-05", "女", 66, "无", "委员"), village=F)
    for i, code in enumerate((D, E, F)):
        add("social_organizations", {"名称": f"老年协会{i + 1}", "类别": "为民服务", "管理方式": "备案",
                                     "成员数": 30, "备案机关": "枫亭镇人民政府",
                                     "备案编号": f"枫社备〔2024〕{i + 1}号", "备案日期": "2024-05-20"},
            village=code)
    for code, name, birth, sex, n, number in ((D, "吴芳", "1994-04-04", "女", 15, SHARED_VOLUNTEER),
                                              (E, "方圆", "1991-02-02", "男", 71, None)):
        uuid = add("volunteers", {"姓名": name, "证件类型": "居民身份证",
                                  "证件号码": number or id_number(birth, sex, n),
                                  "注册日期": "2023-01-10", "状态": "在册", "性别": sex}, village=code).uuid
        add("volunteer_services", {"志愿者": uuid, "活动名称": "环境整治", "服务日期": "2026-07-07",
                                   "服务时长": 4}, village=code)
    return store


def _copy_rows(county: Store, township: Path) -> list[str]:
    """Copy every table that holds village data (registers, versions); the township's villages."""
    conn = county.conn
    conn.execute("ATTACH DATABASE ? AS town", (str(township),))
    try:
        tables = [r.key for r in county.catalog.ordered(include_profile=True)] + ["versions"]
        with county.transaction():
            for table in tables:
                conn.execute(f'INSERT INTO main."{table}" SELECT * FROM town."{table}"')
            codes = [r[0] for r in conn.execute(
                "SELECT DISTINCT _village FROM town.village_profile ORDER BY 1")]
            for code in codes:
                # what the upward import keeps of each village: its last package's date and number
                conn.execute("INSERT OR IGNORE INTO villages(code, name, enrolled, last_package_created, "
                             "last_sequence, packages) SELECT _village, \"村名\", 1, '2026-11-01T09:00:00', 3, 3 "
                             "FROM town.village_profile WHERE _village = ?", (code,))
    finally:
        conn.execute("DETACH DATABASE town")
    return codes


def build_county(folder: Path, today: dt.date = AS_OF) -> County:
    """Two township databases and the county database made from them (see the module's doc)."""
    folder.mkdir(parents=True, exist_ok=True)
    t1, t2 = folder / "bangtou.db", folder / "fengting.db"
    build_sample_township(t1, today).close()
    build_second_township(t2, today).close()
    county = Store.create_county(folder / "county.db", COUNTY, COUNTY_NAME)
    county.today = today
    county.set_setting("star_thresholds", [5, 10, 20, 40, 80])
    villages = {T1: _copy_rows(county, t1), T2: _copy_rows(county, t2)}
    with county.transaction() as conn:
        for code, name, last in ((T1, T1_NAME, "2026-11-20T10:00:00"), (T2, T2_NAME, "2026-11-19T09:00:00")):
            conn.execute("INSERT INTO townships(code, name, enrolled, enrolled_at, first_package_at, "
                         "last_package_at, last_package_created, last_sequence, packages) "
                         "VALUES (?, ?, 1, '2026-10-01T08:00:00', ?, ?, ?, 1, 1)",
                         (code, name, last, last, last))
            conn.executemany("INSERT INTO village_townships VALUES (?, ?, ?, ?)",
                             [(v, code, last, last) for v in villages[code]])
    county.close()
    return County(folder / "county.db", {T1: t1, T2: t2}, villages)


def add_moved_village(db: Path, village: str, old: str, first: str, last: str) -> None:
    """Say that ``old`` reported ``village`` from ``first`` to ``last`` too (a village that
    moved, or that two townships claim): the cross-township check lists it."""
    conn = driver.connect(db)
    try:
        with conn:
            conn.execute("INSERT INTO village_townships VALUES (?, ?, ?, ?)", (village, old, first, last))
    finally:
        conn.close()
