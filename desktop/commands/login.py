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

from sync.store.store import Store
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


def log_in(store: Store, name: str | None) -> User | None:
    """The user the command acts as; None for a database without users (unprotected)."""
    if not store.users():
        key = str(store.path.resolve())
        if key not in _warned_unprotected:
            _warned_unprotected.add(key)
            print(f"注意：数据库 {store.path} 没有设置用户，未受保护，任何人都能读取和修改；"
                  "用 cunwu user-add 添加管理员后，每个命令都需要登录。", file=sys.stderr)
        return None
    name = (name or os.environ.get(USER_ENV) or "").strip()
    if not name:
        raise LoginError(f"数据库 {store.path} 已设置用户，请登录：加上 --user 用户名"
                           f"（或设置环境变量 {USER_ENV}），密码在终端中输入或放在环境变量 {PASSWORD_ENV} 中")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise LoginError(f"没有密码：请在终端中运行以输入密码，或设置环境变量 {PASSWORD_ENV}")
        password = _ask(f"用户“{name}”的密码：")
    user = store.authenticate(name, password)
    if user is None:
        raise LoginError("用户名或密码不正确（或该用户已停用），未登录")
    return user


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
