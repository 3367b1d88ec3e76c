"""The local store: registers in SQLite with a version history that is never rewritten.

Every change is a new row in ``versions`` (version ID: a time-ordered UUID, parent version, hybrid
logical clock, device, user, full values, deleted flag); the register's current-state
table is updated in the same transaction. Nothing depends on a per-device counter, so
a PC restored from an old copy of its database and the township merging packages in any
order stay consistent (see ``../shared/domain/sync.md``).

``Store`` is the public API the window and the commands use: a ``Database`` (the open file,
its reads and transactions, ``sync/store/database.py``) with the writes, users, settings and
choice lists on top. Every write ends in the one writer (``sync/store/writer.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from forms.compute import Context
from forms.identifiers import division_code_problem
from forms.validation import Issue
from sync.store import bulk, choice_changes, choices, recheck, saving, user_admin, writer
from sync.store.choices import AddedChoice
from sync.store.database import (
    COUNTY,
    TOWNSHIP,
    VILLAGE,
    Database,
    Record,
    connect,
    create_file,
    dumps,
    new_id,
    now_text,
    open_checked_file,
)
from sync.store.errors import StoreError
from sync.store.record_context import record_context, village_profile
from sync.store.saving import Saved
from sync.store.settings import checked_setting
from sync.store.users import SETTINGS, User, require
from sync.store.versions import short_time

# What ``from sync.store.store import …`` has always offered, wherever it is defined now.
__all__ = ["COUNTY", "TOWNSHIP", "VILLAGE", "Record", "Saved", "Store", "StoreError", "connect", "dumps",
           "new_id", "now_text"]


class Store(Database):
    """One open database. Not shared across threads: open one Store per thread."""

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | os.PathLike[str], user: User | None = None) -> Store:
        path = Path(path)
        conn, read_only = open_checked_file(path)
        store = cls(path, conn, user)
        store.read_only = read_only
        return store

    @classmethod
    def _create(cls, path: str | os.PathLike[str], meta: dict[str, str]) -> Store:
        path = Path(path)
        return cls(path, create_file(path, meta))

    @classmethod
    def create_village(cls, path: str | os.PathLike[str], code: str, name: str,
                       profile: Mapping[str, Any] | None = None) -> Store:
        problem = division_code_problem(code, 12)
        if problem:
            raise StoreError(f"村统计用区划代码“{code}”：{problem}")
        if not name.strip():
            raise StoreError("村名不能为空")
        store = cls._create(path, {"kind": VILLAGE, "village_code": code,
                                   "village_name": name.strip(), "township_code": code[:9]})
        values = {"村名": name.strip(), "统计用区划代码": code, **(profile or {})}
        store.add("village_profile", values)
        return store

    @classmethod
    def create_township(cls, path: str | os.PathLike[str], code: str, name: str) -> Store:
        return cls._create_merged(path, TOWNSHIP, code, name)

    @classmethod
    def create_county(cls, path: str | os.PathLike[str], code: str, name: str) -> Store:
        """A county (区县民政局) database: it takes its townships' upward packages."""
        return cls._create_merged(path, COUNTY, code, name)

    @classmethod
    def _create_merged(cls, path: str | os.PathLike[str], kind: str, code: str, name: str) -> Store:
        digits, what = {TOWNSHIP: (9, "乡镇"), COUNTY: (6, "区县")}[kind]
        problem = division_code_problem(code, digits)
        if problem:
            raise StoreError(f"{what}统计用区划代码“{code}”：{problem}")
        if not name.strip():
            raise StoreError(f"{what}名称不能为空")
        return cls._create(path, {"kind": kind, f"{kind}_code": code, f"{kind}_name": name.strip()})

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- settings
    def set_setting(self, key: str, value: Any) -> None:
        """Administrators: check the value against the setting's definition, store it, recompute."""
        require(self.user, SETTINGS)
        value = checked_setting(self.catalog, key, value)
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO settings(key, value, hlc, user) VALUES (?, ?, ?, ?)",
                              (key, json.dumps(value), str(self.clock.now()), self.user.name))
            self.recompute_all()  # computed fields read the settings

    # ----------------------------------------------------------- choice lists
    def choice_additions(self) -> list[AddedChoice]:
        """Every value and alias added to a choice list here."""
        return choices.load(self.conn)

    def add_choice_value(self, list_name: str, value: str) -> AddedChoice:
        """Township administrators: a new value in a choice list (sent to villages with returns)."""
        return choice_changes.add_value(self, list_name, value)

    def add_choice_alias(self, list_name: str, alias: str, value: str) -> AddedChoice:
        """Township administrators: another way of writing one of a list's values."""
        return choice_changes.add_alias(self, list_name, alias, value)

    # ------------------------------------------------------------------ users
    def add_user(self, name: str, role: str, password: str, display: str = "") -> str | None:
        """Returns the recovery code when this first user made the database encrypted."""
        return user_admin.add_user(self, name, role, password, display)

    def set_password(self, name: str, password: str) -> None:
        user_admin.set_password(self, name, password)

    def set_user_role(self, name: str, role: str) -> None:
        user_admin.set_user_role(self, name, role)

    def disable_user(self, name: str) -> None:
        """Also gives the database a new key (sync/store/rekey.py)."""
        user_admin.disable_user(self, name)

    def new_recovery_code(self) -> str:
        """Administrators: a new recovery code, to show once; the old one stops working."""
        return user_admin.new_recovery_code(self)

    def users(self) -> list[User]:
        return user_admin.active_users(self)

    def authenticate(self, name: str, password: str) -> User | None:
        return user_admin.authenticate(self, name, password)

    # ---------------------------------------------------------------- context
    def profile(self, village: str | None = None) -> dict[str, Any]:
        return village_profile(self, village)

    def context(self, village: str | None = None) -> Context:
        return record_context(self, village)

    # ---------------------------------------------------------------- writes
    def add(self, register: str, raw: Mapping[str, Any], *, override_reason: str | None = None,
            village: str | None = None, record_uuid: str | None = None) -> Saved:
        """Validate and save a new record. Errors refuse it unless an admin gives a reason."""
        self.require_edit()
        self.refuse_at_county()
        reg = self.catalog.register(register)
        village = village or self.village_code
        if village is None:
            raise StoreError("乡镇数据库中新增记录须指明所属村（village）")
        if reg.singleton and self.conn.execute(
            f'SELECT 1 FROM "{reg.key}" WHERE _village = ? AND _deleted = 0', (village,)
        ).fetchone():
            raise StoreError(f"{reg.name}每个村只有一条，请修改现有记录")
        return saving.save(self, reg, record_uuid or new_id(), village, raw, override_reason=override_reason)

    def add_many(self, register: str, rows: Iterable[Mapping[str, Any]], *,
                 village: str | None = None, override_reason: str | None = None) -> list[Saved]:
        """Add many records in one transaction (rosters, imports): see ``sync.store.bulk``."""
        return bulk.add_many(self, register, rows, village=village, override_reason=override_reason)

    def edit(self, record_uuid: str, raw: Mapping[str, Any], *,
             override_reason: str | None = None) -> Saved:
        self.require_edit()
        current = self.get(record_uuid)
        if current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”已删除，请先恢复")
        self.refuse_foreign()
        return saving.save(self, current.register, current.uuid, current.village, raw, base=current.values,
                           parent=current.version_id, override_reason=override_reason)

    def delete(self, record_uuid: str, reason: str) -> Saved:
        """A deletion is a version too (a tombstone with who, when and why)."""
        self.require_edit()
        if not reason or not reason.strip():
            raise StoreError("删除记录须填写原因")
        current = self.get(record_uuid)
        if current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”已经删除")
        return self._write(current, current.values, deleted=True, reason=reason.strip())

    def restore(self, record_uuid: str, reason: str | None = None) -> Saved:
        self.require_edit()
        current = self.get(record_uuid)
        if not current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”没有被删除")
        return self._write(current, current.values, deleted=False, reason=reason or "恢复")

    def revert(self, record_uuid: str, version_id: str, reason: str | None = None) -> Saved:
        """A new version whose values are those of an earlier one (history stays whole)."""
        self.require_edit()
        current = self.get(record_uuid)
        self.refuse_foreign()
        old = next((v for v in self.history(record_uuid) if v.version_id == version_id), None)
        if old is None:
            raise StoreError(f"记录 {record_uuid} 没有版本 {version_id}")
        return self._write(current, old.values, deleted=False,
                           reason=reason or f"恢复到 {short_time(old.wall_time)} 的版本")

    def _write(self, current: Record, values: Mapping[str, Any], *, deleted: bool, reason: str) -> Saved:
        self.refuse_foreign()
        with self.transaction():
            version = saving.write_record(self, current.register, current.uuid, current.village, values,
                                          current.version_id, deleted=deleted, reason=reason)
        return Saved(current.uuid, version)

    def validate(self, register: str, raw: Mapping[str, Any], *, record_uuid: str | None = None,
                 village: str | None = None) -> tuple[dict[str, Any], list[Issue]]:
        """What saving would find, without saving: for forms that check as you type."""
        return saving.validate(self, register, raw, record_uuid=record_uuid, village=village)

    def recompute_all(self) -> None:
        """After a settings change: every computed column again (``check`` refreshes the counts)."""
        writer.recompute_all(self)

    # ----------------------------------------------------------------- checks
    def check(self, village: str | None = None, registers: Iterable[str] | None = None) -> list[Issue]:
        """Every rule for every current record (and every register) of the village(s)."""
        return recheck.check(self, village, registers)

