"""Excel commands: import-excel, export-excel, template."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store
from forms.atomic_file import write_text_atomic

# As forms.roster.columns names them; spelled out so that building the parser imports no openpyxl.
INCLUDE, SKIP = "include", "skip"
HIDDEN_CHOICES = (INCLUDE, SKIP)
if TYPE_CHECKING:
    from sync.excel.import_report import ImportReport


def register(sub: Subcommands) -> None:
    p = sub.add_parser("import-excel", help="从 Excel 花名册导入一个登记簿；全部行导入成功时退出码为0")
    p.add_argument("db")
    p.add_argument("register", help="登记簿，如 committee_members 或 两委成员")
    p.add_argument("file", help=".xlsx、.xls 或 .csv 文件（CSV 可为 UTF-8 或 GBK 编码）")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不改动数据库")
    p.add_argument("--valid-only", action="store_true", help="只导入无错误的行（默认：有错误则全部不导入）")
    p.add_argument("--sheet", help="工作表名称（默认自动选择；也可指定隐藏的工作表）")
    p.add_argument("--hidden-rows", choices=HIDDEN_CHOICES, default=SKIP,
                   help="隐藏的行：skip 不导入（默认，常是已离开的人）或 include 导入")
    p.add_argument("--hidden-columns", choices=HIDDEN_CHOICES, default=INCLUDE,
                   help="隐藏的列：include 导入（默认；同一项有显示的列时以显示的列为准）或 skip 不导入")
    p.add_argument("--hidden-sheets", choices=HIDDEN_CHOICES, default=SKIP,
                   help="隐藏的工作表：skip 不读取（默认）或 include 读取")
    p.add_argument("--report", metavar="FILE.txt",
                   help="把完整报告（每个问题一行）保存到此文件；报告较长时默认保存在花名册旁")
    p.add_argument("--rejected", metavar="FILE.xlsx",
                   help="把有错误的行（附错误原因）另存为 Excel，改正后可重新导入")
    p.set_defaults(func=cmd_import_excel)

    p = sub.add_parser("export-excel", help="导出为 Excel 花名册（一个登记簿，或全部登记簿各一个工作表）")
    p.add_argument("db")
    p.add_argument("register", nargs="?", help="登记簿（省略则导出全部）")
    p.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    p.add_argument("--full-ids", action="store_true", help="显示完整的身份证号和电话（默认部分隐藏）")
    p.add_argument("--village", help="乡镇数据库：只导出某村（12位代码）")
    p.set_defaults(func=cmd_export_excel)

    p = sub.add_parser("template", help="生成空白花名册模板（带下拉选项和填写提示）")
    p.add_argument("register")
    p.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    p.add_argument("--db", help="按该数据库的选项列表（含乡镇添加的选项）生成下拉列表")
    p.set_defaults(func=cmd_template)


def cmd_import_excel(args: argparse.Namespace) -> int:
    from forms.roster.read import HiddenChoice, RosterError
    from sync.excel.roster_import import import_excel

    hidden = HiddenChoice(rows=args.hidden_rows, columns=args.hidden_columns, sheets=args.hidden_sheets)
    with open_store(args.db, args) as store:
        try:
            report = import_excel(store, args.register, args.file, dry_run=args.dry_run,
                                  valid_only=args.valid_only, sheet=args.sheet, hidden=hidden)
        except RosterError as exc:
            raise CommandError(str(exc)) from exc
        lines = report.lines()
        print("\n".join(lines[:-1]))
        _save_report(args, report)
        if args.rejected and report.invalid:
            from sync.excel.rejects import write_rejected

            try:
                path = write_rejected(report, args.rejected)
            except OSError as exc:
                raise CommandError(f"无法写入 {args.rejected}：{exc}") from exc
            print(f"有错误的 {len(report.invalid)} 行（附原因）已另存为 {path}，改正后可重新导入该文件")
        print(lines[-1])
    return 0 if report.ok else 1


def _save_report(args: argparse.Namespace, report: ImportReport) -> None:
    """The full report (one line per problem) where asked, or beside the roster when the
    printed one was shortened; a full report that cannot be written is said, not fatal."""
    if args.report:
        target = Path(args.report)
    elif report.shortened():
        source = Path(args.file)
        target = source.with_name(f"{source.stem}-导入报告.txt")
    else:
        return
    try:
        write_text_atomic(target, "\n".join(report.full_lines()) + "\n", encoding="utf-8-sig")
    except OSError as exc:
        if args.report:
            raise CommandError(f"无法写入 {target}：{exc}") from exc
        print(f"（完整报告未能保存到 {target}：{exc.strerror or exc}；可用 --report 指定位置）")
        return
    print(f"完整报告（每个问题一行）已保存：{target}")


def cmd_export_excel(args: argparse.Namespace) -> int:
    from sync.excel.roster_export import export_excel

    with open_store(args.db, args) as store:
        try:
            result = export_excel(store, args.out, args.register, full_ids=args.full_ids,
                                  village=args.village)
        except OSError as exc:
            raise CommandError(f"无法写入 {args.out}：{exc}") from exc
        print(result.summary())
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from forms.model import catalog
    from forms.roster.template import write_template

    cat = catalog()
    if args.db:
        with open_store(args.db, args) as store:
            cat = store.catalog
    try:
        reg = cat.register(args.register)
    except KeyError as exc:
        raise CommandError(str(exc.args[0])) from exc
    try:
        path = write_template(reg, args.out)
    except OSError as exc:
        raise CommandError(f"无法写入 {args.out}：{exc}") from exc
    print(f"已生成{reg.name}模板：{path}")
    return 0
