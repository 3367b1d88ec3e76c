"""The refused rows of an import as an Excel file the clerk fixes and imports again.

One sheet: a title line, a line that says what to do, a header, then every refused row
as it was read, with its original row number (原行号) and the reasons (导入问题) first,
where they are seen. The cell of each problem is red and carries the reason as a comment.
Every cell is text (format ``@``): an ID number retyped into it stays text, not a number
that Excel rounds. The header uses the register's field names, so the file imports with
no mapping to choose; 原行号 and 导入问题 are recognised and never imported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from forms.atomic_file import write_atomic
from forms.roster.headers import PROBLEMS, SOURCE_ROW, VILLAGE_CODE, VILLAGE_NAME
from forms.roster.values import display
from sync.excel.import_report import ImportReport, ReportLine

_TEXT = "@"
_BAD_FILL = PatternFill("solid", fgColor="F8CBAD")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 3


def rejected_fields(report: ImportReport) -> list[str]:
    """The fields the file has columns for: the roster's, then any a problem names that it lacks."""
    reg = report.register
    names: list[str] = []
    for sheet in report.roster.sheets:
        names += [f for f in sheet.fields if f not in names]
    for result in report.invalid:
        for line in result.problems:
            fld = reg.by_name.get(line.field or "")
            if fld is not None and not fld.computed and fld.name not in names:
                names.append(fld.name)
    return names


def write_rejected(report: ImportReport, out: str | os.PathLike[str]) -> Path:
    """Write the refused rows of ``report`` to ``out`` (.xlsx) and return its path."""
    out = Path(out)
    reg = report.register
    rows = {(r.sheet, r.row): r for r in report.roster.rows}
    bad = report.invalid
    many = len(report.roster.sheets) > 1
    villages = any(rows[(r.sheet, r.row)].village_code for r in bad if (r.sheet, r.row) in rows)
    fields = rejected_fields(report)
    front = [SOURCE_ROW, PROBLEMS] + ([VILLAGE_NAME, VILLAGE_CODE] if villages else [])

    wb = Workbook()
    ws = wb.active
    ws.title = "有错误的行"
    ws.append([f"{reg.name}：有错误的行（共 {len(bad)} 行，来自 {report.path.name}）"])
    ws.append(["说明：按“导入问题”列改正标红的单元格（鼠标停在单元格上可看原因），"
               "保存后再从 Excel 导入本文件；“原行号”和“导入问题”两列不会被导入。"])
    ws.append(front + [reg.field(f).label for f in fields])
    for cell in ws[HEADER_ROW]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for n, result in enumerate(bad, start=HEADER_ROW + 1):
        row = rows.get((result.sheet, result.row))
        origin = f"{result.sheet} {result.row}" if many else str(result.row)
        cells: list[Any] = [origin, "\n".join(_reason(line) for line in result.problems)]
        if villages:
            cells += [row.village_name if row else None, row.village_code if row else None]
        cells += [_text(row.raw.get(f)) if row else None for f in fields]
        ws.append(cells)
        for line in result.problems:
            if line.field in fields:
                cell = ws.cell(n, len(front) + fields.index(line.field) + 1)
                cell.fill = _BAD_FILL
                cell.comment = Comment(line.message, "村务台账")
    for col in range(1, ws.max_column + 1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 48 if col == 2 else 16
        ws.column_dimensions[letter].number_format = _TEXT  # rows the clerk adds are text too
        for cell in ws[letter][HEADER_ROW:]:
            cell.number_format = _TEXT
    for cell in ws["B"][HEADER_ROW:]:
        cell.alignment = _WRAP
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    return write_atomic(out, wb.save)


def _reason(line: ReportLine) -> str:
    where = line.header or line.field
    return f"{where}：{line.message}" if where else line.message


def _text(raw: Any) -> str | None:
    """The cell as the clerk saw it, as text (an ID stored as a number shows its rounded digits)."""
    text = display(raw)
    return text or None
