"""Importing rosters through the store: every rule applies, all or nothing, update by ID number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from support import TODAY, TOWNSHIP_CODE, VILLAGE_CODE, ident

from sync.excel.roster_export import export_excel
from sync.excel.roster_import import ADDED, INVALID, UNCHANGED, UPDATED, import_excel
from sync.progress import Cancelled
from sync.store.store import Store

HEADER = ["序号", "姓名", "身份证号", "民族", "政治面貌", "学历", "党内职务", "行政职务", "任职时间", "手机"]
GOOD = [
    [1, "王伟", ident("19750301", "013"), "汉", "党员", "大专", "书记", "主任", "2026-03-18", "13812345678"],
    [2, "林秀英", ident("19800512", "024"), "汉族", "中共党员", "本科", "组织委员", "委员", "2026.3.18",
     "138-1234-5679"],
    [3, "陈芳", ident("19880910", "046"), "畲族", "群众", "高中", "无", "委员", "2026年3月18日", "13812345670"],
]


def roster(tmp_path: Path, rows: list[list[Any]], name: str = "roster.xlsx",
           header: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["东山村村“两委”成员花名册"])
    ws.append(["填报单位：东山村", None, None, None, "截至日期：2026年11月20日"])
    ws.append(header or HEADER)
    for row in rows:
        ws.append(row)
    ws.append(["合计", "3人"])
    ws.append(["填表人：", None, None, "审核人："])
    path = tmp_path / name
    wb.save(path)
    return path


def test_good_roster_imports_every_row(store: Store, tmp_path: Path) -> None:
    report = import_excel(store, "两委成员", roster(tmp_path, GOOD))
    assert report.ok and report.committed
    assert [r.action for r in report.rows] == [ADDED] * 3
    people = {r["姓名"]: r for r in store.records("committee_members")}
    assert people["王伟"]["一肩挑"] is True
    assert people["林秀英"]["委员分工"] == "组织" and people["林秀英"]["党组织职务"] == "委员"
    assert people["陈芳"]["性别"] == "女" and people["陈芳"]["出生年月"] == "1988-09-10"
    assert people["林秀英"]["任职时间"] == "2026-03-18"


def test_one_bad_row_imports_nothing_and_the_report_names_row_column_value_reason(
        store: Store, tmp_path: Path) -> None:
    bad_id = GOOD[1][2][:-1] + ("1" if GOOD[1][2][-1] != "1" else "2")
    rows = [GOOD[0], [2, "林秀英", bad_id, *GOOD[1][3:]], GOOD[2]]
    report = import_excel(store, "committee_members", roster(tmp_path, rows))
    assert not report.ok and not report.committed
    assert store.count("committee_members") == 0
    assert [(r.row, r.action) for r in report.rows] == [(4, ADDED), (5, INVALID), (6, ADDED)]
    line = report.invalid[0].problems[0]
    assert (line.row, line.column, line.header, line.value) == (5, "C", "身份证号", bad_id)
    assert "校验位" in line.message
    text = "\n".join(report.lines())
    assert f"第5行，C列（身份证号），值“{bad_id}”：校验位错误" in text
    assert "全部未导入" in text


def test_rule_errors_are_reported_by_excel_row(store: Store, tmp_path: Path) -> None:
    # A 书记 who is not a Party member breaks R-PARTY; a phone with too few digits R-PHONE.
    rows = [[*GOOD[0][:4], "群众", *GOOD[0][5:]], [*GOOD[1][:9], "1381234"], GOOD[2]]
    report = import_excel(store, "committee_members", roster(tmp_path, rows))
    by_row = {r.row: r for r in report.invalid}
    assert set(by_row) == {4, 5}
    party = by_row[4].problems[0]
    assert party.rule == "R-PARTY" and "中共党员" in party.message
    phone = by_row[5].problems[0]
    assert (phone.column, phone.header, phone.value) == ("J", "手机", "1381234")
    assert store.count("committee_members") == 0


def test_missing_required_column_is_reported_per_row(store: Store, tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "民族"]
    rows = [[c for i, c in enumerate(r) if HEADER[i] != "民族"] for r in GOOD]
    report = import_excel(store, "committee_members", roster(tmp_path, rows, header=header))
    assert len(report.invalid) == 3
    line = report.invalid[0].problems[0]
    assert line.field == "民族" and line.column is None
    assert "民族（表中没有这一列）" in line.text()
    assert "表中没有这些必填列：民族" in "\n".join(report.lines())


def test_valid_only_imports_the_good_rows(store: Store, tmp_path: Path) -> None:
    rows = [GOOD[0], [2, "林秀英", "12345", *GOOD[1][3:]], GOOD[2]]
    report = import_excel(store, "committee_members", roster(tmp_path, rows), valid_only=True)
    assert report.committed and not report.ok
    assert sorted(r["姓名"] for r in store.records("committee_members")) == ["王伟", "陈芳"]
    assert "已导入无错误的 2 行；有错误的 1 行未导入" in report.lines()[-1]


def test_dry_run_changes_nothing_but_reports_everything(store: Store, tmp_path: Path) -> None:
    before = store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    report = import_excel(store, "committee_members", roster(tmp_path, GOOD), dry_run=True)
    assert report.ok and not report.committed
    assert [r.action for r in report.rows] == [ADDED] * 3
    assert store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == before
    assert "试导入" in report.lines()[-1]


def test_same_id_number_updates_instead_of_duplicating(store: Store, tmp_path: Path) -> None:
    import_excel(store, "committee_members", roster(tmp_path, GOOD))
    changed = [list(r) for r in GOOD]
    changed[1][9] = "13900000000"
    changed[1][2] = changed[1][2].lower()  # the same person, written differently
    report = import_excel(store, "committee_members", roster(tmp_path, changed, "again.xlsx"))
    assert report.ok
    assert [r.action for r in report.rows] == [UNCHANGED, UPDATED, UNCHANGED]
    assert report.rows[1].changed == ["联系电话"]
    assert store.count("committee_members") == 3
    lin = next(r for r in store.records("committee_members") if r["姓名"] == "林秀英")
    assert lin["联系电话"] == "13900000000"
    assert len(store.history(lin["uuid"])) == 2
    text = "\n".join(report.lines())
    assert "已在登记簿中（公民身份号码相同），已更新而不是重复新增" in text
    assert "第5行 林秀英：联系电话" in text


def test_the_same_person_twice_in_one_roster_is_an_error(store: Store, tmp_path: Path) -> None:
    rows = [GOOD[0], GOOD[1], [4, "王伟伟", *GOOD[0][2:]]]
    report = import_excel(store, "committee_members", roster(tmp_path, rows))
    assert [r.row for r in report.invalid] == [6]
    assert "与第4行重复" in report.invalid[0].problems[0].message
    assert store.count("committee_members") == 0


def test_warnings_do_not_stop_an_import(store: Store, tmp_path: Path) -> None:
    minor = ident(f"{TODAY.year - 16}0101", "033")
    wb = Workbook()
    wb.active.append(["姓名", "证件号码", "注册日期"])
    wb.active.append(["小明", minor, "2026-10-01"])
    path = tmp_path / "v.xlsx"
    wb.save(path)
    report = import_excel(store, "volunteers", path)
    assert report.ok
    assert [n.rule for n in report.rows[0].notes] == ["R-MINOR"]
    assert "提示（不影响导入" in "\n".join(report.lines())


def test_service_records_find_their_volunteer_by_id_or_name(store: Store, tmp_path: Path) -> None:
    a, b = ident("19750301", "013"), ident("19800512", "024")
    store.add("volunteers", {"姓名": "王伟", "证件号码": a, "注册日期": "2024-01-01"})
    store.add("volunteers", {"姓名": "林秀英", "证件号码": b, "注册日期": "2024-01-01"})
    store.add("volunteers", {"姓名": "林秀英", "证件号码": ident("19900101", "026"), "注册日期": "2024-01-01"})
    wb = Workbook()
    ws = wb.active
    ws.append(["志愿者", "活动名称", "服务日期", "服务时长（小时）"])
    ws.append(["王伟", "环境整治", dt.datetime(2026, 5, 1), 2])
    ws.append([b, "义诊", "2026/5/2", "1.5"])
    ws.append([f"林秀英（{b}）", "义诊", "2026.5.3", 1])
    ws.append(["林秀英", "义诊", "2026.5.4", 1])
    ws.append(["张三", "义诊", "2026.5.4", 1])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    report = import_excel(store, "volunteer_services", path, valid_only=True)
    assert [r.action for r in report.rows] == [ADDED, ADDED, ADDED, INVALID, INVALID]
    assert "姓名（证件号码）" in report.rows[3].problems[0].message
    assert "找不到志愿者“张三”" in report.rows[4].problems[0].message
    volunteer = {r["证件号码"]: r for r in store.records("volunteers")}
    assert volunteer[b]["累计服务时长"] == 2.5


def test_cancel_leaves_the_database_as_it_was(store: Store, tmp_path: Path) -> None:
    path = roster(tmp_path, GOOD)
    with pytest.raises(Cancelled, match="已取消导入，数据库未改动"):
        import_excel(store, "committee_members", path, progress=lambda done, total, _message: done < 2)
    assert store.count("committee_members") == 0


def test_township_export_has_village_columns_and_imports_back(tmp_path: Path) -> None:
    town = Store.create_township(tmp_path / "town.db", TOWNSHIP_CODE, "榜头镇")
    town.today = TODAY
    other = TOWNSHIP_CODE + "203"
    for code, name in ((VILLAGE_CODE, "东山村"), (other, "西山村")):
        town.add("village_profile", {"村名": name, "统计用区划代码": code}, village=code)
        town.add("volunteers", {"姓名": f"{name}志愿者", "证件号码": ident("19750301", "013" if code ==
                                VILLAGE_CODE else "015"), "注册日期": "2024-01-01"}, village=code)
    out = tmp_path / "all.xlsx"
    export_excel(town, out, "volunteers", full_ids=True)
    from openpyxl import load_workbook

    ws = load_workbook(out)["志愿者"]
    assert [c.value for c in ws[3]][:4] == ["序号", "村", "村代码", "姓名"]
    assert sorted((ws.cell(r, 2).value, ws.cell(r, 3).value) for r in (4, 5)) == [
        ("东山村", VILLAGE_CODE), ("西山村", other)]
    one = tmp_path / "one.xlsx"
    export_excel(town, one, "volunteers", village=other, full_ids=True)
    ws = load_workbook(one)["志愿者"]
    assert ws["A1"].value == "西山村志愿者登记表" and ws.cell(3, 2).value == "姓名"
    assert ws.max_row == 4

    copy = Store.create_township(tmp_path / "town2.db", TOWNSHIP_CODE, "榜头镇")
    report = import_excel(copy, "volunteers", out)
    assert report.ok, "\n".join(report.lines())
    assert {r["_village"] for r in copy.records("volunteers")} == {VILLAGE_CODE, other}
    # Without a village column a township cannot tell whose rows they are.
    report = import_excel(copy, "volunteers", one)
    assert not report.ok and "村代码" in report.invalid[0].problems[0].message
    town.close()
    copy.close()


def test_village_database_refuses_rows_of_another_village(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["村代码", "姓名", "证件号码", "注册日期"])
    wb.active.append([TOWNSHIP_CODE + "203", "王伟", ident("19750301", "013"), "2024-01-01"])
    path = tmp_path / "v.xlsx"
    wb.save(path)
    report = import_excel(store, "volunteers", path)
    assert "不是本村" in report.invalid[0].problems[0].message


def test_village_profile_of_another_village_is_refused(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["村名", "统计用区划代码", "常住人口"])
    wb.active.append(["西山村", TOWNSHIP_CODE + "203", 800])
    wb.active.append(["东山村", VILLAGE_CODE, 2000])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    report = import_excel(store, "village_profile", path, valid_only=True)
    assert "不是本村" in report.rows[0].problems[0].message
    assert report.rows[1].action == UPDATED
    assert store.profile()["常住人口"] == 2000
