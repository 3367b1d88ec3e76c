"""The township sees a village's previous term; a package of schema 2 (no 在任状态) imports as 在任."""

from __future__ import annotations

import datetime as dt
import json

from sync_support import World, open_store

from forms.compute import Context
from forms.model import SCHEMA_VERSION, catalog
from forms.validation import check_record
from sync.exchange.merge import canonical
from sync.exchange.payload import build_payload, parse_payload
from sync.reports.counting import counts
from sync.store.term_close import close_term
from sync.store.versions import VersionRow

VILLAGE = "350322111202"


def test_township_sees_the_previous_term(world: World) -> None:
    with open_store(world.village) as store:
        for rec in store.records("committee_members"):
            store.edit(rec["uuid"], {"届次": "第十一届", "任职时间": "2021-03-15"})
        close_term(store, "第十一届", dt.date(2026, 3, 18))
    world.export()
    world.import_()
    with open_store(world.township) as town:
        rows = town.records("committee_members", village=VILLAGE)
        assert {(r["姓名"], r["在任状态"], r["离任原因"]) for r in rows} == \
            {("林秀英", "离任", "换届离任"), ("王建国", "离任", "换届离任")}
        assert [h.reason for h in town.history(rows[0]["uuid"])][-1].startswith("换届")


def test_a_payload_without_the_new_fields_imports_as_in_office() -> None:
    """A package from schema 2 lacks 在任状态, 离任日期, 离任原因, 月报酬, 社会工作者职业资格."""
    old = {"姓名": "王建国", "性别": "男", "民族": "汉族", "公民身份号码": "350322196805120037",
           "出生年月": "1968-05-12", "政治面貌": "中共党员", "党组织职务": "书记", "村委会职务": "主任",
           "任职时间": "2021-03-15"}
    version = VersionRow("a" * 32, "b" * 32, "committee_members", VILLAGE, None, None,
                         "0001763766000000.0000", "d1", "文书", False, None, canonical(old),
                         "2026-11-21T10:00:00")
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE, village_name="东山村",
                         installation="i" * 32, full=False, versions=[version], profile=None)
    body = json.loads(data)
    assert "在任状态" not in json.loads(body["versions"][0]["data"])
    header = {"package_id": "p" * 32, "kind": "data", "village_code": VILLAGE, "installation_id": "i" * 32,
              "schema_version": SCHEMA_VERSION}
    [parsed] = parse_payload(data, header, catalog(), "old.cunwu-pkg").versions
    assert parsed.values["在任状态"] is None and parsed.values["离任日期"] is None
    reg = catalog().register("committee_members")
    issues = check_record(reg, parsed.values, _ctx(), "b" * 32)
    assert not [i for i in issues if i.rule in ("R-LEFT", "R-REQUIRED")]
    assert counts(reg, {**parsed.values, "uuid": "b" * 32}, dt.date(2026, 11, 21))


def _ctx() -> Context:
    return Context(settings=catalog().setting_defaults(), today=dt.date(2026, 11, 21))
