"""Rosters of meetings and disclosures re-imported: a meeting is the same record by its date, type,
group and topic (the definition's match_fields), so the same topic in two groups on one day, or
in several meetings, stays apart, and an empty 村民小组 matches an empty one."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from support import TODAY

from sync.excel.roster_export import export_excel
from sync.excel.roster_import import ADDED, UNCHANGED, UPDATED, import_excel
from sync.store.store import Store

MEETINGS = [
    {"会议类型": "村民小组会议", "会议日期": "2026-05-06", "村民小组": "一组", "议题": "医保缴费动员",
     "应到人数": 60, "实到人数": 45},
    {"会议类型": "村民小组会议", "会议日期": "2026-05-06", "村民小组": "二组", "议题": "医保缴费动员",
     "应到人数": 50, "实到人数": 40},
    {"会议类型": "两委联席会议", "会议日期": "2026-05-06", "议题": "医保缴费动员"},
    {"会议类型": "民主协商会", "会议日期": "2026-06-18", "议题": "垃圾分类收集点选址", "协商事项数": 3,
     "解决事项数": 2},
]


def test_meetings_reimport_unchanged_and_one_edit_updates_one(village_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "meetings.xlsx"
    with Store.open(village_db) as store:
        store.today = TODAY
        for raw in MEETINGS:
            store.add("meetings", raw)
        export_excel(store, out, "meetings", full_ids=True)
        report = import_excel(store, "meetings", out)
        assert report.ok, "\n".join(report.lines())
        assert [r.action for r in report.rows] == [UNCHANGED] * 4
        wb = load_workbook(out)
        ws = wb.worksheets[0]
        header = [c.value for c in ws[3]]
        ws.cell(5, header.index("实到人数") + 1).value = 42  # 二组's meeting, corrected
        ws.append([None, "村民小组会议", "2026-05-06", "三组", "医保缴费动员", None, "成年村民", 40, 30])
        wb.save(out)
        report = import_excel(store, "meetings", out)
        assert report.ok, "\n".join(report.lines())
        assert [r.action for r in report.rows] == [UNCHANGED, UPDATED, UNCHANGED, UNCHANGED, ADDED]
        second = next(r for r in store.records("meetings") if r["村民小组"] == "二组")
        assert second["实到人数"] == 42 and store.count("meetings") == 5


def test_disclosures_reimport_unchanged(village_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "disclosures.xlsx"
    with Store.open(village_db) as store:
        store.today = TODAY
        for day in ("2026-03-31", "2026-06-30"):
            store.add("disclosures", {"公开日期": day, "公开类别": "财务", "公开标题": "季度财务收支",
                                      "公开内容": ["财务收支"]})
        store.add("disclosures", {"公开日期": "2026-06-30", "公开类别": "党务", "公开标题": "季度财务收支"})
        export_excel(store, out, "disclosures")
        report = import_excel(store, "disclosures", out)
        assert report.ok, "\n".join(report.lines())
        assert [r.action for r in report.rows] == [UNCHANGED] * 3
