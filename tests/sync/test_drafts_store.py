"""Drafts (sync/store/drafts.py): typing kept against a power cut, never a version, never sent or listed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import TODAY, person
from sync_support import World

from sync.exchange.exporter import preview_export
from sync.store import drafts, driver
from sync.store.backup import list_backups, make_backup, restore_backup
from sync.store.schema import SCHEMA_DB_VERSION
from sync.store.store import Store
from sync.store.users import CLERK, User

ROOT = Path(__file__).resolve().parents[2]
MARKER = "草稿甲乙丙"
HALF_ID = "44010619"  # a half-typed ID number: does not validate, must survive as typed
TYPED = {"姓名": MARKER, "公民身份号码": HALF_ID, "任职时间": "2026.3", "民族": "汉族", "委员分工": None}


def as_user(store: Store, name: str) -> Store:
    store.user = User(name, CLERK, name)
    return store


def test_a_draft_keeps_raw_typing_per_form_and_per_user(store: Store) -> None:
    as_user(store, "lin")
    first, second = drafts.new_draft_id(), drafts.new_draft_id()
    drafts.save(store, first, "committee_members", TYPED)
    drafts.save(store, second, "committee_members", {"姓名": "另一个"})
    drafts.save(store, first, "committee_members", {**TYPED, "联系电话": "1381234"})  # overwrites
    mine = drafts.for_user(store)
    assert sorted(d.id for d in mine) == sorted([first, second])
    kept = drafts.get(store, first)
    assert kept is not None and kept.values == {**TYPED, "联系电话": "1381234"}
    assert kept.record_uuid is None and kept.user == "lin"
    assert drafts.for_user(store, "wang") == []
    drafts.discard(store, first)
    assert [d.id for d in drafts.for_user(store)] == [second]


def test_a_draft_is_no_version_and_no_record(store: Store, village_db: Path) -> None:
    saved = store.add("committee_members", person())
    versions = store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    drafts.save(store, drafts.new_draft_id(), "committee_members", TYPED)
    drafts.save(store, drafts.new_draft_id(), "committee_members", {**TYPED, "姓名": MARKER + "改"},
                record_uuid=saved.uuid, base_version=store.get(saved.uuid).version_id)
    assert store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == versions
    assert store.count("committee_members") == 1
    assert store.get(saved.uuid).values["姓名"] == "林秀英"
    assert not any(MARKER in str(i.message) for i in store.check())
    store.close()
    listed = subprocess.run([sys.executable, "-m", "desktop.cli", "list", str(village_db), "committee_members",
                             "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "林秀英" in listed.stdout and MARKER not in listed.stdout


def test_a_draft_never_travels_in_a_package(world: World) -> None:
    with world.open(world.village) as village:
        before = preview_export(village).totals()
        member = village.records("committee_members")[0]
        drafts.save(village, drafts.new_draft_id(), "committee_members", TYPED)
        drafts.save(village, drafts.new_draft_id(), "committee_members", {**TYPED, "姓名": MARKER},
                    record_uuid=member["uuid"], base_version=village.get(member["uuid"]).version_id)
        assert preview_export(village).totals() == before
    package = world.export()
    assert package is not None
    summary = world.import_(package)
    assert summary.ok
    conn = driver.connect(world.township)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                assert MARKER not in repr(row) and HALF_ID not in repr(row), table
        assert conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 0
    finally:
        conn.close()


def test_backups_leave_drafts_out_and_a_restore_keeps_this_machines(store: Store, village_db: Path) -> None:
    old_id = drafts.new_draft_id()
    drafts.save(store, old_id, "committee_members", {"姓名": "早已填完的"})
    backup = make_backup(store, keep=10)
    check = driver.connect(backup)
    try:
        assert check.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 0
        assert "早已填完的".encode() not in backup.read_bytes()  # not left in a free page either
    finally:
        check.close()
    drafts.discard(store, old_id)
    now_id = drafts.new_draft_id()
    drafts.save(store, now_id, "committee_members", TYPED)
    store.close()
    restore_backup(village_db, backup)
    with Store.open(village_db) as restored:
        assert [d.id for d in drafts.every_draft(restored)] == [now_id]
        assert drafts.every_draft(restored)[0].values == TYPED
    assert len(list_backups(village_db)) == 2  # the backup and the safety one made by the restore


def test_state_says_whether_the_record_changed_or_went(store: Store) -> None:
    store.today = TODAY
    saved = store.add("committee_members", person())
    base = store.get(saved.uuid).version_id
    draft_id = drafts.new_draft_id()
    drafts.save(store, draft_id, "committee_members", {"姓名": "林秀英"}, record_uuid=saved.uuid,
                base_version=base)
    draft = drafts.get(store, draft_id)
    assert draft is not None
    state = drafts.state_of(store, draft)
    assert not state.changed and not state.missing
    store.edit(saved.uuid, {**person(), "联系电话": "13900000000"})
    assert drafts.state_of(store, draft).changed
    store.delete(saved.uuid, "测试")
    assert drafts.state_of(store, draft).missing
    assert not drafts.state_of(store, drafts.Draft("x", "committee_members", None, None, "u", {}, "")).missing


def test_an_older_database_gets_the_drafts_table(village_db: Path) -> None:
    conn = driver.connect(village_db)
    conn.execute("DROP TABLE drafts")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Store.open(village_db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_DB_VERSION
        drafts.save(store, "d1", "committee_members", TYPED)
        assert drafts.get(store, "d1") is not None
