"""村规民约 (the version in force in each village) and 社区社会组织 (against the target)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms.compute import COMPUTE, add_years
from forms.rules_register import current_rules
from forms.types import as_date
from sync.reports.counting import ENDED
from sync.reports.stats.inputs import Inputs, as_of_note
from sync.reports.stats.model import COUNT, MEAN, SHARE, TOTAL, Column, Figure, Group, Row, count, share
from sync.reports.stats.sources import Row as Rec

REVISED_YEARS = 5
URBAN = "城市社区"


def in_force(records: list[Rec], inp: Inputs) -> Rec | None:
    """The village's current adopted version as of the reference date (the latest vote when
    R-RULES-CURRENT finds several)."""
    ctx = inp.settings
    voted = [r for r in records if (as_date(r.get("会议日期")) or dt.date.min) <= inp.as_of]
    for r in voted:
        # Adoption follows from the counts; recomputed so a stale stored value cannot mislead.
        r["是否通过"] = COMPUTE["rules_adopted"](r, ctx)  # type: ignore[arg-type]
    current = current_rules(voted)
    if not current:
        return None
    return max(current, key=lambda r: (r.get("会议日期") or "", r["uuid"]))


def rules_group(inp: Inputs) -> Group:
    rows_by_village = inp.rows("village_rules")
    columns = [
        Column("rules_current", "有现行村规民约的村", SHARE, "村数 / 村数"),
        Column("rules_filed", "已报乡镇备案", SHARE, "村数 / 有现行村规民约的村"),
        Column("rules_recent", f"近{REVISED_YEARS}年内制定或修订", SHARE, "村数 / 有现行村规民约的村"),
        Column("rules_women_avg", "表决时妇女占比（平均，%）", MEAN,
               "各村现行版本表决时 其中妇女/实到人数 的平均"),
        Column("rules_women", "表决妇女人数 / 实到人数", SHARE),
        Column("rules_versions", "版本数（件）"),
        Column("errors", "有错误", SHARE),
    ]
    since = add_years(inp.as_of, -REVISED_YEARS)
    current = {v: in_force(rows_by_village[v], inp) for v in inp.villages}
    flags = {v: inp.flagged("village_rules", rows_by_village[v], v) for v in inp.villages}

    def row(village: str, name: str, villages: list[str]) -> Row:
        flagged = set().union(*(flags[v] for v in villages)) if villages else set()
        have = [v for v in villages if current[v] is not None]
        in_force_recs = [current[v] for v in have]
        filed = [v for v in have if (as_date(current[v].get("备案日期")) or dt.date.max) <= inp.as_of]
        recent = [v for v in have if (as_date(current[v].get("会议日期")) or dt.date.min) >= since]
        shares = [(r["其中妇女"] / r["实到人数"], r["uuid"]) for r in in_force_recs
                  if r.get("其中妇女") is not None and r.get("实到人数")]
        women = sum(r.get("其中妇女") or 0 for r in in_force_recs if r.get("实到人数"))
        present = sum(r.get("实到人数") or 0 for r in in_force_recs if r.get("其中妇女") is not None)
        records = [r for v in villages for r in rows_by_village[v]]
        bad = [r["uuid"] for r in records if r["uuid"] in flagged]

        def recs_of(vs: list[str]) -> list[str]:
            return [current[v]["uuid"] for v in vs]

        def fig(vs: list[str], of: int) -> Figure:
            recs = recs_of(vs)
            return share(len(vs), of, recs, [u for u in recs if u in flagged], vs)

        avg_recs = [u for _, u in shares]
        figures = {
            "rules_current": fig(have, len(villages)),
            "rules_filed": fig(filed, len(have)),
            "rules_recent": fig(recent, len(have)),
            "rules_women_avg": Figure(MEAN, round(100 * sum(s for s, _ in shares) / len(shares), 1)
                                      if shares else 0.0, None, tuple(avg_recs),
                                      tuple(u for u in avg_recs if u in flagged), count=len(shares)),
            "rules_women": share(women, present, avg_recs, [u for u in avg_recs if u in flagged]),
            "rules_versions": count([r["uuid"] for r in records], bad),
            "errors": share(len(bad), len(records), bad, bad),
        }
        return Row(village, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    return Group("rules", "村规民约", columns, row(TOTAL, "合计", inp.villages), village_rows,
                 ["现行版本：表决通过且未被修订的最新版本（参考日期之前表决的）。",
                  as_of_note(inp.reg("village_rules"))])


def org_target(inp: Inputs, village: str) -> int:
    urban = inp.scope.profiles.get(village, {}).get("社区类型") == URBAN
    return int(inp.settings.get("org_target_urban" if urban else "org_target_rural", 10 if urban else 5))


def organisations_group(inp: Inputs) -> Group:
    rows_by_village = inp.rows("social_organizations")
    live_by_village = inp.counted("social_organizations")  # not 注销 (sync.reports.counting)
    categories = inp.catalog.choices["组织类别"].values
    modes = inp.catalog.choices["管理方式"].values
    columns = [
        Column("orgs", "社会组织（个）", help="不含已注销的组织"),
        *(Column(f"cat:{c}", c) for c in categories),
        *(Column(f"mode:{m}", m) for m in modes),
        Column("orgs_target", "组织数 / 目标数", SHARE, "目标：农村社区每村、城市社区每社区的设置数"),
        Column("orgs_below", "未达目标的村", SHARE),
        Column("errors", "有错误", SHARE),
    ]
    flags = {v: inp.flagged("social_organizations", rows_by_village[v], v) for v in inp.villages}
    targets = {v: org_target(inp, v) for v in inp.villages}

    def row(village: str, name: str, villages: list[str]) -> Row:
        flagged = set().union(*(flags[v] for v in villages)) if villages else set()
        records = [r for v in villages for r in rows_by_village[v]]
        live = [r for v in villages for r in live_by_village[v]]
        # One pass sorts the organisations by category and by way of management.
        by_category: dict[Any, list[str]] = {c: [] for c in categories}
        by_mode: dict[Any, list[str]] = {m: [] for m in modes}
        for r in live:
            ids = by_category.get(r.get("类别"))
            if ids is not None:
                ids.append(r["uuid"])
            ids = by_mode.get(r.get("管理方式"))
            if ids is not None:
                ids.append(r["uuid"])

        def cnt(ids: list[str]) -> Figure:
            return Figure(COUNT, len(ids), None, tuple(ids),
                          tuple(u for u in ids if u in flagged) if flagged else ())

        live_ids = [r["uuid"] for r in live]
        figures: dict[str, Figure] = {"orgs": cnt(live_ids)}
        for c in categories:
            figures[f"cat:{c}"] = cnt(by_category[c])
        for m in modes:
            figures[f"mode:{m}"] = cnt(by_mode[m])
        figures["orgs_target"] = share(len(live), sum(targets[v] for v in villages), live_ids,
                                       [u for u in live_ids if u in flagged])
        below = [v for v in villages if len(live_by_village[v]) < targets[v]]
        below_ids = [r["uuid"] for v in below for r in live_by_village[v]]
        figures["orgs_below"] = share(len(below), len(villages), below_ids,
                                      [u for u in below_ids if u in flagged], below)
        bad = [r["uuid"] for r in records if r["uuid"] in flagged]
        figures["errors"] = share(len(bad), len(records), bad, bad)
        return Row(village, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    return Group("organisations", "社区社会组织", columns, row(TOTAL, "合计", inp.villages), village_rows,
                 [f"按类别、管理方式计数，不含状态为“{ENDED}”的组织。",
                  as_of_note(inp.reg("social_organizations"))])
