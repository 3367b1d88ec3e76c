"""What may be added to a choice list, with the Chinese reason when something may not.

A township adds values and aliases to the definitions' choice lists (``sync/store/choices.py``
stores them, ``Catalog.with_choice_additions`` applies them). Adding never removes or
renames anything, so every stored record and every rule that names a value stays valid.
The store and the dialog ask the same questions here, so a person reads the same message.
"""

from __future__ import annotations

import re

from forms.model import Catalog, ChoiceList
from forms.types import clean_text

# The longest definition value is 9 characters (村务监督委员会主任); a list entry is a word.
MAX_CHOICE_LENGTH = 20
# These split a 多选 cell into values (forms.types.MULTI_SEPARATORS), so no value may hold one.
_SEPARATORS = re.compile(r"[、,，;；|]")
_MULTI_ONLY = re.compile(r"/")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ChoiceProblem(ValueError):
    """A value or alias that cannot be added; the message is Chinese and names the list."""


def clean_choice(text: object) -> str:
    """A value as the lists keep it: half-width, no spaces (``ChoiceList.match`` drops them)."""
    return clean_text("" if text is None else text).replace(" ", "")


def choice_list(cat: Catalog, name: str) -> ChoiceList:
    found = cat.choices.get(clean_choice(name))
    if found is None:
        raise ChoiceProblem(f"没有名为“{name}”的选项列表")
    return found


def _used_by_multi(cat: Catalog, name: str) -> bool:
    return any(f.type.multiple for _reg, f in cat.fields_using(name))


def _text_problem(cat: Catalog, lst: ChoiceList, text: str, what: str) -> None:
    if not text:
        raise ChoiceProblem(f"“{lst.name}”：{what}不能为空")
    if len(text) > MAX_CHOICE_LENGTH:
        raise ChoiceProblem(f"“{lst.name}”：{what}“{text[:MAX_CHOICE_LENGTH]}…”太长，"
                            f"最多 {MAX_CHOICE_LENGTH} 个字")
    if _CONTROL.search(text):
        raise ChoiceProblem(f"“{lst.name}”：{what}不能含有换行等控制字符")
    bad = _SEPARATORS.search(text) or (_MULTI_ONLY.search(text) if _used_by_multi(cat, lst.name) else None)
    if bad:
        raise ChoiceProblem(f"“{lst.name}”：{what}“{text}”不能含有“{bad.group()}”"
                            "（填写多项时用它分隔）")


def check_value(cat: Catalog, list_name: str, value: object) -> tuple[ChoiceList, str]:
    """The list and the cleaned value, or ChoiceProblem saying why it cannot be added."""
    lst = choice_list(cat, list_name)
    text = clean_choice(value)
    _text_problem(cat, lst, text, "新的选项")
    if lst.fixed:
        raise ChoiceProblem(f"“{lst.name}”是固定的选项列表（{'、'.join(lst.values[:8])}"
                            f"{'…' if len(lst.values) > 8 else ''}），不能添加新的选项，只能添加别名")
    if text in lst.values:
        raise ChoiceProblem(f"“{lst.name}”中已有“{text}”，不用重复添加")
    target = lst.match(text)
    if target is not None:
        raise ChoiceProblem(f"“{text}”在“{lst.name}”中已表示“{target}”（别名），不能再作为新的选项")
    return lst, text


def check_alias(cat: Catalog, list_name: str, alias: object, value: object) -> tuple[ChoiceList, str, str]:
    """The list, the cleaned alias and the value it stands for, or ChoiceProblem."""
    lst = choice_list(cat, list_name)
    text = clean_choice(alias)
    _text_problem(cat, lst, text, "别名")
    target = clean_choice(value)
    if not target:
        raise ChoiceProblem(f"“{lst.name}”：请选择别名“{text}”对应的选项")
    if target not in lst.values:
        raise ChoiceProblem(f"“{lst.name}”中没有选项“{target}”，别名只能对应已有的选项")
    if text in lst.values:
        raise ChoiceProblem(f"“{text}”本身就是“{lst.name}”的选项，不用再作为别名")
    meant = lst.match(text)  # also an alias written in other case (m for M)
    if meant is not None:
        same = "不用重复添加" if meant == target else "不能改为其他选项"
        raise ChoiceProblem(f"“{text}”已是“{lst.name}”中“{meant}”的别名，{same}")
    return lst, text, target
