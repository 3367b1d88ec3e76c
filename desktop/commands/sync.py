"""Sync commands: enrollment, export and import of packages, conflicts, villages, import log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store, print_json


def register(sub: Subcommands) -> None:
    p = sub.add_parser("enrollment", help="乡镇：生成发给各村的注册文件（含乡镇公钥）")
    p.add_argument("db")
    p.add_argument("--out", required=True, help="注册文件路径或文件夹")
    p.add_argument("--village", metavar="CODE12",
                   help="生成该村专用的注册文件（含一次性密钥，该村第一次发来的数据包凭此自动确认），"
                        "并把该村登记为本乡镇的村")
    p.add_argument("--village-name")
    p.add_argument("--township", metavar="CODE9",
                   help="区县：为这个乡镇生成专用注册文件（含一次性密钥，乡镇第一次上报时凭此自动确认身份）")
    p.add_argument("--township-name")
    p.set_defaults(func=cmd_enrollment)

    p = sub.add_parser("enroll", help="村：导入乡镇的注册文件")
    p.add_argument("db")
    p.add_argument("file")
    p.add_argument("--replace-township", action="store_true",
                   help="本村已注册到另一个乡镇时，确认改为这个注册文件的乡镇（仅管理员）")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("export-package", help="导出数据包（村→乡镇；乡镇用 --for-village 生成返回数据包）")
    p.add_argument("db")
    p.add_argument("--out", required=True, help="U盘上的文件夹")
    p.add_argument("--full", action="store_true", help="全部数据（不只是对方尚未确认收到的变更）")
    p.add_argument("--for-village", metavar="CODE12", help="乡镇：返回数据包发给哪个村")
    p.add_argument("--installation", metavar="指纹或编号",
                   help="乡镇：该村有多台电脑时，返回数据包发给哪一台（密钥指纹或电脑编号；"
                        "默认是最近生成数据包的那台）")
    p.add_argument("--upward", action="store_true",
                   help="乡镇：上报区县的数据包（各村尚未被区县确认收到的全部版本）：写入 --out 中新建的"
                        "一个文件夹（每村一个数据包），只输出这个文件夹的路径；区县的回执写在其中，"
                        "下次导出到同一位置时读取")
    p.add_argument("--recovery-request", action="store_true",
                   help="村里的新电脑（原电脑损坏且没有备份）：只发送本机密钥和“从乡镇恢复本村数据”的请求，"
                        "不含记录；乡镇导回完整返回数据包后即可恢复全部台账")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-package", help="导入数据包（文件或文件夹）；有被拒绝的数据包时退出码为1")
    p.add_argument("db")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--accept-new-installation", action="store_true",
                   help="接受已登记的村新换的电脑（请先电话核对密钥指纹）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("conflicts", help="待审核的冲突（共同祖先与双方的值）")
    p.add_argument("db")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="包括已解决的冲突")
    p.add_argument("--village")
    p.add_argument("--unmask", action="store_true", help="显示完整的证件号码和电话")
    p.set_defaults(func=cmd_conflicts)

    p = sub.add_parser("resolve", help="解决冲突：--take ours|theirs|字段=ours|字段=theirs|字段=值 …")
    p.add_argument("db")
    p.add_argument("conflict", help="冲突编号")
    p.add_argument("--take", action="extend", nargs="+", required=True, metavar="选择")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("villages",
                       help="乡镇：各村的登记、密钥指纹、最近数据包、记录数与冲突；区县：各村及其乡镇")
    p.add_argument("db")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_villages)

    p = sub.add_parser("import-log", help="导入记录")
    p.add_argument("db")
    p.add_argument("--json", action="store_true")
    p.add_argument("--village")
    p.set_defaults(func=cmd_import_log)


def _file_errors() -> tuple[type[Exception], ...]:
    from sync.exchange.stick_files import SyncFileError

    return (SyncFileError,)


def cmd_enrollment(args: argparse.Namespace) -> int:
    from sync.exchange.identity import write_enrollment_file

    with open_store(args.db, args) as store:
        if store.is_county or args.township:
            return _county_enrollment(store, args)
        try:
            enrollment = write_enrollment_file(store, args.out, village=args.village,
                                               village_name=args.village_name)
        except _file_errors() as exc:
            raise CommandError(str(exc)) from exc
        _made(enrollment, f"乡镇：{enrollment.township_name}（{enrollment.township_code}）")
        if args.village:
            print(f"这是村 {args.village} 专用的注册文件：含一次性密钥，只能由该村导入，"
                  "请直接交给该村，不要复制给别人；该村第一次发来数据包时凭此自动确认身份。")
        else:
            print("这是通用注册文件：各村第一次发来的数据包都需要核对密钥指纹后确认"
                  "（建议用 --village 村代码 为各村生成专用注册文件）。")
    return 0


def _made(enrollment: Any, issuer: str) -> None:
    """What an enrollment file just written is: its path, who made it, its two fingerprints."""
    print(f"已生成注册文件 {enrollment.path}")
    print(issuer)
    print(f"签名密钥指纹 {enrollment.signing_fingerprint}  加密密钥指纹 {enrollment.encryption_fingerprint}")


def _county_enrollment(store: Any, args: argparse.Namespace) -> int:
    from sync.exchange.county import write_county_enrollment_file

    if args.village:
        raise CommandError("区县的注册文件是发给乡镇的：请用 --township 乡镇代码，而不是 --village")
    if not args.township:
        raise CommandError("区县数据库生成注册文件须指明乡镇：--township 乡镇代码（9位）")
    try:
        made = write_county_enrollment_file(store, args.out, township=args.township,
                                            township_name=args.township_name)
    except _file_errors() as exc:
        raise CommandError(str(exc)) from exc
    _made(made, f"区县：{made.county_name}（{made.county_code}）")
    print(f"这是乡镇 {args.township} 专用的注册文件：含一次性密钥，只能由该乡镇导入，请直接交给该乡镇；"
          "该乡镇第一次上报数据包时凭此自动确认身份。")
    return 0


def _enroll_with_county(store: Any, args: argparse.Namespace) -> int:
    from sync.exchange.county import enroll_with_county

    try:
        result = enroll_with_county(store, args.file)
    except _file_errors() as exc:
        raise CommandError(str(exc)) from exc
    link = result.county
    print(f"已导入区县注册文件：{link.county_name}（{link.county_code}）")
    print(f"区县签名密钥指纹 {link.signing_fingerprint}  加密密钥指纹 {link.encryption_fingerprint}")
    print("请与区县电话核对以上指纹。")
    if result.replaced:
        print(f"注意：已由“{result.replaced.county_name}”（{result.replaced.county_code}）改为"
              f"“{link.county_name}”（{link.county_code}）")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync.exchange.identity import EnrollmentChange, enroll

    with open_store(args.db, args) as store:
        if store.is_township:
            return _enroll_with_county(store, args)
        try:
            result = enroll(store, args.file, replace_township=args.replace_township)
        except EnrollmentChange as exc:
            raise CommandError(f"{exc}\n未更换。如确实要更换，请由管理员加上 --replace-township "
                               "再运行一次。") from exc
        except _file_errors() as exc:
            raise CommandError(str(exc)) from exc
        link = result.township
        print(f"已导入乡镇注册文件：{link.township_name}（{link.township_code}）")
        print(f"乡镇签名密钥指纹 {link.signing_fingerprint}  加密密钥指纹 {link.encryption_fingerprint}")
        print("请与乡镇电话核对以上指纹。")
        print(f"本机密钥指纹 {result.own_fingerprint}（乡镇导入本村第一个数据包时会显示）")
        if result.replaced:
            old = result.replaced
            print(f"注意：已由“{old.township_name}”（{old.township_code}，签名密钥指纹 "
                  f"{old.signing_fingerprint}）改为“{link.township_name}”（{link.township_code}）")
        if result.warning:
            print(result.warning, file=sys.stderr)
    return 0


def _export_upward(store: Any, args: argparse.Namespace) -> int:
    from sync.exchange.exporter import export_upward

    if args.for_village or args.installation or args.recovery_request:
        raise CommandError("--upward 不能与 --for-village、--installation 或 --recovery-request 同用")
    try:
        result = export_upward(store, args.out, full=args.full)
    except _file_errors() as exc:
        raise CommandError(str(exc)) from exc
    # stdout is one line, the delivery folder's path (or 没有新的变更): scripts pass it on to
    # `cunwu import-package`. Everything else goes to stderr.
    for outcome in result.receipts:
        print(outcome.message, file=sys.stderr)
    if result.nothing_to_send:
        print("没有新的变更")
        return 0
    for path, preview in zip(result.paths, result.previews, strict=True):
        totals = preview.totals()
        print(f"{path.name}：新增 {totals['new']}，修改 {totals['changed']}，删除 {totals['deleted']}"
              f"（{totals['versions']} 个版本）", file=sys.stderr)
    totals = result.totals()
    print(f"{len(result.paths)} 个村的数据包：新增 {totals['new']}，修改 {totals['changed']}，"
          f"删除 {totals['deleted']}（{totals['versions']} 个版本），发给 {result.recipient}",
          file=sys.stderr)
    print(result.folder)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sync.exchange.exporter import export_package

    with open_store(args.db, args) as store:
        if args.upward:
            return _export_upward(store, args)
        try:
            result = export_package(store, args.out, full=args.full, for_village=args.for_village,
                                    installation=args.installation, recovery_request=args.recovery_request)
        except _file_errors() as exc:
            raise CommandError(str(exc)) from exc
        for outcome in result.receipts:
            print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
        if result.path is None:
            print("没有新的变更")
            return 0
        totals = result.preview.totals()
        print(result.path)
        if args.recovery_request:
            print(f"已生成“从乡镇恢复本村数据”的请求（不含记录），序号 {result.sequence}，发给 "
                  f"{result.preview.recipient}。请把U盘交给乡镇；乡镇核对本机密钥指纹、导出完整返回数据包后，"
                  "在本机导入即可恢复全部台账。", file=sys.stderr)
            return 0
        print(f"新增 {totals['new']}，修改 {totals['changed']}，删除 {totals['deleted']}"
              f"（{totals['versions']} 个版本），序号 {result.sequence}，发给 {result.preview.recipient}"
              + ("；另含乡镇添加的选项（选项列表）" if result.preview.choices_changed else ""),
              file=sys.stderr)
        if args.for_village and not args.installation:
            _other_pcs(store, args.for_village, result.preview.target)
    return 0


def _other_pcs(store: Any, village: str, chosen: str) -> None:
    """A village with several PCs: say which got the package and how to choose another."""
    from sync.exchange.installations import village_pcs

    others = [pc for pc in village_pcs(store, village) if pc.installation_id != chosen]
    if others:
        print(f"该村还登记了其他电脑：{'；'.join(pc.describe() for pc in others)}。"
              "如需发给其他电脑，请用 --installation 指纹 重新导出。", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from sync.exchange.importer import import_packages

    with open_store(args.db, args) as store:
        summary = import_packages(store, args.paths, accept_new_installation=args.accept_new_installation)
        if args.json:
            print_json({"ok": summary.ok, "problem": summary.problem,
                        "backup": str(summary.backup) if summary.backup else None,
                        "results": [r.as_dict() for r in summary.results]})
        else:
            for result in summary.results:
                print(result.describe(), file=sys.stderr if result.status == "refused" else sys.stdout)
            if not summary.results:
                print("没有找到数据包")
                _packages_below(args.paths)
            total = summary.totals()
            outdated = sum(1 for r in summary.results if r.outdated)
            print(f"共 {len(summary.results)} 个数据包：导入 {summary.count('accepted')}"
                  f"{f'（其中已过时 {outdated}）' if outdated else ''}，"
                  f"重复 {summary.count('duplicate')}，拒绝 {summary.count('refused')}，"
                  f"跳过 {summary.count('skipped')}；新增 {total.new}，更新 {total.updated}，"
                  f"删除 {total.deleted}，冲突 {total.conflicts}")
            if summary.problem:
                print(f"导入中止：{summary.problem}", file=sys.stderr)
            if store.is_township:
                _recovery_hints(store, args.db, summary.results)
    return 0 if summary.ok else 1


def _packages_below(paths: list[str]) -> None:
    """Nothing found: name the folders one level down that hold packages (a township's delivery
    folder on the stick, when the stick's root was given)."""
    from sync.exchange.stick import packages_below

    for raw in paths:
        if Path(raw).is_dir():
            for sub, count in packages_below(Path(raw)):
                print(f"文件夹 {sub} 中有 {count} 个数据包，请导入该文件夹")


def _recovery_hints(store: Any, db: str, results: list[Any]) -> None:
    from sync.exchange.recovery import recovery_hints

    for hint in recovery_hints(store, results):
        who = f"{hint.village_name}（{hint.village}）"
        what = (f"{who}的新电脑（密钥指纹 {hint.fingerprint}）请求从乡镇恢复本村数据"
                if hint.requested else f"已登记{who}新换的电脑（密钥指纹 {hint.fingerprint}）；"
                "如果这台电脑要从乡镇恢复本村数据")
        print(f"{what}，请为它导出完整返回数据包：cunwu export-package {db} --out U盘文件夹 "
              f"--for-village {hint.village} --full --installation {hint.fingerprint}")


def _value(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    return str(value)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from sync.exchange.conflicts import list_conflicts

    with open_store(args.db, args) as store:
        found = list_conflicts(store, include_resolved=args.all, village=args.village)
        rows = [c.as_dict(masked=not args.unmask, store=store) for c in found]
        if args.json:
            print_json(rows)
            return 0
        if not rows:
            print("没有待审核的冲突")
        for c in rows:
            state = f"已由 {c['resolved_by']} 于 {c['resolved_at']} 解决" if c["resolved_at"] else "待审核"
            print(f"冲突 {c['id']}（{state}）：{c['village']} {c['register_name']}“{c['title']}”")
            print(f"  本机一方：{c['ours_from']}；对方：{c['theirs_from']}；暂定采用"
                  f"{'本机' if c['winner'] == 'ours' else '对方'}的值")
            for f in c["fields"]:
                print(f"  {f['label']}：共同祖先={_value(f['base'])}  本机(ours)={_value(f['ours'])}  "
                      f"对方(theirs)={_value(f['theirs'])}  暂定={_value(f['merged'])}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from sync.exchange.conflicts import parse_takes, resolve

    with open_store(args.db, args) as store:
        default, choices = parse_takes(args.take)
        saved = resolve(store, args.conflict, default, choices)
        where = "（将随返回数据包发给村）" if store.is_township else "（将随下一个数据包发给乡镇）"
        print(f"冲突 {args.conflict} 已解决，记录 {saved.uuid} 的新版本 {saved.version_id}{where}")
    return 0


def cmd_villages(args: argparse.Namespace) -> int:
    from sync.exchange.township import village_overview

    with open_store(args.db, args) as store:
        rows = village_overview(store)
        if args.json:
            print_json([r.as_dict() for r in rows])
            return 0
        if not rows:
            print("还没有村")
        for r in rows:
            state = "已登记" if r.enrolled else ("本乡镇范围内" if r.in_range else "范围外")
            if store.is_county:
                state = (f"乡镇 {r.township_name or '（未知）'}（{r.township}）" if r.township
                         else "没有乡镇上报")
            last = (f"最近数据包 {r.last_package_at}（序号 {r.last_sequence}）" if r.last_package_at
                    else "尚未收到数据包")
            keys = "、".join(fp + ("（已停用）" if fp in r.retired else "") for fp in r.fingerprints) or "无"
            print(f"{r.code} {r.name or '（未知）'}：{state}；密钥指纹 {keys}；{last}；"
                  f"记录 {sum(r.records.values())}，错误 {r.errors}，警告 {r.warnings}，"
                  f"待审核冲突 {r.open_conflicts}")
    return 0


def cmd_import_log(args: argparse.Namespace) -> int:
    from sync.exchange.status import import_log

    with open_store(args.db, args) as store:
        rows = import_log(store, args.village, newest_first=False)
        if args.json:
            print_json(rows)
            return 0
        if not rows:
            print("还没有导入记录")
        status = {"accepted": "导入", "duplicate": "重复", "refused": "拒绝", "skipped": "跳过"}
        for r in rows:
            counts = (f"新增 {r['new']}，更新 {r['updated']}，未变 {r['unchanged']}，删除 {r['deleted']}，"
                      f"冲突 {r['conflicts']}")
            print(f"{r['id']}\t{r['imported_at']}\t{r['user']}\t{status.get(r['status'], r['status'])}\t"
                  f"{r['village'] or ''} {r['village_name'] or ''} 序号 {r['sequence']}\t"
                  f"{counts if r['status'] == 'accepted' else (r['reason'] or '')}\t{r['file']}")
    return 0
