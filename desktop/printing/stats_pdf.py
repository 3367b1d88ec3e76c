"""The township summary as PDF pages: key figures, the four charts, the checks.

Made for two callers. ``write_summary_pdf`` saves a stand-alone A4 summary (``cunwu stats
--pdf``, the statistics window). The register book includes the same pages in its own
document: it builds a :class:`SummaryLayout` for its page rectangle, asks ``page_count``
(for its table of contents), and calls ``draw_page(painter, i)`` on each of its pages,
drawing its own header and footer around them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from desktop.printing.fonts import FontChoice, choose_font
from desktop.printing.qt_paint import ensure_gui_app
from desktop.ui.stats.charts import draw_chart
from forms.atomic_file import write_atomic
from sync.reports.stats.charts import all_charts
from sync.reports.stats.model import TEXT, Report
from sync.reports.stats.status import severity_zh

Op = Callable[[QPainter], None]
# The page footer, written in write_summary_pdf (digits are in every font).
FOOTER_TEXT = "第 页 共 页　打印日期：0123456789-"
HEAD_FILL = QColor("#DDEBF7")
RULE = QColor("#999999")
MAX_MESSAGES = 40
DPI = 300


class SummaryLayout:
    """The summary laid out on pages of a given content rectangle (device pixels).

    Without ``family`` the font is the book's choice (``desktop.printing.fonts``) for every
    character the summary prints, so the PDF's text layer gives back what is printed (not ⺠ for
    民): the summary is laid out once to learn its text, then again in the chosen font."""

    def __init__(self, report: Report, content: QRectF, dpi: int, family: str | None = None) -> None:
        self.report = report
        self.content = content
        self.dpi = dpi
        self.font_choice: FontChoice | None = None
        self._lay_out(family or QFont().family())
        if family is None:
            self.font_choice = choose_font(self.text() + FOOTER_TEXT)
            if self.font_choice.family != self.family:
                self._lay_out(self.font_choice.family)

    def _lay_out(self, family: str) -> None:
        self.family = family
        self.texts: list[str] = []
        self.pages: list[list[Op]] = [[]]
        self._y = self.content.top()
        self._column = 0
        self._columns = 1
        self._build()

    def text(self) -> str:
        """Every text the pages print (for the font check)."""
        return "\n".join(self.texts)

    # ---------------------------------------------------------------- units
    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(1, round(points * self.dpi / 72)))
        font.setBold(bold)
        return font

    # ----------------------------------------------------------------- flow
    def _col_rect(self) -> tuple[float, float]:
        gap = self.mm(6)
        width = (self.content.width() - gap * (self._columns - 1)) / self._columns
        return self.content.left() + self._column * (width + gap), width

    def _need(self, height: float) -> None:
        if self._y + height <= self.content.bottom():
            return
        if self._column + 1 < self._columns:
            self._column += 1
            self._y = self._col_top
        else:
            self.pages.append([])
            self._column = 0
            self._y = self._col_top = self.content.top()

    def _columns_start(self, n: int) -> None:
        self._columns, self._column, self._col_top = n, 0, self._y

    def _columns_end(self) -> None:
        """Back to full width below the lowest column (a new page if columns filled it)."""
        self._columns, self._column = 1, 0
        self._y = max(self._y, self._lowest)

    def _add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def _text(self, rect: QRectF, text: str, font: QFont, flags: Qt.AlignmentFlag, fill: QColor | None = None,
              line: bool = False) -> None:
        self.texts.append(text)

        def op(p: QPainter) -> None:
            if fill is not None:
                p.fillRect(rect, fill)
            if line:
                p.setPen(QPen(RULE, max(1.0, self.dpi / 300)))
                p.drawLine(rect.bottomLeft(), rect.bottomRight())
            p.setPen(Qt.GlobalColor.black)
            p.setFont(font)
            p.drawText(rect, int(flags), text)

        self._add(op)

    def _note(self, text: str) -> None:
        """A small wrapped line in the current column."""
        font = self.font(8)
        x, w = self._col_rect()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        metrics = QFontMetricsF(font)
        height = metrics.boundingRect(QRectF(0, 0, w - self.mm(2), 10**6), int(flags), text).height()
        height += metrics.height() * 0.3
        self._need(height)
        x, w = self._col_rect()
        self._text(QRectF(x + self.mm(2), self._y, w - self.mm(2), height), text, font,
                   flags)  # type: ignore[arg-type]
        self._y += height
        self._lowest = max(self._lowest, self._y)

    # -------------------------------------------------------------- content
    def _build(self) -> None:
        r = self.report
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        title = self.font(16, bold=True)
        h = QFontMetricsF(title).height() * 1.4
        scope = "乡镇（街道）" if r.kind == "township" else "村（社区）"
        self._text(QRectF(self.content.left(), self._y, self.content.width(), h),
                   f"{r.name}村务统计汇总表", title, center)
        self._y += h
        small = self.font(9)
        sh = QFontMetricsF(small).height() * 1.5
        only = f"　只统计：{r.village_names.get(r.village_filter, '')}" if r.village_filter else ""
        for line in (f"统计单位：{r.name}（{scope}代码 {r.code}）　截至日期：{r.as_of.isoformat()}　"
                     f"村（社区）数：{len(r.village_names)}{only}",
                     f"统计期间（服务时长、会议、公开等）：{r.period[0].isoformat()} 至 "
                     f"{r.period[1].isoformat()}",
                     "口径：按人计数（身份证号去重，跨村只计一次），年龄按截至日期，已删除记录不计，"
                     "有错误的记录照常计入并在“有错误”中单列"):
            self._text(QRectF(self.content.left(), self._y, self.content.width(), sh), line, small, center)
            self._y += sh
        self._y += self.mm(3)

        # Key figures in two columns, group after group.
        body, bold = self.font(9), self.font(9.5, bold=True)
        row_h = QFontMetricsF(body).height() * 1.4
        self._lowest = self._y
        self._columns_start(2)
        for group in r.groups.values():
            columns = [c for c in group.columns
                       if not (c.kind == TEXT and not group.total.figures[c.key].text)]
            self._need(row_h * 3)
            x, w = self._col_rect()
            self._text(QRectF(x, self._y, w, row_h * 1.1), f"  {group.title}", bold, left, fill=HEAD_FILL)
            self._y += row_h * 1.15
            for c in columns:
                self._need(row_h)
                x, w = self._col_rect()
                fig = group.total.figures[c.key]
                self._text(QRectF(x + self.mm(2), self._y, w * 0.6, row_h), c.label, body, left, line=True)
                self._text(QRectF(x + w * 0.6, self._y, w * 0.4 - self.mm(1), row_h), fig.display(), body,
                           right, line=True)
                self._y += row_h
                self._lowest = max(self._lowest, self._y)
            if group.total_note:  # the figures above count a person of two villages once: say so
                first = group.columns[0].key
                listed = sum(row.figures[first].n for row in group.villages)
                self._note(f"注：合计中同一人在多个村只计一次（各村相加 {listed:g} 人）")
            self._y += row_h * 0.4
            self._lowest = max(self._lowest, self._y)
        self._columns_end()

        # Charts, two by two.
        charts = all_charts(r)
        chart_h = self.mm(78)
        gap = self.mm(5)
        width = (self.content.width() - gap) / 2
        for i in range(0, len(charts), 2):
            self._need(chart_h)
            for k, chart in enumerate(charts[i:i + 2]):
                self.texts.append(chart.text())
                rect = QRectF(self.content.left() + k * (width + gap), self._y, width, chart_h - gap)
                self._add(lambda p, rect=rect, chart=chart: (
                    p.setPen(QPen(RULE, 1)), p.drawRect(rect),
                    draw_chart(p, rect.adjusted(self.mm(2), self.mm(2), -self.mm(2), -self.mm(2)), chart,
                               self.family)))
            self._y += chart_h

        # Checks: a count per rule, then the messages.
        self._need(row_h * 4)
        by_rule = Counter((c.rule, c.title, c.severity) for c in r.checks)
        n_errors = sum(1 for c in r.checks if c.severity == "error")
        self._text(QRectF(self.content.left(), self._y, self.content.width(), row_h * 1.1),
                   f"  跨村及登记簿检查（错误 {n_errors} 条，警告 {len(r.checks) - n_errors} 条）",
                   bold, left, fill=HEAD_FILL)
        self._y += row_h * 1.15
        for (_rule, title, severity), n in sorted(by_rule.items()):
            self._need(row_h)
            self._text(QRectF(self.content.left() + self.mm(2), self._y, self.content.width() * 0.8, row_h),
                       f"{title}（{severity_zh(severity)}）", body, left, line=True)
            count_rect = QRectF(self.content.left() + self.content.width() * 0.8, self._y,
                                self.content.width() * 0.2 - self.mm(1), row_h)
            self._text(count_rect, f"{n} 条", body, right, line=True)
            self._y += row_h
        if not r.checks:
            self._text(QRectF(self.content.left() + self.mm(2), self._y, self.content.width(), row_h),
                       "未发现跨村或登记簿层面的问题", body, left)
            self._y += row_h
        flagged = r.flagged_records()
        if flagged is not None:  # what each record's own checks found, not to be read as "no problems"
            self._need(row_h)
            self._text(QRectF(self.content.left() + self.mm(2), self._y, self.content.width(), row_h),
                       f"各登记簿中有错误的记录 {flagged[0]} 条、有警告的记录 {flagged[1]} 条"
                       "（明细见“数据状况”）", body, left)
            self._y += row_h
        self._y += row_h * 0.5
        note = self.font(8)
        note_h = QFontMetricsF(note).height() * 1.35
        for check in r.checks[:MAX_MESSAGES]:
            text = f"[{severity_zh(check.severity)}] {check.message}"
            lines = QFontMetricsF(note).boundingRect(
                QRectF(0, 0, self.content.width() - self.mm(4), 10**6),
                int(Qt.TextFlag.TextWordWrap), text).height()
            height = max(note_h, lines + note_h * 0.35)
            self._need(height)
            self._text(QRectF(self.content.left() + self.mm(2), self._y, self.content.width() - self.mm(4),
                              height), text, note, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                       | Qt.TextFlag.TextWordWrap)  # type: ignore[operator]
            self._y += height
        if len(r.checks) > MAX_MESSAGES:
            self._need(note_h)
            self._text(QRectF(self.content.left() + self.mm(2), self._y, self.content.width(), note_h),
                       f"…… 另有 {len(r.checks) - MAX_MESSAGES} 条，见 Excel 的“检查结果”表或统计窗口",
                       note, left)
            self._y += note_h

    # ------------------------------------------------------------- drawing
    @property
    def page_count(self) -> int:
        return len(self.pages)

    def draw_page(self, painter: QPainter, index: int) -> None:
        for op in self.pages[index]:
            op(painter)


def page_layout() -> QPageLayout:
    # A4 portrait; the wider left margin leaves room for binding (register-book.md).
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(25, 15, 15, 15), QPageLayout.Unit.Millimeter)


def write_summary_pdf(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write the summary as a PDF, whole or not at all (``forms.atomic_file``)."""
    ensure_gui_app()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)

    def paint(tmp: Path) -> None:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        writer.setPageLayout(page_layout())
        writer.setTitle(f"{report.name}村务统计汇总表")
        writer.setCreator("村务台账")
        painter = QPainter(writer)
        full = QRectF(writer.pageLayout().paintRectPixels(DPI))
        content = QRectF(0, 0, full.width(), full.height())
        footer_h = content.height() * 0.03
        layout = SummaryLayout(report, content.adjusted(0, 0, 0, -footer_h), DPI)
        printed = dt.date.today().isoformat()
        for i in range(layout.page_count):
            if i:
                writer.newPage()
            layout.draw_page(painter, i)
            painter.setFont(layout.font(8))
            painter.setPen(Qt.GlobalColor.black)
            painter.drawText(QRectF(0, content.bottom() - footer_h, content.width(), footer_h),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                             f"第 {i + 1} 页 共 {layout.page_count} 页　打印日期：{printed}")
        if not painter.end():
            raise OSError(f"无法写入 PDF 文件 {target}")

    def verify(tmp: Path) -> None:
        data = tmp.read_bytes()
        if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
            raise OSError(f"写入 {target} 后校验失败")

    return write_atomic(target, paint, verify=verify)


def summary_page_size() -> QSizeF:
    return page_layout().paintRect(QPageLayout.Unit.Millimeter).size()
