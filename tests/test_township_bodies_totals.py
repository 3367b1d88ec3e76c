"""A small township built the way it is in real life reproduces known totals (issue 14, "How it is
checked"): three villages keep registers 9–10, their profiles and titles from Excel rosters written
the way village offices write them (the corpus rosters of tests/data/rosters, a GBK CSV, another
header wording), send packages, and the township's ``cunwu stats --json`` gives the totals worked
out by hand below — counts with their numerators and denominators, a person of two villages once.

东山村 (A, 612 户): rosters 30 (valid rows only), 31 and 32 of the corpus; 8 骨干, 7 live bodies
(one 撤销), 5 titles; 服务站 420 m², 办公 96; 一次性选举成功 and 直接选举.
西山村 (B, 300 户): a GBK CSV of 5 骨干, among them 张伟, the 警务助理 of 东山村 too (same ID number);
3 bodies; 1 title; 服务站 299.9 m² (under 300); not elected at the first ballot.
南山社区 (C, 80 户): 2 骨干, no body, no title, no 服务站, 换届 not filled in.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import TODAY

from desktop.cli import main
from sync.excel.roster_import import import_excel
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.importer import import_packages
from sync.store.store import Store

CORPUS = Path(__file__).parent / "data" / "rosters"
A, B, C = "350322111201", "350322111202", "350322111203"
ZHANG_WEI = "350322197901080375"  # 张伟 in roster 30


def build_village(folder: Path, code: str, name: str, profile: dict[str, Any],
                  rosters: list[tuple[str, Path, bool]]) -> Path:
    path = folder / f"{code}.db"
    with Store.create_village(path, code, name, profile) as store:
        store.today = TODAY
        for register, roster, valid_only in rosters:
            report = import_excel(store, register, roster, valid_only=valid_only)
            assert report.committed, "\n".join(report.lines())
    return path


def roster(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def gbk_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="gbk", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def ident(body: str) -> str:
    from forms.identifiers import id_check_char

    return body + id_check_char(body)


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("township-bodies")
    b_roles = gbk_csv(folder / "西山村骨干.csv", ["姓名", "性别", "身份证号", "身份", "所在村民小组", "联系户数"], [
        ["赵红", "女", ident("35032219800101002"), "村民代表、组长", "一组", 10],
        ["钱芳", "女", ident("35032219810202002"), "代表", "二组", 12],
        ["孙强", "男", ident("35032219820303001"), "村民代表/专职网格员", "三组", 11],
        ["张伟", "男", ZHANG_WEI, "辅警", "", ""],
        ["吴刚", "男", ident("35032219700404001"), "调解员", "二组", ""],
    ])
    b_bodies = roster(folder / "西山村组织.xlsx", "西山村村级组织", ["序号", "名称", "组织类型", "成员数"], [
        [1, "西山村调委会", "调委会", 5], [2, "西山村红白理事会", "红白理事会", 7],
        [3, "西山村老年人协会", "老协", 40]])
    b_honors = roster(folder / "西山村荣誉.xlsx", "西山村荣誉", ["称号", "类型", "等级", "获得年份"], [
        ["仙游县文明村", "文明村", "县级", 2024]])
    c_roles = roster(folder / "南山骨干.xlsx", "南山社区骨干名单", ["姓名", "性别", "身份证号码", "担任职务", "联系户数"], [
        ["冯涛", "男", ident("35032219750505001"), "居民代表", 8],
        ["陈丽", "女", ident("35032219900606002"), "网格员", None]])
    villages = [
        build_village(folder, A, "东山村", {"户数": 612, "网格数": 8, "有综合服务站": True, "服务站建筑面积": 420,
                                          "服务站办公面积": 96, "一次性选举成功": True, "村委会直接选举": True},
                      [("village_roles", CORPUS / "30_key_people_roles_in_one_cell.xlsx", True),
                       ("village_bodies", CORPUS / "31_village_bodies_short_names.xlsx", False),
                       ("village_honors", CORPUS / "32_honors_without_village.xlsx", False)]),
        build_village(folder, B, "西山村", {"户数": 300, "网格数": 4, "有综合服务站": True, "服务站建筑面积": 299.9,
                                          "服务站办公面积": 60, "一次性选举成功": False, "村委会直接选举": True},
                      [("village_roles", b_roles, False), ("village_bodies", b_bodies, False),
                       ("village_honors", b_honors, False)]),
        build_village(folder, C, "南山社区", {"户数": 80, "网格数": 1, "有综合服务站": False},
                      [("village_roles", c_roles, False)]),
    ]
    path = folder / "township.db"
    stick = folder / "stick"
    stick.mkdir()
    with Store.create_township(path, "350322111", "榜头镇") as town:
        enrollments = {code: write_enrollment_file(town, folder / code, village=code).path
                       for code in (A, B, C)}
    for village, code in zip(villages, (A, B, C), strict=True):
        with Store.open(village) as store:
            store.today = TODAY
            enroll(store, enrollments[code])
            export_package(store, stick)
    with Store.open(path) as town:
        town.today = TODAY
        summary = import_packages(town, [stick])
        assert summary.ok, summary
    return path


@pytest.fixture(scope="module")
def stats(township: Path) -> dict[str, Any]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["stats", str(township), "--json", "--as-of", TODAY.isoformat()]) == 0
    return json.loads(out.getvalue())["groups"]


def total(stats: dict[str, Any], group: str, key: str) -> tuple[Any, ...]:
    figure = stats[group]["total"]["figures"][key]
    return (figure["n"], figure["d"]) if "d" in figure else (figure["n"],)


def by_village(stats: dict[str, Any], group: str, key: str) -> list[Any]:
    return [r["figures"][key]["n"] for r in stats[group]["villages"]]


def test_key_people_count_each_person_once_in_the_total_and_once_per_role(stats: dict[str, Any]) -> None:
    assert by_village(stats, "key_people", "persons") == [8, 5, 2]
    assert total(stats, "key_people", "persons") == (14,)  # 张伟 of two villages once
    assert "各村相加为 15 人" in " ".join(stats["key_people"]["notes"])
    assert total(stats, "key_people", "role:村民代表") == (8,)
    assert total(stats, "key_people", "role:村民小组长") == (3,)
    assert total(stats, "key_people", "role:网格长") == (1,)
    assert total(stats, "key_people", "role:专职网格员") == (2,)
    assert total(stats, "key_people", "role:兼职网格员") == (2,)
    assert total(stats, "key_people", "grid_workers") == (4,)
    assert total(stats, "key_people", "role:警务助理") == (1,)
    assert by_village(stats, "key_people", "role:警务助理") == [1, 1, 0]
    assert total(stats, "key_people", "role:法律顾问") == (1,)
    assert total(stats, "key_people", "role:人民调解员") == (2,)
    assert total(stats, "key_people", "role:治保员") == (1,)
    assert total(stats, "key_people", "rep_women") == (4, 8)
    assert total(stats, "key_people", "police_villages") == (2, 3)
    assert total(stats, "key_people", "lawyer_villages") == (1, 3)


def test_bodies_by_class_and_type_and_mediation_coverage(stats: dict[str, Any]) -> None:
    assert by_village(stats, "bodies", "bodies") == [7, 3, 0]  # 东山村's 撤销 one not counted
    assert total(stats, "bodies", "bodies") == (10,)
    assert [total(stats, "bodies", f"class:{c}") for c in ("下属委员会", "自治组织", "群团组织")] == [(3,), (4,), (3,)]
    assert total(stats, "bodies", "type:人民调解委员会") == (2,)
    assert total(stats, "bodies", "type:红白理事会") == (2,)
    assert total(stats, "bodies", "type:老年协会") == (1,)
    assert total(stats, "bodies", "mediation_villages") == (2, 3)


def test_profile_figures_and_titles(stats: dict[str, Any]) -> None:
    assert total(stats, "profile", "grids") == (13,)
    assert total(stats, "profile", "station") == (2, 3)
    assert total(stats, "profile", "station_per_households") == (2, 2)
    assert total(stats, "profile", "station_area") == (1, 2)  # 西山村's 299.9 m²
    assert total(stats, "profile", "elected_first") == (1, 2)  # 南山社区 did not say
    assert total(stats, "profile", "direct_election") == (2, 2)
    assert total(stats, "profile", "honors") == (6,)
    assert [total(stats, "profile", f"honor_level:{lv}") for lv in ("国家级", "省级", "市（州）级", "县级")] == [
        (1,), (1,), (1,), (3,)]
    assert total(stats, "profile", "honor_class:文明村") == (2,)
    assert total(stats, "profile", "honor_villages") == (2, 3)


def test_every_figure_lists_the_records_behind_it(township: Path) -> None:
    from sync.reports.statistics import compute

    with Store.open(township) as store:
        report = compute(store, as_of=TODAY)
        police = report.figure("key_people", "role:警务助理")
        names = {store.get(u).values["姓名"] for u in police.record_uuids(store.conn)}
        assert names == {"张伟"}
        station = report.figure("profile", "station_area")
        assert [store.get(u).values["村名"] for u in station.record_uuids(store.conn)] == ["东山村"]
        honors = report.figure("profile", "honor_level:国家级")
        assert [store.get(u).values["名称"] for u in honors.record_uuids(store.conn)] == ["全国民主法治示范村（社区）"]
