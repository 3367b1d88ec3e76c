"""Helpers shared by the subcommands: opening stores, parsing --set, reporting errors."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from forms.validation import SEVERITY_ZH, Issue, RecordInvalid
from sync.store import at_rest, login
from sync.store.store import Store, StoreError
from sync.store.users import PermissionDenied


class CommandError(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def owner_only_files() -> None:
    """Every file and folder the program creates is its user's only (0600/0700 on Linux): the
    databases, backups, logs, exported rosters and books hold personal data (PIPL art. 51)."""
    if os.name == "posix":
        os.umask(0o077)


def configure_output() -> None:
    # Windows consoles and pipes may not be UTF-8; Chinese must never crash a command.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def login_from_environment(path: str) -> Store:
    """Open ``path``; an encrypted database logs in with CUNWU_USER and CUNWU_PASSWORD (the
    command line's full login, with --user and a prompt, is issue 13's "Roles everywhere")."""
    if at_rest.key_slots(path) is None or at_rest.key_for(path) is not None:
        return Store.open(path)
    user, password = os.environ.get("CUNWU_USER", ""), os.environ.get("CUNWU_PASSWORD")
    if not user or password is None:
        raise CommandError(f"数据库 {path} 已加密：请用环境变量 CUNWU_USER 和 CUNWU_PASSWORD "
                           "给出用户名和密码后再运行")
    return login.open_store(path, user, password)


def warn_if_unprotected(store: Store) -> None:
    if not at_rest.is_encrypted(store.path) and not store.users():
        print(f"注意：{at_rest.UNPROTECTED}", file=sys.stderr)


@contextmanager
def open_store(path: str) -> Iterator[Store]:
    try:
        store = login_from_environment(path)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    warn_if_unprotected(store)
    try:
        yield store
    except (StoreError, PermissionDenied, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise CommandError(str(message)) from exc
    except RecordInvalid as exc:
        raise CommandError(format_issues(exc.issues, header="未保存，存在以下错误：")) from exc
    finally:
        store.close()


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"--set 的格式应为 字段=值，而不是“{item}”")
        values[name.strip()] = value
    return values


def format_issues(issues: list[Issue], header: str = "") -> str:
    lines = [header] if header else []
    for issue in issues:
        lines.append(f"  [{SEVERITY_ZH.get(issue.severity, issue.severity)}] {issue.message}"
                     f"（{issue.rule}）")
    return "\n".join(lines)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
