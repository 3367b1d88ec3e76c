"""Statistics of a hand-built township (sync/demo/township.py): every figure known by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sync.demo.township import AS_OF, A, B, C, delete_counted_member
from sync.reports.statistics import TOTAL, Report, compute
from sync.store.store import Store


@pytest.fixture
def township(sample_township: Path) -> Store:
    store = Store.open(sample_township)
    store.today = AS_OF
    yield store
    store.close()


@pytest.fixture
def report(township: Store) -> Report:
    return compute(township, as_of=AS_OF)


def cells(report: Report, group: str, key: str) -> list[str]:
    """The figure in each row as printed: villages A, B, C, then 合计."""
    return [row.figures[key].display() for row in report.groups[group].rows]


def names(store: Store, uuids: list[str]) -> list[str]:
    return sorted(store.get(u).title for u in uuids)


def test_committee_persons_counted_once_across_posts_and_villages(report: Report) -> None:
    # 赵明 (书记 and 主任 in two records) is one member of 西山村; 刘志强 serves in two
    # villages and is one member of the township: 6 + 4 + 4 - 1.
    assert cells(report, "committee", "members") == ["6", "4", "4", "13"]
    assert cells(report, "committee", "party") == ["4", "2", "1", "7"]
    assert cells(report, "committee", "vc") == ["4", "3", "3", "10"]


def test_committee_shares_show_their_denominators(report: Report) -> None:
    assert cells(report, "committee", "women") == ["2 / 6 (33.3%)", "0 / 4 (0.0%)", "2 / 4 (50.0%)",
                                                   "4 / 13 (30.8%)"]
    assert cells(report, "committee", "women_director")[-1] == "1 / 3 (33.3%)"
    assert cells(report, "committee", "women_secretary")[-1] == "0 / 3 (0.0%)"
    assert cells(report, "committee", "high_school")[-1] == "9 / 13 (69.2%)"
    assert cells(report, "committee", "college")[-1] == "6 / 13 (46.2%)"
    assert cells(report, "committee", "minority")[-1] == "1 / 13 (7.7%)"
    women = report.figure("committee", "women")
    assert (women.n, women.d) == (4, 13)


def test_yijiantiao_one_record_or_two_records_and_cross_posts(report: Report) -> None:
    # 东山村: 张建国 in one record; 西山村: 赵明 in two records; 南山社区: two people.
    assert cells(report, "committee", "yijiantiao") == ["1 / 1 (100.0%)", "1 / 1 (100.0%)",
                                                        "0 / 1 (0.0%)", "2 / 3 (66.7%)"]
    assert report.figure("committee", "yijiantiao").villages == (A, B)
    # 刘志强 holds a Party post in 东山村 and a 村委会 post in 西山村: not 交叉任职.
    assert cells(report, "committee", "cross") == ["2 / 6 (33.3%)", "1 / 4 (25.0%)", "0 / 4 (0.0%)",
                                                   "3 / 13 (23.1%)"]


def test_ages_at_the_reference_date_birthday_counts(township: Store, report: Report) -> None:
    # 李秀梅 was born 1990-11-21: 36 on the reference date, 35 the day before.
    band_36_45 = report.figure("committee", "age_1", A)
    assert "李秀梅" in names(township, list(band_36_45.records))
    assert cells(report, "committee", "age_0") == ["1 / 6 (16.7%)", "1 / 4 (25.0%)", "1 / 4 (25.0%)",
                                                   "3 / 13 (23.1%)"]
    day_before = compute(township, as_of=AS_OF - dt.timedelta(days=1))
    assert "李秀梅" in names(township, list(day_before.figure("committee", "age_0", A).records))
    assert day_before.figure("committee", "age_0").n == 4
    # ages 56 36 66 41 51 34 | 46 31 51 38 | 54 48 26 42, 刘志强 once: 569 / 13
    assert report.figure("committee", "avg_age").display() == "43.8"
    assert report.figure("committee", "avg_age", A).display() == f"{(56+36+66+41+51+34) / 6:.1f}"


def test_age_bands_follow_the_setting(township: Store) -> None:
    township.set_setting("age_bands", [40, 50])
    report = compute(township, as_of=AS_OF)
    labels = [c.label for c in report.groups["committee"].columns if c.key.startswith("age_")]
    assert labels[:3] == ["40岁及以下", "41–50岁", "50岁以上"]
    assert [report.figure("committee", f"age_{i}").n for i in range(3)] == [5, 4, 4]


def test_member_deleted_after_being_counted_is_dropped(township: Store) -> None:
    before = compute(township, as_of=AS_OF)
    delete_counted_member(township)
    after = compute(township, as_of=AS_OF)
    assert before.figure("committee", "members", A).n == 6
    assert after.figure("committee", "members", A).n == 5
    assert after.figure("committee", "members").n == 12
    assert after.figure("committee", "age_0").n == 2
    assert "周海" not in names(township, list(after.figure("committee", "members").records))
    assert after.figure("committee", "avg_age", A).display() == "50.0"


def test_records_with_errors_are_counted_and_flagged(township: Store, report: Report) -> None:
    # 赵明's second record (R-DUP) and 孙伟 (R-PARTY) were saved with a reason.
    errors = report.figure("committee", "errors", B)
    assert (errors.n, errors.d) == (2, 5)
    # Behind the 2 Party members stand 3 records (赵明 has two); 2 of them have errors.
    party = report.figure("committee", "party", B)
    assert party.n == 2 and len(party.records) == 3
    assert names(township, list(party.flagged)) == ["孙伟", "赵明"]
    assert report.figure("committee", "errors").display() == "2 / 15 (13.3%)"


def test_recheck_agrees_with_stored_error_counts(township: Store, report: Report) -> None:
    again = compute(township, as_of=AS_OF, recheck=True)
    for key, group in report.groups.items():
        for row, other in zip(group.rows, again.groups[key].rows, strict=True):
            for col, fig in row.figures.items():
                assert (fig.n, fig.d, sorted(fig.flagged)) == (
                    other.figures[col].n, other.figures[col].d, sorted(other.figures[col].flagged)
                ), (key, row.name, col)


def test_village_rules_failing_and_terms_ending(township: Store, report: Report) -> None:
    woman = report.figure("committee", "vc_woman_fail")
    assert (woman.n, woman.d, woman.villages) == (1, 3, (B,))
    assert names(township, list(woman.records)) == ["刘志强", "赵明", "钱进"]
    assert report.figure("committee", "vc_size_fail").n == 0
    soon = report.figure("committee", "term_soon")
    assert soon.n == 1 and names(township, list(soon.records)) == ["张建国"]


def test_supervision_committees(township: Store, report: Report) -> None:
    assert cells(report, "supervision", "sv_members") == ["3", "3", "0", "6"]
    assert cells(report, "supervision", "sv_villages")[-1] == "2 / 3 (66.7%)"
    without = report.figure("supervision", "sv_without")
    assert (without.n, without.villages) == (1, (C,))
    director = report.figure("supervision", "sv_director_discipline")
    assert (director.n, director.d) == (1, 2)
    assert names(township, list(director.records)) == ["李秀梅"]
    assert report.figure("supervision", "sv_director_discipline", C).display() == "0 / 0 (—)"
    skill = report.figure("supervision", "sv_no_skill")
    assert (skill.n, skill.d, skill.villages) == (1, 2, (B,))


def test_village_rules_in_force(report: Report) -> None:
    assert cells(report, "rules", "rules_current") == ["1 / 1 (100.0%)", "1 / 1 (100.0%)", "0 / 1 (0.0%)",
                                                       "2 / 3 (66.7%)"]
    assert cells(report, "rules", "rules_filed")[-1] == "1 / 2 (50.0%)"
    assert cells(report, "rules", "rules_recent")[-1] == "1 / 2 (50.0%)"
    avg = report.figure("rules", "rules_women_avg")
    assert avg.display() == f"{100 * (13 / 41 + 40 / 100) / 2:.1f}" and avg.count == 2
    assert cells(report, "rules", "rules_women")[-1] == "53 / 141 (37.6%)"
    assert cells(report, "rules", "errors") == ["0 / 2 (0.0%)", "0 / 1 (0.0%)", "1 / 1 (100.0%)",
                                                "1 / 4 (25.0%)"]


def test_organisations_by_category_mode_and_target(report: Report) -> None:
    assert cells(report, "organisations", "orgs") == ["2", "5", "1", "8"]  # 注销 left out
    assert cells(report, "organisations", "cat:平安建设") == ["0", "2", "0", "2"]
    assert cells(report, "organisations", "cat:为民服务")[-1] == "2"
    assert cells(report, "organisations", "mode:登记")[-1] == "1"
    assert cells(report, "organisations", "mode:备案")[-1] == "7"
    # targets: 5 per rural village, 10 for the urban community
    assert cells(report, "organisations", "orgs_target") == ["2 / 5 (40.0%)", "5 / 5 (100.0%)",
                                                             "1 / 10 (10.0%)", "8 / 20 (40.0%)"]
    assert report.figure("organisations", "orgs_below").villages == (A, C)


def test_volunteers_counted_once_in_the_township(township: Store, report: Report) -> None:
    assert cells(report, "volunteers", "volunteers") == ["3", "2", "0", "4"]
    assert cells(report, "volunteers", "vol_share")[-1] == "4 / 1500 (0.3%)"
    assert cells(report, "volunteers", "vol_target") == ["150", "60", "15", "225"]
    assert report.figure("volunteers", "vol_below").n == 3
    # 吴芳's two registrations are both behind the one count
    everyone = report.figure("volunteers", "volunteers")
    assert len(everyone.records) == 5 and names(township, list(everyone.records)).count("吴芳") == 2


def test_service_hours_period_cumulative_stars_and_active(township: Store, report: Report) -> None:
    # period 2026-01-01..2026-11-21: 3 (钱多多) + 2 (马六, 注销 but served) + 3 + 3 (吴芳)
    assert cells(report, "volunteers", "hours_period") == ["8", "3", "0", "11"]
    assert cells(report, "volunteers", "hours_total") == ["14", "3", "0", "17"]  # deleted 10 h left out
    hours = report.figure("volunteers", "hours_period")
    assert len(hours.record_uuids(township.conn)) == 4
    # stars at 5/10/… h: 吴芳 has 3 h in each village, 6 h in the township: 一星 only in the total
    assert cells(report, "volunteers", "star:一星") == ["1 / 3 (33.3%)", "0 / 2 (0.0%)", "0 / 0 (—)",
                                                       "2 / 4 (50.0%)"]
    assert cells(report, "volunteers", "active") == ["2 / 3 (66.7%)", "1 / 2 (50.0%)", "0 / 0 (—)",
                                                     "2 / 4 (50.0%)"]
    assert cells(report, "volunteers", "errors")[1] == "1 / 3 (33.3%)"


def test_a_custom_period(township: Store) -> None:
    report = compute(township, as_of=AS_OF, period=(dt.date(2026, 5, 1), dt.date(2026, 5, 31)))
    assert report.figure("volunteers", "hours_period").n == 3
    assert report.as_json()["period"] == {"start": "2026-05-01", "end": "2026-05-31"}


def test_cross_village_checks(township: Store, report: Report) -> None:
    rules = [c.rule for c in report.checks]
    dup = next(c for c in report.checks if c.rule == "R-X-DUP")
    assert dup.villages == (A, B) and "刘志强" in dup.message and "3503**********" in dup.message
    vol = next(c for c in report.checks if c.rule == "R-X-VOL")
    assert vol.villages == (A, B) and len(vol.records) == 2
    assert "R-VC-WOMAN" in rules and "R-SV-SKILL" in rules and "TERM-SOON" in rules
    assert rules.index("R-X-DUP") < rules.index("R-VC-WOMAN") < rules.index("TERM-SOON")


def test_one_village_of_the_township(township: Store) -> None:
    report = compute(township, as_of=AS_OF, village=B)
    assert [r.village for r in report.groups["committee"].villages] == [B]
    assert report.figure("committee", "members").n == 4
    assert report.figure("volunteers", "volunteers").n == 2
    assert report.figure("volunteers", "hours_total").n == 3
    assert not any(c.rule == "R-X-VOL" for c in report.checks)


def test_json_carries_plain_numbers(report: Report) -> None:
    data = report.as_json()
    women = data["groups"]["committee"]["total"]["figures"]["women"]
    assert women == {"kind": "share", "n": 4, "d": 13, "percent": 30.8, "errors": 0}
    first = data["groups"]["committee"]["villages"][0]
    assert first["village"] == A and first["name"] == "东山村"
    assert data["groups"]["volunteers"]["total"]["figures"]["hours_total"]["n"] == 17
    assert data["as_of"] == "2026-11-21" and data["scope"]["kind"] == "township"
    with_records = report.as_json(with_records=True)
    assert len(with_records["groups"]["committee"]["total"]["figures"]["members"]["records"]) == 15


def test_statistics_write_nothing(township: Store) -> None:
    before = township.conn.total_changes
    compute(township, as_of=AS_OF, recheck=True)
    assert township.conn.total_changes == before


def test_total_row_is_last_and_marked(report: Report) -> None:
    rows = report.groups["committee"].rows
    assert rows[-1].village == TOTAL and rows[-1].name == "合计" and rows[-1].is_total


def test_book_tables_are_compact_and_end_with_the_total(township: Store) -> None:
    from sync.reports.book import statistics_tables

    tables = statistics_tables(township, AS_OF)  # through the book's hook
    assert [t.title.split("（")[0] for t in tables] == [
        "乡镇汇总：两委成员", "乡镇汇总：两委成员年龄结构", "乡镇汇总：村务监督委员会", "乡镇汇总：村规民约",
        "乡镇汇总：社区社会组织", "乡镇汇总：志愿者", "乡镇汇总：重大事项决策", "乡镇汇总：会议与协商",
        "乡镇汇总：村务公开",
        "乡镇汇总：村级组织", "乡镇汇总：村级骨干", "乡镇汇总：村情与荣誉"]
    committee = tables[0]
    assert len(committee.columns) <= 12 and committee.rows[-1][0] == "合计"
    assert committee.rows[-1][committee.columns.index("女性")] == "4 / 13 (30.8%)"
