"""Drop-down lists (Excel data validation) on the choice columns of roster sheets.

Templates and exports both carry them, so a clerk who adds a row to an exported roster picks
民族 or 党组织职务 from the same lists as in a blank template. The lists live on one hidden sheet
``选项`` per workbook, shared by every sheet that uses them: Excel limits a list typed into the
validation itself to 255 characters, which 民族 alone exceeds.

Use: ``lists = ChoiceLists()``, then ``lists.add_validations(ws, ...)`` for each sheet (any time
before the workbook is saved), then ``lists.write_sheet(wb)`` once, after the last roster sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from forms.model import ChoiceList, Field

OPTIONS_SHEET = "选项"
PROMPT_LIMIT = 255  # Excel's limit for an input or error message
_TITLE_LIMIT = 32  # Excel's limit for a message title
COMPUTED_PROMPT = "自动计算，不用填写。"


def is_options_sheet(title: str, hidden: bool, first_row: Sequence[Any], list_names: Collection[str]) -> bool:
    """Whether a sheet is the options sheet ``write_sheet`` makes: hidden, named 选项, and its first
    row the names of choice lists. The importer passes over it without a word: naming it among
    the sheets not read (隐藏的工作表) in every re-imported export was noise. A clerk's own hidden
    sheet of lists (values only, no list names above them) is still named."""
    names = [str(value).strip() for value in first_row if value is not None and str(value).strip()]
    return hidden and title == OPTIONS_SHEET and bool(names) and all(name in list_names for name in names)


class ChoiceLists:
    """The lists used by a workbook's sheets, each in its own column of the options sheet."""

    def __init__(self) -> None:
        self._lists: dict[str, ChoiceList] = {}

    def source(self, choices: ChoiceList) -> str:
        """The options-sheet range holding ``choices`` (added on first use)."""
        self._lists.setdefault(choices.name, choices)
        col = get_column_letter(list(self._lists).index(choices.name) + 1)
        return f"'{OPTIONS_SHEET}'!${col}$2:${col}${len(self._lists[choices.name].values) + 1}"

    @property
    def empty(self) -> bool:
        return not self._lists

    def add_validations(self, ws: Any, fields: Sequence[Field], first_column: int, first_row: int,
                        last_row: int, hint: Callable[[Field], str] | None = None) -> None:
        """Validations on ``ws`` for ``fields`` laid out from column ``first_column`` (1-based),
        rows ``first_row``..``last_row``. Choice and yes/no columns get a drop-down list; with
        ``hint`` every column also gets an input message (templates: what to write there)."""
        for offset, fld in enumerate(fields):
            letter = get_column_letter(first_column + offset)
            dv = self._validation(fld)
            if dv is None and hint is None:
                continue
            if dv is None:
                dv = DataValidation(allow_blank=True)
            if hint is not None:
                dv.showInputMessage = True
                dv.promptTitle = fld.name[:_TITLE_LIMIT]
                dv.prompt = COMPUTED_PROMPT if fld.computed else hint(fld)
            dv.add(f"{letter}{first_row}:{letter}{last_row}")
            ws.data_validations.append(dv)

    def _validation(self, fld: Field) -> DataValidation | None:
        title = fld.name[:_TITLE_LIMIT]
        if fld.computed:
            return None
        fixed = fld.type.dropdown  # 是/否
        if fixed:
            return DataValidation(type="list", formula1='"' + ",".join(fixed) + '"', allow_blank=True,
                                  showErrorMessage=True, errorTitle=title,
                                  error="请选择" + "或".join(f"“{v}”" for v in fixed))
        if fld.choice_list is None:
            return None
        values = fld.choice_list.values
        multi = fld.type.multiple
        # Several values are allowed in a multi column: warn about a typed list, do not refuse it.
        return DataValidation(type="list", formula1=self.source(fld.choice_list), allow_blank=True,
                              showErrorMessage=True, errorStyle="information" if multi else "stop",
                              errorTitle=title,
                              error=("可以填写多项，用“、”分隔" if multi
                                     else "请从下拉列表中选择：" + "、".join(values))[:PROMPT_LIMIT])

    def write_sheet(self, wb: Any) -> str | None:
        """Append the hidden options sheet (the lists' names in row 1); None when no sheet
        used a list."""
        if not self._lists:
            return None
        options = wb.create_sheet(OPTIONS_SHEET)
        options.sheet_state = "hidden"
        lists = list(self._lists.values())
        options.append([c.name for c in lists])
        for i in range(max(len(c.values) for c in lists)):
            options.append([c.values[i] if i < len(c.values) else None for c in lists])
        return OPTIONS_SHEET
