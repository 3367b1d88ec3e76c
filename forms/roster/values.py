"""Cell values as rosters hold them, turned into what the field types expect.

The field types already accept what a person types (full-width digits, 1975年3月1日,
大专 …). A spreadsheet adds its own habits, handled here: numbers where text was meant
(an ID number or a phone typed into a General cell), ``1975.03`` that Excel stored as
the number 1975.03, ``/`` or ``—`` in cells that do not apply, and names padded with a
space to line up two-character names (``王　伟``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.model import Field
from forms.types import ValueProblem, clean_text

# Cells that say "not applicable" rather than giving a value.
_PLACEHOLDERS = {"/", "／", "-", "－", "--", "—", "——", "\\", "、", "无", "暂无", "不详", "空"}
_DASHES = {"/", "／", "-", "－", "--", "—", "——", "\\", "、"}
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_TEXT_TYPES = ("text", "longtext", "idnumber", "document", "uscc", "division", "phone", "ref")
_CODE_TYPES = ("idnumber", "document", "uscc", "division")
# Excel keeps 15 significant digits: an 18-digit number typed into a General cell is rounded
# (520222197507288016 becomes 520222197507288000), and a CSV saved from it says 5.20222E+17.
_EXCEL_DIGITS = 15
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+\d+$", re.IGNORECASE)
EXCEL_NUMBER_MESSAGE = ("Excel 把号码存成了数字（不是文本）：数字只保留15位有效数字，号码的末几位已丢失；"
                        "请把这一列设为“文本”格式后重新输入号码")
MASKED_MESSAGE = "号码已打码（含*），无法导入；请用完整号码（导出时选择显示完整号码）"


@dataclass(frozen=True)
class Parsed:
    """One cell read for one field: the canonical value, or why it cannot be taken."""

    value: Any
    problem: str | None = None
    note: str | None = None  # accepted, but the clerk should look (an ambiguous date)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def display(raw: Any) -> str:
    """A cell as the clerk sees it, for reports."""
    if raw is None:
        return ""
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time(0, 0):
            return raw.date().isoformat()
        if raw.date() == dt.date(1899, 12, 30):
            return raw.strftime("%H:%M")
        return raw.isoformat(sep=" ", timespec="minutes")
    if isinstance(raw, dt.date | dt.time):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        if abs(raw) < 1e15:
            return str(int(raw))
        # 5.20222197507288E+17 as Excel's formula bar shows it: 15 digits, then zeros.
        return str(int(Decimal(f"{raw:.15g}")))
    return str(raw).strip()


def _number_text(raw: int | float) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return repr(raw) if isinstance(raw, float) else str(raw)


def _date_from_number(raw: int | float) -> tuple[Any, str | None]:
    """A number in a date column: an Excel serial, or 1975.03 / 197503 / 19750301 typed as a number."""
    whole = int(raw)
    if isinstance(raw, float) and not raw.is_integer() and 1900 <= whole <= 2100:
        text = repr(raw)
        note = None
        if re.fullmatch(r"\d{4}\.1", text):
            note = f"“{text}”按{whole}年1月理解；若指10月，请在 Excel 中把单元格设为文本并写成 {whole}.10"
        return text, note
    if isinstance(raw, int) or raw.is_integer():
        if 190001 <= whole <= 210012 and 1 <= whole % 100 <= 12:
            return str(whole), None
        if 19000101 <= whole <= 21001231:
            return str(whole), None
    return raw, None


def prepare_cell(fld: Field, raw: Any) -> tuple[Any, str | None]:
    """The cell in the form the field type parses best, and a note if the reading is a guess."""
    type_name = fld.type.name
    if isinstance(raw, str):
        # The field type cleans the text (full-width, spaces); only roster habits are handled here.
        text = raw.strip()
        if len(text) <= 2:
            if fld.choice_list is not None:
                if text in _PLACEHOLDERS and fld.choice_list.match(text) is None:
                    return None, None
            elif text in (_DASHES if type_name in ("text", "longtext") else _PLACEHOLDERS):
                return None, None
        if type_name == "text" and fld.name.endswith("姓名"):
            # 王　伟: two-character names are padded to line up with three-character ones.
            text = _CJK_SPACE.sub("", clean_text(text))
        return text, None
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int | float):
        if type_name in ("date", "yearmonth"):
            return _date_from_number(raw)
        if type_name == "time" and isinstance(raw, float) and 0 <= raw < 1:
            return raw, None  # a time of day as Excel stores it
        if type_name in _TEXT_TYPES or type_name in ("choice", "multi", "time"):
            return _number_text(raw), None
        return raw, None
    if isinstance(raw, dt.datetime) and type_name in ("text", "longtext"):
        return display(raw), None
    return raw, None


def _excel_number(raw: Any) -> bool:
    """A code of 16 or more digits that went through a number: its last digits are lost."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int | float):
        return len(str(abs(int(raw)))) > _EXCEL_DIGITS
    return isinstance(raw, str) and bool(_SCIENTIFIC.match(raw.strip()))


def parse_cell(fld: Field, raw: Any) -> Parsed:
    """Parse a cell with the field's type; ``value`` is None only for an empty cell."""
    if is_blank(raw):
        return Parsed(None)
    if fld.type.name in _CODE_TYPES and _excel_number(raw):
        # Refused whatever its check digit: a rounded number passes it about one time in
        # eleven, and would then be stored with a wrong birth date and sex.
        return Parsed(display(raw), EXCEL_NUMBER_MESSAGE)
    value, note = prepare_cell(fld, raw)
    if value is None:
        return Parsed(None, note=note)
    if fld.type.name in (*_CODE_TYPES, "phone") and isinstance(value, str) and "*" in value:
        return Parsed(value, MASKED_MESSAGE)
    if fld.type.name == "ref":
        # A reference names another record (姓名, 证件号码 or 名称); only the store can find it.
        return Parsed(clean_text(value), note=note)
    try:
        parsed = fld.type.normalise(value, fld)
    except ValueProblem as problem:
        return Parsed(display(raw), str(problem), note)
    if parsed is None:
        return Parsed(None, note=note)
    problem = fld.type.problem(parsed, fld)
    return Parsed(parsed, problem, note)
