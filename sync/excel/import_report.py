"""What an Excel import says: the report by Excel row, short enough to read.

A refused 5,000-row roster usually has one or two problems repeated on thousands of rows
(every 出生年月 written as 1968.03, every ID number stored as a number). The report groups
the lines that say the same thing about the same column and lists their rows compactly
(第3–57、60行); ``full_lines`` keeps one line per problem for the saved report file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from forms.model import Register, catalog
from forms.roster.read import HiddenChoice, Roster, RosterSheet
from forms.roster.rows import HIDDEN_ROW
from forms.validation import SEVERITY_ZH, Issue

ADDED, UPDATED, UNCHANGED, INVALID = "added", "updated", "unchanged", "invalid"
ACTION_ZH = {ADDED: "新增", UPDATED: "更新", UNCHANGED: "无变化", INVALID: "有错误"}
# Ranges shown in one line of rows before "…"; the full list is in the saved report.
MAX_RANGES = 12
# The command line saves the full report beside the roster when grouping left out this many lines.
SAVE_WHEN_SHORTER_BY = 20
_QUOTED = re.compile(r"“[^”]*”")
_DIGITS = re.compile(r"\d+")
_OPTION_ZH = {"include": "导入", "skip": "不导入"}


@dataclass(frozen=True)
class ReportLine:
    sheet: str
    row: int
    column: str | None  # Excel column letter; None when the roster has no such column
    header: str | None
    field: str | None
    value: str
    message: str
    severity: str = "error"
    rule: str = ""

    def where(self) -> str:
        """The column part: ，C列（身份证号） or ，任期届满（表中没有这一列）."""
        if self.column:
            return f"，{self.column}列（{self.header}）"
        if self.field:
            return f"，{self.field}（表中没有这一列）"
        return ""

    def tag(self) -> str:
        return "" if self.severity == "error" else f"[{SEVERITY_ZH.get(self.severity, self.severity)}] "

    def text(self, with_sheet: bool = False) -> str:
        where = f"工作表“{self.sheet}”" if with_sheet else ""
        where += f"第{self.row}行{self.where()}"
        if self.value:
            where += f"，值“{self.value}”"
        return f"{where}：{self.tag()}{self.message}"

    def pattern(self) -> tuple[str, str | None, str, str, str]:
        """Lines with the same pattern say the same thing, whatever the values in them."""
        general = _DIGITS.sub("#", _QUOTED.sub("“…”", self.message))
        return (self.sheet, self.column or self.field, self.severity, self.rule, general)


@dataclass
class RowResult:
    sheet: str
    row: int
    title: str
    action: str
    uuid: str | None = None
    problems: list[ReportLine] = field(default_factory=list)  # errors: why the row was refused
    notes: list[ReportLine] = field(default_factory=list)  # warnings: imported, but look at these
    changed: list[str] = field(default_factory=list)  # fields an update changed


def compact_rows(rows: Iterable[int], limit: int | None = MAX_RANGES) -> str:
    """3, 4, 5, 7 → 3–5、7 (at most ``limit`` ranges, then …)."""
    ordered = sorted(set(rows))
    ranges: list[tuple[int, int]] = []
    for n in ordered:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in ranges]
    if limit is not None and len(parts) > limit:
        return "、".join(parts[:limit]) + "……"
    return "、".join(parts)


def grouped_lines(lines: Sequence[ReportLine], with_sheet: bool) -> list[str]:
    """One line per problem that occurs once; one line per group for the repeated ones."""
    groups: dict[tuple[str, str | None, str, str, str], list[ReportLine]] = {}
    for line in lines:
        groups.setdefault(line.pattern(), []).append(line)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first.text(with_sheet))
            continue
        rows = sorted({m.row for m in members})
        sheet = f"工作表“{first.sheet}”" if with_sheet else ""
        head = f"{sheet}第{compact_rows(rows)}行（共 {len(rows)} 行）{first.where()}"
        same_message = all(m.message == first.message for m in members)
        same_value = all(m.value == first.value for m in members)
        if same_message:
            value = f"，值“{first.value}”" if first.value and same_value else ""
            out.append(f"{head}{value}：{first.tag()}{first.message}")
        else:
            value = f"，值“{first.value}”" if first.value else ""
            out.append(f"{head}：{first.tag()}如第{first.row}行{value}：{first.message}")
    return out


@dataclass
class ImportReport:
    register: Register
    path: Path
    roster: Roster
    rows: list[RowResult]
    committed: bool
    dry_run: bool
    valid_only: bool
    register_issues: list[Issue] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def invalid(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == INVALID]

    @property
    def ok(self) -> bool:
        """Every row was imported (or, in a dry run, would be)."""
        return bool(self.rows) and not self.invalid and (self.committed or self.dry_run)

    def lines(self, max_notes: int = 200) -> list[str]:
        """The report as printed: repeated problems grouped, rows listed compactly."""
        return self._lines(grouped=True, max_notes=max_notes)

    def full_lines(self) -> list[str]:
        """The report with one line per problem and per note, for the saved report file."""
        return self._lines(grouped=False, max_notes=None)

    def shortened(self) -> bool:
        """The printed report leaves out many lines that ``full_lines`` has (worth a file)."""
        return len(self.full_lines()) - len(self.lines()) >= SAVE_WHEN_SHORTER_BY

    def _lines(self, grouped: bool, max_notes: int | None) -> list[str]:
        reg, roster = self.register, self.roster
        many = len(roster.sheets) > 1
        out = [f"导入{reg.name}：{self.path.name}"]
        out += roster.notes
        for sheet in roster.sheets:
            out += _sheet_lines(reg, sheet, roster.choice)
        if roster.other_sheets:
            out.append("未读取的工作表："
                       + "；".join(f"“{name}”（{why}）" for name, why in roster.other_sheets))
            if any("按选择不读取" in why for _, why in roster.other_sheets):
                out.append("  隐藏的工作表默认不读取；要读取请用 --hidden-sheets include 或 --sheet 工作表名")
        out += self._skipped_lines(many, grouped)
        bad = self.invalid
        if bad:
            out.append(f"有错误的行（{len(bad)} 行）：")
            problems = [line for r in bad for line in r.problems]
            texts = grouped_lines(problems, many) if grouped else [p.text(many) for p in problems]
            out += ["  " + t for t in texts]
        out += self._updated_lines(grouped)
        notes = [n for r in self.rows if r.action != INVALID for n in r.notes]
        if notes:
            out.append(f"提示（不影响导入，共 {len(notes)} 条）：")
            texts = grouped_lines(notes, many) if grouped else [n.text(many) for n in notes]
            shown = texts if max_notes is None else texts[:max_notes]
            out += ["  " + t for t in shown]
            if len(shown) < len(texts):
                out.append(f"  ……另有 {len(texts) - len(shown)} 条")
        if self.register_issues:
            out.append("整表检查（导入后的登记簿）：")
            for issue in self.register_issues:
                severity = SEVERITY_ZH.get(issue.severity, issue.severity)
                out.append(f"  [{severity}] {issue.message}")
        detail = f"新增 {self.count(ADDED)}，更新 {self.count(UPDATED)}，无变化 {self.count(UNCHANGED)}"
        if not self.committed:
            detail = f"无错误 {len(self.rows) - len(self.invalid)} 行（可{detail}）"
        out.append(f"共 {len(self.rows)} 行：{detail}，有错误 {self.count(INVALID)} 行")
        out.append(self.verdict())
        return out

    def _skipped_lines(self, many: bool, grouped: bool) -> list[str]:
        skipped = [s for s in self.roster.skipped if s.reason != HIDDEN_ROW]  # said with the sheet
        if not skipped:
            return []
        if not grouped:
            return ["跳过：" + "；".join(f"{_sheet_zh(s.sheet, many)}第{s.row}行（{s.reason}）"
                                      for s in skipped)]
        by_reason: dict[tuple[str, str], list[int]] = {}
        for s in skipped:
            by_reason.setdefault((s.sheet, s.reason), []).append(s.row)
        parts = [f"{_sheet_zh(sheet, many)}第{compact_rows(rows)}行（{reason}）"
                 for (sheet, reason), rows in by_reason.items()]
        return ["跳过：" + "；".join(parts)]

    def _updated_lines(self, grouped: bool) -> list[str]:
        reg = self.register
        updated = [r for r in self.rows if r.action == UPDATED]
        if not updated:
            return []
        verb = "已" if self.committed else "将"
        if reg.singleton:
            out = [f"{reg.name}已存在，{verb}更新："]
        else:
            same = reg.person_field or "、".join(key_fields(reg))
            out = [f"已在登记簿中（{same}相同），{verb}更新而不是重复新增："]
        limit = 200 if grouped else None
        shown = updated if limit is None else updated[:limit]
        out += [f"  第{r.row}行 {r.title}：{'、'.join(r.changed)}" for r in shown]
        if len(shown) < len(updated):
            out.append(f"  ……另有 {len(updated) - len(shown)} 行")
        return out

    def verdict(self) -> str:
        if not self.rows:
            return "没有找到数据行，未导入任何内容。"
        if self.dry_run:
            if self.invalid:
                return ("试导入：有错误的行需改正后才能导入（或用 --valid-only 只导入无错误的行）；"
                        "数据库未改动。")
            return "试导入：全部行都可以导入；数据库未改动。"
        if self.committed:
            if self.invalid:
                good = len(self.rows) - len(self.invalid)
                return f"已导入无错误的 {good} 行；有错误的 {len(self.invalid)} 行未导入。"
            return "全部行已导入。"
        return ("因有错误的行，全部未导入（全部或全不）。请改正后重新导入，"
                "或选择只导入无错误的行（--valid-only）。")


def _sheet_zh(name: str, many: bool) -> str:
    return f"工作表“{name}”" if many else ""


def _sheet_lines(reg: Register, sheet: RosterSheet, choice: HiddenChoice) -> list[str]:
    rows = (f"第{sheet.header_first}行" if sheet.header_first == sheet.header_last
            else f"第{sheet.header_first}–{sheet.header_last}行")
    hidden = "（隐藏的工作表，按选择读取）" if sheet.hidden else ""
    out = [f"工作表“{sheet.name}”{hidden}：表头在{rows}，数据 {len(sheet.rows)} 行"]
    mapped = [f"{c.letter}“{c.header}”→{c.field}" for c in sheet.columns if c.field]
    out.append("  列对应：" + "；".join(mapped))
    unused = [f"{c.letter}“{c.header}”（{c.note}）" for c in sheet.columns
              if not c.field and c.header and c.note and not c.hidden]
    if unused:
        out.append("  不导入的列：" + "；".join(unused))
    out += hidden_lines(sheet, choice)
    # A reference to the village's one 村情概况 is filled by the store: not missing.
    missing = [f.name for f in reg.input_fields if f.required and f.name not in sheet.fields
               and not f.derive and f.default is None
               and not (f.ref and catalog().registers[f.ref].singleton)]
    if missing:
        out.append("  表中没有这些必填列：" + "、".join(missing))
    return out


def hidden_lines(sheet: RosterSheet, choice: HiddenChoice) -> list[str]:
    """What the clerk hid in this sheet and what was done with it (and how to choose otherwise)."""
    default = HiddenChoice()
    out = []
    columns = sheet.hidden_columns
    if columns:
        parts = [f"{c.letter}“{c.header}”（{'已导入为' + c.field if c.field else c.note}）" for c in columns]
        how = "默认" if choice.columns == default.columns else "按选择"
        other = "skip" if choice.columns == "include" else "include"
        out.append(f"  隐藏的列：{'；'.join(parts)}——{how}{_OPTION_ZH[choice.columns]}隐藏列"
                   f"（同一项有显示的列时以显示的列为准）；要改用 --hidden-columns {other}")
    rows = sheet.hidden_data_rows
    if rows:
        how = "默认" if choice.rows == default.rows else "按选择"
        other = "skip" if choice.rows == "include" else "include"
        why = "（常是已离开的人）" if choice.rows == "skip" else ""
        out.append(f"  隐藏的行：第{compact_rows(rows, None)}行（{len(rows)} 行）——{how}"
                   f"{_OPTION_ZH[choice.rows]}{why}；要改用 --hidden-rows {other}")
    return out


def key_fields(reg: Register) -> tuple[str, ...]:
    """The fields that say a roster row is a record the register already holds: those its
    definition names (``match_fields``), else its person, else a child's parent, title and first
    date and time, else its title."""
    if reg.match_fields:
        return reg.match_fields
    if reg.person_field:
        return (reg.person_field,)
    if reg.parent_field and reg.title_field:
        keys = [reg.parent_field, reg.title_field]
        for kind in ("date", "time"):
            first = next((f.name for f in reg.input_fields if f.type_name == kind), None)
            if first:
                keys.append(first)
        return tuple(keys)
    return (reg.title_field,) if reg.title_field else ()
