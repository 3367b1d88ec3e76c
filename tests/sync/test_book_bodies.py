"""The book's sections of registers 9–10 and the profile (issue 14): the 村情概况 page with its new
fields down the page and its titles after it, 村级骨干 grouped by role (a person of several roles in
each group), and the summary items that say the figures the statistics count."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY

from forms.model import catalog
from sync.reports.book import build_book
from sync.store.store import Store


@pytest.fixture
def demo(demo_db: Path) -> Store:
    store = Store.open(demo_db)
    store.today = TODAY
    yield store
    store.close()


def test_the_profile_page_lists_its_fields_down_the_page_then_its_titles(demo: Store) -> None:
    sections = list(build_book(demo).sections())
    assert [s.key for s in sections[:3]] == ["village_profile", "village_honors", "committee_members"]
    page = sections[0]
    assert [c.title for c in page.table.columns] == ["项目", "内容"]
    lines = dict(page.table.rows)
    assert lines["网格数（个）"] == "8" and lines["有综合服务站"] == "是"
    assert lines["服务站建筑面积（平方米）"] == "420" and lines["服务站办公面积（平方米）"] == "96"
    assert lines["最近换届届次"] == "第十二届" and lines["一次性选举成功"] == "是"
    assert page.summary == () and page.table.total is None
    titles = sections[1]
    assert [row[1] for row in titles.table.rows] == ["福建省民主法治示范村", "泉州市文明村", "乡村治理示范村"]
    assert titles.summary[-1] == "按级别：省级 1 项，市（州）级 1 项，县级 1 项"


def test_key_people_are_printed_by_role(demo: Store) -> None:
    book = build_book(demo, register="village_roles")
    # Key people who left print after the table, like the 两委's (sync/reports/book_terms.py).
    section, *left = book.sections()
    assert [s.title for s in left] == ["往届及离任人员（村级骨干花名册）"]
    columns = [c.title for c in section.table.columns]
    assert columns[:3] == ["角色", "序号", "姓名"]
    groups = [row[0] for row in section.table.rows if row[0]]
    assert groups == ["村民代表", "村民小组长", "网格长", "专职网格员", "兼职网格员", "警务助理", "法律顾问",
                      "人民调解员", "治保员"]
    # A 村民代表 who is also 村民小组长 is printed in both groups; 序号 restarts in each.
    first_leader = next(i for i, row in enumerate(section.table.rows) if row[0] == "村民小组长")
    assert section.table.rows[first_leader][1] == "1"
    name = section.table.rows[first_leader][2]
    assert sum(1 for row in section.table.rows if row[2] == name) == 2
    # 56 key people in the demo, one of them 离任: printed after the table, not in it.
    assert section.table.total is not None and section.table.total[:3] == ("合计", "", "55人")
    summary = "；".join(section.summary)
    assert "村民代表 45 人" in summary and "网格员（专职和兼职）8 人" in summary
    assert "妇女村民代表 18/45 (40.0%)" in summary
    assert len(left[0].table.rows) == 1  # the one who left, in the section after the table


def test_bodies_say_their_classes(demo: Store) -> None:
    [section] = build_book(demo, register="village_bodies").sections()
    assert "按大类：下属委员会 3 个，自治组织 3 个，群团组织 3 个；已设人民调解委员会" in section.summary
    assert catalog().registers["village_bodies"].print_group_by is None
