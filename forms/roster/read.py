"""Reading a roster as villages keep it: find the header, map the columns, parse the rows.

A village's 花名册 is rarely a clean table. Above the header there are title lines and
填报单位/截至日期 lines; the header may span two rows with merged cells (职务 over
党内职务 and 行政职务); a 村民小组 cell may be merged down over its members; blank lines
separate groups; a 合计 line and signature lines (填表人, 审核人) close the sheet; the
same roster may be split over several sheets (一组, 二组 …). ``read_roster`` finds its way
through all of that and returns every data row with its Excel row number, its values
parsed by the field types and the problems found, without touching a database.

The result is also what an import preview shows: the detected header rows, the column
mapping (which ``Roster.remap`` changes and re-parses without reading the file again)
and per-row problems.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from forms.model import Register, catalog
from forms.roster.headers import SEQ, VILLAGE_CODE, VILLAGE_NAME, HeaderMatch, HeaderMatcher, normalise_header
from forms.roster.values import display, is_blank, parse_cell
from forms.types import clean_text

# The header is looked for in the first rows only; rosters put at most a few lines above it.
HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2

_TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_SIGNATURE = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|复核人|负责人|单位负责人|主要负责人|分管领导|"
    r"村党组织书记|村委会主任|联系人|填表日期|填报日期|制表日期|报送日期|日期|签字|签名|盖章|"
    r"注|说明|备注|附注)\s*[:：]"
)
_INFO_LINE = re.compile(r"(花名册|登记表|名册|名单|台账|统计表|一览表|情况表|填报单位|填表单位|"
                        r"截至|截止|单位[:：]|\(盖章\)|（盖章）)")


class RosterError(ValueError):
    """The file cannot be read as a roster; the message says why, in Chinese."""


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    match: HeaderMatch
    field: str | None  # the field this column is imported into
    note: str = ""  # why it is not imported

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class CellProblem:
    field: str | None
    column: str | None  # Excel column letter
    header: str | None
    value: str
    message: str
    severity: str = "error"


@dataclass
class RosterRow:
    sheet: str
    row: int  # Excel row number, as the clerk sees it
    values: dict[str, Any]  # field -> canonical value (or the text that could not be parsed)
    raw: dict[str, Any]  # field -> the cell as read
    columns: dict[str, int]  # field -> 0-based column it came from
    problems: list[CellProblem] = field(default_factory=list)
    village_code: str | None = None
    village_name: str | None = None

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def text(self, field_name: str) -> str:
        """The cell a field came from, as the clerk sees it (for reports)."""
        return display(self.raw.get(field_name))


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


@dataclass
class RosterSheet:
    name: str
    header_first: int  # Excel row numbers of the header (equal for a one-row header)
    header_last: int
    columns: list[Column]
    rows: list[RosterRow]
    skipped: list[SkippedRow]
    data: list[tuple[int, tuple[Any, ...]]] = field(repr=False, default_factory=list)

    def column_of(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns if c.field]


@dataclass
class Roster:
    path: Path
    register: Register
    sheets: list[RosterSheet]
    other_sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, why not read)

    @property
    def rows(self) -> list[RosterRow]:
        return [r for s in self.sheets for r in s.rows]

    @property
    def skipped(self) -> list[SkippedRow]:
        return [r for s in self.sheets for r in s.skipped]

    def sheet(self, name: str) -> RosterSheet:
        return next(s for s in self.sheets if s.name == name)

    def header_mapping(self) -> dict[str, str | None]:
        """Normalised header text -> field, to remember a clerk's choices for next time."""
        return {normalise_header(c.header): c.field for s in self.sheets for c in s.columns if c.header}

    def remap(self, sheet: str, column: int, field_name: str | None) -> Roster:
        """The same roster with one column imported into another field (or not imported)."""
        sheets = []
        for s in self.sheets:
            if s.name != sheet:
                sheets.append(s)
                continue
            columns = _assign(self.register, s.columns, {column: field_name})
            sheets.append(_parse_rows(self.register, s.name, s.header_first, s.header_last, columns,
                                      s.data))
        return replace(self, sheets=sheets)


# ------------------------------------------------------------------ reading the file
def open_workbook(path: str | Path) -> Any:
    """The workbook, or a RosterError that tells the clerk what to do."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.exists():
        raise RosterError(f"找不到文件 {path}")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ett", ".wps"):
        raise RosterError(f"{path.name} 是旧版 Excel/WPS 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入")
    if suffix in (".csv", ".txt"):
        raise RosterError(f"{path.name} 不是 Excel 文件，请在 Excel 或 WPS 中打开后另存为 .xlsx")
    try:
        # Not read-only: merged cells (headers over two rows, 村民小组 merged down) need the
        # full sheet model. data_only: a 序号 or 合计 formula reads as its value.
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterError(f"{path.name} 无法作为 .xlsx 文件打开（文件损坏或不是 Excel 文件）：{exc}") from exc


def sheet_names(path: str | Path) -> list[str]:
    return list(open_workbook(path).sheetnames)


def read_roster(path: str | Path, register: str | Register, *, sheet: str | None = None,
                header_mapping: Mapping[str, str | None] | None = None) -> Roster:
    """Read the roster of ``register`` from ``path``.

    Without ``sheet``, the sheets named after the register are read; otherwise the sheet
    whose header matches best, together with any other sheets with the same columns (one
    roster split by 村民小组). ``header_mapping`` (normalised header -> field or None)
    overrides the detected mapping, e.g. what the clerk chose last time.
    """
    reg = register if isinstance(register, Register) else catalog().register(register)
    path = Path(path)
    wb = open_workbook(path)
    matcher = HeaderMatcher(reg)
    candidates: list[tuple[Any, _Header]] = []
    others: list[tuple[str, str]] = []
    if sheet is not None:
        ws = _find_sheet(wb, sheet)
        header = _detect_header(ws, matcher)
        if header is None:
            raise RosterError(f"工作表“{ws.title}”中找不到{reg.name}的表头"
                              f"（至少要有两列，如{_example_headers(reg)}）")
        candidates.append((ws, header))
    else:
        candidates, others = _choose_sheets(wb, reg, matcher)
    sheets = []
    for ws, header in candidates:
        columns = _columns(reg, header, header_mapping or {})
        data = list(_data_rows(ws, header.last))
        sheets.append(_parse_rows(reg, ws.title, header.first, header.last, columns, data))
    return Roster(path=path, register=reg, sheets=sheets, other_sheets=others)


def _example_headers(reg: Register) -> str:
    names = [f.name for f in reg.input_fields if f.required][:3]
    return "、".join(names)


def _find_sheet(wb: Any, name: str) -> Any:
    if name in wb.sheetnames:
        return wb[name]
    wanted = normalise_header(name)
    for ws in wb.worksheets:
        if normalise_header(ws.title) == wanted:
            return ws
    raise RosterError(f"文件中没有名为“{name}”的工作表，现有：{'、'.join(wb.sheetnames)}")


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


def _choose_sheets(wb: Any, reg: Register, matcher: HeaderMatcher) -> tuple[list[Any], list[tuple[str, str]]]:
    found: list[tuple[Any, _Header]] = []
    others: list[tuple[str, str]] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            others.append((ws.title, "隐藏的工作表"))
            continue
        owner = _sheet_register(ws.title)
        if owner is not None and owner.key != reg.key:
            others.append((ws.title, f"是{owner.name}的表"))
            continue
        header = _detect_header(ws, matcher)
        if header is None:
            others.append((ws.title, "没有可识别的表头"))
            continue
        found.append((ws, header, owner is not None))
    named = [(ws, h) for ws, h, is_named in found if is_named]
    if named:
        chosen = named
    elif found:
        best = max(found, key=lambda item: item[1].score)
        fields = best[1].fields
        chosen = [(ws, h) for ws, h, _ in found if h.fields == fields]
    else:
        raise RosterError(f"文件中找不到{reg.name}的表头（至少要有两列，如{_example_headers(reg)}）；"
                          f"工作表：{'、'.join(wb.sheetnames)}")
    chosen_titles = {ws.title for ws, _ in chosen}
    others += [(ws.title, "表头与所选工作表不同") for ws, _, _ in found if ws.title not in chosen_titles]
    return chosen, others


# ------------------------------------------------------------------ the header
@dataclass(frozen=True)
class _Header:
    first: int  # Excel row numbers
    last: int
    texts: tuple[str, ...]  # header text per column
    matches: tuple[HeaderMatch, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(m.name for m in self.matches if m.kind == "field" and m.name)

    @property
    def score(self) -> int:
        return len({m.name for m in self.matches if m.kind in ("field", "computed")})


def _merged_fill(ws: Any, last_row: int) -> dict[tuple[int, int], Any]:
    """Value of every cell covered by a merged range (1-based row, col) in the first rows."""
    filled: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row > last_row:
            continue
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, min(rng.max_row, last_row) + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                filled[(r, c)] = value
    return filled


def _detect_header(ws: Any, matcher: HeaderMatcher) -> _Header | None:
    max_row, width = ws.max_row, ws.max_column  # each is a scan of every cell: ask once
    last = min(max_row, HEADER_SCAN_ROWS)
    filled = _merged_fill(ws, last + 1)
    grid: list[list[str]] = []
    for r in range(1, last + 2):
        row = []
        for c in range(1, width + 1):
            value = filled.get((r, c), ws.cell(r, c).value if r <= max_row else None)
            row.append("" if value is None else clean_text(display(value)))
        grid.append(row)

    def score(matches: Sequence[HeaderMatch]) -> int:
        return len({m.name for m in matches if m.kind in ("field", "computed")})

    best: _Header | None = None
    for i in range(last):
        single = tuple(matcher.match(t) for t in grid[i])
        candidate = _Header(i + 1, i + 1, tuple(grid[i]), single)
        # A two-row header: a group cell (职务) above its parts (党内职务, 行政职务), or
        # cells merged down over both rows next to them.
        texts, matches = [], []
        for upper, lower in zip(grid[i], grid[i + 1], strict=True):
            options = [lower, upper, upper + lower] if lower != upper else [upper]
            chosen = next(((t, m) for t in options if (m := matcher.match(t)).kind != "unknown"),
                          (upper if upper == lower or not lower else f"{upper}{lower}",
                           HeaderMatch("unknown")))
            texts.append(chosen[0])
            matches.append(chosen[1])
        lower_alone = score([matcher.match(t) for t in grid[i + 1]])
        if score(matches) > max(score(single), lower_alone) and any(grid[i + 1]):
            candidate = _Header(i + 1, i + 2, tuple(texts), tuple(matches))
        if best is None or candidate.score > best.score:
            best = candidate
    if best is None or best.score < MIN_HEADER_FIELDS:
        return None
    # Header cells merged down from the row above belong to the header too (for reports).
    first = min([best.first] + [rng.min_row for rng in ws.merged_cells.ranges
                                if rng.min_row < best.first <= rng.max_row])
    return replace(best, first=first)


def _columns(reg: Register, header: _Header, remembered: Mapping[str, str | None]) -> list[Column]:
    columns = []
    for index, (text, match) in enumerate(zip(header.texts, header.matches, strict=True)):
        columns.append(Column(index, text, match, match.name if match.kind == "field" else None))
    overrides = {c.index: remembered[normalise_header(c.header)] for c in columns
                 if c.header and normalise_header(c.header) in remembered}
    return _assign(reg, columns, overrides)


def _assign(reg: Register, columns: Sequence[Column], overrides: Mapping[int, str | None]) -> list[Column]:
    """Apply chosen fields to columns; a field taken twice stays with the first column."""
    taken: dict[str, int] = {}
    out = []
    for col in columns:
        target = overrides.get(col.index, col.field) if col.index in overrides else col.field
        if target is not None and target not in reg.by_name:
            raise RosterError(f"{reg.name}没有“{target}”这一项")
        if target is not None and reg.by_name[target].computed:
            target = None
        note = ""
        if target is None:
            if col.match.kind == "special":
                note = {SEQ: "序号，不导入"}.get(col.match.name or "", "")
                if col.match.name in (VILLAGE_NAME, VILLAGE_CODE):
                    note = "所属村"
            elif col.match.kind == "computed":
                note = "自动计算，不导入"
            elif col.index in overrides:
                note = "已选择不导入"
            elif col.header:
                note = "未识别，不导入"
        elif target in taken:
            note = f"与{get_column_letter(taken[target] + 1)}列重复，不导入"
            target = None
        else:
            taken[target] = col.index
        out.append(Column(col.index, col.header, col.match, target, note))
    return out


# ------------------------------------------------------------------ the data
def _data_rows(ws: Any, header_last: int) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """(Excel row, cells) below the header, with cells merged down filled in."""
    down: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        if rng.max_row <= header_last or rng.min_row == rng.max_row:
            continue
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(max(rng.min_row, header_last + 1), rng.max_row + 1):
            down[(r, rng.min_col)] = value
    for number, cells in enumerate(ws.iter_rows(min_row=header_last + 1, values_only=True),
                                   start=header_last + 1):
        if down:
            cells = tuple(down.get((number, c + 1), v) for c, v in enumerate(cells))
        yield number, cells


class _Classifier:
    """Tells data rows from the rest (blank, 合计, signatures, titles, repeated headers).

    Built once per sheet; a data row is recognised after looking at a few cells only.
    """

    def __init__(self, columns: Sequence[Column]) -> None:
        self.mapped = [(c.index, normalise_header(c.header)) for c in columns
                       if c.field or (c.match.kind == "special" and c.match.name != SEQ)]
        self.seq = {c.index for c in columns if c.match.kind == "special" and c.match.name == SEQ}

    def __call__(self, cells: Sequence[Any]) -> str | None:
        filled = [(i, v) for i, v in enumerate(cells) if not is_blank(v)]
        # A row numbered in advance (序号 filled, nothing else) is still an empty row.
        if all(i in self.seq and display(v).replace(".", "").isdigit() for i, v in filled):
            return "空行"
        # Only text can be a 合计, a signature or a title: numbers and dates are data.
        first = [v.replace(" ", "").replace("\u3000", "") for _, v in filled[:3] if isinstance(v, str)]
        if any(t.startswith(_TOTAL_WORDS) for t in first):
            return "合计行"
        edge = [v.strip() for i, v in filled if isinstance(v, str) and (i < 3 or len(filled) <= 3)]
        if any(_SIGNATURE.match(t) for t in edge):
            return "签名或说明行"
        lone = filled[0][1]
        if isinstance(lone, str) and all(v == lone for _, v in filled) and _INFO_LINE.search(lone):
            return "标题行"
        if self.mapped:
            same = 0
            for n, (index, header) in enumerate(self.mapped):
                if index < len(cells) and normalise_header(cells[index]) == header:
                    same += 1
                elif n == 0:
                    return None  # a repeated header repeats its first column too
            if same * 2 >= len(self.mapped):
                return "重复的表头"
        return None


def _parse_rows(reg: Register, sheet: str, first: int, last: int, columns: list[Column],
                data: list[tuple[int, tuple[Any, ...]]]) -> RosterSheet:
    rows: list[RosterRow] = []
    skipped: list[SkippedRow] = []
    classify = _Classifier(columns)
    for number, cells in data:
        reason = classify(cells)
        if reason == "空行":
            continue
        if reason:
            skipped.append(SkippedRow(sheet, number, reason))
            continue
        rows.append(parse_row(reg, sheet, number, cells, columns))
    return RosterSheet(sheet, first, last, columns, rows, skipped, data)


def parse_row(reg: Register, sheet: str, number: int, cells: Sequence[Any],
              columns: Sequence[Column]) -> RosterRow:
    """One data row: every mapped cell parsed by its field's type."""
    row = RosterRow(sheet, number, {}, {}, {})
    for col in columns:
        raw = cells[col.index] if col.index < len(cells) else None
        if col.field is None:
            if col.match.kind == "special" and not is_blank(raw):
                text = clean_text(display(raw))
                if col.match.name == VILLAGE_CODE:
                    row.village_code = text.replace(" ", "")
                elif col.match.name == VILLAGE_NAME:
                    row.village_name = text
            continue
        fld = reg.by_name[col.field]
        parsed = parse_cell(fld, raw)
        row.values[fld.name] = parsed.value
        row.raw[fld.name] = raw
        row.columns[fld.name] = col.index
        if parsed.problem:
            row.problems.append(CellProblem(fld.name, col.letter, col.header, display(raw), parsed.problem))
        if parsed.note:
            row.problems.append(CellProblem(fld.name, col.letter, col.header, display(raw), parsed.note,
                                            "warning"))
    _fill_companions(reg, row)
    return row


def _fill_companions(reg: Register, row: RosterRow) -> None:
    """A value that names two fields at once fills both: 党内职务 “组织委员” is 委员 + 组织.

    Only aliases count (never a plain value), only words of two or more characters, and
    only into a choice field the row leaves empty.
    """
    choice_fields = [f for f in reg.input_fields if f.type_name == "choice" and f.choice_list]
    for source in choice_fields:
        text = row.raw.get(source.name)
        if not isinstance(text, str):
            continue
        key = clean_text(text).replace(" ", "")
        if len(key) < 2 or key not in source.choice_list.aliases:  # type: ignore[union-attr]
            continue
        for target in choice_fields:
            if target is source or row.values.get(target.name) is not None:
                continue
            value = target.choice_list.aliases.get(key)  # type: ignore[union-attr]
            if value is not None:
                row.values[target.name] = value
                row.raw.setdefault(target.name, text)
                row.columns.setdefault(target.name, row.columns[source.name])
