"""The validation engine: turns input into canonical records and checks them.

``prepare`` parses what a person typed (or a roster held) into canonical values,
``complete`` adds derived and computed fields, ``check_record`` and ``check_register``
run the rules of ``definitions/rules.toml``. Nothing here touches a database: the store
calls these with records it has read, and the same functions serve the form, the
command line, Excel import and the township's checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

# The rule modules register their functions when imported; they import the registry, not
# this module, so there is no cycle.
from forms import rules_bodies, rules_governance, rules_record, rules_register  # noqa: F401
from forms.compute import Context, computed_value, derive
from forms.model import Field, Register
from forms.rule_registry import (
    ERROR,
    REGISTER_RULES,
    SEVERITY_ZH,
    WARNING,
    Issue,
    RecordReporter,
    Reporter,
    record_rules_for,
)
from forms.types import FieldType, ValueProblem, is_empty

# Issue, Reporter, ERROR, WARNING and SEVERITY_ZH are read from here by the store, the forms and the commands.
__all__ = [
    "ERROR", "SEVERITY_ZH", "WARNING", "Issue", "RecordInvalid", "Reporter", "check_record", "check_register",
    "computed_values", "errors", "fill_derived", "iter_sorted", "prepare", "value_issues",
]


class RecordInvalid(ValueError):
    """Raised by the store when a record has errors and no override was given."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(i.message for i in issues))


def prepare(
    reg: Register,
    raw: Mapping[str, Any],
    base: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Issue]]:
    """Canonical values from input keyed by Chinese field names (or aliases).

    ``base`` holds the current values when editing: only the given fields change.
    Returns the values and the problems found while parsing them. A value that cannot
    be represented at all (``abc`` as a date) is left out; one that can but is wrong
    (a bad check digit) is kept and reported, so an administrator may still save it.
    """
    report = Reporter(reg.key)
    empty, readers = _readers(reg)
    values: dict[str, Any] = empty.copy()
    if base:
        values.update({k: v for k, v in base.items() if k in values})
    for key, raw_value in raw.items():
        found = readers.get(key)
        if found is None:
            raise KeyError(f"{reg.name}没有“{key}”这一项")
        name, fld, normalise, memo = found
        if normalise is None:
            raise KeyError(f"“{name}”是自动计算的，不能填写")
        text = type(raw_value) is str
        if memo is not None and text:
            value = memo.get(raw_value, _UNSEEN)
            if value is not _UNSEEN:
                values[name] = value
                continue
        if is_empty(raw_value):
            values[name] = None
            continue
        try:
            value = normalise(raw_value, fld)
        except ValueProblem as problem:
            report.add("R-VALUE", "invalid", name, problem=str(problem))
            continue
        values[name] = value
        if memo is not None and text and type(value) in _KEPT and len(raw_value) <= _MEMO_TEXT:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[raw_value] = value
    return values, report.issues


# A parser's answers remembered per field: dates, times, numbers and choice values repeat from row
# to row (a roster's 服务日期, 状态, 服务类别), and a parser is a pure function of the text and the
# field. Only successes of short texts with an immutable result are kept; a text the parser refuses
# is parsed (and refused) again every time, and every value still gets every check afterwards.
_UNSEEN = object()
_KEPT = frozenset({str, int, float, bool})
_MEMO_TEXT = 40
_MEMO_SIZE = 4096


def _memo_for(fld: Field) -> dict[str, Any] | None:
    """A memo for a field whose parser does more than trim text, None for plain text and codes
    (names, ID numbers and phone numbers rarely repeat: remembering them would only cost)."""
    kind = type(fld.type)
    if fld.computed or kind.normalise is FieldType.normalise or fld.type.code:
        return None
    return {}


# What ``prepare`` looks up for every key of every row, worked out once per register: each name
# and alias a key may be → (field name, field, the type's ``normalise``; None for a computed
# field, which no input may set), and the values of a record with nothing typed.
_Reader = tuple[str, Field, Callable[[Any, Any], Any] | None, dict[str, Any] | None]
_READERS: dict[str, tuple[Register, dict[str, Any], dict[str, _Reader]]] = {}


def _readers(reg: Register) -> tuple[dict[str, Any], dict[str, _Reader]]:
    found = _READERS.get(reg.key)
    if found is None or found[0] is not reg:  # another catalog: other Register objects
        memos = {fld.name: _memo_for(fld) for fld in reg.fields}  # one per field, its aliases share it
        readers: dict[str, _Reader] = {
            alias: (name, reg.by_name[name], reg.by_name[name].type.normalise, memos[name])
            for alias, name in reg.alias_map.items()}
        readers.update({fld.name: (fld.name, fld, None if fld.computed else fld.type.normalise,
                                   memos[fld.name]) for fld in reg.fields})
        found = _READERS[reg.key] = (reg, dict.fromkeys(f.name for f in reg.input_fields), readers)
    return found[1], found[2]


def fill_derived(reg: Register, values: dict[str, Any]) -> None:
    """Fill 性别/出生日期 from a valid ID number where they are empty."""
    for fld in _filled(reg):
        if fld.derive and values.get(fld.name) is None:
            derived = derive(fld.derive, values, reg.person_field)
            if derived is not None:
                values[fld.name] = derived
        if fld.default is not None and values.get(fld.name) is None:
            values[fld.name] = fld.default


_FILLED: dict[str, tuple[Register, tuple[Field, ...]]] = {}


def _filled(reg: Register) -> tuple[Field, ...]:
    """The fields ``fill_derived`` may fill (derived or with a default), found once per register."""
    found = _FILLED.get(reg.key)
    if found is None or found[0] is not reg:
        found = _FILLED[reg.key] = (reg, tuple(f for f in reg.input_fields
                                                if f.derive or f.default is not None))
    return found[1]


def computed_values(reg: Register, values: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """The computed fields of a record, in definition order (later ones may use earlier)."""
    scratch = dict(values)
    out: dict[str, Any] = {}
    for fld in reg.computed_fields:
        scratch[fld.name] = out[fld.name] = computed_value(fld, scratch, ctx)
    return out


# A field's value check, worked out once per register (a prefecture's import checks every value
# of 1.75 million records): its name, whether it is required, and the type's ``problem`` check,
# None where the type checks nothing (free text without a length limit).
# The memo (as ``prepare``'s): the type's verdict on a text value, for fields whose values repeat.
_ValueCheck = tuple[str, bool, Callable[[Any, Any], str | None] | None, Field, dict[str, str | None] | None]
_VALUE_CHECKS: dict[str, tuple[Register, list[_ValueCheck]]] = {}


def _value_checks(reg: Register) -> list[_ValueCheck]:
    found = _VALUE_CHECKS.get(reg.key)
    if found is None or found[0] is not reg:  # another catalog: other Register objects
        checks = []
        for fld in reg.input_fields:
            own_check = type(fld.type).problem is not FieldType.problem
            problem_of = fld.type.problem if own_check or fld.max_length else None
            memo: dict[str, str | None] | None = {} if own_check and _memo_for(fld) is not None else None
            checks.append((fld.name, fld.required, problem_of, fld, memo))
        found = _VALUE_CHECKS[reg.key] = (reg, checks)
    return found[1]


def _add_value_issues(report: Reporter, reg: Register, values: Mapping[str, Any], record: str | None) -> None:
    get = values.get
    for name, required, problem_of, fld, memo in _value_checks(reg):
        value = get(name)
        if value is None:
            if required:
                report.add("R-REQUIRED", "missing", name, record)
            continue
        if problem_of is None:
            continue
        if memo is not None and type(value) is str:
            problem = memo.get(value, _UNSEEN)
            if problem is _UNSEEN:
                problem = problem_of(value, fld)
                if len(value) <= _MEMO_TEXT:
                    if len(memo) >= _MEMO_SIZE:
                        memo.clear()
                    memo[value] = problem
        else:
            problem = problem_of(value, fld)
        if problem:
            report.add(fld.type.rule, "invalid", name, record, problem=problem, value=fld.format(value))


def value_issues(reg: Register, values: Mapping[str, Any], record: str | None = None) -> list[Issue]:
    """Required fields and per-type value problems."""
    report = Reporter(reg.key)
    _add_value_issues(report, reg, values, record)
    return report.issues


def check_record(
    reg: Register, values: Mapping[str, Any], ctx: Context, record: str | None = None
) -> list[Issue]:
    """Every per-record rule for one record (values include computed fields)."""
    report = Reporter(reg.key)
    _add_value_issues(report, reg, values, record)
    scoped = RecordReporter(report, record)
    for fn in record_rules_for(reg.key):
        fn(reg, values, ctx, scoped)
    return report.issues


def check_register(
    reg: Register, records: list[Mapping[str, Any]], ctx: Context, village: str | None = None
) -> list[Issue]:
    """Rules over one village's whole register. Records carry their ``uuid``."""
    report = Reporter(reg.key)
    for fn in REGISTER_RULES.values():
        fn(reg, records, ctx, report)
    if village:
        report.issues = [
            Issue(i.rule, i.severity, i.register, i.field, i.message, i.record, village)
            for i in report.issues
        ]
    return report.issues


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == ERROR]


def iter_sorted(issues: Iterable[Issue]) -> Iterator[Issue]:
    order = {ERROR: 0, WARNING: 1}
    yield from sorted(issues, key=lambda i: (i.register, order.get(i.severity, 2), i.record or ""))
