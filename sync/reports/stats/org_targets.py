"""Social organisations against a target per 类别 (issue 15; 秦淮: every community has at least
one 服务类 organisation). Each 类别 of the 组织类别 list has its own setting,
``org_target_<类别>`` (0: no target); a village is below a category's target when it has fewer
organisations of that 类别 (not 注销, in effect at the reference date) than the setting says.
A 类别 a township added to the list has no setting, hence no target."""

from __future__ import annotations

from sync.reports.stats.inputs import Inputs
from sync.reports.stats.model import SHARE, TEXT, TOTAL, Column, Figure, Group, Row, share

PREFIX = "org_target_"


def category_targets(inp: Inputs) -> dict[str, int]:
    """类别 → the number each village should have, for the categories with a target."""
    found = {}
    for category in inp.catalog.choices["组织类别"].values:
        target = int(inp.settings.get(PREFIX + category) or 0)
        if target > 0:
            found[category] = target
    return found


def org_targets_group(inp: Inputs) -> Group:
    targets = category_targets(inp)
    columns = [Column("targets", "分类目标", TEXT),
               *(Column(f"below:{c}", f"“{c}”未达目标的村", SHARE, f"每村（社区）至少 {n} 个")
                 for c, n in targets.items())]
    live = inp.counted("social_organizations")
    shown = "、".join(f"{c}≥{n}" for c, n in targets.items()) or "未设置（在“设置”中按类别设定）"

    def row(code: str, name: str, villages: list[str]) -> Row:
        figures: dict[str, Figure] = {"targets": Figure(TEXT, text=shown)}
        for category, target in targets.items():
            below = [v for v in villages if sum(1 for r in live[v] if r.get("类别") == category) < target]
            records = [r["uuid"] for v in below for r in live[v] if r.get("类别") == category]
            figures[f"below:{category}"] = share(len(below), len(villages), records, villages=below)
        return Row(code, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    notes = ["分类目标在“设置”中按类别设定（0 为不设）；未达目标：该类别的组织（不含已注销）少于目标数的村。"]
    total = row(TOTAL, "合计", inp.villages)
    return Group("org_categories", "社会组织分类目标", columns, total, village_rows, notes)
