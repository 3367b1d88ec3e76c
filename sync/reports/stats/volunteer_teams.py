"""Volunteers' teams, who they are, whom they served, and awards (issue 15; statistics.md
"Figures the reference documents publish": 黔南 teams and 服务群众, 通辽 政治面貌 and 身份,
秦淮 awards).

Teams. 所属志愿服务队 is free text, so a team is counted by its normalised name within a
village (:func:`team_keys`), and the township counts a team once per village: the 合计 adds the
villages up (two villages' 巾帼志愿服务队 are two teams). A volunteer in two teams writes both,
separated by 、，,;；/ and counts in each. The name is normalised: full-width letters, digits
and brackets as half-width (NFKC), spaces removed, Latin letters in lower case, and one
ending of 志愿者服务队, 志愿服务队, 志愿者队, 志愿队, 服务队, 队 taken off when something is
left (巾帼志愿服务队 = 巾帼志愿队 = 巾帼 志愿服务队; 青年突击队 = 青年突击志愿服务队). Nothing else
is guessed: 东山村巾帼队 and 巾帼队 stay two names.

Volunteers counted (registered by the reference date, not 注销) by 政治面貌 and 身份 as shares
of the volunteers; in the 合计 a person registered in several villages counts once (the
registrations the volunteers group read for R-X-VOL say who). 服务人次 adds up the service
records dated in the period; awards are the 表彰奖励 records of ``volunteer_awards`` in the period.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms.types import MULTI_JOINER
from sync.reports.counting import ENDED
from sync.reports.stats.inputs import Inputs
from sync.reports.stats.model import SHARE, TOTAL, Column, Figure, Group, Query, Row, count, share
from sync.store import driver

SEPARATORS = re.compile(r"[、,，;；/|｜]+")
SUFFIXES = ("志愿者服务队", "志愿服务队", "志愿者队", "志愿队", "服务队", "队")
PARTY = ("中共党员", "中共预备党员")
LEAGUE = ("共青团员",)
AWARD = "表彰奖励"
COUNTED = (f"_deleted = 0 AND \"状态\" IS NOT '{ENDED}' "
           "AND (\"注册日期\" IS NULL OR \"注册日期\" = '' OR \"注册日期\" <= :as_of)")


def team_key(name: str) -> str:
    """One team name as counted: 巾帼 志愿服务队 → 巾帼."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
    for suffix in SUFFIXES:  # longest first: the first that ends the name decides
        if text.endswith(suffix):
            return text[: -len(suffix)] if len(text) > len(suffix) else text
    return text


def team_keys(text: str | None) -> set[str]:
    """The teams one 所属志愿服务队 names (a volunteer may be in several)."""
    return {key for part in SEPARATORS.split(text or "") if (key := team_key(part))}


Test = Callable[[str | None, list[str]], bool]


@dataclass(frozen=True)
class Matching(Query):
    """The volunteers behind a share (党员, 团员, a 身份, in a team), listed when someone clicks it:
    the registrations counted at the reference date, kept by the very test that counted them
    (``test(政治面貌, 身份, 所属志愿服务队)``). The 合计 lists every village's registrations; a
    person registered in two villages is listed twice and counted once (as the volunteers group's
    合计 does)."""

    test: Callable[[str | None, list[str], str | None], bool] = lambda _s, _i, _t: True

    def run(self, conn: driver.Connection) -> list[str]:
        return [uuid for uuid, status, ids_text, team in conn.execute(self.sql, self.params)
                if self.test(status, ids_text.split(MULTI_JOINER) if ids_text else [], team)]


def _identities(inp: Inputs) -> list[str]:
    fld = inp.reg("volunteers").by_name.get("身份")
    return list(fld.choice_list.values) if fld is not None and fld.choice_list else []


VOLUNTEERS, SERVED, AWARDS = "volunteer_more:volunteers", "volunteer_more:served", "volunteer_more:awards"


def _params(inp: Inputs) -> dict[str, str]:
    params = {"as_of": inp.as_of.isoformat(), "start": inp.period[0].isoformat(),
              "end": inp.period[1].isoformat()}
    if inp.only:
        params["only"] = inp.only
    return params


def volunteer_more_queries(inp: Inputs) -> dict[str, Callable[[driver.Connection], list[Any]]]:
    """The group's three scans (volunteers, service records, awards), independent of the report's
    objects: the volunteers' counting runs them on whichever thread is free (``Counting(extra=…)``)."""
    params = _params(inp)
    only = " AND _village = :only" if inp.only else ""

    def rows(sql: str) -> Callable[[driver.Connection], list[Any]]:
        return lambda conn: [tuple(r) for r in conn.execute(sql, params)]

    return {
        VOLUNTEERS: rows(f'SELECT _village, "政治面貌", "身份", "所属志愿服务队", COUNT(*) FROM volunteers '
                         f"WHERE {COUNTED}{only} GROUP BY 1, 2, 3, 4"),
        SERVED: rows('SELECT _village, SUM("服务人次"), COUNT("服务人次") FROM volunteer_services '
                     f'WHERE _deleted = 0 AND "服务日期" BETWEEN :start AND :end{only} GROUP BY _village'),
        AWARDS: rows(f"SELECT _village, COUNT(*) FROM volunteer_awards WHERE _deleted = 0 "
                     f"AND \"类型\" = '{AWARD}' AND \"日期\" BETWEEN :start AND :end{only} "
                     "GROUP BY _village"),
    }


def volunteer_more_group(inp: Inputs, results: Callable[[str], Any] | None = None) -> Group:
    """The group from its queries' results (``results(name)``; run here when not given)."""
    if results is None:
        done = {name: run(inp.conn) for name, run in volunteer_more_queries(inp).items()}
        results = done.__getitem__
    identities = _identities(inp)
    tests: dict[str, Test] = {
        "party": lambda status, _: status in PARTY,
        "league": lambda status, _: status in LEAGUE,
        **{f"identity:{i}": (lambda _s, ids, i=i: i in ids) for i in identities},
    }
    columns = [
        Column("teams", "志愿服务队（个）",
               help="各村按规范化后的队名计数（去空格、全角半角统一、去“志愿服务队/服务队/队”等后缀），乡镇合计为各村相加"),
        Column("in_teams", "参加服务队的志愿者", SHARE),
        Column("party", "党员志愿者", SHARE, "中共党员和预备党员"), Column("league", "团员志愿者", SHARE),
        *(Column(f"identity:{i}", i, SHARE, "身份可多选") for i in identities),
        Column("served", "服务人次（统计期间）", help="统计期间服务记录的“服务人次”之和"),
        Column("served_records", "填写服务人次的服务记录（条）"),
        Column("awards", "表彰奖励（统计期间，人次）", help="志愿者培训与表彰中统计期间的表彰奖励"),
    ]
    params = _params(inp)
    # village → [volunteers, in a team, per test]; and the normalised team names
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    teams: dict[str, set[str]] = defaultdict(set)
    # A prefecture has some ten thousand (village, 政治面貌, 身份, 队) groups but few distinct
    # values: each 政治面貌 and 身份 is tested, and each team name normalised, once.
    passed: dict[tuple[str | None, str | None], list[str]] = {}
    named: dict[str | None, set[str]] = {}
    for village, status, ids_text, team, n in results(VOLUNTEERS):
        tally = tallies[village]
        tally["volunteers"] += n
        keys = named.get(team)
        if keys is None:
            keys = named[team] = team_keys(team)
        if keys:
            teams[village] |= keys
            tally["in_teams"] += n
        matched = passed.get((status, ids_text))
        if matched is None:
            ids = ids_text.split(MULTI_JOINER) if ids_text else []
            matched = passed[(status, ids_text)] = [key for key, test in tests.items() if test(status, ids)]
        for key in matched:
            tally[key] += n
    served = {v: (int(total or 0), int(n)) for v, total, n in results(SERVED)}
    awards = {v: int(n) for v, n in results(AWARDS)}
    twice = _counted_twice(inp, tests, params)

    def row(code: str, name: str, villages: list[str]) -> Row:
        def add(key: str) -> int:
            return sum(tallies[v][key] for v in villages if v in tallies)

        extra = twice if code == TOTAL else {}
        base = add("volunteers") - extra.get("volunteers", 0)
        where = "_village = ?" if code != TOTAL else "1"
        args = (code,) if code != TOTAL else ()
        figures: dict[str, Figure] = {
            "teams": count(n=sum(len(teams[v]) for v in villages),
                           villages=[v for v in villages if teams[v]]),
            "in_teams": share(add("in_teams") - extra.get("in_teams", 0), base),
            "served": count(n=sum(served.get(v, (0, 0))[0] for v in villages)),
            "served_records": count(n=sum(served.get(v, (0, 0))[1] for v in villages)),
            "awards": count(n=sum(awards.get(v, 0) for v in villages)),
        }
        for key in tests:
            figures[key] = share(add(key) - extra.get(key, 0), base)
        listed = (f'SELECT uuid, "政治面貌", "身份", "所属志愿服务队" FROM volunteers WHERE {where} AND '
                  f'{COUNTED.replace(":as_of", "?")} ORDER BY _village, rowid')
        for key in ("teams", "in_teams"):
            figures[key].query = Matching(listed, (*args, params["as_of"]), _in_a_team)
        for key, test in tests.items():
            figures[key].query = Matching(listed, (*args, params["as_of"]),
                                          lambda status, ids, _team, test=test: test(status, ids))
        figures["served"].query = Query(
            f'SELECT uuid FROM volunteer_services WHERE {where} AND _deleted = 0 AND "服务人次" > 0 '
            "AND \"服务日期\" BETWEEN ? AND ?", (*args, params["start"], params["end"]))
        figures["awards"].query = Query(
            f"SELECT uuid FROM volunteer_awards WHERE {where} AND _deleted = 0 AND \"类型\" = '{AWARD}' "
            "AND \"日期\" BETWEEN ? AND ?", (*args, params["start"], params["end"]))
        return Row(code, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    total = row(TOTAL, "合计", inp.villages)
    notes = ["志愿服务队按村计：同一村中写法不同的队名（全角半角、空格、“志愿服务队/志愿队/服务队/队”后缀）"
             "合并为一个队；一名志愿者填写多个队（用顿号等分隔）时分别计入；乡镇合计为各村队数相加。",
             "政治面貌、身份：截至日期在册的志愿者，同一人在多个村只计一次。"]
    return Group("volunteer_more", "志愿服务队、服务对象与表彰", columns, total, village_rows, notes)


def _in_a_team(_status: str | None, _ids: list[str], team: str | None) -> bool:
    return bool(team_keys(team))


def _counted_twice(inp: Inputs, tests: dict[str, Test], params: dict[str, str]) -> dict[str, int]:
    """How much the villages added up overcount the 合计: a person registered in several villages
    is one volunteer (R-X-VOL). Only those registrations are read; the volunteers group found them."""
    villages_of: dict[str, list[str]] = defaultdict(list)
    scope = set(inp.villages)  # a county's township: registrations elsewhere are read, not counted
    for reg in inp.volunteers:
        if reg.registered and reg.key.startswith("id:") and reg.village in scope:
            villages_of[reg.key].append(reg.uuid)
    shared = {key: uuids for key, uuids in villages_of.items() if len(uuids) > 1}
    if not shared:
        return {}
    wanted = [u for uuids in shared.values() for u in uuids]
    values: dict[str, tuple[str | None, list[str], bool]] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        for uuid, status, ids_text, team in inp.conn.execute(
                f'SELECT uuid, "政治面貌", "身份", "所属志愿服务队" FROM volunteers WHERE uuid IN '
                f'({",".join("?" for _ in part)})', part):
            values[uuid] = (status, ids_text.split(MULTI_JOINER) if ids_text else [], bool(team_keys(team)))
    extra: dict[str, int] = defaultdict(int)
    for uuids in shared.values():
        found = [values[u] for u in uuids if u in values]
        extra["volunteers"] += max(len(found) - 1, 0)
        extra["in_teams"] += max(sum(1 for f in found if f[2]) - 1, 0)
        for key, test in tests.items():
            extra[key] += max(sum(1 for s, ids, _ in found if test(s, ids)) - 1, 0)
    return extra
