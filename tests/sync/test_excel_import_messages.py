"""What an import says: columns named when they are there, masked phones, grouped long reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from support import person

from sync.excel.roster_import import import_excel
from sync.store.store import Store


def _committee(tmp_path: Path, with_term_column: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    header = ["姓名", "民族", "公民身份号码", "政治面貌", "党组织职务", "村委会职务", "任职时间"]
    ws.append([*header, "任期届满"] if with_term_column else header)
    values = person(任职时间="2020-05-18")
    row = [values[h] for h in header]
    ws.append([*row, dt.datetime(2025, 5, 18)] if with_term_column else row)
    path = tmp_path / "两委.xlsx"
    wb.save(path)
    return path


def test_a_computed_column_in_the_roster_is_named_not_said_missing(store: Store, tmp_path: Path) -> None:
    report = import_excel(store, "committee_members", _committee(tmp_path, True), dry_run=True)
    [note] = [n for r in report.rows for n in r.notes if n.field == "任期届满"]
    assert note.column == "H" and note.header == "任期届满"
    assert "第2行，H列（任期届满）" in note.text()
    assert "表中没有这一列" not in "\n".join(report.lines())


def test_a_computed_field_without_its_column_says_so(store: Store, tmp_path: Path) -> None:
    report = import_excel(store, "committee_members", _committee(tmp_path, False), dry_run=True)
    [note] = [n for r in report.rows for n in r.notes if n.field == "任期届满"]
    assert note.column is None and "任期届满（表中没有这一列）" in note.text()


def test_a_masked_phone_gets_the_masked_reason(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "证件号码", "联系电话", "注册日期"])
    ws.append(["王伟", "350322197503010013", "138****5678", "2024-03-01"])
    path = tmp_path / "masked.xlsx"
    wb.save(path)
    report = import_excel(store, "volunteers", path, dry_run=True)
    [problem] = report.invalid[0].problems
    assert problem.field == "联系电话"
    assert problem.message.startswith("号码已打码（含*），无法导入")


def test_many_rows_with_one_problem_make_one_line(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "证件号码", "注册日期"])
    for n in range(300):
        ws.append([f"志愿者{n}", f"350322197503{n:05d}", "2024-03-01"])  # 17 digits: too short
    ws.append(["孤例", "350322197503010013", "2024-13-01"])
    path = tmp_path / "many.xlsx"
    wb.save(path)
    report = import_excel(store, "volunteers", path, dry_run=True)
    lines = report.lines()
    assert len(lines) < 15
    assert "  第2–301行（共 300 行），B列（证件号码）：应为18位，实际为17位" in lines
    # A problem that occurs once keeps its full line, with its value.
    assert any(line.startswith("  第302行，C列（注册日期），值“2024-13-01”：") for line in lines)
    assert report.shortened()
    assert len(report.full_lines()) > 300
