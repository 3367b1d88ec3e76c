"""Users and roles, and their administration in a database. Passwords are hashed with argon2;
the store enforces the roles. ``Store.add_user``, ``set_password``, ``set_user_role``,
``disable_user``, ``users`` and ``authenticate`` call the functions at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sync.store import at_rest
from sync.store.errors import StoreError

if TYPE_CHECKING:
    from sync.store.store import Store

ADMIN = "管理员"
CLERK = "填报员"
VIEWER = "查看"
ROLES = (ADMIN, CLERK, VIEWER)
CAN_EDIT = (ADMIN, CLERK)

# The command line is run by whoever has the database file in hand; it acts as this user.
COMMAND_LINE = "命令行"

_hasher = PasswordHasher()


class PermissionDenied(PermissionError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    display: str = ""

    @property
    def can_edit(self) -> bool:
        return self.role in CAN_EDIT

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


# ------------------------------------------------------------------- who may do what
# Every operation that changes a database, or sends or takes in data, names its action here
# and calls ``require(user, action)`` at its entry point in the core (sync/): the command line,
# the windows and scripts all pass through it. The windows ask ``refusal`` to grey out actions.
EDIT = "edit"                      # records: add, edit, delete, restore, revert; resolve conflicts
OVERRIDE = "override"              # save a record that still has errors, with a reason
EDIT_TOWNSHIP_COPY = "edit-township-copy"  # change villages' records inside the township database
IMPORT_EXCEL = "import-excel"
ENROLL = "enroll"                  # village: import the township's enrollment file
REPLACE_ENROLLMENT = "replace-enrollment"  # village: enroll with another township than before
EXPORT_PACKAGE = "export-package"  # village: data package for the township
IMPORT_RETURN = "import-return"    # village: the township's return packages
IMPORT_PACKAGE = "import-package"  # township: villages' data packages
EXPORT_RETURN = "export-return"    # township: return packages for a village
WRITE_ENROLLMENT = "write-enrollment"  # township: enrollment files (and enrolling a village)
INSTALLATIONS = "installations"    # township: retire or re-enable a village PC
TOWNSHIP_CONFLICTS = "township-conflicts"  # township: resolve conflicts between villages' PCs
SETTINGS = "settings"
CHOICE_LISTS = "choice-lists"
USERS = "users"
RESTORE_BACKUP = "restore-backup"

ADMIN_ONLY = (ADMIN,)
# action -> (what it is called in a refusal, roles that may do it)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    EDIT: ("修改数据", CAN_EDIT),
    OVERRIDE: ("带错误保存记录", ADMIN_ONLY),
    EDIT_TOWNSHIP_COPY: ("修改乡镇数据库中的村数据", ADMIN_ONLY),
    IMPORT_EXCEL: ("导入 Excel 花名册", CAN_EDIT),
    ENROLL: ("导入乡镇注册文件", CAN_EDIT),
    REPLACE_ENROLLMENT: ("更换本村注册的乡镇", ADMIN_ONLY),
    EXPORT_PACKAGE: ("导出数据包", CAN_EDIT),
    IMPORT_RETURN: ("导入返回数据包", CAN_EDIT),
    IMPORT_PACKAGE: ("导入村数据包", CAN_EDIT),
    EXPORT_RETURN: ("导出返回数据包", CAN_EDIT),
    WRITE_ENROLLMENT: ("生成注册文件", CAN_EDIT),
    INSTALLATIONS: ("停用或重新启用村里的电脑", ADMIN_ONLY),
    TOWNSHIP_CONFLICTS: ("在乡镇数据库中解决冲突", ADMIN_ONLY),
    SETTINGS: ("修改设置", ADMIN_ONLY),
    CHOICE_LISTS: ("修改选项列表", ADMIN_ONLY),
    USERS: ("管理用户", ADMIN_ONLY),
    RESTORE_BACKUP: ("用备份恢复数据库", ADMIN_ONLY),
}


def refusal(user: User, action: str) -> str | None:
    """Why ``user`` may not do ``action`` (Chinese, for a message or a tooltip), or None if they may."""
    label, roles = ACTIONS[action]
    if user.role in roles:
        return None
    return f"用户“{user.name}”（{user.role}）不能{label}：只有{'或'.join(roles)}可以"


def require(user: User, action: str) -> None:
    """The one role check: raise PermissionDenied unless ``user`` may do ``action``."""
    reason = refusal(user, action)
    if reason is not None:
        raise PermissionDenied(reason)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def user_row(name: str, role: str, password: str, display: str = "") -> dict[str, object]:
    if role not in ROLES:
        raise ValueError(f"角色应为 {'、'.join(ROLES)} 之一")
    if not name.strip():
        raise ValueError("用户名不能为空")
    if len(password) < 6:
        raise ValueError("密码至少6位")
    return {
        "name": name.strip(),
        "display": display or name.strip(),
        "role": role,
        "password_hash": hash_password(password),
        "created_at": dt.datetime.now().isoformat(timespec="seconds"),
        "disabled": 0,
    }


# ------------------------------------------------------------ administration in a database
def add_user(store: Store, name: str, role: str, password: str, display: str = "") -> str | None:
    """Administrators (anyone while the database has no user yet, to make the first). The first
    user encrypts the database (sync/store/at_rest.py): its recovery code is returned, once."""
    has_users = store.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    if has_users and not store.user.is_admin:
        raise PermissionDenied("只有管理员可以管理用户")
    row = user_row(name, role, password, display)
    if store.conn.execute("SELECT 1 FROM users WHERE name = ?", (row["name"],)).fetchone():
        raise StoreError(f"用户“{row['name']}”已存在")

    def write(target: Store) -> None:
        with target.transaction():
            target.db["users"].insert(row)
            target._audit("add_user", f"{row['name']}（{role}）")

    if not has_users and not at_rest.is_encrypted(store.path):
        return at_rest.encrypt_with_first_user(store, str(row["name"]), password, write)
    at_rest.set_user_slot(store, str(row["name"]), password)
    write(store)
    return None


def set_password(store: Store, name: str, password: str) -> None:
    if name != store.user.name and not store.user.is_admin:
        raise PermissionDenied("只有管理员可以修改其他用户的密码")
    row = user_row(name, ADMIN, password)
    if store.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
        raise StoreError(f"没有用户“{name}”")
    at_rest.set_user_slot(store, name, password)
    with store.transaction():
        store.conn.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                           (row["password_hash"], name))


def _active_admins(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT name FROM users WHERE role = ? AND disabled = 0", (ADMIN,))]


def set_user_role(store: Store, name: str, role: str) -> None:
    """Change a user's role; the last active administrator keeps theirs."""
    if not store.user.is_admin:
        raise PermissionDenied("只有管理员可以管理用户")
    if role not in ROLES:
        raise StoreError(f"角色应为 {'、'.join(ROLES)} 之一")
    if store.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
        raise StoreError(f"没有用户“{name}”")
    if role != ADMIN and _active_admins(store) == [name]:
        raise StoreError(f"“{name}”是唯一的管理员，不能改为{role}；请先把另一位用户设为管理员")
    with store.transaction():
        store.conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
        store._audit("set_role", f"{name}：{role}")


def disable_user(store: Store, name: str) -> None:
    """A user who left can no longer log in; their name stays on every version they made."""
    if not store.user.is_admin:
        raise PermissionDenied("只有管理员可以管理用户")
    if name == store.user.name:
        raise StoreError("不能停用自己正在使用的用户")
    if _active_admins(store) == [name]:
        raise StoreError(f"“{name}”是唯一的管理员，不能停用")
    with store.transaction():
        if store.conn.execute("UPDATE users SET disabled = 1 WHERE name = ? AND disabled = 0",
                              (name,)).rowcount == 0:
            raise StoreError(f"没有可停用的用户“{name}”")
        store._audit("disable_user", name)
    at_rest.remove_user_slot(store, name)  # their password no longer opens the database


def active_users(store: Store) -> list[User]:
    return [User(r["name"], r["role"], r["display"] or r["name"])
            for r in store.conn.execute("SELECT * FROM users WHERE disabled = 0 ORDER BY name")]


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user, if the name is an active user's and the password theirs."""
    row = store.conn.execute("SELECT * FROM users WHERE name = ? AND disabled = 0",
                             (name,)).fetchone()
    if row is None or not password_matches(row["password_hash"], password):
        return None
    return User(row["name"], row["role"], row["display"] or row["name"])
