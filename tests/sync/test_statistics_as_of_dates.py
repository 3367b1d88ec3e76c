"""The reference date (截至日期) limits who is counted: a 两委 member not yet in office, a volunteer
not yet registered, an organisation not yet founded or filed is not counted as of an earlier date;
records without the date are counted as before; the drill-down lists follow the counts; the data
status still counts every record; a chart of one village's report names that village."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.demo.township import AS_OF, A, B, id_number
from sync.reports import statistics
from sync.reports.statistics import COUNT, SHARE, Report, compute
from sync.reports.stats.charts import women_by_village
from sync.reports.stats.inputs import Inputs
from sync.store.store import Store

EARLIER = dt.date(2026, 3, 1)  # before the 2026-03-18 election; the volunteers registered 2023-01-10
LATE_VOLUNTEER = "2026-04-01"


@pytest.fixture
def township(sample_township: Path) -> Iterator[Store]:
    store = Store.open(sample_township)
    store.today = AS_OF
    store.add("volunteers", {"姓名": "吴新来", "性别": "男", "证件类型": "居民身份证",
                             "证件号码": id_number("1990-02-03", "男", 41), "注册日期": LATE_VOLUNTEER,
                             "状态": "在册"}, village=B)
    yield store
    store.close()


def late_volunteer(store: Store) -> str:
    (uuid,) = store.conn.execute('SELECT uuid FROM volunteers WHERE "注册日期" = ?', (LATE_VOLUNTEER,)).fetchone()
    return uuid


def both_ways(store: Store, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> list[Report]:
    """The report with volunteers counted by SQLite and, as the statistics always did, in Python."""
    fast = compute(store, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(statistics, "Inputs", functools.partial(Inputs, volunteers_in_sql=False))
        slow = compute(store, **kwargs)
    return [fast, slow]


def test_members_not_yet_in_office_are_not_counted_as_of_an_earlier_date(township: Store) -> None:
    (zhang,) = township.conn.execute('SELECT uuid FROM committee_members WHERE "任职时间" < ?',
                                     (EARLIER.isoformat(),)).fetchone()
    earlier = compute(township, as_of=EARLIER)
    members = earlier.figure("committee", "members")
    assert members.n == 1 and list(members.records) == [zhang]  # only 张建国 took office in 2021
    assert earlier.figure("committee", "members", B).n == 0
    assert earlier.figure("committee", "women").display() == "0 / 1 (0.0%)"
    assert earlier.figure("supervision", "sv_members").n == 0  # elected 2026-03-18 too
    # As of the default date the whole committee counts, as before.
    now = compute(township, as_of=AS_OF)
    assert now.figure("committee", "members").n == 13
    assert zhang in now.figure("committee", "members").records


def test_a_volunteer_registered_later_is_counted_only_from_then(township: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    late = late_volunteer(township)
    for earlier, now in zip(both_ways(township, monkeypatch, as_of=EARLIER),
                            both_ways(township, monkeypatch, as_of=AS_OF), strict=True):
        before, after = earlier.figure("volunteers", "volunteers", B), now.figure("volunteers", "volunteers", B)
        assert after.n == before.n + 1
        assert late in after.record_uuids(township.conn)
        assert late not in before.record_uuids(township.conn)
        assert earlier.figure("volunteers", "volunteers").n == now.figure("volunteers", "volunteers").n - 1
        # Stars are shares of the volunteers counted: the late one is in no star as of EARLIER.
        stars = [f for k, f in earlier.groups["volunteers"].total.figures.items() if k.startswith("star:")]
        assert sum(f.n for f in stars) == earlier.figure("volunteers", "volunteers").n
        assert all(f.n >= 0 for f in stars)


def test_a_village_whose_volunteers_all_registered_later_counts_none(township: Store,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # 东山村 has services after the reference date, and every volunteer Python reads: no star
    # may count a volunteer who is not counted (the counts once went to -1 / +1).
    for report in both_ways(township, monkeypatch, as_of=dt.date(2022, 12, 31)):
        row = next(r for r in report.groups["volunteers"].villages if r.village == A)
        assert row.figures["volunteers"].n == 0
        assert all(f.n == 0 for k, f in row.figures.items() if k.startswith("star:"))


def test_drill_down_lists_match_the_counts(township: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    late = late_volunteer(township)
    for report in both_ways(township, monkeypatch, as_of=EARLIER):
        for key in ("volunteers", "active", *(f"star:{s}" for s in ("未达星级", "一星"))):
            for row in report.groups["volunteers"].rows:
                fig = row.figures[key]
                listed = fig.record_uuids(township.conn)
                assert late not in listed
                if row.village:  # one village: a person is one registration
                    assert len(listed) == fig.n, (row.name, key)
        for row in report.groups["committee"].rows:
            for key, fig in row.figures.items():
                if fig.kind in (COUNT, SHARE) and not fig.villages and key != "errors":
                    # Every record listed is one in office at the reference date.
                    for uuid in fig.record_uuids(township.conn):
                        started = township.get(uuid).values.get("任职时间")
                        assert started is None or started <= EARLIER.isoformat(), (row.name, key)


def test_records_without_the_date_count_and_the_data_status_counts_every_record(township: Store) -> None:
    earlier = compute(township, as_of=dt.date(2024, 1, 1))
    # Organisations filed 2024-05-20 did not exist yet; 东山村老年协会 has neither date: counted.
    orgs = earlier.figure("organisations", "orgs")
    assert orgs.n == 1
    assert [township.get(u).title for u in orgs.records] == ["东山村老年协会"]
    assert compute(township, as_of=AS_OF).figure("organisations", "orgs").n == 8
    # 村规民约 versions voted later are not versions yet; the data status still counts them all.
    now = compute(township, as_of=AS_OF)
    for key in ("n:committee_members", "n:village_rules", "n:social_organizations", "n:volunteers",
                "errors", "warnings"):
        assert earlier.figure("status", key, A).n == now.figure("status", key, A).n, key
    assert "截至日期口径：任职时间晚于截至日期的两委成员不计入" in earlier.groups["committee"].notes[-1]
    assert "未填写该日期的照常计入" in earlier.groups["organisations"].notes[-1]


def test_the_chart_caption_names_the_village_a_report_is_filtered_to(township: Store) -> None:
    one = compute(township, as_of=AS_OF, village=B)
    assert women_by_village(one).caption == "西山村：0 / 4 (0.0%)"
    whole = compute(township, as_of=AS_OF)
    assert women_by_village(whole).caption == "全乡镇：4 / 13 (30.8%)"
