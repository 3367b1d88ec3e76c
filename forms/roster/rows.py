"""A roster's data rows: each cell parsed by its field's type, and the rows that are not people.

Hidden rows are data like any other but the clerk decides: left out (the default, said in
the report) or read with a note on the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.model import Register
from forms.roster.columns import SKIP, Column
from forms.roster.headers import VILLAGE_CODE, VILLAGE_NAME, normalise_header
from forms.roster.layout import RowClassifier, is_quiet, is_seq
from forms.roster.values import display, is_blank, parse_cell
from forms.types import clean_text

HIDDEN_ROW = "隐藏行"
HIDDEN_ROW_NOTE = "这一行在表中是隐藏的，已按选择导入"


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
    hidden: bool = False  # a hidden row, read because the clerk chose so

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


def classifier(columns: Sequence[Column]) -> RowClassifier:
    mapped = [(c.index, normalise_header(c.header)) for c in columns
              if c.field or (c.match.kind == "special" and not is_seq(c.match) and not is_quiet(c.match))]
    return RowClassifier(mapped, {c.index for c in columns if is_seq(c.match)},
                         {c.index for c in columns if is_quiet(c.match)})


def parse_rows(reg: Register, sheet: str, columns: list[Column], data: list[tuple[int, tuple[Any, ...]]],
               hidden_rows: frozenset[int], hidden_choice: str
               ) -> tuple[list[RosterRow], list[SkippedRow]]:
    """The data rows of a sheet, and the rows left out with the reason."""
    rows: list[RosterRow] = []
    skipped: list[SkippedRow] = []
    classify = classifier(columns)
    for number, cells in data:
        reason = classify(cells)
        if reason == "空行":
            continue
        if reason:
            skipped.append(SkippedRow(sheet, number, reason))
            continue
        if number in hidden_rows and hidden_choice == SKIP:
            skipped.append(SkippedRow(sheet, number, HIDDEN_ROW))
            continue
        row = parse_row(reg, sheet, number, cells, columns)
        if number in hidden_rows:
            row.hidden = True
            row.problems.append(CellProblem(None, None, None, "", HIDDEN_ROW_NOTE, "warning"))
        rows.append(row)
    return rows, skipped


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
    fill_companions(reg, row)
    return row


def fill_companions(reg: Register, row: RosterRow) -> None:
    """A value that names two fields at once fills both: 党内职务 “组织委员” is 委员 + 组织.

    Only aliases count (never a plain value), only words of two or more characters, and
    only into a choice field the row leaves empty.
    """
    choice_fields = [f for f in reg.input_fields if f.choice_list and not f.type.multiple]
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
