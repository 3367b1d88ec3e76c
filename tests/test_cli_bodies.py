"""The `cunwu` commands for registers 9–10, the profile's new fields and its 荣誉称号 (issue 14),
run as a clerk would run them: keys and Chinese names alike, profile fields by init --set and edit,
templates, rosters in and out, check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from support import VILLAGE_CODE

ROOT = Path(__file__).resolve().parents[1]


def cunwu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def ok(*args: str) -> str:
    result = cunwu(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def listed(db: Path, register: str) -> list[dict[str, object]]:
    return json.loads(ok("list", str(db), register, "--json"))


def village(tmp_path: Path, *sets: str) -> Path:
    db = tmp_path / "v.db"
    ok("init", str(db), "--village-code", VILLAGE_CODE, "--village-name", "东山村",
       *[a for s in sets for a in ("--set", s)])
    return db


def test_init_sets_the_new_profile_fields_by_name_and_alias(tmp_path: Path) -> None:
    db = village(tmp_path, "户数=612", "网格数=8", "有综合服务站=是", "服务站建筑面积=420.5", "其中办公面积=96",
                 "最近换届日期=2021-03-18", "最近换届届次=第十二届", "一次性选举成功=是", "社区类型=牧区")
    [profile] = listed(db, "村情概况")
    assert (profile["网格数"], profile["有综合服务站"], profile["服务站建筑面积"], profile["服务站办公面积"]) == (
        8, True, 420.5, 96)
    assert profile["最近换届届次"] == "第十二届" and profile["社区类型"] == "农村牧区社区"
    assert profile["村委会直接选举"] is None


def test_init_refuses_an_office_larger_than_the_station_and_makes_no_file(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    result = cunwu("init", str(db), "--village-code", VILLAGE_CODE, "--village-name", "东山村",
                   "--set", "服务站建筑面积=300", "--set", "服务站办公面积=301")
    assert result.returncode == 2 and "服务站办公面积" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


def test_edit_sets_profile_fields_and_check_reports_the_station_norms(tmp_path: Path) -> None:
    db = village(tmp_path, "户数=612")
    [profile] = listed(db, "village_profile")
    ok("edit", str(db), str(profile["uuid"]), "--set", "服务站建筑面积=299.9", "--set", "办公面积=60")
    result = cunwu("check", str(db), "--json")
    station = [i for i in json.loads(result.stdout) if i["rule"] == "R-STATION-AREA"]
    assert [i["message"] for i in station] == ["服务站建筑面积：299.9平方米，总面积应不低于300平方米（村级综合服务站建设标准）"]
    bad = cunwu("edit", str(db), str(profile["uuid"]), "--set", "服务站办公面积=500")
    assert bad.returncode == 2 and "超过服务站建筑面积" in bad.stderr


def test_add_and_list_by_key_and_by_chinese_name(tmp_path: Path) -> None:
    db = village(tmp_path, "户数=120")
    ok("add", str(db), "村级骨干花名册", "--set", "姓名=陈晓梅", "--set", "公民身份号码=350322199001010020",
       "--set", "角色=村民代表、网格员", "--set", "代表户数=12")
    ok("add", str(db), "村级组织", "--set", "名称=东山村红白理事会", "--set", "组织类型=红白喜事理事会")
    ok("add", str(db), "荣誉与示范创建", "--set", "名称=全国民主法治示范村", "--set", "类别=民主法治示范村",
       "--set", "级别=全国", "--set", "授予年份=2019")
    [person] = listed(db, "village_roles")
    assert person["角色"] == ["村民代表", "兼职网格员"] and person["性别"] == "女" and person["在任状态"] == "在任"
    assert listed(db, "village_bodies")[0]["组织大类"] == "自治组织"
    honors = ok("list", str(db), "荣誉称号")
    assert "东山村\t全国民主法治示范村\t民主法治示范村\t国家级\t2019" in honors  # 村 by its name, not a UUID


def test_a_roster_without_the_village_column_imports_once(tmp_path: Path) -> None:
    db = village(tmp_path)
    roster = tmp_path / "荣誉.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["东山村荣誉称号一览表"])
    sheet.append(["序号", "荣誉名称", "类别", "级别", "年份", "命名单位"])
    sheet.append([1, "全国民主法治示范村", "民主法治示范村", "国家级", 2019, "司法部、民政部"])
    sheet.append([2, "市级文明村", "文明村", "市级", 2022, "六盘水市文明委"])
    wb.save(roster)
    first = ok("import-excel", str(db), "荣誉称号", str(roster))
    assert "新增 2" in first and "必填列" not in first
    assert "无变化 2" in ok("import-excel", str(db), "荣誉称号", str(roster))
    assert len(listed(db, "village_honors")) == 2


def test_templates_and_a_round_trip_of_each_new_register(tmp_path: Path) -> None:
    db = village(tmp_path, "户数=120", "网格数=3")
    ok("add", str(db), "village_roles", "--set", "姓名=陈晓梅", "--set", "公民身份号码=350322199001010020",
       "--set", "角色=村民代表、村民小组长", "--set", "村民小组=一组")
    ok("add", str(db), "village_bodies", "--set", "名称=东山村人民调解委员会", "--set", "组织类型=调委会",
       "--set", "成员数=5")
    ok("add", str(db), "village_honors", "--set", "名称=县级文明村", "--set", "类别=文明村", "--set", "级别=县级")
    for register, header in (("village_bodies", "组织类型"), ("村级骨干", "角色"), ("荣誉称号", "级别")):
        out = tmp_path / f"{register}.xlsx"
        ok("template", register, "--out", str(out))
        headers = [c.value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(max_row=5) for c in row]
        assert header in headers
    exported = tmp_path / "all.xlsx"
    ok("export-excel", str(db), "--out", str(exported), "--full-ids")
    fresh = tmp_path / "fresh.db"
    ok("init", str(fresh), "--village-code", VILLAGE_CODE, "--village-name", "东山村")
    for register in ("village_profile", "village_honors", "village_bodies", "village_roles"):
        ok("import-excel", str(fresh), register, str(exported))
        assert plain(fresh, register) == plain(db, register), register


def plain(db: Path, register: str) -> list[dict[str, object]]:
    """Records as listed, without what differs between two databases by design: the UUIDs, and the
    reference to each database's own profile."""
    return [{k: v for k, v in r.items() if k not in ("uuid", "村")} for r in listed(db, register)]
