"""The rule registry: what a rule reports (``Issue``), how (``Reporter``) and where rules sign in.

The rule modules (``forms.rules_record``, ``forms.rules_register``) register their
functions here with ``record_rule``/``register_rule``; ``forms.validation`` runs them. Kept
apart from the engine so the rules do not import the engine that imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from forms.compute import Context
from forms.model import Catalog, Register, catalog

ERROR = "error"
WARNING = "warning"
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}


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


class RecordReporter(Reporter):
    """A reporter that stamps every issue with one record's UUID."""

    def __init__(self, inner: Reporter, record: str | None) -> None:
        self.register = inner.register
        self.catalog = inner.catalog
        self.issues = inner.issues
        self.record = record

    def add(self, rule_id: str, message_key: str, field: str | None, record: str | None = None,
            village: str | None = None, severity: str | None = None, **values: Any) -> None:
        super().add(rule_id, message_key, field, record or self.record, village, severity,
                    **values)


RecordRule = Callable[[Register, Mapping[str, Any], Context, Reporter], None]
RegisterRule = Callable[[Register, list[Mapping[str, Any]], Context, Reporter], None]
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


def record_rules_for(register: str) -> list[RecordRule]:
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
