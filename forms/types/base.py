"""What every field type does, and free text, the type the others start from.

A field type owns everything that depends on the kind of value a field holds (the idea
of qutebrowser's config types: each type parses, checks and converts, and is tested
without a widget): how a person's text or a spreadsheet cell becomes the canonical value
(``parse``, ``normalise``, ``cell_input``), what is wrong with a value (``problem``, and
the rule it is reported under), whether a value arriving in a package is canonical
(``is_canonical``), how it is stored (``to_sql``/``from_sql``), shown (``format``, the
column's ``align``/``nowrap``) and written to a spreadsheet (``cell_value``,
``excel_text``), and what a template says to write (``hint``). Consumers ask the type;
they do not compare type names.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms.identifiers import to_halfwidth
from forms.types.cells import DASHES, PLACEHOLDERS, display, number_text, squeeze_name


class ValueProblem(ValueError):
    """A value that cannot be accepted; ``str(problem)`` is a Chinese reason."""


# Where a column of this type sits in lists and in the printed book.
LEFT, CENTER, RIGHT = "left", "center", "right"
# Which spreadsheet cells of a type get the text format "@": every cell (codes a spreadsheet
# would round or turn into a date once a clerk edits them), only cells whose text would pass
# for a number or a date (names, groups, free text), or none (numbers and real dates).
ALWAYS_TEXT, TEXT_IF_NUMBER_LIKE = "always", "number-like"
# What part of a record's search key a field gives (``sync.store.search``).
SEARCH_NUMBER, SEARCH_TEXT, SEARCH_CHOICE = "number", "text", "choice"
# The longest text a package may carry in one value.
MAX_TEXT = 100_000

_SPACES = re.compile(r"[ \t]+")
# Characters nobody types into a register, that change what a screen or terminal shows:
# control characters (NUL, ESC of terminal escapes …; tab and line feed are text) and the
# bidirectional overrides and isolates that reverse text (U+202E makes 1102 read 2011).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[{_CONTROL}{_BIDI}]")
_BIDI_ONLY = re.compile(f"[{_BIDI}]")
# Invisible characters that only make equal names differ (copied from web pages and chats).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def without_zero_width(text: str) -> str:
    return _ZERO_WIDTH.sub("", text) if not text.isascii() else text


def refuse_hidden(text: str) -> str:
    """``text`` if it holds no control or direction-changing character, else ValueProblem
    naming the first one (the field is named by whoever reports the problem)."""
    found = _HIDDEN.search(text)
    if found is None:
        return text
    char = found.group()
    if _BIDI_ONLY.fullmatch(char):
        raise ValueProblem(f"含有改变文字显示方向的字符（U+{ord(char):04X}），"
                           "它会让内容看起来和实际不同，不能保存")
    raise ValueProblem(f"含有不可见的控制字符（U+{ord(char):04X}），请删除后重新输入")


def visible(text: str) -> str:
    """``text`` with control and direction-changing characters shown as ``<U+001B>``: what is
    printed or drawn never carries a raw terminal escape or a reversal."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


# Anything ``clean_text`` would change besides the ends: full-width letters and digits, the
# ideographic space, zero-width, control (tab, line feed and carriage return too) and
# direction-changing characters, two spaces. Text without any is only trimmed: most of what a
# roster or a bulk add holds, read once per field of every row.
_NEEDS_CLEANING = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000"
                             f"\u200b\u200c\u200d\u2060\ufeff\x00-\x1f\x7f-\x9f{_BIDI}]|  ")


def clean_text(raw: Any) -> str:
    """Text as a person meant it: half-width, trimmed, inner runs of spaces collapsed, zero-width
    characters dropped; control and direction-changing characters refused (ValueProblem)."""
    if type(raw) is str and _NEEDS_CLEANING.search(raw) is None:
        return raw.strip()
    return clean_text_in_full(raw)


def clean_text_in_full(raw: Any) -> str:
    """``clean_text`` step by step, for text that needs more than trimming."""
    text = refuse_hidden(without_zero_width(to_halfwidth(str(raw)).replace("\r\n", "\n"))).strip()
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


def is_text(value: Any) -> bool:
    return type(value) is str and len(value) <= MAX_TEXT and _HIDDEN.search(value) is None


class FieldType:
    """What every type does; the defaults are those of a value kept as text."""

    name = ""
    sql_type: type = str
    align = LEFT
    nowrap = False  # codes, dates and numbers are never broken across lines on paper
    multiline = False  # long text: kept out of lists, wide and wrapped in spreadsheets
    excel_text: str | None = None  # ALWAYS_TEXT, TEXT_IF_NUMBER_LIKE or None (see above)
    search: str | None = None  # SEARCH_NUMBER, SEARCH_TEXT, SEARCH_CHOICE or None: not searched
    rule = "R-VALUE"  # the rule a value's problem is reported under (rules.toml)
    # An identifier written in digits: refused when it went through a spreadsheet number
    # (Excel keeps 15 digits) and when it arrives masked (3503****0021).
    code = False
    holds_date = False  # a date or a year-month: checked against today and 1900 (R-DATES)
    multiple = False  # several values in one (多选)
    # What a spreadsheet's drop-down offers on a field without a choice list (是/否).
    dropdown: tuple[str, ...] = ()
    # Short cell texts that say "nothing here" rather than give a value.
    blank_marks: frozenset[str] = PLACEHOLDERS
    # What a roster template tells the clerk to write in a cell of this type, when that does not
    # depend on the field (most types); ``hint`` says it, or works it out from the field.
    advice: str | None = None

    # The package reader asks this of every value of a prefecture's import: a plain
    # function (a staticmethod), so the reader calls it without a bound method in between.
    is_canonical = staticmethod(is_text)

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
        """How a person reads the value in a list, a form or on paper (a control character an
        old database may hold is shown, never passed on raw)."""
        return "" if value is None else visible(str(value))

    # ------------------------------------------------------------ spreadsheets
    def cell_value(self, value: Any) -> Any:
        """A canonical value (not None) as a roster cell holds it."""
        return str(value)

    def cell_input(self, raw: Any, field: Any = None) -> tuple[Any, str | None]:
        """A roster cell in the form ``normalise`` reads best, and a note when the reading is
        a guess; (None, …) when the cell says there is nothing (/, —, 无).

        ``normalise`` already takes what a person types (full-width, 1975年3月1日, 大专);
        this adds what spreadsheets do: numbers where text was meant, dates as numbers,
        placeholders in cells that do not apply.
        """
        if isinstance(raw, str):
            text = raw.strip()
            if len(text) <= 2 and self._says_nothing(text, field):
                return None, None
            return self.cell_text(text, field), None
        if isinstance(raw, bool):
            return raw, None
        if isinstance(raw, int | float):
            return self.cell_number(raw)
        return raw, None

    def _says_nothing(self, text: str, field: Any) -> bool:
        choices = getattr(field, "choice_list", None)
        if choices is not None:  # 无 may be a value of the list
            return text in PLACEHOLDERS and choices.match(text) is None
        return text in self.blank_marks

    def cell_text(self, text: str, field: Any = None) -> Any:
        return text

    def cell_number(self, raw: int | float) -> tuple[Any, str | None]:
        """A number in a cell of this type: text here (an ID number or a phone typed into a
        General cell), a number or a date in the types that hold those."""
        return number_text(raw), None

    def hint(self, field: Any = None) -> str:
        """What to write, for the input message a roster template shows on the cell."""
        if self.advice is not None:
            return self.advice
        limit = getattr(field, "max_length", None)
        return f"最多{limit}个字。" if limit else "文字。"


class TextType(FieldType):
    """Free text on one line (姓名, 村民小组 …)."""

    name = "text"
    excel_text = TEXT_IF_NUMBER_LIKE
    search = SEARCH_TEXT  # only in a register's list columns (``sync.store.search``)
    blank_marks = DASHES  # 无 or 不详 may be what a clerk meant to write

    def cell_input(self, raw: Any, field: Any = None) -> tuple[Any, str | None]:
        if isinstance(raw, dt.datetime):
            return display(raw), None  # a date typed into a text column stays as shown
        return super().cell_input(raw, field)

    def cell_text(self, text: str, field: Any = None) -> Any:
        if getattr(field, "name", "").endswith("姓名"):
            # 王　伟: two-character names are padded to line up with three-character ones.
            return squeeze_name(clean_text(text))
        return text


class LongTextType(TextType):
    name = "longtext"
    multiline = True
    excel_text = None
    search = None
    advice = "可写多行文字（单元格内换行按 Alt+Enter）。"

    def normalise(self, raw: Any, field: Any = None) -> Any:
        text = without_zero_width(to_halfwidth(str(raw)).replace("\r\n", "\n").replace("\r", "\n"))
        lines = [line.rstrip() for line in refuse_hidden(text).split("\n")]
        return "\n".join(lines).strip()

    def cell_text(self, text: str, field: Any = None) -> Any:
        return text
