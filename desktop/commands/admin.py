"""Administration commands: backups, users, settings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store, print_json
from sync.store.backup import list_backups, make_backup, restore_backup
from sync.store.store import StoreError
from sync.store.users import ROLES


def register(sub: Subcommands) -> None:
    p = sub.add_parser("backup", help="立即备份数据库（保留最近若干份）")
    p.add_argument("db")
    p.add_argument("--list", action="store_true", help="列出已有备份")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore-backup", help="用备份文件恢复数据库（恢复前自动再备份一次）")
    p.add_argument("db")
    p.add_argument("file")
    p.set_defaults(func=cmd_restore_backup)

    p = sub.add_parser("user-add", help="新增用户")
    p.add_argument("db")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES, default=ROLES[1])
    p.add_argument("--password", required=True)
    p.set_defaults(func=cmd_user_add)

    p = sub.add_parser("settings", help="查看或修改设置（阈值、目标）")
    p.add_argument("db")
    p.add_argument("--set", action="append", metavar="键=值")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)


def cmd_backup(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        if args.list:
            for path in list_backups(store.path):
                print(path)
            return 0
        print(make_backup(store))
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    try:
        safety = restore_backup(Path(args.db), Path(args.file))
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    print(f"已从 {args.file} 恢复；恢复前的数据已备份到 {safety}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        try:
            store.add_user(args.name, args.role, args.password)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        print(f"已添加用户 {args.name}（{args.role}）")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        for item in args.set or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set 的格式应为 键=值，而不是“{item}”")
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                parsed = value
            store.set_setting(key.strip(), parsed)
        values = store.settings()
        if args.json:
            print_json(values)
        else:
            for key, spec in store.catalog.settings.items():
                print(f"{key}\t{spec.label}\t{values[key]}{spec.unit}")
    return 0
