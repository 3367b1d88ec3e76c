"""A full disk, said as such.

SQLite reports a full disk as ``database or disk is full`` (SQLITE_FULL) and has by then rolled
the transaction back itself; the file system says ENOSPC. Either way nothing half-written stays
in the database, and the person needs to hear that the disk is full, not that the database is
damaged or a traceback about a rollback that had already happened.
"""

from __future__ import annotations

import errno
from pathlib import Path

from forms.atomic_file import sync_file
from sync.store import driver
from sync.store.errors import StoreError

SQLITE_FULL = 13


class DiskFull(StoreError):
    """The disk holding the database is full; what was committed before is intact."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, driver.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF == SQLITE_FULL) or "database or disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def disk_full(path: Path) -> DiskFull:
    where = Path(path).resolve().parent
    return DiskFull(f"磁盘空间已满，无法写入数据库 {Path(path).name}（所在文件夹：{where}）。"
                    "已保存的数据完好，这次没能写入的修改没有保存。请删除不需要的文件、腾出空间后再试。")


def sync_log(path: Path) -> None:
    """Make the committed transactions in ``path``'s write-ahead log durable without a
    checkpoint (which needs room in the database file): fsync the log itself."""
    sync_file(Path(f"{path}-wal"))
