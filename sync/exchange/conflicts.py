"""The conflict review queue: what two sides changed differently, and how a person settles it.

A conflict row is written when a merge finds a field both sides changed differently, or a
deletion on one side and an edit on the other. The merge already chose a provisional
winner, so the data stays usable; resolving makes a new, ordinary version (reason
``解决冲突…``) on top of the record's current version. That version travels like any
other: to the village in a return package, where it settles the same conflict.

"Ours" is the side that was current in this database before the merge, "theirs" the side
that arrived.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.validation import Issue, errors, prepare, value_issues
from sync.exchange.apply import settle_resolved_conflicts
from sync.exchange.merge import RESOLUTION_PREFIX
from sync.store.saving import assess, write_record
from sync.store.store import Record, Saved, Store, StoreError, now_text
from sync.store.users import TOWNSHIP_CONFLICTS, require

OURS, THEIRS = "ours", "theirs"
DELETED_FIELD = "删除状态"  # how the deletion flag is named in a resolution (删除状态=ours)


@dataclass(frozen=True)
class ConflictField:
    field: str | None  # None: the record's deletion state
    base: Any
    ours: Any
    theirs: Any
    merged: Any  # the provisional value now in effect

    @property
    def label(self) -> str:
        return self.field or DELETED_FIELD


@dataclass
class Conflict:
    id: int
    record_uuid: str
    register: str
    register_name: str
    village: str
    title: str
    kind: str
    winner: str
    merge_version: str
    base_version: str | None
    ours_version: str
    theirs_version: str
    ours_from: str  # who made that side, and when
    theirs_from: str
    created_at: str
    fields: list[ConflictField] = field(default_factory=list)
    resolved_at: str | None = None
    resolved_by: str | None = None
    resolution_version: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def as_dict(self, masked: bool = True, store: Store | None = None) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "fields"}
        out["fields"] = [
            {"field": f.field, "label": f.label,
             **{side: _shown(store, self.register, f.field, getattr(f, side), masked)
                for side in ("base", "ours", "theirs", "merged")}}
            for f in self.fields]
        return out


def _shown(store: Store | None, register: str, name: str | None, value: Any, masked: bool) -> Any:
    if not masked or store is None or name is None or not isinstance(value, str):
        return value
    fld = store.catalog.registers[register].by_name.get(name)
    return value if fld is None else fld.masked(value)


def _side(store: Store, version_id: str) -> str:
    row = store.conn.execute("SELECT user, wall_time, device FROM versions WHERE version_id = ?",
                             (version_id,)).fetchone()
    return f"{row[0] or '?'} {row[1] or ''}".strip() if row else ""


def _conflict(store: Store, row: Any) -> Conflict:
    reg = store.catalog.registers[row["register"]]
    current = store.conn.execute(f'SELECT * FROM "{reg.key}" WHERE uuid = ?',
                                 (row["record_uuid"],)).fetchone()
    title = reg.title({f.name: current[f.name] for f in reg.fields}) if current else row["record_uuid"]
    fields = [ConflictField(f["field"], f["base"], f["ours"], f["theirs"], f["merged"])
              for f in json.loads(row["fields"])]
    return Conflict(
        id=row["id"], record_uuid=row["record_uuid"], register=reg.key, register_name=reg.name,
        village=row["village"], title=title, kind=row["kind"], winner=row["winner"],
        merge_version=row["merge_version"], base_version=row["base_version"],
        ours_version=row["ours_version"], theirs_version=row["theirs_version"],
        ours_from=_side(store, row["ours_version"]), theirs_from=_side(store, row["theirs_version"]),
        created_at=row["created_at"], fields=fields, resolved_at=row["resolved_at"],
        resolved_by=row["resolved_by"], resolution_version=row["resolution_version"])


def list_conflicts(store: Store, *, include_resolved: bool = False,
                   village: str | None = None) -> list[Conflict]:
    rows = store.conn.execute(
        "SELECT * FROM conflicts WHERE (? OR resolved_at IS NULL) AND (? IS NULL OR village = ?) "
        "ORDER BY id", (include_resolved, village or None, village or None))
    return [_conflict(store, r) for r in rows]


def get_conflict(store: Store, key: int | str) -> Conflict:
    """A conflict by its number (or its merge version's ID)."""
    text = str(key).strip().lstrip("#")
    row = store.conn.execute("SELECT * FROM conflicts WHERE id = ? OR merge_version = ?",
                             (int(text) if text.isdigit() else -1, text)).fetchone()
    if row is None:
        raise StoreError(f"没有编号为 {key} 的冲突")
    return _conflict(store, row)


def parse_takes(items: Sequence[str]) -> tuple[str | None, dict[str, str]]:
    """``ours`` / ``theirs`` for every field, and ``字段=ours|theirs|值`` for one field."""
    default: str | None = None
    per_field: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            if item.strip() not in (OURS, THEIRS):
                raise StoreError(f"--take 应为 ours、theirs 或 字段=值，而不是“{item}”")
            default = item.strip()
        elif not name.strip():
            raise StoreError(f"--take 的格式应为 字段=值，而不是“{item}”")
        else:
            per_field[name.strip()] = value
    return default, per_field


def resolve(store: Store, key: int | str, default: str | None = None,
            choices: Mapping[str, Any] | None = None) -> Saved:
    """Settle a conflict with a new version of the record.

    ``default`` (``ours``/``theirs``) applies to every conflicting field and to the deletion
    state; ``choices`` maps a field (or ``删除状态``) to ``ours``, ``theirs`` or a value typed
    by a person. Fields not named keep the provisional value.
    """
    store.require_edit()
    if store.is_township:
        require(store.user, TOWNSHIP_CONFLICTS)
    conflict = get_conflict(store, key)
    if not conflict.is_open:
        raise StoreError(f"冲突 {conflict.id} 已于 {conflict.resolved_at} 由 {conflict.resolved_by} 解决")
    choices = dict(choices or {})
    known = {f.label for f in conflict.fields}
    unknown = [name for name in choices if name not in known]
    if unknown:
        raise StoreError(f"冲突 {conflict.id} 中没有字段“{unknown[0]}”；"
                         f"有冲突的字段：{'、'.join(sorted(known))}")
    record = store.get(conflict.record_uuid)
    reg = record.register
    values = {f.name: record.values.get(f.name) for f in reg.input_fields}
    deleted = record.deleted
    typed: dict[str, Any] = {}
    taken: list[str] = []
    for f in conflict.fields:
        choice = choices.get(f.label, default)
        if choice is None:
            continue
        if choice in (OURS, THEIRS):
            value = f.ours if choice == OURS else f.theirs
            taken.append(f"{f.label}取{'本机' if choice == OURS else '对方'}的值")
        elif f.field is None:
            raise StoreError(f"{DELETED_FIELD} 只能取 ours 或 theirs")
        else:
            typed[f.field] = choice
            taken.append(f"{f.label}填写为新值")
            continue
        if f.field is None:
            deleted = bool(value)
        else:
            values[f.field] = value
    if typed:
        parsed, issues = prepare(reg, typed, values)
        # A typed value must be one the form would accept (a phone that is a phone).
        issues += [i for i in value_issues(reg, parsed) if i.field in typed]
        if issues:
            raise StoreError("；".join(i.message for i in issues))
        values.update({k: parsed[k] for k in typed})
    issues = _resolution_issues(store, record, values, deleted)
    reason = f"{RESOLUTION_PREFIX}（第 {conflict.id} 号）：{'；'.join(taken) or '保留暂定结果'}"
    with store.transaction():
        version_id = write_record(store, reg, record.uuid, record.village, values, record.version_id,
                                  deleted=deleted, reason=reason, issues=issues)
        store.conn.execute(
            "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution_version = ? WHERE id = ?",
            (now_text(), store.user.name, version_id, conflict.id))
        settle_resolved_conflicts(store, {record.uuid: version_id})
    return Saved(record.uuid, version_id, issues or [])


def _resolution_issues(store: Store, record: Record, values: dict[str, Any],
                       deleted: bool) -> list[Issue] | None:
    """The record's rules on the resolved values, as ``Store.edit`` checks them (and, as it does,
    with their derived fields filled in ``values``).

    An error the resolution brings refuses it, naming the field, so a person takes the other
    side or types another value; warnings are kept and counted. Errors the record already
    had (an administrator saved it with a reason) do not block: the provisional result can
    always be kept.
    """
    if deleted:
        return None  # a tombstone is not checked, as in Store.delete
    reg = record.register
    ctx = store.context(record.village)

    def check(vals: dict[str, Any]) -> list[Issue]:
        return assess(store, reg, record.uuid, record.village, vals, ctx=ctx)[1]  # the steps of a save

    issues = check(values)
    had = set() if record.deleted else {(i.rule, i.field, i.message)
                                        for i in errors(check(dict(record.values)))}
    brought = [i for i in errors(issues) if (i.rule, i.field, i.message) not in had]
    if brought:
        raise StoreError("按此裁决保存会产生错误：" + "；".join(i.message for i in brought)
                         + "。请改选另一方的值，或填写正确的值。")
    return issues
