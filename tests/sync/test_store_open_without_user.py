"""``Store.open`` without a user (issue 13): on a database that has users it is nobody, who reads
and writes nothing, whatever the write, until someone logs in; a database without users (``cunwu
init`` for scripts) still opens as the command line's administrator."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import person

from sync.store import login
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK, NOT_LOGGED_IN, PermissionDenied

PASSWORD = "dongshan2026"


def test_a_database_without_users_opens_as_the_command_line(village_db: Path) -> None:
    with Store.open(village_db) as store:
        assert store.user.is_admin and store.user.name == "命令行"
        store.add("committee_members", person())
        store.set_setting("stale_days", 60)


def test_a_database_with_users_opened_without_one_reads_and_writes_nothing(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.add("committee_members", person())
        store.add_user("lin", ADMIN, PASSWORD)
        store.add_user("wang", CLERK, "wang-2026")
    with Store.open(village_db) as store:  # the key is held by this process: it opens
        assert store.user.role == NOT_LOGGED_IN
        assert len(store.records("committee_members")) == 1  # reads
        uuid = store.records("committee_members")[0]["uuid"]
        for write in (lambda: store.add("committee_members", person(姓名="赵新")),
                      lambda: store.edit(uuid, {"联系电话": "13900000009"}),
                      lambda: store.set_setting("stale_days", 60),
                      lambda: store.add_user("zhao", ADMIN, "zhao-2026"),
                      lambda: store.disable_user("wang"),
                      lambda: store.new_recovery_code()):
            with pytest.raises(PermissionDenied, match=r"需要登录后才能.*--user"):
                write()
        # A write that names no action (the drafts, the metadata) is refused by the transaction.
        with pytest.raises(StoreError, match="需要登录后才能修改数据库"):
            store.set_meta("note", "x")
        assert [u.name for u in store.users()] == ["lin", "wang"]
    with login.open_store(village_db, "wang", "wang-2026") as store:  # logged in: the role decides
        store.add("committee_members", person(姓名="赵新", 公民身份号码="350322196801010121"))
        assert store.history(store.records("committee_members")[-1]["uuid"])[-1].user == "wang"
