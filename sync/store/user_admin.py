"""Users' administration in a database: adding, passwords, roles, disabling, logging in.
``Store.add_user``, ``set_password``, ``set_user_role``, ``disable_user``, ``users`` and
``authenticate`` call these."""

from __future__ import annotations

from sync.store import at_rest
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
        return at_rest.encrypt_with_first_user(db, str(row["name"]), password, write)
    at_rest.set_user_slot(db, str(row["name"]), password)
    write(db)
    return None


def set_password(db: Database, name: str, password: str) -> None:
    if name != db.user.name:
        require(db.user, USERS)
    row = user_row(name, ADMIN, password)
    if db.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
        raise StoreError(f"没有用户“{name}”")
    at_rest.set_user_slot(db, name, password)
    with db.transaction():
        db.conn.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                        (row["password_hash"], name))


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
    at_rest.remove_user_slot(db, name)  # their password no longer opens the database


def active_users(db: Database) -> list[User]:
    return [User(r["name"], r["role"], r["display"] or r["name"])
            for r in db.conn.execute("SELECT * FROM users WHERE disabled = 0 ORDER BY name")]


def authenticate(db: Database, name: str, password: str) -> User | None:
    """The user, if the name is an active user's and the password theirs."""
    row = db.conn.execute("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
    if row is None or not password_matches(row["password_hash"], password):
        return None
    return User(row["name"], row["role"], row["display"] or row["name"])
