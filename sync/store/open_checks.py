"""Before a database file is opened for work: is it a Cunwu database, can this program read it,
may it be written?

Opening used to switch the file to WAL and run the migrations first, so another SQLite file (or
an empty one) came out with 26 tables added before it was refused. Here every check reads the
file through a read-only connection, and nothing is changed until the file has passed them:

* not a regular file, empty, not SQLite, SQLite without Cunwu's ``meta`` → refused;
* made by a newer program (``PRAGMA user_version`` above ours) → refused, asking to upgrade;
* on a read-only medium (write-protected stick, CD, a folder we may not write) → opened
  read-only: reading works, and every write is refused with the reason (``Store.read_only``).

``open_checked`` is the one call ``Store.open`` makes; it returns the connection to work with.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sync.store import at_rest, driver, keyslots
from sync.store.errors import StoreError
from sync.store.schema import SCHEMA_DB_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
KINDS = ("village", "township", "county")
UNCHANGED = "文件未做任何修改。"


def _read_only_connection(path: Path, *, immutable: bool = False) -> driver.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
    # Encrypted: the key this process was given at login (a locked database is refused here,
    # before anything is changed).
    conn = driver.connect(uri, key=at_rest.key_for_open(path), uri=True, isolation_level=None,
                          check_same_thread=True, timeout=30)
    conn.row_factory = driver.Row
    return conn


def read_only_reason(path: Path) -> str | None:
    """Why ``path`` cannot be written (None: it can). SQLite also writes beside the file (its
    log), so the folder must be writable too."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return None
    return (f"数据库 {path.name} 所在的位置是只读的（例如写保护的U盘、光盘或没有写入权限的文件夹），"
            "只能查看，不能修改。如需修改，请把数据库复制到本机的文件夹后再打开。")


def _not_cunwu(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} 不是村务台账数据库（{why}），没有打开。{UNCHANGED}")


def check_file(path: Path) -> None:
    """Refuse a path that is not a regular, non-empty SQLite file, without opening it as one."""
    if not path.exists():
        raise StoreError(f"数据库文件 {path} 不存在，请先用 cunwu init 创建")
    if not path.is_file():
        raise _not_cunwu(path, "它不是普通文件")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {path}（{exc.strerror or exc}）") from exc
    if not magic:
        raise _not_cunwu(path, "空文件")
    if magic != SQLITE_MAGIC and not keyslots.key_file(path).exists():
        # An encrypted database looks like random bytes; its key file beside it says what it is.
        raise _not_cunwu(path, "不是 SQLite 数据库文件；如果它是加密的村务台账数据库，旁边缺少钥匙文件 "
                               f"{keyslots.key_file(path).name}")


def check_contents(conn: driver.Connection, path: Path) -> int:
    """Refuse a SQLite file that is not Cunwu's or is newer than this program; returns its
    schema version."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        kind = conn.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone() if has_meta else None
    except driver.DatabaseError as exc:
        raise StoreError(f"{path} 不是村务台账数据库或已损坏（{exc}），没有打开。{UNCHANGED}") from exc
    if kind is None or kind[0] not in KINDS:
        raise _not_cunwu(path, "其中没有村务台账的数据")
    if version > SCHEMA_DB_VERSION:
        raise StoreError(f"数据库 {path.name} 由更新版本的村务台账创建（数据库版本 {version}，"
                         f"本程序支持到 {SCHEMA_DB_VERSION}），请升级村务台账后再打开。{UNCHANGED}")
    return version


def _probe(path: Path, *, immutable: bool) -> driver.Connection:
    conn = _read_only_connection(path, immutable=immutable)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _inspect(path: Path) -> tuple[driver.Connection, int]:
    """A read-only connection to ``path`` that passed the checks, and the schema version."""
    try:
        conn = _probe(path, immutable=False)
    except driver.OperationalError:
        # A cleanly closed WAL database on a read-only medium: SQLite cannot make its index file
        # (-shm) there. Nobody can change such a file, so it may be read as immutable.
        try:
            conn = _probe(path, immutable=True)
        except driver.DatabaseError as exc:
            raise StoreError(f"{path} 不是村务台账数据库或已损坏（{exc}），没有打开。{UNCHANGED}") from exc
    except driver.DatabaseError as exc:
        raise StoreError(f"{path} 不是村务台账数据库或已损坏（{exc}），没有打开。{UNCHANGED}") from exc
    try:
        return conn, check_contents(conn, path)
    except BaseException:
        conn.close()
        raise


def open_checked(path: Path, connect: Callable[[Path], driver.Connection],
                 migrate: Callable[[driver.Connection], object]) -> tuple[driver.Connection, str | None]:
    """The connection ``Store.open`` works with, and why it is read-only (None: writable).

    A writable file is opened with ``connect`` and brought up to date with ``migrate`` only
    after the checks; a read-only one keeps the checking connection, and must not need
    migrating (that would mean writing)."""
    check_file(path)
    checking, version = _inspect(path)
    reason = read_only_reason(path)
    if reason is not None:
        if version < SCHEMA_DB_VERSION:
            checking.close()
            raise StoreError(f"数据库 {path.name} 需要先升级数据结构才能由本程序打开，"
                             f"但它所在的位置是只读的。请把数据库复制到本机的文件夹后再打开。{UNCHANGED}")
        return checking, reason
    checking.close()
    conn = connect(path)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn, None
