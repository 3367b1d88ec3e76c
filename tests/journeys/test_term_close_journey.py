"""换届 in the window, as a clerk does it: 记录 → 换届…, the real dialog (届次, date, reason), 标为离任,
the real question that follows ("现在导入新一届成员名册吗？" answered 否), and the register page
showing everyone of the old term as 离任. Nothing is patched (journeys/screen.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    choose_in,
    choose_menu,
    click_button,
    wait_closed,
    wait_for_modal,
)
from PySide6.QtCore import QDate
from support import TODAY, VILLAGE_CODE, ident
from support import person as member

from desktop.ui.village.main_window import MainWindow
from sync.store.store import Store

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]


def village_window(qtbot: Any, path: Path) -> MainWindow:
    """The village's window on the database at ``path`` as of TODAY, once it has read its pages."""
    store = Store.open(path)
    store.today = TODAY
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=20_000)
    return window


def test_closing_a_term_in_the_window(qtbot: Any, tmp_path: Path, person: Person) -> None:
    path = tmp_path / "village.db"
    with Store.create_village(path, VILLAGE_CODE, "东山村", {"常住人口": 1000}) as store:
        store.today = TODAY
        store.add("committee_members", member(姓名="王建国", 公民身份号码=ident("19700101", "011"), 党组织职务="书记",
                                              委员分工=None, 村委会职务="主任", 届次="第十一届", 任职时间="2021-03-15"))
        store.add("committee_members", member(姓名="林秀英", 届次="第十一届", 任职时间="2021-03-15"))
        store.add("committee_members", member(姓名="张丽", 公民身份号码=ident("19760303", "024"),
                                              届次="第十二届", 任职时间="2026-03-18"))
    window = village_window(qtbot, path)
    store = window.store

    choose_menu(window, "记录", "换届（标记上届离任）…")
    dialog = wait_for_modal(qtbot, "换届")
    choose_in(qtbot, dialog.term_box, "第十一届（在任 2 人）")  # type: ignore[attr-defined]
    dialog.date_edit.setDate(QDate(2026, 3, 18))  # type: ignore[attr-defined]
    assert dialog.reason_box.currentText() == "换届离任"  # type: ignore[attr-defined]
    person.will("请确认", "否", check=lambda box: None)
    click_button(dialog, "标为离任")
    answered = person.finish()
    assert "第十一届：2 人已标为离任（换届离任，2026-03-18）" in (answered[0].seen or "")
    wait_closed(qtbot, dialog)
    rows = {r["姓名"]: (r["在任状态"], r.get("离任日期")) for r in store.records("committee_members")}
    assert rows == {"王建国": ("离任", "2026-03-18"), "林秀英": ("离任", "2026-03-18"), "张丽": ("在任", None)}
    assert "2 人已标为离任" in window.statusBar().currentMessage()
    window.close()
    store.close()



ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"


def test_a_term_closed_then_the_election_roster_imported(qtbot: Any, tmp_path: Path, person: Person) -> None:
    """换届 answered 是: the import dialog opens on the 两委; the office's list of both terms
    (tests/data/rosters/17_…: the three of 第十一届 marked 离任, 王建国 re-elected, three new)
    comes in; the register shows the old term 离任 and the new term in office, 王建国 in both."""
    from journeys.screen import go_to_page
    from PySide6.QtCore import Qt

    from sync.reports.statistics import compute

    roster = ROSTERS / "17_libreoffice_committee_two_terms.xlsx"
    path = tmp_path / "village.db"
    birth = {"王建国": ("19680315", "011"), "林秀英": ("19791008", "012"), "陈志强": ("19950621", "015")}
    with Store.create_village(path, VILLAGE_CODE, "东山村", {"常住人口": 1000}) as store:
        store.today = TODAY
        for name, (born, seq) in birth.items():  # the roster's people (make_rosters.person_id)
            store.add("committee_members", member(
                姓名=name, 性别="女" if name == "林秀英" else "男", 公民身份号码=ident(born, seq),
                党组织职务="书记" if name == "王建国" else "无", 委员分工=None,
                政治面貌="中共党员" if name == "王建国" else "群众", 入党时间=None, 转正时间=None,
                村委会职务="主任" if name == "王建国" else "委员", 届次="第十一届", 任职时间="2021-03-15"))
    window = village_window(qtbot, path)
    store = window.store
    go_to_page(window, "村“两委”成员")

    choose_menu(window, "记录", "换届（标记上届离任）…")
    dialog = wait_for_modal(qtbot, "换届")
    choose_in(qtbot, dialog.term_box, "第十一届（在任 3 人）")  # type: ignore[attr-defined]
    dialog.date_edit.setDate(QDate(2026, 3, 18))  # type: ignore[attr-defined]
    person.will("请确认", "是")
    click_button(dialog, "标为离任")
    person.finish()
    importing = wait_for_modal(qtbot, "从 Excel 导入")
    assert importing.register_box.currentText() == "村“两委”成员"  # type: ignore[attr-defined]
    person.will("选择 Excel 花名册", Qt.Key.Key_Return, text=str(roster))
    click_button(importing, "选择文件…")
    person.finish()
    qtbot.waitUntil(lambda: importing.report is not None  # type: ignore[attr-defined]
                    and importing.summary_label.text() != "", timeout=20_000)  # type: ignore[attr-defined]
    summary = importing.summary_label.text()  # type: ignore[attr-defined]
    assert "可新增 4" in summary and "有错误 0" in summary, summary
    person.will("导入完成", "确定")
    click_button(importing, "导入")
    [done] = person.finish()
    assert "全部行已导入" in (done.seen or ""), done.seen
    wait_closed(qtbot, importing)

    rows = sorted((r["姓名"], r["届次"], r["在任状态"], r.get("离任原因") or "")
                  for r in store.records("committee_members"))
    assert rows == [("张伟", "第十二届", "在任", ""), ("李娜", "第十二届", "在任", ""),
                    ("林秀英", "第十一届", "离任", "换届离任"), ("王建国", "第十一届", "离任", "换届离任"),
                    ("王建国", "第十二届", "在任", ""), ("陈志强", "第十一届", "离任", "辞职"),
                    ("黄丽华", "第十二届", "在任", "")]
    report = compute(store, as_of=TODAY)
    assert report.figure("committee", "members").n == 4
    assert report.figure("terms", "term_prev").text == "第十一届"
    window.close()
    store.close()
