"""The book keeps the previous term: 离任 members in 往届及离任两委成员 after the 两委 section, the
members in office in the 两委 section, and the 培训与考核 records in their own section (issue 15)."""

from __future__ import annotations

from pathlib import Path

from sync.reports.book import build_book
from sync.store.store import Store
from sync.store.term_close import close_term


def test_previous_term_and_trainings_in_the_demo_book(demo_store: Store) -> None:
    book = build_book(demo_store)
    sections = {s.key: s for s in book.sections()}
    members, left = sections["committee_members"], sections["committee_members:left"]
    assert len(members.table.rows) == 8 and members.table.total[1] == "8人"  # type: ignore[index]
    assert left.title == "往届及离任两委成员"
    titles = [c.title for c in left.table.columns]
    assert titles[-3:] == ["任职时间", "离任日期", "离任原因"]
    reasons = [row[titles.index("离任原因")] for row in left.table.rows]
    assert reasons.count("换届离任") == 5 and reasons.count("辞职") == 1
    assert {row[titles.index("届次")] for row in left.table.rows} == {"第十一届"}
    assert "离任成员 6 人（第十一届 6 人）" in left.summary[0]
    trainings = sections["member_trainings"]
    assert trainings.title == "两委成员培训与考核" and len(trainings.table.rows) == demo_store.count("member_trainings")
    assert "任职培训" in {row[2] for row in trainings.table.rows}


def test_a_village_without_departures_has_no_such_section(store: Store, tmp_path: Path) -> None:
    from support import person

    store.add("committee_members", person(届次="第十二届"))
    assert "committee_members:left" not in {s.key for s in build_book(store).sections()}
    close_term(store, "第十二届", store.reference_date())
    book = build_book(store)
    keys = [s.key for s in book.sections()]
    assert "committee_members:left" in keys
    assert next(s for s in book.sections() if s.key == "committee_members").table.rows == ()
