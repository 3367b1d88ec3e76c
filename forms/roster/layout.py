"""Where a roster's header is, and which lines below it are people and which are not.

Above the header there are title lines and 填报单位/截至日期 lines; the header may span two
rows with merged cells (职务 over 党内职务 and 行政职务); a 村民小组 cell may be merged down
over its members; a 合计 line, signature lines (填表人, 审核人) and notes close the sheet;
a long roster repeats its header on every printed page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from forms.roster.grid import SheetGrid
from forms.roster.headers import PROBLEMS, SEQ, SOURCE_ROW, HeaderMatch, HeaderMatcher, normalise_header
from forms.roster.values import display, is_blank
from forms.types import clean_text

# The header is looked for in the first rows only; rosters put at most a few lines above it.
HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2

_TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_SIGNATURE = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|复核人|负责人|单位负责人|主要负责人|分管领导|"
    r"村党组织书记|村委会主任|联系人|填表日期|填报日期|制表日期|报送日期|日期|签字|签名|盖章|"
    r"注|说明|备注|附注|填表说明)\s*[:：]"
)
# A section heading over a group of rows: 一、村民代表 / （二）网格员 / 3. 治保员.
_SECTION = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．])\s*\D")
_INFO_LINE = re.compile(r"(花名册|登记表|名册|名单|台账|统计表|一览表|情况表|填报单位|填表单位|"
                        r"截至|截止|单位[:：]|\(盖章\)|（盖章）)")


@dataclass(frozen=True)
class Header:
    first: int  # Excel row numbers
    last: int
    texts: tuple[str, ...]  # header text per column
    matches: tuple[HeaderMatch, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(m.name for m in self.matches if m.kind == "field" and m.name)

    @property
    def score(self) -> int:
        return _score(self.matches)


def _score(matches: Sequence[HeaderMatch]) -> int:
    return len({m.name for m in matches if m.kind in ("field", "computed")})


def _merged_fill(grid: SheetGrid, last_row: int) -> dict[tuple[int, int], Any]:
    """Value of every cell covered by a merged range (1-based row, col) in the first rows."""
    filled: dict[tuple[int, int], Any] = {}
    for min_row, min_col, max_row, max_col in grid.merged:
        if min_row > last_row:
            continue
        value = grid.value(min_row, min_col)
        for r in range(min_row, min(max_row, last_row) + 1):
            for c in range(min_col, max_col + 1):
                filled[(r, c)] = value
    return filled


def detect_header(grid: SheetGrid, matcher: HeaderMatcher) -> Header | None:
    """The header rows that name the most fields, or None when no row names two."""
    width = grid.max_column
    last = min(grid.max_row, HEADER_SCAN_ROWS)
    filled = _merged_fill(grid, last + 1)
    rows: list[list[str]] = []
    for r in range(1, last + 2):
        row = []
        for c in range(1, width + 1):
            value = filled.get((r, c), grid.value(r, c))
            row.append("" if value is None else clean_text(display(value)))
        rows.append(row)

    best: Header | None = None
    for i in range(last):
        single = tuple(matcher.match(t) for t in rows[i])
        candidate = Header(i + 1, i + 1, tuple(rows[i]), single)
        # A two-row header: a group cell (职务) above its parts (党内职务, 行政职务), or
        # cells merged down over both rows next to them.
        texts, matches = [], []
        for upper, lower in zip(rows[i], rows[i + 1], strict=True):
            options = [lower, upper, upper + lower] if lower != upper else [upper]
            chosen = next(((t, m) for t in options if (m := matcher.match(t)).kind != "unknown"),
                          (upper if upper == lower or not lower else f"{upper}{lower}",
                           HeaderMatch("unknown")))
            texts.append(chosen[0])
            matches.append(chosen[1])
        lower_alone = _score([matcher.match(t) for t in rows[i + 1]])
        if _score(matches) > max(_score(single), lower_alone) and any(rows[i + 1]):
            candidate = Header(i + 1, i + 2, tuple(texts), tuple(matches))
        if best is None or candidate.score > best.score:
            best = candidate
    if best is None or best.score < MIN_HEADER_FIELDS:
        return None
    # Header cells merged down from the row above belong to the header too (for reports).
    first = min([best.first] + [m[0] for m in grid.merged if m[0] < best.first <= m[2]])
    return replace(best, first=first)


def data_rows(grid: SheetGrid, header_last: int) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """(Excel row, cells) below the header, with cells merged down filled in."""
    down: dict[tuple[int, int], Any] = {}
    for min_row, min_col, max_row, _ in grid.merged:
        if max_row <= header_last or min_row == max_row:
            continue
        value = grid.value(min_row, min_col)
        for r in range(max(min_row, header_last + 1), max_row + 1):
            down[(r, min_col)] = value
    for number in range(header_last + 1, grid.max_row + 1):
        cells = grid.cells[number - 1]
        if down:
            width = max(len(cells), max(c for _, c in down))
            cells = tuple(down.get((number, c + 1), cells[c] if c < len(cells) else None)
                          for c in range(width))
        yield number, cells


class RowClassifier:
    """Tells data rows from the rest (blank, 合计, signatures, titles, repeated headers).

    Built once per sheet from the mapped columns (index, normalised header text), the 序号
    columns and the columns that never make a row data (原行号, 导入问题 of a file of refused
    rows); a data row is recognised after looking at a few cells only.
    """

    def __init__(self, mapped: Sequence[tuple[int, str]], seq: set[int], quiet: set[int]) -> None:
        self.mapped = list(mapped)
        self.seq = seq
        self.quiet = quiet

    def __call__(self, cells: Sequence[Any]) -> str | None:
        filled = [(i, v) for i, v in enumerate(cells) if not is_blank(v) and i not in self.quiet]
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
        if isinstance(lone, str) and all(v == lone for _, v in filled) and _SECTION.match(lone.strip()):
            return "分组标题行"  # 一、村民代表 / （二）网格员 above each list of a roster kept by role
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


def is_seq(match: HeaderMatch) -> bool:
    return match.kind == "special" and match.name == SEQ


def is_quiet(match: HeaderMatch) -> bool:
    return match.kind == "special" and match.name in (SOURCE_ROW, PROBLEMS)
