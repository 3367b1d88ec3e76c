"""The book's sections of registers 6–8: the 重大事项 table of steps with dates, a step left out
printed （缺）, and the summary blocks (六步完整, meetings by type and what consultations resolved,
postings by 类别 and the quarters without one)."""

from __future__ import annotations

from pathlib import Path

from support import TODAY

from sync.reports.book import GAP, Section, build_book
from sync.store.store import Store


def section(store: Store, register: str) -> Section:
    book = build_book(store, register=register, summary_tables=None)
    [part] = book.parts
    [found] = part.sections
    return found


def test_decisions_print_their_steps_and_the_gaps(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.today = TODAY
        store.add("major_decisions", {
            "事项名称": "村道硬化", "提议日期": "2026-03-02", "商议日期": "2026-03-05", "审议日期": "2026-03-09",
            "决议会议": "村民会议", "决议日期": "2026-03-15", "应到人数": 1650, "实到人数": 900, "赞成": 850,
            "决议公开日期": "2026-03-16", "实施结果公开日期": "2026-09-30", "实施情况": "已完成"})
        store.add("major_decisions", {"事项名称": "茶园承包", "提议日期": "2026-04-01", "审议日期": "2026-04-09"},
                  override_reason="补录：商议记录遗失")
        found = section(store, "重大事项决策")
        titles = [c.title for c in found.table.columns]
        assert titles[titles.index("提议日期"):titles.index("决议日期") + 1] == [
            "提议日期", "商议日期", "审议日期", "决议会议", "决议日期"]
        rows = {r[1]: dict(zip(titles, r, strict=True)) for r in found.table.rows}
        assert rows["村道硬化"]["实施结果公开日期"] == "2026-09-30" and rows["村道硬化"]["是否通过"] == "是"
        assert rows["茶园承包"]["商议日期"] == GAP and rows["茶园承包"]["决议日期"] == ""
        summary = "\n".join(found.summary)
        assert "六步完整 1/2 (50.0%)" in summary and "茶园承包（缺村“两委”会议商议）" in summary


def test_meetings_and_disclosures_summaries(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.today = TODAY
        for day in ("2026-02-10", "2026-05-10"):
            store.add("meetings", {"会议类型": "村民代表会议", "会议日期": day, "议题": "季度通报"})
        store.add("meetings", {"会议类型": "民主协商会", "会议日期": "2026-06-01", "议题": "停车",
                               "协商事项数": 4, "解决事项数": 3})
        summary = "\n".join(section(store, "meetings").summary)
        assert "按类型：村民代表会议 2 次、民主协商会 1 次" in summary
        assert "民主协商会 1 次，协商事项 4 项，解决 3 项" in summary
        store.add("disclosures", {"公开日期": "2026-03-31", "公开类别": "财务", "监委会审核": True})
        store.add("disclosures", {"公开日期": "2026-08-01", "公开类别": "党务"})
        summary = "\n".join(section(store, "disclosures").summary)
        assert "按类别：党务 1 次、财务 1 次；经监委会审核 1/2 (50.0%)" in summary
        assert "2026年第二、三季度没有村务或财务公开（组织法第三十条" in summary
