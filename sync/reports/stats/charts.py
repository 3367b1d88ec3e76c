"""What the statistics charts show, as plain data: the window and the PDF draw the same bars.

A township of a few dozen villages gets one bar per village; a county or prefecture (more
than ``MAX_BARS`` villages) gets the distribution instead (how many villages fall in each
band), since a thousand bars say nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.reports.stats.model import Report

MAX_BARS = 25


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # printed above the bar, e.g. "3/7"
    village: str = ""  # the village behind a per-village bar (for drill-down)


@dataclass
class ChartData:
    key: str
    title: str
    bars: list[Bar]
    unit: str  # "%", "人", "个", "个村"
    target: float | None = None
    target_label: str = ""
    caption: str = ""
    highlight: set[int] = field(default_factory=set)  # bars drawn in the warning colour

    def text(self) -> str:
        """Every word a drawing of the chart may print (for choosing a font that has them all)."""
        words = [self.title, self.unit, self.target_label, self.caption, "%0123456789.+-–<≥"]
        words += [w for bar in self.bars for w in (bar.label, bar.note)]
        return "\n".join(words)

    @property
    def top(self) -> float:
        values = [b.value for b in self.bars] + ([self.target] if self.target is not None else [])
        peak = max(values, default=0.0)
        if self.unit == "%":
            return 100.0 if peak > 50 else max(10.0, _nice(peak))
        return max(1.0, _nice(peak))


def _nice(value: float) -> float:
    """A round upper bound for an axis: 7 → 8, 23 → 25, 140 → 150."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _brackets(values: list[float], limits: list[float], unit: str = "%") -> list[Bar]:
    labels = []
    low = None
    for high in limits:
        labels.append(f"<{high:g}{unit}" if low is None else f"{low:g}–{high:g}{unit}")
        low = high
    labels.append(f"≥{low:g}{unit}")
    counts = [0] * len(labels)
    for v in values:
        i = next((k for k, high in enumerate(limits) if v < high), len(limits))
        counts[i] += 1
    return [Bar(label, count, str(count)) for label, count in zip(labels, counts, strict=True)]


def scope_name(report: Report) -> str:
    """Whom a total covers: the one village a report is filtered to, else the whole area."""
    if report.village_filter:
        return report.village_names.get(report.village_filter) or report.village_filter
    return f"全{'乡镇' if report.kind == 'township' else '村'}"


def women_by_village(report: Report) -> ChartData:
    group = report.groups["committee"]
    rows = [r for r in group.villages if r.figures["women"].d]
    total = group.total.figures["women"]
    caption = f"{scope_name(report)}：{total.display()}"
    if len(rows) <= MAX_BARS:
        bars = [Bar(r.name, 100 * (r.figures["women"].share or 0), f"{r.figures['women'].n:g}/"
                    f"{r.figures['women'].d:g}", r.village) for r in rows]
        return ChartData("women", "两委成员中女性占比（按村）", bars, "%", caption=caption,
                         highlight={i for i, b in enumerate(bars) if b.value == 0})
    values = [100 * (r.figures["women"].share or 0) for r in rows]
    bars = _brackets(values, [0.001, 10, 20, 30, 40, 50])
    bars[0] = Bar("无女性", bars[0].value, bars[0].note)
    bars[1] = Bar("10%以下", bars[1].value, bars[1].note)
    return ChartData("women", "两委女性占比的村数分布", bars, "个村", caption=caption, highlight={0})


def age_bands(report: Report) -> ChartData:
    group = report.groups["committee"]
    figures = group.total.figures
    bars = [Bar(c.label, figures[c.key].n, f"{figures[c.key].n:g}") for c in group.columns
            if c.key.startswith("age_") and c.key != "age_unknown"]
    if figures["age_unknown"].n:
        bars.append(Bar("年龄不详", figures["age_unknown"].n, f"{figures['age_unknown'].n:g}"))
    return ChartData("ages", "两委成员年龄结构", bars, "人",
                     caption=f"平均年龄 {figures['avg_age'].display()} 岁")


def organisations_by_category(report: Report) -> ChartData:
    group = report.groups["organisations"]
    figures = group.total.figures
    bars = [Bar(c.label, figures[c.key].n, f"{figures[c.key].n:g}") for c in group.columns
            if c.key.startswith("cat:")]
    below = figures["orgs_below"]
    return ChartData("orgs", "社区社会组织（按类别）", bars, "个",
                     caption=f"共 {figures['orgs'].display()} 个；未达目标的村 {below.display()}")


def volunteers_against_target(report: Report) -> ChartData:
    group = report.groups["volunteers"]
    target = float(report.settings.get("volunteer_target_percent", 15.0))
    rows = [r for r in group.villages if r.figures["vol_share"].d]
    total = group.total.figures["vol_share"]
    below = group.total.figures["vol_below"].display()
    caption = f"合计 {total.display()}，目标 {target:g}%；未达目标的村 {below}"
    if len(rows) <= MAX_BARS:
        bars = [Bar(r.name, 100 * (r.figures["vol_share"].share or 0),
                    f"{r.figures['vol_share'].n:g}", r.village) for r in rows]
        return ChartData("volunteers", "注册志愿者占常住人口比例（按村）", bars, "%", target,
                         f"目标 {target:g}%", caption,
                         highlight={i for i, b in enumerate(bars) if b.value < target})
    values = [100 * (r.figures["vol_share"].share or 0) for r in rows]
    limits = sorted({round(target / 3, 1), round(2 * target / 3, 1), target})
    bars = _brackets(values, limits)
    return ChartData("volunteers", "志愿者占常住人口比例的村数分布", bars, "个村", None, "", caption,
                     highlight=set(range(len(bars) - 1)))


def bodies_by_class(report: Report) -> ChartData:
    """村级组织 by 组织大类 (华蓥 counts its 自治组织)."""
    group = report.groups["bodies"]
    figures = group.total.figures
    bars = [Bar(c.label, figures[c.key].n, f"{figures[c.key].n:g}") for c in group.columns
            if c.key.startswith("class:") and (figures[c.key].n or c.label != "其他大类")]
    mediation = figures["mediation_villages"].display()
    return ChartData("bodies", "村级组织（按大类）", bars, "个",
                     caption=f"共 {figures['bodies'].display()} 个；有人民调解委员会的村 {mediation}")


def key_people_by_role(report: Report) -> ChartData:
    """村级骨干 by role, 网格员 as one bar (a person of several roles is in each bar)."""
    group = report.groups["key_people"]
    figures = group.total.figures
    shown = ("role:村民代表", "role:村民小组长", "grid_workers", "role:警务助理", "role:法律顾问",
             "role:人民调解员")
    names = {"grid_workers": "网格员"}
    bars = [Bar(names.get(key, key.removeprefix("role:")), figures[key].n, f"{figures[key].n:g}")
            for key in shown]
    return ChartData("key_people", "村级骨干（按角色，人）", bars, "人",
                     caption=f"共 {figures['persons'].display()} 人（一人多职在各角色中分别计数）；"
                             f"妇女村民代表 {figures['rep_women'].display()}")


def all_charts(report: Report) -> list[ChartData]:
    return [women_by_village(report), age_bands(report), organisations_by_category(report),
            volunteers_against_target(report), bodies_by_class(report), key_people_by_role(report)]
