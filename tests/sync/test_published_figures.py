"""The figures the reference documents publish (issue 15), reproduced by ``cunwu stats --json`` for
a township built for the test: women among 村委会 members with their denominator, women who are
书记 or 主任, 高中及以上 among 村委会, 监委会主任, the term comparison, the trained share, teams and
people served. Every number below is worked out by hand in the comments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import ident

from sync.store.store import Store

A, B = "350322111201", "350322111202"
NOW, BEFORE = "第十二届", "第十一届"
ELECTED, LAST = "2026-03-18", "2021-03-15"


def member(name: str, birth: str, n: int, party: str, vc: str, education: str, **more: Any) -> dict[str, Any]:
    values = {"姓名": name, "公民身份号码": ident(birth, n), "民族": "汉族",
              "政治面貌": "中共党员" if party != "无" else "群众", "党组织职务": party, "村委会职务": vc,
              "文化程度": education, "届次": NOW, "任职时间": ELECTED}
    if party != "无":
        values["入党时间"] = f"{int(birth[:4]) + 25}-07"
        values["委员分工"] = "组织" if party == "委员" else None
    values.update(more)
    return {k: v for k, v in values.items() if v is not None}


def old(values: dict[str, Any], left: str = ELECTED, why: str = "换届离任") -> dict[str, Any]:
    return {**values, "届次": BEFORE, "任职时间": LAST, "在任状态": "离任", "离任日期": left, "离任原因": why}


def build(path: Path) -> None:
    with Store.create_township(path, "350322111", "榜头镇") as t:
        t.today = __import__("datetime").date(2026, 11, 21)
        for code, name in ((A, "东山村"), (B, "西山村")):
            t.add("village_profile", {"村名": name, "统计用区划代码": code, "乡镇名称": "榜头镇", "常住人口": 800},
                  village=code)
        add = t.add
        # 东山村: 张建国 (书记+主任, re-elected: a 离任 record of 第十一届 too), 李秀梅, 王桂兰, 陈志明;
        # 周海 left the day before the reference date (not counted, not in the previous term).
        zhang = member("张建国", "19700501", 11, "书记", "主任", "大学本科", 月报酬=3000)
        zid = add("committee_members", zhang, village=A).uuid
        add("committee_members", old(zhang), village=A)
        li = add("committee_members", member("李秀梅", "19901121", 22, "委员", "无", "普通高中"), village=A).uuid
        wang = add("committee_members", member("王桂兰", "19800115", 32, "无", "委员", "初中"), village=A).uuid
        chen = add("committee_members", member("陈志明", "19850630", 41, "委员", "副主任", "大学专科", 委员分工="宣传"),
                   village=A).uuid
        add("committee_members", member("周海", "19920202", 51, "无", "委员", "普通高中", 在任状态="离任",
                                        离任日期="2026-11-20", 离任原因="辞职"), village=A)
        add("committee_members", old(member("老李", "19600202", 61, "委员", "副主任", "初中")), village=A)
        add("committee_members", old(member("老王", "19650303", 72, "无", "委员", "小学及以下")), village=A)
        # 西山村: 赵明 书记 (not trained), 钱丽 主任 (a woman), 孙强, 吴芳 (a 社会工作师).
        zhao = add("committee_members", member("赵明", "19800303", 81, "书记", "无", "大学本科", 月报酬=3000),
                   village=B).uuid
        qian = add("committee_members", member("钱丽", "19950202", 92, "无", "主任", "普通高中", 月报酬=2500),
                   village=B).uuid
        add("committee_members", member("孙强", "19750707", 101, "无", "委员", "初中"), village=B)
        wu = add("committee_members", member("吴芳", "19880808", 112, "无", "副主任", "大学专科",
                                             社会工作者职业资格="社会工作师"), village=B).uuid
        add("committee_members", old(member("老赵", "19580101", 121, "书记", "主任", "初中")), village=B)
        add("committee_members", old(member("老钱", "19620101", 132, "无", "委员", "初中")), village=B)
        # Training: 张, 李, 陈, 吴 in this term; 王 only before it; 赵 (书记 of 西山村) never.
        for who, village, day in ((zid, A, "2026-04-27"), (li, A, "2026-04-27"), (chen, A, "2026-09-04"),
                                  (wu, B, "2026-05-10"), (wang, A, "2025-05-01")):
            add("member_trainings", {"成员": who, "类型": "任职培训", "名称": "任职培训", "日期": day}, village=village)
        add("member_trainings", {"成员": zid, "类型": "年度考核", "名称": "2025年度考核", "日期": "2026-01-10",
                                 "结果": "优秀"}, village=A)
        add("member_trainings", {"成员": qian, "类型": "年度考核", "名称": "半年考核", "日期": "2026-06-30",
                                 "结果": "称职"}, village=B)
        add("member_trainings", {"成员": zhao, "类型": "年度考核", "名称": "2025年度考核", "日期": "2025-12-20",
                                 "结果": "称职"}, village=B)  # before the period
        # 监委会: one 主任 in each village.
        for village, people in ((A, (("黄丽", "19800808", 141, "主任"), ("郑刚", "19820909", 151, "委员"))),
                                (B, (("冯云", "19830303", 162, "主任"), ("何平", "19840404", 171, "委员"),
                                     ("韩梅", "19850505", 182, "委员")))):
            for name, birth, n, post in people:
                add("supervisory_committee", {"姓名": name, "公民身份号码": ident(birth, n), "民族": "汉族",
                                              "政治面貌": "群众", "职务": post, "具备财会或管理知识": True,
                                              "推选日期": "2026-03-25", "非村委会成员及其近亲属声明": True},
                    village=village)
        # Volunteers: one team written two ways, one volunteer in two teams, one person in both villages.

        def volunteer(village: str, name: str, n: int, team: str | None, status: str = "群众",
                      birth: str = "19900101") -> str:
            return add("volunteers", {"姓名": name, "证件类型": "居民身份证", "证件号码": ident(birth, n),
                                      "注册日期": "2024-01-10", "所属志愿服务队": team, "政治面貌": status,
                                      "身份": ["村(居)民"]}, village=village).uuid

        v1 = volunteer(A, "钱多多", 201, "巾帼志愿服务队", "中共党员")
        v2 = volunteer(A, "孙小红", 212, "巾帼 志愿队")
        v3 = volunteer(A, "吴芳芳", 222, "巾帼志愿服务队、青年突击队")
        volunteer(A, "马六", 231, None)
        v5 = volunteer(B, "郑七", 241, "巾帼志愿服务队")
        v6 = volunteer(B, "冯八", 251, "党员先锋队", "中共预备党员")
        volunteer(B, "钱多多", 201, "巾帼志愿服务队", "中共党员")  # the same person as v1 (R-X-VOL)
        for who, village, day, served in ((v1, A, "2026-03-01", 12), (v2, A, "2026-05-05", 8),
                                          (v3, A, "2025-12-31", 20), (v5, B, "2026-06-01", 5)):
            add("volunteer_services", {"志愿者": who, "活动名称": "探访", "服务日期": day, "服务时长": 2,
                                       "服务对象": ["空巢老人"], "服务人次": served}, village=village)
        add("volunteer_awards", {"志愿者": v1, "类型": "表彰奖励", "名称": "优秀志愿者", "日期": "2026-06-01"},
            village=A)
        add("volunteer_awards", {"志愿者": v2, "类型": "培训", "名称": "急救培训", "日期": "2026-06-01"},
            village=A)
        add("volunteer_awards", {"志愿者": v6, "类型": "表彰奖励", "名称": "优秀志愿者", "日期": "2025-11-01"},
            village=B)


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("published") / "township.db"
    build(path)
    return path


@pytest.fixture(scope="module")
def report(township: Path) -> dict[str, Any]:
    path = township
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "stats", str(path), "--json",
                           "--as-of", "2026-11-21"], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fig(report: dict[str, Any], group: str, key: str, village: str | None = None) -> dict[str, Any]:
    grp = report["groups"][group]
    row = grp["total"] if village is None else next(r for r in grp["villages"] if r["village"] == village)
    return row["figures"][key]


def nd(figure: dict[str, Any]) -> tuple[Any, Any]:
    return figure["n"], figure.get("d")


def test_women_among_the_village_committee_have_its_denominator(report: dict[str, Any]) -> None:
    # 村委会: 张 王 陈 | 钱 孙 吴 = 6 (周海 left the day before); women 王, 钱, 吴.
    assert nd(fig(report, "committee", "vc_women")) == (3, 6)
    assert fig(report, "committee", "vc_women")["percent"] == 50.0
    # Women over all 两委 persons is another figure: 李 王 钱 吴 of 8.
    assert nd(fig(report, "committee", "women")) == (4, 8)


def test_women_secretaries_or_directors_one_figure(report: dict[str, Any]) -> None:
    # 书记 or 主任: 张 (both, once), 赵 (书记), 钱 (主任) = 3 persons; a woman: 钱.
    assert nd(fig(report, "committee", "women_heads")) == (1, 3)
    assert nd(fig(report, "committee", "women_heads", B)) == (1, 2)


def test_high_school_among_the_village_committee(report: dict[str, Any]) -> None:
    # 张 本科, 陈 专科, 钱 高中, 吴 专科 of the six (王, 孙 初中).
    assert nd(fig(report, "committee", "vc_high_school")) == (4, 6)


def test_supervision_directors(report: dict[str, Any]) -> None:
    assert fig(report, "supervision", "sv_directors")["n"] == 2


def test_term_comparison(report: dict[str, Any]) -> None:
    # Ages at 2026-03-18: 55 35 46 40 | 46 31 50 37 → 340 / 8 = 42.5. At 2021-03-15: 张 50, 老李 61,
    # 老王 56 | 老赵 63, 老钱 59 → 289 / 5 = 57.8 (张 re-elected: in both terms).
    assert (fig(report, "terms", "age_now")["n"], fig(report, "terms", "age_now")["count"]) == (42.5, 8)
    assert (fig(report, "terms", "age_prev")["n"], fig(report, "terms", "age_prev")["count"]) == (57.8, 5)
    change = fig(report, "terms", "age_change")
    assert (change["n"], change["direction"]) == (-15.3, "down")
    assert nd(fig(report, "terms", "hs_now")) == (6, 8)
    assert nd(fig(report, "terms", "hs_prev")) == (1, 5)
    assert (fig(report, "terms", "hs_change")["n"], fig(report, "terms", "hs_change")["direction"]) == (55.0, "up")
    assert fig(report, "terms", "term_prev", A)["text"] == BEFORE
    # Left by the reference date: 6 of 第十一届 records (张 is one person twice: once) + 周海.
    assert fig(report, "terms", "left")["n"] == 6


def test_training_pay_and_social_workers(report: dict[str, Any]) -> None:
    # Trained in this term: 张 李 陈 吴 (王 only before it, 赵 never).
    assert nd(fig(report, "training", "trained")) == (4, 8)
    # Every 书记 trained: 东山村 (张) yes, 西山村 (赵) no.
    assert nd(fig(report, "training", "secretary_trained")) == (1, 2)
    assert fig(report, "training", "assessed")["n"] == 2  # the 2025-12-20 one is before the period
    assert (fig(report, "training", "assess:优秀")["n"], fig(report, "training", "assess:称职")["n"]) == (1, 1)
    assert (fig(report, "training", "avg_pay")["n"], fig(report, "training", "avg_pay")["count"]) == (2833.3, 3)
    assert nd(fig(report, "training", "sw_villages")) == (1, 2)


def test_teams_people_served_and_awards(report: dict[str, Any]) -> None:
    # 东山村: 巾帼 (written two ways) and 青年突击 (吴芳芳 is in both) = 2; 西山村: 巾帼, 党员先锋 = 2.
    assert fig(report, "volunteer_more", "teams", A)["n"] == 2
    assert fig(report, "volunteer_more", "teams")["n"] == 4
    # 服务人次 in 2026: 12 + 8 | 5 (the 20 of 2025-12-31 is before the period).
    assert fig(report, "volunteer_more", "served")["n"] == 25
    assert fig(report, "volunteer_more", "awards")["n"] == 1
    # 党员 volunteers: 钱多多 (in both villages: one person) and 冯八 of 6 persons.
    assert nd(fig(report, "volunteer_more", "party")) == (2, 6)
    assert nd(fig(report, "volunteer_more", "party", B)) == (2, 3)


def test_volunteer_shares_list_the_volunteers_behind_them(township: Path) -> None:
    """Clicking 党员志愿者, 团员, a 身份 or 参加服务队 lists who is counted (as other figures do)."""
    import datetime as dt

    from sync.reports.statistics import compute

    store = Store.open(township)
    try:
        report = compute(store, as_of=dt.date(2026, 11, 21))

        def names(key: str, village: str = "") -> list[str]:
            fig = report.figure("volunteer_more", key, village)
            return sorted(store.get(u).values["姓名"] for u in fig.record_uuids(store.conn))

        assert names("party", A) == ["钱多多"]
        # The 合计 counts 钱多多 once (2 persons) and lists both registrations, as 注册志愿者 does.
        assert names("party") == ["冯八", "钱多多", "钱多多"]
        assert names("league") == []
        assert names("identity:村(居)民", A) == ["吴芳芳", "孙小红", "钱多多", "马六"]
        assert names("in_teams", A) == names("teams", A) == ["吴芳芳", "孙小红", "钱多多"]
        # Each list is as long as its figure in a village (no person there twice).
        for key in ("party", "in_teams", "identity:村(居)民"):
            for village in (A, B):
                assert len(names(key, village)) == report.figure("volunteer_more", key, village).n, key
    finally:
        store.close()
