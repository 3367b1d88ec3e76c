"""Files on a USB stick: how they are read, written, named and found, and how they fail.

Packages, enrollment files and receipts share this: a size limit checked before reading (a
stick may hold anything), the one atomic write (``forms.atomic_file``) with messages that
tell a clerk what to do about the stick, names safe on a Windows/FAT stick, and a folder scan
that skips temporary and hidden files.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from forms.atomic_file import ReadBackDiffers, write_bytes_atomic


class SyncFileError(Exception):
    """A sync file (package, enrollment, receipt) cannot be used. str() is Chinese."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def read_limited_file(path: Path, max_size: int, error: type[SyncFileError], what: str = "数据包") -> bytes:
    """Read a whole file, refusing anything larger than `max_size` before reading it.

    Only regular files are read: opening a FIFO (or a device) would wait for ever for a writer,
    so the kind is checked before opening, and again on what was opened (non-blocking, in case
    the name was swapped in between)."""
    too_big = error(f"{what} {path.name} 过大，不像是村务台账的文件，没有读取。")
    not_a_file = error(f"无法读取{what} {path.name}（它不是普通文件，而是文件夹、管道或设备），没有读取。")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise not_a_file
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            status = os.fstat(fh.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise not_a_file
            if status.st_size > max_size:
                raise too_big
            data = fh.read(max_size + 1)
    except FileNotFoundError as exc:
        raise error(f"找不到{what} {path.name}。") from exc
    except OSError as exc:
        raise error(f"无法读取{what} {path.name}（{exc.strerror or exc}），请检查 U 盘。") from exc
    if len(data) > max_size:  # the file grew while we read it
        raise too_big
    return data


def write_stick_file(path: Path, data: bytes, verify: Callable[[bytes], None], error: type[SyncFileError],
                     *, overwrite: bool) -> None:
    """Write `data` so that `path` either does not exist or holds all of it, verified.

    `verify` gets the bytes read back from disk and raises if they are unusable. Every
    failure is an `error` whose message says what to check on the stick.
    """
    path = Path(path)
    try:
        write_bytes_atomic(path, data, verify=verify, overwrite=overwrite)
    except FileExistsError as exc:
        raise error(f"文件 {path.name} 已存在，没有覆盖它。") from exc
    except ReadBackDiffers as exc:
        raise error(str(exc)) from exc
    except OSError as exc:
        raise error(
            f"无法写入文件 {path.name}（{exc.strerror or exc}）。"
            "请检查 U 盘是否插好、是否已满或写保护，然后重试。"
        ) from exc


def files_in(folder: Path, suffix: str, error: type[SyncFileError]) -> list[Path]:
    """The files in `folder` (not below it) whose names end in `suffix` (any case), sorted;
    hidden names are left out: temporary files of a write in progress, macOS `._` copies."""
    folder = Path(folder)
    try:
        with os.scandir(folder) as entries:
            found = [Path(e.path) for e in entries if is_complete_name(e.name, suffix) and e.is_file()]
    except OSError as exc:
        raise error(f"无法读取文件夹 {folder}（{exc.strerror or exc}）。") from exc
    return sorted(found)


def is_complete_name(name: str, suffix: str) -> bool:
    """True for a complete file's name; temporary files and `._` copies are not."""
    return not name.startswith(".") and name.lower().endswith(suffix) and len(name) > len(suffix)


WINDOWS_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\s]+')


def safe_name_part(text: str, *, limit: int = 40, fallback: str = "未命名") -> str:
    """Text usable inside a Windows/FAT file name: unsafe characters become `_`."""
    cleaned = _UNSAFE_CHARS.sub("_", text).strip("._ ")[:limit].strip("._ ")
    return cleaned or fallback
