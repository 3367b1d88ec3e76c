"""Values from a choice list (``choices.toml``): one value, or several (多选).

The field's ``choice_list`` turns what people write (汉, 党员, 大专) into the list's value
and says which values exist; a value outside the list is kept and reported, so a township
that extends a list never loses what a village typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from forms.types.base import CENTER, SEARCH_CHOICE, FieldType, clean_text

MULTI_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
MULTI_JOINER = "、"
_MAX_ITEMS, _MAX_ITEM = 100, 200


def _is_multi(value: Any) -> bool:
    return type(value) is list and len(value) <= _MAX_ITEMS and all(
        type(v) is str and len(v) <= _MAX_ITEM for v in value)


class ChoiceType(FieldType):
    name = "choice"
    align = CENTER
    search = SEARCH_CHOICE
    advice = "请从下拉列表中选择。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        text = clean_text(raw)
        choices = getattr(field, "choice_list", None)
        if choices is None:
            return text
        return choices.match(text) or text

    def problem(self, value: Any, field: Any = None) -> str | None:
        choices = getattr(field, "choice_list", None)
        if choices is None or value in choices.values:
            return None
        shown = "、".join(choices.values[:12]) + ("…" if len(choices.values) > 12 else "")
        return f"“{value}”不在可选项中（{shown}）"


class MultiChoiceType(FieldType):
    name = "multi"
    search = SEARCH_CHOICE
    multiple = True
    is_canonical = staticmethod(_is_multi)

    def normalise(self, raw: Any, field: Any = None) -> Any:
        items: Sequence[Any] = (
            raw if isinstance(raw, list | tuple) else MULTI_SEPARATORS.split(clean_text(raw))
        )
        choices = getattr(field, "choice_list", None)
        picked: list[str] = []
        for item in items:
            text = clean_text(item)
            if not text:
                continue
            value = (choices.match(text) or text) if choices is not None else text
            if value not in picked:
                picked.append(value)
        if choices is not None:
            order = {v: i for i, v in enumerate(choices.values)}
            picked.sort(key=lambda v: order.get(v, len(order)))
        return picked or None

    def problem(self, value: Any, field: Any = None) -> str | None:
        choices = getattr(field, "choice_list", None)
        if choices is None:
            return None
        bad = [v for v in value if v not in choices.values]
        if bad:
            return f"“{'、'.join(bad)}”不在可选项中（{'、'.join(choices.values)}）"
        return None

    def to_sql(self, value: Any) -> Any:
        return MULTI_JOINER.join(value) if value else None

    def from_sql(self, value: Any) -> Any:
        return value.split(MULTI_JOINER) if value else None

    def format(self, value: Any) -> str:
        return MULTI_JOINER.join(value) if value else ""

    def cell_value(self, value: Any) -> Any:
        return self.format(value)

    def hint(self, field: Any = None) -> str:
        choices = getattr(field, "choice_list", None)
        if choices is None:
            return super().hint(field)
        return "可填多项，用“、”分隔：" + "、".join(choices.values) + "。"
