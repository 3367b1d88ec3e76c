"""Field types: how a value is parsed, normalised, checked, stored and shown.

Values inside Cunwu are always in their *canonical* form, which is also their JSON form:
text as ``str``, dates as ``"YYYY-MM-DD"``, year-months as ``"YYYY-MM"`` (or ``"YYYY-MM-DD"``
when the day was given), times as ``"HH:MM"``, integers as ``int``,
decimals as ``float`` (hours and money never need more than two places), booleans as
``bool``, multi-choice as ``list[str]`` in list order, references as a UUID string.
Empty is ``None``. Keeping one representation everywhere means versions, packages,
Excel and the database never disagree about what a value is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from forms.identifiers import (
    division_code_problem,
    id_number_problem,
    normalise_code,
    to_halfwidth,
    uscc_problem,
)


class ValueProblem(ValueError):
    """A value that cannot be accepted; ``str(problem)`` is a Chinese reason."""


_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对", "同意", "具备"}
_FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗", "不", "没有", "不具备", "不同意"}
MULTI_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
MULTI_JOINER = "、"

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
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


_SPACES = re.compile(r"[ \t]+")


def clean_text(raw: Any) -> str:
    """Text as a person meant it: half-width, trimmed, inner runs of spaces collapsed."""
    text = to_halfwidth(str(raw)).replace("\r\n", "\n").strip()
    if "  " in text or "\t" in text:
        return _SPACES.sub(" ", text)
    return text


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()  # str.strip() also removes the ideographic space
    if isinstance(raw, list | tuple | set):
        return len(raw) == 0
    return False


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


class FieldType:
    """Base type: free text."""

    name = "text"
    sql_type: type = str
    widget = "line"

    def parse(self, raw: Any, field: Any = None) -> Any:
        """Input from a person, a roster or the command line to the canonical value."""
        if is_empty(raw):
            return None
        value = self.normalise(raw, field)
        if value is None:
            return None
        problem = self.problem(value, field)
        if problem:
            raise ValueProblem(problem)
        return value

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return clean_text(raw)

    def problem(self, value: Any, field: Any = None) -> str | None:
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            return f"最多{limit}个字，现有{len(value)}个字"
        return None

    def to_sql(self, value: Any) -> Any:
        return value

    def from_sql(self, value: Any) -> Any:
        return value

    def format(self, value: Any) -> str:
        """How a person reads the value in a list, a form or on paper."""
        return "" if value is None else str(value)


class LongTextType(FieldType):
    name = "longtext"
    widget = "textarea"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        lines = [line.rstrip() for line in to_halfwidth(str(raw)).replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()


class IdNumberType(FieldType):
    name = "idnumber"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return normalise_code(str(raw))

    def problem(self, value: Any, field: Any = None) -> str | None:
        return id_number_problem(value)


class DocumentType(FieldType):
    """A document number whose check depends on the document type (checked by R-ID)."""

    name = "document"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return normalise_code(str(raw))

    def problem(self, value: Any, field: Any = None) -> str | None:
        if len(value) > 30:
            return "证件号码过长"
        return None


class UsccType(FieldType):
    name = "uscc"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return normalise_code(str(raw))

    def problem(self, value: Any, field: Any = None) -> str | None:
        return uscc_problem(value)


class DivisionType(FieldType):
    name = "division"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return normalise_code(str(raw))

    def problem(self, value: Any, field: Any = None) -> str | None:
        return division_code_problem(value, 12)


class PhoneType(FieldType):
    name = "phone"

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


class DateType(FieldType):
    name = "date"
    widget = "date"

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


class YearMonthType(FieldType):
    """出生年月, 入党时间, 任职时间 …: a month (``1968-03``), or a day when one was given.

    Precision is what the clerk, the roster or the ID number gave, never invented: 1968.03
    stays ``1968-03``, 1968-03-12 stays ``1968-03-12``. Shown as rosters print it (1968.03).
    """

    name = "yearmonth"
    widget = "yearmonth"

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


class TimeType(FieldType):
    name = "time"
    widget = "time"

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


class IntType(FieldType):
    name = "int"
    sql_type = int
    widget = "int"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, bool):
            raise ValueProblem("应为整数")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float):
            if raw.is_integer():
                return int(raw)
            raise ValueProblem(f"{raw} 不是整数")
        text = clean_text(raw).replace(",", "").replace(" ", "")
        text = re.sub(r"(人|个|户|次|名|元)$", "", text)
        try:
            number = float(text)
        except ValueError:
            raise ValueProblem(f"“{text}”不是整数") from None
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


class DecimalType(IntType):
    name = "decimal"
    sql_type = float
    widget = "decimal"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        if isinstance(raw, bool):
            raise ValueProblem("应为数字")
        if isinstance(raw, int | float):
            number = float(raw)
        else:
            text = clean_text(raw).replace(",", "").replace(" ", "")
            text = re.sub(r"(小时|元|h|H)$", "", text)
            try:
                number = float(text)
            except ValueError:
                raise ValueProblem(f"“{text}”不是数字") from None
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


class BoolType(FieldType):
    name = "bool"
    sql_type = int
    widget = "check"

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


class ChoiceType(FieldType):
    name = "choice"
    widget = "combo"

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
    widget = "checklist"

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


class RefType(FieldType):
    """A reference to another record, by UUID."""

    name = "ref"
    widget = "ref"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        return clean_text(raw).lower()

    def problem(self, value: Any, field: Any = None) -> str | None:
        if not re.fullmatch(r"[0-9a-f]{32}|[0-9a-f-]{36}", value):
            return f"“{value}”不是有效的记录编号"
        return None


TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType(),
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
