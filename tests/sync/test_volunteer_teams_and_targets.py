"""Teams by normalised name, the per-category targets of social organisations and 居民公约 (issue 15)."""

from __future__ import annotations

import pytest
from support import TODAY

from forms.model import catalog
from sync.reports.statistics import compute
from sync.reports.stats.volunteer_teams import team_key, team_keys
from sync.store.store import Store


@pytest.mark.parametrize(("written", "key"), [
    ("巾帼志愿服务队", "巾帼"), ("巾帼志愿队", "巾帼"), ("巾帼 志愿服务队", "巾帼"), ("巾帼志愿者服务队", "巾帼"),
    ("巾帼队", "巾帼"), ("青年突击队", "青年突击"), ("ＡＢＣ志愿服务队", "abc"), ("志愿服务队", "志愿服务队"),
    ("\u3000东山村\u3000服务队 ", "东山村"), ("东山村巾帼队", "东山村巾帼"),
])
def test_team_names_are_normalised(written: str, key: str) -> None:
    assert team_key(written) == key


def test_a_volunteer_in_two_teams() -> None:
    assert team_keys("巾帼志愿服务队、青年突击队") == {"巾帼", "青年突击"}
    assert team_keys("巾帼志愿队，巾帼志愿服务队") == {"巾帼"}
    assert team_keys(None) == set() and team_keys(" ") == set()


def test_per_category_targets(store: Store) -> None:
    store.today = TODAY
    store.add("social_organizations", {"名称": "老年协会", "类别": "为民服务", "管理方式": "备案",
                                       "备案机关": "镇政府", "备案编号": "1号", "备案日期": "2024-05-20"})
    report = compute(store, as_of=TODAY)
    group = report.groups["org_categories"]
    assert [c.key for c in group.columns] == ["targets"]  # no target set: nothing to miss
    store.set_setting("org_target_为民服务", 1)
    store.set_setting("org_target_平安建设", 1)
    report = compute(store, as_of=TODAY)
    assert report.figure("org_categories", "targets").text == "为民服务≥1、平安建设≥1"
    assert (report.figure("org_categories", "below:为民服务").n,
            report.figure("org_categories", "below:平安建设").n) == (0, 1)
    assert report.as_json()["settings"]["org_target_平安建设"] == 1


def test_residents_convention_names_the_village_rules() -> None:
    cat = catalog()
    assert cat.register("居民公约").key == "village_rules"
    assert cat.register("社区居民公约").key == "village_rules"
    assert cat.registers["village_rules"].field("名称").aliases.count("居民公约名称") == 1
