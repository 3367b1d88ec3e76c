"""Users' administration in a database: adding, passwords, roles, disabling, logging in.
``Store.add_user``, ``set_password``, ``set_user_role``, ``disable_user``, ``users`` and
``authenticate`` call these."""

from __future__ import annotations

from sync.store import at_rest, keyslots, rekey
from sync.store.database import Database
from sync.store.errors import StoreError
from sync.store.users import (
    ADMIN,
    ROLES,
    USERS,
    User,
    password_matches,
    require,
    user_row,
)


def add_user(db: Database, name: str, role: str, password: str, display: str = "") -> str | None:
    """Administrators (anyone while the database has no user yet, to make the first). The first
    user encrypts the database (sync/store/at_rest.py): its recovery code is returned, once."""
    has_users = db.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    if has_users:
        require(db.user, USERS)
    row = user_row(name, role, password, display)
    if db.conn.execute("SELECT 1 FROM users WHERE name = ?", (row["name"],)).fetchone():
        raise StoreError(f"用户“{row['name']}”已存在")

    def write(target: Database) -> None:
        with target.transaction():
            target.db["users"].insert(row)
            target.audit("add_user", f"{row['name']}（{role}）")

    if not has_users and not at_rest.is_encrypted(db.path):
        return at_rest.encrypt_in_place(db, str(row["name"]), password, write)
    # The slot first: a kill before the row leaves a slot nobody owns, which the next login drops.
    rekey.add_user_slot(db, str(row["name"]), password)
    write(db)
    return None


def set_password(db: Database, name: str, password: str) -> None:
    if name != db.user.name:
        require(db.user, USERS)
    row = user_row(name, ADMIN, password)
    if db.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
        raise StoreError(f"没有用户“{name}”")

    def store_hash() -> None:
        with db.transaction():
            db.conn.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                            (row["password_hash"], name))
            db.audit("set_password", name)

    if not at_rest.is_encrypted(db.path):
        store_hash()
        return
    # A new key pair for the new password and a new database key: the old password and an old
    # key file open only old copies. The old slot opens the new key until it is in place, so a
    # kill leaves the user a way in with whichever password the database holds.
    rekey.replace_key(db, add_user=(name, password), drop_after=rekey.slot_ids_of(db, name),
                      between=store_hash)


def _active_admins(db: Database) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT name FROM users WHERE role = ? AND disabled = 0", (ADMIN,))]


def set_user_role(db: Database, name: str, role: str) -> None:
    """Change a user's role; the last active administrator keeps theirs."""
    require(db.user, USERS)
    if role not in ROLES:
        raise StoreError(f"角色应为 {'、'.join(ROLES)} 之一")
    if db.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
        raise StoreError(f"没有用户“{name}”")
    if role != ADMIN and _active_admins(db) == [name]:
        raise StoreError(f"“{name}”是唯一的管理员，不能改为{role}；请先把另一位用户设为管理员")
    with db.transaction():
        db.conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
        db.audit("set_role", f"{name}：{role}")


def disable_user(db: Database, name: str) -> None:
    """A user who left can no longer log in; their name stays on every version they made."""
    require(db.user, USERS)
    if name == db.user.name:
        raise StoreError("不能停用自己正在使用的用户")
    if _active_admins(db) == [name]:
        raise StoreError(f"“{name}”是唯一的管理员，不能停用")
    with db.transaction():
        if db.conn.execute("UPDATE users SET disabled = 1 WHERE name = ? AND disabled = 0",
                           (name,)).rowcount == 0:
            raise StoreError(f"没有可停用的用户“{name}”")
        db.audit("disable_user", name)
    if at_rest.is_encrypted(db.path):
        # Their slot goes and the database gets a new key: their password, with this key file or
        # an old one, opens only copies older than this moment (a kill here: the next login).
        rekey.replace_key(db)


def new_recovery_code(db: Database) -> str:
    """Administrators: a new recovery code (returned, to be shown once) and a new database key,
    so the old paper opens only copies older than this moment."""
    require(db.user, USERS)
    if not at_rest.is_encrypted(db.path):
        raise StoreError("数据库还没有加密（没有用户），没有恢复码")
    code = keyslots.new_recovery_code()
    rekey.replace_key(db, recovery_code=code,
                      drop_after=rekey.slot_ids_of(db, keyslots.RECOVERY_OWNER))
    return code


def active_users(db: Database) -> list[User]:
    return [User(r["name"], r["role"], r["display"] or r["name"])
            for r in db.conn.execute("SELECT * FROM users WHERE disabled = 0 ORDER BY name")]


def authenticate(db: Database, name: str, password: str) -> User | None:
    """The user, if the name is an active user's and the password theirs."""
    row = db.conn.execute("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
    if row is None or not password_matches(row["password_hash"], password):
        return None
    return User(row["name"], row["role"], row["display"] or row["name"])
