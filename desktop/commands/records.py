"""Record commands: init, add, edit, delete, restore, history, list, check, check-id, demo."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.commands import Subcommands
from desktop.commands.common import (
    CommandError,
    format_issues,
    open_store,
    parse_sets,
    print_json,
)
from desktop.commands.login import unprotected_note
from forms.compute import Context
from forms.identifiers import CREDIT_CODE, ID_NUMBER, judge_code
from forms.model import catalog
from forms.validation import SEVERITY_ZH, RecordInvalid, check_record, computed_values, errors, prepare
from sync.store.queries import record_titles
from sync.store.store import Store, StoreError
from sync.store.versions import readable_reason


def register(sub: Subcommands) -> None:
    p = sub.add_parser("init", help="创建村、乡镇或区县数据库")
    p.add_argument("db")
    p.add_argument("--village-code", help="村12位统计用区划代码")
    p.add_argument("--village-name")
    p.add_argument("--township-name", help="村所属乡镇名称，或乡镇数据库的名称")
    p.add_argument("--township-code", help="乡镇9位代码（创建乡镇数据库）")
    p.add_argument("--county-code", help="区县6位代码（创建区县数据库）")
    p.add_argument("--county-name", help="区县数据库的名称，如 华蓥市")
    p.add_argument("--set", action="append", metavar="字段=值", help="村情概况字段，如 常住人口=1200")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("add", help="新增记录")
    p.add_argument("db")
    p.add_argument("register", help="登记簿，如 committee_members 或 两委成员")
    p.add_argument("--set", action="append", metavar="字段=值", required=True)
    p.add_argument("--village", help="乡镇数据库中指明所属村（12位代码）")
    p.add_argument("--force-reason", help="管理员：带错误保存并记录原因")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("edit", help="修改记录")
    p.add_argument("db")
    p.add_argument("uuid")
    p.add_argument("--set", action="append", metavar="字段=值", required=True)
    p.add_argument("--force-reason", help="管理员：带错误保存并记录原因")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", help="删除记录（保留历史，可恢复）")
    p.add_argument("db")
    p.add_argument("uuid")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("restore", help="恢复已删除的记录")
    p.add_argument("db")
    p.add_argument("uuid")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("revert", help="把记录恢复到以前的某个版本")
    p.add_argument("db")
    p.add_argument("uuid")
    p.add_argument("version")
    p.set_defaults(func=cmd_revert)

    p = sub.add_parser("history", help="记录的全部版本")
    p.add_argument("db")
    p.add_argument("uuid")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("list", help="列出登记簿的记录")
    p.add_argument("db")
    p.add_argument("register")
    p.add_argument("--json", action="store_true")
    p.add_argument("--village", help="乡镇数据库：只列某村")
    p.add_argument("--deleted", action="store_true", help="包括已删除的记录")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", help="检查全部规则；有错误时退出码为1")
    p.add_argument("db")
    p.add_argument("--json", action="store_true")
    p.add_argument("--village")
    p.add_argument("--as-of", help="参考日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("check-id", help="校验公民身份号码或统一社会信用代码")
    p.add_argument("values", nargs="+")
    p.add_argument("--type", dest="kind", choices=tuple(CODE_TYPES),
                   help="按哪一种校验（默认：全是数字或末位为X的按公民身份号码，其余18位按统一社会信用代码）")
    p.set_defaults(func=cmd_check_id)

    p = sub.add_parser("demo", help="创建一个填好数据的演示村数据库")
    p.add_argument("db")
    p.add_argument("--volunteers", type=int, default=300)
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    try:
        if args.county_code and not (args.village_code or args.township_code):
            if not args.county_name:
                raise CommandError("创建区县数据库须提供 --county-name")
            store = Store.create_county(args.db, args.county_code, args.county_name)
            print(f"已创建区县数据库 {args.db}：{args.county_name}（{args.county_code}）")
        elif args.township_code and not args.village_code:
            if not args.township_name:
                raise CommandError("创建乡镇数据库须提供 --township-name")
            store = Store.create_township(args.db, args.township_code, args.township_name)
            print(f"已创建乡镇数据库 {args.db}：{args.township_name}（{args.township_code}）")
        elif args.village_code:
            if not args.village_name:
                raise CommandError("创建村数据库须提供 --village-name")
            profile = parse_sets(args.set)
            if args.township_name:
                profile.setdefault("乡镇名称", args.township_name)
            _check_profile(profile, args.village_code, args.village_name)
            store = Store.create_village(args.db, args.village_code, args.village_name, profile)
            print(f"已创建村数据库 {args.db}：{args.village_name}（{args.village_code}）")
        else:
            raise CommandError(
                "请提供 --village-code 和 --village-name，或 --township-code 和 --township-name，"
                "或 --county-code 和 --county-name")
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    print(unprotected_note(args.db), file=sys.stderr)
    store.close()
    return 0


def _check_profile(profile: dict[str, Any], code: str, name: str) -> None:
    """The --set values of ``init`` read and checked as 村情概况 fields before the database file is
    made, so an unknown field, an unreadable value or a broken rule (办公面积 larger than the
    服务站) leaves no half-made database behind."""
    reg = catalog().register("village_profile")
    try:
        values, issues = prepare(reg, {"村名": name, "统计用区划代码": code, **profile})
    except KeyError as exc:
        known = "、".join(f.name for f in reg.input_fields)
        raise CommandError(f"--set：{exc.args[0]}；村情概况可填写的项目：{known}。未创建数据库") from exc
    if not errors(issues):
        ctx = Context(settings=catalog().setting_defaults())
        issues = check_record(reg, {**values, **computed_values(reg, values, ctx)}, ctx)
    if errors(issues):
        raise CommandError(format_issues(errors(issues), header="--set 的值有错误，未创建数据库："))


def _report_saved(saved: Any) -> None:
    if saved.issues:
        print(format_issues(saved.issues, header="已保存，但请注意："))
    print(saved.uuid)


def cmd_add(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        saved = store.add(args.register, parse_sets(args.set), village=args.village,
                          override_reason=args.force_reason)
        _report_saved(saved)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        saved = store.edit(args.uuid, parse_sets(args.set), override_reason=args.force_reason)
        _report_saved(saved)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        rec = store.get(args.uuid)
        store.delete(args.uuid, args.reason)
        print(f"已删除{rec.register.name}“{rec.title}”（可用 cunwu restore 恢复）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        rec = store.get(args.uuid)
        store.restore(args.uuid)
        print(f"已恢复{rec.register.name}“{rec.title}”")
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        saved = store.revert(args.uuid, args.version)
        print(f"已恢复到版本 {args.version}，新版本 {saved.version_id}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        versions = store.history(args.uuid)
        if args.json:
            print_json([v.as_dict() for v in versions])
            return 0
        previous: dict[str, Any] | None = None
        for v in versions:
            action = "删除" if v.deleted else ("新增" if previous is None else "修改")
            print(f"{v.wall_time}  {v.user}  {action}  版本 {v.version_id}"
                  + (f"  原因：{readable_reason(v.reason)}" if v.reason else ""))
            if previous is not None:
                for name, value in v.values.items():
                    if previous.get(name) != value:
                        print(f"    {name}：{_show(previous.get(name))} → {_show(value)}")
            previous = v.values
    return 0


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        reg = store.catalog.register(args.register)
        rows = store.records(reg.key, village=args.village, include_deleted=args.deleted)
        if args.json:
            out = []
            for r in rows:
                item = {"uuid": r["uuid"], "村代码": r["_village"]}
                item.update({f.name: r.get(f.name) for f in reg.fields})
                if args.deleted:
                    item["已删除"] = r["_deleted"]
                out.append(item)
            print_json(out)
            return 0
        columns = list(reg.list_columns)
        # A reference shows the record it names (志愿者 陈晓梅, 村 东山村), as the window's lists do.
        names = {c: record_titles(store, reg.field(c).ref or "", (r.get(c) for r in rows))
                 for c in columns if reg.field(c).ref}
        print("\t".join(["uuid", *columns]))
        for r in rows:
            cells = [names[c].get(r.get(c) or "", r.get(c) or "") if c in names
                     else reg.field(c).format(r.get(c)) for c in columns]
            print("\t".join([r["uuid"], *cells]))
        print(f"共 {len(rows)} {reg.unit}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import datetime as dt

    with open_store(args.db, args) as store:
        if args.as_of:
            store.today = dt.date.fromisoformat(args.as_of)
        issues = store.check(village=args.village)
        titles = _titles(store, issues)
        if args.json:
            print_json([
                {**i.as_dict(), "register_name": store.catalog.registers[i.register].name,
                 "title": titles.get(i.record or "", "")}
                for i in issues
            ])
        else:
            for i in issues:
                reg = store.catalog.registers[i.register]
                who = f"“{titles[i.record]}”" if i.record in titles else ""
                print(f"[{SEVERITY_ZH[i.severity]}] {reg.name}{who}：{i.message}（{i.rule}）")
            n_err = len(errors(issues))
            print(f"共 {n_err} 个错误，{len(issues) - n_err} 个警告", file=sys.stderr)
        return 1 if errors(issues) else 0


def _titles(store: Store, issues: list[Any]) -> dict[str, str]:
    titles = {}
    for uuid in {i.record for i in issues if i.record}:
        try:
            titles[uuid] = store.get(uuid).title
        except StoreError:
            continue
    return titles


# ``cunwu check-id --type``: the two kinds of code, by the words clerks use for them.
CODE_TYPES = {"身份证": ID_NUMBER, "信用代码": CREDIT_CODE}


def cmd_check_id(args: argparse.Namespace) -> int:
    bad = 0
    kind = CODE_TYPES[args.kind] if args.kind else None
    for value in args.values:
        verdict = judge_code(value, kind)
        if verdict.problem is None:
            print(f"{value}\tok")
            continue
        bad += 1
        line = f"{value}\t{verdict.kind}{verdict.problem}"
        if verdict.also_valid_as:
            line += f"；作为{verdict.also_valid_as}则有效（如是，请加 --type 信用代码）"
        print(line)
    return 1 if bad else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sync.demo.village import build_demo

    try:
        store = build_demo(args.db, volunteers=args.volunteers, seed=args.seed)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except RecordInvalid as exc:  # a generator bug: said plainly, never a traceback
        raise CommandError(f"演示数据未能生成：{exc}") from exc
    counts = {reg.name: store.count(reg.key) for reg in catalog().ordered()}
    store.close()
    print(f"已创建演示村数据库 {args.db}")
    print(json.dumps(counts, ensure_ascii=False))
    return 0
