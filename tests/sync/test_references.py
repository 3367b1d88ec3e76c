"""Records that name another in a reference field (sync.store.references): a 重大事项's meetings
and postings, live ones only, by date; a revised 村规民约's revisions; never a child's parent."""

from __future__ import annotations

from pathlib import Path

from sync.store.references import records_referring, referring_fields
from sync.store.store import Store


def test_what_names_a_decision(village_db: Path) -> None:
    with Store.open(village_db) as store:
        matter = store.add("major_decisions", {"事项名称": "集体茶园承包", "提议日期": "2026-03-02"}).uuid
        other = store.add("major_decisions", {"事项名称": "村道硬化", "提议日期": "2026-03-01"}).uuid
        late = store.add("meetings", {"会议类型": "党员大会", "会议日期": "2026-03-10", "议题": "茶园承包审议",
                                      "关联事项": matter, "应到人数": 40, "实到人数": 35}).uuid
        early = store.add("meetings", {"会议类型": "两委联席会议", "会议日期": "2026-03-05",
                                       "议题": "茶园承包商议", "关联事项": matter}).uuid
        gone = store.add("meetings", {"会议类型": "两委联席会议", "会议日期": "2026-03-06",
                                      "议题": "重复登记", "关联事项": matter}).uuid
        store.delete(gone, "重复")
        store.add("meetings", {"会议类型": "两委联席会议", "会议日期": "2026-03-04", "议题": "村道",
                               "关联事项": other})
        posting = store.add("disclosures", {"公开日期": "2026-03-20", "公开类别": "村务",
                                            "公开标题": "茶园承包决议", "关联事项": matter}).uuid
        found = records_referring(store, "major_decisions", matter)
        assert [r.uuid for r in found] == [early, late, posting]
        assert [r.register_name for r in found] == ["会议与协商", "会议与协商", "村务公开"]
        assert found[1].title == "茶园承包审议"
        assert ("会议类型", "党员大会") in found[1].summary and ("应到人数", "40") in found[1].summary
        assert records_referring(store, "major_decisions", "0" * 32) == []


def test_which_fields_refer(village_db: Path) -> None:
    with Store.open(village_db) as store:
        cat = store.catalog
        assert [(r.key, f.name) for r, f in referring_fields(cat, "major_decisions")] == [
            ("meetings", "关联事项"), ("disclosures", "关联事项")]
        assert [(r.key, f.name) for r, f in referring_fields(cat, "village_rules")] == [
            ("village_rules", "上一版本")]
        assert referring_fields(cat, "volunteers") == []  # service records are its children
