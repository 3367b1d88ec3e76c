"""A roster cell read for one field: the canonical value, or why it cannot be taken.

The field type reads the cell (``FieldType.cell_input``: numbers where text was meant,
dates as numbers, ``/`` or ``—`` in cells that do not apply, padded names) and checks it;
this module adds what only a roster can get wrong: an identifier that went through a
spreadsheet number (its last digits lost) or came from an export with masked numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from forms.model import Field
from forms.types import ValueProblem, clean_text
from forms.types.cells import display

__all__ = ["EXCEL_NUMBER_MESSAGE", "MASKED_MESSAGE", "Parsed", "display", "is_blank", "parse_cell"]

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
    kind = fld.type
    if kind.code and _excel_number(raw):
        # Refused whatever its check digit: a rounded number passes it about one time in
        # eleven, and would then be stored with a wrong birth date and sex.
        return Parsed(display(raw), EXCEL_NUMBER_MESSAGE)
    value, note = kind.cell_input(raw, fld)
    if value is None:
        return Parsed(None, note=note)
    if (kind.code or fld.mask) and isinstance(value, str) and "*" in value:
        return Parsed(value, MASKED_MESSAGE)  # from an export with masked numbers
    if fld.ref:
        # A reference names another record (姓名, 证件号码 or 名称); only the store can find it.
        return Parsed(clean_text(value), note=note)
    try:
        parsed = kind.normalise(value, fld)
    except ValueProblem as problem:
        return Parsed(display(raw), str(problem), note)
    if parsed is None:
        return Parsed(None, note=note)
    problem = kind.problem(parsed, fld)
    return Parsed(parsed, problem, note)
