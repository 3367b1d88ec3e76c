"""Adding many records at once: one transaction, one context, executemany.

``Store.add`` checks one record against the database with a handful of queries, which
is right for a form but far too slow for a 10,000-row roster or a 100,000-volunteer
benchmark. ``add_many`` gives each row exactly the same validation, derived and computed
fields, and the same versions and current rows, but looks up what it needs from the
database once per batch and writes with ``executemany``. All or nothing: the first row
with an error rolls the whole batch back and is reported by its position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from forms.identifiers import mask_id
from forms.validation import (
    Issue,
    RecordInvalid,
    Reporter,
    check_record,
    computed_values,
    errors,
    fill_derived,
    prepare,
)
from sync.store import search

if TYPE_CHECKING:
    from forms.model import Register
    from sync.store.store import Saved, Store


class RowInvalid(RecordInvalid):
    """A batch row with errors; ``index`` is its 0-based position in the batch."""

    def __init__(self, index: int, issues: list[Issue]) -> None:
        super().__init__(issues)
        self.index = index


def _existing(store: Store, table: str, column: str, village: str | None) -> set[str]:
    sql = f'SELECT "{column}" FROM "{table}" WHERE _deleted = 0 AND "{column}" IS NOT NULL'
    args: list[Any] = []
    if village is not None:
        sql += " AND _village = ?"
        args.append(village)
    return {r[0] for r in store.conn.execute(sql, args)}


class _Batch:
    """The rows of one register being added together, and what they must be checked against."""

    def __init__(self, store: Store, reg: Register, village: str, override_reason: str | None) -> None:
        from sync.store.store import now_text

        self.store, self.reg, self.village, self.override = store, reg, village, override_reason
        # New records have no service records yet, so their hours are 0 without asking SQLite.
        self.ctx = replace(store.context(village), service_hours={})
        self.people = _existing(store, reg.key, reg.person_field, village) if reg.person_field else set()
        self.targets = {f.name: _existing(store, f.ref, "uuid", None)  # type: ignore[arg-type]
                        for f in reg.input_fields if f.type_name == "ref"}
        self.input_names = [f.name for f in reg.input_fields]
        self.sql_fields = [(f.name, f.type.to_sql) for f in reg.fields]
        self.user, self.device, self.wall = store.user.name, store.device_id, now_text()
        self.with_index = search.table_exists(store.conn)
        self.versions: list[tuple[Any, ...]] = []
        self.current: list[list[Any]] = []
        self.index_rows: list[tuple[str, str, str, str]] = []
        self.saved: list[Saved] = []

    def add(self, position: int, raw: Mapping[str, Any]) -> None:
        from sync.store.store import Saved, dumps, new_id

        reg, store = self.reg, self.store
        record_uuid = new_id()
        values, issues = prepare(reg, store._resolve_refs(reg, raw, self.village) if self.targets else raw)
        fill_derived(reg, values)
        full = {**values, "uuid": record_uuid}
        full.update(computed_values(reg, full, self.ctx))
        issues = issues + check_record(reg, full, self.ctx, record_uuid)
        issues += self._batch_issues(record_uuid, values)
        blocking = errors(issues)
        if blocking and not self.override:
            raise RowInvalid(position, blocking)
        stamp = str(store.clock.now())
        version_id = new_id()
        reason = f"带错误保存：{self.override}" if blocking else None
        self.versions.append((version_id, record_uuid, reg.key, self.village, stamp, self.device, self.user,
                              reason, dumps({n: values.get(n) for n in self.input_names}), self.wall))
        self.current.append([to_sql(full.get(name)) for name, to_sql in self.sql_fields]
                            + [record_uuid, self.village, version_id, stamp, self.wall, self.user,
                               self.wall, self.user, len(blocking), len(issues) - len(blocking)])
        if self.with_index:
            self.index_rows.append((record_uuid, reg.key, search.search_text(reg, full),
                                    search.sort_key(reg, full)))
        self.saved.append(Saved(record_uuid, version_id, issues))

    def _batch_issues(self, record_uuid: str, values: Mapping[str, Any]) -> list[Issue]:
        """Duplicates and references, against the database and the rows before this one."""
        reg = self.reg
        report = Reporter(reg.key, self.store.catalog)
        person = values.get(reg.person_field) if reg.person_field else None
        if person:
            if person in self.people:
                report.add("R-DUP", "dup", reg.person_field, record_uuid, masked=mask_id(person), n=2,
                           names=reg.title(values))
            self.people.add(person)
        for name, known in self.targets.items():
            if values.get(name) and values[name] not in known:
                report.add("R-VALUE", "invalid", name, record_uuid,
                           problem=f"找不到编号为 {values[name]} 的记录")
        return report.issues

    def write(self) -> None:
        conn = self.store.conn
        columns = [name for name, _ in self.sql_fields] + [
            "uuid", "_village", "_version", "_hlc", "_created_at", "_created_by", "_modified_at",
            "_modified_by", "_errors", "_warnings"]
        col_sql = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        conn.executemany(
            "INSERT INTO versions(version_id, record_uuid, register, village, parent_id, merge_parent_id, "
            "hlc, device, user, deleted, reason, data, origin, wall_time) "
            "VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, 0, ?, ?, 'local', ?)", self.versions)
        conn.executemany(f'INSERT INTO "{self.reg.key}" ({col_sql}) VALUES ({marks})', self.current)
        if self.index_rows:
            conn.executemany(f"INSERT OR REPLACE INTO {search.TABLE}(uuid, register, text, sort_key) "
                             "VALUES (?, ?, ?, ?)", self.index_rows)


def add_many(store: Store, register: str, rows: Iterable[Mapping[str, Any]], *,
             village: str | None = None, override_reason: str | None = None) -> list[Saved]:
    """Validate and add every row in one transaction; the first row with errors refuses all."""
    store._require_edit()
    if override_reason:
        from sync.store.users import OVERRIDE, require

        require(store.user, OVERRIDE)
    reg = store.catalog.register(register)
    village = village or store.village_code
    if village is None:
        raise ValueError("乡镇数据库中新增记录须指明所属村（village）")
    # The clock advances while rows are built: build inside the transaction so its state is saved.
    with store.transaction():
        batch = _Batch(store, reg, village, override_reason)
        for position, raw in enumerate(rows):
            batch.add(position, raw)
        batch.write()
        _after_batch(store, reg.key, village, batch.saved)
    return batch.saved


def _after_batch(store: Store, register: str, village: str, saved: list[Saved]) -> None:
    """Checks across the batch and the computed fields of the records it touched."""
    if register == "volunteer_services" and saved:
        touched = {r[0] for r in store.conn.execute(
            'SELECT DISTINCT "志愿者" FROM volunteer_services WHERE uuid IN (SELECT value FROM json_each(?))',
            (_json([s.uuid for s in saved]),))}
        over = store.conn.execute(
            'SELECT v."姓名", s."服务日期", SUM(s."服务时长") FROM volunteer_services s '
            'JOIN volunteers v ON v.uuid = s."志愿者" WHERE s._deleted = 0 '
            'AND s."志愿者" IN (SELECT value FROM json_each(?)) '
            'GROUP BY s."志愿者", s."服务日期" HAVING SUM(s."服务时长") > 24 LIMIT 1',
            (_json(sorted(touched)),)).fetchone()
        if over:
            report = Reporter(register, store.catalog)
            report.add("R-HOURS", "day", "服务时长", name=over[0], day=over[1], total=f"{over[2]:g}")
            raise RowInvalid(-1, report.issues)
        _refresh_hours(store, touched)
    elif register == "committee_members":
        uuids = [r[0] for r in store.conn.execute(
            "SELECT uuid FROM supervisory_committee WHERE _village = ?", (village,))]
        store.refresh_computed("supervisory_committee", uuids)


def _json(items: list[str]) -> str:
    import json

    return json.dumps(items)


def _refresh_hours(store: Store, volunteers: set[str]) -> None:
    """累计服务时长 and 星级 of many volunteers in two statements."""
    from forms.compute import star_for_hours

    thresholds = list(store.settings()["star_thresholds"])
    hours: dict[str, float] = defaultdict(float)
    for uuid, total in store.conn.execute(
        'SELECT "志愿者", SUM("服务时长") FROM volunteer_services WHERE _deleted = 0 '
        'AND "志愿者" IN (SELECT value FROM json_each(?)) GROUP BY "志愿者"', (_json(sorted(volunteers)),)):
        hours[uuid] = round(float(total), 2)
    store.conn.executemany(
        'UPDATE volunteers SET "累计服务时长" = ?, "星级" = ? WHERE uuid = ?',
        [(hours[v], star_for_hours(hours[v], thresholds), v) for v in volunteers])
