"""Excel commands: import-excel, export-excel, template."""

from __future__ import annotations

import argparse

from desktop.commands.common import CommandError, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-excel", help="从 Excel 花名册导入一个登记簿；全部行导入成功时退出码为0")
    p.add_argument("db")
    p.add_argument("register", help="登记簿，如 committee_members 或 两委成员")
    p.add_argument("file", help=".xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不改动数据库")
    p.add_argument("--valid-only", action="store_true", help="只导入无错误的行（默认：有错误则全部不导入）")
    p.add_argument("--sheet", help="工作表名称（默认自动选择）")
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
    from forms.roster.read import RosterError
    from sync.excel_import import import_excel

    with open_store(args.db) as store:
        try:
            report = import_excel(store, args.register, args.file, dry_run=args.dry_run,
                                  valid_only=args.valid_only, sheet=args.sheet)
        except RosterError as exc:
            raise CommandError(str(exc)) from exc
        print("\n".join(report.lines()))
    return 0 if report.ok else 1


def cmd_export_excel(args: argparse.Namespace) -> int:
    from sync.excel_export import export_excel

    with open_store(args.db) as store:
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
        with open_store(args.db) as store:
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
