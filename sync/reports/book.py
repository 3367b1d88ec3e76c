"""What the printed register book (台账) holds: cover, parts, sections, tables, appendices.

Pure data read from the store, no Qt: ``desktop/printing`` lays a :class:`Book` out on
pages and paints it. Every table column comes from the register's ``print_columns`` and
every value is formatted by its field type, so the book never describes a field itself.
ID numbers and phones are masked (fields with ``mask`` in the definitions) unless the
user asks for an internal copy with full numbers; the choice is printed on every page.

A township database prints one village, or all of them as parts of one book. The
statistics engine can put its township summary in front of the parts: see
:data:`STATISTICS_HOOK` and :class:`SummaryTable`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.governance import missing_stages
from forms.model import Field, Register
from forms.rules_register import current_rules
from forms.tenure import has_left
from sync.reports import book_governance  # noqa: F401  (the summary items of registers 6–8)
from sync.reports.book_bodies import grouped, page_rows
from sync.reports.book_summary import SummaryContext, summary_lines
from sync.store.village_names import village_label_of, village_name

if TYPE_CHECKING:
    from sync.store.store import Store

VILLAGE_SIGNERS = ("填表人", "审核人", "村党组织书记", "日期")
TOWNSHIP_SIGNERS = ("填表人", "审核人", "乡镇负责人", "日期")
MASKED_NOTE = "身份证号、联系电话已隐藏"
FULL_NOTE = "内部资料：含完整身份证号和联系电话，注意保密"
SERIAL = "序号"
TOTAL = "合计"
GAP = "（缺）"  # a step of a procedure left out (forms.governance.missing_stages)

# ``sync.reports.statistics.book_tables(store, as_of) -> Sequence[SummaryTable]``, when that module
# defines it, supplies the township summary printed before the villages.
STATISTICS_HOOK = ("sync.reports.statistics", "book_tables")
# Statistics groups left out of the book: the data status (packages received) is for the
# township's desk, not for filing.
SKIPPED_GROUPS = frozenset({"status"})


class BookError(ValueError):
    """A request the book cannot honour; the message is Chinese."""


@dataclass(frozen=True)
class Column:
    title: str
    align: str = "left"  # left | center | right
    nowrap: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Appendix:
    title: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    reporter: str  # 填报单位: who stamps the page
    unit: str
    table: Table
    summary: tuple[str, ...] = ()
    signers: tuple[str, ...] = ()
    appendices: tuple[Appendix, ...] = ()


@dataclass(frozen=True)
class Part:
    """A village. In a one-village book its title is empty and it adds no heading."""

    title: str
    code: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    # (label, value); an empty value leaves a line to fill in by hand
    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Book:
    title: str
    cover: Cover
    parts: tuple[Part, ...]
    as_of: dt.date
    full_ids: bool
    township: bool
    front: tuple[Section, ...] = ()  # township summary, before the villages

    @property
    def privacy(self) -> str:
        return FULL_NOTE if self.full_ids else MASKED_NOTE

    def sections(self) -> Iterator[Section]:
        yield from self.front
        for part in self.parts:
            yield from part.sections

    def text(self) -> str:
        """Every string the book prints, for checking that the font can show and copy it."""
        bits = [self.title, self.privacy, self.cover.title, self.cover.subtitle]
        bits += [f"{label}{value}" for label, value in self.cover.lines]
        bits += [part.title for part in self.parts]
        for sec in self.sections():
            bits += [sec.title, sec.reporter, sec.unit, *sec.summary, *sec.signers]
            bits += [c.title for c in sec.table.columns]
            bits += ["".join(row) for row in sec.table.rows]
            bits += ["".join(sec.table.total or ())]
            bits += [f"{a.title}{a.note}{a.text}" for a in sec.appendices]
        return "".join(bits)


@dataclass(frozen=True)
class SummaryTable:
    """A table another module (the statistics engine) adds to the front of a township book."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


SummaryProvider = Callable[["Store", dt.date], Sequence[SummaryTable]]


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def committee_name(village: str) -> str:
    """The body that stamps a village's book: 东山村 → 东山村村民委员会."""
    if village.endswith("委员会"):
        return village
    return village + ("居民委员会" if village.endswith("社区") else "村民委员会")


def township_office(township: str) -> str:
    if township.endswith(("人民政府", "办事处")):
        return township
    return township + ("办事处" if township.endswith("街道") else "人民政府")


def cell_text(fld: Field, value: Any, full_ids: bool, refs: dict[str, str] | None = None) -> str:
    """A value as printed: formatted by its type, references by name, personal numbers masked."""
    if value is None:
        return ""
    if fld.ref:
        return (refs or {}).get(str(value), "")
    return fld.shown(value, full_ids)


def column_for(fld: Field) -> Column:
    # The field type places it: codes, dates and numbers are never broken across lines.
    return Column(fld.label, fld.type.align, fld.type.nowrap)


def register_table(reg: Register, records: Sequence[dict[str, Any]], full_ids: bool,
                   refs: dict[str, dict[str, str]]) -> Table:
    if reg.singleton:
        return page_table(reg, records, full_ids)
    fields = [reg.field(name) for name in reg.print_columns]
    columns = (Column(SERIAL, "center", True), *(column_for(f) for f in fields))
    stages = [f.name for f in reg.fields if f.stage]  # a step left out while a later one is dated: （缺）
    rows = tuple(
        (str(i), *(GAP if f.name in gaps else cell_text(f, rec.get(f.name), full_ids, refs.get(f.name))
                   for f in fields))
        for i, rec in enumerate(records, start=1)
        for gaps in (missing_stages(stages, rec) if stages else set(),)
    )
    if reg.print_group_by:  # 村级骨干 by 角色: a first column names the group, on its first row
        group_fld = reg.field(reg.print_group_by)
        columns = (Column(group_fld.label, "left", True), *columns)
        rows = tuple((value if i == 1 else "", str(i),
                      *(cell_text(f, rec.get(f.name), full_ids, refs.get(f.name)) for f in fields))
                     for value, members in grouped(reg, records) for i, rec in enumerate(members, start=1))
    total: list[str] = [TOTAL]
    for idx, fld in enumerate(fields):
        if fld.name in reg.print_totals:
            amount = sum((float(rec.get(fld.name) or 0) for rec in records), 0.0)
            # A whole sum prints without decimals whatever the type (an int field's always is).
            total.append(fld.format(int(amount) if amount.is_integer() else round(amount, 2)))
        elif idx == 0:
            total.append(f"{len(records)}{reg.unit}")
        else:
            total.append("")
    if reg.print_group_by:
        total.insert(1, "")  # under 序号: 合计 stays in the first column, the count under 姓名
    return Table(columns, rows, tuple(total))


def page_table(reg: Register, records: Sequence[dict[str, Any]], full_ids: bool) -> Table:
    """A one-record register (the 村情概况) as a page of 项目 / 内容 lines."""
    lines = page_rows(reg, records[0] if records else None, lambda f, v: cell_text(f, v, full_ids))
    return Table((Column("项目", "left", True), Column("内容")), tuple(lines))


def _references(store: Store, reg: Register, village: str) -> dict[str, dict[str, str]]:
    """For each reference column, record UUID → the referenced record's title (e.g. a name)."""
    out: dict[str, dict[str, str]] = {}
    for name in reg.print_columns:
        fld = reg.field(name)
        if fld.ref:
            target = store.catalog.registers[fld.ref]
            out[name] = {r["uuid"]: target.title(r)
                         for r in store.records(target.key, village=village, include_deleted=True)}
    return out


def register_section(store: Store, reg: Register, village: str, reporter: str, as_of: dt.date,
                     full_ids: bool, signers: tuple[str, ...]) -> Section:
    records = [r for r in store.records(reg.key, village=village) if not has_left(r)]  # 离任: book_terms
    table = register_table(reg, records, full_ids, _references(store, reg, village))
    summary = [] if reg.singleton else summary_lines(reg, records, SummaryContext(as_of, store.settings()))
    appendices: tuple[Appendix, ...] = ()
    if reg.appendix_field:
        appendices = tuple(
            Appendix(f"附：{reg.title(rec)}", rec.get(reg.appendix_field) or "（未录入正文）",
                     "现行有效版本（表决通过且未被修订）")
            for rec in current_rules(records)
        )
    return Section(reg.key, reg.name, reporter, reg.unit, table, tuple(summary), signers, appendices)


# Sections that follow a register's own, each ``fn(store, reg, village, reporter, full_ids, signers)
# -> Section | None`` in a module of its own (imported when the book is built: they use this one).
ADDED_SECTIONS = (("sync.reports.book_terms", "previous_term_section"),)


def _added_sections(store: Store, reg: Register, village: str, reporter: str, full_ids: bool,
                    signers: tuple[str, ...]) -> list[Section]:
    found = []
    for module_name, attr in ADDED_SECTIONS:
        section = getattr(importlib.import_module(module_name), attr)(store, reg, village, reporter, full_ids,
                                                                      signers)
        if section is not None:
            found.append(section)
    return found


def _term(store: Store, villages: Sequence[str]) -> str:
    """The 届次 most members were elected in (e.g. 第十二届); empty when nobody recorded one."""
    terms: Counter[str] = Counter()
    for code in villages:
        terms.update(r["届次"] for r in store.records("committee_members", village=code)
                     if r.get("届次") and not has_left(r))
    return terms.most_common(1)[0][0] if terms else ""


def _village_name(store: Store, code: str) -> str:
    """The name that heads a part and names its committee: the village's, or its code."""
    return village_name(store.conn, code) or code


def statistics_tables(store: Store, as_of: dt.date) -> Sequence[SummaryTable]:
    """The township summary from the statistics engine: its own ``book_tables`` when it
    offers one (see STATISTICS_HOOK), otherwise one table per indicator group of
    ``sync.reports.statistics.compute`` (a row per village and the 合计 row)."""
    module_name, attr = STATISTICS_HOOK
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return ()
    provider = getattr(module, attr, None)
    if callable(provider):
        return tuple(provider(store, as_of))
    compute = getattr(module, "compute", None)
    if not callable(compute):
        return ()
    report = compute(store, as_of=as_of)
    tables = []
    for key, group in report.groups.items():
        if key in SKIPPED_GROUPS:
            continue
        columns = ("村（社区）", *(c.label for c in group.columns))
        rows = tuple((TOTAL if row.is_total else row.name,
                      *(row.figures[c.key].display() if c.key in row.figures else "" for c in group.columns))
                     for row in group.rows)
        tables.append(SummaryTable(f"乡镇汇总：{group.title}", columns, rows, tuple(group.notes)))
    return tables


def summary_section(table: SummaryTable, reporter: str, signers: tuple[str, ...]) -> Section:
    columns = []
    for idx, title in enumerate(table.columns):
        cells = [row[idx] for row in table.rows if idx < len(row)]
        numeric = bool(cells) and all(c.replace(" ", "").strip("()%/.0123456789") == "" for c in cells)
        columns.append(Column(title, "center" if numeric else "left", numeric))
    rows = tuple(tuple(row) + ("",) * (len(columns) - len(row)) for row in table.rows)
    return Section("summary", table.title, reporter, "", Table(tuple(columns), rows), table.notes, signers)


def _resolve_village(store: Store, village: str | None) -> list[str]:
    if village is None:
        return store.villages() if store.is_township else [store.village_code or ""]
    code = village.strip()
    if store.is_merged:
        if code not in store.villages():
            kind = "乡镇" if store.is_township else "区县"
            raise BookError(f"{kind}数据库中没有代码为“{code}”的村（--village 应为12位统计用区划代码）")
    elif code != store.village_code:
        own = village_label_of(store.conn, store.village_code or "")
        raise BookError(f"本数据库是{own}，没有代码为“{code}”的村")
    return [code]


def build_book(store: Store, *, register: str | None = None, village: str | None = None,
               full_ids: bool = False, as_of: dt.date | None = None,
               summary_tables: SummaryProvider | None = statistics_tables) -> Book:
    """The book for a village, one village of a township, or a whole township (one part per village)."""
    cat = store.catalog
    try:
        # The 村情概况 page opens a village's book, its 荣誉称号 after it.
        regs = [cat.register(register)] if register else cat.ordered(include_profile=True)
    except KeyError as exc:
        raise BookError(str(exc.args[0])) from exc
    as_of = as_of or store.reference_date()
    codes = _resolve_village(store, village)
    township = store.is_township and village is None
    signers = TOWNSHIP_SIGNERS if township else VILLAGE_SIGNERS
    what = f"{regs[0].name}台账" if register else "村务台账"

    parts = []
    for code in codes:
        name = _village_name(store, code)
        reporter = committee_name(name)
        sections = tuple(section for reg in regs for section in (
            register_section(store, reg, code, reporter, as_of, full_ids, signers),
            *_added_sections(store, reg, code, reporter, full_ids, signers)))
        parts.append(Part(village_label_of(store.conn, code) if township else "", code, sections))

    term = _term(store, codes) if cat.registers.get("committee_members") else ""
    if township:
        name = store.meta.get("township_name", "")
        office = township_office(name)
        title = f"{name}{what}汇编"
        lines = [("乡镇（街道）名称", name), ("统计用区划代码", store.meta.get("township_code", "") + "000"),
                 ("所辖村（社区）", f"{len(codes)} 个")]
        front = tuple(summary_section(t, office, signers)
                      for t in (summary_tables(store, as_of) if summary_tables else ()))
    else:
        code = codes[0]
        name = _village_name(store, code)
        office = committee_name(name)
        title = f"{name}{what}"
        lines = [("村（社区）名称", name), ("统计用区划代码", code)]
        township_name = store.profile(code).get("乡镇名称")
        if township_name:
            lines.append(("所属乡镇（街道）", str(township_name)))
        front = ()
    lines += [("届次", term), ("年度", f"{as_of.year}年"), ("编制单位（盖章）", office),
              ("填报人", ""), ("审核人", ""), ("日期", date_zh(as_of))]
    subtitle = "、".join(reg.name for reg in regs)
    return Book(title, Cover(title, subtitle, tuple(lines)), tuple(parts), as_of, full_ids, township, front)

