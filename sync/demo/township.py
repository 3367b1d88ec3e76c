"""A small township whose every statistic is known by hand (tests, screenshots, demos).

Three villages, reference date 2026-11-21 (星级 thresholds set to 5/10/20/40/80 h so a
few hours make a star). The awkward cases of issue 6 are all here:

* 东山村 (A): 张建国 is 书记 and 主任 in one record; 李秀梅, the Party 纪检委员, directs the
  supervision committee and turns 36 on the reference date; 周海 is counted, then deleted
  (``delete_counted_member``); 刘志强 is a Party 委员 here and a 村委会 委员 in 西山村 (R-X-DUP).
* 西山村 (B): 赵明 is 书记 in one record and 主任 in another (R-DUP, saved with a reason);
  no woman in the 村委会 (R-VC-WOMAN); 孙伟 holds a Party post as 群众 (R-PARTY, saved
  with a reason); no supervisor has 财会或管理知识 (R-SV-SKILL); the rules are not filed.
* 南山社区 (C, 城市社区): no supervision committee; its only 村规民约 vote failed.
* 吴芳 volunteers in A and B (R-X-VOL): one volunteer of the township, 3 h + 3 h = 一星.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from forms.identifiers import id_check_char, uscc_check_char
from sync.store.store import Store

TOWNSHIP = "350322111"
A, B, C = "350322111201", "350322111202", "350322111203"
AS_OF = dt.date(2026, 11, 21)
REASON = "示例数据：保留错误以便检查统计"


def id_number(birth: str, sex: str, n: int, area: str = "350322") -> str:
    """A valid 公民身份号码: odd sequence for men, even for women."""
    seq = n * 2 + (1 if sex == "男" else 0)
    first17 = f"{area}{birth.replace('-', '')}{seq:03d}"
    return first17 + id_check_char(first17)


def uscc(n: int) -> str:
    first17 = f"51350322MJ{n:07d}"
    return first17 + uscc_check_char(first17)


def _member(name: str, birth: str, sex: str, n: int, party: str, vc: str, **more: Any) -> dict[str, Any]:
    values = {"姓名": name, "公民身份号码": id_number(birth, sex, n), "民族": "汉族",
              "政治面貌": "中共党员" if party != "无" else "群众", "党组织职务": party,
              "村委会职务": vc, "任职时间": "2026-03-18", "文化程度": "初中"}
    if values["政治面貌"] == "中共党员":
        values["入党时间"] = f"{int(birth[:4]) + 25}-07-01"
    values.update(more)
    return values


def _supervisor(name: str, birth: str, sex: str, n: int, post: str, skill: bool,
                **more: Any) -> dict[str, Any]:
    return {"姓名": name, "公民身份号码": id_number(birth, sex, n), "民族": "汉族", "政治面貌": "群众",
            "职务": post, "具备财会或管理知识": skill, "推选日期": "2026-03-25",
            "非村委会成员及其近亲属声明": True, **more}


def _rules(name: str, voted: str, present: int, women: int, yes: int, **more: Any) -> dict[str, Any]:
    return {"名称": name, "类型": "制定", "表决会议": "村民会议", "会议日期": voted, "应到人数": 150,
            "实到人数": present, "其中妇女": women, "赞成": yes, "反对": 0, "弃权": 0, **more}


def _org(name: str, category: str, mode: str, n: int, **more: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"名称": name, "类别": category, "管理方式": mode, "成员数": 60}
    if mode == "登记":
        values.update({"法人类型": "社会团体", "统一社会信用代码": uscc(n)})
    else:
        values.update({"备案机关": "榜头镇人民政府", "备案编号": f"榜社备〔2024〕{n}号",
                       "备案日期": "2024-05-20"})
    values.update(more)
    return values


def _volunteer(store: Store, village: str, name: str, birth: str, sex: str, n: int,
               services: list[tuple[str, float]], status: str = "在册", reason: str | None = None,
               number: str | None = None) -> str:
    uuid = store.add("volunteers", {
        "姓名": name, "证件类型": "居民身份证", "证件号码": number or id_number(birth, sex, n),
        "注册日期": "2023-01-10", "状态": status, "性别": sex,
    }, village=village, override_reason=reason).uuid
    for day, hours in services:
        store.add("volunteer_services", {"志愿者": uuid, "活动名称": "环境整治", "服务日期": day,
                                         "服务时长": hours}, village=village)
    return uuid


def build_sample_township(path: str | Path, today: dt.date = AS_OF) -> Store:
    store = Store.create_township(path, TOWNSHIP, "榜头镇")
    store.today = today
    store.set_setting("star_thresholds", [5, 10, 20, 40, 80])
    for code, name, people, kind in ((A, "东山村", 1000, "农村社区"), (B, "西山村", 400, "农村社区"),
                                     (C, "南山社区", 100, "城市社区")):
        store.add("village_profile", {"村名": name, "统计用区划代码": code, "乡镇名称": "榜头镇",
                                      "常住人口": people, "社区类型": kind}, village=code)

    # 东山村 (A)
    add = store.add
    add("committee_members", _member("张建国", "1970-05-01", "男", 1, "书记", "主任",
                                     文化程度="大学本科", 任职时间="2021-12-10"), village=A)
    add("committee_members", _member("李秀梅", "1990-11-21", "女", 2, "委员", "无", 委员分工="纪检",
                                     民族="畲族", 文化程度="普通高中"), village=A)
    add("committee_members", _member("王桂兰", "1960-01-15", "女", 3, "无", "委员"), village=A)
    add("committee_members", _member("陈志明", "1985-06-30", "男", 4, "委员", "副主任", 委员分工="组织",
                                     文化程度="大学专科"), village=A)
    add("committee_members", _member("刘志强", "1975-07-07", "男", 5, "委员", "无", 委员分工="宣传",
                                     文化程度="中专/中技/职高"), village=A)
    add("committee_members", _member("周海", "1992-02-02", "男", 6, "无", "委员"), village=A)
    add("supervisory_committee", _supervisor("李秀梅", "1990-11-21", "女", 2, "主任", False), village=A)
    add("supervisory_committee", _supervisor("黄丽", "1980-08-08", "女", 7, "委员", True), village=A)
    add("supervisory_committee", _supervisor("郑刚", "1982-09-09", "男", 8, "委员", False), village=A)
    first = add("village_rules", _rules("东山村村规民约", "2018-05-06", 120, 50, 100,
                                        备案日期="2018-05-12"), village=A).uuid
    add("village_rules", _rules("东山村村规民约（2023年修订）", "2023-04-08", 41, 13, 39, 类型="修订",
                                上一版本=first, 备案日期="2023-04-15", 表决会议="村民代表会议",
                                应到人数=45), village=A)
    add("social_organizations", _org("东山村老年协会", "为民服务", "登记", 1), village=A)
    add("social_organizations", _org("东山村红白理事会", "邻里互助", "备案", 2), village=A)
    add("social_organizations", _org("东山村腰鼓队", "文体娱乐", "备案", 3, 状态="注销"), village=A)
    _volunteer(store, A, "钱多多", "1990-01-01", "男", 11, [("2026-03-01", 3), ("2025-06-01", 2)])
    _volunteer(store, A, "孙小红", "1991-01-01", "女", 12, [("2024-01-10", 4)])
    _volunteer(store, A, "马六", "1992-01-01", "男", 13, [("2026-02-02", 2)], status="注销")
    gone = _volunteer(store, A, "已删除", "1993-01-01", "男", 14, [("2026-04-04", 10)])
    store.delete(gone, "重复登记")
    _volunteer(store, A, "吴芳", "1994-04-04", "女", 15, [("2026-05-05", 3)])

    # 西山村 (B)
    add("committee_members", _member("赵明", "1980-03-03", "男", 21, "书记", "无",
                                     文化程度="大学本科"), village=B)
    add("committee_members", _member("赵明", "1980-03-03", "男", 21, "无", "主任", 政治面貌="中共党员",
                                     文化程度="大学本科"), village=B, override_reason=REASON)
    add("committee_members", _member("钱进", "1995-02-02", "男", 22, "无", "委员"), village=B)
    add("committee_members", _member("刘志强", "1975-07-07", "男", 5, "无", "委员", 政治面貌="中共党员",
                                     文化程度="中专/中技/职高"), village=B)
    add("committee_members", _member("孙伟", "1988-08-08", "男", 23, "委员", "无", 委员分工="宣传",
                                     政治面貌="群众", 入党时间=None, 文化程度="普通高中"),
        village=B, override_reason=REASON)
    for i, (name, post) in enumerate((("周强", "主任"), ("吴勇", "委员"), ("郑平", "委员"))):
        add("supervisory_committee", _supervisor(name, f"197{i}-01-01", "男", 24 + i, post, False),
            village=B)
    add("village_rules", _rules("西山村村规民约", "2019-06-01", 100, 40, 80), village=B)
    for i, (name, category) in enumerate((("西山村巡逻队", "平安建设"), ("西山村护村队", "平安建设"),
                                          ("西山村乡贤会", "公益慈善"), ("西山村读书会", "其他"),
                                          ("西山村舞蹈队", "文体娱乐"))):
        add("social_organizations", _org(name, category, "备案", 10 + i), village=B)
    _volunteer(store, B, "吴芳", "1994-04-04", "女", 15, [("2026-06-06", 3)])
    good = id_number("1996-06-06", "男", 31)
    bad = good[:17] + ("0" if good[17] != "0" else "1")  # a wrong check digit: R-ID
    _volunteer(store, B, "冯七", "1996-06-06", "男", 31, [], reason=REASON, number=bad)

    # 南山社区 (C): no supervision committee
    add("committee_members", _member("陈国强", "1972-02-02", "男", 41, "书记", "无",
                                     文化程度="大学本科"), village=C)
    add("committee_members", _member("林美华", "1978-04-04", "女", 42, "无", "主任", 文化程度="研究生"),
        village=C)
    add("committee_members", _member("黄涛", "2000-01-01", "男", 43, "无", "委员", 文化程度="大学专科",
                                     政治面貌="共青团员"), village=C)
    add("committee_members", _member("何静", "1983-12-31", "女", 44, "无", "委员"), village=C)
    add("village_rules", _rules("南山社区居民公约", "2025-09-09", 100, 30, 40), village=C,
        override_reason=REASON)
    add("social_organizations", _org("南山社区志愿服务协会", "为民服务", "备案", 50), village=C)
    return store


def delete_counted_member(store: Store) -> str:
    """Delete 周海 (东山村), who was counted before: the figures must drop him."""
    row = store.conn.execute(
        'SELECT uuid FROM committee_members WHERE "姓名" = ? AND _village = ?', ("周海", A)).fetchone()
    store.delete(row[0], "已调离")
    return row[0]
