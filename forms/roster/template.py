"""An empty roster for villages that collect on paper or in Excel first (``cunwu template``).

Same layout as an export (so a filled template imports like any roster), plus: a
drop-down list on every choice column (and 是/否 on yes/no columns), an input hint on
every column (what to write, whether it is required, the field's help text), text
format on number-like columns so Excel never rounds an ID number, and required
headers in red. The lists live on a hidden sheet ``选项`` (:mod:`forms.roster.dropdowns`,
shared with exports).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from forms.model import Field, Register, catalog
from forms.roster.dropdowns import OPTIONS_SHEET, PROMPT_LIMIT, ChoiceLists
from forms.roster.write import (
    FIRST_DATA_ROW,
    SheetSpec,
    check_output,
    new_workbook,
    save_atomic,
    write_sheet,
)

TEMPLATE_ROWS = 1000
__all__ = ["OPTIONS_SHEET", "TEMPLATE_ROWS", "field_hint", "write_template"]


def field_hint(reg: Register, fld: Field) -> str:
    """What to write in a column, for the input message Excel shows on the cell."""
    parts: list[str] = []
    if fld.required and fld.default is None and not fld.derive:
        parts.append("必填。")
    if fld.ref:
        target = catalog().registers[fld.ref]
        if target.person_field:
            parts.append(f"填写{target.name}的姓名和{target.person_field}，如 张三（350322199001011234）；"
                         f"不重名时可只写姓名。")
        else:
            parts.append(f"填写{target.name}的{target.title_field}。")
    else:
        parts.append(fld.type.hint(fld))
    if fld.derive:
        parts.append("有身份证号时可不填，自动生成。")
    if fld.default is not None:
        parts.append(f"不填时为“{fld.default}”。")
    if fld.help:
        parts.append(fld.help + "。" if not fld.help.endswith("。") else fld.help)
    text = "".join(parts)
    return text if len(text) <= PROMPT_LIMIT else text[: PROMPT_LIMIT - 1] + "…"


def write_template(reg: Register, out: str | os.PathLike[str]) -> Path:
    check_output(out)
    wb = new_workbook()
    fields = [reg.by_name[n] for n in reg.excel_columns]
    spec = SheetSpec(register=reg, sheet_name=reg.short, title=f"{reg.name}登记表",
                     info=f"填表说明：红色列名为必填项；有下拉箭头的列请从列表中选择；"
                          f"自动计算的列不用填。模板生成于 {dt.date.today().isoformat()}",
                     full_ids=True, mark_required=True)
    ws = write_sheet(wb, spec, [])
    # The register's own lists: with a database's catalog, they hold the township's additions.
    lists = ChoiceLists()
    lists.add_validations(ws, fields, 2, FIRST_DATA_ROW, FIRST_DATA_ROW + TEMPLATE_ROWS - 1,  # A is 序号
                          hint=lambda fld: field_hint(reg, fld))
    options = lists.write_sheet(wb)
    return save_atomic(wb, out, expect_sheets=[reg.short, *([options] if options else [])])
