"""Which column of a roster goes into which field, and why the others do not.

Each header cell is matched to a field (``forms.roster.headers``); the clerk may change
the mapping. One field is filled from one column only: when two columns mean the same
field, a visible column wins over a hidden one (a hidden old 联系电话 beside a visible
手机号码（新） holds the old numbers), then the leftmost wins. Hidden columns are read or
left out as the clerk chooses (``HiddenChoice.columns``); either way the report names them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from forms.model import Register
from forms.roster.grid import RosterError
from forms.roster.headers import (
    PROBLEMS,
    SEQ,
    SOURCE_ROW,
    VILLAGE_CODE,
    VILLAGE_NAME,
    HeaderMatch,
    normalise_header,
)

INCLUDE, SKIP = "include", "skip"
HIDDEN_CHOICES = (INCLUDE, SKIP)


@dataclass(frozen=True)
class HiddenChoice:
    """What to do with what the clerk hid in the file.

    Defaults: hidden rows are left out (clerks hide the people who left), hidden columns
    are read unless a visible column means the same field (clerks hide the ID column
    before printing a roster for the notice board), hidden sheets are left out (they hold
    drop-down lists and old copies). The report says which default applied.
    """

    rows: str = SKIP
    columns: str = INCLUDE
    sheets: str = SKIP

    def __post_init__(self) -> None:
        for value in (self.rows, self.columns, self.sheets):
            if value not in HIDDEN_CHOICES:
                raise ValueError(f"隐藏行/列/工作表的处理方式应为 include 或 skip，而不是“{value}”")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    match: HeaderMatch
    field: str | None  # the field this column is imported into
    note: str = ""  # why it is not imported
    hidden: bool = False

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


def header_columns(reg: Register, texts: Sequence[str], matches: Sequence[HeaderMatch],
                   hidden: frozenset[int], remembered: Mapping[str, str | None],
                   choice: HiddenChoice) -> tuple[list[Column], dict[int, str | None]]:
    """The columns of a detected header with the fields they go into, and the clerk's choices
    (from ``remembered``: normalised header -> field) that overrode the detected mapping."""
    columns = [Column(index, text, match, None, hidden=index in hidden)
               for index, (text, match) in enumerate(zip(texts, matches, strict=True))]
    overrides = {c.index: remembered[normalise_header(c.header)] for c in columns
                 if c.header and normalise_header(c.header) in remembered}
    return assign(reg, columns, overrides, choice), overrides


def assign(reg: Register, columns: Sequence[Column], overrides: Mapping[int, str | None],
           choice: HiddenChoice) -> list[Column]:
    """The fields of ``columns``: the detected one of each header unless ``overrides`` (column
    index -> field or None) says otherwise; visible columns claim their fields first."""
    taken: dict[str, int] = {}
    decided: dict[int, Column] = {}
    for col in sorted(columns, key=lambda c: c.hidden):  # stable: left to right within each group
        chosen = col.index in overrides
        target = overrides[col.index] if chosen else (col.match.name if col.match.kind == "field" else None)
        if target is not None and target not in reg.by_name:
            raise RosterError(f"{reg.name}没有“{target}”这一项")
        if target is not None and reg.by_name[target].computed:
            target = None
        note = ""
        if target is None:
            note = _why_not(col, chosen)
        elif col.hidden and choice.columns == SKIP and not chosen:
            note, target = "隐藏列，按选择不导入", None
        elif target in taken:
            other = get_column_letter(taken[target] + 1)
            note = (f"隐藏列，与{other}列重复，以显示的{other}列为准，不导入" if col.hidden
                    else f"与{other}列重复，不导入")
            target = None
        else:
            taken[target] = col.index
        decided[col.index] = Column(col.index, col.header, col.match, target, note, col.hidden)
    return [decided[c.index] for c in columns]


def _why_not(col: Column, chosen: bool) -> str:
    if col.match.kind == "special":
        if col.match.name in (VILLAGE_NAME, VILLAGE_CODE):
            return "所属村"
        return {SEQ: "序号，不导入", SOURCE_ROW: "原表行号，不导入",
                PROBLEMS: "导入问题说明，不导入"}.get(col.match.name or "", "不导入")
    if col.match.kind == "computed":
        return "自动计算，不导入"
    if chosen:
        return "已选择不导入"
    return "未识别，不导入" if col.header else ""
