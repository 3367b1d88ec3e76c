"""Benchmark: township statistics for a prefecture (1,431 villages, ~1.75 million records).

    .venv/bin/python bench/stats.py [--villages 1431] [--db PATH] [--keep] [--runs N] [--recheck]
        [--no-governance] [--without-bodies] [--without-terms] [--compare-issue15]
        [--county TOWNSHIPS]

How the database is made (fast, but the same rows the store writes):
1. one template village is entered through ``Store.add`` (validation, computed fields,
   error counts, versions: the real path): 10 两委 members, 4 supervisors, 2 versions of
   the 村规民约, 10 organisations, 200 volunteers with 5 service records each, a year of 村务
   records (3 重大事项, 40 meetings, 8 postings; ``--no-governance`` leaves them out);
2. its current-state rows and its ``versions`` rows are copied for every other village
   inside one transaction, with new UUIDs, version IDs, village codes and ID numbers
   (another 6-digit area code, check digit recomputed) and references re-pointed;
   in every second village two volunteers also register in the village before (R-X-VOL).
The search index is not copied: statistics never read it.

Then ``sync.reports.statistics.compute`` runs on the whole prefecture (goal ≤ 2 s), as it runs in
the program (the volunteers' index scans on a second thread) and on one thread only; clicking
a figure (its records are listed on demand), the JSON and Excel outputs are timed too.

``--county 20`` turns the database itself into a county's (its villages shared out among 20
townships in code order; use a copy: ``--db`` of a database made for this) and times
``compute_county`` — the county and each township — with the townships' runs reusing the county
run's volunteer scans and without, alternately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid as uuidlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forms.identifiers import id_check_char  # noqa: E402
from sync.demo.village import ACTIVITIES, mobile, random_person  # noqa: E402
from sync.store.store import Store  # noqa: E402

AS_OF = dt.date(2026, 11, 21)
TEMPLATE = "522700100200"
ID_FIELDS = ("公民身份号码", "证件号码", "负责人身份号码")
REF_FIELDS = ("志愿者", "上一版本", "关联事项", "村", "成员")
CATEGORIES = ("为民服务", "公益慈善", "邻里互助", "平安建设", "文体娱乐", "农村生产技术服务", "其他")


def village_code(i: int) -> str:
    return f"5227{i // 500:02d}{100 + (i // 250) % 2:03d}{200 + i % 250:03d}"


def area_code(i: int) -> str:
    return f"{520100 + i:06d}"


def build_template(store: Store, rng: random.Random, governance: bool = True) -> None:
    code = TEMPLATE
    store.add("village_profile", {"村名": "样板村", "统计用区划代码": code, "常住人口": 1800,
                                  "户数": 520, "社区类型": "农村社区"}, village=code)
    posts = [("书记", None, "主任"), ("副书记", None, "副主任"), ("委员", "组织", "委员"),
             ("委员", "宣传", "无"), ("委员", "纪检", "无"), ("无", None, "委员"), ("无", None, "委员"),
             ("无", None, "无"), ("副书记", None, "无"), ("无", None, "委员")]
    discipline = None
    for i, (party, duty, vc) in enumerate(posts):
        p = random_person(rng, area_code(0), AS_OF, 26, 62, "女" if i in (1, 5) else None)
        if duty == "纪检":
            discipline = p
        values = {"姓名": p["姓名"], "公民身份号码": p["id"], "民族": "汉族" if i != 3 else "苗族",
                  "政治面貌": "中共党员" if party != "无" else "群众", "党组织职务": party,
                  "委员分工": duty, "村委会职务": vc, "任职时间": "2021-12-10" if i == 0 else "2026-03-18",
                  "文化程度": rng.choice(("大学专科", "普通高中", "初中", "大学本科")),
                  "联系电话": mobile(rng)}
        if party != "无":
            values["入党时间"] = (p["birth"] + dt.timedelta(days=365 * 22)).isoformat()
        store.add("committee_members", values, village=code)
    for i, post in enumerate(("主任", "委员", "委员", "委员")):
        p = discipline if i == 0 else random_person(rng, area_code(0), AS_OF, 30, 60)
        store.add("supervisory_committee", {
            "姓名": p["姓名"], "公民身份号码": p["id"], "民族": "汉族", "政治面貌": "群众", "职务": post,
            "具备财会或管理知识": i == 1, "推选日期": "2026-03-25", "非村委会成员及其近亲属声明": True,
        }, village=code)
    first = store.add("village_rules", {
        "名称": "样板村村规民约", "类型": "制定", "表决会议": "村民会议", "会议日期": "2018-05-06",
        "应到人数": 1400, "实到人数": 900, "其中妇女": 380, "赞成": 850, "反对": 10, "弃权": 40,
        "备案日期": "2018-05-12"}, village=code).uuid
    store.add("village_rules", {
        "名称": "样板村村规民约（修订）", "类型": "修订", "上一版本": first, "表决会议": "村民会议",
        "会议日期": "2023-04-08", "应到人数": 1400, "实到人数": 820, "其中妇女": 310, "赞成": 790,
        "反对": 10, "弃权": 20, "备案日期": "2023-04-15"}, village=code)
    for i in range(10):
        store.add("social_organizations", {
            "名称": f"样板村组织{i + 1}", "类别": CATEGORIES[i % len(CATEGORIES)], "管理方式": "备案",
            "备案机关": "某镇人民政府", "备案编号": f"备〔2024〕{i + 1}号", "备案日期": "2024-05-20",
            "成员数": 30}, village=code)
    if governance:
        add_governance(store, code, rng)
    with store.transaction():
        for _ in range(200):
            p = random_person(rng, area_code(0), AS_OF, 18, 70)
            vol = store.add("volunteers", {"姓名": p["姓名"], "证件类型": "居民身份证", "证件号码": p["id"],
                                           "注册日期": "2022-03-01", "状态": "在册"}, village=code).uuid
            for k in range(5):
                day = AS_OF - dt.timedelta(days=rng.randrange(1, 900))
                store.add("volunteer_services", {
                    "志愿者": vol, "活动名称": rng.choice(ACTIVITIES), "服务日期": day.isoformat(),
                    "服务时长": rng.choice((1.0, 2.0, 2.5, 3.0, 4.0)) + (k % 2) * 0.5}, village=code)


def add_terms(store: Store, code: str, rng: random.Random) -> None:
    """Issue 15's data at a village's size: the previous term's 6 members (离任 at the 换届, one of
    the current members re-elected), the current term's 届次, 月报酬 and a qualified social worker,
    12 training and appraisal records; the volunteers' 政治面貌, 身份 and team (one team written two
    ways), the service records' 服务对象 and 服务人次. Its own random generator, so the rest of the
    template is the same with or without it."""
    rng = random.Random(15)
    members = store.records("committee_members", village=code)
    for i, m in enumerate(members):
        extra: dict[str, Any] = {"届次": "第十一届", "月报酬": 1800 + 100 * (i % 6)}
        if i == 1:
            extra["社会工作者职业资格"] = "助理社会工作师"
        store.edit(m["uuid"], extra)
    old = [{"姓名": m["姓名"], "公民身份号码": m["公民身份号码"], "民族": "汉族", "政治面貌": m["政治面貌"],
            "党组织职务": "书记", "村委会职务": "主任", "任职时间": "2021-03-20", "届次": "第十届",
            "文化程度": "初中", "在任状态": "离任", "离任日期": "2026-03-18", "离任原因": "换届离任"}
           for m in members[:1]]
    for i in range(5):
        p = random_person(rng, area_code(0), AS_OF, 40, 66)
        old.append({"姓名": p["姓名"], "公民身份号码": p["id"], "民族": "汉族", "政治面貌": "群众",
                    "党组织职务": "无", "村委会职务": "委员", "任职时间": "2021-03-20", "届次": "第十届",
                    "文化程度": ("小学", "初中", "普通高中")[i % 3], "在任状态": "离任",
                    "离任日期": "2026-03-18", "离任原因": "换届离任"})
    store.add_many("committee_members", old, village=code)
    kinds = (("任职培训", None), ("在职培训", None), ("年度考核", "称职"))
    store.add_many("member_trainings", [
        {"成员": m["uuid"], "类型": kinds[k][0], "名称": f"2026年{kinds[k][0]}", "日期": f"2026-0{4 + k}-15",
         "组织单位": "某县委组织部", **({"结果": kinds[k][1]} if kinds[k][1] else {})}
        for m in members[:4] for k in range(3)], village=code)
    teams = ("红马甲志愿服务队", "红马甲服务队", "巾帼志愿服务队", "青年志愿队", "银发志愿服务队", None)
    for i, v in enumerate(store.records("volunteers", village=code)):
        extra = {"政治面貌": ("中共党员", "群众", "共青团员")[i % 3],
                 "身份": ("村(居)民", "在校学生", "离退休人员", "公职人员")[i % 4]}
        if teams[i % len(teams)]:
            extra["所属志愿服务队"] = teams[i % len(teams)]
        store.edit(v["uuid"], extra)
    for i, s in enumerate(store.records("volunteer_services", village=code)):
        store.edit(s["uuid"], {"服务对象": ("空巢老人", "留守儿童", "全体村(居)民")[i % 3],
                               "服务人次": 1 + rng.randrange(0, 20)})


def add_governance(store: Store, code: str, rng: random.Random) -> None:
    """A year of 村务 records, at the sizes issue 14 names per village: 3 重大事项 through all six
    steps (their three meetings and two postings linked), 20 村民小组会议, 4 村民代表会议, 7 民主协商会,
    8 postings."""
    def day(month: int, d: int) -> str:
        return f"2026-{month:02d}-{d:02d}"

    def add(register: str, values: dict[str, Any]) -> str:
        return store.add(register, values, village=code).uuid

    with store.transaction():
        for m in range(3):
            month, title = 2 + 3 * m, f"样板村重大事项{m + 1}"
            steps = dict(zip(("提议日期", "商议日期", "审议日期", "决议日期", "决议公开日期"),
                             (day(month, d) for d in (2, 5, 9, 15, 16)), strict=True))
            matter = add("major_decisions", {
                "事项名称": title, "事项类别": "年度收支预算" if m == 0 else "发展规划", **steps,
                "决议会议": "村民代表会议", "应到人数": 45, "实到人数": 40, "赞成": 38,
                "实施结果公开日期": day(month + 2, 20), "实施情况": "已完成"})
            for kind, d in (("两委联席会议", 5), ("党员大会", 9), ("村民代表会议", 15)):
                add("meetings", {"会议类型": kind, "会议日期": day(month, d), "议题": title,
                                 "关联事项": matter})
            for when, what in ((day(month, 16), "重大事项决议"), (day(month + 2, 20), "重大事项实施结果")):
                add("disclosures", {"公开日期": when, "公开类别": "村务", "公开标题": title,
                                    "公开内容": [what], "关联事项": matter})
        for i in range(20):
            add("meetings", {"会议类型": "村民小组会议", "会议日期": day(1 + i % 10, 10 + i // 10),
                             "村民小组": f"{1 + i % 8}组", "议题": "组内事务", "应到人数": 60,
                             "实到人数": 40 + rng.randrange(0, 20)})
        for q in range(4):
            add("meetings", {"会议类型": "村民代表会议", "会议日期": day(2 + 3 * q, 25),
                             "议题": "季度村务通报"})
        for i in range(7):
            add("meetings", {"会议类型": "民主协商会", "会议日期": day(1 + i, 18), "议题": f"协商{i}",
                             "协商事项数": 3, "解决事项数": 2 + i % 2})
        for q in range(2):
            add("disclosures", {"公开日期": day(3 + 3 * q, 28), "公开类别": "财务",
                                "公开标题": "季度财务收支", "公开内容": ["财务收支"]})


def add_bodies(store: Store, rng: random.Random, code: str) -> None:
    """Registers 9–10 and the profile's fields at a village's size (issue 14): 8 村级组织, 45 村级骨干
    (40 村民代表, 8 组长, grid workers, a 警务助理, a 法律顾问), 3 titles."""
    profile = store.records("village_profile", village=code)[0]["uuid"]
    store.edit(profile, {"网格数": 8, "有综合服务站": True, "服务站建筑面积": 360, "服务站办公面积": 90,
                         "一次性选举成功": True, "村委会直接选举": True})
    kinds = ("人民调解委员会", "治安保卫委员会", "公共卫生委员会", "村民议事会", "红白理事会",
             "村级事务管理委员会", "共青团组织", "妇女组织")
    store.add_many("village_bodies", [{"名称": f"样板村{k}", "组织类型": k, "成员数": 5 + i}
                                      for i, k in enumerate(kinds)], village=code)
    people = []
    for i in range(45):
        p = random_person(rng, area_code(0), AS_OF, 25, 65, "女" if i % 5 in (1, 3) else None)
        roles = ["村民代表"] if i < 40 else []
        roles += ["村民小组长"] if i % 5 == 0 else []
        roles += ["兼职网格员"] if i % 7 == 0 else []
        roles += [("警务助理", "法律顾问", "专职网格员", "人民调解员", "治保员")[i - 40]] if i >= 40 else []
        people.append({"姓名": p["姓名"], "公民身份号码": p["id"], "角色": roles,
                       "代表户数": 13 if i < 40 else None})
    store.add_many("village_roles", people, village=code)
    titles = (("省级民主法治示范村", "民主法治示范村", "省级"), ("市级文明村", "文明村", "市（州）级"),
              ("县级乡村治理示范村", "乡村治理示范村", "县级"))
    for name, kind, level in titles:
        store.add("village_honors", {"名称": name, "类别": kind, "级别": level, "授予年份": 2022},
                  village=code)


def clone(store: Store, villages: int, rng: random.Random) -> int:
    """Copy the template village's rows for villages 1..n-1 in one transaction."""
    conn = store.conn
    registers = [r.key for r in store.catalog.ordered(include_profile=True)]
    current: dict[str, list[dict[str, Any]]] = {}
    for key in registers:
        rows = [dict(r) for r in conn.execute(f'SELECT * FROM "{key}" WHERE _village = ?', (TEMPLATE,))]
        current[key] = rows
    versions = []
    for r in conn.execute("SELECT * FROM versions WHERE village = ?", (TEMPLATE,)):
        values = json.loads(r["data"])
        subs = [(values[f], "id") for f in ID_FIELDS if values.get(f)]
        subs += [(values[f], "ref") for f in REF_FIELDS if values.get(f)]
        versions.append((dict(r), r["data"], subs))
    template_volunteer_ids = [r["证件号码"] for r in current["volunteers"]]
    inserted = 0
    with store.transaction():
        for i in range(1, villages):
            code = village_code(i)
            area = area_code(i)
            new_id: dict[str, str] = {}

            def uid(old: str, new_id: dict[str, str] = new_id) -> str:
                if old not in new_id:
                    new_id[old] = uuidlib.uuid4().hex
                return new_id[old]

            def person(old: str | None, area: str = area) -> str | None:
                if not old:
                    return old
                body = area + old[6:17]
                return body + id_check_char(body)

            # Villages 2k+1 share two volunteers with village 2k (R-X-VOL, counted once).
            shared = {person(template_volunteer_ids[k]): person(template_volunteer_ids[k], area_code(i - 1))
                      for k in range(2)} if i % 2 else {}
            for key, rows in current.items():
                if not rows:
                    continue
                cols = list(rows[0])
                out = []
                for r in rows:
                    row = dict(r)
                    row["uuid"] = uid(r["uuid"])
                    row["_village"] = code
                    row["_version"] = uid(r["_version"])
                    for f in ID_FIELDS:
                        if row.get(f):
                            row[f] = person(row[f])
                            row[f] = shared.get(row[f], row[f]) if key == "volunteers" else row[f]
                    for f in REF_FIELDS:
                        if row.get(f):
                            row[f] = uid(row[f])
                    if key == "village_profile":
                        row["村名"], row["统计用区划代码"] = f"第{i + 1}村", code
                        row["乡镇代码"] = code[:9]
                        row["常住人口"] = 800 + rng.randrange(0, 3000)
                    out.append(tuple(row[c] for c in cols))
                marks = ", ".join("?" for _ in cols)
                names = ", ".join(f'"{c}"' for c in cols)
                conn.executemany(f'INSERT INTO "{key}" ({names}) VALUES ({marks})', out)
                inserted += len(out)
            vout = []
            for v, data, subs in versions:
                # The template's JSON with its ID numbers and references swapped, as the
                # store would have written it for this village's records.
                for old, kind in subs:
                    new = person(old) if kind == "id" else uid(old)
                    if kind == "id" and v["register"] == "volunteers":
                        new = shared.get(new, new)
                    data = data.replace(old, new)
                vout.append((uid(v["version_id"]), uid(v["record_uuid"]), v["register"], code,
                             uid(v["parent_id"]) if v["parent_id"] else None, v["hlc"], v["device"],
                             v["user"], v["deleted"], v["reason"], data, v["origin"], v["wall_time"]))
            conn.executemany(
                "INSERT INTO versions(version_id, record_uuid, register, village, parent_id, hlc, device, "
                "user, deleted, reason, data, origin, wall_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", vout)
            inserted += len(vout)
    return inserted


ISSUE_15_GROUPS = ("terms_group", "training_group", "org_targets_group", "volunteer_more_group")


def issue_15_figures(on: bool) -> None:
    """Leave issue 15's groups (换届对比, 两委培训, per-category targets, the volunteers' teams, 政治面貌,
    服务人次 and awards, with their two scans) out of ``compute`` or put them back: what the report
    cost before them, measured on the same database in the same run. The committee group's new
    columns (women among the 村委会 …) stay: a few hundredths of a second."""
    from sync.reports import statistics
    from sync.reports.stats import model, org_targets, terms, training, volunteer_teams

    originals = {"terms_group": terms.terms_group, "training_group": training.training_group,
                 "org_targets_group": org_targets.org_targets_group,
                 "volunteer_more_group": volunteer_teams.volunteer_more_group,
                 "volunteer_more_queries": volunteer_teams.volunteer_more_queries}

    def empty(_inp: Any, *_rest: Any) -> model.Group:
        return model.Group("", "", [], model.Row(model.TOTAL, "合计", {}), [])

    for name, function in originals.items():
        if name == "volunteer_more_queries":
            setattr(statistics, name, function if on else (lambda _inp: {}))
        else:
            setattr(statistics, name, function if on else empty)


def make_county(path: Path, townships: int) -> None:
    """The township database at ``path`` becomes a county's: meta says so and the villages are
    shared out among ``townships`` townships (what the county's import would record)."""
    store = Store.open(path)
    try:
        villages = sorted(store.villages())
        with store.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key IN ('kind', 'township_code', 'township_name')")
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                             [("kind", "county"), ("county_code", "522700"), ("county_name", "基准县")])
            conn.execute("DELETE FROM townships")
            conn.execute("DELETE FROM village_townships")
            per = -(-len(villages) // townships)
            for t in range(townships):
                code = f"522700{t + 1:03d}"
                conn.execute("INSERT INTO townships(code, name, enrolled, packages) VALUES (?, ?, 1, 1)",
                             (code, f"基准镇{t + 1}"))
                conn.executemany("INSERT INTO village_townships VALUES (?, ?, ?, ?)",
                                 [(v, code, "2026-11-01T09:00:00", "2026-11-01T09:00:00")
                                  for v in villages[t * per:(t + 1) * per]])
    finally:
        store.close()


def time_county(path: Path, runs: int) -> None:
    """CPU of ``compute_county`` (the county and every township) with the volunteer scans shared
    and not, alternately; and the county's own ``compute`` alone."""
    from sync.reports import county, statistics

    store = Store.open(path)
    plain = statistics.compute

    def unshared(*args: Any, shared: Any = None, **kw: Any) -> Any:
        return plain(*args, **kw)

    cpu: dict[str, list[float]] = {"county alone": [], "unshared": [], "shared": []}
    for _ in range(runs):
        for label in cpu:
            county.compute = unshared if label == "unshared" else plain
            c = time.process_time()
            if label == "county alone":
                plain(store, as_of=AS_OF)
            else:
                county.compute_county(store, as_of=AS_OF)
            cpu[label].append(time.process_time() - c)
    county.compute = plain
    store.close()
    print(f"county, CPU (load {os.getloadavg()[0]:.1f}): "
          + "; ".join(f"{k} " + ", ".join(f"{c:.2f}" for c in v) + f" (min {min(v):.2f})"
                      for k, v in cpu.items()) + " s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=1431)
    parser.add_argument("--db", help="reuse or create this database")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated database (1.8 GB) when no --db is given")
    parser.add_argument("--recheck", action="store_true", help="also time rechecking every record (slow)")
    parser.add_argument("--no-governance", action="store_true",
                        help="leave out the 村务 registers (重大事项, 会议, 公开): the five registers alone")
    parser.add_argument("--without-bodies", action="store_true",
                        help="leave out registers 9–10 and the titles (the five registers alone, to compare)")
    parser.add_argument("--compare-issue15", action="store_true",
                        help="time compute() with and without issue 15's groups, alternately, in one run")
    parser.add_argument("--without-terms", action="store_true",
                        help="leave out issue 15's records (previous term, trainings, the volunteers' "
                             "new fields)")
    parser.add_argument("--county", type=int, metavar="TOWNSHIPS",
                        help="turn the --db database into a county of this many townships and time "
                             "the county's statistics (changes the database: use a copy)")
    args = parser.parse_args()
    if args.county:
        if not args.db or not Path(args.db).exists():
            parser.error("--county needs an existing --db (a copy: it becomes a county's)")
        make_county(Path(args.db), args.county)
        time_county(Path(args.db), args.runs)
        return 0
    rng = random.Random(6)
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "prefecture.db"
    if not path.exists():
        t0 = time.perf_counter()
        store = Store.create_township(path, "522700100", "黔南州（基准）")
        build_template(store, rng, governance=not args.no_governance)
        if not args.without_bodies:
            add_bodies(store, rng, TEMPLATE)
        if not args.without_terms:
            add_terms(store, TEMPLATE, rng)
        t1 = time.perf_counter()
        rows = clone(store, args.villages, rng)
        t2 = time.perf_counter()
        store.conn.execute("ANALYZE")
        store.close()
        print(f"template village via Store.add: {t1 - t0:.1f} s; cloned {rows:,} rows in {t2 - t1:.1f} s")
    size = path.stat().st_size / 2**20
    from sync.reports.statistics import compute
    from sync.reports.stats import volunteer_counting
    from sync.reports.stats_excel import write_excel

    store = Store.open(path)
    counts = {r.key: store.count(r.key) for r in store.catalog.ordered()}
    print(f"database {size:.0f} MB:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    # CPU time too: on the shared 2-core machine other jobs stretch the wall-clock time (and
    # CPU time: measure when the load average is low).
    for label, on_a_thread in (("as in the program", True), ("one thread", False)):
        volunteer_counting.COUNT_ON_A_THREAD = on_a_thread
        times = []
        for _ in range(args.runs):
            t, cpu = time.perf_counter(), time.process_time()
            report = compute(store, as_of=AS_OF)
            times.append((time.perf_counter() - t, time.process_time() - cpu, os.getloadavg()[0]))
        print(f"compute (whole report), {label}, wall / CPU (load): "
              + ", ".join(f"{w:.2f} / {c:.2f} ({load:.1f})" for w, c, load in times) + " s")
    volunteer_counting.COUNT_ON_A_THREAD = True
    if args.compare_issue15:
        for label, on_a_thread in (("as in the program", True), ("one thread", False)):
            volunteer_counting.COUNT_ON_A_THREAD = on_a_thread
            cpu: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.runs):
                for on in (False, True):
                    issue_15_figures(on)
                    c = time.process_time()
                    compute(store, as_of=AS_OF)
                    cpu[on].append(time.process_time() - c)
            issue_15_figures(True)
            load = os.getloadavg()[0]
            print(f"compute, {label}, CPU without issue 15's groups / with them (load {load:.1f}): "
                  + ", ".join(f"{a:.2f} / {b:.2f}" for a, b in zip(cpu[False], cpu[True], strict=True))
                  + f" s; min {min(cpu[False]):.2f} / {min(cpu[True]):.2f} s")
        volunteer_counting.COUNT_ON_A_THREAD = True
    village = report.groups["volunteers"].villages[0].village
    for what, where in (("volunteers", village), ("active", village), ("volunteers", ""), ("active", "")):
        t = time.perf_counter()
        n = len(report.figure("volunteers", what, where).record_uuids(store.conn))
        print(f"click {what} of {'the total' if not where else 'a village'}: {n:,} records listed in "
              f"{time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    text = json.dumps(report.as_json(), ensure_ascii=False)
    t_json = time.perf_counter() - t
    t = time.perf_counter()
    write_excel(report, path.with_suffix(".xlsx"))
    t_xlsx = time.perf_counter() - t
    print(f"JSON {t_json:.2f} s ({len(text) / 2**20:.1f} MB); Excel {t_xlsx:.2f} s")
    vol = report.figure("volunteers", "volunteers")
    print(f"villages {len(report.village_names)}; 两委 {report.figure('committee', 'members').n:,}; "
          f"volunteers {vol.n:,} (registrations {len(vol.record_uuids(store.conn)):,}); "
          f"hours {report.figure('volunteers', 'hours_total').n:,.1f}; checks {len(report.checks):,}")
    if args.recheck:
        t = time.perf_counter()
        rechecked = compute(store, as_of=AS_OF, recheck=True)
        print(f"recheck every record {time.perf_counter() - t:.1f} s; same figures: "
              f"{rechecked.as_json()['groups'] == report.as_json()['groups']}")
    store.close()
    if not args.db and not args.keep:
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        print(f"database kept: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
