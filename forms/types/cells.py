"""What spreadsheets do to values, for the field types that read roster cells.

An ID number or a phone typed into a General cell arrives as a number, ``1975.03`` as the
number 1975.03, a date as a serial day number or a datetime; cells that do not apply hold
``/`` or ``—``; two-character names are padded with a space to line up (``王　伟``). Each
field type decides which of these apply to it (``FieldType.cell_input``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

# Cells that say "not applicable" rather than giving a value.
PLACEHOLDERS = frozenset({"/", "／", "-", "－", "--", "—", "——", "\\", "、", "无", "暂无", "不详", "空"})
# The subset that never is text a person meant (free text may well say 无 or 不详).
DASHES = frozenset({"/", "／", "-", "－", "--", "—", "——", "\\", "、"})
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


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


def number_text(raw: int | float) -> str:
    """A number typed where text was meant (an ID number, a phone, 2 for 第2组) as its digits."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return repr(raw) if isinstance(raw, float) else str(raw)


def date_from_number(raw: int | float) -> tuple[Any, str | None]:
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


def squeeze_name(text: str) -> str:
    """王　伟 → 王伟: the space a roster puts inside a two-character name to line it up."""
    return _CJK_SPACE.sub("", text)
