"""Year-month values (出生年月 1968.03, 任职时间 2021.03 …) through everything that reads them:
the store, packages, statistics as of a date, the book and Excel (issue 11)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import TODAY, VILLAGE_CODE, person
from sync_support import World

from forms.model import SCHEMA_VERSION, catalog
from sync.demo.township import AS_OF, A, id_number
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import UNCHANGED, import_excel
from sync.exchange.payload import PayloadError, build_payload, parse_payload
from sync.reports.book import register_table
from sync.reports.book_summary import SummaryContext, summary_lines
from sync.reports.statistics import compute
from sync.store.store import Store
from sync.store.versions import VersionRow

BORN_0620 = id_number("1995-06-20", "女", 30)
MONTHS = {"出生年月": "1995-06", "入党时间": "2016-06", "转正时间": "2017-06", "任职时间": "2021-12"}


def month_member(**more: object) -> dict[str, object]:
    """A member as a roster gives her: 出生年月, 入党时间, 转正时间, 任职时间 to the month."""
    return person(**{"姓名": "赵月", "公民身份号码": BORN_0620, "出生年月": "1995.06", "入党时间": "2016年6月",
                     "转正时间": "201706", "任职时间": "2021-12", **more})


def test_stored_and_synced_at_the_precision_given(world: World) -> None:
    with world.open(world.village) as village:
        saved = village.add("committee_members", month_member())
        values = village.get(saved.uuid).values
        assert {k: values[k] for k in MONTHS} == MONTHS
        assert values["任期届满"] == "2026-12"
        assert saved.issues == []
    world.export()
    summary = world.import_()
    assert summary.ok, summary
    with world.open(world.township) as town:
        got = town.get(saved.uuid).values
        assert {k: got[k] for k in MONTHS} == MONTHS
        assert got["任期届满"] == "2026-12"


def _version(data: dict[str, object]) -> dict[str, object]:
    reg = catalog().registers["committee_members"]
    values = {f.name: data.get(f.name) for f in reg.input_fields}
    return {"version_id": "a" * 32, "record_uuid": "b" * 32, "register": reg.key, "village": VILLAGE_CODE,
            "parent_id": None, "merge_parent_id": None, "hlc": "0000001764000000.0000", "device": "pc1",
            "user": "u", "deleted": False, "reason": None,
            "data": json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            "wall_time": "2026-11-21T10:00:00"}


def _payload(schema: int, data: dict[str, object]) -> tuple[bytes, dict[str, object]]:
    header = {"kind": "data", "package_id": "p1", "village_code": VILLAGE_CODE, "installation_id": "i1",
              "schema_version": schema}
    body = json.loads(build_payload(kind="data", package_id="p1", village=VILLAGE_CODE, village_name="东山村",
                                    installation="i1", full=False, versions=[], profile=None))
    body["schema_version"] = schema
    body["versions"] = [_version(data)]
    return json.dumps(body, ensure_ascii=False).encode(), header


def _values(parsed_versions: list[VersionRow]) -> dict[str, object]:
    return json.loads(parsed_versions[0].data)


def test_the_payload_checks_accept_a_year_month_and_a_full_date_and_nothing_else() -> None:
    data, header = _payload(SCHEMA_VERSION, {**person(), **MONTHS})
    parsed = parse_payload(data, header, catalog(), "x.cunwu-pkg")
    assert {k: _values(parsed.versions)[k] for k in MONTHS} == MONTHS
    full = {**person(), "出生年月": "1975-03-01"}
    data, header = _payload(SCHEMA_VERSION, full)
    assert _values(parse_payload(data, header, catalog(), "x.cunwu-pkg").versions)["出生年月"] == "1975-03-01"
    for bad in ("1975.03", "1975-13", "1975-02-30", "1975-3"):
        data, header = _payload(SCHEMA_VERSION, {**person(), "出生年月": bad})
        with pytest.raises(PayloadError, match="出生年月"):
            parse_payload(data, header, catalog(), "x.cunwu-pkg")


def test_a_package_of_the_previous_definitions_is_read_as_it_is() -> None:
    """Schema 1 held full dates in these fields: valid year-month values, migrated unchanged."""
    old = {**person(), "出生年月": "1975-03-01", "任职时间": "2021-03-18"}
    data, header = _payload(1, old)
    parsed = parse_payload(data, header, catalog(), "old.cunwu-pkg")
    assert parsed.schema_version == SCHEMA_VERSION >= 2
    assert _values(parsed.versions)["出生年月"] == "1975-03-01"
    assert _values(parsed.versions)["任职时间"] == "2021-03-18"


# ---------------------------------------------------------------- statistics as of a date

@pytest.fixture
def township(sample_township: Path) -> Iterator[Store]:
    with Store.open(sample_township) as store:
        store.today = AS_OF
        yield store


def test_a_member_counts_from_the_first_day_of_the_month_of_taking_office(township: Store) -> None:
    uuid = township.add("committee_members", month_member(任职时间="2026-06", 党组织职务="无",
                                                          委员分工=None, 村委会职务="委员"), village=A).uuid
    assert township.get(uuid).values["任职时间"] == "2026-06"  # no day invented
    before = compute(township, as_of=dt.date(2026, 5, 31)).figure("committee", "members", A)
    on = compute(township, as_of=dt.date(2026, 6, 1)).figure("committee", "members", A)
    assert uuid not in before.records
    assert uuid in on.records


def test_ages_as_of_a_date_count_from_the_birth_month(township: Store) -> None:
    # No ID number (saved with a reason): only the year and month of birth are known.
    uuid = township.add("committee_members", month_member(公民身份号码=None, 性别="女", 出生年月="1990.03",
                                                          党组织职务="无", 委员分工=None, 村委会职务="委员"),
                        village=A, override_reason="外村聘任，身份证号待补").uuid
    assert township.get(uuid).values["出生年月"] == "1990-03"
    youth_before = compute(township, as_of=dt.date(2026, 2, 28)).figure("committee", "youth", A)
    youth_on = compute(township, as_of=dt.date(2026, 3, 1)).figure("committee", "youth", A)
    assert uuid in youth_before.records  # 35 until February
    assert uuid not in youth_on.records  # 36 from March 2026
    reg = catalog().registers["committee_members"]
    record = township.get(uuid).values
    lines = summary_lines(reg, [record], SummaryContext(dt.date(2026, 3, 1), township.settings()))
    assert "平均年龄 36.0 岁" in " ".join(lines)


def test_a_birth_month_beside_an_id_number_takes_the_day_from_the_number(township: Store) -> None:
    uuid = township.add("committee_members", month_member(出生年月="1995.06", 党组织职务="无",
                                                          委员分工=None, 村委会职务="委员"), village=A).uuid
    # Born 1995-06-20: still 30 on 2026-06-19 (the ID number knows the day).
    avg = compute(township, as_of=dt.date(2026, 6, 19)).figure("committee", "age_unknown", A)
    assert uuid not in avg.records
    bands = compute(township, as_of=dt.date(2026, 6, 19))
    assert uuid in bands.figure("committee", "youth", A).records  # 30 ≤ 35


def test_terms_ending_at_month_precision(township: Store) -> None:
    uuid = township.add("committee_members", month_member(任职时间="2021-12", 党组织职务="无",
                                                          委员分工=None, 村委会职务="委员"), village=A).uuid
    report = compute(township, as_of=dt.date(2026, 12, 31))
    assert uuid in report.figure("committee", "term_soon", A).records  # ends some day of December
    check = next(c for c in report.checks if c.rule == "TERM-SOON" and uuid in c.records)
    assert "任期将于 2026.12 届满" in check.message
    after = compute(township, as_of=dt.date(2027, 1, 1))
    assert uuid not in after.figure("committee", "term_soon", A).records


# ---------------------------------------------------------------- book and Excel

def test_the_book_prints_a_year_month_as_rosters_do() -> None:
    reg = catalog().registers["committee_members"]
    record = {**month_member(), "出生年月": "1995-06", "任职时间": "2021-12", "任期届满": "2026-12"}
    table = register_table(reg, [record], full_ids=False, refs={})
    row = dict(zip([c.title for c in table.columns], table.rows[0], strict=True))  # 序号 first
    assert (row["出生年月"], row["任职时间"], row["任期届满"]) == ("1995.06", "2021.12", "2026.12")


def test_excel_export_writes_year_months_as_text_that_reimports_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    with Store.create_village(db, VILLAGE_CODE, "东山村") as store:
        store.today = TODAY
        month = store.add("committee_members", month_member()).uuid
        day = store.add("committee_members", person(姓名="王建国", 公民身份号码="350322196805120037",
                                                    党组织职务="书记", 委员分工=None, 村委会职务="主任")).uuid
        out = tmp_path / "two.xlsx"
        export_excel(store, out, "committee_members", full_ids=True)
        ws = load_workbook(out)["两委成员"]
        header = {c.value: c.column_letter for c in ws[3]}
        names = [ws[f"{header['姓名']}{r}"].value for r in (4, 5)]
        birth = {n: ws[f"{header['出生年月']}{r}"] for n, r in zip(names, (4, 5), strict=True)}
        assert birth["赵月"].value == "1995.06"  # text, so Excel keeps it (and 1979.10 stays October)
        assert birth["王建国"].value == "1968.05.12"  # the ID number gave the day
        for name in MONTHS:  # typed later into the column, a year-month stays text
            assert ws.column_dimensions[header[name]].number_format == "@"
        report = import_excel(store, "committee_members", out)
        assert report.ok, "\n".join(report.lines())
        assert {r.action for r in report.rows} == {UNCHANGED}
        assert store.get(month).values["出生年月"] == "1995-06"
        assert store.get(day).values["出生年月"] == "1968-05-12"
