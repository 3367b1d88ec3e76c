"""Opening a database as a user: the one function the window and the command line call to log
in (an encrypted database is unlocked with the user's password first: sync/store/at_rest.py),
what a login finishes (a key change a kill interrupted: sync/store/rekey.py; encrypting a
database an earlier version left plain with its users: ``protect``), and the recovery code's way
back in when a password is forgotten."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sync.store import at_rest, rekey
from sync.store.errors import StoreError
from sync.store.store import Store
from sync.store.users import User

ADMIN_MUST_PROTECT = ("此数据库已有用户，但还没有加密（由旧版本建立）：请管理员登录一次，"
                      "登录时会自动加密并给出恢复码。在此之前，拿到这台电脑或这个文件的人都能读出其中的数据。")


def open_store(path: str | os.PathLike[str], user: str | None = None,
               password: str | None = None) -> Store:
    """The store at ``path``, logged in as ``user`` when a name is given (a wrong name or
    password raises ``at_rest.WrongLogin``, in Chinese). Without a name only a database this
    process already unlocked, or a plain one, opens."""
    if user is None:
        return Store.open(path)
    used_slot = at_rest.unlock(path, user, password or "")
    store = Store.open(path)
    try:
        found = store.authenticate(user.strip(), password or "")
        if found is None:
            raise at_rest.WrongLogin(at_rest.WRONG_LOGIN)
        store.user = found
        if not store.read_only:
            rekey.heal(store, used_slot)
    except BaseException:
        store.close()
        raise
    return store


@dataclass(frozen=True)
class Protected:
    """A database an earlier version left plain with its users, encrypted at an administrator's
    login: the recovery code to show once, and who needs a new password (their passwords were
    not at hand to make their key slots)."""

    recovery_code: str
    need_password: list[str]


def needs_protection(store: Store) -> bool:
    """A plain database that has users (made by an earlier version)."""
    return not at_rest.is_encrypted(store.path) and bool(store.users())


def protect(store: Store, password: str) -> Protected | None:
    """On the login of an administrator (``store.user``, whose ``password`` this is) to a plain
    database with users: encrypt it in place, as when a first user is added
    (``at_rest.encrypt_in_place``). None when there is nothing to do or the user may not."""
    if not needs_protection(store) or not store.user.is_admin or store.read_only:
        return None
    others = [u.name for u in store.users() if u.name != store.user.name]
    code = at_rest.encrypt_in_place(store, store.user.name, password)
    with store.transaction():
        store.audit("encrypt", "管理员登录时加密了旧版本建立的数据库")
    return Protected(code, others)


def reset_with_recovery(path: str | os.PathLike[str], code: str, name: str,
                        new_password: str) -> User:
    """Forgotten password: the recovery code opens the database and ``name`` gets a new
    password (both the key slot and the password hash). Returns the user, logged in."""
    at_rest.unlock_with_recovery(path, code)
    with Store.open(path) as store:
        user = next((u for u in store.users() if u.name == name.strip()), None)
        if user is None:
            raise StoreError(f"没有用户“{name.strip()}”")
        store.user = user
        rekey.heal(store, None)
        try:
            store.set_password(user.name, new_password)
        except ValueError as exc:
            raise StoreError(str(exc)) from exc
    return user


@dataclass(frozen=True)
class LoginFacts:
    """What the login screen shows before anyone logged in."""

    title: str                     # the village's or township's name
    township: bool
    names: list[str]               # who can log in
    admins: list[User] | None      # None while the database is locked (the roles are inside)
    recovery: bool                 # a recovery code can open it


def login_facts(path: str | os.PathLike[str]) -> LoginFacts:
    try:
        store = Store.open(path)
    except at_rest.Locked:
        if at_rest.key_slots(path) is None:
            raise
        # The key file names nobody and no village: the name is typed, the title is the file's.
        return LoginFacts("", False, [], None, True)
    with store:
        return facts_of(store)


def facts_of(store: Store) -> LoginFacts:
    users = store.users()
    return LoginFacts(store.village_name, store.is_township, [u.name for u in users],
                      [u for u in users if u.is_admin], at_rest.has_recovery(store.path))
