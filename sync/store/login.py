"""Opening a database as a user: the one function the window and the command line call to log
in (an encrypted database is unlocked with the user's password first: sync/store/at_rest.py),
and the recovery code's way back in when a password is forgotten."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sync.store import at_rest, keyslots
from sync.store.errors import StoreError
from sync.store.store import Store
from sync.store.users import User


def open_store(path: str | os.PathLike[str], user: str | None = None,
               password: str | None = None) -> Store:
    """The store at ``path``, logged in as ``user`` when a name is given (a wrong name or
    password raises ``at_rest.WrongLogin``, in Chinese). Without a name only a database this
    process already unlocked, or a plain one, opens."""
    if user is None:
        return Store.open(path)
    at_rest.unlock(path, user, password or "")
    store = Store.open(path)
    found = store.authenticate(user.strip(), password or "")
    if found is None:
        store.close()
        raise at_rest.WrongLogin(at_rest.WRONG_LOGIN)
    store.user = found
    return store


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
        slots = at_rest.key_slots(path)
        if slots is None:
            raise
        return LoginFacts(slots.title, slots.township, slots.user_names, None,
                          keyslots.RECOVERY_SLOT in slots.slots)
    with store:
        return facts_of(store)


def facts_of(store: Store) -> LoginFacts:
    users = store.users()
    slots = at_rest.key_slots(store.path)
    return LoginFacts(store.village_name, store.is_township, [u.name for u in users],
                      [u for u in users if u.is_admin],
                      slots is not None and keyslots.RECOVERY_SLOT in slots.slots)
