"""Every roster of tests/data/rosters/ read, and imported through ``cunwu import-excel`` and the core.

Each roster has its expected outcome beside it (NAME.toml, described in the folder's
README): what the reader finds (sheets, header rows, data rows, skipped and hidden rows,
hidden columns and sheets, cells as read), and what an import does (exit code, rows
added, rows refused with the field and the reason, stored values, report lines), with
extra command-line runs (``[[runs]]``). A refused import must leave the database exactly
as it was. The 5,000-row volunteer roster is written at test time (``make_rosters.py``).
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support import TODAY, VILLAGE_CODE

from desktop.cli import main
from forms.roster.read import RosterError, read_roster
from forms.roster.values import display
from sync.excel.roster_import import INVALID, import_excel
from sync.store.store import Store

CORPUS = Path(__file__).parent / "data" / "rosters"
EXPECTED = sorted(CORPUS.glob("[0-9][0-9]_*.toml"))


def roster_file(expected: Path) -> Path:
    return next(p for p in CORPUS.glob(expected.stem + ".*") if p.suffix != ".toml")


def load(expected: Path) -> dict[str, Any]:
    with expected.open("rb") as fh:
        return tomllib.load(fh)


def import_cases() -> list[Any]:
    cases = []
    for path in EXPECTED:
        reason = load(path).get("import", {}).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


@pytest.fixture(scope="module")
def empty_village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "empty.db"
    Store.create_village(path, VILLAGE_CODE, "东山村", {"常住人口": 1965, "户数": 612}).close()
    return path


@pytest.fixture
def fresh_db(empty_village: Path, tmp_path: Path) -> Path:
    target = tmp_path / "village.db"
    shutil.copy(empty_village, target)
    return target


def dump(db: Path) -> list[str]:
    """Everything the database holds, to compare before and after a refused import (a plain
    database: plain sqlite3 on purpose, for ``iterdump``, which sqlcipher3 does not have)."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def records(db: Path, register: str) -> tuple[int, dict[str, dict[str, Any]]]:
    """How many records the register has, and the records by their title (姓名, 事项名称, 议题 …) as
    the expectations name them; a person of two terms (re-elected) also as 姓名（届次）."""
    with Store.open(db) as store:
        title = store.catalog.register(register).title_field or "姓名"
        found = store.records(register)
        named = {r[title]: r for r in found}
        named.update({f"{r[title]}（{r['届次']}）": r for r in found if r.get("届次")})
        return len(found), named


def run_cli(db: Path, register: str, roster: Path, args: list[str], tmp_path: Path,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    report = tmp_path / "report.txt"  # never beside the committed roster
    code = main(["import-excel", str(db), register, str(roster), "--report", str(report), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# ------------------------------------------------------------------ the reader
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_roster_reads_as_expected(expected: Path) -> None:
    spec = load(expected)
    path = roster_file(expected)
    want = spec.get("read")
    if want is None:
        with pytest.raises(RosterError, match=spec["import"]["error"]):
            read_roster(path, spec["register"])
        return
    roster = read_roster(path, spec["register"])
    assert [s.name for s in roster.sheets] == want["sheets"]
    sheet = roster.sheets[0]
    assert [sheet.header_first, sheet.header_last] == want["header"]
    assert [r.row for r in roster.rows] == want["rows"]
    if "skipped" in want:
        assert {str(s.row): s.reason for s in roster.skipped} == want["skipped"]
    for letter, field_name in want.get("columns", {}).items():
        assert next(c.field for c in sheet.columns if c.letter == letter) == field_name, letter
    for letter, note in want.get("unused", {}).items():
        assert next(c.note for c in sheet.columns if c.letter == letter) == note, letter
    assert sheet.hidden_data_rows == want.get("hidden_rows", [])
    assert {c.letter: c.note for c in sheet.hidden_columns} == want.get("hidden_columns", {})
    assert roster.hidden_sheets == want.get("hidden_sheets", [])
    assert roster.notes == want.get("notes", [])
    rows = {str(r.row): r for r in roster.rows}
    for row, cells in want.get("raw", {}).items():
        for field_name, text in cells.items():
            assert display(rows[row].raw.get(field_name)) == text, (row, field_name)


# ------------------------------------------------------------------ the command line and the core
def check_import(spec: dict[str, Any], code: int, output: str, db: Path, before: list[str]) -> None:
    want = spec
    assert code == want["exit"], output
    if "error" in want:
        assert want["error"] in output
    for line in want.get("report", []):
        assert line in output, line
    if code != 0 and "--valid-only" not in spec.get("args", []):
        assert dump(db) == before, "a refused import changed the database"
    added, stored = records(db, spec["register"]) if code != 2 else (0, {})
    assert added == want.get("added", 0)
    for name in want.get("absent", []):
        assert name not in stored
    for name, values in want.get("stored", {}).items():
        for field_name, value in values.items():
            assert stored[name][field_name] == value, (name, field_name)


@pytest.mark.parametrize("expected", import_cases())
def test_roster_imports_as_expected(expected: Path, empty_village: Path, fresh_db: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    spec = load(expected)
    register, path = spec["register"], roster_file(expected)
    want = {"register": register, **spec["import"]}

    # The command line, as a clerk or a township runs it.
    before = dump(fresh_db)
    code, output = run_cli(fresh_db, register, path, [], tmp_path, capsys)
    check_import(want, code, output, fresh_db, before)
    if code == 2:
        return  # a file that cannot be read: no report, nothing more to check
    full = (tmp_path / "report.txt").read_text(encoding="utf-8-sig")  # one line per problem
    for entry in want.get("refused", []):
        assert f"第{entry['row']}行" in full, entry

    # The core, as the window runs it: the same rows refused for the same reasons.
    other = tmp_path / "core.db"
    shutil.copy(empty_village, other)
    with Store.open(other) as store:
        store.today = TODAY
        report = import_excel(store, register, path)
    if not report.committed:
        assert dump(other) == before
    refused = {(line.row, line.field) for r in report.invalid for line in r.problems}
    for entry in want.get("refused", []):
        assert (entry["row"], entry["field"]) in refused, entry
        lines = [ln for r in report.invalid for ln in r.problems
                 if ln.row == entry["row"] and ln.field == entry["field"]]
        assert any(entry["message"] in ln.message for ln in lines), entry
    assert sorted({r.row for r in report.invalid}) == sorted({e["row"] for e in want.get("refused", [])})
    assert report.committed == (code == 0)
    assert report.count("added") == (want.get("added", 0) if code == 0 else
                                     len(report.rows) - len(report.invalid))
    assert all(r.action != INVALID for r in report.rows) == (code == 0)

    # Further runs with options (on a fresh database each).
    for run in spec.get("runs", []):
        db = tmp_path / f"run{spec['runs'].index(run)}.db"
        shutil.copy(empty_village, db)
        before_run = dump(db)
        code, output = run_cli(db, register, path, run["args"], tmp_path, capsys)
        check_import({"register": register, **run}, code, output, db, before_run)


# ------------------------------------------------------------------ the 5,000-row refusal
def make_rosters_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_rosters", CORPUS / "make_rosters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_5000_volunteers_refused_in_a_short_report(fresh_db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "5000志愿者.xlsx"
    made = make_rosters_module().big_volunteers(path)
    before = dump(fresh_db)
    report_file = tmp_path / "report.txt"
    code = main(["import-excel", str(fresh_db), "志愿者", str(path), "--report", str(report_file)])
    out = capsys.readouterr().out
    assert code == 1
    assert dump(fresh_db) == before
    lines = out.splitlines()
    assert len(lines) < 20, out
    assert f"第3–{made['numeric'] + 2}行（共 {made['numeric']} 行），D列（身份证号码）：Excel 把号码存成了数字" in out
    assert f"有错误 {made['numeric']} 行" in out
    full = report_file.read_text(encoding="utf-8-sig").splitlines()
    assert sum("Excel 把号码存成了数字" in line for line in full) == made["numeric"]
    assert f"完整报告（每个问题一行）已保存：{report_file}" in out

    # Without --report the full list goes beside the roster: the printed one is shortened.
    assert main(["import-excel", str(fresh_db), "志愿者", str(path)]) == 1
    beside = tmp_path / "5000志愿者-导入报告.txt"
    assert beside.read_text(encoding="utf-8-sig").count("\n") > made["numeric"]
    assert f"完整报告（每个问题一行）已保存：{beside}" in capsys.readouterr().out
