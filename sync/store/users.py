"""Users and roles. Passwords are hashed with argon2; the store enforces the roles. Their
administration in a database (``Store.add_user`` …) is ``sync/store/user_admin.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ADMIN = "管理员"
CLERK = "填报员"
VIEWER = "查看"
ROLES = (ADMIN, CLERK, VIEWER)
CAN_EDIT = (ADMIN, CLERK)

# A database without users is run by whoever has the file in hand (``cunwu init`` for scripts):
# ``Store.open`` acts as this administrator there.
COMMAND_LINE = "命令行"
# On a database that has users, ``Store.open`` without a user is nobody: it reads, and every
# write is refused until someone logs in (sync/store/login.py; --user/CUNWU_USER on the command line).
NOT_LOGGED_IN = "未登录"
MUST_LOG_IN = ("数据库已设置用户，需要登录后才能{0}：命令行请加上 --user 用户名（或设置环境变量 "
               "CUNWU_USER），密码放在环境变量 CUNWU_PASSWORD 中或在终端中输入")

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
    if user.role == NOT_LOGGED_IN:
        return MUST_LOG_IN.format(label)
    return f"用户“{user.name}”（{user.role}）不能{label}：只有{'或'.join(roles)}可以"


def require(user: User, action: str) -> None:
    """The one role check: raise PermissionDenied unless ``user`` may do ``action``."""
    reason = refusal(user, action)
    if reason is not None:
        raise PermissionDenied(reason)


def nobody() -> User:
    """Who ``Store.open`` without a user is on a database that has users."""
    return User(NOT_LOGGED_IN, NOT_LOGGED_IN, NOT_LOGGED_IN)


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
