"""What the printed register book holds (sync.reports.book, sync.reports.book_summary): no Qt involved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import TODAY

from forms.identifiers import mask_id, mask_phone
from forms.model import catalog
from sync.reports.book import (
    FULL_NOTE,
    MASKED_NOTE,
    TOWNSHIP_SIGNERS,
    VILLAGE_SIGNERS,
    BookError,
    SummaryTable,
    build_book,
    committee_name,
    township_office,
)
from sync.reports.book_summary import SummaryContext, persons, share, summary_lines
from sync.store.store import Store

MASKED_ID = re.compile(r"^\d{4}\*{10}[\dX]{4}$")


@pytest.fixture
def demo(demo_db: Path):
    s = Store.open(demo_db)
    s.today = TODAY
    yield s
    s.close()


def section(book, key):
    return next(s for s in book.sections() if s.key == key)


def column(sec, title):
    idx = [c.title for c in sec.table.columns].index(title)
    return [row[idx] for row in sec.table.rows]


def test_sections_follow_the_catalog_and_its_print_columns(demo: Store) -> None:
    book = build_book(demo)
    cat = catalog()
    keys = [s.key for s in book.sections()]
    # The 两委 members who left follow in a section of their own (sync/reports/book_terms.py).
    assert [k for k in keys if ":" not in k] == [r.key for r in cat.ordered(include_profile=True)]
    assert keys[keys.index("committee_members") + 1] == "committee_members:left"
    for sec in book.sections():
        if ":" in sec.key:
            continue
        reg = cat.registers[sec.key]
        if reg.singleton or reg.print_group_by:
            continue  # a page of 项目/内容, a table in groups: tests/sync/test_book_bodies.py
        assert [c.title for c in sec.table.columns] == ["序号", *(reg.field(n).label for n in reg.print_columns)]
        assert len(sec.table.rows) == len([r for r in demo.records(reg.key) if r.get("在任状态") != "离任"])
        assert [row[0] for row in sec.table.rows] == [str(i) for i in range(1, len(sec.table.rows) + 1)]
        assert sec.signers == VILLAGE_SIGNERS
        assert sec.reporter == "东山村村民委员会"
        assert sec.unit == reg.unit
        assert sec.table.total is not None and sec.table.total[0] == "合计"


def test_id_numbers_and_phones_are_masked_unless_full_ids_is_asked(demo: Store) -> None:
    members = [m for m in demo.records("committee_members") if m["在任状态"] != "离任"]  # 离任: their own section
    masked = section(build_book(demo), "committee_members")
    full = section(build_book(demo, full_ids=True), "committee_members")
    assert column(masked, "公民身份号码") == [mask_id(m["公民身份号码"]) for m in members]
    assert all(MASKED_ID.match(v) for v in column(masked, "公民身份号码"))
    assert column(masked, "联系电话") == [mask_phone(m["联系电话"]) for m in members]
    assert column(full, "公民身份号码") == [m["公民身份号码"] for m in members]
    assert column(full, "联系电话") == [m["联系电话"] for m in members]
    assert build_book(demo).privacy == MASKED_NOTE
    assert build_book(demo, full_ids=True).privacy == FULL_NOTE
    volunteers = section(build_book(demo), "volunteers")
    assert all(MASKED_ID.match(v) for v in column(volunteers, "证件号码"))


def test_references_print_the_volunteers_name(demo: Store) -> None:
    names = {v["uuid"]: v["姓名"] for v in demo.records("volunteers")}
    services = demo.records("volunteer_services")
    sec = section(build_book(demo), "volunteer_services")
    assert column(sec, "志愿者") == [names[s["志愿者"]] for s in services]


def test_total_row_adds_up_the_columns_the_definition_names(demo: Store) -> None:
    book = build_book(demo)
    services = section(book, "volunteer_services")
    hours = sum(s["服务时长"] for s in demo.records("volunteer_services"))
    idx = [c.title for c in services.table.columns].index(catalog().registers["volunteer_services"]
                                                             .field("服务时长").label)
    assert services.table.total is not None
    assert float(services.table.total[idx]) == pytest.approx(hours)
    assert services.table.total[1] == f"{len(services.table.rows)}条"
    orgs = section(book, "social_organizations")
    members = sum(o["成员数"] for o in demo.records("social_organizations"))
    assert orgs.table.total is not None
    assert orgs.table.total[[c.title for c in orgs.table.columns].index("成员数")] == str(members)
    # Votes of different versions of the rules do not add up: nothing summed there.
    rules = section(book, "village_rules")
    assert rules.table.total is not None
    assert set(rules.table.total[2:]) == {""}


def test_committee_summary_is_counted_from_the_records(demo: Store) -> None:
    listed = [m for m in demo.records("committee_members") if m["在任状态"] != "离任"]  # 离任: their own section
    # Who counts is the statistics' definition (sync.reports.counting): a post in either committee.
    members = [m for m in listed if m["党组织职务"] != "无" or m["村委会职务"] != "无"]
    others = [m["姓名"] for m in listed if m not in members]
    assert others  # the demo lists someone with neither post
    women = sum(1 for m in members if m["性别"] == "女")
    summary = section(build_book(demo), "committee_members").summary
    assert summary[0] == f"共 {len(members)} 人"
    assert summary[-1] == f"表中另有 {len(others)} 人不计入：无党组织和村委会职务 {len(others)} 人（{'、'.join(others)}）"
    assert f"女性 {women}/{len(members)} ({women / len(members) * 100:.1f}%)" in summary
    chief = next(m["姓名"] for m in members if m["一肩挑"])
    assert f"一肩挑 是（{chief}）" in summary
    assert any(line.startswith("35岁及以下 ") for line in summary)


def test_rules_appendix_is_the_current_version_only(demo: Store) -> None:
    rules = demo.records("village_rules")
    current = next(r for r in rules if r["上一版本"])
    sec = section(build_book(demo), "village_rules")
    assert [a.title for a in sec.appendices] == [f"附：{current['名称']}"]
    assert sec.appendices[0].text == current["正文"]
    assert "第八条" in sec.appendices[0].text
    assert f"现行有效版本：{current['名称']}" in sec.summary


def test_cover_of_a_village_book(demo: Store) -> None:
    book = build_book(demo)
    lines = dict(book.cover.lines)
    assert book.title == "东山村村务台账"
    assert lines["村（社区）名称"] == "东山村"
    assert lines["统计用区划代码"] == "350322111202"
    assert lines["届次"] == "第十二届"
    assert lines["编制单位（盖章）"] == "东山村村民委员会"
    assert lines["填报人"] == "" and lines["审核人"] == ""
    assert lines["日期"] == "2026年11月21日"
    one = build_book(demo, register="两委成员")
    assert one.title == "东山村村“两委”成员台账"
    assert [s.key for s in one.sections()] == ["committee_members", "committee_members:left"]


def test_wrong_village_or_register_is_refused_in_chinese(demo: Store) -> None:
    with pytest.raises(BookError, match="没有代码为“350322111299”的村"):
        build_book(demo, village="350322111299")
    with pytest.raises(BookError, match="没有名为“户口簿”的登记簿"):
        build_book(demo, register="户口簿")
    assert build_book(demo, village="350322111202").parts[0].code == "350322111202"


def test_township_book_has_a_part_per_village_and_the_statistics_in_front(tmp_path: Path) -> None:
    from sync.demo.township import build_sample_township

    store = build_sample_township(tmp_path / "t.db")
    try:
        villages = store.villages()
        extra = SummaryTable("乡镇汇总：测试", ("村", "人数"), (("东山村", "3"),), ("说明",))
        book = build_book(store, summary_tables=lambda s, d: [extra])
        assert book.township
        assert [p.code for p in book.parts] == villages
        assert all(p.title.endswith(f"（{p.code}）") for p in book.parts)
        assert all(s.signers == TOWNSHIP_SIGNERS for s in book.sections())
        assert [s.title for s in book.front] == ["乡镇汇总：测试"]
        assert book.front[0].summary == ("说明",)
        lines = dict(book.cover.lines)
        assert lines["统计用区划代码"] == "350322111000"
        assert lines["编制单位（盖章）"] == "榜头镇人民政府"
        assert book.title == "榜头镇村务台账汇编"
        # The statistics engine supplies the summary by default, one table per indicator group.
        default = build_book(store)
        assert default.front and all(s.title.startswith("乡镇汇总：") for s in default.front)
        assert all(s.table.rows[-1][0] == "合计" for s in default.front)
        # One village of a township is printed as that village's own book.
        one = build_book(store, village=villages[0])
        assert not one.township and one.front == () and len(one.parts) == 1
        assert one.parts[0].sections[0].signers == VILLAGE_SIGNERS
    finally:
        store.close()


def test_names_of_the_stamping_bodies() -> None:
    assert committee_name("东山村") == "东山村村民委员会"
    assert committee_name("南山社区") == "南山社区居民委员会"
    assert township_office("榜头镇") == "榜头镇人民政府"
    assert township_office("城关街道") == "城关街道办事处"


def test_summary_helpers_count_persons_once() -> None:
    reg = catalog().registers["committee_members"]
    a = {"uuid": "a", "公民身份号码": "11010519491231002X", "性别": "女", "文化程度": "普通高中",
         "党组织职务": "委员"}
    twin = {**a, "uuid": "b"}
    b = {"uuid": "c", "公民身份号码": None, "性别": "男", "文化程度": "初中", "村委会职务": "主任"}
    assert [p["uuid"] for p in persons(reg, [a, twin, b])] == ["a", "c"]
    lines = summary_lines(reg, [a, twin, b], SummaryContext(TODAY))
    assert "共 2 人" in lines
    assert "女性 1/2 (50.0%)" in lines
    assert "高中及以上 1/2 (50.0%)" in lines
    assert lines[-1] == "同一公民身份号码的记录按一人计（1 条重复）"
    assert share(0, 0) == "0/0"
    assert share(3, 7) == "3/7 (42.9%)"
