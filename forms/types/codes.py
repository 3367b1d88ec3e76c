"""Identifiers, phone numbers and references: text with a fixed shape and a check.

公民身份号码, 证件号码, 统一社会信用代码 and 统计用区划代码 are stored as
``forms.identifiers.normalise_code`` makes them (ASCII, no spaces, upper case); phones
as digits (mobiles) or 区号-号码 (landlines); references as the referenced record's UUID.
"""

from __future__ import annotations

import re
from typing import Any

from forms.identifiers import division_code_problem, id_number_problem, normalise_code, uscc_problem
from forms.types.base import (
    ALWAYS_TEXT,
    SEARCH_NUMBER,
    FieldType,
    clean_text,
    refuse_hidden,
    without_zero_width,
)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_RECORD_ID = re.compile(r"[0-9a-f]{32}|[0-9a-f-]{36}")  # compiled once: checked for every reference


class CodeType(FieldType):
    """An identifier written in digits and capitals, checked by its own algorithm."""

    nowrap = True
    excel_text = ALWAYS_TEXT  # Excel keeps 15 digits of an 18-digit number
    search = SEARCH_NUMBER
    code = True

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return normalise_code(refuse_hidden(without_zero_width(str(raw))))


class IdNumberType(CodeType):
    name = "idnumber"
    rule = "R-ID"
    advice = "18位公民身份号码，末位可为X。"

    def problem(self, value: Any, field: Any = None) -> str | None:
        return id_number_problem(value)


class DocumentType(CodeType):
    """A document number whose check depends on the document type (checked by R-ID)."""

    name = "document"
    advice = "居民身份证填18位号码。"

    def problem(self, value: Any, field: Any = None) -> str | None:
        if len(value) > 30:
            return "证件号码过长"
        return None


class UsccType(CodeType):
    name = "uscc"
    rule = "R-USCC"
    advice = "18位统一社会信用代码。"

    def problem(self, value: Any, field: Any = None) -> str | None:
        return uscc_problem(value)


class DivisionType(CodeType):
    name = "division"
    search = None  # the village's own code: the same in every record of a village

    def problem(self, value: Any, field: Any = None) -> str | None:
        return division_code_problem(value, 12)


class PhoneType(FieldType):
    name = "phone"
    nowrap = True
    excel_text = ALWAYS_TEXT  # 0594-1234567 would become a subtraction, a mobile a number
    rule = "R-PHONE"
    advice = "11位手机号码，或带区号的固定电话（如 0594-1234567）。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        text = normalise_code(str(raw)).replace("－", "-").replace("—", "-")
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            text = str(int(raw))
        text = re.sub(r"[()（）]", "-", text).strip("-")
        text = re.sub(r"-+", "-", text)
        if text.startswith("+86"):
            text = text[3:].lstrip("-")
        # Mobiles are written 138-1234-5678 or 138 1234 5678; keep digits only for them.
        digits = text.replace("-", "")
        if _MOBILE.match(digits):
            return digits
        return text

    def problem(self, value: Any, field: Any = None) -> str | None:
        if _MOBILE.match(value) or _LANDLINE.match(value):
            return None
        return "应为11位手机号码，或带区号的固定电话（如 0594-1234567）"


def _is_ref(value: Any) -> bool:
    return type(value) is str and _HEX32.fullmatch(value) is not None


class RefType(FieldType):
    """A reference to another record, by UUID.

    A roster names the record instead (姓名（证件号码）, a 名称); only the store can find it,
    so a roster's reference cell is read as text (``sync.excel``) and not parsed here.
    """

    name = "ref"
    is_canonical = staticmethod(_is_ref)

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return clean_text(raw).lower()

    def problem(self, value: Any, field: Any = None) -> str | None:
        if not _RECORD_ID.fullmatch(value):
            return f"“{value}”不是有效的记录编号"
        return None
