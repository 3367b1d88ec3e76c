"""A choice list of a definition (``choices.toml``): its values, the aliases rosters write, and
what a township added to it. Part of the catalog (``forms.model``); kept apart so the catalog's
module stays about registers and fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from forms.types import clean_text

# A catch-all value stays at the end of its list when a township adds values.
CATCH_ALL = ("其他", "无")


@dataclass(frozen=True)
class ChoiceList:
    name: str
    values: list[str]
    aliases: dict[str, str]
    # A fixed list takes no new values (性别, 民族 …: a standard or the rules close it),
    # only new aliases.
    fixed: bool = False
    # What a township added on top of the definition (``Catalog.with_choice_additions``).
    added_values: tuple[str, ...] = ()
    added_aliases: tuple[str, ...] = ()

    def extended(self, values: Iterable[str], aliases: Mapping[str, str]) -> ChoiceList:
        """This list with more values and aliases; never drops or renames one it has.

        Values already present, values of a fixed list, aliases the list already has and
        aliases of values it does not have are left out, so adding is idempotent.
        """
        merged = list(self.values)
        new_values = [] if self.fixed else [
            v for v in dict.fromkeys(values) if v and v not in self.values and v not in self.aliases]
        at = len(merged) - 1 if merged and merged[-1] in CATCH_ALL else len(merged)
        merged[at:at] = new_values
        known = set(merged)
        new_aliases = {a: v for a, v in aliases.items()
                       if a and a not in self.aliases and a not in known and v in known}
        if not new_values and not new_aliases:
            return self
        return replace(self, values=merged, aliases={**self.aliases, **new_aliases},
                       added_values=(*self.added_values, *new_values),
                       added_aliases=(*self.added_aliases, *new_aliases))

    def match(self, text: str) -> str | None:
        """The stored value a person meant by ``text``, or None."""
        key = clean_text(text).replace(" ", "")
        if key in self.values:
            return key
        if key in self.aliases:
            return self.aliases[key]
        folded = key.upper()
        for alias, value in self.aliases.items():
            if alias.upper() == folded:
                return value
        # 民族 are often written without 族 (汉, 苗) and 政治面貌 with a trailing 员.
        for value in self.values:
            if value == key + "族" or value.rstrip("族") == key:
                return value
        return None


@dataclass(frozen=True)
class ChoiceAdditions:
    """Values and aliases (alias → value) a township added to one choice list."""

    values: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
