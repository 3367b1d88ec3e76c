"""The register book as a PDF, read back with poppler (pdftotext, pdfinfo, pdffonts)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import TODAY

from forms.identifiers import mask_id, mask_phone
from forms.model import catalog
from sync.reports.book import build_book
from sync.store import driver
from sync.store.store import Store

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

ROOT = Path(__file__).resolve().parents[2]
ENTRY = re.compile(r"^\s*(\S.*?)\s{2,}(\d+)\s*$")


def pdftotext(path: Path, page: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(last or page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Printed:
    masked: Path
    full: Path
    records: dict[str, list[dict]]


@pytest.fixture(scope="module")
def printed(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory, qapp) -> Printed:
    """The demo village's book, masked and with full numbers, written once for this module."""
    from desktop.printing.pdf import write_book_pdf

    folder = tmp_path_factory.mktemp("book")
    db = folder / "demo.db"
    src, dst = driver.connect(demo_db_template), driver.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    store = Store.open(db)
    store.today = TODAY
    try:
        records = {reg.key: store.records(reg.key) for reg in catalog().ordered()}
        write_book_pdf(build_book(store), folder / "book.pdf")
        write_book_pdf(build_book(store, full_ids=True), folder / "book-full.pdf")
    finally:
        store.close()
    return Printed(folder / "book.pdf", folder / "book-full.pdf", records)


def toc_entries(path: Path) -> list[tuple[str, int]]:
    entries = []
    for line in pdftotext(path, 2).splitlines():
        m = ENTRY.match(line)
        if m and not m.group(1).startswith("第"):
            entries.append((m.group(1).strip(), int(m.group(2))))
    return entries


def test_the_font_is_embedded_with_a_unicode_map(printed: Printed) -> None:
    out = subprocess.run(["pdffonts", str(printed.masked)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert "WenQuanYi" in row
        emb, _sub, uni = row.split()[-5:-2]
        assert emb == "yes" and uni == "yes", row


def test_every_name_comes_back_exactly(printed: Printed) -> None:
    text = pdftotext(printed.masked)
    names = [r["姓名"] for key in ("committee_members", "supervisory_committee", "volunteers")
             for r in printed.records[key]]
    names += [r["负责人姓名"] for r in printed.records["social_organizations"]]
    names += [r["名称"] for r in printed.records["social_organizations"]]
    assert len(names) > 130
    missing = [n for n in names if n not in text]
    assert missing == []


def test_numbers_are_masked_unless_full_ids_is_chosen(printed: Printed) -> None:
    masked, full = pdftotext(printed.masked), pdftotext(printed.full)
    ids = [r["公民身份号码"] for r in printed.records["committee_members"]]
    ids += [r["证件号码"] for r in printed.records["volunteers"]]
    # 离任 members print in 往届及离任两委成员, with their ID number (masked) but no phone.
    phones = [r["联系电话"] for r in printed.records["committee_members"] if r["在任状态"] != "离任"]
    for number in ids:
        assert number not in masked
        assert mask_id(number) in masked
        assert number in full
    for phone in phones:
        assert phone not in masked
        assert mask_phone(phone) in masked
        assert phone in full
    assert "身份证号、联系电话已隐藏" in masked
    assert "内部资料：含完整身份证号和联系电话" in full


def test_page_footer_counts_every_page(printed: Printed) -> None:
    total = page_count(printed.masked)
    assert total > 10
    for number in range(1, total + 1):
        assert f"第 {number} 页 共 {total} 页" in pdftotext(printed.masked, number)


def test_toc_page_numbers_are_where_the_sections_start(printed: Printed) -> None:
    entries = toc_entries(printed.masked)
    titles = [t for t, _ in entries]
    expected = [reg.name for reg in catalog().ordered(include_profile=True)]
    # The people who left print after their register (sync/reports/book_terms.py).
    expected.insert(expected.index(catalog().register("village_roles").name) + 1, "往届及离任人员（村级骨干花名册）")
    expected.insert(expected.index(catalog().register("committee_members").name) + 1, "往届及离任两委成员")
    assert [re.sub(r"^[一二三四五六七八九十]+、", "", t) for t in titles if not t.startswith("附")] == expected
    assert any(t.startswith("附：") for t in titles)
    for title, page in entries:
        head = pdftotext(printed.masked, page).strip().splitlines()[0]
        assert title in head, (title, page, head)
    starts = [p for _, p in entries]
    assert starts == sorted(starts) and starts[0] == 3


def section_pages(path: Path, name: str) -> range:
    entries = toc_entries(path)
    idx = next(i for i, (t, _) in enumerate(entries) if t.endswith(name))
    end = entries[idx + 1][1] if idx + 1 < len(entries) else page_count(path) + 1
    return range(entries[idx][1], end)


def test_long_section_repeats_its_header_and_keeps_every_row_whole(printed: Printed) -> None:
    volunteers = printed.records["volunteers"]
    pages = section_pages(printed.full, "、志愿者")
    assert len(pages) >= 3
    serials: list[int] = []
    for page in pages:
        text = pdftotext(printed.full, page)
        header = next(line for line in text.splitlines() if "序号" in line)
        for title in ("序号", "姓名", "性别", "证件号码", "出生日期", "联系电话", "星级"):
            assert title in header, (page, header)
        for line in text.splitlines():
            # 出生日期 is a year-month field, printed as rosters do (1975.03.01, or 1975.03).
            m = re.match(r"^\s*(\d{1,3})\s+(\S+)\s+([男女])\s+(\S{18})\s+(\d{4}\.\d{2}(\.\d{2})?)\s", line)
            if m:
                serial = int(m.group(1))
                person = volunteers[serial - 1]
                assert (m.group(2), m.group(3), m.group(4)) == (person["姓名"], person["性别"], person["证件号码"])
                assert person["联系电话"] in line and person["星级"] in line
                serials.append(serial)
    assert serials == list(range(1, len(volunteers) + 1))


def test_summary_total_and_signatures_close_each_section(printed: Printed) -> None:
    text = pdftotext(printed.masked)
    listed = [m for m in printed.records["committee_members"] if m["在任状态"] != "离任"]  # 离任: own section
    members = [m for m in listed if m["党组织职务"] != "无" or m["村委会职务"] != "无"]  # who counts
    women = sum(1 for m in members if m["性别"] == "女")
    assert f"女性 {women}/{len(members)} ({women / len(members) * 100:.1f}%)" in text
    assert re.search(rf"合计\s+{len(listed)}人", text)  # the table's rows, all of them
    entries = toc_entries(printed.masked)
    for idx, (title, _start) in enumerate(entries):
        if title.startswith("附"):
            continue
        end = entries[idx + 1][1] - 1 if idx + 1 < len(entries) else page_count(printed.masked)
        last = pdftotext(printed.masked, end)
        for label in ("填表人：", "审核人：", "村党组织书记：", "日期："):
            assert label in last, (title, end)


def test_rules_appendix_prints_the_current_text(printed: Printed) -> None:
    current = next(r for r in printed.records["village_rules"] if r["上一版本"])
    pages = section_pages(printed.masked, current["名称"])
    text = squash(pdftotext(printed.masked, pages[0], pages[-1]))
    assert squash(f"附：{current['名称']}") in text
    for paragraph in current["正文"].splitlines():
        assert squash(paragraph) in text


def test_township_book_prints_every_village(tmp_path: Path, qapp) -> None:
    from desktop.printing.pdf import write_book_pdf
    from sync.demo.township import build_sample_township

    store = build_sample_township(tmp_path / "t.db")
    try:
        names = [store.profile(code)["村名"] for code in store.villages()]
        result = write_book_pdf(build_book(store), tmp_path / "t.pdf")
    finally:
        store.close()
    text = pdftotext(result.path)
    assert page_count(result.path) == result.pages
    assert "榜头镇村务台账汇编" in text and "350322111000" in text
    assert "乡镇负责人：" in text and "村党组织书记：" not in text
    assert "乡镇汇总：" in text
    for name in names:
        assert name in text


def test_font_check_finds_characters_the_text_layer_would_lose(qapp) -> None:
    from desktop.printing.fonts import choose_font, text_layer_problems

    assert text_layer_problems("WenQuanYi Micro Hei", "东山村村务台账 林秀英 郑德秀 3503**********0241") == []
    lost = dict(text_layer_problems("WenQuanYi Micro Hei", "吉𠮷"))
    assert "𠮷" in lost and "吉" not in lost  # outside the BMP: Qt writes no ToUnicode entry
    assert choose_font("东山村").family == "WenQuanYi Micro Hei"


def test_cancelled_write_leaves_the_old_file(demo_db: Path, tmp_path: Path, qapp) -> None:
    from desktop.printing.pdf import write_book_pdf
    from sync.progress import Cancelled

    target = tmp_path / "book.pdf"
    target.write_bytes(b"old book")
    store = Store.open(demo_db)
    try:
        book = build_book(store, register="volunteers")
    finally:
        store.close()
    with pytest.raises(Cancelled, match="已取消，未保存 PDF"):
        write_book_pdf(book, target, progress=lambda done, total, _message: done < 2)
    assert target.read_bytes() == b"old book"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_print_book_command_runs_headless(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "两委.pdf"
    result = run_cli("print-book", str(demo_db), "--out", str(out), "--register", "committee_members")
    assert result.returncode == 0, result.stderr
    assert "已生成" in result.stdout and "身份证号、联系电话已隐藏" in result.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    assert "东山村村“两委”成员台账" in pdftotext(out)
    assert [title for title, _ in toc_entries(out)] == ["一、村“两委”成员", "二、往届及离任两委成员"]


def test_print_book_command_refuses_bad_requests_and_keeps_the_old_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.pdf"
    out.write_bytes(b"old")
    bad_village = run_cli("print-book", str(demo_db), "--out", str(out), "--village", "350322111299")
    assert bad_village.returncode == 2
    assert "没有代码为“350322111299”的村" in bad_village.stderr
    bad_register = run_cli("print-book", str(demo_db), "--out", str(out), "--register", "户口簿")
    assert bad_register.returncode == 2 and "没有名为“户口簿”的登记簿" in bad_register.stderr
    not_pdf = run_cli("print-book", str(demo_db), "--out", str(tmp_path / "book.docx"))
    assert not_pdf.returncode == 2 and ".pdf" in not_pdf.stderr
    assert out.read_bytes() == b"old"


def test_a_target_held_open_elsewhere_is_explained(demo_db: Path, tmp_path: Path, qapp,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.printing import pdf

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    target = tmp_path / "book.pdf"
    target.write_bytes(b"open in a reader")
    store = Store.open(demo_db)
    try:
        book = build_book(store, register="两委成员")
    finally:
        store.close()
    monkeypatch.setattr(pdf.os, "replace", locked)
    with pytest.raises(pdf.PdfError, match="可能正在被其他程序"):
        pdf.write_book_pdf(book, target)
    assert target.read_bytes() == b"open in a reader"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
