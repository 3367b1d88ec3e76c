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

# The command line is run by whoever has the database file in hand; it acts as this user.
COMMAND_LINE = "命令行"

_hasher = PasswordHasher()


class PermissionDenied(PermissionError):
    pass


# What a role check asks for (``require``).
EDIT = "edit"  # add, change, delete or import records
ADMINISTER = "administer"  # users, settings, choice lists, saving with errors, trust


def require(user: User, action: str, refusal: str) -> None:
    """The one role check: refuse ``action`` (``EDIT`` or ``ADMINISTER``) with ``refusal`` (Chinese)
    to a user whose role does not allow it. Every write path asks here."""
    allowed = user.is_admin if action == ADMINISTER else user.can_edit
    if not allowed:
        raise PermissionDenied(refusal)


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
