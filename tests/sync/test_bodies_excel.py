"""Excel for registers 9–10 and the profile's 荣誉称号: a blank template filled in as a clerk fills
it imports (roles written in one cell; the title without naming the village), an export imports
back into a fresh village unchanged, and the template offers the roles as a drop-down hint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import TODAY, VILLAGE_CODE

from forms.model import catalog
from forms.roster.template import write_template
from forms.roster.write import FIRST_DATA_ROW, HEADER_ROW
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import import_excel
from sync.store.store import Store

TYPED = {
    "village_roles": {"姓名": "陈晓梅", "公民身份号码": "350322199001010020", "角色": "村民代表、网格员",
                      "村民小组": "三组", "代表户数": 12, "推选或聘任日期": "2021.3.18"},
    "village_bodies": {"名称": "东山村红白理事会", "组织类型": "红白喜事理事会", "成立日期": "2017年5月20日",
                       "成员数": 7},
    "village_honors": {"名称": "全国民主法治示范村", "类别": "民主法治示范村", "级别": "全国", "授予年份": 2019},
}
STORED = {
    "village_roles": {"角色": ["村民代表", "兼职网格员"], "性别": "女", "推选或聘任日期": "2021-03-18",
                      "在任状态": "在任"},
    "village_bodies": {"组织类型": "红白理事会", "组织大类": "自治组织", "成立日期": "2017-05-20", "状态": "正常"},
    "village_honors": {"级别": "国家级", "授予年份": 2019},
}


def fresh(path: Path) -> Store:
    store = Store.create_village(path, VILLAGE_CODE, "东山村", {"户数": 612})
    store.today = TODAY
    return store


@pytest.mark.parametrize("key", list(TYPED))
def test_a_filled_template_imports(key: str, tmp_path: Path) -> None:
    reg = catalog().registers[key]
    template = write_template(reg, tmp_path / f"{key}.xlsx")
    wb = openpyxl.load_workbook(template)
    ws = wb[reg.short]
    headers = [str(c.value or "").split("（")[0] for c in ws[HEADER_ROW]]
    for name, value in TYPED[key].items():
        ws.cell(FIRST_DATA_ROW, headers.index(name) + 1).value = value
    wb.save(template)
    with fresh(tmp_path / "v.db") as store:
        report = import_excel(store, key, template)
        assert report.committed, "\n".join(report.lines())
        [record] = store.records(key)
        assert {k: record[k] for k in STORED[key]} == STORED[key]


def test_the_roles_template_says_several_roles_go_in_one_cell(tmp_path: Path) -> None:
    reg = catalog().registers["village_roles"]
    wb = openpyxl.load_workbook(write_template(reg, tmp_path / "t.xlsx"))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    hints = [str(dv.prompt or "") for dv in wb[reg.short].data_validations.dataValidation]
    assert any("可填多项" in t for t in texts + hints)


def test_an_export_of_the_demo_imports_back_unchanged(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    with Store.open(demo_db) as demo:
        demo.today = TODAY
        export_excel(demo, out, full_ids=True)
        before = {key: rows(demo, key) for key in ("village_profile", *TYPED)}
    with fresh(tmp_path / "fresh.db") as store:
        for key in ("village_profile", *TYPED):
            report = import_excel(store, key, out)
            assert report.ok, "\n".join(report.lines())
            assert rows(store, key) == before[key], key
    assert len(before["village_roles"]) == 56 and len(before["village_honors"]) == 3


def rows(store: Store, key: str) -> list[dict[str, Any]]:
    """The records as typed, without what differs between databases (UUIDs, the profile referred to)."""
    reg = store.catalog.registers[key]
    return sorted(({f.name: r.get(f.name) for f in reg.input_fields if f.name != "村"}
                   for r in store.records(key)), key=repr)


def roles_list(path: Path, sheet: str, rows: list[tuple[str, str, str]]) -> Path:
    """A village's list of one kind of 骨干: 姓名, 身份证号码, 职务."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["序号", "姓名", "身份证号码", "职务"])
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
    wb.save(path)
    return path


def test_a_second_list_adds_roles_and_never_drops_one(tmp_path: Path) -> None:
    lin, wang = ("林秀英", "350322197503010021"), ("王建国", "350322196805120037")
    reps = roles_list(tmp_path / "代表.xlsx", "村民代表", [(*lin, "村民代表"), (*wang, "村民代表")])
    grid = roles_list(tmp_path / "网格员.xlsx", "网格员", [(*lin, "网格员")])
    with fresh(tmp_path / "v.db") as store:
        assert import_excel(store, "village_roles", reps).committed
        report = import_excel(store, "village_roles", grid)
        assert report.committed and report.count("updated") == 1
        roles = {r["姓名"]: r["角色"] for r in store.records("village_roles")}
        assert roles == {"林秀英": ["村民代表", "兼职网格员"], "王建国": ["村民代表"]}
        # The first list again: nothing lost, nothing changed.
        again = import_excel(store, "village_roles", reps)
        assert again.count("unchanged") == 2
        assert {r["姓名"]: r["角色"] for r in store.records("village_roles")} == roles
    # Registers whose multi-choice fields do not accumulate still take the roster's value.
    assert not any(f.accumulate for f in catalog().registers["volunteers"].fields)
