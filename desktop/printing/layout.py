"""Pagination of the register book: pure Python, text measured through a :class:`Measurer`.

Units are points (1/72 inch) with the origin at the paper's top-left corner. The result is
a list of pages, each a list of drawing items (lines of text at known positions, rules,
fills) that a painter draws without deciding anything, so the PDF, the print preview and
the tests all see the same pages. Qt is not imported here: the Qt measurer lives in
``desktop/printing/qt_paint.py``, and tests may measure with simple arithmetic.

Rules the layout keeps: every register starts on a new page; the table's header row is
repeated on every page; a row never splits across pages (long cells wrap inside the row);
the 合计 row stays with the last data row; the summary and the signature lines stay
together; 目录 page numbers are those of the finished book (laid out twice).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from desktop.printing.linebreak import wrap
from sync.reports.book import Appendix, Book, Section, Table, date_zh

MM = 72 / 25.4


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool = False


TITLE = Style(26, True)
SUBTITLE = Style(11)
COVER = Style(14)
PART = Style(17, True)
HEADING = Style(16, True)
TOC_LEVEL0 = Style(12, True)
TOC_LEVEL1 = Style(11)
BODY = Style(11)
CHAPTER = Style(11, True)
NOTE = Style(9.5)
FOOTER = Style(8)
PAGE_NUMBER = Style(9)
TABLE_SIZES = (9.0, 8.0, 7.5, 7.0)


class Measurer(Protocol):
    def char_width(self, ch: str, style: Style) -> float: ...
    def line_height(self, style: Style) -> float: ...
    def ascent(self, style: Style) -> float: ...


@dataclass(frozen=True)
class Geometry:
    """A4 with its margins. The binding gutter is on the left of portrait pages; landscape
    pages keep it on the left too and add one at the top, which is the edge that meets the
    spine when a landscape sheet is bound into a portrait binder."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def bottom_y(self) -> float:
        return self.height - self.bottom


PORTRAIT = Geometry(595.28, 841.89, 25 * MM, 15 * MM, 15 * MM, 17 * MM)
LANDSCAPE = Geometry(841.89, 595.28, 25 * MM, 20 * MM, 12 * MM, 17 * MM)


@dataclass(frozen=True)
class TextBox:
    """Lines of text, the first line's box starting at ``y``; aligned inside ``width``."""

    x: float
    y: float
    width: float
    lines: tuple[str, ...]
    style: Style
    align: str
    line_height: float
    ascent: float


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    dotted: bool = False


@dataclass(frozen=True)
class Fill:
    x: float
    y: float
    w: float
    h: float
    gray: float = 0.9


Item = TextBox | Rule | Fill


@dataclass
class Page:
    geometry: Geometry
    kind: str  # cover | toc | section | appendix
    title: str
    items: list[Item] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [line for item in self.items if isinstance(item, TextBox) for line in item.lines]


@dataclass(frozen=True)
class TocEntry:
    title: str
    level: int
    page: int  # 1-based, counting the cover


@dataclass
class LaidBook:
    pages: list[Page]
    toc: list[TocEntry]
    passes: int


# Strings the layout adds to the book's own text (for the font check).
LAYOUT_TEXT = ("目　录（续）（续表）第页共小结：注：打印日期：填报单位（盖章）截至日期单位：（无记录）"
               "____年__月__日0123456789…·内部资料注意保密")

HPAD = 2.5  # cell padding, left and right
VPAD = 2.0  # cell padding, top and bottom
_HEADER_WORDS = ("日期", "时间", "人数", "号码", "编号", "代码", "职务", "情况", "方式", "次数", "时长",
                 "姓名", "电话", "单位")
_NUMERALS = "一二三四五六七八九十"
SIGNATURE_BLANK = 25 * MM  # room to sign a name by hand
SIGNATURE_GAP = 14.0
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[章编节]")


@dataclass
class _TablePlan:
    geometry: Geometry
    style: Style
    head_style: Style
    xs: list[float]  # column left edges, then the right edge of the table
    aligns: list[str]
    head_lines: list[list[str]]
    head_h: float
    rows: list[list[list[str]]]
    row_h: list[float]
    total: list[list[str]] | None
    total_h: float


@dataclass(frozen=True)
class _Unit:
    title: str
    level: int
    kind: str  # part | section | appendix
    section: Section | None = None
    appendix: Appendix | None = None
    heading: str = ""
    part: str = ""  # the village a section of a township's book belongs to


class BookLayout:
    def __init__(self, book: Book, measurer: Measurer) -> None:
        self.book = book
        self.m = measurer
        self._widths: dict[Style, dict[str, float]] = {}
        # Tables repeat values (dates, choices) and the 目录 needs a second pass: measure once.
        self._text_widths: dict[Style, dict[str, float]] = {}
        self._wrapped: dict[tuple[str, float, Style], list[str]] = {}
        self._plans: dict[int, _TablePlan] = {}

    # ------------------------------------------------------------ measuring
    def char_width(self, style: Style) -> Callable[[str], float]:
        cache = self._widths.setdefault(style, {})
        measure = self.m.char_width

        def width(ch: str) -> float:
            w = cache.get(ch)
            if w is None:
                w = cache[ch] = measure(ch, style)
            return w

        return width

    def text_width(self, text: str, style: Style) -> float:
        cache = self._text_widths.setdefault(style, {})
        w = cache.get(text)
        if w is None:
            w = cache[text] = sum(map(self.char_width(style), text))
        return w

    def lh(self, style: Style) -> float:
        return self.m.line_height(style)

    def wrap(self, text: str, width: float, style: Style) -> list[str]:
        key = (text, width, style)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = wrap(text, max(width, 1.0), self.char_width(style))
        return list(lines)

    def header_lines(self, title: str, width: float, style: Style) -> list[str]:
        """A column title wrapped so that a closing word (日期, 人数 …) is not torn apart."""
        lines = self.wrap(title, width, style)
        if len(lines) > 1:
            word = next((w for w in _HEADER_WORDS if title.endswith(w) and len(title) > len(w)), "")
            if word and lines[-1] != word and self.text_width(word, style) <= width:
                first = self.wrap(title[: -len(word)], width, style)
                if len(first) < len(lines):
                    return [*first, word]
        return lines

    def text(self, page: Page, x: float, y: float, width: float, text: str, style: Style,
             align: str = "left") -> float:
        """Wrap ``text`` into ``width`` at ``y``; returns the height used."""
        lines = self.wrap(text, width, style)
        lh = self.lh(style)
        page.items.append(TextBox(x, y, width, tuple(lines), style, align, lh, self.m.ascent(style)))
        return lh * len(lines)

    # ------------------------------------------------------------ the book
    def layout(self) -> LaidBook:
        """Lay the book out until the 目录's page numbers are those of the pages (two passes)."""
        numbers: list[int] | None = None
        for passes in range(1, 5):
            pages, entries = self._paginate(numbers)
            found = [e.page for e in entries]
            if found == numbers:
                return LaidBook(pages, entries, passes)
            numbers = found
        raise RuntimeError("目录页码无法确定")

    def _units(self) -> list[_Unit]:
        """What the 目录 lists, in book order: numbered 一、二、… and, inside a village, （一）…"""
        units: list[_Unit] = []
        top = 0
        for sec in self.book.front:
            top += 1
            units.append(_Unit(f"{chinese_number(top)}、{sec.title}", 0, "section", sec))
        for part in self.book.parts:
            level = 0
            if part.title:
                top += 1
                units.append(_Unit(f"{chinese_number(top)}、{part.title}", 0, "part"))
                level = 1
            for idx, sec in enumerate(part.sections):
                if level:
                    title = f"（{chinese_number(idx + 1)}）{sec.title}"
                else:
                    top += 1
                    title = f"{chinese_number(top)}、{sec.title}"
                heading = units[-1].title if level and idx == 0 else ""
                units.append(_Unit(title, level, "section", sec, heading=heading, part=part.title))
                for app in sec.appendices:
                    units.append(_Unit(app.title, level + 1, "appendix", appendix=app))
        return units

    def _paginate(self, numbers: list[int] | None) -> tuple[list[Page], list[TocEntry]]:
        pages: list[Page] = []
        units = self._units()
        self._cover(pages)
        self._toc(pages, units, numbers)
        entries = []
        for unit in units:
            entries.append(TocEntry(unit.title, unit.level, len(pages) + 1))
            if unit.kind == "section" and unit.section is not None:
                self._section(pages, unit.section, unit.title, unit.heading, unit.part)
            elif unit.kind == "appendix" and unit.appendix is not None:
                self._appendix(pages, unit.appendix)
        self._footers(pages)
        return pages, entries

    def _new_page(self, pages: list[Page], geometry: Geometry, kind: str, title: str) -> Page:
        page = Page(geometry, kind, title)
        pages.append(page)
        return page

    # ------------------------------------------------------------ cover
    def _cover(self, pages: list[Page]) -> None:
        g = PORTRAIT
        page = self._new_page(pages, g, "cover", self.book.cover.title)
        x, w = g.left, g.content_width
        if self.book.full_ids:
            self.text(page, x, g.top + 10, w, "内部资料　注意保密", HEADING, "right")
        y = g.height * 0.22
        y += self.text(page, x, y, w, self.book.cover.title, TITLE, "center") + 14
        self.text(page, x + 30, y, w - 60, f"（{self.book.cover.subtitle}）", SUBTITLE, "center")
        labels = [label for label, _ in self.book.cover.lines]
        label_w = max(self.text_width(f"{lab}：", COVER) for lab in labels)
        block_w = min(w, label_w + 75 * MM)
        bx = x + (w - block_w) / 2
        y = g.height * 0.50
        step = 13 * MM
        for label, value in self.book.cover.lines:
            self.text(page, bx, y, label_w, f"{label}：", COVER, "right")
            self.text(page, bx + label_w, y, block_w - label_w, value, COVER, "center")
            base = y + self.lh(COVER) + 2
            page.items.append(Rule(bx + label_w, base, bx + block_w, base, 0.6))
            y += step

    # ------------------------------------------------------------ 目录
    def _toc(self, pages: list[Page], units: list[_Unit], numbers: list[int] | None) -> None:
        g = PORTRAIT
        page = self._new_page(pages, g, "toc", "目录")
        y = g.top + self.text(page, g.left, g.top + 10, g.content_width, "目　　录", HEADING, "center") + 30
        number_w = self.text_width("0000", TOC_LEVEL1)
        for idx, unit in enumerate(units):
            style = TOC_LEVEL0 if unit.level == 0 else TOC_LEVEL1
            indent = unit.level * 2 * self.text_width("中", TOC_LEVEL1)
            title_w = g.content_width - indent - number_w - 24
            lines = self.wrap(unit.title, title_w, style)
            height = self.lh(style) * len(lines) + 9
            if y + height > g.bottom_y:
                page = self._new_page(pages, g, "toc", "目录（续）")
                y = g.top + self.text(page, g.left, g.top, g.content_width, "目录（续）", NOTE) + 12
            x = g.left + indent
            self.text(page, x, y, title_w, unit.title, style)
            number = str(numbers[idx]) if numbers else "0"
            right = g.left + g.content_width
            last_y = y + self.lh(style) * (len(lines) - 1)
            self.text(page, right - number_w, last_y, number_w, number, style, "right")
            base = last_y + self.m.ascent(style)
            start = x + self.text_width(lines[-1], style) + 6
            end = right - self.text_width(number, style) - 6
            if end > start:
                page.items.append(Rule(start, base, end, base, 0.8, dotted=True))
            y += height

    # ------------------------------------------------------------ a register
    def _plan_table(self, table: Table) -> _TablePlan:
        options = [(PORTRAIT, TABLE_SIZES[0])] + [(LANDSCAPE, size) for size in TABLE_SIZES]
        tried = []
        for geometry, size in options:
            style, head = Style(size), Style(size, True)
            quality, widths = self._column_widths(table, style, head, geometry.content_width)
            if quality <= 2:
                return self._fill_plan(table, geometry, style, head, widths)
            tried.append((quality, geometry, style, head, widths))
        for quality, geometry, style, head, widths in tried:
            if quality == 3 and geometry.landscape:
                return self._fill_plan(table, geometry, style, head, widths)
        _, geometry, style, head, widths = tried[-1]
        return self._fill_plan(table, geometry, style, head, widths)

    def _column_widths(self, table: Table, style: Style, head: Style,
                       avail: float) -> tuple[int, list[float]]:
        """Widths that fit ``avail``, and how well: 1 nothing wraps, 2 only headers wrap,
        3 long cells wrap, 4 does not fit even then (everything squeezed)."""
        em = self.text_width("中", style)
        head_em = self.text_width("中", head)
        pad = 2 * HPAD
        want, natural, least = [], [], []
        for ci, col in enumerate(table.columns):
            cells = [row[ci] for row in table.rows]
            if table.total:
                cells.append(table.total[ci])
            widest = max((self.text_width(line, style) for c in cells for line in c.split("\n")), default=0.0)
            head_w = self.text_width(col.title, head)
            # Short headers stay on one line (反对, 弃权); longer ones take two or three.
            n = len(col.title)
            head_min = head_w if n <= 2 else head_em * math.ceil(n / (2 if n <= 6 else 3))
            if col.nowrap:
                # Codes and numbers break only at a space ("4 / 13" above "(30.8%)").
                cell_min = max((self.text_width(piece, style) for c in cells for piece in c.split()),
                               default=0.0)
            else:
                widest = min(widest, 30 * em)
                cell_min = min(widest, max(4 * em, widest / 3))
            natural.append(max(widest, head_min, em) + pad)
            want.append(max(widest, head_w, em) + pad)
            least.append(max(cell_min, head_min, em) + pad)
        if sum(want) <= avail:
            return 1, _spread(want, want, avail)
        if sum(natural) <= avail:
            extra = [w - n for w, n in zip(want, natural, strict=True)]
            return 2, _spread(natural, extra, avail)
        if sum(least) <= avail:
            extra = [n - lo for n, lo in zip(natural, least, strict=True)]
            return 3, _spread(least, extra, avail)
        scale = avail / sum(least)
        return 4, [w * scale for w in least]

    def _fill_plan(self, table: Table, geometry: Geometry, style: Style, head: Style,
                   widths: list[float]) -> _TablePlan:
        xs = [geometry.left]
        for w in widths:
            xs.append(xs[-1] + w)
        inner = [w - 2 * HPAD for w in widths]
        head_lines = [self.header_lines(c.title, inner[i], head) for i, c in enumerate(table.columns)]
        head_h = max(len(lines) for lines in head_lines) * self.lh(head) + 2 * VPAD
        lh = self.lh(style)
        # The tallest row a page can hold: below a continuation line and the header row.
        room = geometry.bottom_y - geometry.top - self.lh(NOTE) - 4 - head_h
        max_lines = max(1, int((room - 2 * VPAD) // lh))
        rows, heights = [], []
        for row in table.rows:
            cells = [_clip(self.wrap(text, inner[i], style), max_lines) for i, text in enumerate(row)]
            rows.append(cells)
            heights.append(max(len(c) for c in cells) * lh + 2 * VPAD)
        total = None
        total_h = 0.0
        if table.total:
            total = [self.wrap(text, inner[i], head) for i, text in enumerate(table.total)]
            total_h = max(len(c) for c in total) * self.lh(head) + 2 * VPAD
        aligns = [c.align for c in table.columns]
        return _TablePlan(geometry, style, head, xs, aligns, head_lines, head_h, rows, heights, total,
                          total_h)

    def _section(self, pages: list[Page], sec: Section, title: str, heading: str, part: str = "") -> None:
        plan = self._plans.get(id(sec.table))
        if plan is None:
            plan = self._plans[id(sec.table)] = self._plan_table(sec.table)
        g = plan.geometry
        page = self._new_page(pages, g, "section", sec.title)
        x, w = g.left, g.content_width
        y = g.top
        if heading:
            y += self.text(page, x, y, w, heading, PART, "center") + 8
        y += self.text(page, x, y, w, title, HEADING, "center") + 8
        third = w / 3
        self.text(page, x, y, third * 1.3, f"填报单位（盖章）：{sec.reporter}", NOTE)
        self.text(page, x + third * 1.3, y, third * 0.9, f"截至日期：{date_zh(self.book.as_of)}", NOTE,
                  "center")
        if sec.unit:
            self.text(page, x + third * 2.2, y, third * 0.8, f"单位：{sec.unit}", NOTE, "right")
        y += self.lh(NOTE) + 5
        y = self._header_row(page, plan, y)
        last = len(plan.rows) - 1
        for i, cells in enumerate(plan.rows):
            need = plan.row_h[i] + (plan.total_h if i == last else 0)
            if y + need > g.bottom_y:
                page, y = self._continue(pages, g, self._continued(sec, part))
                y = self._header_row(page, plan, y)
            self._row(page, plan, y, cells, plan.row_h[i], plan.style)
            y += plan.row_h[i]
        if not plan.rows:
            y = self._empty_row(page, plan, y)
        if plan.total is not None:
            if y + plan.total_h > g.bottom_y:
                page, y = self._continue(pages, g, self._continued(sec, part))
                y = self._header_row(page, plan, y)
            self._row(page, plan, y, plan.total, plan.total_h, plan.head_style)
            y += plan.total_h
        self._closing(pages, page, g, y + 8, sec)

    @staticmethod
    def _continued(sec: Section, part: str) -> str:
        # A township's book holds a 志愿者 table for every village: a continued page names its
        # village, so a page taken out of the binder still says whose it is.
        return f"{part}·{sec.title}（续表）" if part else f"{sec.title}（续表）"

    def _continue(self, pages: list[Page], g: Geometry, title: str) -> tuple[Page, float]:
        page = self._new_page(pages, g, "section", title)
        y = g.top + self.text(page, g.left, g.top, g.content_width, title, NOTE) + 4
        return page, y

    def _header_row(self, page: Page, plan: _TablePlan, y: float) -> float:
        left, right = plan.xs[0], plan.xs[-1]
        page.items.append(Fill(left, y, right - left, plan.head_h, 0.9))
        lh = self.lh(plan.head_style)
        asc = self.m.ascent(plan.head_style)
        for i, lines in enumerate(plan.head_lines):
            top = y + (plan.head_h - lh * len(lines)) / 2
            page.items.append(TextBox(plan.xs[i] + HPAD, top, plan.xs[i + 1] - plan.xs[i] - 2 * HPAD,
                                      tuple(lines), plan.head_style, "center", lh, asc))
        self._grid(page, plan, y, plan.head_h)
        return y + plan.head_h

    def _row(self, page: Page, plan: _TablePlan, y: float, cells: list[list[str]], height: float,
             style: Style) -> None:
        lh = self.lh(style)
        asc = self.m.ascent(style)
        for i, lines in enumerate(cells):
            if any(lines):
                page.items.append(TextBox(plan.xs[i] + HPAD, y + VPAD, plan.xs[i + 1] - plan.xs[i] - 2 * HPAD,
                                          tuple(lines), style, plan.aligns[i], lh, asc))
        self._grid(page, plan, y, height)

    def _empty_row(self, page: Page, plan: _TablePlan, y: float) -> float:
        height = self.lh(plan.style) + 2 * VPAD
        left, right = plan.xs[0], plan.xs[-1]
        self.text(page, left, y + VPAD, right - left, "（无记录）", plan.style, "center")
        page.items += [Rule(left, y, left, y + height), Rule(right, y, right, y + height),
                       Rule(left, y + height, right, y + height)]
        return y + height

    @staticmethod
    def _grid(page: Page, plan: _TablePlan, y: float, height: float) -> None:
        left, right = plan.xs[0], plan.xs[-1]
        page.items.append(Rule(left, y, right, y))
        page.items.append(Rule(left, y + height, right, y + height))
        page.items.extend(Rule(x, y, x, y + height) for x in plan.xs)

    def _closing(self, pages: list[Page], page: Page, g: Geometry, y: float, sec: Section) -> None:
        """The summary block and the signature lines, kept together on one page."""
        summary = ""
        if sec.summary and all(line.endswith("。") for line in sec.summary):
            summary = "注：" + "".join(sec.summary)  # notes are sentences (the township summary's)
        elif sec.summary:
            summary = "小结：" + "；".join(sec.summary)
        summary_lines = self.wrap(summary, g.content_width, NOTE) if summary else []
        sign_h = self._signatures_height(g, sec.signers)
        need = len(summary_lines) * self.lh(NOTE) + 10 + sign_h
        if y + need > g.bottom_y:
            page, y = self._continue(pages, g, f"{sec.title}（续）")
        if summary:
            y += self.text(page, g.left, y, g.content_width, summary, NOTE) + 10
        if sec.signers:
            self._signatures(page, g, y + self.lh(BODY), sec.signers)

    def _signature_rows(self, width: float, signers: tuple[str, ...]) -> list[tuple[str, ...]]:
        """One row of signature lines when each blank is long enough to sign on, else two."""
        rows = [signers]
        if len(signers) > 2 and self._blank(width, signers) < SIGNATURE_BLANK:
            half = (len(signers) + 1) // 2
            rows = [signers[:half], signers[half:]]
        return rows

    def _blank(self, width: float, signers: tuple[str, ...]) -> float:
        used = sum(self.text_width(self._signature_label(who), BODY) for who in signers)
        blanks = sum(1 for who in signers if who != "日期")
        return (width - used - SIGNATURE_GAP * (len(signers) - 1)) / max(blanks, 1)

    @staticmethod
    def _signature_label(who: str) -> str:
        return f"{who}：____年__月__日" if who == "日期" else f"{who}："

    def _signatures_height(self, g: Geometry, signers: tuple[str, ...]) -> float:
        if not signers:
            return 0.0
        return self.lh(BODY) * (1 + 1.8 * len(self._signature_rows(g.content_width, signers)))

    def _signatures(self, page: Page, g: Geometry, y: float, signers: tuple[str, ...]) -> None:
        for row in self._signature_rows(g.content_width, signers):
            blank = self._blank(g.content_width, row)
            x = g.left
            for who in row:
                label = self._signature_label(who)
                label_w = self.text_width(label, BODY)
                self.text(page, x, y, label_w + 1, label, BODY)
                x += label_w
                if who != "日期":
                    base = y + self.lh(BODY)
                    page.items.append(Rule(x + 2, base, x + blank - 2, base, 0.6))
                    x += blank
                x += SIGNATURE_GAP
            y += self.lh(BODY) * 1.8

    # ------------------------------------------------------------ appendix
    def _appendix(self, pages: list[Page], app: Appendix) -> None:
        g = PORTRAIT
        page = self._new_page(pages, g, "appendix", app.title)
        x, w = g.left, g.content_width
        y = g.top + 10
        y += self.text(page, x, y, w, app.title, HEADING, "center") + 4
        if app.note:
            y += self.text(page, x, y, w, app.note, NOTE, "center")
        y += 14
        lh = self.lh(BODY)
        for paragraph in app.text.split("\n"):
            chapter = bool(_CHAPTER.match(paragraph.strip()))
            style = CHAPTER if chapter else BODY
            lines = self.wrap(paragraph.strip(), w, style) if paragraph.strip() else [""]
            if chapter and y + lh * 3 > g.bottom_y:  # a chapter heading never ends a page
                page, y = self._continue(pages, g, f"{app.title}（续）")
            for line in lines:
                if y + lh > g.bottom_y:
                    page, y = self._continue(pages, g, f"{app.title}（续）")
                page.items.append(TextBox(x, y, w, (line,), style, "center" if chapter else "left", lh * 1.5,
                                          self.m.ascent(style)))
                y += lh * 1.5
            y += 3

    # ------------------------------------------------------------ footers
    def _footers(self, pages: list[Page]) -> None:
        total = len(pages)
        left_text = f"{self.book.title}　打印日期：{date_zh(self.book.as_of)}"
        for number, page in enumerate(pages, start=1):
            g = page.geometry
            y = g.bottom_y + 5
            page.items.append(Rule(g.left, y, g.left + g.content_width, y, 0.3))
            self.text(page, g.left, y + 3, g.content_width, f"第 {number} 页 共 {total} 页", PAGE_NUMBER,
                      "center")
            y += 3 + self.lh(PAGE_NUMBER) + 1
            half = g.content_width / 2
            self.text(page, g.left, y, half, left_text, FOOTER)
            self.text(page, g.left + half, y, half, self.book.privacy, FOOTER, "right")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 100 and above in digits."""
    if n <= 10:
        return _NUMERALS[n - 1]
    if n < 20:
        return "十" + _NUMERALS[n - 11]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _NUMERALS[tens - 1] + "十" + (_NUMERALS[ones - 1] if ones else "")
    return str(n)


def _spread(base: list[float], weights: list[float], avail: float) -> list[float]:
    """``base`` widths grown to ``avail`` in proportion to ``weights`` (or evenly)."""
    extra = avail - sum(base)
    total = sum(weights)
    if total <= 0:
        return [b + extra / len(base) for b in base]
    return [b + extra * wt / total for b, wt in zip(base, weights, strict=True)]


def _clip(lines: list[str], max_lines: int) -> list[str]:
    """A cell too tall for a whole page keeps what fits and says so: rows never split."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1][:-1] + "…"
    return kept


def layout_book(book: Book, measurer: Measurer) -> LaidBook:
    return BookLayout(book, measurer).layout()
