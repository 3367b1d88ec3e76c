"""Writing records as a roster (花名册) a township can file, print and read back.

Layout of every sheet: a title line, a 填报单位/截至日期 line, one header row, then one
row per record with 序号 and every field of the register (computed ones too), masked ID
numbers and phones unless full numbers are asked for. Column widths follow the content;
the header is frozen and repeated on every printed page; pages are A4 landscape, fitted
to the width, with room on the left for binding.

Sheets are written with openpyxl's write-only mode, so 100,000 volunteers stream to disk
without a worksheet model in memory; above ``STYLED_ROWS`` rows the data cells carry no
borders (the bare fast path), which keeps a large export close to the speed of a plain
openpyxl loop. Every file is written to a temporary name, synced, checked and renamed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from forms.atomic_file import write_atomic
from forms.model import Field, Register
from forms.roster.headers import SEQ, VILLAGE_CODE, VILLAGE_NAME
from forms.types import ALWAYS_TEXT

STYLED_ROWS = 5000
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
# Keys a row may carry besides field names (filled by the export for township sheets).
ROW_VILLAGE_NAME = "_village_name"
ROW_VILLAGE_CODE = "_village"
_WIDTH_SAMPLE = 300
_MIN_WIDTH, _MAX_WIDTH, _LONG_WIDTH = 5, 36, 40
TEXT_FORMAT = "@"
# What Excel or LibreOffice would read as a number, a date or a time once the cell is edited.
_NUMBER_LIKE = re.compile(r"[\d\s.,:/+\-%eE]*\d[\d\s.,:/+\-%eE]*")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEADER_FONT = Font(name="宋体", size=11, bold=True)
_REQUIRED_FONT = Font(name="宋体", size=11, bold=True, color="C00000")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class SheetSpec:
    """One roster sheet: which register, what the title lines say, which columns it has."""

    register: Register
    sheet_name: str
    title: str
    info: str = ""
    full_ids: bool = False
    village_columns: bool = False  # township: 村 and 村代码 after 序号
    mark_required: bool = False  # templates: required headers in red


def headers(spec: SheetSpec) -> list[str]:
    out = [SEQ]
    if spec.village_columns:
        out += [VILLAGE_NAME, VILLAGE_CODE]
    return out + [spec.register.field(name).label for name in spec.register.excel_columns]


def cell_value(fld: Field, value: Any, full_ids: bool = False) -> Any:
    """A canonical value as the roster cell shows it (the field type says how: dates as real
    Excel dates, numbers as numbers, the rest as text), masked unless ``full_ids``."""
    if value is None or value == [] or value == "":
        return None
    if fld.mask and not full_ids:
        return fld.shown(value)
    return fld.type.cell_value(value)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    text = str(value).split("\n")[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(spec: SheetSpec, sample: Sequence[Sequence[Any]]) -> list[float]:
    widths = []
    names = headers(spec)
    fixed = 1 + (2 if spec.village_columns else 0)
    for i, header in enumerate(names):
        longest = max([_display_width(header)] + [_display_width(row[i]) for row in sample if i < len(row)])
        if i >= fixed and spec.register.field(spec.register.excel_columns[i - fixed]).type.multiline:
            widths.append(_LONG_WIDTH)
            continue
        widths.append(float(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)))
    return widths


def row_cells(spec: SheetSpec, number: int, record: Mapping[str, Any]) -> list[Any]:
    reg = spec.register
    cells: list[Any] = [number]
    if spec.village_columns:
        cells += [record.get(ROW_VILLAGE_NAME), record.get(ROW_VILLAGE_CODE)]
    for name in reg.excel_columns:
        cells.append(cell_value(reg.by_name[name], record.get(name), spec.full_ids))
    return cells


def text_columns(spec: SheetSpec) -> dict[int, bool]:
    """0-based columns written as text (number format ``@``): ID numbers, phones, codes and
    other text a spreadsheet would turn into a number or a date once a clerk edits the cell
    (Excel keeps 15 digits of an 18-digit ID; ``1975-03`` becomes a date). The value says
    whether every cell needs the format (codes: a clerk may type a full number over a masked
    one) or only the cells whose text looks like a number (names, groups, free text)."""
    fixed = 1 + (2 if spec.village_columns else 0)
    out = {2: True} if spec.village_columns else {}  # 村代码, 12 digits
    for i, name in enumerate(spec.register.excel_columns):
        text = spec.register.by_name[name].type.excel_text
        if text is not None:
            out[fixed + i] = text == ALWAYS_TEXT
    return out


def needs_text_format(value: Any, always: bool) -> bool:
    return value is not None and (always or (isinstance(value, str) and bool(_NUMBER_LIKE.fullmatch(value))))


def write_sheet(wb: Workbook, spec: SheetSpec, records: Sequence[Mapping[str, Any]],
                progress: Callable[[int], None] | None = None) -> Any:
    """Append one roster sheet to a write-only workbook."""
    ws = wb.create_sheet(spec.sheet_name)
    names = headers(spec)
    ncols = len(names)
    sample = [row_cells(spec, i + 1, r) for i, r in enumerate(records[:_WIDTH_SAMPLE])]
    fixed = 1 + (2 if spec.village_columns else 0)
    fields = [spec.register.by_name[n] for n in spec.register.excel_columns]
    text = text_columns(spec)
    for i, width in enumerate(column_widths(spec, sample)):
        dim = ws.column_dimensions[get_column_letter(i + 1)]
        dim.width = width
        if i in text:
            # The column's own format: cells typed below the data later stay text too.
            dim.number_format = TEXT_FORMAT
    last = get_column_letter(ncols)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    print_setup(ws, HEADER_ROW, HEADER_ROW)
    ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.merged_cells.add(f"A{INFO_ROW}:{last}{INFO_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 30
    ws.row_dimensions[HEADER_ROW].height = 32

    title = WriteOnlyCell(ws, spec.title)
    title.font, title.alignment = _TITLE_FONT, _CENTER
    ws.append([title])
    info = WriteOnlyCell(ws, spec.info or None)
    info.alignment = _LEFT
    ws.append([info])
    header_cells = []
    for i, name in enumerate(names):
        cell = WriteOnlyCell(ws, name)
        required = i >= fixed and fields[i - fixed].required and not fields[i - fixed].computed
        cell.font = _REQUIRED_FONT if spec.mark_required and required else _HEADER_FONT
        cell.alignment, cell.border, cell.fill = _CENTER, _BORDER, _HEADER_FILL
        header_cells.append(cell)
    ws.append(header_cells)

    styled = len(records) <= STYLED_ROWS
    wrap = {i + fixed for i, f in enumerate(fields) if f.type.multiline}
    for index, record in enumerate(records):
        cells = sample[index] if index < len(sample) else row_cells(spec, index + 1, record)
        if styled:
            ws.append([_styled(ws, value, i in wrap, i in text) for i, value in enumerate(cells)])
        else:
            # The bare path still marks the text cells at risk: a cell's own General format
            # wins over the column's, and an edited ID number would become a rounded number.
            ws.append([_text_cell(ws, value) if i in text and needs_text_format(value, text[i]) else value
                       for i, value in enumerate(cells)])
        if progress is not None and index % 1000 == 999:
            progress(index + 1)
    return ws


def _styled(ws: Any, value: Any, wrap: bool, text: bool) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.border = _BORDER
    if wrap:
        cell.alignment = _WRAP
    if text:
        cell.number_format = TEXT_FORMAT
    return cell


def _text_cell(ws: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = TEXT_FORMAT
    return cell


def print_setup(ws: Any, first_title_row: int, last_title_row: int) -> None:
    """A4 landscape, fitted to the page width (as many pages down as it takes), the header
    rows repeated on every printed page (none when ``first_title_row`` is 0), room to bind on
    the left, page numbers below."""
    if first_title_row:
        ws.print_title_rows = f"{first_title_row}:{last_title_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    # Inches; the wider left margin leaves room to bind the printed roster.
    ws.page_margins.left, ws.page_margins.right = 1.0, 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def check_output(path: str | os.PathLike[str]) -> Path:
    """Fail before any rows are written if ``path`` cannot be written (a folder that is a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(f"{path} 是一个文件夹")
    if not os.access(path.parent, os.W_OK):
        raise PermissionError(f"没有权限写入文件夹 {path.parent}")
    return path


def save_atomic(wb: Workbook, path: str | os.PathLike[str], expect_sheets: Iterable[str] = ()) -> Path:
    """Save atomically (``forms.atomic_file``), checking that the file reads as a workbook."""
    path = check_output(path)
    return write_atomic(path, wb.save, verify=lambda tmp: _verify(tmp, list(expect_sheets)))


def _verify(path: Path, sheets: list[str]) -> None:
    with zipfile.ZipFile(path) as zf:
        bad = zf.testzip()
        if bad is not None:
            raise OSError(f"写入的文件 {path.name} 已损坏（{bad}）")
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
    missing = [s for s in sheets if f'name="{s}"' not in workbook]
    if missing:
        raise OSError(f"写入的文件缺少工作表：{'、'.join(missing)}")
