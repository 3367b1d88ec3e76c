"""A new database key when a user leaves, a password changes or a new recovery code is made, and
the key file kept in step with the users (docs/decisions.md, "Key slots without names; a new
database key when a user leaves").

The old database key, an old key file and the password of someone who left (or an old password,
or an old recovery code) open old copies of the database and nothing newer: the database is
re-encrypted under a new random key (SQLCipher's ``PRAGMA rekey``, one transaction: a kill leaves
every page under the old key or every page under the new one), sealed only to the slots that
remain. The key file is written twice around it, atomically each time: first with the new and the
old key sealed in every remaining slot (so whichever key the database has after a kill, the file
opens it), then with the new key only. ``heal`` finishes at the next login what a kill
interrupted.

Every connection to the file in this process follows (``at_rest.generation``); another program
that has the database open at that moment can no longer read it and must be restarted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from sync.store import at_rest, driver, keyslots
from sync.store.database import Database
from sync.store.errors import StoreError

RETIRED_KEYS = "retired_database_keys"  # meta: earlier keys, for restoring older backups
V1_DROPPED = "数据库换了钥匙，这些用户还没有用新版本登录过，旧格式的钥匙已失效，需要管理员为其重设密码："


def retired_keys(db: Database) -> list[bytes]:
    """The database's earlier keys, newest first: backups made before a rekey are under them.
    Kept inside the database (under its current key), so they are no help to anyone who cannot
    open it; and a backup is restored only by an administrator who can."""
    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", (RETIRED_KEYS,)).fetchone()
    return [bytes.fromhex(k) for k in json.loads(row[0])] if row else []


def _retire(db: Database, old: bytes) -> None:
    kept = [k.hex() for k in retired_keys(db) if k != old]
    db.set_meta(RETIRED_KEYS, json.dumps([old.hex(), *kept]))


def _active_users(db: Database) -> set[str]:
    return {r[0] for r in db.conn.execute("SELECT name FROM users WHERE disabled = 0")}


def _held_key(db: Database) -> bytes | None:
    return at_rest.key_for(db.path) if at_rest.is_encrypted(db.path) else None


def replace_key(db: Database, *, drop: set[str] = frozenset(),  # type: ignore[assignment]
                drop_after: set[str] = frozenset(),  # type: ignore[assignment]
                add_user: tuple[str, str] | None = None, recovery_code: str | None = None,
                between: Callable[[], None] | None = None) -> None:
    """Re-encrypt the database of ``db`` under a new key. Slots in ``drop`` lose the database at
    once, those in ``drop_after`` once the new key is in place (until then they open the old
    key and the new); ``add_user`` (name, password) and ``recovery_code`` get new slots. Slots of
    users who are no longer active go too. ``between`` runs after the first key file is written
    and before the database's key changes (a password's hash)."""
    old = _held_key(db)
    if old is None:
        raise StoreError("数据库没有加密（还没有用户），没有钥匙可换")
    if db.conn.in_transaction:
        raise StoreError("换钥匙不能在事务中进行")
    path = keyslots.key_file(db.path)
    slots = at_rest.required_slots(db.path)
    active = _active_users(db)
    owners = {slot_id: owner for slot_id, owner in slots.owners(old).items()
              if owner is not None and slot_id not in drop
              and (owner == keyslots.RECOVERY_OWNER or owner in active)}
    new = os.urandom(driver.KEY_BYTES)
    _retire(db, old)  # 0: older backups stay restorable by whoever opens the database
    slots.reseal([new, old], owners)
    if add_user is not None:
        owners[slots.add_user([new, old], *add_user)] = add_user[0].strip()
    if recovery_code is not None:
        owners[slots.add_recovery([new, old], recovery_code)] = keyslots.RECOVERY_OWNER
    # Users still on a first-format slot (keys_v1.py) lose it with the old key: said in the log.
    waiting = sorted(active - set(owners.values())) if slots.pending else []
    keyslots.write(path, slots)  # 1: both keys; the database still has the old one
    if between is not None:
        between()
    db.conn.execute(f"PRAGMA rekey = {driver.key_pragma(new)}")  # 2: every page, one transaction
    at_rest.remember(db.path, new)
    slots.reseal([new], {s: o for s, o in owners.items() if s not in drop_after})
    slots.pending = []  # first-format slots (keys_v1.py) open the old key only: no use now
    keyslots.write(path, slots)  # 3: the new key only
    if waiting:
        with db.transaction():
            db.audit("v1_slots_dropped", V1_DROPPED + "、".join(waiting))


def slot_ids_of(db: Database, owner: str) -> set[str]:
    """The slots the user ``owner`` (or RECOVERY_OWNER) has, read with the database's key."""
    key = _held_key(db)
    if key is None:
        return set()
    return {s for s, o in at_rest.required_slots(db.path).owners(key).items() if o == owner}


def add_user_slot(db: Database, name: str, password: str) -> None:
    """A new user's slot, sealed with the key the database has (no new key needed: nobody loses
    anything). No-op on a plain database."""
    key = _held_key(db)
    if key is None:
        return
    slots = at_rest.required_slots(db.path)
    slots.add_user([key], name, password)
    keyslots.write(keyslots.key_file(db.path), slots)


def heal(db: Database, used_slot: str | None) -> bool:
    """After ``db.user`` logged in through ``used_slot``: finish a key change a kill interrupted,
    and remove slots nobody should have (a user disabled or deleted, the user's own slot of an
    older password). True if the key was replaced."""
    key = _held_key(db)
    if key is None:
        return False
    slots = at_rest.required_slots(db.path)
    active = _active_users(db)
    owners = slots.owners(key)
    stale = {s for s, o in owners.items()
             if o is None or (o != keyslots.RECOVERY_OWNER and o not in active)
             or (used_slot is not None and o == db.user.name and s != used_slot)}
    if not stale and not slots.in_transition():
        return False
    replace_key(db, drop=stale)
    return True
