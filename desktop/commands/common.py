"""Helpers shared by the subcommands: opening stores, parsing --set, reporting errors."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop.commands.login import LoginError, credentials, log_in
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


def open_as_user(path: str, name: str | None) -> Store:
    """Open ``path`` as the command's user: an encrypted database is unlocked with that user's
    password first; a plain one is opened and then logged in to (if it has users)."""
    try:
        if at_rest.key_slots(path) is not None and at_rest.key_for(path) is None:
            who, password = credentials(path, name)
            return login.open_store(path, who, password)
        store = Store.open(path)
    except LoginError as exc:
        raise CommandError(str(exc)) from exc
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        user = log_in(store, name)
    except LoginError as exc:
        store.close()
        raise CommandError(str(exc)) from exc
    if user is not None:
        store.user = user
    return store


@contextmanager
def open_store(path: str, args: argparse.Namespace | None = None) -> Iterator[Store]:
    """The database, logged in as the command's user (``desktop.commands.login``) if it has users."""
    store = open_as_user(path, getattr(args, "user", None))
    try:
        yield store
    except (StoreError, PermissionDenied, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise CommandError(str(message)) from exc
    except RecordInvalid as exc:
        raise CommandError(format_issues(exc.issues, header="未保存，存在以下错误：")) from exc
    finally:
        store.close()


def _undecodable(text: str) -> bool:
    """Python keeps bytes of the command line that are not valid UTF-8 (or the system's code
    page) as lone surrogates: nothing that could be saved or shown."""
    return any("\udc80" <= c <= "\udcff" for c in text)


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items or []:
        if _undecodable(item):
            shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise CommandError(f"--set 参数“{shown}”含有无法识别的文字编码（不是 UTF-8），"
                               "请检查终端或脚本文件的编码后重新输入")
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


# JSON escapes control characters itself; these it would print raw, and a terminal would turn
# the text around (U+202E). Escaped, they are still the same JSON strings.
_BIDI_ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str).translate(_BIDI_ESCAPES))
