"""The read-only list models of the users, history and checks dialogs: rows, and column titles
that a translator's catalogue reaches under each model's own name."""

from __future__ import annotations

from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator

from desktop.ui.admin.users_dialog import UsersModel
from desktop.ui.registers.checks_panel import IssueTreeModel
from desktop.ui.registers.history_dialog import VersionDiffModel, VersionListModel

pytestmark = pytest.mark.gui


class _English(QTranslator):
    WORDS: ClassVar[dict[tuple[str, str], str]] = {("UsersModel", "用户名"): "User name", ("VersionListModel", "时间"): "Time",
             ("VersionDiffModel", "此版本"): "This version", ("IssueTreeModel", "级别"): "Level"}

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.WORDS.get((context, source))


def _titles(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_column_titles_are_translated_under_each_models_name(qapp, admin_store) -> None:
    translator = _English()
    QCoreApplication.installTranslator(translator)
    try:
        assert _titles(UsersModel(admin_store)) == ["User name", "显示名称", "角色", "权限"]
        assert _titles(VersionListModel()) == ["Time", "用户", "操作", "原因"]
        diff = VersionDiffModel(admin_store.catalog.registers["volunteers"])
        assert _titles(diff) == ["字段", "This version", "上一版本"]
        assert _titles(IssueTreeModel(admin_store)) == ["Level", "问题", "记录", "字段", "规则"]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert UsersModel(admin_store).headerData(0, Qt.Orientation.Vertical) is None


def test_users_and_versions_are_rows(qapp, admin_store, qtmodeltester) -> None:
    users = UsersModel(admin_store)
    qtmodeltester.check(users)
    assert users.rowCount() == 3 and users.rowCount(users.index(0, 0)) == 0
    assert [users.index(r, 0).data() for r in range(3)] == [u.name for u in users.users]
    assert users.index(0, 3).data() == "管理用户和设置，修改全部登记簿"
    assert users.item(QModelIndex()) is None
    uuid = admin_store.records("volunteers")[0]["uuid"]
    versions = VersionListModel()
    versions.set_items(admin_store.history(uuid))
    qtmodeltester.check(versions)
    assert versions.rowCount() == len(versions.versions) >= 1
    assert versions.index(0, 2).data() == "新增"
