"""The Excel commands of ``cunwu``: import-excel, export-excel, template (exit codes and output)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from support import VILLAGE_CODE, ident

from desktop.cli import main
from forms.model import catalog
from sync.store.store import Store


def volunteers_roster(tmp_path: Path, numbers: list[str], sheet: str = "Sheet") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["东山村志愿者花名册"])
    ws.append(["序号", "姓名", "身份证号码", "注册日期", "手机"])
    for i, number in enumerate(numbers, start=1):
        ws.append([i, f"志愿者{i}", number, "2024年3月1日", "139 0000 000" + str(i)])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


GOOD = [ident("19750301", "013"), ident("19800512", "024")]


def test_import_excel_exit_zero_when_every_row_is_imported(village_db: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = volunteers_roster(tmp_path, GOOD)
    assert main(["import-excel", str(village_db), "volunteers", str(path)]) == 0
    out = capsys.readouterr().out
    assert "表头在第2行" in out and "全部行已导入" in out
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 2


def test_import_excel_bad_row_exit_one_and_nothing_imported(village_db: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = volunteers_roster(tmp_path, [GOOD[0], "35032219800512002"])
    assert main(["import-excel", str(village_db), "志愿者", str(path)]) == 1
    out = capsys.readouterr().out
    assert "第4行，C列（身份证号码），值“35032219800512002”：应为18位，实际为17位" in out
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 0
    assert main(["import-excel", str(village_db), "志愿者", str(path), "--valid-only"]) == 1
    assert "已导入无错误的 1 行" in capsys.readouterr().out
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 1


def test_import_excel_dry_run_and_sheet(village_db: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = volunteers_roster(tmp_path, GOOD, sheet="一组")
    assert main(["import-excel", str(village_db), "volunteers", str(path), "--dry-run", "--sheet", "一组"]) == 0
    assert "数据库未改动" in capsys.readouterr().out
    with Store.open(village_db) as store:
        assert store.count("volunteers") == 0
    assert main(["import-excel", str(village_db), "volunteers", str(path), "--sheet", "二组"]) == 2
    assert "没有名为“二组”的工作表" in capsys.readouterr().err


def test_import_excel_unreadable_file_exit_two(village_db: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-excel", str(village_db), "volunteers", str(tmp_path / "none.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main(["import-excel", str(village_db), "没有这个", str(tmp_path / "none.xlsx")]) == 2
    assert "没有名为“没有这个”的登记簿" in capsys.readouterr().err


def test_export_excel_one_register_and_whole_village(demo_db: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "members.xlsx"
    assert main(["export-excel", str(demo_db), "两委成员", "--out", str(one)]) == 0
    assert "两委成员 14 行" in capsys.readouterr().out  # 8 in office, 6 of the previous term (离任)
    ws = load_workbook(one)["两委成员"]
    assert "*" in ws.cell(4, 5).value
    everything = tmp_path / "all.xlsx"
    assert main(["export-excel", str(demo_db), "--out", str(everything), "--full-ids"]) == 0
    wb = load_workbook(everything)
    # A sheet per register in the catalog's order (a child list after its parent: 培训考核 after
    # the 两委; the 村务 registers after the first ten), and the drop-down lists, hidden.
    assert wb.sheetnames[:10] == ["村情概况", "荣誉称号", "两委成员", "培训考核", "村规民约", "监委会", "社会组织",
                                  "志愿者", "服务记录", "培训表彰"]
    assert wb.sheetnames == [*(r.short for r in catalog().ordered(include_profile=True)), "选项"]
    assert {"重大事项", "会议协商", "村务公开"} <= set(wb.sheetnames)
    assert "培训考核" in wb.sheetnames
    assert {"村级组织", "村级骨干"} <= set(wb.sheetnames)
    assert wb["选项"].sheet_state == "hidden"
    assert "*" not in wb["两委成员"].cell(4, 5).value


def test_export_excel_refusals(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-excel", str(demo_db), "--out", str(tmp_path / "x.xlsx"), "--village",
                 VILLAGE_CODE[:9] + "299"]) == 2
    assert "没有村 350322111299 的数据" in capsys.readouterr().err
    assert main(["export-excel", str(demo_db), "--out", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
    (tmp_path / "file").write_text("")
    assert main(["export-excel", str(demo_db), "--out", str(tmp_path / "file" / "x.xlsx")]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.xlsx"
    assert main(["template", "监委会", "--out", str(out)]) == 0
    assert "已生成村务监督委员会模板" in capsys.readouterr().out
    ws = load_workbook(out)["监委会"]
    assert ws.data_validations.dataValidation
    assert main(["template", "没有这个", "--out", str(out)]) == 2
