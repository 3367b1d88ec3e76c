"""The demo volunteers' 政治面貌, 身份, teams as clerks write them, and the people their services
served (issue 15). Drawn from the demo's second random generator (``sync.demo.terms.demo_rng``)."""

from __future__ import annotations

import random
from typing import Any

STATUSES = (("群众", 55), ("共青团员", 20), ("中共党员", 20), ("中共预备党员", 2), ("无党派人士", 3))
IDENTITIES = (("村(居)民", 60), ("离退休人员", 15), ("在校学生", 12), ("企业职工", 8), ("公职人员", 5))
SERVED = ("空巢老人", "留守儿童", "残疾人", "困难群众", "全体村(居)民")
# How the same teams get written in a roster: short forms, a space, a full-width letter.
VARIANTS = {"巾帼志愿服务队": ("巾帼志愿队", "巾帼 志愿服务队"), "青年突击队": ("青年突击志愿服务队",),
            "东山村志愿服务队": ("东山村志愿者服务队",)}


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def volunteer_extras(rng: random.Random) -> dict[str, Any]:
    identity = [_weighted(rng, IDENTITIES)]
    if rng.random() < 0.1:
        identity.append(_weighted(rng, IDENTITIES))
    return {"政治面貌": _weighted(rng, STATUSES), "身份": sorted(set(identity))}


def team_written(team: str, rng: random.Random) -> str:
    """One team written another way now and then, and a few volunteers in two teams."""
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(VARIANTS.get(team, (team,)))
    if roll < 0.2:
        other = rng.choice([t for t in VARIANTS if t != team])
        return f"{team}、{other}"
    return team


def service_extras(rng: random.Random) -> dict[str, Any]:
    return {"服务对象": [rng.choice(SERVED)], "服务人次": rng.randrange(1, 25)}
