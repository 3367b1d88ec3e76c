"""两委 training, 年度考核, pay and social workers (issue 15; statistics.md "Figures the reference
documents publish"; 华蓥, 通辽, 六枝).

* 本届参加培训: members counted at the reference date (persons) with at least one training
  (任职培训, 在职培训 or 专门培训 in ``member_trainings``) dated from their 任职时间 (the start of
  their term) to the reference date; a member without 任职时间 counts any training until then.
  Training records of a member's other records (a re-elected member's 离任 record of the last
  term) do not count for this term.
* 书记均参加培训的村: villages where every 书记 in office was so trained / villages with a 书记.
* 年度考核: the 年度考核 records dated in the period, by 结果.
* 平均月报酬: over the members in office whose 月报酬 is filled (元/月).
* 持证社会工作者: members in office with a 社会工作者职业资格 other than 无; villages with one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from forms.types import as_partial_date
from sync.reports.stats.inputs import Inputs, person_key
from sync.reports.stats.model import MEAN, SHARE, TOTAL, Column, Figure, Group, Row, count, share
from sync.reports.stats.sources import Row as Rec

REGISTER, TRAININGS = "committee_members", "member_trainings"
TRAINING_KINDS = ("任职培训", "在职培训", "专门培训")
ASSESSMENT = "年度考核"
RESULTS = ("优秀", "称职", "基本称职", "不称职")
NO_QUALIFICATION = "无"


def training_group(inp: Inputs) -> Group:
    reg = inp.reg(REGISTER)
    id_field = reg.person_field or "公民身份号码"
    columns = [
        Column("trained", "本届参加培训", SHARE, "本届在任成员中任职后参加过任职、在职或专门培训的人"),
        Column("secretary_trained", "书记均参加培训的村", SHARE, "村数 / 有在任书记的村"),
        Column("assessed", "年度考核（人次）", help="统计期间的年度考核记录"),
        *(Column(f"assess:{r}", f"考核{r}") for r in RESULTS),
        Column("avg_pay", "平均月报酬（元）", MEAN, "在任成员中填写了月报酬的人的平均数"),
        Column("social_workers", "持证社会工作者（人）", help="在任成员中有社会工作者职业资格的人"),
        Column("sw_villages", "有持证社会工作者的村", SHARE),
    ]
    counted = inp.counted(REGISTER)
    latest, assessments = _training_facts(inp)

    began_on: dict[object, str] = {}  # the few distinct 任职时间 of a prefecture, parsed once

    def trained(member: Rec, last: dict[str, str]) -> bool:
        """A training dated from the start of the member's term (任职时间) to the reference date."""
        text = member.get("任职时间")
        since = began_on.get(text)
        if since is None:
            began = as_partial_date(text)
            since = began_on[text] = began.first.isoformat() if began is not None else ""
        day = last.get(member["uuid"])
        return day is not None and day >= since

    def tally(v: str) -> _Tally:
        """One village's facts, worked out once: its row and the 合计 are made of them."""
        by_member = latest.get(v, {})
        out = _Tally(assessed=assessments.get(v, []))
        secretaries: list[tuple[str, bool]] = []
        for m in counted[v]:
            key = person_key(m.get(id_field), m["uuid"])
            out.people.setdefault(key, []).append(m["uuid"])
            ok = bool(by_member) and trained(m, by_member)  # most villages: no record to look at
            if ok:
                out.trained.setdefault(key, []).append(m["uuid"])
            if m.get("党组织职务") == "书记":
                secretaries.append((m["uuid"], ok))
            if m.get("月报酬") is not None and key not in out.pay:
                out.pay[key] = float(m["月报酬"])
            if m.get("社会工作者职业资格") not in (None, "", NO_QUALIFICATION):
                out.workers.setdefault(key, []).append(m["uuid"])
        if secretaries:
            out.secretaries = [u for u, _ in secretaries] if all(ok for _, ok in secretaries) else None
        return out

    tallies = {v: tally(v) for v in inp.villages}

    def row(code: str, name: str, villages: list[str]) -> Row:
        # A person in office in two villages counts once in the 合计 (the first village's values).
        people: dict[str, list[str]] = {}
        trained_people: dict[str, list[str]] = {}
        pay: dict[str, float] = {}
        workers: dict[str, list[str]] = {}
        sec_villages: list[str] = []
        sec_records: list[str] = []
        with_sec = 0
        sw_villages: list[str] = []
        assessed: list[tuple[str, str | None]] = []
        for v in villages:
            t = tallies[v]
            assessed += t.assessed
            for into, part in ((people, t.people), (trained_people, t.trained), (workers, t.workers)):
                if len(villages) == 1:
                    into.update(part)
                else:
                    for key, uuids in part.items():
                        into.setdefault(key, []).extend(uuids)
            for key, value in t.pay.items():
                pay.setdefault(key, value)
            if t.secretaries != []:
                with_sec += 1
                if t.secretaries is not None:
                    sec_villages.append(v)
                    sec_records += t.secretaries
            if t.workers:
                sw_villages.append(v)
        figures = {
            "trained": share(len(trained_people), len(people), _flat(trained_people.values())),
            "secretary_trained": share(len(sec_villages), with_sec, sec_records, villages=sec_villages),
            "assessed": count([uuid for uuid, _ in assessed]),
            "avg_pay": Figure(MEAN, round(sum(pay.values()) / len(pay), 1) if pay else 0.0, None,
                              count=len(pay)),
            "social_workers": count(_flat(workers.values()), n=len(workers)),
            "sw_villages": share(len(sw_villages), len(villages), villages=sw_villages),
        }
        for result in RESULTS:
            figures[f"assess:{result}"] = count([uuid for uuid, got in assessed if got == result])
        return Row(code, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    total = row(TOTAL, "合计", inp.villages)
    notes = ["培训、书记培训、报酬和社会工作者按截至日期在任的成员计；同一人在多个村只计一次。",
             f"年度考核按统计期间（{inp.period[0].isoformat()} 至 {inp.period[1].isoformat()}）"
             "的考核记录计。"]
    return Group("training", "两委培训、考核与报酬", columns, total, village_rows, notes)


@dataclass
class _Tally:
    """One village's members in office by person (ID number): all, trained in their term, with a
    月报酬 (the first record's), with a qualification; its 书记's records when every one was trained
    (None: one was not; []: no 书记); its 年度考核 in the period."""

    assessed: list[tuple[str, str | None]]
    people: dict[str, list[str]] = field(default_factory=dict)
    trained: dict[str, list[str]] = field(default_factory=dict)
    pay: dict[str, float] = field(default_factory=dict)
    workers: dict[str, list[str]] = field(default_factory=dict)
    secretaries: list[str] | None = field(default_factory=list)


def _training_facts(inp: Inputs) -> tuple[dict[str, dict[str, str]], dict[str, list[tuple[str, str | None]]]]:
    """Read in SQL, not as records: (village → member uuid → the date of their latest training up
    to the reference date; village → the 年度考核 in the period as (uuid, 结果), in the order the
    register lists them). Whether a member was trained in their term is whether that latest date
    is on or after their 任职时间."""
    if TRAININGS not in inp.catalog.registers:
        return {}, {}
    only = " AND _village = ?" if inp.only else ""
    extra: tuple[str, ...] = (inp.only,) if inp.only else ()
    latest: dict[str, dict[str, str]] = defaultdict(dict)
    kinds = ", ".join("?" for _ in TRAINING_KINDS)
    for village, member, day in inp.conn.execute(
            f'SELECT _village, "成员", MAX("日期") FROM {TRAININGS} WHERE _deleted = 0 '
            f'AND "类型" IN ({kinds}) AND "日期" <> \'\' AND "日期" <= ?{only} GROUP BY 1, 2',
            (*TRAINING_KINDS, inp.as_of.isoformat(), *extra)):
        latest[village][str(member)] = str(day)
    assessed: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for village, uuid, result in inp.conn.execute(
            f'SELECT _village, uuid, "结果" FROM {TRAININGS} WHERE _deleted = 0 AND "类型" = ? '
            f'AND "日期" BETWEEN ? AND ?{only} ORDER BY _village, _created_at, rowid',
            (ASSESSMENT, inp.period[0].isoformat(), inp.period[1].isoformat(), *extra)):
        assessed[village].append((uuid, result))
    return latest, assessed


def _flat(lists: Iterable[list[str]]) -> list[str]:
    return [u for uuids in lists for u in uuids]
