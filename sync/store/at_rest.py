"""Encryption at rest: which key opens a database, unlocking it with a password or the recovery
code, and encrypting a database in place when its first user is added (docs/decisions.md,
"Encryption at rest").

A database without users is an ordinary SQLite file (``cunwu init`` for scripting; the window
and ``cunwu info`` say it is unprotected). Adding the first user encrypts it: an encrypted copy
is written beside it with the user already in it, checked, and renamed over the original, so a
kill at any moment leaves the old file or the new one whole. From then on the file opens only
with its key, which this process holds in memory after a login (``unlock``) and nowhere else.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from forms.atomic_file import write_atomic
from sync.store import driver, keys_v1, keyslots
from sync.store.errors import StoreError

WRONG_LOGIN = "用户名或密码不正确"
WRONG_RECOVERY = "恢复码不正确，请对照保管的恢复码纸条重新输入"
V1_OUTDATED = ("这个密码（或恢复码）是旧版本钥匙文件里的，数据库的钥匙后来换过了，它已打不开数据库："
               "请管理员为此用户重设密码（恢复码请管理员重新生成）")
UNPROTECTED = ("此数据库还没有用户，没有加密：拿到这台电脑或这个文件的人都能读出其中的数据。"
               "添加第一个用户后会自动加密。")



class OpenDatabase(Protocol):
    """What encrypting in place needs of an open database (``sync.store.database.Database``;
    named by shape so that the database module, which asks this one for keys, is not imported)."""

    path: Path
    conn: Any
    user: Any
    base_catalog: Any

    @property
    def village_name(self) -> str: ...

    @property
    def is_township(self) -> bool: ...

    def reconnect(self) -> None: ...


_keys: dict[str, bytes] = {}
_lock = threading.Lock()
# Raised whenever a database's key changes in this process (a rekey): every open ``Database``
# compares it with the one it saw and, if it moved, opens its connection again with the new key.
generation = 0


class Locked(StoreError):
    """The database is encrypted and this process has not been given its key."""


class WrongLogin(StoreError):
    pass


def _id(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.realpath(path))


def remember(path: str | os.PathLike[str], key: bytes) -> None:
    global generation
    with _lock:
        before = _keys.get(_id(path))
        _keys[_id(path)] = key
        if before is not None and before != key:
            generation += 1


def forget_all() -> None:
    """Drop every key this process holds (as if it had just started)."""
    with _lock:
        _keys.clear()


def key_for(path: str | os.PathLike[str]) -> bytes | None:
    """The key this process unlocked the database at ``path`` with, if it did."""
    with _lock:
        return _keys.get(_id(path))


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    return not driver.is_plain(path)


def key_for_open(path: str | os.PathLike[str]) -> bytes | None:
    """The key to open ``path`` with: None for a plain database; refuses a locked one."""
    if not is_encrypted(path):
        return None
    key = key_for(path)
    if key is None:
        if keyslots.key_file(path).exists():
            raise Locked(f"数据库 {path} 已加密，需要先登录（用户名和密码）")
        raise Locked(f"{path} 不是村务台账数据库，或是加密的数据库但旁边缺少钥匙文件 "
                     f"{keyslots.key_file(path).name}")
    return key


def key_slots(path: str | os.PathLike[str]) -> keyslots.KeySlots | None:
    """The key file of an encrypted database; None if the database is plain."""
    if not is_encrypted(path):
        return None
    try:
        return keys_v1.read(keyslots.key_file(path))  # either format
    except ValueError as exc:
        raise StoreError(f"钥匙文件 {keyslots.key_file(path)} 已损坏") from exc


def required_slots(path: str | os.PathLike[str]) -> keyslots.KeySlots:
    slots = key_slots(path)
    if slots is None:
        raise StoreError(f"找不到钥匙文件 {keyslots.key_file(path)}：没有它，加密的数据库打不开。"
                         "请把它和数据库文件放在同一个文件夹")
    return slots


def _take(path: str | os.PathLike[str], opened: keyslots.Opened) -> str:
    """Keep the key of ``opened`` that opens the database as it is on disk (while a new key is
    being put in place a slot holds two); the slot's id."""
    for key in opened.keys:
        if driver.opens_with(path, key):
            remember(path, key)
            return opened.slot_id
    raise StoreError(f"钥匙文件 {keyslots.key_file(path)} 与数据库 {path} 不配套")


def unlock(path: str | os.PathLike[str], name: str, password: str) -> str | None:
    """Open the key with a user's password and keep it for this process; returns the id of the
    slot that opened (None for a plain database, which needs nothing). The password is checked
    again against the user's row when the store is opened."""
    if not is_encrypted(path):
        return None
    slots = required_slots(path)
    try:
        opened = slots.open_as(name, password)
    except keyslots.WrongSecret as exc:
        found = keys_v1.open_user(slots, name, password)
        if found is None:
            raise WrongLogin(WRONG_LOGIN) from exc
        _take_v1(path, found)
        return keys_v1.upgrade_user(keyslots.key_file(path), slots, found, name, password)
    return _take(path, opened)


def unlock_with_recovery(path: str | os.PathLike[str], code: str) -> str:
    slots = required_slots(path)
    try:
        opened = slots.open_with_recovery(code)
    except keyslots.WrongSecret as exc:
        found = keys_v1.open_recovery(slots, code)
        if found is None:
            raise WrongLogin(WRONG_RECOVERY) from exc
        _take_v1(path, found)
        return keys_v1.upgrade_recovery(keyslots.key_file(path), slots, found, code)
    return _take(path, opened)


def _take_v1(path: str | os.PathLike[str], found: keys_v1.Found) -> None:
    """Keep the key of a first-format slot that opened (its upgrade follows). A pending slot
    whose key no longer opens the database (a kill between a rekey's two key-file writes; the
    next login removes it) is as good as none."""
    if not driver.opens_with(path, found.key):
        raise WrongLogin(V1_OUTDATED)
    remember(path, found.key)


def has_recovery(path: str | os.PathLike[str]) -> bool:
    """Whether a recovery code opens this (unlocked) database; False while locked or plain."""
    key = key_for(path) if is_encrypted(path) else None
    slots = key_slots(path) if key is not None else None
    return slots is not None and key is not None and (slots.has_recovery(key)
                                                      or keys_v1.has_recovery(slots))


def copy_key_file(db_path: Path, target: Path) -> None:
    """A backup of an encrypted database carries the key file as it is now beside it."""
    slots = key_slots(db_path)
    if slots is not None:
        keyslots.write(keyslots.key_file(target), slots)


# ------------------------------------------------------------- encrypting in place
def _table_counts(conn: driver.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def encrypt_in_place(store: OpenDatabase, name: str, password: str,
                     write_user: Callable[[OpenDatabase], None] | None = None) -> str:
    """Encrypt the plain database of ``store`` with a new key, with a key slot for ``name``:
    the first user, whose row ``write_user`` adds to the encrypted copy, or (``write_user``
    None) an administrator logging in to a database an earlier version left plain with its
    users. Returns the recovery code, which the caller shows once. ``store`` is open on the
    encrypted file afterwards.

    The copy is written beside the database and renamed over it by ``forms.atomic_file`` (synced
    first, the folder synced after); what happens between the copy being complete and the rename
    is in ``let_go``."""
    path = Path(store.path)
    if is_encrypted(path):
        raise StoreError(f"数据库 {path} 已经加密")
    key = os.urandom(driver.KEY_BYTES)
    code = keyslots.new_recovery_code()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # a copy a kill left behind
        stale.unlink(missing_ok=True)
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _table_counts(conn)
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    slots = keyslots.KeySlots()
    slots.add_user([key], name, password)
    slots.add_recovery([key], code)
    users = int(conn.execute("SELECT count(*) FROM users").fetchone()[0]) + (write_user is not None)
    released = False

    def produce(copy: Path) -> None:
        os.chmod(copy, driver.PRIVATE_MODE)
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {driver.key_pragma(key)}", (str(copy),))
        try:
            conn.execute("SELECT sqlcipher_export('encrypted')")
            conn.execute(f"PRAGMA encrypted.user_version = {version}")
        finally:
            conn.execute("DETACH DATABASE encrypted")
        if write_user is not None:
            _write_first_user(store, copy, key, write_user)

    def let_go(copy: Path) -> None:
        nonlocal released
        _verify_copy(copy, key, before, users)
        # The key file first: beside a plain database it is ignored, so a kill before the
        # rename leaves the old database usable; the other order would lock the new one out.
        keyslots.write(keyslots.key_file(path), slots)
        store.conn.close()  # Windows renames only over a file nobody holds open
        released = True
        if Path(f"{path}-wal").exists():  # another connection still has the plain file open
            raise StoreError("数据库正被另一个窗口或程序打开：请先关闭它，再加密")

    try:
        write_atomic(path, produce, verify=let_go)
    except BaseException:
        if released:
            store.reconnect()  # still the plain database, as it was
        raise
    remember(path, key)
    store.reconnect()
    return code


def _write_first_user(store: OpenDatabase, partial: Path, key: bytes,
                      write_user: Callable[[OpenDatabase], None]) -> None:
    conn = driver.connect(partial, key=key, isolation_level=None)
    try:
        conn.row_factory = driver.Row
        conn.execute("PRAGMA journal_mode = DELETE")  # one file to rename, no -wal beside it
        conn.execute("PRAGMA synchronous = FULL")
        copy = type(store)(partial, conn, store.user, store.base_catalog)
        write_user(copy)
    finally:
        conn.close()


def _verify_copy(partial: Path, key: bytes, before: dict[str, int], users: int) -> None:
    conn = driver.connect(partial, key=key)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok" \
                or conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise StoreError("加密后的副本检查未通过，原数据库未改动")
        after = _table_counts(conn)
    finally:
        conn.close()
    for table, count in before.items():
        if table not in ("users", "audit") and after.get(table) != count:
            raise StoreError(f"加密后的副本少了数据（{table}），原数据库未改动")
    if after.get("users") != users:
        raise StoreError("加密后的副本中的用户不对，原数据库未改动")
