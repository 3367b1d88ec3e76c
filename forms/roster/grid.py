"""A roster file once loaded: sheets as grids of values, whatever program wrote the file.

``forms.roster.workbook`` (.xlsx, and which reader a file needs) and ``forms.roster.legacy``
(.xls, CSV) both produce these; everything after them reads grids only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

XLSX, XLS, CSV = "xlsx", "xls", "csv"


class RosterError(ValueError):
    """The file cannot be read as a roster; the message says why, in Chinese."""


@dataclass
class SheetGrid:
    """One sheet: values by row (row 0 is Excel row 1), merged ranges and what is hidden."""

    title: str
    cells: list[tuple[Any, ...]]
    # (min_row, min_col, max_row, max_col), 1-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()  # Excel row numbers
    hidden_columns: frozenset[int] = frozenset()  # 0-based column indexes
    hidden: bool = False  # the sheet itself is hidden

    @property
    def max_row(self) -> int:
        return len(self.cells)

    @property
    def max_column(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    def value(self, row: int, column: int) -> Any:
        """The cell at 1-based ``row``, ``column`` (None outside the sheet)."""
        if not 1 <= row <= len(self.cells):
            return None
        cells = self.cells[row - 1]
        return cells[column - 1] if 1 <= column <= len(cells) else None


@dataclass
class RosterWorkbook:
    path: Path
    kind: str  # XLSX, XLS or CSV
    sheets: list[SheetGrid]
    notes: list[str] = field(default_factory=list)  # how the file was read, for the report

    @property
    def sheetnames(self) -> list[str]:
        return [s.title for s in self.sheets]


def trim_rows(cells: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Without the empty rows at the bottom (formatted but empty rows count in max_row)."""
    end = len(cells)
    while end and all(v is None or (isinstance(v, str) and not v.strip()) for v in cells[end - 1]):
        end -= 1
    return cells[:end]
