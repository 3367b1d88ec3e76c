"""The store: versions, deletion and restore, roles, overrides, pragmas, migrations, backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import TODAY, person

from forms.validation import RecordInvalid
from sync.store import driver
from sync.store.backup import list_backups, make_backup, restore_backup
from sync.store.schema import SCHEMA_DB_VERSION
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK, VIEWER, PermissionDenied, User


def test_add_creates_a_version_and_a_current_row(store: Store) -> None:
    saved = store.add("两委成员", person())
    rec = store.get(saved.uuid)
    assert rec.values["性别"] == "女" and rec.values["出生年月"] == "1975-03-01"
    assert rec.village == "350322111202" and not rec.deleted
    (version,) = store.history(saved.uuid)
    assert version.version_id == saved.version_id == rec.version_id
    assert version.parent_id is None and version.device == store.device_id
    assert version.user == store.user.name and version.values["姓名"] == "林秀英"
    assert "一肩挑" not in version.values  # computed fields are derived, not versioned


def test_edits_chain_versions_and_never_rewrite_history(store: Store) -> None:
    saved = store.add("两委成员", person())
    store.edit(saved.uuid, {"联系电话": "0594-7654321"})
    store.edit(saved.uuid, {"文化程度": "本科"})
    versions = store.history(saved.uuid)
    assert [v.parent_id for v in versions] == [None, versions[0].version_id, versions[1].version_id]
    assert versions[0].values["联系电话"] == "13812345678"
    assert versions[2].values["文化程度"] == "大学本科"
    assert [v.hlc for v in versions] == sorted(v.hlc for v in versions)
    assert len({v.version_id for v in versions}) == 3


def test_invalid_record_is_refused_and_nothing_is_written(store: Store) -> None:
    before = store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    with pytest.raises(RecordInvalid) as exc:
        store.add("两委成员", person(公民身份号码="350322197503010022"))
    assert "公民身份号码" in str(exc.value)
    assert store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == before
    assert store.count("两委成员") == 0


def test_admin_may_save_with_errors_giving_a_reason(store: Store) -> None:
    saved = store.add("两委成员", person(公民身份号码="350322197503010022"), override_reason="证件待核实")
    assert any(i.rule == "R-ID" for i in saved.issues)
    assert store.history(saved.uuid)[0].reason == "带错误保存：证件待核实"
    row = store.conn.execute("SELECT _errors FROM committee_members WHERE uuid = ?", (saved.uuid,)).fetchone()
    assert row[0] >= 1


def test_clerk_may_not_override_and_viewer_may_not_write(village_db: Path) -> None:
    clerk = Store.open(village_db, User("小王", CLERK))
    with pytest.raises(PermissionDenied):
        clerk.add("两委成员", person(公民身份号码="350322197503010022"), override_reason="x")
    saved = clerk.add("两委成员", person())
    clerk.close()
    viewer = Store.open(village_db, User("查看员", VIEWER))
    for action in (lambda: viewer.add("两委成员", person(公民身份号码="11010519491231002X")),
                   lambda: viewer.edit(saved.uuid, {"姓名": "改名"}),
                   lambda: viewer.delete(saved.uuid, "不要了")):
        with pytest.raises(PermissionDenied):
            action()
    assert viewer.get(saved.uuid).values["姓名"] == "林秀英"
    viewer.close()


def test_delete_is_a_tombstone_and_restore_brings_it_back(store: Store) -> None:
    saved = store.add("两委成员", person())
    with pytest.raises(StoreError, match="原因"):
        store.delete(saved.uuid, "  ")
    store.delete(saved.uuid, "调离本村")
    assert store.count("两委成员") == 0 and store.get(saved.uuid).deleted
    tomb = store.history(saved.uuid)[-1]
    assert tomb.deleted and tomb.reason == "调离本村" and tomb.values["姓名"] == "林秀英"
    with pytest.raises(StoreError, match="已删除"):
        store.edit(saved.uuid, {"姓名": "x"})
    store.restore(saved.uuid)
    assert store.count("两委成员") == 1 and not store.get(saved.uuid).deleted
    assert [v.deleted for v in store.history(saved.uuid)] == [False, True, False]


def test_revert_to_an_earlier_version_adds_a_version(store: Store) -> None:
    saved = store.add("两委成员", person())
    store.edit(saved.uuid, {"姓名": "林秀兰"})
    first = store.history(saved.uuid)[0]
    store.revert(saved.uuid, first.version_id)
    assert store.get(saved.uuid).values["姓名"] == "林秀英"
    assert len(store.history(saved.uuid)) == 3


def test_a_revert_says_when_the_version_was_written_as_people_write_it(store: Store) -> None:
    saved = store.add("两委成员", person())
    store.edit(saved.uuid, {"姓名": "林秀兰"})
    first = store.history(saved.uuid)[0]
    store.revert(saved.uuid, first.version_id)
    day, clock = first.wall_time.split("T")
    assert store.history(saved.uuid)[-1].reason == f"恢复到 {day} {clock[:5]} 的版本"


def test_reasons_stored_with_a_machine_written_moment_read_as_people_write_it() -> None:
    from sync.store.versions import readable_reason

    assert readable_reason("恢复到 2026-12-04T19:13:00 的版本") == "恢复到 2026-12-04 19:13 的版本"
    assert readable_reason("恢复到 2026-12-04T19:13:00.123456+08:00 的版本") == "恢复到 2026-12-04 19:13 的版本"
    assert readable_reason("已注销（2026-12-04）") == "已注销（2026-12-04）"
    assert readable_reason(None) == ""


def test_duplicate_id_number_in_a_register_is_refused(store: Store) -> None:
    store.add("两委成员", person())
    with pytest.raises(RecordInvalid, match="出现2次"):
        store.add("两委成员", person(姓名="重复的人"))


def test_service_records_update_volunteer_hours_and_stars(store: Store) -> None:
    vol = store.add("志愿者", {"姓名": "王五", "证件号码": "11010519491231002X", "注册日期": "2020-01-01"})
    first = store.add("服务记录", {"志愿者": "11010519491231002X", "活动名称": "扫雪",
                                 "服务日期": "2024-01-02", "服务时长": 20})
    for day in range(3, 7):
        store.add("服务记录", {"志愿者": vol.uuid, "活动名称": "义诊", "服务日期": f"2024-01-0{day}",
                           "服务时长": 20})
    assert store.get(vol.uuid).values["累计服务时长"] == 100
    assert store.get(vol.uuid).values["星级"] == "一星"
    store.delete(first.uuid, "重复登记")
    assert store.get(vol.uuid).values["累计服务时长"] == 80
    assert store.get(vol.uuid).values["星级"] == "未达星级"
    store.set_setting("star_thresholds", [80, 300, 600, 1000, 1500])
    assert store.get(vol.uuid).values["星级"] == "一星"


def test_hours_of_one_person_on_one_day_at_most_24(store: Store) -> None:
    vol = store.add("志愿者", {"姓名": "王五", "证件号码": "11010519491231002X", "注册日期": "2020-01-01"})
    store.add("服务记录", {"志愿者": vol.uuid, "活动名称": "抗洪", "服务日期": "2024-07-02", "服务时长": 20})
    with pytest.raises(RecordInvalid, match="超过24小时"):
        store.add("服务记录", {"志愿者": vol.uuid, "活动名称": "抗洪", "服务日期": "2024-07-02", "服务时长": 4.5})


def test_reference_to_unknown_volunteer_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="找不到"):
        store.add("服务记录", {"志愿者": "张无忌", "活动名称": "x", "服务日期": "2024-01-01", "服务时长": 1})


def test_supervisor_discipline_flag_follows_the_committee(store: Store) -> None:
    sup = store.add("监委会", {"姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021",
                              "政治面貌": "中共党员", "职务": "主任", "具备财会或管理知识": "是"})
    assert store.get(sup.uuid).values["是否村党组织纪检委员"] is False
    store.add("两委成员", person(委员分工="纪检", 村委会职务="无"))
    assert store.get(sup.uuid).values["是否村党组织纪检委员"] is True


def test_settings_are_validated_and_stored(store: Store) -> None:
    assert store.settings()["term_years"] == 5
    store.set_setting("term_years", 3)
    assert store.settings()["term_years"] == 3
    with pytest.raises(StoreError, match="任期年限"):
        store.set_setting("term_years", 50)
    saved = store.add("两委成员", person())
    assert store.get(saved.uuid).values["任期届满"] == "2029-03-18"


def test_pragmas_and_schema_version(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_DB_VERSION


def test_a_newer_database_is_refused(village_db: Path) -> None:
    conn = driver.connect(village_db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_DB_VERSION + 1}")
    conn.close()
    with pytest.raises(Exception, match="请升级"):
        Store.open(village_db)


def test_a_field_added_to_a_definition_becomes_a_column(village_db: Path) -> None:
    conn = driver.connect(village_db)
    # A database from before the field has no index over it either (schema.OPEN_INDEXES).
    conn.execute("DROP INDEX stats_volunteers_more")
    conn.execute('ALTER TABLE volunteers DROP COLUMN "所属志愿服务队"')
    conn.close()
    store = Store.open(village_db)
    cols = {r[1] for r in store.conn.execute("PRAGMA table_info(volunteers)")}
    assert "所属志愿服务队" in cols
    # ... and the index over it is made once the column is there.
    assert store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stats_volunteers_more'").fetchone()
    store.close()


def test_not_a_database_is_refused_in_chinese(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, this is not sqlite" * 100)
    with pytest.raises(StoreError, match="不是村务台账数据库"):
        Store.open(junk)
    with pytest.raises(StoreError, match="不存在"):
        Store.open(tmp_path / "missing.db")


def test_existing_file_is_never_overwritten_by_create(village_db: Path) -> None:
    with pytest.raises(StoreError, match="已存在"):
        Store.create_village(village_db, "350322111203", "西山村")


def test_village_code_is_checked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="12位"):
        Store.create_village(tmp_path / "x.db", "3503221112", "西山村")


def test_users_and_passwords(store: Store) -> None:
    store.add_user("admin", ADMIN, "secret123")
    store.add_user("clerk", CLERK, "secret456")
    assert store.authenticate("admin", "secret123") == User("admin", ADMIN, "admin")
    assert store.authenticate("admin", "wrong") is None
    stored = store.conn.execute("SELECT password_hash FROM users WHERE name='admin'").fetchone()[0]
    assert stored.startswith("$argon2") and "secret123" not in stored
    with pytest.raises(ValueError, match="6位"):
        store.add_user("x", CLERK, "123")


def test_backup_and_restore_round_trip(store: Store) -> None:
    saved = store.add("两委成员", person())
    backup = make_backup(store)
    store.edit(saved.uuid, {"姓名": "改过的名字"})
    path = store.path
    store.close()
    safety = restore_backup(path, backup)
    reopened = Store.open(path)
    assert reopened.get(saved.uuid).values["姓名"] == "林秀英"
    assert safety.exists() and len(list_backups(path)) == 2
    reopened.close()


def test_backups_rotate(store: Store) -> None:
    for _ in range(4):
        make_backup(store, keep=2)
    assert len(list_backups(store.path)) == 2


def test_restore_refuses_a_broken_backup(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    path = store.path
    store.close()
    with pytest.raises(StoreError, match="不是村务台账数据库"):
        restore_backup(path, bad)


def test_version_json_is_canonical(store: Store) -> None:
    saved = store.add("志愿者", {"姓名": "王五", "证件号码": "11010519491231002X", "注册日期": "2020.1.1",
                                "服务技能": "农技、医疗护理"})
    raw = store.conn.execute("SELECT data FROM versions WHERE version_id = ?", (saved.version_id,)).fetchone()[0]
    data = json.loads(raw)
    assert data["注册日期"] == "2020-01-01" and data["服务技能"] == ["医疗护理", "农技"]
    assert raw == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_check_covers_record_and_register_rules(store: Store) -> None:
    store.today = TODAY
    store.add("两委成员", person(党组织职务="书记", 村委会职务="主任", 委员分工=None))
    found = {i.rule for i in store.check()}
    assert {"R-VC-SIZE", "R-RULES-CURRENT"} <= found
    assert all(i.village == "350322111202" for i in store.check())


def test_roles_change_and_users_are_disabled_by_an_administrator(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.add_user("admin", ADMIN, "secret123")
        store.add_user("clerk", CLERK, "secret456")
    clerk = Store.open(village_db, User("clerk", CLERK))
    with pytest.raises(PermissionDenied):
        clerk.set_user_role("clerk", ADMIN)
    clerk.close()
    admin = Store.open(village_db, User("admin", ADMIN))
    with pytest.raises(StoreError, match="唯一的管理员"):
        admin.set_user_role("admin", CLERK)
    with pytest.raises(StoreError, match="自己"):
        admin.disable_user("admin")
    admin.set_user_role("clerk", VIEWER)
    assert admin.authenticate("clerk", "secret456").role == VIEWER
    admin.disable_user("clerk")
    assert admin.authenticate("clerk", "secret456") is None
    with pytest.raises(StoreError, match="没有可停用"):
        admin.disable_user("clerk")
    admin.close()
