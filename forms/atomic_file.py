"""Files written whole or not at all: the one way Cunwu saves a file.

Packages, receipts and enrollment files on a USB stick, Excel rosters and templates, refused
rows, the statistics workbook and PDF, the register book's PDF: each is written under a
temporary name in the target's own folder (``.NAME.RANDOM.tmp``: hidden, and never taken for the
real file by a folder scan or a person when a stick is pulled mid-write), flushed and synced to
the disk, read back and checked where the caller asks, and only then renamed over the target
(``os.replace``, atomic within one folder). The folder is synced last so that the rename itself
survives a power cut. Whatever fails on the way removes the temporary file and leaves the target
as it was.

It lives in ``forms`` because the roster writer (``forms.roster.write``) saves files too, and
``forms`` is the bottom of the house (forms → sync → desktop).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class TargetInUse(PermissionError):
    """The finished file could not replace the target, usually because another program (a PDF
    reader, Excel) holds the target open on Windows. ``str()`` is Chinese, for the user."""


class ReadBackDiffers(OSError):
    """What was read back from the disk is not what was written (a failing stick). Chinese."""


def temporary_path(path: Path) -> Path:
    """Where ``path`` is written before it is complete: beside it, hidden, ending in ``.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def write_atomic(path: str | os.PathLike[str], produce: Callable[[Path], object], *,
                 verify: Callable[[Path], None] | None = None, overwrite: bool = True) -> Path:
    """Let ``produce(tmp)`` write the file at ``tmp`` (any way it likes: openpyxl, QPdfWriter),
    then sync it, ``verify(tmp)`` (raise if it is unusable), and move it to ``path``.

    Raises what ``produce`` or ``verify`` raise, ``OSError`` from the disk, ``FileExistsError``
    when ``overwrite`` is false and ``path`` exists, ``TargetInUse`` when the rename is refused.
    """
    def produce_and_sync(tmp: Path) -> None:
        tmp.open("xb").close()  # reserve the name; the producer may reopen it its own way
        produce(tmp)
        with tmp.open("rb+") as fh:  # write access: Windows flushes only through a writable handle
            os.fsync(fh.fileno())

    return _write(Path(path), produce_and_sync, verify, overwrite)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *,
                       verify: Callable[[bytes], None] | None = None, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path``; the bytes read back from the disk must equal ``data``, and
    ``verify(read_back)`` may check them further. Raises as :func:`write_atomic`, and
    ``ReadBackDiffers``."""
    def produce(tmp: Path) -> None:
        with tmp.open("xb") as fh:
            write_chunks(fh, data)
            fh.flush()
            os.fsync(fh.fileno())

    def check(tmp: Path) -> None:
        read_back = tmp.read_bytes()
        if read_back != data:
            raise ReadBackDiffers(f"写入 {Path(path).name} 后读回的内容与写入的不一致，"
                                  "磁盘或 U 盘可能有故障。")
        if verify is not None:
            verify(read_back)

    return _write(Path(path), produce, check, overwrite)


def write_chunks(fh: BinaryIO, data: bytes) -> None:
    """``data`` written in slices: one huge write() is slow on some USB drivers."""
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        fh.write(view[start : start + CHUNK])


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """A text file (a report, a list of lines) written the same way."""
    return write_bytes_atomic(path, text.encode(encoding))


def _write(path: Path, produce: Callable[[Path], None], verify: Callable[[Path], None] | None,
           overwrite: bool) -> Path:
    tmp = temporary_path(path)
    try:
        produce(tmp)
        if verify is not None:
            verify(tmp)
        if not overwrite and path.exists():
            raise FileExistsError(f"文件 {path.name} 已存在，没有覆盖它。")
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            raise TargetInUse(f"无法覆盖 {path}：文件可能正在被其他程序（如 Excel、PDF 阅读器）打开，"
                              "请关闭后重试，或换一个文件名") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    sync_folder(path.parent)
    return path


def rename_folder_into_place(tmp: Path, target: Path) -> None:
    """A folder built whole at ``tmp`` (hidden, beside ``target``) becomes ``target``: its entries
    synced, renamed (``target`` must not exist), the parent synced. Raises ``FileExistsError``
    or the ``OSError`` of the rename."""
    sync_folder(tmp)
    if target.exists():
        raise FileExistsError(f"文件夹 {target.name} 已存在，没有覆盖它。")
    os.rename(tmp, target)
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows cannot open folders, and its
    ``os.replace`` needs no such step."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sync_file(path: Path) -> None:
    """Make what was written to ``path`` durable (a database's write-ahead log when a
    checkpoint cannot run, ``sync.store.disk_full``); a missing file is nothing to sync."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
