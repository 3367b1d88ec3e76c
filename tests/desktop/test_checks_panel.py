"""The checks panel: runs on the worker, groups by register, jumps to the record at the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from window_steps import listed, opened, run_checks

from desktop.ui.registers.checks_panel import CheckResult, IssueTreeModel
from forms.validation import Issue
from sync.progress import Cancelled

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]




def find_issue(model: IssueTreeModel, rule: str) -> QModelIndex:
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 1, parent)
            issue = model.issue(index)
            if issue is not None and issue.rule == rule:
                return index
    raise AssertionError(rule)


def test_checks_list_issues_by_register_and_jump_to_the_field(qtbot, window, qtmodeltester) -> None:
    panel = run_checks(qtbot, window)
    model = panel.model
    qtmodeltester.check(model)
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["村规民约", "社区社会组织", "志愿者"]
    assert panel.summary.text().startswith("共有错误 0 条，警告 4 条")
    minor = find_issue(model, "R-MINOR")
    issue = model.issue(minor)
    assert model.index(minor.row(), 0, minor.parent()).data() == "警告"
    assert model.index(minor.row(), 2, minor.parent()).data() == window.store.get(issue.record).title
    form = opened(qtbot, window.form_opened, lambda: panel.view.activated.emit(minor))
    qtbot.waitExposed(form)
    assert window.current_register_view().register.key == "volunteers"
    listed(qtbot, window.current_register_view())
    assert window.current_register_view().selected()[1] == issue.record
    assert form.record_uuid == issue.record
    qtbot.waitUntil(lambda: form.focusWidget() is form.panel.editors["监护人同意"].focus_widget())
    qtbot.waitUntil(lambda: "监护人" in form.panel.message("监护人同意"))  # checked on the worker
    form.close()


def test_navigation_badges_include_register_wide_issues_after_a_check(qtbot, window) -> None:
    from desktop.ui.village.main_window import register_page
    from desktop.ui.widgets.nav_pane import WARNINGS_ROLE

    item = window.pages[register_page("village_rules")].item
    before = item.data(WARNINGS_ROLE)
    panel = window.checks_panel()
    with qtbot.waitSignal(panel.checked, timeout=30_000):
        panel.run()
    qtbot.waitUntil(lambda: not window.worker.busy())  # the badges are counted again on the worker
    assert item.data(WARNINGS_ROLE) >= before
    assert item.data(WARNINGS_ROLE) >= 1


def test_tree_model_with_register_wide_issue_has_no_record(qtbot, admin_store, qtmodeltester) -> None:
    model = IssueTreeModel(admin_store)
    model.set_result(CheckResult([
        Issue("R-VC-WOMAN", "error", "committee_members", None, "村委会成员中没有女性"),
        Issue("R-PHONE", "error", "committee_members", "联系电话", "联系电话：格式不对", "abc"),
        Issue("R-MINOR", "warning", "volunteers", "监护人同意", "未满18周岁", "def"),
    ], {"abc": "林秀英"}))
    qtmodeltester.check(model)
    assert model.counts() == (2, 1)
    top = model.index(0, 0)
    assert top.data() == "村“两委”成员"
    assert model.index(0, 1).data() == "错误 2 条，警告 0 条"
    assert {model.index(r, 2, top).data() for r in range(2)} == {"（整个登记簿）", "林秀英"}


def test_cancelling_the_checks_leaves_the_panel_usable(qtbot, window) -> None:
    panel = window.checks_panel()
    seen: list[BaseException] = []
    job = window.worker.submit(lambda store, progress: [progress(0, 1), store.check()],
                               None, seen.append)
    job.cancel()
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert isinstance(seen[0], Cancelled)
    with qtbot.waitSignal(panel.checked, timeout=30_000):
        panel.run()
    assert panel.run_button.isEnabled()
