"""Administration commands: backups, users, settings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands import Subcommands
from desktop.commands.common import CommandError, open_store, print_json
from desktop.commands.login import LoginError, new_password, print_recovery_code
from sync.store import at_rest
from sync.store.backup import list_backups, make_backup, restore_backup
from sync.store.store import Store, StoreError
from sync.store.users import RESTORE_BACKUP, ROLES, USERS, require


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
    p.add_argument("--password-stdin", action="store_true",
                   help="从标准输入读新用户的密码（一行）；不加时在终端中输入两次")
    p.add_argument("--password", help="新用户的密码（不推荐：进程列表中可见；仅为兼容旧脚本）")
    p.set_defaults(func=cmd_user_add)

    p = sub.add_parser("password", help="修改密码（自己的；管理员也可修改其他用户的）")
    p.add_argument("db")
    p.add_argument("name", nargs="?", help="要修改密码的用户（默认为登录的用户）")
    p.add_argument("--password-stdin", action="store_true",
                   help="从标准输入读新密码（一行）；不加时在终端中输入两次")
    p.set_defaults(func=cmd_password)

    p = sub.add_parser("recovery-code", help="生成新的恢复码（管理员；旧恢复码从此失效）")
    p.add_argument("db")
    p.set_defaults(func=cmd_recovery_code)

    p = sub.add_parser("settings", help="查看或修改设置（阈值、目标）")
    p.add_argument("db")
    p.add_argument("--set", action="append", metavar="键=值")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)


def cmd_backup(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        if args.list:
            for path in list_backups(store.path):
                print(path)
            return 0
        print(make_backup(store))
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    # Only an administrator of the database being replaced may restore it (the core checks it
    # too). A database that cannot be opened at all (the usual reason to restore) has no users
    # left to ask.
    try:
        Store.open(args.db).close()
        openable = True
    except at_rest.Locked:  # encrypted: its users are inside, and the restore needs its key
        openable = True
    except StoreError:
        openable = False
    user = None
    if openable:
        with open_store(args.db, args) as store:
            require(store.user, RESTORE_BACKUP)
            user = store.user
    try:
        safety = restore_backup(Path(args.db), Path(args.file), user)
    except (StoreError, PermissionError) as exc:
        raise CommandError(str(exc)) from exc
    print(f"已从 {args.file} 恢复；恢复前的数据已备份到 {safety}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        # Logged in (and allowed) before the new password is asked for.
        if store.users():
            require(store.user, USERS)
        password = _new_password(args, args.name)
        try:
            recovery_code = store.add_user(args.name, args.role, password)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        print(f"已添加用户 {args.name}（{args.role}）")
        if recovery_code:
            print_recovery_code(store.path, recovery_code)
    return 0


def _new_password(args: argparse.Namespace, who: str) -> str:
    try:
        return new_password(args, who)
    except LoginError as exc:
        raise CommandError(str(exc)) from exc


def cmd_password(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        if not store.users():
            raise CommandError("这个数据库还没有用户；请先用 cunwu user-add 添加管理员")
        name = args.name or store.user.name
        if name != store.user.name:
            require(store.user, USERS)
        password = _new_password(args, name)
        try:
            store.set_password(name, password)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        print(f"已修改用户 {name} 的密码")
    return 0


def cmd_recovery_code(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
        if not at_rest.is_encrypted(store.path):
            raise CommandError(f"数据库 {store.path} 没有加密，没有恢复码："
                               + ("请先用 cunwu user-add 添加管理员（添加时会加密并给出恢复码）"
                                  if not store.users() else "请管理员登录一次（登录时会加密并给出恢复码）"))
        require(store.user, USERS)
        code = store.new_recovery_code()
        print(f"已生成新的恢复码，旧恢复码从此失效（数据库 {store.path} 也换了新钥匙）。")
        print(f"新恢复码（只显示这一次）：{code}")
        print("请抄下或打印，锁进村委会的保险柜，并销毁旧恢复码的纸条：忘记所有密码时，凭它重设密码。")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    with open_store(args.db, args) as store:
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
