"""The statistics report as an Excel workbook: one sheet per indicator group, one row per
village and a 合计 row; shares in three numeric columns (数量, 分母, 占比) so a township can
go on calculating with them. Every sheet prints on A4 landscape, fitted to the page width, with
its header rows on each page (as rosters do). Written whole or not at all (``forms.atomic_file``)."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from forms.atomic_file import write_atomic
from forms.model import catalog
from forms.roster.write import print_setup
from sync.reports.stats.model import HOURS, MEAN, SHARE, TEXT, Report
from sync.reports.stats.status import severity_zh

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def build_workbook(report: Report) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for group in report.groups.values():
        ws = wb.create_sheet(group.title[:31])
        title = f"{report.name}{group.title}统计（截至 {report.as_of.isoformat()}"
        if group.key == "volunteers":
            title += f"，服务时长期间 {report.period[0].isoformat()} 至 {report.period[1].isoformat()}"
        title += "）"
        ws.cell(1, 1, title).font = Font(bold=True, size=13)
        col = 3
        ws.cell(2, 1, "村（社区）")
        ws.cell(2, 2, "统计用区划代码")
        for c in (1, 2):
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
        spans: list[tuple[str, int]] = []
        for column in group.columns:
            width = 3 if column.kind == SHARE else 1
            ws.cell(2, col, column.label)
            if width == 3:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 2)
                for i, sub in enumerate(("数量", "分母", "占比")):
                    ws.cell(3, col + i, sub)
            else:
                ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
            spans.append((column.key, col))
            col += width
        last_col = col - 1
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(last_col, 2))
        for r in (2, 3):
            for c in range(1, last_col + 1):
                cell = ws.cell(r, c)
                cell.fill, cell.font, cell.alignment, cell.border = HEADER_FILL, BOLD, CENTER, BOX
        row_no = 4
        for row in group.rows:
            ws.cell(row_no, 1, row.name)
            ws.cell(row_no, 2, row.village or report.code)
            for (key, start), column in zip(spans, group.columns, strict=True):
                fig = row.figures[key]
                if column.kind == SHARE:
                    ws.cell(row_no, start, _num(fig.n))
                    ws.cell(row_no, start + 1, _num(fig.d or 0))
                    pct = ws.cell(row_no, start + 2, fig.share if fig.share is not None else None)
                    pct.number_format = "0.0%"
                elif column.kind == TEXT:
                    ws.cell(row_no, start, fig.text)
                elif column.kind == MEAN:
                    ws.cell(row_no, start, round(fig.n, 1) if fig.count else None).number_format = "0.0"
                elif column.kind == HOURS:
                    ws.cell(row_no, start, _num(fig.n)).number_format = "0.0"
                else:
                    ws.cell(row_no, start, _num(fig.n))
            for c in range(1, last_col + 1):
                ws.cell(row_no, c).border = BOX
                if row.is_total:
                    ws.cell(row_no, c).fill, ws.cell(row_no, c).font = TOTAL_FILL, BOLD
            row_no += 1
        for note in group.notes:
            row_no += 1
            ws.cell(row_no, 1, "注：" + note)
        ws.freeze_panes = "C4"
        print_setup(ws, 2, 3)  # both header rows on every printed page
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 15
        for c in range(3, last_col + 1):
            ws.column_dimensions[get_column_letter(c)].width = 9
    _checks_sheet(wb, report)
    _about_sheet(wb, report)
    return wb


def _checks_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("检查结果")
    # The rule's name leads; its id (for looking it up) comes last.
    headers = ("级别", "规则", "村（社区）", "说明", "记录数", "规则编号")
    for i, h in enumerate(headers, 1):
        cell = ws.cell(1, i, h)
        cell.fill, cell.font, cell.border = HEADER_FILL, BOLD, BOX
    for r, check in enumerate(report.checks, 2):
        villages = "、".join(report.village_names.get(v, v) for v in check.villages)
        for i, value in enumerate((severity_zh(check.severity), check.title, villages, check.message,
                                   len(check.records), check.rule), 1):
            ws.cell(r, i, value).border = BOX
    for letter, width in zip("ABCDEF", (6, 24, 20, 80, 8, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, 1, 1)


def _about_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("说明")
    lines = [
        ("统计单位", f"{report.name}（{report.code}）"),
        ("截至日期", report.as_of.isoformat()),
        ("服务时长期间", f"{report.period[0].isoformat()} 至 {report.period[1].isoformat()}"),
        ("计数口径", "按人计数（公民身份号码/证件号码去重，一人多职只计一次）；年龄按截至日期计算；"
                    "已删除的记录不计；有错误的记录照常计入，并在“有错误”列单独列出。"),
        ("错误来源", "逐条重新检查" if report.rechecked else "保存、合并或检查时记录的错误"),
    ]
    lines += [setting_line(k, v) for k, v in report.settings.items()]
    for r, (k, v) in enumerate(lines, 1):
        ws.cell(r, 1, k).font = BOLD
        ws.cell(r, 2, v)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    print_setup(ws, 0, 0)


def setting_line(key: str, value: object) -> tuple[str, str]:
    """A setting as the clerk knows it: its Chinese label and the value with its unit."""
    setting = catalog().settings.get(key)
    if setting is None:
        return f"设置：{key}", str(value)
    shown = "、".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    return f"设置：{setting.label}", f"{shown} {setting.unit}".strip()


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def write_excel(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write atomically (``forms.atomic_file``), checking the sheets of what was written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb = build_workbook(report)
    expected = [g.title[:31] for g in report.groups.values()]

    def verify(tmp: Path) -> None:
        with tmp.open("rb") as fh:  # by name, openpyxl refuses a name not ending in .xlsx
            check = load_workbook(fh, read_only=True)
            sheets = check.sheetnames
            check.close()
        if sheets[: len(expected)] != expected:
            raise OSError(f"写入 {target} 后校验失败")

    return write_atomic(target, wb.save, verify=verify)
