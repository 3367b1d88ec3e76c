"""Import an Excel roster into a register (``cunwu import-excel`` and the GUI import).

Every data row goes through the store exactly as if the clerk had typed it, so every rule
of the register applies. The whole roster is applied in one transaction: by default a
roster with any bad row imports nothing (the clerk fixes the file and imports again);
with ``valid_only`` the good rows go in and the report lists the others. A person already
in the register (same ID number) is updated, not added twice; a row that changes nothing
is left alone. The report names each bad row by its Excel row number, the column, the
value and the reason, in Chinese.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.identifiers import division_code_problem, mask_id, normalise_code
from forms.model import Register
from forms.roster.read import HiddenChoice, Roster, RosterRow, read_roster
from forms.tenure import LEFT, STATUS_FIELD, TERM_FIELD
from forms.validation import Issue, RecordInvalid, check_register
from sync.excel.import_report import (
    ACTION_ZH,
    ADDED,
    INVALID,
    UNCHANGED,
    UPDATED,
    ImportReport,
    ReportLine,
    RowResult,
    key_fields,
)
from sync.progress import Cancelled, Progress, stopped
from sync.store.saving import in_office, the_one_record
from sync.store.store import Store, StoreError
from sync.store.users import IMPORT_EXCEL, PermissionDenied, require

__all__ = ["ACTION_ZH", "ADDED", "INVALID", "UNCHANGED", "UPDATED", "ImportReport", "ReportLine", "RowResult",
           "import_excel"]

_REF_WITH_ID = re.compile(r"^(.*?)\s*[（(]\s*([^()（）]+?)\s*[)）]$")
_UUID = re.compile(r"^[0-9a-f]{32}$|^[0-9a-f-]{36}$")
_ID_LIKE = re.compile(r"^[0-9]{6,17}[0-9X]$")
# New rows go to the store in batches of this size: fast, and a refused batch is redone
# row by row without redoing the whole roster.
BATCH_ROWS = 500


class _Rollback(Exception):
    pass


def import_excel(store: Store, register: str | Register, source: str | os.PathLike[str] | Roster, *,
                 dry_run: bool = False, valid_only: bool = False, sheet: str | None = None,
                 header_mapping: Mapping[str, str | None] | None = None,
                 hidden: HiddenChoice | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Import a roster file (or an already read ``Roster``) into ``register``.

    ``hidden`` says what to do with hidden rows, columns and sheets when reading a file
    (an already read ``Roster`` carries its own choice).

    ``progress`` is told as rows are processed; when it asks to stop, ``Cancelled`` is raised
    and the database is left as it was.
    """
    reg = register if isinstance(register, Register) else store.catalog.register(register)
    require(store.user, IMPORT_EXCEL)
    if isinstance(source, Roster):
        roster = source
    else:
        roster = read_roster(source, reg, sheet=sheet, header_mapping=header_mapping, hidden=hidden)
    if roster.register.key != reg.key:
        raise StoreError(f"所读的是{roster.register.name}，不是{reg.name}")
    importer = _Importer(store, reg, roster)
    results: list[RowResult] = []
    register_issues: list[Issue] = []
    committed = False
    rows = roster.rows
    try:
        with store.transaction():
            results = importer.run(rows, progress, "正在逐行检查…" if dry_run else "正在导入…")
            any_bad = any(r.action == INVALID for r in results)
            if valid_only or not any_bad:
                # Only for what will be (or would be) imported: a half-imported register misleads.
                register_issues = importer.register_check()
            if dry_run or (any_bad and not valid_only) or not results:
                raise _Rollback
            committed = True
    except _Rollback:
        committed = False
    return ImportReport(reg, roster.path, roster, results, committed, dry_run, valid_only,
                        register_issues)


@dataclass
class _Pending:
    """A row that passed the roster checks and waits to be added."""

    result: RowResult
    row: RosterRow
    values: dict[str, Any]
    village: str


class _RowError(Exception):
    def __init__(self, field_name: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


class _Importer:
    def __init__(self, store: Store, reg: Register, roster: Roster) -> None:
        self.store = store
        self.reg = reg
        self.columns = {s.name: s.columns for s in roster.sheets}
        # Computed columns (任期届满, 一肩挑) are read but not imported; a rule about one
        # still points at the column the clerk sees.
        self.computed = {(s.name, c.match.name): c for s in roster.sheets for c in s.columns
                         if c.match.kind == "computed" and not c.field}
        self.derived = {f.name for f in reg.input_fields if f.derive}
        self.key_fields = key_fields(reg)
        self.seen: dict[tuple[str, tuple[Any, ...]], int] = {}
        self.villages: set[str] = set()

    def run(self, rows: list[RosterRow], progress: Progress | None, message: str) -> list[RowResult]:
        """Every row, in order; new records go in batches through ``Store.add_many``."""
        rows, merged = self._merge_same_person(rows)
        results = self._run(rows, progress, message)
        if not merged:
            return results
        order = {(r.sheet, r.row): i for i, r in enumerate(self._all_rows)}
        return sorted([*results, *merged], key=lambda r: order.get((r.sheet, r.row), 0))

    def _merge_same_person(self, rows: list[RosterRow]) -> tuple[list[RosterRow], list[RowResult]]:
        """A person listed on several rows (one list per role) is one record: the later rows'
        values of the accumulating fields (角色) are added to the first row's, and the later rows
        say so. Only rows that name the person by a readable ID number are joined."""
        self._all_rows = rows
        adding = [f for f in self.reg.input_fields if f.accumulate]
        person = self.reg.person_field
        if not adding or not person:
            return rows, []
        first: dict[tuple[str | None, str], RosterRow] = {}
        kept: list[RosterRow] = []
        merged: list[RowResult] = []
        for row in rows:
            number = row.values.get(person)
            key = (row.village_code, number) if isinstance(number, str) and number and row.ok else None
            into = first.get(key) if key else None
            if into is None:
                if key:
                    first[key] = row
                kept.append(row)
                continue
            for fld in adding:
                mine, theirs = into.values.get(fld.name), row.values.get(fld.name)
                if isinstance(mine, list) and isinstance(theirs, list):
                    into.values[fld.name] = fld.type.normalise([*mine, *theirs], fld)
                elif theirs and not mine:
                    into.values[fld.name] = theirs
            result = RowResult(row.sheet, row.row, str(row.values.get(self.reg.title_field) or ""), UNCHANGED)
            names = "、".join(f.name for f in adding)
            where = f"工作表“{into.sheet}”" if into.sheet != row.sheet else ""
            result.notes.append(self._line(row, person, f"与{where}第{into.row}行是同一人（{person}相同），"
                                                        f"{names}已并入该行", "提示"))
            merged.append(result)
        return kept, merged

    def _run(self, rows: list[RosterRow], progress: Progress | None, message: str) -> list[RowResult]:
        results: list[RowResult] = []
        pending: list[_Pending] = []
        # A register that refers to itself (a revision names its 上一版本, perhaps a row just
        # above) or has one record per village is imported row by row.
        batched = not self.reg.singleton and not any(
            f.ref == self.reg.key for f in self.reg.input_fields if f.type_name == "ref")
        for row in rows:
            result, todo = self.plan(row)
            results.append(result)
            if todo is not None:
                if batched:
                    pending.append(todo)
                else:
                    self._add_one(todo)
            if len(pending) >= BATCH_ROWS:
                self._add_batch(pending)
                pending = []
            if stopped(progress, len(results) - len(pending), len(rows), message):
                raise Cancelled("已取消导入，数据库未改动")
        if pending:
            self._add_batch(pending)
            if stopped(progress, len(results), len(rows), message):
                raise Cancelled("已取消导入，数据库未改动")
        return results

    def _add_batch(self, pending: list[_Pending]) -> None:
        """Add new rows with one ``add_many`` per village; if any row is refused, row by row."""
        villages: dict[str, list[_Pending]] = {}
        for item in pending:
            villages.setdefault(item.village, []).append(item)
        for village, items in villages.items():
            try:
                saved = self.store.add_many(self.reg.key, [i.values for i in items], village=village)
            except (RecordInvalid, StoreError):
                # add_many refuses the whole batch; the per-row path says which rows and why.
                for item in items:
                    self._add_one(item)
                continue
            for item, one in zip(items, saved, strict=True):
                item.result.action, item.result.uuid = ADDED, one.uuid
                self._add_issues(item.result, item.row, one.issues, set())

    def _add_one(self, item: _Pending) -> None:
        result = item.result
        try:
            saved = self.store.add(self.reg.key, item.values, village=item.village)
            result.action, result.uuid = ADDED, saved.uuid
            self._add_issues(result, item.row, saved.issues, set())
        except RecordInvalid as exc:
            self._add_issues(result, item.row, exc.issues, set())
            result.action = INVALID
        except (StoreError, PermissionDenied, KeyError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            result.problems.append(self._line(item.row, None, str(message)))
            result.action = INVALID

    # ---------------------------------------------------------------- one row
    def plan(self, row: RosterRow) -> tuple[RowResult, _Pending | None]:
        """Check a row, update the record it matches now, or return it to be added."""
        reg = self.reg
        result = RowResult(row.sheet, row.row, str(row.values.get(reg.title_field) or "")
                           if reg.title_field else "", INVALID)
        parse_errors = [p for p in row.problems if p.severity == "error"]
        bad_fields = {p.field for p in parse_errors}
        result.problems += [self._line(row, p.field, p.message, value=p.value) for p in parse_errors]
        result.notes += [self._line(row, p.field, p.message, "warning", value=p.value)
                         for p in row.problems if p.severity != "error"]
        values = dict(row.values)
        try:
            village = self._village(row)
            self.villages.add(village)
            for fld in reg.input_fields:
                text = values.get(fld.name)
                if fld.ref and not text and fld.name not in bad_fields:
                    # A roster of the 村情概况's 荣誉称号 has no 村 column: the village's one
                    # profile, as the store fills it, so a second import matches the first.
                    values[fld.name] = the_one_record(self.store, fld.ref, village) or text
                if fld.type_name == "ref" and isinstance(text, str) and fld.name not in bad_fields:
                    try:
                        values[fld.name] = self._resolve(fld.name, fld.ref or "", values[fld.name], village)
                    except _RowError as exc:
                        result.problems.append(self._line(row, exc.field, exc.message))
                        bad_fields.add(fld.name)
            existing = None
            if not bad_fields & set(self.key_fields):
                existing = self._match(row, values, village)
        except _RowError as exc:
            result.problems.append(self._line(row, exc.field, exc.message))
            return result, None
        try:
            if result.problems:
                # Refused already; still run the rules so the clerk sees every problem at once.
                values.update({name: None for name in bad_fields if name})
                _, issues = self.store.validate(reg.key, values, record_uuid=existing, village=village)
                # 性别 and 出生年月 come from the ID number: missing only because it was refused.
                quiet = set(bad_fields)
                if reg.person_field in bad_fields:
                    quiet |= {f.name for f in reg.input_fields if f.derive}
                self._add_issues(result, row, [i for i in issues if i.field not in quiet], set())
                return result, None
            if existing is not None:
                return self._update(result, row, values, existing, village), None
        except RecordInvalid as exc:
            self._add_issues(result, row, exc.issues, bad_fields)
            result.action = INVALID
            return result, None
        except (StoreError, PermissionDenied, KeyError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            result.problems.append(self._line(row, None, str(message)))
            result.action = INVALID
            return result, None
        return result, _Pending(result, row, values, village)

    def _update(self, result: RowResult, row: RosterRow, values: dict[str, Any], uuid: str,
                village: str) -> RowResult:
        current = self.store.get(uuid)
        for fld in self.reg.input_fields:  # a second list adds a person's roles, never drops one
            had, given = current.values.get(fld.name), values.get(fld.name)
            if fld.accumulate and isinstance(had, list) and isinstance(given, list):
                values[fld.name] = fld.type.normalise([*had, *given], fld)
        full, issues = self.store.validate(self.reg.key, values, record_uuid=uuid, village=village)
        self._add_issues(result, row, issues, set())
        if result.problems:
            return result
        changed = [f.name for f in self.reg.input_fields if full.get(f.name) != current.values.get(f.name)]
        result.uuid = uuid
        if not changed:
            result.action = UNCHANGED
            return result
        self.store.edit(uuid, values)
        result.action, result.changed = UPDATED, changed
        return result

    def _add_issues(self, result: RowResult, row: RosterRow, issues: list[Issue], skip: set[Any]) -> None:
        person = self.reg.person_field
        bad_id = any(i.field == person and i.severity == "error" for i in issues)
        for issue in issues:
            if issue.field in skip and issue.rule in ("R-VALUE", "R-ID", "R-PHONE", "R-USCC"):
                continue  # already reported from the cell, with a clearer reason
            if bad_id and issue.field in self.derived and issue.rule == "R-REQUIRED":
                continue  # 性别 comes from the ID number: missing only because the number is wrong
            line = self._line(row, issue.field, issue.message, issue.severity, issue.rule)
            (result.problems if issue.severity == "error" else result.notes).append(line)
        # Left to right, as the clerk reads the row; problems of absent columns last.
        result.problems.sort(key=_column_order)
        result.notes.sort(key=_column_order)
        if result.problems:
            result.action = INVALID

    def _line(self, row: RosterRow, field_name: str | None, message: str, severity: str = "error",
              rule: str = "", value: str | None = None) -> ReportLine:
        column = header = None
        if field_name is not None and field_name in row.columns:
            from openpyxl.utils import get_column_letter

            index = row.columns[field_name]
            column = get_column_letter(index + 1)
            header = next((c.header for c in self.columns.get(row.sheet, []) if c.index == index),
                          field_name)
        elif (row.sheet, field_name) in self.computed:
            shown = self.computed[(row.sheet, field_name)]
            column, header = shown.letter, shown.header
        if field_name and message.startswith(f"{field_name}："):
            message = message[len(field_name) + 1:]
        shown = value if value is not None else (row.text(field_name) if field_name else "")
        return ReportLine(row.sheet, row.row, column, header, field_name, shown or "", message,
                          severity, rule)

    # ---------------------------------------------------------------- villages
    def _village(self, row: RosterRow) -> str:
        store = self.store
        code = normalise_code(row.village_code) if row.village_code else None
        # A 村情概况 row names its village itself (统计用区划代码).
        own_code = next((row.values.get(f.name) for f in self.reg.input_fields
                         if f.type_name == "division" and isinstance(row.values.get(f.name), str)), None)
        if own_code and code and own_code != code:
            raise _RowError(None, f"村代码 {code} 与统计用区划代码 {own_code} 不一致")
        code = code or own_code
        if not store.is_township:
            own = store.village_code or ""
            if code and code != own:
                raise _RowError(None, f"村代码 {code} 不是本村（{own}）")
            return own
        if not code:
            raise _RowError(None, "乡镇数据库导入时每行须有“村代码”（12位统计用区划代码）")
        problem = division_code_problem(code, 12)
        if problem:
            raise _RowError(None, f"村代码“{code}”：{problem}")
        township = store.meta.get("township_code", "")
        if township and not code.startswith(township):
            raise _RowError(None, f"村代码 {code} 不属于本乡镇（{township}）")
        return code

    # ---------------------------------------------------------------- references
    def _resolve(self, field_name: str, target_key: str, text: str, village: str) -> str:
        """The UUID a roster names by 姓名（证件号码）, 证件号码, 姓名 or 名称."""
        target = self.store.catalog.registers[target_key]
        text = text.strip()
        if _UUID.match(text.lower()):
            return text.lower().replace("-", "")
        name, pid = text, None
        m = _REF_WITH_ID.match(text)
        if m and target.person_field:
            name, pid = m.group(1).strip(), normalise_code(m.group(2))
        elif target.person_field and _ID_LIKE.match(normalise_code(text)):
            name, pid = "", normalise_code(text)
        found: list[str] = []
        if pid and "*" not in pid and target.person_field:
            found = self._uuids(target, target.person_field, pid, village)
            if not found:
                raise _RowError(field_name, f"找不到证件号码为 {mask_id(pid)} 的{target.name}，"
                                            f"请先导入{target.name}")
        elif name and target.title_field:
            found = self._uuids(target, target.title_field, name, village)
            if pid and target.person_field:  # a masked number still tells namesakes apart
                rows = self.store.conn.execute(
                    f'SELECT uuid, "{target.person_field}" FROM "{target.key}" WHERE uuid IN '
                    f'({",".join("?" for _ in found)})', found).fetchall() if found else []
                person = target.field(target.person_field)  # masked as the export masks it
                found = [r[0] for r in rows if r[1] and person.masked(r[1]) == pid]
            if not found:
                raise _RowError(field_name, f"找不到{target.name}“{text}”，请先导入{target.name}")
        if len(found) > 1 and STATUS_FIELD in target.by_name:
            # A re-elected member has a 离任 record of the old term: the roster means the one in office.
            found = in_office(self.store, target, found) or found
        if len(found) > 1:
            raise _RowError(field_name, f"“{text}”对应{len(found)}条{target.name}记录，"
                                        f"请写成 姓名（证件号码）")
        if not found:
            raise _RowError(field_name, f"找不到{target.name}“{text}”")
        return found[0]

    def _uuids(self, reg: Register, column: str, value: Any, village: str) -> list[str]:
        return [r[0] for r in self.store.conn.execute(
            f'SELECT uuid FROM "{reg.key}" WHERE "{column}" = ? AND +_village = ? AND +_deleted = 0',
            (value, village))]

    # ---------------------------------------------------------------- matching
    def _match(self, row: RosterRow, values: Mapping[str, Any], village: str) -> str | None:
        reg = self.reg
        if reg.singleton:
            found = [r[0] for r in self.store.conn.execute(
                f'SELECT uuid FROM "{reg.key}" WHERE _village = ? AND _deleted = 0', (village,))]
            return found[0] if found else None
        if not self.key_fields:
            return None
        key = tuple(values.get(k) if values.get(k) != "" else None for k in self.key_fields)
        # An empty key part cannot say which record it is, except an optional part of the fields a
        # definition names (``match_fields``): there empty is a value like any other (a meeting with
        # no 村民小组). The keys worked out for other registers keep needing every part.
        declared = bool(reg.match_fields)
        if any(v is None and (not declared or reg.field(k).required)
               for k, v in zip(self.key_fields, key, strict=True)):
            return None
        where = " AND ".join(f'"{k}" IS ?' for k in self.key_fields)  # IS: an empty part matches empty
        args = [None if v is None else reg.field(k).type.to_sql(v)
                for k, v in zip(self.key_fields, key, strict=True)]
        if STATUS_FIELD in reg.by_name:
            # A row in office updates the record in office; a 离任 row the 离任 record of its 届次.
            # The roster of a new term so adds a re-elected member beside the old term's record.
            if values.get(STATUS_FIELD) == LEFT:
                where += f' AND "{STATUS_FIELD}" IS ? AND "{TERM_FIELD}" IS ?'
                args += [LEFT, values.get(TERM_FIELD)]
                key = (*key, LEFT, values.get(TERM_FIELD))
            else:
                where += f' AND "{STATUS_FIELD}" IS NOT ?'
                args.append(LEFT)
        earlier = self.seen.get((village, key))
        if earlier is not None:
            what = reg.person_field or "、".join(self.key_fields)
            raise _RowError(self.key_fields[0], f"与第{earlier}行重复（{what}相同）")
        self.seen[(village, key)] = row.row
        found = [r[0] for r in self.store.conn.execute(
            # The unary + keeps SQLite on the key's index, not the village's (a scan per row).
            f'SELECT uuid FROM "{reg.key}" WHERE {where} AND +_village = ? AND +_deleted = 0',
            [*args, village])]
        if len(found) > 1:
            raise _RowError(self.key_fields[0], f"登记簿中已有{len(found)}条相同的记录，无法确定更新哪一条")
        return found[0] if found else None

    # ---------------------------------------------------------------- whole register
    def register_check(self) -> list[Issue]:
        """Rules over the whole register, as it stands with the imported rows (notes only)."""
        found: list[Issue] = []
        for village in sorted(self.villages):
            records = self.store.records(self.reg.key, village=village)
            issues = check_register(self.reg, records, self.store.context(village), village)
            found += [i for i in issues if i.rule != "R-DUP"]
        return found


def _column_order(line: ReportLine) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    return (0, column_index_from_string(line.column)) if line.column else (1, 0)
