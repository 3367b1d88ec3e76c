"""Pagination of the register book, measured with simple arithmetic (no Qt needed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.printing.layout import (
    LANDSCAPE,
    PORTRAIT,
    BookLayout,
    Style,
    TextBox,
    chinese_number,
    layout_book,
)
from desktop.printing.linebreak import tokens, wrap
from sync.reports.book import Appendix, Book, Column, Cover, Part, Section, Table


class Arithmetic:
    """A CJK character is one em wide, anything ASCII half an em."""

    def char_width(self, ch: str, style: Style) -> float:
        return style.size * (0.5 if ch.isascii() else 1.0)

    def line_height(self, style: Style) -> float:
        return style.size * 1.3

    def ascent(self, style: Style) -> float:
        return style.size


def make_section(key: str, rows: int, columns: int = 4, tall: dict[int, int] | None = None,
                 appendix: str = "") -> Section:
    cols = (Column("序号", "center", True), *(Column(f"第{c}列") for c in range(1, columns)))
    body = []
    for r in range(1, rows + 1):
        lines = (tall or {}).get(r, 1)
        body.append((str(r), *("\n".join(f"r{r}c{c}l{n}" for n in range(lines)) for c in range(1, columns))))
    apps = (Appendix("附：正文", appendix),) if appendix else ()
    total = ("合计", f"{rows}人", *([""] * (columns - 2)))
    return Section(key, f"登记簿{key}", "东山村村民委员会", "人", Table(cols, tuple(body), total),
                   ("共 3 人", "女性 1/3 (33.3%)"), ("填表人", "审核人", "村党组织书记", "日期"), apps)


def make_book(*sections: Section, parts: int = 1) -> Book:
    cover = Cover("东山村村务台账", "测试", (("村（社区）名称", "东山村"), ("填报人", "")))
    if parts == 1:
        built = (Part("", "350322111202", sections),)
    else:
        built = tuple(Part(f"村{i}（35032211120{i}）", f"35032211120{i}", sections) for i in range(parts))
    return Book("东山村村务台账", cover, built, dt.date(2026, 11, 21), False, parts > 1)


def texts_by_page(laid) -> list[list[str]]:
    return [page.texts() for page in laid.pages]


def test_long_table_repeats_its_header_and_never_splits_a_row() -> None:
    tall = {r: 6 for r in range(5, 200, 17)}  # some rows six lines high
    laid = layout_book(make_book(make_section("a", 200, tall=tall)), Arithmetic())
    section_pages = [p for p in laid.pages if p.kind == "section"]
    assert len(section_pages) > 3
    for page in section_pages:
        texts = page.texts()
        assert {"序号", "第1列", "第2列", "第3列"} <= set(texts)
    seen: dict[int, int] = {}
    for number, page in enumerate(laid.pages):
        for text in page.texts():
            m = re.fullmatch(r"r(\d+)c\d+l\d+", text)
            if m:
                row = int(m.group(1))
                assert seen.setdefault(row, number) == number, f"row {row} split across pages"
    assert sorted(seen) == list(range(1, 201))
    for page in laid.pages:
        bottom = page.geometry.bottom_y
        for item in page.items:
            if isinstance(item, TextBox) and item.style.size > 8.5 and item.y < bottom:
                assert item.y + item.line_height * len(item.lines) <= bottom + 0.01


def test_total_row_stays_with_the_last_row_and_summary_with_signatures() -> None:
    for rows in range(20, 40):
        laid = layout_book(make_book(make_section("a", rows)), Arithmetic())
        pages = texts_by_page(laid)
        last_row = max(i for i, t in enumerate(pages) if f"r{rows}c1l0" in t)
        total = next(i for i, t in enumerate(pages) if "合计" in t)
        assert total == last_row
        summary = next(i for i, t in enumerate(pages) if any(s.startswith("小结：") for s in t))
        signatures = next(i for i, t in enumerate(pages) if "填表人：" in t)
        assert summary == signatures >= total


def test_toc_page_numbers_are_the_pages_where_sections_start() -> None:
    book = make_book(make_section("a", 70), make_section("b", 3, appendix="第一章 总则\n第一条 甲。\n" * 80),
                     make_section("c", 0))
    laid = layout_book(book, Arithmetic())
    assert laid.passes == 2
    toc_page = laid.pages[1]
    assert toc_page.kind == "toc"
    listed = toc_page.texts()
    for entry in laid.toc:
        assert entry.title in listed
        assert str(entry.page) in listed
        page = laid.pages[entry.page - 1]
        assert entry.title in page.texts()
        previous = laid.pages[entry.page - 2]
        assert entry.title not in previous.texts() or previous.kind == "toc"
    assert [e.title for e in laid.toc] == ["一、登记簿a", "二、登记簿b", "附：正文", "三、登记簿c"]
    assert "（无记录）" in laid.pages[laid.toc[-1].page - 1].texts()


def test_every_page_has_its_number_out_of_the_total() -> None:
    laid = layout_book(make_book(make_section("a", 90)), Arithmetic())
    total = len(laid.pages)
    for number, texts in enumerate(texts_by_page(laid), start=1):
        assert f"第 {number} 页 共 {total} 页" in texts
        assert "身份证号、联系电话已隐藏" in texts


def test_township_book_numbers_villages_and_their_registers() -> None:
    laid = layout_book(make_book(make_section("a", 2), make_section("b", 2), parts=2), Arithmetic())
    titles = [(e.title, e.level) for e in laid.toc]
    assert titles == [("一、村0（350322111200）", 0), ("（一）登记簿a", 1), ("（二）登记簿b", 1),
                      ("二、村1（350322111201）", 0), ("（一）登记簿a", 1), ("（二）登记簿b", 1)]
    first = laid.pages[laid.toc[0].page - 1].texts()
    assert "一、村0（350322111200）" in first and "（一）登记簿a" in first


def test_wide_tables_turn_landscape_and_fit_the_page() -> None:
    layout = BookLayout(make_book(), Arithmetic())
    narrow = layout._plan_table(make_section("a", 5, columns=3).table)
    assert narrow.geometry == PORTRAIT
    wide = layout._plan_table(make_section("a", 5, columns=16).table)
    assert wide.geometry == LANDSCAPE
    for plan in (narrow, wide):
        g = plan.geometry
        assert plan.xs[0] == pytest.approx(g.left)
        assert plan.xs[-1] == pytest.approx(g.left + g.content_width)
        assert all(b > a for a, b in zip(plan.xs, plan.xs[1:], strict=False))


def test_binding_margin_is_the_widest() -> None:
    assert PORTRAIT.left > max(PORTRAIT.right, PORTRAIT.top, PORTRAIT.bottom)
    assert LANDSCAPE.left > LANDSCAPE.right and LANDSCAPE.top > LANDSCAPE.bottom


def test_a_cell_taller_than_a_page_is_cut_not_split() -> None:
    laid = layout_book(make_book(make_section("a", 3, tall={2: 400})), Arithmetic())
    pages = texts_by_page(laid)
    holding = [i for i, t in enumerate(pages) if any(s.startswith("r2c1") for s in t)]
    assert len(holding) == 1
    assert any(s.endswith("…") for s in pages[holding[0]])


def test_header_words_stay_whole() -> None:
    layout = BookLayout(make_book(), Arithmetic())
    style = Style(9, True)
    assert layout.header_lines("草案形成日期", 45, style) == ["草案形成", "日期"]
    assert layout.header_lines("应到人数", 20, style) == ["应到", "人数"]
    assert layout.header_lines("姓名", 45, style) == ["姓名"]


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 7, 10, 11, 20, 23, 99)] == [
        "一", "七", "十", "十一", "二十", "二十三", "九十九"]


def unit_width(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def test_line_breaking_keeps_punctuation_and_codes() -> None:
    assert wrap("医疗护理、法律咨询", 4, unit_width) == ["医疗护", "理、法律", "咨询"]
    assert wrap("东山村（2023年修订）", 4, unit_width)[1].startswith("（")
    assert wrap("编号 350322198404228097 止", 10, unit_width) == ["编号", "350322198404228097", "止"]
    assert wrap("甲\n\n乙", 4, unit_width) == ["甲", "", "乙"]
    assert tokens("abc，def") == ["abc，", "def"]


@given(st.text(alphabet="东山村民委员会（）、，。 abc0123456789-\n", max_size=80),
       st.floats(min_value=1.0, max_value=20.0))
def test_wrapped_lines_fit_and_lose_nothing(text: str, width: float) -> None:
    lines = wrap(text, width, unit_width)
    for line in lines:
        assert sum(unit_width(c) for c in line) <= width or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_signature_lines_leave_room_to_sign() -> None:
    def label_rows(laid) -> dict[str, float]:
        page = next(p for p in laid.pages if any(t == "填表人：" for t in p.texts()))
        return {item.lines[0]: item.y for item in page.items
                if isinstance(item, TextBox) and item.lines and item.lines[0].endswith("：")}

    narrow = label_rows(layout_book(make_book(make_section("a", 2, columns=3)), Arithmetic()))
    assert narrow["审核人："] == narrow["填表人："] < narrow["村党组织书记："]  # two rows on portrait
    wide = label_rows(layout_book(make_book(make_section("a", 2, columns=16)), Arithmetic()))
    assert wide["填表人："] == wide["审核人："] == wide["村党组织书记："]  # one row on landscape


def test_continued_pages_of_a_township_book_name_the_village() -> None:
    laid = layout_book(make_book(make_section("a", 90), parts=2), Arithmetic())
    continued = [t for page in laid.pages for t in page.texts() if t.endswith("（续表）")]
    assert "村0（350322111200）·登记簿a（续表）" in continued
    assert "村1（350322111201）·登记簿a（续表）" in continued
    assert all("·" in t for t in continued)
    one_village = layout_book(make_book(make_section("a", 90)), Arithmetic())
    assert "登记簿a（续表）" in [t for page in one_village.pages for t in page.texts()]
