"""Reading a roster as villages keep it: find the header, map the columns, parse the rows.

A village's 花名册 is rarely a clean table (see ``forms.roster.layout``): title lines above
the header, two-row headers with merged cells, 合计 and signature lines, one roster split
over several sheets (一组, 二组 …), rows, columns and sheets the clerk hid. It may be an
.xlsx, an old .xls or a CSV (``forms.roster.workbook``). ``read_roster`` finds its way
through all of that and returns every data row with its Excel row number, its values
parsed by the field types and the problems found, without touching a database.

The result is also what an import preview shows: the detected header rows, the column
mapping (which ``Roster.remap`` changes and re-parses without reading the file again),
what was hidden and what was done with it (``Roster.with_hidden``), and per-row problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from forms.model import Register, catalog
from forms.roster.columns import INCLUDE, SKIP, Column, HiddenChoice, assign, header_columns
from forms.roster.dropdowns import is_options_sheet
from forms.roster.grid import RosterError, RosterWorkbook, SheetGrid
from forms.roster.headers import HeaderMatcher, normalise_header
from forms.roster.layout import Header, data_rows, detect_header
from forms.roster.rows import HIDDEN_ROW, CellProblem, RosterRow, SkippedRow, parse_row, parse_rows
from forms.roster.workbook import load_workbook_file

__all__ = [
    "INCLUDE", "SKIP", "CellProblem", "Column", "HiddenChoice", "Roster", "RosterError", "RosterRow",
    "RosterSheet", "SkippedRow", "parse_row", "read_roster", "sheet_names",
]

HIDDEN_SHEET = "隐藏的工作表"


@dataclass
class RosterSheet:
    name: str
    header_first: int  # Excel row numbers of the header (equal for a one-row header)
    header_last: int
    columns: list[Column]
    rows: list[RosterRow]
    skipped: list[SkippedRow]
    data: list[tuple[int, tuple[Any, ...]]] = field(repr=False, default_factory=list)
    hidden_rows: frozenset[int] = frozenset()  # Excel rows hidden in the file
    hidden: bool = False  # a hidden sheet, read because the clerk chose it
    overrides: dict[int, str | None] = field(default_factory=dict)  # column -> field the clerk chose

    def column_of(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns if c.field]

    @property
    def hidden_data_rows(self) -> list[int]:
        """Data rows that are hidden in the file, whether they were read or left out."""
        return sorted([r.row for r in self.rows if r.hidden]
                      + [s.row for s in self.skipped if s.reason == HIDDEN_ROW])

    @property
    def hidden_columns(self) -> list[Column]:
        return [c for c in self.columns if c.hidden and (c.header or c.field)]


@dataclass
class Roster:
    path: Path
    register: Register
    sheets: list[RosterSheet]
    other_sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, why not read)
    choice: HiddenChoice = field(default_factory=HiddenChoice)
    notes: list[str] = field(default_factory=list)  # how the file was read (format, encoding)
    kind: str = "xlsx"
    sheet_titles: list[str] = field(default_factory=list)  # every sheet of the file, in order

    @property
    def rows(self) -> list[RosterRow]:
        return [r for s in self.sheets for r in s.rows]

    @property
    def skipped(self) -> list[SkippedRow]:
        return [r for s in self.sheets for r in s.skipped]

    @property
    def hidden_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if s.hidden] + [
            name for name, why in self.other_sheets if why.startswith(HIDDEN_SHEET)]

    @property
    def has_hidden(self) -> bool:
        return bool(self.hidden_sheets or any(s.hidden_data_rows or s.hidden_columns for s in self.sheets))

    def sheet(self, name: str) -> RosterSheet:
        return next(s for s in self.sheets if s.name == name)

    def header_mapping(self) -> dict[str, str | None]:
        """Normalised header text -> field, to remember a clerk's choices for next time: only what
        the clerk chose (now or on an earlier import), never what was merely detected. A column
        left out as a duplicate (联系电话 beside 手机) or not recognised this time must not be saved
        as “不导入”: next year's roster may have that column alone, and it would be dropped."""
        return {normalise_header(c.header): s.overrides[c.index] for s in self.sheets for c in s.columns
                if c.header and not c.hidden and c.index in s.overrides}

    def remap(self, sheet: str, column: int, field_name: str | None) -> Roster:
        """The same roster with one column imported into another field (or not imported)."""
        sheets = []
        for s in self.sheets:
            if s.name != sheet:
                sheets.append(s)
                continue
            overrides = {**s.overrides, column: field_name}
            sheets.append(_reparse(self.register, replace(s, overrides=overrides), self.choice))
        return replace(self, sheets=sheets)

    def with_hidden(self, rows: str | None = None, columns: str | None = None) -> Roster:
        """The same roster with hidden rows or columns read or left out (the file is not read again)."""
        choice = replace(self.choice, rows=rows or self.choice.rows, columns=columns or self.choice.columns)
        sheets = [_reparse(self.register, s, choice) for s in self.sheets]
        return replace(self, sheets=sheets, choice=choice)


def _reparse(reg: Register, s: RosterSheet, choice: HiddenChoice) -> RosterSheet:
    columns = assign(reg, s.columns, s.overrides, choice)
    rows, skipped = parse_rows(reg, s.name, columns, s.data, s.hidden_rows, choice.rows)
    return replace(s, columns=columns, rows=rows, skipped=skipped)


# ------------------------------------------------------------------ reading the file
def sheet_names(path: str | Path) -> list[str]:
    return load_workbook_file(path).sheetnames


def read_roster(path: str | Path, register: str | Register, *, sheet: str | None = None,
                header_mapping: Mapping[str, str | None] | None = None,
                hidden: HiddenChoice | None = None) -> Roster:
    """Read the roster of ``register`` from ``path`` (.xlsx, .xls or CSV).

    Without ``sheet``, the sheets named after the register are read; otherwise the sheet
    whose header matches best, together with any other sheets with the same columns (one
    roster split by 村民小组). ``header_mapping`` (normalised header -> field or None)
    overrides the detected mapping, e.g. what the clerk chose last time. ``hidden`` says
    what to do with hidden rows, columns and sheets (see ``HiddenChoice`` for the defaults).
    """
    reg = register if isinstance(register, Register) else catalog().register(register)
    choice = hidden or HiddenChoice()
    book = load_workbook_file(path)
    matcher = HeaderMatcher(reg)
    others: list[tuple[str, str]] = []
    if sheet is not None:
        grid = _find_sheet(book, sheet)
        header = detect_header(grid, matcher)
        if header is None:
            raise RosterError(f"工作表“{grid.title}”中找不到{reg.name}的表头"
                              f"（至少要有两列，如{_example_headers(reg)}）")
        candidates = [(grid, header)]
    else:
        try:
            candidates, others = _choose_sheets(book, reg, matcher, choice)
        except RosterError as exc:
            if book.notes and book.kind != "xlsx":
                # A text file named .xlsx: say what it really is before "no header".
                raise RosterError(f"{Path(path).name}：{book.notes[0]}；{exc}") from None
            raise
    sheets = []
    for grid, header in candidates:
        columns, overrides = header_columns(reg, header.texts, header.matches, grid.hidden_columns,
                                            header_mapping or {}, choice)
        data = list(data_rows(grid, header.last))
        rows, skipped = parse_rows(reg, grid.title, columns, data, grid.hidden_rows, choice.rows)
        sheets.append(RosterSheet(grid.title, header.first, header.last, columns, rows, skipped, data,
                                  grid.hidden_rows, grid.hidden, overrides))
    titles = [grid.title for grid in book.sheets if not _our_options_sheet(grid)]
    return Roster(path=Path(path), register=reg, sheets=sheets, other_sheets=others, choice=choice,
                  notes=list(book.notes), kind=book.kind, sheet_titles=titles)


def _our_options_sheet(grid: SheetGrid) -> bool:
    """The hidden 选项 sheet of drop-down lists that our templates and exports carry."""
    return is_options_sheet(grid.title, grid.hidden, grid.cells[0] if grid.cells else (), catalog().choices)


def _example_headers(reg: Register) -> str:
    names = [f.name for f in reg.input_fields if f.required][:3]
    return "、".join(names)


def _find_sheet(book: RosterWorkbook, name: str) -> SheetGrid:
    wanted = normalise_header(name)
    for grid in book.sheets:
        if grid.title == name:
            return grid
    for grid in book.sheets:
        if normalise_header(grid.title) == wanted:
            return grid
    raise RosterError(f"文件中没有名为“{name}”的工作表，现有：{'、'.join(book.sheetnames)}")


def _sheet_register(title: str) -> Register | None:
    """The register a sheet's name names (两委成员, 志愿者 …), if any."""
    cat = catalog()
    try:
        return cat.register(title)
    except KeyError:
        pass
    key = normalise_header(title)
    best: tuple[int, Register] | None = None
    for reg in cat.ordered(include_profile=True):
        for name in (reg.name, reg.short, *reg.aliases):
            text = normalise_header(name)
            if text and text in key and (best is None or len(text) > best[0]):
                best = (len(text), reg)
    return best[1] if best else None


def _choose_sheets(book: RosterWorkbook, reg: Register, matcher: HeaderMatcher, choice: HiddenChoice
                   ) -> tuple[list[tuple[SheetGrid, Header]], list[tuple[str, str]]]:
    found: list[tuple[SheetGrid, Header, bool]] = []
    others: list[tuple[str, str]] = []
    hidden_with_header: list[str] = []
    for grid in book.sheets:
        if _our_options_sheet(grid):
            continue  # ours, not the clerk's: nothing to say about it
        owner = _sheet_register(grid.title)
        if owner is not None and owner.key != reg.key:
            others.append((grid.title, f"是{owner.name}的表"))
            continue
        header = detect_header(grid, matcher)
        if grid.hidden and choice.sheets == SKIP:
            what = "有表头，按选择不读取" if header is not None else "没有可识别的表头"
            others.append((grid.title, f"{HIDDEN_SHEET}，{what}"))
            if header is not None:
                hidden_with_header.append(grid.title)
            continue
        if header is None:
            others.append((grid.title, "没有可识别的表头"))
            continue
        found.append((grid, header, owner is not None))
    named = [(g, h) for g, h, is_named in found if is_named]
    if named:
        # Hidden sheets the clerk asked for join the named ones when their columns are the same.
        fields = {h.fields for _, h in named}
        chosen = [(g, h) for g, h, is_named in found if is_named or (g.hidden and h.fields in fields)]
    elif found:
        best = max(found, key=lambda item: item[1].score)
        fields = best[1].fields
        chosen = [(g, h) for g, h, _ in found if h.fields == fields]
    else:
        hint = ""
        if hidden_with_header:
            hint = (f"；隐藏的工作表“{'、'.join(hidden_with_header)}”中有表头，"
                    f"如要读取，请选择该工作表或选择读取隐藏的工作表（--hidden-sheets include）")
        raise RosterError(f"文件中找不到{reg.name}的表头（至少要有两列，如{_example_headers(reg)}）；"
                          f"工作表：{'、'.join(book.sheetnames)}{hint}")
    chosen_titles = {g.title for g, _ in chosen}
    others += [(g.title, "表头与所选工作表不同") for g, _, _ in found if g.title not in chosen_titles]
    return chosen, others
