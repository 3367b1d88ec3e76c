"""The validation engine: turns input into canonical records and checks them.

``prepare`` parses what a person typed (or a roster held) into canonical values,
``complete`` adds derived and computed fields, ``check_record`` and ``check_register``
run the rules of ``definitions/rules.toml``. Nothing here touches a database: the store
calls these with records it has read, and the same functions serve the form, the
command line, Excel import and the township's checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from forms.compute import Context, computed_value, derive
from forms.model import Catalog, Register, catalog
from forms.types import ValueProblem, is_empty

ERROR = "error"
WARNING = "warning"
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}

# Problems found while parsing a value are reported under the rule that owns that kind
# of value, so a wrong ID number is R-ID whether it came from a form or a roster.
_RULE_FOR_TYPE = {"idnumber": "R-ID", "phone": "R-PHONE", "uscc": "R-USCC"}


@dataclass(frozen=True)
class Issue:
    rule: str
    severity: str
    register: str
    field: str | None
    message: str
    record: str | None = None
    village: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


RecordRule = Callable[[Register, Mapping[str, Any], Context, "Reporter"], None]
RegisterRule = Callable[[Register, list[Mapping[str, Any]], Context, "Reporter"], None]
RECORD_RULES: dict[str, RecordRule] = {}
REGISTER_RULES: dict[str, RegisterRule] = {}
# Which registers a record rule looks at (None: any register with the fields it checks).
_RULE_REGISTERS: dict[str, tuple[str, ...] | None] = {}
_RULES_FOR: dict[str, list[RecordRule]] = {}


def record_rule(rule_id: str, registers: tuple[str, ...] | None = None
                ) -> Callable[[RecordRule], RecordRule]:
    def wrap(fn: RecordRule) -> RecordRule:
        RECORD_RULES[rule_id] = fn
        _RULE_REGISTERS[rule_id] = registers
        _RULES_FOR.clear()
        return fn

    return wrap


def _record_rules_for(register: str) -> list[RecordRule]:
    """The rule functions that can apply to a register (a large import runs them per row)."""
    rules = _RULES_FOR.get(register)
    if rules is None:
        rules = _RULES_FOR[register] = [
            fn for rid, fn in RECORD_RULES.items()
            if _RULE_REGISTERS[rid] is None or register in _RULE_REGISTERS[rid]  # type: ignore[operator]
        ]
    return rules


def register_rule(rule_id: str) -> Callable[[RegisterRule], RegisterRule]:
    def wrap(fn: RegisterRule) -> RegisterRule:
        REGISTER_RULES[rule_id] = fn
        return fn

    return wrap


class Reporter:
    """Collects issues, filling severity and message text from the rule definitions."""

    def __init__(self, register: str, cat: Catalog | None = None) -> None:
        self.register = register
        self.catalog = cat or catalog()
        self.issues: list[Issue] = []

    def add(
        self,
        rule_id: str,
        message_key: str,
        field: str | None,
        record: str | None = None,
        village: str | None = None,
        severity: str | None = None,
        **values: Any,
    ) -> None:
        rule = self.catalog.rules[rule_id]
        text = rule.messages[message_key].format(field=field, **values)
        self.issues.append(
            Issue(rule_id, severity or rule.severity, self.register, field, text, record, village)
        )


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
    values: dict[str, Any] = {f.name: None for f in reg.input_fields}
    if base:
        values.update({k: v for k, v in base.items() if k in values})
    aliases = reg.alias_map
    for key, raw_value in raw.items():
        name = key if key in reg.by_name else aliases.get(key)
        if name is None:
            raise KeyError(f"{reg.name}没有“{key}”这一项")
        fld = reg.by_name[name]
        if fld.computed:
            raise KeyError(f"“{name}”是自动计算的，不能填写")
        if is_empty(raw_value):
            values[name] = None
            continue
        try:
            value = fld.type.normalise(raw_value, fld)
        except ValueProblem as problem:
            report.add("R-VALUE", "invalid", name, problem=str(problem))
            continue
        values[name] = value
    return values, report.issues


def fill_derived(reg: Register, values: dict[str, Any]) -> None:
    """Fill 性别/出生日期 from a valid ID number where they are empty."""
    for fld in reg.input_fields:
        if fld.derive and values.get(fld.name) is None:
            derived = derive(fld.derive, values, reg.person_field)
            if derived is not None:
                values[fld.name] = derived
        if fld.default is not None and values.get(fld.name) is None:
            values[fld.name] = fld.default


def computed_values(reg: Register, values: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """The computed fields of a record, in definition order (later ones may use earlier)."""
    scratch = dict(values)
    out: dict[str, Any] = {}
    for fld in reg.computed_fields:
        scratch[fld.name] = out[fld.name] = computed_value(fld, scratch, ctx)
    return out


def value_issues(reg: Register, values: Mapping[str, Any], record: str | None = None) -> list[Issue]:
    """Required fields and per-type value problems."""
    report = Reporter(reg.key)
    for fld in reg.input_fields:
        value = values.get(fld.name)
        if value is None:
            if fld.required:
                report.add("R-REQUIRED", "missing", fld.name, record)
            continue
        problem = fld.type.problem(value, fld)
        if problem:
            rule = _RULE_FOR_TYPE.get(fld.type_name, "R-VALUE")
            report.add(rule, "invalid", fld.name, record, problem=problem, value=fld.format(value))
    return report.issues


def check_record(
    reg: Register, values: Mapping[str, Any], ctx: Context, record: str | None = None
) -> list[Issue]:
    """Every per-record rule for one record (values include computed fields)."""
    import forms.rules_record  # noqa: F401 - registers the rule functions

    report = Reporter(reg.key)
    report.issues.extend(value_issues(reg, values, record))
    scoped = _Scoped(report, record)
    for fn in _record_rules_for(reg.key):
        fn(reg, values, ctx, scoped)
    return report.issues


def check_register(
    reg: Register, records: list[Mapping[str, Any]], ctx: Context, village: str | None = None
) -> list[Issue]:
    """Rules over one village's whole register. Records carry their ``uuid``."""
    import forms.rules_register  # noqa: F401 - registers the rule functions

    report = Reporter(reg.key)
    for fn in REGISTER_RULES.values():
        fn(reg, records, ctx, report)
    if village:
        report.issues = [
            Issue(i.rule, i.severity, i.register, i.field, i.message, i.record, village)
            for i in report.issues
        ]
    return report.issues


class _Scoped(Reporter):
    """A reporter that stamps every issue with one record's UUID."""

    def __init__(self, inner: Reporter, record: str | None) -> None:
        self.register = inner.register
        self.catalog = inner.catalog
        self.issues = inner.issues
        self._record = record

    def add(self, rule_id: str, message_key: str, field: str | None, record: str | None = None,
            village: str | None = None, severity: str | None = None, **values: Any) -> None:
        super().add(rule_id, message_key, field, record or self._record, village, severity,
                    **values)


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == ERROR]


def iter_sorted(issues: Iterable[Issue]) -> Iterator[Issue]:
    order = {ERROR: 0, WARNING: 1}
    yield from sorted(issues, key=lambda i: (i.register, order.get(i.severity, 2), i.record or ""))
