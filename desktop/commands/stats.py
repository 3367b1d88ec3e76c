"""``cunwu stats``: the township's figures as a Chinese report, JSON, Excel or a PDF summary."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store, print_json

if TYPE_CHECKING:
    from sync.reports.county import CountyReport
    from sync.reports.statistics import Group, Report

MAX_CHECK_LINES = 50


def register(sub: Subcommands) -> None:
    p = sub.add_parser("stats", help="统计：两委成员、监委会、村规民约、社会组织、志愿者、数据状态")
    p.add_argument("db")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部指标（数量和分母）")
    p.add_argument("--as-of", help="截至日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--village", help="只统计某村（12位代码）")
    p.add_argument("--township", metavar="CODE9", help="区县数据库：只统计某乡镇（9位代码）")
    p.add_argument("--from", dest="start",
                   help="统计期间（服务时长、重大事项、会议、公开）的开始日期（默认当年1月1日）")
    p.add_argument("--to", dest="end",
                   help="统计期间（服务时长、重大事项、会议、公开）的结束日期（默认截至日期）")
    p.add_argument("--by-village", action="store_true", help="文字报告中列出每个村的数字")
    p.add_argument("--records", action="store_true", help="JSON 中附上每个数字对应的记录编号")
    p.add_argument("--recheck", action="store_true", help="逐条重新检查错误（较慢）")
    p.add_argument("--excel", metavar="FILE", help="另存为 Excel（每组指标一张工作表）")
    p.add_argument("--pdf", metavar="FILE", help="另存为 PDF 汇总表（含图表）")
    p.set_defaults(func=cmd_stats)


def parse_day(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD") from None


def cmd_stats(args: argparse.Namespace) -> int:
    from sync.reports.statistics import compute, default_period

    as_of = parse_day(args.as_of, "--as-of")
    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    with open_store(args.db, args) as store:
        day = as_of or store.reference_date()
        default = default_period(day)
        period = (start or default[0], end or default[1])
        county = None
        if store.is_county:
            from sync.reports.county import compute_county

            county = compute_county(store, as_of=day, period=period, township=args.township,
                                    village=args.village, recheck=args.recheck)
            report = county.report
        elif args.township:
            raise CommandError("--township 只用于区县数据库")
        else:
            report = compute(store, as_of=day, period=period, village=args.village, recheck=args.recheck)
        if args.excel:
            from sync.reports.stats_excel import write_excel

            path = write_excel(report, args.excel)
            print(f"已保存 Excel：{path}")
        if args.pdf:
            # Qt only here, and only when a PDF is asked for: the other outputs stay headless.
            from desktop.printing.stats_pdf import write_summary_pdf

            path = write_summary_pdf(report, args.pdf)
            print(f"已保存 PDF：{path}")
        if args.json:
            print_json((county or report).as_json(with_records=args.records))
        elif not (args.excel or args.pdf):
            text = text_report(report, by_village=args.by_village)
            print(county_text(county, text) if county is not None else text)
    return 0


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def text_report(report: Report, by_village: bool = False) -> str:
    from sync.reports.stats.status import severity_zh

    kind = {"township": "乡镇", "county": "区县"}.get(report.kind, "村")
    lines = [
        f"{report.name}（{report.code}）村务统计",
        f"截至日期：{report.as_of.isoformat()}　统计期间：{report.period[0].isoformat()} 至 "
        f"{report.period[1].isoformat()}　村（社区）数：{len(report.village_names)}"
        + (f"　只统计：{report.village_names.get(report.village_filter, report.village_filter)}"
           if report.village_filter else ""),
        f"口径：按人计数（身份证号去重），年龄按截至日期计算，已删除记录不计，{kind}合计中跨村重复的人只计一次。",
    ]
    for group in report.groups.values():
        lines += ["", f"【{group.title}】"]
        label_w = max(width(c.label) for c in group.columns) + 2
        for column in group.columns:
            fig = group.total.figures[column.key]
            if column.kind == "text" and not fig.text:
                continue
            lines.append(f"  {pad(column.label, label_w)}{fig.display()}")
        for note in group.notes:
            lines.append(f"  注：{note}")
        if by_village:
            lines += ["", *_village_table(group)]
    errors = sum(1 for c in report.checks if c.severity == "error")
    lines += ["", f"【检查结果】错误 {errors} 条，警告 {len(report.checks) - errors} 条"]
    for check in report.checks[:MAX_CHECK_LINES]:
        lines.append(f"  [{severity_zh(check.severity)}] {check.message}（{check.rule}）")
    if len(report.checks) > MAX_CHECK_LINES:
        lines.append(f"  …… 另有 {len(report.checks) - MAX_CHECK_LINES} 条，请用 --json 或 --excel 查看全部")
    return "\n".join(lines)


def _village_table(group: Group) -> list[str]:
    columns = list(group.columns)
    cells = [[row.name, *(row.figures[c.key].display() for c in columns)] for row in group.rows]
    header = ["村（社区）", *(c.label for c in columns)]
    widths = [max(width(r[i]) for r in [header, *cells]) + 2 for i in range(len(header))]
    out = ["  " + "".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for r in cells:
        out.append("  " + "".join(pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip())
    return out


# The county's text report: the township engine's report, then one line per township of the
# main figures (each township's persons counted once within it), so county → township → village
# reads top-down (--by-village adds the villages' tables, --township narrows to one).
COUNTY_COLUMNS = (("committee", "members"), ("committee", "women"), ("committee", "yijiantiao"),
                  ("organisations", "orgs"), ("volunteers", "volunteers"), ("status", "errors"))


def county_text(county: CountyReport, text: str) -> str:
    report = county.report
    lines = text.split("\n")
    only = county.township_filter and county.townships
    scope = f"　只统计乡镇：{county.townships[0].label()}" if only else ""
    head = [lines[0].replace(report.name, f"{county.name}（区县）", 1) + scope, *lines[1:3]]
    table: list[str] = []
    if county.townships:
        columns = [(g, report.groups[g].column(k)) for g, k in COUNTY_COLUMNS if g in report.groups]
        header = ["乡镇（街道）", "村数", *(c.label for _, c in columns)]
        cells = [[t.label(), str(len(t.villages)),
                  *(t.report.groups[g].total.figures[c.key].display() for g, c in columns)]
                 for t in county.townships]
        if not county.township_filter:
            cells.append(["区县合计（跨乡镇重复的人只计一次）", str(len(report.village_names)),
                          *(report.groups[g].total.figures[c.key].display() for g, c in columns)])
        widths = [max(width(r[i]) for r in [header, *cells]) + 2 for i in range(len(header))]
        table = ["", "【各乡镇（街道）】"]
        for row in [header, *cells]:
            table.append("  " + "".join(pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join([*head, *table, *lines[3:]])
