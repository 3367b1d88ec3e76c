"""The local store: registers in SQLite with a version history that is never rewritten.

Every change is a new row in ``versions`` (random version ID, parent version, hybrid
logical clock, device, user, full values, deleted flag); the register's current-state
table is updated in the same transaction. Nothing depends on a per-device counter, so
a PC restored from an old copy of its database and the township merging packages in any
order stay consistent (see ``../shared/domain/sync.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from forms.compute import Context
from forms.identifiers import division_code_problem
from forms.model import Catalog, Register, catalog
from forms.validation import (
    Issue,
    RecordInvalid,
    Reporter,
    check_record,
    check_register,
    computed_values,
    errors,
    fill_derived,
    prepare,
)
from sync.store import choices, search
from sync.store import users as user_admin
from sync.store.current import current_row, upsert_sql
from sync.store.disk_full import DiskFull, disk_full, is_disk_full
from sync.store.errors import StoreError
from sync.store.hlc import Clock, Timestamp
from sync.store.open_checks import open_checked
from sync.store.record_context import record_context, village_profile
from sync.store.schema import migrate
from sync.store.settings import change_setting, read_settings
from sync.store.users import ADMIN, COMMAND_LINE, PermissionDenied, User
from sync.store.versions import VersionRow, short_time

VILLAGE = "village"
TOWNSHIP = "township"


def new_id() -> str:
    """A random (version 4) UUID as 32 hex digits; cheaper than uuid.uuid4().hex in bulk."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


def dumps(values: Mapping[str, Any]) -> str:
    """Canonical JSON of a record's values: the same values always give the same text."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Saved:
    uuid: str
    version_id: str
    issues: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    uuid: str
    register: Register
    village: str
    version_id: str
    deleted: bool
    values: dict[str, Any]
    created_at: str
    created_by: str
    modified_at: str
    modified_by: str

    @property
    def title(self) -> str:
        return self.register.title(self.values)


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before it returns, so a power cut loses nothing typed.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Store:
    """One open database. Not shared across threads: open one Store per thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection, user: User | None = None,
                 cat: Catalog | None = None) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        # The definitions, and (``reload_choices``) the catalog with this database's
        # choice-list additions (sync/store/choices.py): what every check and form here uses.
        self.base_catalog = cat or catalog()
        self.catalog = self.base_catalog
        self._data_version = -1
        self._choices_in_transaction = False
        self.reload_choices()
        self.meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
        self.user = user or User(COMMAND_LINE, ADMIN, COMMAND_LINE)
        self.clock = Clock(Timestamp.parse(self.meta.get("hlc_last", "0.0")))
        self.today: dt.date | None = None  # tests pin the date; None means the real today
        self.read_only: str | None = None  # why nothing may be written (a read-only medium)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | os.PathLike[str], user: User | None = None) -> Store:
        path = Path(path)
        try:
            # Checked before anything is changed (sync/store/open_checks.py).
            conn, read_only = open_checked(path, connect, lambda c: migrate(c, catalog()))
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                raise disk_full(path) from exc
            raise StoreError(f"{path} 不是村务台账数据库或已损坏：{exc}") from exc
        store = cls(path, conn, user)
        store.read_only = read_only
        return store

    @classmethod
    def _create(cls, path: str | os.PathLike[str], meta: dict[str, str]) -> Store:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise StoreError(f"{path} 已存在，不会覆盖")
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(path)
        migrate(conn, catalog())
        meta = {**meta, "device_id": new_id(), "database_id": new_id(), "created_at": now_text(),
                "hlc_last": "0.0"}
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
        conn.execute("COMMIT")
        return cls(path, conn)

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
        problem = division_code_problem(code, 9)
        if problem:
            raise StoreError(f"乡镇统计用区划代码“{code}”：{problem}")
        if not name.strip():
            raise StoreError("乡镇名称不能为空")
        return cls._create(path, {"kind": TOWNSHIP, "township_code": code,
                                  "township_name": name.strip()})

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- identity
    @property
    def kind(self) -> str:
        return self.meta["kind"]

    @property
    def is_township(self) -> bool:
        return self.kind == TOWNSHIP

    @property
    def village_code(self) -> str | None:
        return self.meta.get("village_code")

    @property
    def village_name(self) -> str:
        return self.meta.get("village_name") or self.meta.get("township_name", "")

    @property
    def device_id(self) -> str:
        return self.meta["device_id"]

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        self.meta[key] = value

    def reference_date(self) -> dt.date:
        return self.today or dt.date.today()

    # ----------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes go through here: one IMMEDIATE transaction, or a savepoint inside one."""
        if self.read_only:
            raise StoreError(self.read_only)
        if self.conn.in_transaction:
            name = f"sp_{new_id()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException as exc:
                if self.conn.in_transaction:  # SQLite itself rolls back the whole transaction on a full disk
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                self._catalog_after_rollback()
                if is_disk_full(exc) and not isinstance(exc, DiskFull):
                    raise disk_full(self.path) from exc
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        clock_before = self.clock.last
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            if self.clock.last != clock_before:
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc_last', ?)",
                                  (str(self.clock.last),))
            self.conn.execute("COMMIT")
            self._choices_in_transaction = False
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite itself rolls back on a full disk
                self.conn.execute("ROLLBACK")
            self._catalog_after_rollback()
            if is_disk_full(exc) and not isinstance(exc, DiskFull):
                raise disk_full(self.path) from exc
            raise

    def _require_edit(self) -> None:
        if not self.user.can_edit:
            raise PermissionDenied(f"用户“{self.user.name}”（{self.user.role}）只能查看，不能修改数据")

    # --------------------------------------------------------------- settings
    def settings(self) -> dict[str, Any]:
        return read_settings(self)

    def set_setting(self, key: str, value: Any) -> None:
        change_setting(self, key, value)

    # ----------------------------------------------------------- choice lists
    def reload_choices(self) -> set[str]:
        """Rebuild ``catalog`` from the definitions and ``choice_additions``; the lists that changed."""
        before = self.catalog
        self.catalog = choices.effective_catalog(self.base_catalog, choices.load(self.conn))
        if self.conn.in_transaction:
            self._choices_in_transaction = True  # a rollback must take the lists back too
        return {name for name, lst in self.catalog.choices.items() if before.choices.get(name) != lst}

    def refresh_catalog(self) -> bool:
        """Pick up choice lists another connection (the worker thread) changed; True if any did."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._data_version = version
        return bool(self.reload_choices())

    def _catalog_after_rollback(self) -> None:
        if self._choices_in_transaction:
            self._choices_in_transaction = self.conn.in_transaction
            try:
                self.reload_choices()
            except sqlite3.Error:
                pass  # the database is failing: the exception being raised says so

    def choice_additions(self) -> list[Any]:
        """Every value and alias added to a choice list here (``sync.store.choices.AddedChoice``)."""
        return choices.load(self.conn)

    def add_choice_value(self, list_name: str, value: str) -> Any:
        """Township administrators: a new value in a choice list (sent to villages with returns)."""
        return choices.add_value(self, list_name, value)

    def add_choice_alias(self, list_name: str, alias: str, value: str) -> Any:
        """Township administrators: another way of writing one of a list's values."""
        return choices.add_alias(self, list_name, alias, value)

    # ------------------------------------------------------------------ users
    def add_user(self, name: str, role: str, password: str, display: str = "") -> None:
        user_admin.add_user(self, name, role, password, display)

    def set_password(self, name: str, password: str) -> None:
        user_admin.set_password(self, name, password)

    def set_user_role(self, name: str, role: str) -> None:
        user_admin.set_user_role(self, name, role)

    def disable_user(self, name: str) -> None:
        user_admin.disable_user(self, name)

    def users(self) -> list[User]:
        return user_admin.active_users(self)

    def authenticate(self, name: str, password: str) -> User | None:
        return user_admin.authenticate(self, name, password)

    def _audit(self, action: str, detail: str) -> None:
        self.conn.execute("INSERT INTO audit(at, user, action, detail) VALUES (?, ?, ?, ?)",
                          (now_text(), self.user.name, action, detail))

    # ---------------------------------------------------------------- context
    def profile(self, village: str | None = None) -> dict[str, Any]:
        return village_profile(self, village)

    def context(self, village: str | None = None) -> Context:
        return record_context(self, village)

    # ------------------------------------------------------------------ reads
    def _values(self, reg: Register, row: Mapping[str, Any]) -> dict[str, Any]:
        return {f.name: f.type.from_sql(row[f.name]) for f in reg.fields}

    def register_of(self, record_uuid: str) -> Register:
        row = self.conn.execute("SELECT register FROM versions WHERE record_uuid = ? LIMIT 1",
                                (record_uuid,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return self.catalog.registers[row["register"]]

    def get(self, record_uuid: str) -> Record:
        record_uuid = record_uuid.strip().lower().replace("-", "")
        reg = self.register_of(record_uuid)
        row = self.conn.execute(f'SELECT * FROM "{reg.key}" WHERE uuid = ?', (record_uuid,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return Record(
            uuid=row["uuid"], register=reg, village=row["_village"], version_id=row["_version"],
            deleted=bool(row["_deleted"]), values=self._values(reg, row),
            created_at=row["_created_at"] or "", created_by=row["_created_by"] or "",
            modified_at=row["_modified_at"] or "", modified_by=row["_modified_by"] or "",
        )

    def records(self, register: str, village: str | None = None,
                include_deleted: bool = False) -> list[dict[str, Any]]:
        """Current records of a register as canonical values plus ``uuid`` and ``_village``."""
        reg = self.catalog.register(register)
        sql = f'SELECT * FROM "{reg.key}" WHERE 1=1'
        args: list[Any] = []
        if not include_deleted:
            sql += " AND _deleted = 0"
        if village:
            sql += " AND _village = ?"
            args.append(village)
        sql += " ORDER BY _created_at, rowid"
        out = []
        for row in self.conn.execute(sql, args):
            values = self._values(reg, row)
            values["uuid"] = row["uuid"]
            values["_village"] = row["_village"]
            if include_deleted:
                values["_deleted"] = bool(row["_deleted"])
            out.append(values)
        return out

    def count(self, register: str, village: str | None = None) -> int:
        reg = self.catalog.register(register)
        sql = f'SELECT COUNT(*) FROM "{reg.key}" WHERE _deleted = 0'
        args = []
        if village:
            sql += " AND _village = ?"
            args.append(village)
        return self.conn.execute(sql, args).fetchone()[0]

    def history(self, record_uuid: str) -> list[VersionRow]:
        rows = self.conn.execute(
            "SELECT * FROM versions WHERE record_uuid = ? ORDER BY hlc, device, version_id",
            (record_uuid.strip().lower(),),
        )
        versions = [VersionRow.from_mapping(r) for r in rows]
        if not versions:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return versions

    def villages(self) -> list[str]:
        """Every village code that has a record in any register (township: all merged villages)."""
        union = " UNION ".join(f'SELECT DISTINCT _village FROM "{r.key}"'
                               for r in self.catalog.ordered(include_profile=True))
        return [r[0] for r in self.conn.execute(union + " ORDER BY 1")]

    # ---------------------------------------------------------------- writes
    def add(self, register: str, raw: Mapping[str, Any], *, override_reason: str | None = None,
            village: str | None = None, record_uuid: str | None = None) -> Saved:
        """Validate and save a new record. Errors refuse it unless an admin gives a reason."""
        self._require_edit()
        reg = self.catalog.register(register)
        village = village or self.village_code
        if village is None:
            raise StoreError("乡镇数据库中新增记录须指明所属村（village）")
        record_uuid = record_uuid or new_id()
        if reg.singleton and self.conn.execute(
            f'SELECT 1 FROM "{reg.key}" WHERE _village = ? AND _deleted = 0', (village,)
        ).fetchone():
            raise StoreError(f"{reg.name}每个村只有一条，请修改现有记录")
        values, issues = prepare(reg, self._resolve_refs(reg, raw, village))
        with self.transaction():
            return self._save(reg, record_uuid, village, values, issues, None, override_reason)

    def add_many(self, register: str, rows: Iterable[Mapping[str, Any]], *,
                 village: str | None = None, override_reason: str | None = None) -> list[Saved]:
        """Add many records in one transaction (rosters, imports): see ``sync.store.bulk``."""
        from sync.store.bulk import add_many

        return add_many(self, register, rows, village=village, override_reason=override_reason)

    def edit(self, record_uuid: str, raw: Mapping[str, Any], *,
             override_reason: str | None = None) -> Saved:
        self._require_edit()
        current = self.get(record_uuid)
        if current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”已删除，请先恢复")
        self._refuse_foreign(current)
        reg = current.register
        values, issues = prepare(reg, self._resolve_refs(reg, raw, current.village), current.values)
        with self.transaction():
            return self._save(reg, current.uuid, current.village, values, issues,
                              current.version_id, override_reason)

    def delete(self, record_uuid: str, reason: str) -> Saved:
        """A deletion is a version too (a tombstone with who, when and why)."""
        self._require_edit()
        if not reason or not reason.strip():
            raise StoreError("删除记录须填写原因")
        current = self.get(record_uuid)
        if current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”已经删除")
        self._refuse_foreign(current)
        input_values = {f.name: current.values[f.name] for f in current.register.input_fields}
        with self.transaction():
            version = self._write(current.register, current.uuid, current.village, input_values,
                                  current.version_id, deleted=True, reason=reason.strip())
            return Saved(current.uuid, version)

    def restore(self, record_uuid: str, reason: str | None = None) -> Saved:
        self._require_edit()
        current = self.get(record_uuid)
        if not current.deleted:
            raise StoreError(f"{current.register.name}“{current.title}”没有被删除")
        self._refuse_foreign(current)
        input_values = {f.name: current.values[f.name] for f in current.register.input_fields}
        with self.transaction():
            version = self._write(current.register, current.uuid, current.village, input_values,
                                  current.version_id, deleted=False, reason=reason or "恢复")
            return Saved(current.uuid, version)

    def revert(self, record_uuid: str, version_id: str, reason: str | None = None) -> Saved:
        """A new version whose values are those of an earlier one (history stays whole)."""
        self._require_edit()
        current = self.get(record_uuid)
        self._refuse_foreign(current)
        old = next((v for v in self.history(record_uuid) if v.version_id == version_id), None)
        if old is None:
            raise StoreError(f"记录 {record_uuid} 没有版本 {version_id}")
        with self.transaction():
            version = self._write(current.register, current.uuid, current.village, old.values,
                                  current.version_id, deleted=False,
                                  reason=reason or f"恢复到 {short_time(old.wall_time)} 的版本")
            return Saved(current.uuid, version)

    def _refuse_foreign(self, current: Record) -> None:
        if self.is_township and not self.user.is_admin:
            raise PermissionDenied("乡镇数据库中的村数据只读")

    def _resolve_refs(self, reg: Register, raw: Mapping[str, Any], village: str) -> dict[str, Any]:
        """Let a person name a referenced record by its ID number or name, not only its UUID."""
        out = dict(raw)
        for fld in reg.input_fields:
            if fld.type_name != "ref" or not isinstance(out.get(fld.name), str):
                continue
            text = out[fld.name].strip()
            if not text or len(text.replace("-", "")) == 32:
                continue
            target = self.catalog.registers[fld.ref]  # type: ignore[index]
            candidates: list[str] = []
            if target.person_field:
                candidates = [r[0] for r in self.conn.execute(
                    f'SELECT uuid FROM "{target.key}" WHERE "{target.person_field}" = ? '
                    "AND +_village = ? AND +_deleted = 0", (text.upper(), village))]
            if not candidates and target.title_field:
                candidates = [r[0] for r in self.conn.execute(
                    f'SELECT uuid FROM "{target.key}" WHERE "{target.title_field}" = ? '
                    "AND +_village = ? AND +_deleted = 0", (text, village))]
            if len(candidates) == 1:
                out[fld.name] = candidates[0]
            elif len(candidates) > 1:
                raise StoreError(f"{fld.name}：“{text}”对应多条{target.name}记录，请填写证件号码")
            else:
                raise StoreError(f"{fld.name}：找不到“{text}”，请先登记该{target.name}")
        return out

    def _store_issues(self, reg: Register, record_uuid: str, village: str,
                      values: Mapping[str, Any]) -> list[Issue]:
        """Checks that need other records: duplicates, references, hours per day."""
        report = Reporter(reg.key, self.catalog)
        if reg.person_field and values.get(reg.person_field):
            # The unary + keeps SQLite on the ID-number index: without statistics it would
            # pick the (_village, _deleted) index and scan the whole village per record.
            twins = self.conn.execute(
                f'SELECT "{reg.title_field}" FROM "{reg.key}" WHERE "{reg.person_field}" = ? '
                "AND +_village = ? AND +_deleted = 0 AND uuid != ?",
                (values[reg.person_field], village, record_uuid),
            ).fetchall()
            if twins:
                from forms.identifiers import mask_id

                names = "、".join([reg.title(values), *(t[0] or "" for t in twins)])
                report.add("R-DUP", "dup", reg.person_field, record_uuid,
                           masked=mask_id(values[reg.person_field]), n=len(twins) + 1, names=names)
        for fld in reg.input_fields:
            if fld.type_name == "ref" and values.get(fld.name):
                target = self.catalog.registers[fld.ref]  # type: ignore[index]
                found = self.conn.execute(
                    f'SELECT 1 FROM "{target.key}" WHERE uuid = ? AND _deleted = 0',
                    (values[fld.name],)).fetchone()
                if not found:
                    report.add("R-VALUE", "invalid", fld.name, record_uuid,
                               problem=f"找不到编号为 {values[fld.name]} 的{target.name}记录")
        if reg.key == "volunteer_services" and values.get("志愿者") and values.get("服务日期"):
            other = self.conn.execute(
                'SELECT COALESCE(SUM("服务时长"), 0) FROM volunteer_services WHERE "志愿者" = ? '
                'AND "服务日期" = ? AND _deleted = 0 AND uuid != ?',
                (values["志愿者"], values["服务日期"], record_uuid)).fetchone()[0]
            total = other + (values.get("服务时长") or 0)
            if other > 0 and total > 24:  # a single record over 24 h is R-HOURS of the record
                name = self.conn.execute('SELECT "姓名" FROM volunteers WHERE uuid = ?',
                                         (values["志愿者"],)).fetchone()
                report.add("R-HOURS", "day", "服务时长", record_uuid, name=name[0] if name else "",
                           day=values["服务日期"], total=f"{total:g}")
        return report.issues

    def validate(self, register: str, raw: Mapping[str, Any], *, record_uuid: str | None = None,
                 village: str | None = None) -> tuple[dict[str, Any], list[Issue]]:
        """What saving would find, without saving: for forms that check as you type."""
        reg = self.catalog.register(register)
        village = village or self.village_code or ""
        base = self.get(record_uuid).values if record_uuid else None
        values, issues = prepare(reg, self._resolve_refs(reg, raw, village), base)
        fill_derived(reg, values)
        ctx = self.context(village)
        full = {**values, "uuid": record_uuid or ""}
        full.update(computed_values(reg, full, ctx))
        issues = issues + check_record(reg, full, ctx, record_uuid)
        issues += self._store_issues(reg, record_uuid or "", village, values)
        return full, issues

    def _save(self, reg: Register, record_uuid: str, village: str, values: dict[str, Any],
              issues: list[Issue], parent: str | None, override_reason: str | None) -> Saved:
        fill_derived(reg, values)
        ctx = self.context(village)
        full = {**values, "uuid": record_uuid}
        full.update(computed_values(reg, full, ctx))
        issues = issues + check_record(reg, full, ctx, record_uuid)
        issues += self._store_issues(reg, record_uuid, village, values)
        blocking = errors(issues)
        if blocking:
            if not override_reason:
                raise RecordInvalid(blocking)
            if not self.user.is_admin:
                raise PermissionDenied("有错误的记录只有管理员可以填写原因后保存")
        reason = f"带错误保存：{override_reason}" if blocking and override_reason else None
        version = self._write(reg, record_uuid, village, values, parent, deleted=False,
                              reason=reason, ctx=ctx, issues=issues)
        return Saved(record_uuid, version, issues)

    def _write(self, reg: Register, record_uuid: str, village: str, values: Mapping[str, Any],
               parent: str | None, *, deleted: bool, reason: str | None = None,
               ctx: Context | None = None, issues: list[Issue] | None = None) -> str:
        """Append a version and make it current. Caller holds the transaction."""
        version_id = new_id()
        stamp = str(self.clock.now())
        wall = now_text()
        input_values = {f.name: values.get(f.name) for f in reg.input_fields}
        self.conn.execute(
            "INSERT INTO versions(version_id, record_uuid, register, village, parent_id, "
            "merge_parent_id, hlc, device, user, deleted, reason, data, origin, wall_time) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 'local', ?)",
            (version_id, record_uuid, reg.key, village, parent, stamp, self.device_id,
             self.user.name, int(deleted), reason, dumps(input_values), wall),
        )
        self.put_current(reg, record_uuid, village, input_values, version_id, stamp, deleted,
                         self.user.name, wall, ctx=ctx, issues=issues)
        return version_id

    def put_current(self, reg: Register, record_uuid: str, village: str,
                    values: Mapping[str, Any], version_id: str, stamp: str, deleted: bool,
                    user: str, wall: str, *, ctx: Context | None = None,
                    issues: list[Issue] | None = None) -> None:
        """Make a version the current state of its record (used by local edits and merging)."""
        existing = self.conn.execute(f'SELECT _created_at, _created_by FROM "{reg.key}" WHERE uuid = ?',
                                     (record_uuid,)).fetchone()
        created_at, created_by = (existing[0], existing[1]) if existing else (wall, user)
        row, full = current_row(reg, record_uuid, village, values, ctx or self.context(village),
                                version_id=version_id, hlc=stamp, deleted=deleted, created_at=created_at,
                                created_by=created_by, modified_at=wall, modified_by=user, issues=issues)
        self.conn.execute(upsert_sql(reg), row)
        search.index_record(self.conn, reg, record_uuid, full)
        self._refresh_dependents(reg, village, full)

    def _refresh_dependents(self, reg: Register, village: str, values: Mapping[str, Any]) -> None:
        """Computed fields that depend on other records follow the records they depend on."""
        if reg.key == "volunteer_services" and values.get("志愿者"):
            self.refresh_computed("volunteers", [values["志愿者"]])
        elif reg.key == "committee_members":
            uuids = [r[0] for r in self.conn.execute(
                "SELECT uuid FROM supervisory_committee WHERE _village = ?", (village,))]
            self.refresh_computed("supervisory_committee", uuids)
        elif reg.key == "village_profile":
            pass

    def refresh_computed(self, register: str, uuids: Iterable[str]) -> None:
        """Recompute computed columns of some records without making new versions."""
        reg = self.catalog.registers[register]
        contexts: dict[str, Context] = {}
        for record_uuid in uuids:
            row = self.conn.execute(f'SELECT * FROM "{reg.key}" WHERE uuid = ?',
                                    (record_uuid,)).fetchone()
            if row is None:
                continue
            ctx = contexts.get(row["_village"]) or contexts.setdefault(
                row["_village"], self.context(row["_village"]))
            values = {**self._values(reg, row), "uuid": record_uuid}
            for fld in reg.computed_fields:
                values.pop(fld.name, None)
            computed = computed_values(reg, values, ctx)
            sets = ", ".join(f'"{k}" = ?' for k in computed)
            self.conn.execute(f'UPDATE "{reg.key}" SET {sets} WHERE uuid = ?',
                              [*(reg.field(k).type.to_sql(v) for k, v in computed.items()),
                               record_uuid])

    def recompute_all(self) -> None:
        """After a settings change: every computed column again (``check`` refreshes the counts)."""
        for reg in self.catalog.ordered(include_profile=True):
            if reg.computed_fields:
                uuids = [r[0] for r in self.conn.execute(f'SELECT uuid FROM "{reg.key}"')]
                self.refresh_computed(reg.key, uuids)

    # ----------------------------------------------------------------- checks
    def check(self, village: str | None = None, registers: Iterable[str] | None = None) -> list[Issue]:
        """Every rule for every current record (and every register) of the village(s)."""
        villages = [village] if village else (self.villages() or [self.village_code or ""])
        regs = [self.catalog.register(r) for r in registers] if registers else self.catalog.ordered()
        found: list[Issue] = []
        for code in villages:
            ctx = self.context(code)
            for reg in regs:
                records = self.records(reg.key, village=code)
                counts: list[tuple[int, int, str]] = []
                for rec in records:
                    rec_issues = check_record(reg, rec, ctx, rec["uuid"])
                    rec_issues += self._store_issues(reg, rec["uuid"], code, rec)
                    # The register rule reports each duplicate once; the counts keep both twins.
                    found.extend(_with_village([i for i in rec_issues if i.rule != "R-DUP"], code))
                    n_err = sum(1 for i in rec_issues if i.severity == "error")
                    counts.append((n_err, len(rec_issues) - n_err, rec["uuid"]))
                found.extend(check_register(reg, records, ctx, code))
                with self.transaction():
                    self.conn.executemany(
                        f'UPDATE "{reg.key}" SET _errors = ?, _warnings = ? WHERE uuid = ?', counts)
        return found


def _with_village(issues: list[Issue], village: str) -> list[Issue]:
    return [Issue(i.rule, i.severity, i.register, i.field, i.message, i.record, village)
            for i in issues]
