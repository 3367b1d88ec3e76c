"""The county's book (区县村务台账汇编): the county's summary, then per township its summary.

How much a county book prints (docs/decisions.md, "The county book"): a county of 400 villages
holds some 0.5 million records; their registers would be tens of thousands of pages nobody files
at the county. The county files the figures: a summary table per indicator group with a row per
township and the 区县合计 (persons counted once across townships), the checks across townships,
then for each township its summary with a row per village. A village's registers are printed
on request (``cunwu print-book COUNTY.db --village CODE12``: the village's own book, as at the
township), and ``--township CODE9`` prints one township's part alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from sync.reports.book import (
    Book,
    BookError,
    Column,
    Cover,
    Part,
    Section,
    SummaryTable,
    Table,
    date_zh,
    summary_section,
)
from sync.reports.county import CountyReport, compute_county, county_notes
from sync.reports.statistics import BOOK_COLUMNS, Row, RowsOf, summary_tables
from sync.store.store import StoreError
from sync.store.townships import township_names

if TYPE_CHECKING:
    from sync.store.store import Store

COUNTY_SIGNERS = ("填表人", "审核人", "区县民政部门负责人", "日期")
CROSS_RULES = ("R-X-TWP-DUP", "R-X-TWP-TWICE")


def county_office(county: str) -> str:
    """Who stamps a county's book: 仙游县 → 仙游县民政局."""
    return county if county.endswith("民政局") else f"{county}民政局"


def build_county_book(store: Store, *, as_of: dt.date | None = None, township: str | None = None,
                      full_ids: bool = False) -> Book:
    as_of = as_of or store.reference_date()
    try:
        county = compute_county(store, as_of=as_of, township=township)
    except StoreError as exc:
        raise BookError(str(exc)) from exc
    office = county_office(county.name)
    front: list[Section] = []
    if township is None:
        tables = summary_tables(county.report, "区县汇总", "乡镇（街道）", _township_rows(county))
        front = [summary_section(_county_notes(t), office, COUNTY_SIGNERS) for t in tables]
        front.append(_checks_section(county, office))
    parts = tuple(
        Part(part.label(), part.code, tuple(
            summary_section(t, office, COUNTY_SIGNERS)
            for t in summary_tables(part.report, f"{part.name}汇总", "村（社区）")))
        for part in county.townships)
    title = f"{county.name}村务台账汇编" + (f"（{county.townships[0].name}）" if township else "")
    villages = sum(len(p.villages) for p in county.townships)
    lines = (("区县名称", county.name), ("统计用区划代码", county.code + "000000"),
             ("所辖乡镇（街道）", f"{len(county.townships)} 个"), ("村（社区）", f"{villages} 个"),
             ("年度", f"{as_of.year}年"), ("编制单位（盖章）", office), ("填报人", ""), ("审核人", ""),
             ("日期", date_zh(as_of)))
    cover = Cover(title, "区县汇总　各乡镇（街道）汇总", lines)
    return Book(title, cover, parts, as_of, full_ids, True, tuple(front))


def _county_notes(table: SummaryTable) -> SummaryTable:
    """The engine's note on a 合计 row speaks of villages added up; here the rows are townships."""
    return replace(table, notes=tuple(county_notes(table.notes)))


def _township_rows(county: CountyReport) -> RowsOf:
    def rows(key: str) -> list[tuple[str, Row]]:
        found = [(t.label(), t.report.groups[key].total) for t in county.townships]
        return [*found, ("区县合计", county.report.groups[key].total)]
    return rows


def _checks_section(county: CountyReport, office: str) -> Section:
    found = [c for c in county.report.checks if c.rule in CROSS_RULES]
    rows = tuple((str(i), c.title, c.message) for i, c in enumerate(found, 1))
    if not rows:
        rows = (("", "—", "未发现跨乡镇问题"),)
    table = Table((Column("序号", "center", True), Column("检查", "left", True), Column("说明")), rows)
    notes = ("同一身份证号码在两个乡镇的村任职、同一个村由两个乡镇报送，需与乡镇核实后更正。",)
    return Section("summary", "跨乡镇检查", office, "", table, notes, COUNTY_SIGNERS)


def any_book(store: Store, *, register: str | None = None, village: str | None = None,
             full_ids: bool = False, township: str | None = None) -> Book:
    """The book a database prints: a county's summaries (unless one village is asked for, whose
    own book it is), else ``build_book`` as ever (the window's print preview asks here)."""
    from sync.reports.book import build_book

    if store.is_county and village is None:
        if register:
            raise BookError("区县台账只打印汇总；打印某村的登记簿请先选择该村")
        return build_county_book(store, township=township, full_ids=full_ids)
    return build_book(store, register=register, village=village, full_ids=full_ids)


def county_pages(store: Store, township: str | None = None) -> int:
    """About how many pages a county's book has (summaries only: a page per table)."""
    townships = 1 if township else max(len(township_names(store.conn)), 1)
    return (len(BOOK_COLUMNS) + 1) * (townships + 1) + 2
