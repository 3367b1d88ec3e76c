"""Figures of registers 9–10 and the village profile (statistics.md, "Figures the reference documents
publish"): 村级组织 by 组织大类 and 组织类型 and villages with a 人民调解委员会 (华蓥 自治组织 642, 黔南 群团
2531, 调解组织全覆盖); 村级骨干 persons by 角色 with 网格员 as one figure, women among 村民代表,
villages with a 警务助理 / 法律顾问 (华蓥 村民代表 3743, 黔南 网格员 12824); 村情: 网格数, 综合服务站
and its areas, 换届 (一次性选举成功, 直接选举), titles by 类别 and 级别 (黔南 8 / 82 / 202).

Every count keeps its records for the drill-down; shares keep numerator and denominator. A person
holding several roles counts once in each role and once in the total; the 合计 row counts a person
listed in two villages once (by ID number, ``sync.reports.counting``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from forms.compute import BODY_CLASSES
from forms.rules_bodies import station_meets_norms
from sync.reports.counting import DISSOLVED, dedup_note, person_key
from sync.reports.stats.inputs import Inputs, as_of_note
from sync.reports.stats.model import COUNT, SHARE, TOTAL, Column, Figure, Group, Row, share
from sync.reports.stats.sources import Row as Rec

MEDIATION = "人民调解委员会"
GRID_WORKERS = ("专职网格员", "兼职网格员")
REPRESENTATIVE = "村民代表"


# The compact columns of each group in the township summary of the printed book.
BOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "bodies": ("bodies", "class:下属委员会", "class:自治组织", "class:群团组织", "mediation_villages",
               "errors"),
    "key_people": ("persons", "role:村民代表", "role:村民小组长", "grid_workers", "role:警务助理",
                   "role:法律顾问", "rep_women", "errors"),
    "profile": ("grids", "station", "station_per_households", "station_area", "elected_first",
                "direct_election", "honors"),
}


def bodies_groups(inp: Inputs) -> dict[str, Group]:
    """The groups of this module, in the order they are shown."""
    return {"bodies": bodies_group(inp), "key_people": key_people_group(inp), "profile": profile_group(inp)}


def _count(ids: Iterable[str], flagged: set[str], n: float | None = None) -> Figure:
    recs = tuple(ids)
    return Figure(COUNT, len(recs) if n is None else n, None, recs, tuple(u for u in recs if u in flagged))


def _villages(have: list[str], of: list[str], records: dict[str, list[str]], flagged: set[str]) -> Figure:
    """A share of villages: ``have`` of ``of``, with the records that make each village count."""
    recs = [u for v in have for u in records.get(v, [])]
    return share(len(have), len(of), recs, [u for u in recs if u in flagged], have)


def _rows(inp: Inputs, make: Callable[[str, str, list[str]], Row]) -> tuple[Row, list[Row]]:
    return make(TOTAL, "合计", inp.villages), [make(v, inp.scope.names[v], [v]) for v in inp.villages]


# ------------------------------------------------------------------ 村级组织
def bodies_group(inp: Inputs) -> Group:
    key = "village_bodies"
    rows_by_village, live_by_village = inp.rows(key), inp.counted(key)
    kinds = inp.catalog.choices["村级组织类型"].values
    classes = [*BODY_CLASSES, "其他"]
    columns = [
        Column("bodies", "村级组织（个）", help=f"不含已{DISSOLVED}的组织"),
        *(Column(f"class:{c}", c if c != "其他" else "其他大类") for c in classes),
        *(Column(f"type:{k}", k) for k in kinds),
        Column("mediation_villages", "有人民调解委员会的村", SHARE, "村数 / 村数（调解组织覆盖）"),
        Column("errors", "有错误", SHARE),
    ]
    flags = {v: inp.flagged(key, rows_by_village[v], v) for v in inp.villages}

    def row(village: str, name: str, villages: list[str]) -> Row:
        flagged = set().union(*(flags[v] for v in villages)) if villages else set()
        live = [r for v in villages for r in live_by_village[v]]
        figures = {"bodies": _count((r["uuid"] for r in live), flagged)}
        for c in classes:
            figures[f"class:{c}"] = _count((r["uuid"] for r in live if r.get("组织大类") == c), flagged)
        for k in kinds:
            figures[f"type:{k}"] = _count((r["uuid"] for r in live if r.get("组织类型") == k), flagged)
        mediation = {v: [r["uuid"] for r in live_by_village[v] if r.get("组织类型") == MEDIATION]
                     for v in villages}
        figures["mediation_villages"] = _villages([v for v in villages if mediation[v]], villages, mediation,
                                                  flagged)
        records = [r for v in villages for r in rows_by_village[v]]
        bad = [r["uuid"] for r in records if r["uuid"] in flagged]
        figures["errors"] = share(len(bad), len(records), bad, bad)
        return Row(village, name, figures)

    total, village_rows = _rows(inp, row)
    return Group("bodies", "村级组织", columns, total, village_rows,
                 ["组织大类：下属委员会（村民委员会组织法第七条）、自治组织（议事会、理事会、红白理事会、事管委、"
                  f"组管委）、群团组织；不含状态为“{DISSOLVED}”的组织。", as_of_note(inp.reg(key))])


# ------------------------------------------------------------------ 村级骨干
def _persons(records: Iterable[Rec]) -> dict[str, Rec]:
    """person → their first record: a person counts once (by ID number, else the record)."""
    out: dict[str, Rec] = {}
    for r in records:
        out.setdefault(person_key(r.get("公民身份号码"), r["uuid"]), r)
    return out


def key_people_group(inp: Inputs) -> Group:
    key = "village_roles"
    rows_by_village, live_by_village = inp.rows(key), inp.counted(key)
    roles = inp.catalog.choices["骨干角色"].values
    columns = [
        Column("persons", "村级骨干（人）", help="一人多职只计一次"),
        *(Column(f"role:{r}", r, help="担任此职的人数") for r in roles),
        Column("grid_workers", "网格员（专职和兼职，人）", help="专职网格员与兼职网格员合计，一人只计一次"),
        Column("rep_women", "妇女村民代表", SHARE, "人数 / 村民代表人数"),
        Column("police_villages", "有警务助理的村", SHARE, "村数 / 村数"),
        Column("lawyer_villages", "有法律顾问的村", SHARE, "村数 / 村数"),
        Column("errors", "有错误", SHARE),
    ]
    flags = {v: inp.flagged(key, rows_by_village[v], v) for v in inp.villages}
    per_village = {v: _persons(live_by_village[v]) for v in inp.villages}

    def row(village: str, name: str, villages: list[str]) -> Row:
        flagged = set().union(*(flags[v] for v in villages)) if villages else set()
        people = _persons(r for v in villages for r in live_by_village[v])
        # Each person's roles as a set once, and per role its holders in the persons' order
        # (the 合计 of a prefecture has 60,000 persons and a column per role).
        held = [(r["uuid"], set(r.get("角色") or ())) for r in people.values()]
        by_role: dict[str, list[str]] = {}
        for uuid, mine in held:
            for role in mine:
                by_role.setdefault(role, []).append(uuid)

        def holding(*wanted: str) -> list[str]:
            if len(wanted) == 1:
                return by_role.get(wanted[0], [])
            return [uuid for uuid, mine in held if mine.intersection(wanted)]

        figures = {"persons": _count((r["uuid"] for r in people.values()), flagged)}
        for role in roles:
            figures[f"role:{role}"] = _count(holding(role), flagged)
        figures["grid_workers"] = _count(holding(*GRID_WORKERS), flagged)
        reps = [r for r in people.values() if REPRESENTATIVE in (r.get("角色") or ())]
        women = [r["uuid"] for r in reps if r.get("性别") == "女"]
        figures["rep_women"] = share(len(women), len(reps), women, [u for u in women if u in flagged])
        for column, role in (("police_villages", "警务助理"), ("lawyer_villages", "法律顾问")):
            found = {v: [r["uuid"] for r in per_village[v].values() if role in (r.get("角色") or ())]
                     for v in villages}
            figures[column] = _villages([v for v in villages if found[v]], villages, found, flagged)
        records = [r for v in villages for r in rows_by_village[v]]
        bad = [r["uuid"] for r in records if r["uuid"] in flagged]
        figures["errors"] = share(len(bad), len(records), bad, bad)
        return Row(village, name, figures)

    total, village_rows = _rows(inp, row)
    notes = ["一人担任多个角色时，在每个角色中各计一次，在“村级骨干”合计中只计一次；不含已离任的人员。",
             as_of_note(inp.reg(key))]
    note = dedup_note(int(total.figures["persons"].n), [int(r.figures["persons"].n) for r in village_rows])
    return Group("key_people", "村级骨干", columns, total, village_rows, [note, *notes] if note else notes)


# ------------------------------------------------------------------ 村情与荣誉
def profile_group(inp: Inputs) -> Group:
    key = "village_honors"
    honors_by_village = inp.rows(key)
    classes = inp.catalog.choices["荣誉类别"].values
    levels = inp.catalog.choices["荣誉级别"].values
    columns = [
        Column("grids", "网格数（个）", help="各村村情概况中的网格数之和"),
        Column("station", "有综合服务站的村", SHARE, "村数 / 村数"),
        Column("station_per_households", "服务站每百户≥30平方米", SHARE,
               "服务站建筑面积每百户不低于30平方米的村 / 已填服务站面积和户数的村"),
        Column("station_area", "服务站≥300平方米、办公≤30%", SHARE,
               "服务站总面积不低于300平方米且办公面积不超过30%的村 / 已填服务站面积的村"),
        Column("elected_first", "一次性选举成功的村", SHARE, "村数 / 已填写的村"),
        Column("direct_election", "村委会直接选举的村", SHARE, "村数 / 已填写的村"),
        Column("honors", "荣誉称号（项）"),
        *(Column(f"honor_class:{c}", c) for c in classes),
        *(Column(f"honor_level:{lv}", lv) for lv in levels),
        Column("honor_villages", "获得荣誉称号的村", SHARE, "村数 / 村数"),
    ]
    profiles = {v: inp.scope.profiles.get(v, {}) for v in inp.villages}
    uuids = {v: [p["uuid"]] if p.get("uuid") else [] for v, p in profiles.items()}
    norms = {v: station_meets_norms(p, inp.settings) for v, p in profiles.items()}
    year = inp.as_of.year
    honors = {v: [h for h in honors_by_village[v] if (h.get("授予年份") or 0) <= year] for v in inp.villages}
    honor_flags = {v: inp.flagged(key, honors_by_village[v], v) for v in inp.villages}
    nothing: set[str] = set()

    def judged(villages: list[str], field: str) -> Figure:
        known = [v for v in villages if profiles[v].get(field) is not None]
        return _villages([v for v in known if profiles[v][field]], known, uuids, nothing)

    def row(village: str, name: str, villages: list[str]) -> Row:
        grids = [v for v in villages if profiles[v].get("网格数") is not None]
        figures: dict[str, Figure] = {
            "grids": Figure(COUNT, sum(profiles[v]["网格数"] for v in grids), None,
                            tuple(u for v in grids for u in uuids[v]), villages=tuple(grids)),
            "station": _villages([v for v in villages if profiles[v].get("有综合服务站")], villages, uuids,
                                 nothing),
        }
        per_100 = [v for v in villages if norms[v]["per_households"] is not None]
        figures["station_per_households"] = _villages(
            [v for v in per_100 if norms[v]["per_households"]], per_100, uuids, nothing)
        sized = [v for v in villages if norms[v]["total"] is not None]
        met = [v for v in sized if norms[v]["total"] and norms[v]["office"] is not False]
        figures["station_area"] = _villages(met, sized, uuids, nothing)
        figures["elected_first"] = judged(villages, "一次性选举成功")
        figures["direct_election"] = judged(villages, "村委会直接选举")
        flagged = set().union(*(honor_flags[v] for v in villages)) if villages else set()
        titles = [h for v in villages for h in honors[v]]
        figures["honors"] = _count((h["uuid"] for h in titles), flagged)
        for c in classes:
            figures[f"honor_class:{c}"] = _count((h["uuid"] for h in titles if h.get("类别") == c), flagged)
        for lv in levels:
            figures[f"honor_level:{lv}"] = _count((h["uuid"] for h in titles if h.get("级别") == lv), flagged)
        held = {v: [h["uuid"] for h in honors[v]] for v in villages}
        figures["honor_villages"] = _villages([v for v in villages if held[v]], villages, held, flagged)
        return Row(village, name, figures)

    total, village_rows = _rows(inp, row)
    settings = inp.settings
    return Group("profile", "村情与荣誉", columns, total, village_rows, [
        "网格、综合服务站和换届情况取自各村的村情概况；荣誉称号计入授予年份不晚于截至日期所在年份的。",
        f"服务站面积标准：每百户不低于{settings.get('station_m2_per_100_households', 30):g}平方米；"
        f"总面积不低于{settings.get('station_min_m2', 300):g}平方米，办公面积不超过"
        f"{settings.get('station_office_percent', 30):g}%（可在设置中修改）。"])


__all__: list[Any] = ["BOOK_COLUMNS", "bodies_groups"]
