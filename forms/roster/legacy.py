"""Old .xls workbooks (xlrd) and CSV text (UTF-8, UTF-8 with BOM, GBK/GB18030) as grids.

Many village offices still save .xls (Excel 97–2003, WPS's default for years), and
systems they copy data from give CSV in the Windows Chinese code page. Both are read into
the same ``SheetGrid`` as an .xlsx, with what those formats carry: an .xls has merged
cells, hidden rows, columns and sheets, and number formats (a month format reads as
``YYYY-MM``); a CSV has none of that, and every cell is text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from forms.roster.formats import ZH_CN_BUILTIN_FORMATS, as_shown, is_date_format
from forms.roster.grid import CSV, XLS, RosterError, RosterWorkbook, SheetGrid, trim_rows

# Tried in this order: a BOM says UTF-8 for sure; strict UTF-8 rarely decodes GBK text by
# accident; GB18030 is a superset of GBK and GB2312 and decodes any byte string that a
# Chinese Windows program writes.
_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030"))


# ------------------------------------------------------------------ .xls (xlrd)
def load_xls(path: Path) -> RosterWorkbook:
    try:
        import xlrd
    except ImportError as exc:  # a build without it: say what to do rather than fail
        raise RosterError(f"{path.name} 是旧版 .xls 文件，本程序缺少读取它的组件；"
                          f"请在 Excel/WPS 中另存为 .xlsx 后导入") from exc

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=False)
    except xlrd.compdoc.CompDocError as exc:
        raise RosterError(f"{path.name} 已损坏，无法打开；"
                          f"请从原处重新拷贝，或在 Excel/WPS 中打开后重新保存") from exc
    except xlrd.XLRDError as exc:
        text = str(exc)
        if "Workbook is encrypted" in text:
            raise RosterError(f"{path.name} 设有打开密码；"
                              f"请在 Excel/WPS 中打开，取消密码后另存为 .xlsx 再导入") from exc
        if "Can't find workbook" in text:
            # An OLE2 file without a workbook stream: a password-protected .xlsx, a WPS .et
            # or a Word .doc.
            raise RosterError(f"{path.name} 不是可读取的 Excel 表格（可能设有密码，或是 WPS 专用格式 .et、"
                              f"Word 文档）；请在 Excel/WPS 中打开，取消密码后另存为 .xlsx 再导入") from exc
        raise RosterError(f"{path.name} 无法作为旧版 .xls 文件读取（文件可能已损坏）；"
                          f"请在 Excel/WPS 中打开后另存为 .xlsx 再导入") from exc
    except (OSError, ValueError, IndexError, KeyError, AssertionError) as exc:
        raise RosterError(f"{path.name} 无法作为旧版 .xls 文件读取（文件可能已损坏）；"
                          f"请在 Excel/WPS 中打开后另存为 .xlsx 再导入") from exc
    sheets = [_xls_sheet(book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    return RosterWorkbook(path, XLS, sheets)


def _format_of(book: Any, xf_index: int) -> str | None:
    xf = book.xf_list[xf_index]
    fmt = book.format_map.get(xf.format_key)
    if fmt is not None and fmt.format_str:
        return fmt.format_str
    return ZH_CN_BUILTIN_FORMATS.get(xf.format_key)


def _xls_sheet(book: Any, sh: Any) -> SheetGrid:
    import xlrd

    cells: list[tuple[Any, ...]] = []
    for r in range(sh.nrows):
        row = []
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            kind, value = cell.ctype, cell.value
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append(None)
            elif kind == xlrd.XL_CELL_TEXT:
                row.append(value)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                row.append(bool(value))
            elif kind == xlrd.XL_CELL_ERROR:
                row.append(xlrd.error_text_from_code.get(value, "#错误"))
            else:
                row.append(_xls_number(book, cell, kind == xlrd.XL_CELL_DATE))
        cells.append(tuple(row))
    hidden_rows = frozenset(r + 1 for r, info in sh.rowinfo_map.items() if info.hidden)
    hidden_columns = frozenset(c for c, info in sh.colinfo_map.items() if info.hidden)
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
    return SheetGrid(sh.name, trim_rows(cells), merged, hidden_rows, hidden_columns, sh.visibility != 0)


def _xls_number(book: Any, cell: Any, is_date: bool) -> Any:
    import xlrd

    number_format = _format_of(book, cell.xf_index)
    if is_date or is_date_format(number_format):
        try:
            day = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
        return as_shown(day, number_format)
    value = cell.value
    # .xls keeps every number as a double; whole numbers read as int, like openpyxl's.
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else value


# ------------------------------------------------------------------ CSV
def load_csv(path: Path) -> RosterWorkbook:
    data = path.read_bytes()
    text, encoding = _decode(path, data)
    dialect = _dialect(text)
    rows = [tuple(_csv_cell(v) for v in row) for row in csv.reader(io.StringIO(text), dialect)]
    sheet = SheetGrid(path.stem, trim_rows(rows))
    return RosterWorkbook(path, CSV, [sheet], [f"CSV 文件，按 {encoding} 编码读取"])


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"  # Excel's “Unicode 文本”
    for codec, name in _ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise RosterError(f"{path.name} 的文字编码无法识别（不是 UTF-8，也不是 GBK）；"
                      f"请在 Excel/WPS 中打开后另存为 .xlsx 再导入")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        return csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel


def _csv_cell(value: str) -> str | None:
    if not value.strip():
        return None
    if value.startswith('="') and value.endswith('"'):
        return value[2:-1]  # ="0123": how some systems keep a number as text in a CSV
    return value
