"""The PDF township summary: Chinese text layer, embedded CJK font, charts, reusable pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.printing.stats_pdf import SummaryLayout, write_summary_pdf
from desktop.ui.stats.charts import chart_image, draw_chart
from sync.demo.township import AS_OF, build_sample_township
from sync.reports.statistics import Report, compute
from sync.reports.stats.charts import MAX_BARS, all_charts, volunteers_against_target, women_by_village

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    store = build_sample_township(tmp_path_factory.mktemp("pdf") / "t.db")
    result = compute(store, as_of=AS_OF)
    store.close()
    return result


def test_pdf_has_a_chinese_text_layer(qapp, report: Report, tmp_path: Path) -> None:
    path = write_summary_pdf(report, tmp_path / "汇总.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/ToUnicode" in data and b"/FontFile2" in data
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.pdf"]  # no temporary file left
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "榜头镇村务统计汇总表" in text
    assert "4 / 13 (30.8%)" in text and "两委成员中女性占比" in text
    assert re.search(r"第1页共\d+页", text.replace(" ", ""))  # the footer; the count grows with groups
    # Checks by the rule's name, never its id.
    assert "同一身份证号码在多个村任职" in text.replace(" ", "") and "R-X-" not in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [row.split() for row in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" and r[-3] == "yes" for r in rows)  # embedded, with ToUnicode
    assert not any(name in fonts for name in ("Noto", "SourceHan"))  # their text layer turns 民 into ⺠
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)  # no radical came out for an ideograph


def test_the_summary_uses_the_books_font_choice(qapp, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.printing import fonts, stats_pdf

    layout = SummaryLayout(report, QRectF(60, 60, 1120, 1600), 150)
    assert layout.font_choice is not None and layout.family == layout.font_choice.family
    # every character printed, checks and chart labels included, comes back from the text layer
    assert "村务统计汇总表" in layout.text() and "两委成员中女性占比" in layout.text()
    assert fonts.text_layer_problems(layout.family, layout.text() + stats_pdf.FOOTER_TEXT) == []
    # the choice is the book's (desktop.printing.fonts), made for this text
    asked: list[str] = []
    monkeypatch.setattr(stats_pdf, "choose_font", lambda text: asked.append(text) or fonts.FontChoice("SimSun"))
    assert SummaryLayout(report, QRectF(60, 60, 1120, 1600), 150).family == "SimSun"
    assert "两委成员中女性占比" in asked[0]


def test_summary_pages_can_be_drawn_into_another_document(qapp, report: Report) -> None:
    image = QImage(1240, 1754, QImage.Format.Format_ARGB32)  # A4 at 150 dpi
    image.fill(QColor("white"))
    layout = SummaryLayout(report, QRectF(60, 60, 1120, 1600), 150)
    assert layout.page_count >= 2
    painter = QPainter(image)
    layout.draw_page(painter, 0)
    painter.end()
    dark = sum(1 for x in range(0, 1240, 8) for y in range(0, 1754, 8) if QColor(image.pixel(x, y)).value() < 128)
    assert dark > 100


def test_charts_draw_bars_and_target(qapp, report: Report) -> None:
    charts = all_charts(report)
    assert [c.key for c in charts] == ["women", "ages", "orgs", "volunteers", "bodies", "key_people"]
    image = chart_image(volunteers_against_target(report))
    reds = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if QColor(image.pixel(x, y)).name() == "#c00000")
    assert reds > 20  # the dashed target line
    image = QImage(800, 500, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    bars = draw_chart(painter, QRectF(0, 0, 800, 500), charts[0])
    painter.end()
    assert len(bars) == 3 and bars[1].height() > 0


def test_many_villages_become_a_distribution(report: Report) -> None:
    import copy

    big = copy.deepcopy(report)
    row = big.groups["committee"].villages[0]
    big.groups["committee"].villages = [copy.deepcopy(row) for _ in range(MAX_BARS + 5)]
    chart = women_by_village(big)
    assert chart.unit == "个村" and sum(b.value for b in chart.bars) == MAX_BARS + 5


def test_cli_writes_the_pdf(qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    db = tmp_path / "t.db"
    build_sample_township(db).close()
    assert main(["stats", str(db), "--as-of", "2026-11-21", "--pdf", str(tmp_path / "s.pdf")]) == 0
    assert "已保存 PDF" in capsys.readouterr().out
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
