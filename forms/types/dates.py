"""Dates, year-months and times of day.

Canonical forms: ``"YYYY-MM-DD"``; ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` for a year-month field
(the precision given, never an invented day); ``"HH:MM"``. People type 1975.3.1,
1975年3月1日 or 19750301; spreadsheets add serial day numbers and fractions of a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from forms.types.base import ALWAYS_TEXT, CENTER, FieldType, ValueProblem, clean_text
from forms.types.cells import date_from_number, number_text

# Separators people put between year, month and day, full-width ones included (１９６８．０３).
_SEP = "[-/.年．／－·]"
_DATE_PATTERNS = (
    re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})(?:{_SEP}|月)(\d{{1,2}})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_YEAR_ONLY = re.compile(r"^(\d{4})年?$")
_TIME_PATTERN = re.compile(r"^(\d{1,2})[:：时点](\d{1,2})?分?(?::(\d{1,2}))?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Canonical spellings, as the package reader accepts them.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_ISO_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")


def _date_parts(text: str) -> tuple[int, int, int | None] | None:
    """Year, month and day (None when not written) of a typed date; None if not a date at all.

    Raises ValueProblem for a date that has the shape but does not exist (1975-02-30).
    """
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                dt.date(y, mo, d)
            except ValueError:
                raise ValueProblem(f"“{text}”不是有效日期") from None
            return y, mo, d
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo = (int(g) for g in m.groups())
            if 1 <= mo <= 12:
                return y, mo, None
            raise ValueProblem(f"“{text}”不是有效年月（月份应为1到12）")
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        # An Excel serial date that arrived as text.
        day = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        return day.year, day.month, day.day
    return None


def parse_date_text(text: str) -> dt.date:
    text = clean_text(text).replace(" ", "")
    parts = _date_parts(text)
    if parts is None:
        raise ValueProblem(f"“{text}”不是可识别的日期，请写成 1975-03-01 这样的格式")
    y, mo, d = parts
    # A date field given only year and month (1975.03) keeps the first day; the fields where
    # rosters mean a month (出生年月, 入党时间 …) are ``yearmonth`` fields and keep the month.
    return dt.date(y, mo, d or 1)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the month or to the day: the value of a ``yearmonth`` field.

    Rosters write 出生年月 1968.03; the ID number or a clerk may give the day. Whatever reads
    the value works at the precision given: ``first`` and ``last`` are the earliest and latest
    day it can mean, so a rule can ask what is certain and nothing invents a day.
    """

    year: int
    month: int
    day: int | None = None

    @property
    def has_day(self) -> bool:
        return self.day is not None

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def iso(self) -> str:
        """The canonical value: ``1968-03`` or ``1968-03-12``."""
        month = f"{self.year:04d}-{self.month:02d}"
        return month if self.day is None else f"{month}-{self.day:02d}"

    def dotted(self) -> str:
        """As Chinese rosters print a 出生年月 or 任职时间: ``1968.03`` (``1968.03.12`` with the day)."""
        month = f"{self.year:04d}.{self.month:02d}"
        return month if self.day is None else f"{month}.{self.day:02d}"

    def plus_years(self, years: int) -> PartialDate:
        """The same month (and day, if known) ``years`` later; 29 February becomes the 28th."""
        year = self.year + years
        day = self.day
        if day is not None and day > calendar.monthrange(year, self.month)[1]:
            day = calendar.monthrange(year, self.month)[1]
        return PartialDate(year, self.month, day)

    def agrees_with(self, day: dt.date) -> bool:
        """Does this value say the same as the full date ``day``, at its own precision?"""
        return (self.year, self.month) == (day.year, day.month) and self.day in (None, day.day)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)


def as_partial_date(value: Any) -> PartialDate | None:
    """A canonical year-month or date (or a date object) as a PartialDate; None when empty or not one."""
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        return PartialDate.of(value.date())
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    text = str(value)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        month = int(text[5:])
        return PartialDate(int(text[:4]), month) if 1 <= month <= 12 and text[:4] != "0000" else None
    day = as_date(text)
    return None if day is None else PartialDate.of(day)


def as_date(value: Any) -> dt.date | None:
    """Canonical date string (or a date) to a date; None when empty or not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# The rules read dates and times without asking: only their canonical spelling may enter.
def _is_date(value: Any) -> bool:
    if type(value) is not str or _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_year_month(value: Any) -> bool:
    """``1968-03``, or a full date when the day was given (出生年月 from an ID number)."""
    return type(value) is str and (_ISO_MONTH.fullmatch(value) is not None or _is_date(value))


def _is_time(value: Any) -> bool:
    return type(value) is str and _ISO_TIME.fullmatch(value) is not None


class DateType(FieldType):
    name = "date"
    align = CENTER
    nowrap = True
    holds_date = True
    is_canonical = staticmethod(_is_date)
    advice = "日期，如 2026-03-18（也可写 2026.3.18、2026年3月18日）。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if 1 <= raw < 2958466:
                return (_EXCEL_EPOCH + dt.timedelta(days=int(raw))).isoformat()
            return parse_date_text(str(int(raw))).isoformat()
        return parse_date_text(str(raw)).isoformat()

    def problem(self, value: Any, field: Any = None) -> str | None:
        return None

    def cell_value(self, value: Any) -> Any:
        day = dt.date.fromisoformat(value)
        # Excel has no dates before 1900; such a value stays text and still reads back.
        return day if day.year >= 1900 else value

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        return date_from_number(raw)


class YearMonthType(FieldType):
    """出生年月, 入党时间, 任职时间 …: a month (``1968-03``), or a day when one was given.

    Precision is what the clerk, the roster or the ID number gave, never invented: 1968.03
    stays ``1968-03``, 1968-03-12 stays ``1968-03-12``. Shown as rosters print it (1968.03).
    """

    name = "yearmonth"
    align = CENTER
    nowrap = True
    holds_date = True
    # Text as rosters print it (1968.03) in a text cell: a date cell would need a day, and
    # Excel would turn a typed 1979.10 into the number 1979.1.
    excel_text = ALWAYS_TEXT
    is_canonical = staticmethod(_is_year_month)
    advice = "年月，如 1975.03（也可写 1975年3月）；知道日期时可写 1975.03.18。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        if isinstance(raw, PartialDate):
            return raw.iso()
        if isinstance(raw, bool):
            raise ValueProblem("应为年月，如 1968.03")
        if isinstance(raw, float) and not raw.is_integer():
            # 1968.03 typed into a General cell arrives as a number (repr keeps 1968.03).
            raw = repr(raw)
        elif isinstance(raw, int | float):
            number = int(raw)
            if 1800 <= number <= 2200:
                raise ValueProblem(f"“{number}”只有年份，请写出月份，如 {number}.03")
            if 1 <= number < 100_000:
                # An Excel serial date (a date cell read without its format); 100000 is the year 2173.
                return (_EXCEL_EPOCH + dt.timedelta(days=number)).isoformat()
            raw = str(number)  # 197005 or 19700512 typed as a number
        text = clean_text(raw).replace(" ", "")
        parts = _date_parts(text)
        if parts is None:
            year = _YEAR_ONLY.match(text)
            if year:
                raise ValueProblem(f"“{text}”只有年份，请写出月份，如 {year.group(1)}.03")
            raise ValueProblem(f"“{text}”不是可识别的年月，请写成 1968.03 或 1968-03-12 这样的格式")
        return PartialDate(*parts).iso()

    def problem(self, value: Any, field: Any = None) -> str | None:
        if as_partial_date(value) is None:
            return f"“{value}”不是有效年月"
        return None

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        found = as_partial_date(value)
        return found.dotted() if found is not None else str(value)

    def cell_value(self, value: Any) -> Any:
        return self.format(value)

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        return date_from_number(raw)


class TimeType(FieldType):
    name = "time"
    align = CENTER
    nowrap = True
    is_canonical = staticmethod(_is_time)
    advice = "时间，如 08:30。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, dt.datetime):
            raw = raw.time()
        if isinstance(raw, dt.time):
            return f"{raw.hour:02d}:{raw.minute:02d}"
        if isinstance(raw, float) and 0 <= raw < 1:
            # Excel stores a time of day as a fraction of a day.
            minutes = round(raw * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        text = clean_text(raw).replace(" ", "")
        m = _TIME_PATTERN.match(text)
        if not m:
            raise ValueProblem(f"“{text}”不是有效时间，请写成 08:30 这样的格式")
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            raise ValueProblem(f"“{text}”不是有效时间")
        return f"{hour:02d}:{minute:02d}"

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        if isinstance(raw, float) and 0 <= raw < 1:
            return raw, None  # a time of day as Excel stores it
        return number_text(raw), None
