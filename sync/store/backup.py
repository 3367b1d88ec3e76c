"""Rotating backups with SQLite's online backup API, and restoring from one.

A backup is a complete, consistent database file taken while the database is open
(the backup API copies pages under a read transaction, unlike a file copy that can
catch a half-written WAL). Restoring first backs up the current state, so a restore
can itself be undone.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sync.store import at_rest, drafts, driver, keyslots, rekey
from sync.store.store import Store, StoreError
from sync.store.users import RESTORE_BACKUP, User, require


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"))


def make_backup(store: Store, keep: int | None = None, label: str = "") -> Path:
    folder = backup_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store.path.stem}-{stamp}{('-' + label) if label else ''}.db"
    partial = target.with_suffix(".partial")
    # Encrypted with the database's own key: SQLCipher copies pages between two databases only
    # when both have the same key, and a backup opens with the same passwords as the database.
    dest = driver.connect(partial, key=at_rest.key_for_open(store.path))
    try:
        store.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        drafts.strip_from(dest)  # records only: drafts stay on this machine (sync/store/drafts.py)
    finally:
        dest.close()
    at_rest.copy_key_file(store.path, target)  # the backup opens on another PC with its key file
    partial.replace(target)
    keep = keep if keep is not None else int(store.settings().get("backup_keep", 10))
    for old in list_backups(store.path)[:-keep]:
        old.unlink(missing_ok=True)
        keyslots.key_file(old).unlink(missing_ok=True)
    return target


def auto_backup(store: Store, max_age_hours: float = 24.0) -> Path | None:
    """Back up unless a backup younger than ``max_age_hours`` exists."""
    existing = list_backups(store.path)
    if existing:
        age = dt.datetime.now().timestamp() - existing[-1].stat().st_mtime
        if age < max_age_hours * 3600:
            return None
    return make_backup(store)


def verify_database(path: Path, key: bytes | None = None) -> None:
    """Refuse anything that is not an intact Cunwu database (opened with ``key`` if encrypted)."""
    try:
        conn = driver.connect(f"file:{path}?mode=ro", uri=True, key=key)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError(f"备份文件 {path} 已损坏（完整性检查未通过）")
            if not conn.execute("SELECT 1 FROM meta WHERE key = 'kind'").fetchone():
                raise StoreError(f"{path} 不是村务台账数据库")
        finally:
            conn.close()
    except driver.DatabaseError as exc:
        raise StoreError(f"{path} 不是村务台账数据库或已损坏：{exc}") from exc


def _under_key(store: Store, backup: Path, key: bytes | None) -> Path:
    """``backup`` itself if the database's key opens it; else (made before the database got a new
    key: sync/store/rekey.py) a private copy re-encrypted under the current key, since SQLCipher
    copies pages only between databases with the same key."""
    if key is None or driver.opens_with(backup, key):
        return backup
    earlier = next((k for k in rekey.retired_keys(store) if driver.opens_with(backup, k)), None)
    if earlier is None:
        raise StoreError(f"备份文件 {backup} 不是这个数据库的备份，或已损坏：它的钥匙对不上")
    copy = store.path.with_name(f".{store.path.name}.restore.tmp")
    copy.unlink(missing_ok=True)
    driver.private_file(copy)  # 0600 before a byte is in it
    shutil.copyfile(backup, copy)
    conn = driver.connect(copy, key=earlier, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA rekey = {driver.key_pragma(key)}")
    finally:
        conn.close()
    return copy


def restore_backup(db_path: Path, backup: Path, user: User | None = None) -> Path:
    """Replace the database's content with a backup, as ``user`` (an administrator, on a database
    with users); returns the safety backup made first."""
    backup = Path(backup)
    if not backup.exists():
        raise StoreError(f"备份文件 {backup} 不存在")
    store = Store.open(db_path, user)
    try:
        require(store.user, RESTORE_BACKUP)
    except BaseException:
        store.close()
        raise
    key = at_rest.key_for(db_path) if at_rest.is_encrypted(db_path) else None
    try:
        if key is not None and not at_rest.is_encrypted(backup):
            raise StoreError(f"备份文件 {backup} 是加密以前（还没有用户时）做的，"
                             "不能恢复到已加密的数据库")
        if key is None and keyslots.key_file(backup).exists():
            raise StoreError(f"备份文件 {backup} 是加密的，而数据库 {db_path} 未加密："
                             "请把备份和它的钥匙文件一起复制为数据库，再用其中的用户登录")
        source = _under_key(store, backup, key)
        verify_database(source, key)
    except BaseException:
        store.close()
        raise
    try:
        # What was being typed here is newer than any backup: it stays (and the backup has none).
        kept = drafts.every_draft(store)
        safety = make_backup(store, keep=10_000, label="before-restore")
        src = driver.connect(f"file:{source}?mode=ro", uri=True, key=key)
        try:
            # The backup API writes all pages in one transaction: readers never see a mix.
            src.backup(store.conn)
        finally:
            src.close()
    finally:
        store.close()
        if source != backup:
            source.unlink(missing_ok=True)
    with Store.open(db_path, user) as restored:  # migrations, if the backup came from an older version
        drafts.replace_all(restored, kept)
    return safety
