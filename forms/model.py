"""Register definitions loaded from the TOML files in ``forms/definitions``.

One definition drives the database schema, the entry form, Excel, import, printing and
statistics: every consumer reads the objects built here and nothing describes a field a
second time.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from forms.choice_list import CATCH_ALL, ChoiceAdditions, ChoiceList  # noqa: F401 - the catalog's lists
from forms.types import MASKS, FieldType, clean_text, mask_text, type_named

DEFINITIONS = Path(__file__).with_name("definitions")
# A folder of definitions to use instead of the shipped ones (a test's throwaway register; a
# township's trial of a new register). An environment variable, so worker processes see it too.
DEFINITIONS_ENV = "CUNWU_DEFINITIONS"
# Bumped whenever a definition changes in a way a package reader must know about.
# 2: year-month fields (出生年月 1968-03 …): a reader of version 1 would refuse such a value as
#    a malformed date, so it is told to upgrade instead (sync/exchange/payload.py check_schema_version).
# 3: the 村务 registers (重大事项, 会议, 公开, 村级组织, 骨干, 荣誉) and new fields.
SCHEMA_VERSION = 3


@dataclass(frozen=True)
class SumOf:
    """``sums = { register = …, field = …, by = … }`` on a computed field: the total of ``field``
    over the live records of ``register`` whose ref field ``by`` names this record."""

    register: str
    field: str
    by: str


@dataclass(frozen=True)
class Field:
    name: str
    type_name: str
    required: bool = False
    choices: str | None = None
    choice_list: ChoiceList | None = None
    aliases: tuple[str, ...] = ()
    derive: str | None = None
    compute: str | None = None
    result: str | None = None
    override: str | None = None
    ref: str | None = None
    mask: str | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str | None = None
    default: Any = None
    help: str | None = None
    stage: str | None = None  # a date field that is a step of a procedure: the form's timeline names it so
    # Computed from other records: a total over another register (``sums``), or the village's
    # records of other registers (``depends_on``); ``Catalog.dependents`` turns both into edges.
    sums: SumOf | None = None
    depends_on: tuple[str, ...] = ()
    accumulate: bool = False  # a multi-choice rosters add to (a person's 角色 from several lists)

    @cached_property
    def computed(self) -> bool:
        return self.type_name == "computed"

    @cached_property
    def type(self) -> FieldType:
        return type_named(self.result if self.computed else self.type_name)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def parse(self, raw: Any) -> Any:
        return self.type.parse(raw, self)

    def format(self, value: Any) -> str:
        return self.type.format(value)

    def masked(self, text: str) -> str:
        """``text`` (this field's value as text) under the mask the definition declares, if any."""
        return mask_text(self.mask, text)

    def shown(self, value: Any, full: bool = False) -> str:
        """A value as a person reads it: formatted by the type and, unless full numbers are
        asked for, masked as the definition declares."""
        text = self.type.format(value)
        return text if full else mask_text(self.mask, text)


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: a key per record checked
class Limit:
    """``[[limits]]`` of a register: its live records that share the ``per`` fields add ``sum`` up
    to ``max`` at most (R-HOURS: one volunteer's services on one day, 24 hours). Checked against
    the database (``sync.store.db_checks``); ``message`` is the key of the rule's message, which
    may name each ``per`` field (a ref shows the referenced record's title), ``total`` and ``max``."""

    rule: str
    message: str
    sum: str
    per: tuple[str, ...]
    max: float


@dataclass(frozen=True)
class Register:
    key: str
    name: str
    short: str
    fields: tuple[Field, ...]
    order: int = 0
    unit: str = "条"
    aliases: tuple[str, ...] = ()
    title_field: str | None = None
    person_field: str | None = None
    parent: str | None = None
    parent_field: str | None = None
    singleton: bool = False
    appendix_field: str | None = None
    list_columns: tuple[str, ...] = ()
    print_columns: tuple[str, ...] = ()
    # print columns whose values add up meaningfully in the printed book's 合计 row
    print_totals: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    print_group_by: str | None = None  # the book prints its table in groups of this field's values
    limits: tuple[Limit, ...] = ()
    match_fields: tuple[str, ...] = ()  # what tells a roster row is a record already held
    by_name: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def field(self, name: str) -> Field:
        return self.by_name[name]

    # Cached: validation asks for these for every row of a 100,000-row import.
    @cached_property
    def input_fields(self) -> tuple[Field, ...]:
        """Fields a person types (everything but computed fields)."""
        return tuple(f for f in self.fields if not f.computed)

    @cached_property
    def computed_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.computed)

    @cached_property
    def alias_map(self) -> dict[str, str]:
        """Header or key variant → field name, for every typed field."""
        return {a: f.name for f in self.input_fields for a in f.aliases}

    @property
    def excel_columns(self) -> tuple[str, ...]:
        """Every typed field in definition order: an exported roster imports back whole."""
        return tuple(f.name for f in self.fields)

    def title(self, record: dict[str, Any]) -> str:
        value = record.get(self.title_field) if self.title_field else None
        return str(value) if value else "（未命名）"


@dataclass(frozen=True)
class Dependency:
    """An edge between registers: ``target``'s computed field ``field`` is worked out from records
    of ``source``. ``sums`` set: a total over the source records that name the target record (its
    ref field ``sums.by``); otherwise the field reads the village's source records (``depends_on``).
    A write to ``source`` refreshes the target records concerned (``sync.store.writer``)."""

    source: str
    target: str
    field: str
    sums: SumOf | None = None


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    type: str
    default: Any
    unit: str = ""
    min: float | None = None
    max: float | None = None
    help: str = ""


@dataclass(frozen=True)
class RuleDef:
    id: str
    severity: str
    scope: str
    title: str
    messages: dict[str, str]
    source: str = ""


@dataclass(frozen=True)
class Catalog:
    registers: dict[str, Register]
    choices: dict[str, ChoiceList]
    settings: dict[str, Setting]
    rules: dict[str, RuleDef]

    def register(self, key_or_name: str) -> Register:
        """A register by its key, its Chinese name, short name or a known alias."""
        wanted = clean_text(key_or_name).replace(" ", "")
        for reg in self.registers.values():
            names = {reg.key, reg.name, reg.short, *reg.aliases}
            if wanted in {n.replace(" ", "") for n in names}:
                return reg
        known = "、".join(f"{r.key}（{r.name}）" for r in self.ordered())
        raise KeyError(f"没有名为“{key_or_name}”的登记簿，可用：{known}")

    def ordered(self, include_profile: bool = False) -> list[Register]:
        # A child list of the same order comes after its parent (the profile's 荣誉称号).
        regs = sorted(self.registers.values(), key=lambda r: (r.order, r.parent is not None))
        return [r for r in regs if include_profile or not r.singleton]

    def children(self, parent_key: str) -> list[Register]:
        return [r for r in self.ordered() if r.parent == parent_key]

    @cached_property
    def dependencies(self) -> tuple[Dependency, ...]:
        """Every edge declared by ``sums`` and ``depends_on``, in the order registers are read."""
        found = []
        for reg in self.ordered(include_profile=True):
            for fld in reg.computed_fields:
                if fld.sums is not None:
                    found.append(Dependency(fld.sums.register, reg.key, fld.name, fld.sums))
                found.extend(Dependency(source, reg.key, fld.name) for source in fld.depends_on)
        return tuple(found)

    def dependents(self, source: str) -> tuple[Dependency, ...]:
        """The edges from ``source``: what a write to one of its records makes stale."""
        return tuple(d for d in self.dependencies if d.source == source)

    def changed_by(self, source: str) -> set[str]:
        """Every register a write to ``source`` may change: itself and, through the dependencies,
        what derives from it, and what derives from that (what a window shows again)."""
        found, todo = {source}, [source]
        while todo:
            for dep in self.dependents(todo.pop()):
                if dep.target not in found:
                    found.add(dep.target)
                    todo.append(dep.target)
        return found

    def feeding(self, target: str) -> tuple[Dependency, ...]:
        """The edges into ``target``: what its computed fields are worked out from."""
        return tuple(d for d in self.dependencies if d.target == target)

    @cached_property
    def read_across(self) -> tuple[str, ...]:
        """Registers whose records some ``depends_on`` field reads: a village's context holds them."""
        return tuple(dict.fromkeys(d.source for d in self.dependencies if d.sums is None))

    def setting_defaults(self) -> dict[str, Any]:
        return {k: s.default for k, s in self.settings.items()}

    def rule_title(self, rule_id: str) -> str:
        """A rule's name as people read it (同一身份证号码在多个村任职), never its id unless unknown."""
        rule = self.rules.get(rule_id)
        return rule.title if rule is not None else rule_id

    def fields_using(self, list_name: str) -> list[tuple[Register, Field]]:
        """Every (register, field) whose values come from the choice list ``list_name``."""
        return [(reg, f) for reg in self.ordered(include_profile=True) for f in reg.fields
                if f.choices == list_name]

    def with_choice_additions(self, additions: Mapping[str, ChoiceAdditions]) -> Catalog:
        """A catalog whose choice lists also hold a township's additions (this one is unchanged).

        The fields are the same definitions; only their ``choice_list`` objects differ, so
        validation, Excel and the forms see the added values and aliases. Lists this
        version does not know are ignored.
        """
        changed: dict[str, ChoiceList] = {}
        for name, add in additions.items():
            base = self.choices.get(name)
            if base is not None:
                extended = base.extended(add.values, add.aliases)
                if extended is not base:
                    changed[name] = extended
        if not changed:
            return self
        registers = {}
        for key, reg in self.registers.items():
            if not any(f.choices in changed for f in reg.fields):
                registers[key] = reg
                continue
            fields = tuple(replace(f, choice_list=changed[f.choices]) if f.choices in changed else f
                           for f in reg.fields)
            registers[key] = replace(reg, fields=fields, by_name={f.name: f for f in fields})
        return replace(self, registers=registers, choices={**self.choices, **changed})


def _load_toml(folder: Path, name: str) -> dict[str, Any]:
    with (folder / name).open("rb") as fh:
        return tomllib.load(fh)


def _make_field(spec: dict[str, Any], choices: dict[str, ChoiceList]) -> Field:
    spec = dict(spec)
    name = spec.pop("name")
    type_name = spec.pop("type")
    aliases = tuple(spec.pop("aliases", ()))
    choice_name = spec.get("choices")
    if choice_name is not None and choice_name not in choices:
        raise ValueError(f"field {name}: unknown choice list {choice_name}")
    sums = spec.pop("sums", None)
    return Field(
        name=name,
        type_name=type_name,
        aliases=aliases,
        choice_list=choices.get(choice_name) if choice_name else None,
        sums=SumOf(**sums) if sums is not None else None,
        depends_on=tuple(spec.pop("depends_on", ())),
        **spec,
    )


def _make_limit(spec: dict[str, Any]) -> Limit:
    return Limit(rule=spec["rule"], message=spec["message"], sum=spec["sum"], per=tuple(spec["per"]),
                 max=float(spec["max"]))


def _make_register(spec: dict[str, Any], choices: dict[str, ChoiceList]) -> Register:
    spec = dict(spec)
    fields = tuple(_make_field(f, choices) for f in spec.pop("fields"))
    by_name = {f.name: f for f in fields}
    for key in ("list_columns", "print_columns", "print_totals", "aliases", "summary", "match_fields"):
        spec[key] = tuple(spec.get(key, ()))
    spec["limits"] = tuple(_make_limit(limit) for limit in spec.get("limits", ()))
    reg = Register(fields=fields, by_name=by_name, **spec)
    for col in (*reg.list_columns, *reg.print_columns, *reg.match_fields):
        if col not in by_name:
            raise ValueError(f"register {reg.key}: column {col} is not a field")
    for col in reg.print_totals:
        if col not in reg.print_columns:
            raise ValueError(f"register {reg.key}: total {col} is not a print column")
    for f in fields:
        if f.computed and ((f.compute is None and f.sums is None) or f.result is None):
            raise ValueError(f"register {reg.key}: computed field {f.name} needs compute (or sums) "
                             "and result")
        if (f.sums is not None or f.depends_on) and not f.computed:
            raise ValueError(f"register {reg.key}: only a computed field may have sums or depends_on "
                             f"({f.name})")
        f.type  # noqa: B018 - fail at load time on an unknown type name
        if (f.ref is not None) != (f.type.name == "ref"):
            # ``ref`` marks a reference everywhere (lists, book, Excel): it and the type go together.
            raise ValueError(f"register {reg.key}: field {f.name}: a ref field names its register in ref")
        if f.mask is not None and f.mask not in MASKS:
            raise ValueError(f"register {reg.key}: field {f.name} has an unknown mask {f.mask}")
    for limit in reg.limits:
        if any(name not in by_name for name in (limit.sum, *limit.per)):
            raise ValueError(f"register {reg.key}: limit {limit.rule} names a field it does not have")
    return reg


def _check_dependencies(cat: Catalog) -> None:
    """Fail at load time on a ``sums``/``depends_on`` that names what does not exist, or a loop
    (a write would refresh its dependents for ever)."""
    for dep in cat.dependencies:
        source = cat.registers.get(dep.source)
        if source is None:
            raise ValueError(f"register {dep.target}: {dep.field} depends on unknown register {dep.source}")
        if dep.sums is not None:
            by = source.by_name.get(dep.sums.by)
            if dep.sums.field not in source.by_name or by is None or by.ref != dep.target:
                raise ValueError(f"register {dep.target}: {dep.field} sums {dep.source}.{dep.sums.field} "
                                 f"by {dep.sums.by}, which must be a field referring to {dep.target}")
    edges: dict[str, set[str]] = {}
    for dep in cat.dependencies:
        edges.setdefault(dep.source, set()).add(dep.target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    for source in edges:
        if reaches(source, source, set()):
            raise ValueError(f"register {source}: its dependencies form a loop")


def definitions_folder() -> Path:
    """Where the definitions are read from: ``$CUNWU_DEFINITIONS`` if set, else the shipped ones."""
    chosen = os.environ.get(DEFINITIONS_ENV)
    return Path(chosen) if chosen else DEFINITIONS


_in_use: list[Catalog] = []  # the catalog ``catalog()`` returns, once loaded


def catalog() -> Catalog:
    """The definitions this run uses (``definitions_folder``). Asked for per record checked, so
    it is kept after the first call rather than looked up again."""
    if not _in_use:
        _in_use.append(load_catalog(definitions_folder()))
    return _in_use[0]


def use_definitions(folder: Path | None) -> None:
    """Read the definitions from ``folder`` from now on (None: the shipped ones), here and in the
    worker processes this process starts. Objects already holding a catalog (an open store) keep it."""
    if folder is None:
        os.environ.pop(DEFINITIONS_ENV, None)
    else:
        os.environ[DEFINITIONS_ENV] = str(folder)
    _in_use.clear()


@cache
def load_catalog(folder: Path) -> Catalog:
    """The definitions in ``folder``: ``choices.toml``, ``settings.toml``, ``rules.toml`` and one
    file per register (any other ``*.toml``)."""
    raw_choices = _load_toml(folder, "choices.toml")
    choices = {
        name: ChoiceList(name, list(spec["values"]), dict(spec.get("aliases", {})),
                         fixed=bool(spec.get("fixed", False)))
        for name, spec in raw_choices.items()
    }
    registers = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in {"choices.toml", "settings.toml", "rules.toml"}:
            continue
        reg = _make_register(_load_toml(folder, path.name), choices)
        registers[reg.key] = reg
    settings = {
        key: Setting(key=key, **spec) for key, spec in _load_toml(folder, "settings.toml").items()
    }
    rules = {r["id"]: RuleDef(**r) for r in _load_toml(folder, "rules.toml")["rules"]}
    cat = Catalog(registers=registers, choices=choices, settings=settings, rules=rules)
    _check_dependencies(cat)
    return cat
