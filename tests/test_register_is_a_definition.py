"""A register is a definition (issue 12, item 7).

A throwaway register, 村干部培训登记, is written as a TOML file into a copy of the definitions
folder, with a choice list of its own. With no code change it gets a table, the checks every
register gets (required fields, ID numbers, the same person twice), a record form, an Excel
template that imports back, an Excel export, a sync package that arrives at the township, and a
section in the printed book. If one of these needed a register's name in the code, this fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from support import TODAY
from sync_support import make_world, open_store

from forms.model import DEFINITIONS, Register, catalog, use_definitions
from forms.roster.template import write_template
from forms.roster.write import FIRST_DATA_ROW, HEADER_ROW
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import import_excel
from sync.reports.book import build_book
from sync.store.store import Store

KEY = "cadre_trainings"

TRAININGS = """\
key = "cadre_trainings"
name = "村干部培训登记"
short = "干部培训"
aliases = ["培训登记"]
unit = "人次"
order = 9
title_field = "姓名"
person_field = "公民身份号码"
list_columns = ["姓名", "培训名称", "培训日期", "学时", "培训方式"]
print_columns = ["姓名", "公民身份号码", "培训名称", "培训日期", "学时", "培训方式"]
print_totals = ["学时"]

[[fields]]
name = "姓名"
type = "text"
required = true
max_length = 20

[[fields]]
name = "公民身份号码"
type = "idnumber"
mask = "id"
aliases = ["身份证号"]

[[fields]]
name = "培训名称"
type = "text"
required = true
max_length = 60

[[fields]]
name = "培训日期"
type = "date"
required = true

[[fields]]
name = "学时"
type = "decimal"
unit = "学时"

[[fields]]
name = "培训方式"
type = "choice"
choices = "培训方式"
"""

CHOICES = """
["培训方式"]
values = ["集中培训", "网络培训", "外出考察"]
"""

LIN = {"姓名": "林秀英", "公民身份号码": "350322197503010021", "培训名称": "村务公开专题培训",
       "培训日期": "2026-06-12", "学时": 8, "培训方式": "集中培训"}
WANG = {"姓名": "王建国", "公民身份号码": "350322196805120037", "培训名称": "乡村振兴政策解读",
        "培训日期": "2026-09-03", "学时": 4.5, "培训方式": "网络培训"}


@pytest.fixture
def definitions(tmp_path: Path) -> Iterator[Path]:
    """The shipped definitions plus the throwaway register, in use for this test only."""
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, folder)
    (folder / f"{KEY}.toml").write_text(TRAININGS, encoding="utf-8")
    with (folder / "choices.toml").open("a", encoding="utf-8") as fh:
        fh.write(CHOICES)
    use_definitions(folder)
    try:
        yield folder
    finally:
        use_definitions(None)


@pytest.fixture
def village(definitions: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "village.db"
    Store.create_village(path, "350322111202", "东山村", {"常住人口": 1965, "户数": 612}).close()
    store = open_store(path)
    yield store
    store.close()


def trainings(store: Store) -> Register:
    return store.catalog.registers[KEY]


def test_the_catalog_reads_it_and_the_shipped_registers_are_untouched(definitions: Path) -> None:
    reg = catalog().register("培训登记")  # by an alias, as a roster header or a command names it
    assert reg.key == KEY and [f.name for f in reg.fields][:2] == ["姓名", "公民身份号码"]
    assert reg.field("培训方式").choice_list.values == ["集中培训", "网络培训", "外出考察"]  # type: ignore[union-attr]
    use_definitions(None)
    assert KEY not in catalog().registers


def test_it_gets_a_table_and_every_register_s_checks(village: Store) -> None:
    columns = [r[1] for r in village.conn.execute(f'PRAGMA table_info("{KEY}")')]
    assert {"uuid", "_village", "_version", *(f.name for f in trainings(village).fields)} <= set(columns)
    saved = village.add(KEY, LIN)
    assert village.get(saved.uuid).values["学时"] == 8
    # A required field, a wrong check digit and a value outside its list, in Chinese.
    _values, issues = village.validate(KEY, {**LIN, "姓名": "", "公民身份号码": "350322197503010022",
                                             "培训方式": "自学"})
    messages = "\n".join(i.message for i in issues if i.severity == "error")
    assert "姓名" in messages and "校验位" in messages and "培训方式" in messages
    # The same person twice is the duplicate check every register with a person field gets.
    _values, issues = village.validate(KEY, {**LIN, "培训名称": "第二期"})
    assert [i.rule for i in issues if i.rule == "R-DUP"] == ["R-DUP"]
    assert village.count(KEY) == 1


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_it_gets_a_record_form_that_saves(qtbot, village: Store) -> None:
    from PySide6.QtCore import Qt

    from desktop.ui.registers.record_form import RecordForm
    from desktop.ui.registers.undo import RecordActions
    from desktop.ui.widgets.db_worker import DbWorker

    worker = DbWorker(village.path, village.user, village.today)  # the window's writer thread
    actions = RecordActions(village, worker)
    form = RecordForm(village, trainings(village), actions)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert list(form.panel.editors) == [f.name for f in trainings(village).fields]
    form.panel.set_values(WANG)
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    worker.stop()
    record = village.get(saved.args[0])
    assert record.register.key == KEY
    assert {k: record.values[k] for k in WANG} == WANG


def test_it_gets_an_excel_template_that_imports_and_an_export(village: Store, tmp_path: Path) -> None:
    template = write_template(trainings(village), tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(template)
    ws = wb[trainings(village).short]
    # A header names its field (with the unit, if the field has one: 学时（学时）).
    headers = [str(c.value or "").split("（")[0] for c in ws[HEADER_ROW]]
    assert {*LIN} <= set(headers)
    for name, value in LIN.items():
        cell = ws.cell(FIRST_DATA_ROW, headers.index(name) + 1)
        cell.value = value if name != "培训日期" else "2026.06.12"
    wb.save(template)
    report = import_excel(village, KEY, template)
    assert report.committed, report
    (record,) = village.records(KEY)
    assert {k: record[k] for k in LIN} == LIN

    out = export_excel(village, tmp_path / "导出.xlsx", KEY).path
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "林秀英" in cells and "村务公开专题培训" in cells
    # Masked as its definition says (the export asks; masked is the default).
    assert LIN["公民身份号码"] not in cells and any(c.startswith("3503") and "*" in c for c in cells)


def test_it_travels_in_a_package_and_gets_a_book_section(definitions: Path, tmp_path: Path) -> None:
    world = make_world(tmp_path / "world", None)
    with world.open(world.village) as village:
        lin = village.add(KEY, LIN).uuid
        village.add(KEY, WANG)
    assert world.export() is not None
    assert world.import_().ok
    with open_store(world.township) as township:
        arrived = {r["uuid"]: r for r in township.records(KEY)}
        assert lin in arrived and arrived[lin]["培训名称"] == LIN["培训名称"]
        assert len(arrived) == 2
        township.today = TODAY
        book = build_book(township, register=KEY, village=arrived[lin]["_village"])
    (section,) = list(book.sections())
    assert section.title.startswith("村干部培训登记")
    assert [c.title for c in section.table.columns][1:3] == ["姓名", "公民身份号码"]
    text = book.text()
    assert "林秀英" in text and "乡村振兴政策解读" in text
    assert "12.5" in "".join(section.table.total or ())  # 学时 adds up as print_totals says


# A dependency is a definition too: 两委 members keep the total of their training hours because
# committee_members.toml says so (``sums``), and the one writer keeps it on every kind of write.
ATTENDED_BY = """
[[fields]]
name = "学员"
type = "ref"
ref = "committee_members"
"""

TRAINING_TOTAL = """
[[fields]]
name = "培训学时合计"
type = "computed"
result = "decimal"
unit = "学时"
sums = { register = "cadre_trainings", field = "学时", by = "学员" }
"""


@pytest.fixture
def with_total(definitions: Path) -> Path:
    with (definitions / f"{KEY}.toml").open("a", encoding="utf-8") as fh:
        fh.write(ATTENDED_BY)
    with (definitions / "committee_members.toml").open("a", encoding="utf-8") as fh:
        fh.write(TRAINING_TOTAL)
    use_definitions(definitions)  # read again
    return definitions


def total(store: Store, member: str) -> float:
    return store.get(member).values["培训学时合计"]


def test_a_total_declared_in_a_definition_is_kept_by_the_writer(with_total: Path, tmp_path: Path) -> None:
    from support import person

    edges = [(d.source, d.target, d.field) for d in catalog().dependents(KEY)]
    assert edges == [(KEY, "committee_members", "培训学时合计")]
    world = make_world(tmp_path / "world", None)
    with world.open(world.village) as village:
        member = village.records("committee_members")[0]["uuid"]
        other = village.add("committee_members", person(姓名="郑丽", 公民身份号码="350322198001010026")).uuid
        first = village.add(KEY, {**LIN, "学员": member}).uuid
        assert total(village, member) == 8
        village.add_many(KEY, [{**WANG, "学员": member}, {**WANG, "姓名": "郑丽", "学员": other,
                                                          "公民身份号码": "350322198001010026"}])
        assert (total(village, member), total(village, other)) == (12.5, 4.5)
        village.edit(first, {"学员": other})  # moved: the first member loses the hours
        assert (total(village, member), total(village, other)) == (4.5, 12.5)
        village.delete(first, "录错了")
        assert (total(village, member), total(village, other)) == (4.5, 4.5)
    assert world.export() is not None
    assert world.import_().ok
    with open_store(world.township) as township:
        assert (total(township, member), total(township, other)) == (4.5, 4.5)


def test_a_loop_or_an_unknown_source_is_refused_when_the_definitions_are_read(tmp_path: Path) -> None:
    from forms.model import load_catalog

    loop = tmp_path / "loop"
    shutil.copytree(DEFINITIONS, loop)
    # 监委会's 纪检委员 field reads 两委; a 两委 field reading 监委会 would refresh for ever.
    with (loop / "committee_members.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[fields]]\nname = "兼监委会"\ntype = "computed"\nresult = "bool"\n'
                 'compute = "is_discipline_member"\ndepends_on = ["supervisory_committee"]\n')
    with pytest.raises(ValueError, match="loop"):
        load_catalog(loop)
    unknown = tmp_path / "unknown"
    shutil.copytree(DEFINITIONS, unknown)
    with (unknown / "volunteers.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[fields]]\nname = "培训合计"\ntype = "computed"\nresult = "decimal"\n'
                 'sums = { register = "trainings", field = "学时", by = "志愿者" }\n')
    with pytest.raises(ValueError, match="unknown register trainings"):
        load_catalog(unknown)


def test_what_a_write_changes_follows_the_declared_dependencies() -> None:
    cat = catalog()
    assert cat.changed_by("volunteer_services") == {"volunteer_services", "volunteers"}
    assert cat.changed_by("committee_members") == {"committee_members", "supervisory_committee"}
    assert cat.changed_by("volunteers") == {"volunteers"}
