"""A roster file as a grid of values, whatever made it: .xlsx, an old .xls, or a CSV.

Villages send .xlsx from Excel, WPS and LibreOffice, old .xls files, CSV in GBK or UTF-8,
and files whose name does not say what they are (an .xls renamed to .xlsx). The file is
recognised by its first bytes, not by its name, and loaded into the same ``SheetGrid``:
the cell values (dates formatted as a month read as ``YYYY-MM`` text, see
``forms.roster.formats``), merged ranges, and which rows, columns and sheets are hidden.
Everything after this module works on grids and never asks which program wrote the file.

A file that cannot be read gives a ``RosterError`` with a Chinese message that says what
the file really is and what to do with it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from forms.roster.formats import ZH_CN_BUILTIN_FORMATS, as_shown, is_date_format, serial_to_datetime
from forms.roster.grid import CSV, XLS, XLSX, RosterError, RosterWorkbook, SheetGrid, trim_rows
from forms.roster.legacy import load_csv, load_xls

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"
_KIND_ZH = {XLSX: " .xlsx 格式", XLS: "旧版 .xls 格式", CSV: " CSV 文本"}


def sniff(path: Path) -> str:
    """What the file really is, from its first bytes (XLSX, XLS, CSV), or a RosterError."""
    if not path.exists():
        raise RosterError(f"找不到文件 {path}")
    if path.is_dir():
        raise RosterError(f"{path} 是文件夹，不是花名册文件")
    with path.open("rb") as fh:
        head = fh.read(512)
    if not head:
        raise RosterError(f"{path.name} 是空文件（0 字节），请重新保存或重新拷贝")
    if head.startswith(_ZIP):
        return XLSX
    if head.startswith(_OLE2):
        return XLS
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return CSV  # UTF-16 text, as Excel saves “Unicode 文本”
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"mime-version")):
        raise RosterError(f"{path.name} 实际是网页（HTML/XML）格式，不是真正的 Excel 文件（常见于从网上系统"
                          f"导出的“xls”）；请用 Excel 或 WPS 打开它，再“另存为” .xlsx 后导入")
    if b"\x00" in head.replace(b"\x00\x00", b"") or _looks_binary(head):
        raise RosterError(f"{path.name} 不是 Excel 或 CSV 文件，无法读取；请在 Excel 或 WPS 中“另存为” .xlsx")
    return CSV


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) // 20


def load_workbook_file(path: str | Path) -> RosterWorkbook:
    """Read a roster file into grids, whatever its name says it is."""
    path = Path(path)
    kind = sniff(path)
    suffix = path.suffix.lower()
    if kind == XLSX:
        book = _load_xlsx(path)
    elif kind == XLS:
        book = load_xls(path)
    else:
        book = load_csv(path)
    expected = {".xlsx": XLSX, ".xlsm": XLSX, ".xls": XLS, ".csv": CSV, ".txt": CSV}.get(suffix)
    if expected is not None and expected != kind:
        what = _KIND_ZH[kind]
        book.notes.insert(0, f"文件名是 {suffix}，但内容实际是{what}，已按{what.strip()}读取")
    return book


def quick_sheet_names(path: str | Path) -> list[tuple[str, bool]]:
    """(name, hidden) of every sheet, without reading the cells; [] when the file cannot say.

    For a window that must offer the sheets of a file whose roster could not be found.
    """
    path = Path(path)
    try:
        kind = sniff(path)
        if kind == XLSX:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            try:
                return [(ws.title, ws.sheet_state != "visible") for ws in wb.worksheets]
            finally:
                wb.close()
        if kind == XLS:
            import xlrd

            book = xlrd.open_workbook(str(path), on_demand=True)
            try:
                return [(sh.name, sh.visibility != 0) for sh in book.sheets()]
            finally:
                book.release_resources()
        return [(path.stem, False)]
    except Exception:  # any unreadable file simply has no sheets to offer
        return []


# ------------------------------------------------------------------ .xlsx (openpyxl)
def _load_xlsx(path: Path) -> RosterWorkbook:
    from openpyxl import load_workbook

    try:
        # Not read-only: merged cells, hidden rows and columns need the full sheet model.
        # data_only: a formula reads as the value Excel, WPS or LibreOffice saved with it.
        wb = load_workbook(path, data_only=True)
    except zipfile.BadZipFile as exc:
        raise RosterError(f"{path.name} 已损坏（压缩包不完整），无法打开；请从原处重新拷贝，"
                          f"或在 Excel/WPS 中打开后重新保存") from exc
    except (KeyError, OSError, ValueError, TypeError) as exc:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
        if "content.xml" in names:
            raise RosterError(f"{path.name} 是 OpenDocument 表格（.ods），请在 WPS 或 LibreOffice 中"
                              f"“另存为” .xlsx 后导入") from exc
        if "word/document.xml" in names:
            raise RosterError(f"{path.name} 是 Word 文档，不是 Excel 表格") from exc
        raise RosterError(f"{path.name} 无法作为 Excel 文件打开（文件损坏或格式不对）；"
                          f"请在 Excel/WPS 中打开后“另存为” .xlsx") from exc
    return RosterWorkbook(path, XLSX, [_xlsx_sheet(ws) for ws in wb.worksheets])


def _xlsx_sheet(ws: Any) -> SheetGrid:
    from openpyxl.utils import column_index_from_string

    cells = [tuple(_xlsx_value(c) for c in row) for row in ws.iter_rows()]
    hidden_rows = frozenset(r for r, dim in ws.row_dimensions.items()
                            if dim.hidden or (dim.customHeight and dim.ht == 0))
    hidden_columns: set[int] = set()
    for dim in ws.column_dimensions.values():
        # A dimension may stand for a run of columns (min..max) with the same width.
        if dim.hidden or (dim.customWidth and dim.width == 0):
            first = dim.min or column_index_from_string(dim.index)
            hidden_columns.update(range(first - 1, dim.max or first))
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    return SheetGrid(ws.title, trim_rows(cells), merged, hidden_rows, frozenset(hidden_columns),
                     ws.sheet_state != "visible")


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, dt.datetime | dt.date):
        return as_shown(value, cell.number_format)
    if isinstance(value, int | float) and not isinstance(value, bool) and cell.number_format == "General":
        # Chinese Excel saves 2001年3月 as format id 57 with no format text; openpyxl knows
        # only the en-US ids and hands over the day serial. The id is on the cell's style.
        style = getattr(cell, "_style", None)
        builtin = ZH_CN_BUILTIN_FORMATS.get(getattr(style, "numFmtId", 0))
        if builtin and is_date_format(builtin):
            day = serial_to_datetime(value)
            return as_shown(day, builtin) if day is not None else value
    return value
