"""What a cell's number format says about its value: a year-month, a full date, or neither.

A clerk who formats a date column as ``yyyy"年"m"月"`` (Excel), ``yyyy-mm``, ``yyyy.mm`` or
``e/m`` (WPS) means a month, not a day: the sheet shows 1975年3月 whatever day is stored
underneath. Such cells are read as the text ``YYYY-MM``, as the clerk sees them.

Chinese Excel also saves some date formats by number only, with no format text in the
file (ids 27–36 and 50–58 of the zh-CN locale table in ECMA-376 Part 1, 18.8.30):
openpyxl does not know those ids and reads such cells as plain numbers (day serials),
so they are looked up here.
"""

from __future__ import annotations

import datetime as dt
import re

# zh-CN locale built-in number formats (ECMA-376 Part 1, 18.8.30).
ZH_CN_BUILTIN_FORMATS: dict[int, str] = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}

# Quoted literals ("年"), escaped characters (\-), colours and locales ([$-804], [Red]),
# and padding/skip instructions (_x, *x) carry no date parts.
_NOT_PARTS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _parts(number_format: str) -> str:
    first = number_format.split(";")[0]  # the format for positive numbers is the one that shows
    return _NOT_PARTS.sub("", first).lower()


def is_year_month(number_format: str | None) -> bool:
    """A date format that shows the year and the month but no day and no time."""
    if not number_format:
        return False
    parts = _parts(number_format)
    has_year = "y" in parts or "e" in parts  # e: the year in Chinese Excel and WPS
    return has_year and "m" in parts and not any(c in parts for c in "dhs")


def is_date_format(number_format: str | None) -> bool:
    """A format that shows a day or a year (not a time of day alone, not a number)."""
    if not number_format:
        return False
    return is_year_month(number_format) or bool(re.search("[yd]", _parts(number_format)))


def year_month(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def serial_to_datetime(serial: float) -> dt.datetime | None:
    """An Excel day serial (1900 system) to a datetime; None when out of any plausible range."""
    if not 1 <= serial < 2958466:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def as_shown(value: object, number_format: str | None) -> object:
    """A date cell the way its format shows it: ``YYYY-MM`` text for a month format."""
    if isinstance(value, dt.datetime | dt.date) and is_year_month(number_format):
        return year_month(value)
    return value
