"""Logging in on the command line, and reading new passwords.

A database that has users is opened only for a user who logs in: the name from ``--user`` or
``CUNWU_USER``, the password from ``CUNWU_PASSWORD`` or a prompt on the terminal; never from an
argument, which every other user of the PC can read in the process list. The store then acts as
that user, and the core (``sync.store.users.require``) refuses what the role may not do.
A database with no users (``cunwu init`` for scripts) opens as today, with a note that it is
unprotected.

New passwords (``user-add``) come from a prompt asked twice, or from standard input
(``--password-stdin``, or whenever standard input is not a terminal); ``--password`` still
works for the scripts that pass it, with a warning.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

from sync.store import at_rest, login
from sync.store.store import Store, StoreError
from sync.store.users import User

USER_ENV = "CUNWU_USER"
PASSWORD_ENV = "CUNWU_PASSWORD"

class LoginError(Exception):
    """A refused login or an unreadable new password (Chinese; the command exits with 2)."""


# One note per run, however many databases a command opens.
_warned_unprotected: set[str] = set()


def add_login_option(parser: argparse.ArgumentParser) -> None:
    """``--user`` on a subcommand (skipped where the command already has its own ``--user``)."""
    try:
        parser.add_argument("--user", metavar="用户名",
                            help=f"登录的用户（也可用环境变量 {USER_ENV}）；密码从环境变量 "
                                 f"{PASSWORD_ENV} 读取，或在终端中输入")
    except argparse.ArgumentError:
        pass


def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""


def unprotected_note(path: str | os.PathLike[str]) -> str:
    return (f"注意：数据库 {path} 未受保护。{at_rest.UNPROTECTED}"
            "用 cunwu user-add 添加管理员后，每个命令都需要登录。")


def credentials(path: str | os.PathLike[str], name: str | None) -> tuple[str, str]:
    """The name and password of the user logging in to the database at ``path``."""
    name = (name or os.environ.get(USER_ENV) or "").strip()
    if not name:
        locked = "数据库已加密，没有密码谁也读不出；" if at_rest.key_slots(path) is not None else ""
        raise LoginError(f"数据库 {path} 已设置用户，请登录：{locked}加上 --user 用户名"
                         f"（或设置环境变量 {USER_ENV}），密码在终端中输入或放在环境变量 {PASSWORD_ENV} 中")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise LoginError(f"没有密码：请在终端中运行以输入密码，或设置环境变量 {PASSWORD_ENV}")
        password = _ask(f"用户“{name}”的密码：")
    return name, password


def log_in(store: Store, name: str | None) -> User | None:
    """The user the command acts as on an open database (plain, or unlocked earlier in this
    process); None for a database without users (unprotected, said once per run). A plain
    database with users (an earlier version's) is encrypted when an administrator logs in."""
    if not store.users():
        key = str(Path(store.path).resolve())
        if key not in _warned_unprotected:
            _warned_unprotected.add(key)
            print(unprotected_note(store.path), file=sys.stderr)
        return None
    name, password = credentials(store.path, name)
    user = store.authenticate(name, password)
    if user is None:
        raise LoginError("用户名或密码不正确（或该用户已停用），未登录")
    store.user = user
    protect_on_login(store, password)
    return user


def protect_on_login(store: Store, password: str) -> None:
    """An earlier version's plain database with users: an administrator's login encrypts it and
    prints the recovery code once (on stderr, so a command's output stays what it was); anyone
    else is told that an administrator must log in once."""
    if not login.needs_protection(store) or store.read_only:
        return
    if not store.user.is_admin:
        print(f"注意：{login.ADMIN_MUST_PROTECT}", file=sys.stderr)
        return
    try:
        protected = login.protect(store, password)
    except StoreError as exc:  # another window has it open: the command goes on, unprotected
        print(f"注意：数据库没有加密：{exc}", file=sys.stderr)
        return
    if protected is None:
        return
    print_recovery_code(Path(store.path), protected.recovery_code, sys.stderr)
    if protected.need_password:
        print(f"其他用户（{'、'.join(protected.need_password)}）的密码不在手边，没法为他们登记钥匙："
              "请管理员为他们重设密码（cunwu password 数据库 用户名，或窗口中“工具 → 用户管理 → "
              "重设密码…”），之后他们用新密码登录。", file=sys.stderr)


def print_recovery_code(path: Path, code: str, stream: TextIO | None = None) -> None:
    """The recovery code, once, with what to do with it."""
    out = stream or sys.stdout
    print(f"数据库 {path} 已加密（钥匙文件 {path.name}.keys 须和它放在一起）。", file=out)
    print(f"恢复码（只显示这一次）：{code}", file=out)
    print("请抄下或打印，锁进村委会的保险柜：忘记所有密码时，凭它重设密码。", file=out)


def new_password(args: argparse.Namespace, who: str) -> str:
    """A new password for ``who``: prompt twice, standard input, or (with a warning) ``--password``."""
    given = getattr(args, "password", None)
    if given is not None:
        print("警告：--password 会让同一台电脑上的其他用户在进程列表中看到密码；"
              "请改用终端输入或 --password-stdin。", file=sys.stderr)
        return str(given)
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise LoginError(f"没有从标准输入读到“{who}”的新密码")
        return line.rstrip("\r\n")
    first = _ask(f"“{who}”的新密码：")
    second = _ask("再输入一次：")
    if first != second:
        raise LoginError("两次输入的密码不一致，未修改")
    return first
