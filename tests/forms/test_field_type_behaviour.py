"""What each field type decides, tested without widgets, files or a database: the canonical
form a package must carry, how a spreadsheet cell is read and written, and masking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms.model import catalog
from forms.roster.values import parse_cell
from forms.roster.write import cell_value
from forms.types import MASKS, TYPES, type_named
from sync.reports.book import cell_text


def field(register: str, name: str):
    return catalog().registers[register].field(name)


# What people type, per type, and a field that gives it its choice list or limits.
TYPED: dict[str, tuple[Any, list[Any]]] = {
    "text": (None, ["张三", " 王　伟 ", 12]),
    "longtext": (None, ["第一条\r\n第二条"]),
    "idnumber": (None, ["11010519491231002x", "110105194912310021"]),
    "document": (None, ["ａｂ123456"]),
    "uscc": (None, ["91350100m000100y43"]),
    "division": (None, ["350322111202"]),
    "phone": (None, ["138 1234 5678", "(0594)1234567"]),
    "date": (None, ["1975年3月1日", dt.date(2000, 2, 29), 27454, "1975.03"]),
    "yearmonth": (None, ["1968.03", "1968年3月12日", 1968.03, dt.date(1968, 3, 12)]),
    "time": (None, ["8:30", 0.5, "14时"]),
    "int": (None, ["1,200人", 12.0]),
    "decimal": (None, ["2.5小时", 3]),
    "bool": (None, ["是", "×", 0]),
    "choice": (("committee_members", "文化程度"), ["大专", "幼儿园"]),
    "multi": (("volunteers", "服务技能"), ["农技，医疗护理", "唱歌"]),
    "ref": (None, ["0123456789ABCDEF0123456789abcdef"]),
}


def test_every_type_is_covered_here() -> None:
    assert set(TYPED) == set(TYPES)


@pytest.mark.parametrize("name", sorted(TYPED))
def test_what_a_type_makes_of_input_the_package_reader_takes_as_canonical(name: str) -> None:
    # The reader of a package asks the type (``is_canonical``); whatever the type makes of
    # what people type, and reads back from SQL, must pass, or a village's own records
    # would be refused at the township.
    where, samples = TYPED[name]
    fld = field(*where) if where else None
    kind = type_named(name)
    for raw in samples:
        value = kind.normalise(raw, fld)
        assert value is not None and kind.is_canonical(value), (name, raw, value)
        assert kind.is_canonical(kind.from_sql(kind.to_sql(value))), (name, raw, value)


NOT_CANONICAL: dict[str, list[Any]] = {
    "text": [12, ["a"], "x" * 100_001, True],
    "date": ["1975/03/01", "1975-3-1", "1975-02-30", "1975-03", 27454, dt.date(1975, 3, 1)],
    "yearmonth": ["1975.03", "1975-13", "1975-3", "1975-02-30"],
    "time": ["8:30", "25:00", "08:60", 0.5],
    "int": [True, 1.0, "1", 2**53],
    "decimal": [True, "2.5", float("nan"), float("inf")],
    "bool": [1, "是", 0.0],
    "multi": ["农技", [1], ["x" * 201], ["a"] * 101],
    "ref": ["0123456789ABCDEF0123456789ABCDEF", "01234567-89ab-cdef-0123-456789abcdef", 5],
}


@pytest.mark.parametrize("name", sorted(NOT_CANONICAL))
def test_the_package_reader_refuses_what_is_not_a_canonical_value(name: str) -> None:
    kind = type_named(name)
    for value in NOT_CANONICAL[name]:
        assert not kind.is_canonical(value), (name, value)


@pytest.mark.parametrize(("name", "raw", "value", "note"), [
    ("idnumber", 350322197503010021, "350322197503010021", None),  # typed into a General cell
    ("phone", 13812345678.0, "13812345678", None),
    ("text", 2, "2", None),  # 第2组 as a number
    ("text", "—", None, None),  # does not apply
    ("text", "无", "无", None),  # free text may say 无
    ("idnumber", "无", None, None),
    ("date", 1975.03, "1975.03", None),
    ("yearmonth", 1979.1, "1979.1", "“1979.1”按1979年1月理解；若指10月，请在 Excel 中把单元格设为文本并写成 1979.10"),
    ("date", 19750301, "19750301", None),
    ("time", 0.5, 0.5, None),  # Excel's fraction of a day
    ("int", 12.0, 12.0, None),
    ("bool", 1, 1, None),
    ("text", dt.datetime(1975, 3, 1), "1975-03-01", None),  # a date typed into a text column
    ("idnumber", dt.datetime(1975, 3, 1), dt.datetime(1975, 3, 1), None),
])
def test_how_a_type_reads_a_spreadsheet_cell(name: str, raw: Any, value: Any, note: str | None) -> None:
    assert type_named(name).cell_input(raw) == (value, note)


def test_a_padded_name_and_a_choice_that_is_a_placeholder() -> None:
    name = field("committee_members", "姓名")
    assert name.type.cell_input("王　伟", name) == ("王伟", None)
    # — means 无 in 村委会职务 (an alias of the list): kept; in 民族 不详 means nothing written.
    post = field("committee_members", "村委会职务")
    assert post.type.cell_input("—", post) == ("—", None) and post.parse("—") == "无"
    ethnic = field("committee_members", "民族")
    assert ethnic.type.cell_input("不详", ethnic) == (None, None)


@pytest.mark.parametrize(("name", "value", "cell"), [
    ("date", "1975-03-01", dt.date(1975, 3, 1)),
    ("date", "1899-12-01", "1899-12-01"),  # Excel has no dates before 1900: text that reads back
    ("yearmonth", "1968-03", "1968.03"),
    ("bool", True, "是"),
    ("int", 12, 12),
    ("decimal", 2.5, 2.5),
    ("multi", ["医疗护理", "农技"], "医疗护理、农技"),
    ("time", "08:30", "08:30"),
    ("idnumber", "350322197503010021", "350322197503010021"),
])
def test_what_a_type_writes_into_a_spreadsheet_cell(name: str, value: Any, cell: Any) -> None:
    assert type_named(name).cell_value(value) == cell


def test_a_roster_cell_read_back_is_the_value_written() -> None:
    reg = catalog().registers["committee_members"]
    values = {"姓名": "王伟", "公民身份号码": "11010519491231002X", "出生年月": "1949-12", "任职时间": "2021-03-18",
              "兼任职务": ["妇联主席", "民兵连长"], "联系电话": "0594-1234567", "民族": "汉族"}
    for name, value in values.items():
        fld = reg.field(name)
        assert parse_cell(fld, cell_value(fld, value, full_ids=True)).value == value, name


MASKED_FIELDS = [(reg.key, f.name) for reg in catalog().ordered(include_profile=True) for f in reg.fields if f.mask]


def test_fields_that_hold_personal_numbers_declare_a_known_mask() -> None:
    assert ("committee_members", "公民身份号码") in MASKED_FIELDS and ("volunteers", "联系电话") in MASKED_FIELDS
    assert {field(*where).mask for where in MASKED_FIELDS} == set(MASKS)


@pytest.mark.parametrize("where", MASKED_FIELDS)
def test_the_book_and_excel_exports_mask_through_the_field(where: tuple[str, str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fld = field(*where)
    value = "13812345678" if fld.mask == "phone" else "350322197503010021"
    expected = {"phone": "138****5678", "id": "3503**********0021"}[fld.mask]
    assert fld.shown(value) == fld.masked(value) == expected
    assert cell_text(fld, value, full_ids=False) == cell_value(fld, value) == expected
    assert cell_text(fld, value, full_ids=True) == cell_value(fld, value, full_ids=True) == value
    # One masking function: change what a mask does and every place follows.
    monkeypatch.setitem(MASKS, fld.mask, lambda text: "已隐藏")
    assert cell_text(fld, value, full_ids=False) == cell_value(fld, value) == fld.shown(value) == "已隐藏"


def test_a_field_without_a_mask_is_shown_as_it_is() -> None:
    name = field("committee_members", "姓名")
    assert name.masked("张三") == name.shown("张三") == "张三"
    born = field("committee_members", "出生年月")
    assert born.masked("1968-03") == "1968-03" and born.shown("1968-03") == "1968.03"
