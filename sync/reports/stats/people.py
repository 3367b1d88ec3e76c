"""两委成员 and 村务监督委员会: persons counted once, ages at the reference date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from forms.compute import COMPUTE, PARTY_POSTS, VC_POSTS, Context, age_on, birth_date, term_end
from forms.tenure import serving
from forms.types import PartialDate, as_partial_date
from sync.reports.counting import COLLEGE_UP, HIGH_SCHOOL_UP, YOUTH_AGE, dedup_note
from sync.reports.stats.inputs import Inputs, add_months, as_of_note, person_key
from sync.reports.stats.model import COUNT, MEAN, SHARE, TOTAL, Column, Figure, Group, Row, count, share
from sync.reports.stats.sources import Row as Rec

HAN = "汉族"
PERSON_FIGURES = ("party", "vc", "women", "secretaries", "directors", "women_secretary", "women_director",
                  "youth", "high_school", "college", "minority", "cross", "term_soon", "vc_women", "heads",
                  "women_heads", "vc_high_school")


class Person:
    """One person behind one or more records (posts in two records, two villages)."""

    __slots__ = ("birth", "cross", "education", "ethnic", "key", "party_posts", "posts_by_village",
                 "records", "sex", "term_ends", "vc_posts", "villages")

    def __init__(self, key: str) -> None:
        self.key = key
        self.records: list[str] | tuple[str, ...] = []
        self.villages: set[str] = set()
        self.sex: str | None = None
        self.birth: PartialDate | None = None  # 出生年月 as precise as it was written
        self.ethnic: str | None = None
        self.education: str | None = None
        self.party_posts: set[str] = set()
        self.vc_posts: set[str] = set()
        self.term_ends: list[PartialDate] = []
        # village → (Party posts, 村委会 posts): 交叉任职 means both committees of one village
        self.posts_by_village: dict[str, tuple[set[str], set[str]]] = {}
        self.cross = False

    @property
    def member(self) -> bool:
        return bool(self.party_posts or self.vc_posts)


class _Dates:
    """Dates parsed once per distinct text: a prefecture's 14,000 members share few dates.
    出生年月 and 任职时间 are year-months (1968-03) or full dates: kept at that precision."""

    def __init__(self) -> None:
        self._dates: dict[Any, PartialDate | None] = {}
        self._ends: dict[tuple[Any, int], PartialDate | None] = {}

    def date(self, text: Any) -> PartialDate | None:
        try:
            return self._dates[text]
        except KeyError:
            found = self._dates[text] = as_partial_date(text)
            return found
        except TypeError:  # not hashable: never a canonical value, parse it anyway
            return as_partial_date(text)

    def term_end(self, text: Any, years: int) -> PartialDate | None:
        try:
            return self._ends[(text, years)]
        except KeyError:
            found = self._ends[(text, years)] = term_end(text, years)
            return found
        except TypeError:
            return term_end(text, years)


def persons(rows: Iterable[Rec], id_field: str, term_years: int,
            dates: _Dates | None = None) -> list[Person]:
    """One Person per ID number: several records of one person (posts in two records, two
    villages) merge, their posts united, so each person is counted once."""
    dates = dates or _Dates()
    found: dict[str, Person] = {}
    for r in rows:
        get = r.get
        uuid = r["uuid"]
        key = person_key(get(id_field), uuid)
        p = found.get(key)
        if p is None:
            p = found[key] = Person(key)
        village = r["_village"]
        p.records.append(uuid)
        p.villages.add(village)
        p.sex = p.sex or get("性别")
        # 出生年月 is filled from the ID number when saved (and R-SEX flags a mismatch), so
        # it is read as stored; the ID number is read only when that is empty or gives no day
        # (a roster's 1968.03 beside an ID number that knows the 12th).
        if p.birth is None or not p.birth.has_day:
            stored = dates.date(get("出生年月") or get("出生日期"))
            birth = stored if stored is not None and stored.has_day else birth_date(r, id_field)
            p.birth = birth or p.birth
        p.ethnic = p.ethnic or get("民族")
        p.education = p.education or get("文化程度")
        posts = p.posts_by_village.get(village)
        if posts is None:
            posts = p.posts_by_village[village] = (set(), set())
        party, vc = posts
        post = get("党组织职务")
        if post in PARTY_POSTS:
            p.party_posts.add(post)
            party.add(post)
            p.cross = p.cross or bool(vc)
        post = get("村委会职务")
        if post in VC_POSTS:
            p.vc_posts.add(post)
            vc.add(post)
            p.cross = p.cross or bool(party)
        end = dates.term_end(get("任职时间"), term_years)
        if end is not None:
            p.term_ends.append(end)
    people = list(found.values())
    for p in people:
        p.records = tuple(p.records)  # kept by the figures: tuples of text are not tracked by gc
    return people


def _everyone(village_people: dict[str, list[Person]], records: list[Rec], id_field: str,
              term_years: int, dates: _Dates) -> list[Person]:
    """``persons(records)`` for the records of all villages, reusing each village's persons:
    only those serving in several villages are merged again from all their records."""
    first: dict[str, Person] = {}
    several: set[str] = set()
    for people in village_people.values():
        for p in people:
            if p.key in first:
                several.add(p.key)
            else:
                first[p.key] = p
    if several:
        theirs = [r for r in records if person_key(r.get(id_field), r["uuid"]) in several]
        merged = {p.key: p for p in persons(theirs, id_field, term_years, dates)}
        return [merged.get(key, p) for key, p in first.items()]
    return list(first.values())


def age_bands(bounds: list[int]) -> list[tuple[str, str, int, int]]:
    """(key, label, low, high) for the settings' band limits: [35, 45] → ≤35, 36–45, >45."""
    bands, low = [], 0
    for i, high in enumerate(bounds):
        label = f"{high}岁及以下" if i == 0 else f"{low}–{high}岁"
        bands.append((f"age_{i}", label, low, high))
        low = high + 1
    bands.append((f"age_{len(bounds)}", f"{bounds[-1]}岁以上" if bounds else "全部", low, 999))
    return bands


def _recs(people: Iterable[Person]) -> list[str]:
    return [u for p in people for u in p.records]


class PersonRecords:
    """The records of some persons, listed when someone asks (a prefecture's rows hold tens of
    thousands of figures; their lists would mostly never be read). Only the persons' record
    tuples are kept, not the persons: a report keeps no more objects alive than it needs."""

    __slots__ = ("records",)

    def __init__(self, people: list[Person]) -> None:
        self.records = tuple(p.records for p in people)

    def uuids(self, conn: object = None) -> list[str]:
        return [u for records in self.records for u in records]


class _Cells:
    """Builds one row's figures from persons, keeping the records behind each."""

    def __init__(self, flagged: set[str]) -> None:
        self.flagged = flagged
        self.figures: dict[str, Figure] = {}

    def _fl(self, records: list[str]) -> list[str]:
        return [u for u in records if u in self.flagged] if self.flagged else []

    def _figure(self, kind: str, key: str, people: list[Person], of: int | None) -> None:
        flagged = self.flagged
        bad = tuple(u for p in people for u in p.records if u in flagged) if flagged else ()
        self.figures[key] = Figure(kind, len(people), of, PersonRecords(people) if people else (), bad)

    def count(self, key: str, people: list[Person]) -> None:
        self._figure(COUNT, key, people, None)

    def share(self, key: str, people: list[Person], of: int) -> None:
        self._figure(SHARE, key, people, of)


def committee_group(inp: Inputs) -> Group:
    reg = inp.reg("committee_members")
    term_years = int(inp.settings.get("term_years", 5))
    bounds = [int(b) for b in inp.settings.get("age_bands", [35, 45, 55, 60])]
    bands = age_bands(bounds)
    months = int(inp.settings.get("term_expiry_months", 12))
    soon_end = add_months(inp.as_of, months)
    rows_by_village = inp.rows("committee_members")
    issues = inp.register_issues("committee_members")

    columns = [
        Column("members", "两委成员（人）", help="有村党组织或村委会职务的人，一人多职只计一次"),
        Column("party", "村党组织委员"), Column("vc", "村委会委员"),
        Column("women", "女性", SHARE), Column("women_secretary", "女性书记", SHARE),
        Column("women_director", "女性主任", SHARE),
        Column("vc_women", "村委会中女性", SHARE, "女性村委会成员 / 村委会成员（通辽“女性委员占27%”的口径）"),
        Column("women_heads", "女性书记、主任", SHARE,
               "担任书记或主任的女性（人）/ 担任书记或主任的人（一肩挑只计一人）"),
        Column("vc_high_school", "村委会中高中及以上", SHARE, "高中及以上学历的村委会成员 / 村委会成员"),
        *(Column(k, label, SHARE) for k, label, _, _ in bands),
        Column("age_unknown", "年龄不详"), Column("avg_age", "平均年龄", MEAN),
        Column("youth", f"其中{YOUTH_AGE}岁及以下", SHARE, "年轻干部指标，不随年龄段设置变化"),
        Column("high_school", "高中及以上", SHARE), Column("college", "大专及以上", SHARE),
        Column("minority", "少数民族", SHARE),
        Column("yijiantiao", "一肩挑的村", SHARE, "书记、主任由一人担任的村 / 村数"),
        Column("cross", "交叉任职", SHARE),
        Column("vc_size_fail", "村委会人数不符的村", SHARE, "村委会应为3–7人（规则“村委会职数”）"),
        Column("vc_woman_fail", "村委会无女性的村", SHARE, "村委会应有妇女成员（规则“村委会妇女成员”）"),
        Column("term_soon", f"{months}个月内任期届满"),
        Column("errors", "有错误", SHARE, "有错误的记录 / 记录数（已计入上列各数）"),
    ]

    def row(village: str, name: str, records: list[Rec], villages: list[str], flagged: set[str],
            people: list[Person]) -> Row:
        # One pass over the members sorts them into the list behind each figure (a
        # prefecture has 1,432 rows of 27 figures: comprehension per figure costs seconds).
        members: list[Person] = []
        lists: dict[str, list[Person]] = {key: [] for key in PERSON_FIGURES}
        in_band: list[list[Person]] = [[] for _ in bands]
        unknown: list[Person] = []
        known: list[Person] = []
        ages: list[int] = []
        as_of = inp.as_of
        for p in people:  # persons of the records that count: each holds a post
            members.append(p)
            woman = p.sex == "女"
            if p.party_posts:
                lists["party"].append(p)
                if "书记" in p.party_posts:
                    lists["secretaries"].append(p)
                    if woman:
                        lists["women_secretary"].append(p)
            if "书记" in p.party_posts or "主任" in p.vc_posts:
                lists["heads"].append(p)
                if woman:
                    lists["women_heads"].append(p)
            if p.vc_posts:
                lists["vc"].append(p)
                if woman:
                    lists["vc_women"].append(p)
                if p.education in HIGH_SCHOOL_UP:
                    lists["vc_high_school"].append(p)
                if "主任" in p.vc_posts:
                    lists["directors"].append(p)
                    if woman:
                        lists["women_director"].append(p)
            if woman:
                lists["women"].append(p)
            if p.birth:
                age = age_on(p.birth, as_of)
                known.append(p)
                ages.append(age)
                for i, (_, _, low, high) in enumerate(bands):
                    if low <= age <= high:
                        in_band[i].append(p)
                if age <= YOUTH_AGE:
                    lists["youth"].append(p)
            else:
                unknown.append(p)
            if p.education in HIGH_SCHOOL_UP:
                lists["high_school"].append(p)
            if p.education in COLLEGE_UP:
                lists["college"].append(p)
            if p.ethnic and p.ethnic != HAN:
                lists["minority"].append(p)
            if p.cross:
                lists["cross"].append(p)
            # A term ending in a month ends on one of its days: soon if that month meets the window.
            if any(as_of <= end.last and end.first <= soon_end for end in p.term_ends):
                lists["term_soon"].append(p)
        n = len(members)
        cells = _Cells(flagged)
        cells.count("members", members)
        cells.count("party", lists["party"])
        cells.count("vc", lists["vc"])
        cells.share("women", lists["women"], n)
        cells.share("women_secretary", lists["women_secretary"], len(lists["secretaries"]))
        cells.share("women_director", lists["women_director"], len(lists["directors"]))
        cells.share("vc_women", lists["vc_women"], len(lists["vc"]))
        cells.share("women_heads", lists["women_heads"], len(lists["heads"]))
        cells.share("vc_high_school", lists["vc_high_school"], len(lists["vc"]))
        for (key, _, _, _), band in zip(bands, in_band, strict=True):
            cells.share(key, band, n)
        cells.count("age_unknown", unknown)
        avg = sum(ages) / len(ages) if ages else 0.0
        cells.figures["avg_age"] = Figure(MEAN, round(avg, 1), None, PersonRecords(known) if known else (),
                                          tuple(cells._fl(_recs(known))), count=len(ages))
        for key in ("youth", "high_school", "college", "minority", "cross"):
            cells.share(key, lists[key], n)
        cells.count("term_soon", lists["term_soon"])
        # Village-level figures: which villages of this row qualify.
        yjt: list[str] = []
        yjt_recs: list[str] = []
        size_fail: list[str] = []
        woman_fail: list[str] = []
        fail_recs: dict[str, list[str]] = {"R-VC-SIZE": [], "R-VC-WOMAN": []}
        for v in villages:
            v_people = village_people[v]
            both = [p for p in v_people if "书记" in p.party_posts and "主任" in p.vc_posts]
            if both:
                yjt.append(v)
                yjt_recs.extend(_recs(both))
            rules = {i.rule for i in issues.get(v, [])}
            vc_recs = [r["uuid"] for r in serving(rows_by_village[v]) if r.get("村委会职务") in VC_POSTS]
            if "R-VC-SIZE" in rules:
                size_fail.append(v)
                fail_recs["R-VC-SIZE"].extend(vc_recs)
            if "R-VC-WOMAN" in rules:
                woman_fail.append(v)
                fail_recs["R-VC-WOMAN"].extend(vc_recs)
        nv = len(villages)
        cells.figures["yijiantiao"] = share(len(yjt), nv, yjt_recs, cells._fl(yjt_recs), yjt)
        cells.figures["vc_size_fail"] = share(len(size_fail), nv, fail_recs["R-VC-SIZE"],
                                              cells._fl(fail_recs["R-VC-SIZE"]), size_fail)
        cells.figures["vc_woman_fail"] = share(len(woman_fail), nv, fail_recs["R-VC-WOMAN"],
                                               cells._fl(fail_recs["R-VC-WOMAN"]), woman_fail)
        bad = [r["uuid"] for r in records if r["uuid"] in flagged]
        cells.figures["errors"] = share(len(bad), len(records), bad, bad)
        return Row(village, name, cells.figures)

    flags = {v: inp.flagged("committee_members", rows_by_village[v], v) for v in inp.villages}
    id_field = reg.person_field or "公民身份号码"
    dates = _Dates()
    # Persons of the records that count (sync.reports.counting: in effect, holding a post), as in the book.
    members_by_village = inp.counted("committee_members")
    village_people = {v: persons(members_by_village[v], id_field, term_years, dates) for v in inp.villages}
    village_rows = [row(v, inp.scope.names[v], rows_by_village[v], [v], flags[v], village_people[v])
                    for v in inp.villages]
    everything = [r for v in inp.villages for r in rows_by_village[v]]
    all_flags = set().union(*flags.values()) if flags else set()
    everyone = _everyone(village_people, [r for v in inp.villages for r in members_by_village[v]],
                         id_field, term_years, dates)
    total = row(TOTAL, "合计", everything, inp.villages, all_flags, everyone)
    notes = [note for note in (
        dedup_note(int(total.figures["members"].n), [int(r.figures["members"].n) for r in village_rows]),
        "两委成员：有村党组织或村委会职务的人；两项职务都是“无”的不计入。",
        as_of_note(reg)) if note]
    return Group("committee", "两委成员", columns, total, village_rows, notes)


def supervision_group(inp: Inputs) -> Group:
    reg = inp.reg("supervisory_committee")
    rows_by_village = inp.counted("supervisory_committee")
    columns = [
        Column("sv_members", "监委会成员（人）"),
        Column("sv_directors", "监委会主任（人）", help="职务为主任的监委会成员（华蓥“监委会主任107名”）"),
        Column("sv_villages", "已建监委会的村", SHARE),
        Column("sv_without", "未建监委会的村", SHARE),
        Column("sv_director_discipline", "主任由村党组织纪检委员担任", SHARE, "村数 / 已建监委会的村"),
        Column("sv_no_skill", "无财会或管理知识成员的村", SHARE,
               "村数 / 已建监委会的村（规则“监委会财会或管理知识”）"),
        Column("errors", "有错误", SHARE),
    ]
    flags = {v: inp.flagged("supervisory_committee", rows_by_village[v], v) for v in inp.villages}

    id_field = reg.person_field or "公民身份号码"

    def is_discipline(rec: Rec, ctx: Context) -> bool:
        return bool(COMPUTE["is_discipline_member"](rec, ctx))

    facts: dict[str, tuple[list[str] | None, list[str] | None]] = {}

    def village_facts(v: str) -> tuple[list[str] | None, list[str] | None]:
        """(directors who are the Party 纪检委员, members when none has 财会或管理知识) of a
        village with a committee; None where it does not apply. Worked out once per village."""
        if v not in facts:
            ctx = inp.context(v)
            directors = [r for r in rows_by_village[v] if r.get("职务") == "主任"]
            disc = [r["uuid"] for r in directors if is_discipline(r, ctx)]
            no_skill = not any(r.get("具备财会或管理知识") for r in rows_by_village[v])
            facts[v] = (disc or None, [r["uuid"] for r in rows_by_village[v]] if no_skill else None)
        return facts[v]

    def row(village: str, name: str, villages: list[str]) -> Row:
        records = [r for v in villages for r in rows_by_village[v]]
        flagged = set().union(*(flags[v] for v in villages)) if villages else set()
        # Members are persons (by ID number): each person's records listed together.
        people: dict[str, list[str]] = {}
        for r in records:
            people.setdefault(person_key(r.get(id_field), r["uuid"]), []).append(r["uuid"])
        recs = [u for uuids in people.values() for u in uuids]
        with_c = [v for v in villages if rows_by_village[v]]
        without = [v for v in villages if not rows_by_village[v]]
        disc_v: list[str] = []
        disc_recs: list[str] = []
        skill_v: list[str] = []
        skill_recs: list[str] = []
        for v in with_c:
            disc, no_skill = village_facts(v)
            if disc:
                disc_v.append(v)
                disc_recs.extend(disc)
            if no_skill:
                skill_v.append(v)
                skill_recs.extend(no_skill)
        fl = [u for u in recs if u in flagged] if flagged else []
        bad = [r["uuid"] for r in records if r["uuid"] in flagged] if flagged else []
        directors: dict[str, list[str]] = {}
        for r in records:
            if r.get("职务") == "主任":
                directors.setdefault(person_key(r.get(id_field), r["uuid"]), []).append(r["uuid"])
        director_recs = [u for uuids in directors.values() for u in uuids]
        figures = {
            "sv_members": count(recs, fl, n=len(people)),
            "sv_directors": count(director_recs, [u for u in director_recs if u in flagged],
                                  n=len(directors)),
            "sv_villages": share(len(with_c), len(villages), villages=with_c),
            "sv_without": share(len(without), len(villages), villages=without),
            "sv_director_discipline": share(len(disc_v), len(with_c), disc_recs,
                                            [u for u in disc_recs if u in flagged], disc_v),
            "sv_no_skill": share(len(skill_v), len(with_c), skill_recs,
                                 [u for u in skill_recs if u in flagged], skill_v),
            "errors": share(len(bad), len(records), bad, bad),
        }
        return Row(village, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    total = row(TOTAL, "合计", inp.villages)
    notes = [note for note in (
        dedup_note(int(total.figures["sv_members"].n),
                   [int(r.figures["sv_members"].n) for r in village_rows]),
        as_of_note(reg)) if note]
    return Group("supervision", "村务监督委员会", columns, total, village_rows, notes)
