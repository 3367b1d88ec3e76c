"""Counts, amounts and yes/no: integers, decimals (hours, money: two places) and booleans."""

from __future__ import annotations

import math
import re
from typing import Any

from forms.types.base import CENTER, RIGHT, FieldType, ValueProblem, clean_text

_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对", "同意", "具备"}
_FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗", "不", "没有", "不具备", "不同意"}
# JSON numbers a reader of any language keeps exactly (a double's integer range).
_EXACT = 2**53
# Units people write after a count (68人, 3户) or an amount (2.5小时, 100元).
_COUNT_UNITS = re.compile(r"(人|个|户|次|名|元)$")
_AMOUNT_UNITS = re.compile(r"(小时|元|h|H)$")


def _typed_number(raw: Any, units: re.Pattern[str], what: str, field: Any = None) -> tuple[float, str]:
    """A typed number (1,200人, ６８) as a float and the text it was read from. The unit the
    field declares may follow it too (15天 for 公开天数, 86.5万元 for 涉及金额)."""
    text = clean_text(raw).replace(",", "").replace(" ", "")
    unit = getattr(field, "unit", None)
    if unit and text.endswith(unit) and len(text) > len(unit):
        text = text[:-len(unit)]
    text = units.sub("", text)
    try:
        return float(text), text
    except ValueError:
        raise ValueProblem(f"“{text}”不是{what}") from None


def _is_int(value: Any) -> bool:
    return type(value) is int and -_EXACT < value < _EXACT


def _is_decimal(value: Any) -> bool:
    if type(value) is float:
        return math.isfinite(value) and abs(value) < _EXACT
    return _is_int(value)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


class IntType(FieldType):
    name = "int"
    sql_type = int
    align = RIGHT
    nowrap = True
    decimals = 0  # places a person may type (the form's editor allows no more)
    is_canonical = staticmethod(_is_int)

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, bool):
            raise ValueProblem("应为整数")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float):
            if raw.is_integer():
                return int(raw)
            raise ValueProblem(f"{raw} 不是整数")
        number, text = _typed_number(raw, _COUNT_UNITS, "整数", field)
        if not number.is_integer():
            raise ValueProblem(f"“{text}”不是整数")
        return int(number)

    def problem(self, value: Any, field: Any = None) -> str | None:
        low = getattr(field, "min", None)
        high = getattr(field, "max", None)
        if low is not None and value < low:
            return f"不能小于{low:g}"
        if high is not None and value > high:
            return f"不能大于{high:g}"
        return None

    def cell_value(self, value: Any) -> Any:
        return value  # a number cell: sums and sorts in the spreadsheet

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        return raw, None

    def hint(self, field: Any = None) -> str:
        step = getattr(field, "step", None)
        return self._hint_word() + (f"按{step:g}{getattr(field, 'unit', None) or ''}计。" if step else "")

    def _hint_word(self) -> str:
        return "整数。"


class DecimalType(IntType):
    name = "decimal"
    sql_type = float
    decimals = 2
    is_canonical = staticmethod(_is_decimal)

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, bool):
            raise ValueProblem("应为数字")
        if isinstance(raw, int | float):
            number = float(raw)
        else:
            number, _text = _typed_number(raw, _AMOUNT_UNITS, "数字", field)
        if not math.isfinite(number):
            raise ValueProblem("不是有效数字")
        return round(number, 2)

    def problem(self, value: Any, field: Any = None) -> str | None:
        step = getattr(field, "step", None)
        if step and abs(value / step - round(value / step)) > 1e-9:
            return f"{value:g} 不是{step:g}的整数倍"
        return super().problem(value, field)

    def format(self, value: Any) -> str:
        return "" if value is None else f"{value:g}"

    def _hint_word(self) -> str:
        return "数字。"


class BoolType(FieldType):
    name = "bool"
    sql_type = int
    align = CENTER
    dropdown = ("是", "否")
    is_canonical = staticmethod(_is_bool)
    advice = "填“是”或“否”。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float):
            return bool(raw)
        text = clean_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueProblem(f"“{text}”应填“是”或“否”")

    def to_sql(self, value: Any) -> Any:
        return None if value is None else int(value)

    def from_sql(self, value: Any) -> Any:
        return None if value is None else bool(value)

    def format(self, value: Any) -> str:
        return "" if value is None else ("是" if value else "否")

    def cell_value(self, value: Any) -> Any:
        return self.format(value)

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        return raw, None
