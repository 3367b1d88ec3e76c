"""Field types: how a value is parsed, normalised, checked, stored, shown and written.

Values inside Cunwu are always in their *canonical* form, which is also their JSON form:
text as ``str``, dates as ``"YYYY-MM-DD"``, year-months as ``"YYYY-MM"`` (or ``"YYYY-MM-DD"``
when the day was given), times as ``"HH:MM"``, integers as ``int``,
decimals as ``float`` (hours and money never need more than two places), booleans as
``bool``, multi-choice as ``list[str]`` in list order, references as a UUID string.
Empty is ``None``. Keeping one representation everywhere means versions, packages,
Excel and the database never disagree about what a value is.

``TYPES`` maps each type name a definition may use to its type; everything that depends
on the kind of value is a method or attribute of the type (``forms.types.base``), and
masking is ``forms.types.masks``.
"""

from __future__ import annotations

from forms.types.base import (
    ALWAYS_TEXT,
    CENTER,
    LEFT,
    RIGHT,
    SEARCH_CHOICE,
    SEARCH_NUMBER,
    SEARCH_TEXT,
    TEXT_IF_NUMBER_LIKE,
    FieldType,
    LongTextType,
    TextType,
    ValueProblem,
    clean_text,
    is_empty,
)
from forms.types.choices import MULTI_JOINER, MULTI_SEPARATORS, ChoiceType, MultiChoiceType
from forms.types.codes import DivisionType, DocumentType, IdNumberType, PhoneType, RefType, UsccType
from forms.types.dates import (
    DateType,
    PartialDate,
    TimeType,
    YearMonthType,
    as_date,
    as_partial_date,
    parse_date_text,
)
from forms.types.masks import MASKS, mask_text
from forms.types.numbers import BoolType, DecimalType, IntType

__all__ = [
    "ALWAYS_TEXT", "CENTER", "LEFT", "MASKS", "MULTI_JOINER", "MULTI_SEPARATORS", "RIGHT",
    "SEARCH_CHOICE", "SEARCH_NUMBER", "SEARCH_TEXT", "TEXT_IF_NUMBER_LIKE", "TYPES", "FieldType",
    "PartialDate", "ValueProblem", "as_date", "as_partial_date", "clean_text", "is_empty", "mask_text",
    "parse_date_text", "type_named",
]

TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        TextType(),
        LongTextType(),
        IdNumberType(),
        DocumentType(),
        UsccType(),
        DivisionType(),
        PhoneType(),
        DateType(),
        YearMonthType(),
        TimeType(),
        IntType(),
        DecimalType(),
        BoolType(),
        ChoiceType(),
        MultiChoiceType(),
        RefType(),
    )
}


def type_named(name: str) -> FieldType:
    try:
        return TYPES[name]
    except KeyError:
        raise KeyError(f"unknown field type {name!r}") from None
