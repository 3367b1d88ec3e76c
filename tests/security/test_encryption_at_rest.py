"""A stolen PC reveals nothing (issue 13): a database with users is encrypted at rest, its backups
too; its key opens with a user's password or the recovery code; the files are the owner's only.

These tests read the files with Python's own ``sqlite3`` module on purpose: that is what a thief
has, and what must fail."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from security.cli_runs import cunwu, plain_sqlite_reads

from sync.exchange.identity import ensure_keys
from sync.store import at_rest, keyslots, login
from sync.store.backup import list_backups, make_backup, restore_backup
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK

PASSWORD = "dongshan2026"


def secrets_of(path: Path) -> list[bytes]:
    """Every person's name and ID number in a plain database, as UTF-8 bytes (what a thief greps)."""
    conn = sqlite3.connect(path)
    try:
        found: set[str] = set()
        for table in ("committee_members", "volunteers", "households"):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for column in ("姓名", "公民身份号码", "户主姓名", "户主公民身份号码"):
                if column in columns:
                    found.update(str(r[0]) for r in conn.execute(f'SELECT "{column}" FROM {table}') if r[0])
        return sorted(s.encode() for s in found if len(s) >= 2)
    finally:
        conn.close()


def leaked(path: Path, secrets: list[bytes]) -> list[bytes]:
    data = path.read_bytes()
    return [s for s in secrets if s in data]


def test_a_database_with_users_cannot_be_read_without_the_password_nor_its_backups(demo_db: Path) -> None:
    secrets = secrets_of(demo_db)
    assert len(secrets) > 100 and leaked(demo_db, secrets)  # the demo's people are there, in clear
    assert plain_sqlite_reads(demo_db)

    added = cunwu("user-add", str(demo_db), "lin", "--role", ADMIN, "--password", PASSWORD)
    assert added.returncode == 0, added.stderr
    code = next(line.split("：", 1)[1] for line in added.stdout.splitlines() if line.startswith("恢复码"))
    assert len(keyslots.normalize_recovery_code(code)) == 29

    assert not plain_sqlite_reads(demo_db)
    assert leaked(demo_db, secrets) == []
    assert leaked(keyslots.key_file(demo_db), secrets) == []

    refused = cunwu("list", str(demo_db), "committee_members")
    assert refused.returncode == 2 and "已加密" in refused.stderr and "Traceback" not in refused.stderr
    wrong = cunwu("list", str(demo_db), "committee_members", user="lin", password="not-it")
    assert wrong.returncode == 2 and "用户名或密码不正确" in wrong.stderr and "Traceback" not in wrong.stderr
    listed = cunwu("list", str(demo_db), "committee_members", user="lin", password=PASSWORD)
    assert listed.returncode == 0 and any(s.decode() in listed.stdout for s in secrets), listed.stderr

    backed_up = cunwu("backup", str(demo_db), user="lin", password=PASSWORD)
    assert backed_up.returncode == 0, backed_up.stderr
    backup = Path(backed_up.stdout.strip().splitlines()[-1])
    assert backup.exists() and keyslots.key_file(backup).exists()
    assert not plain_sqlite_reads(backup)
    assert leaked(backup, secrets) == []
    # The backup opens on its own, with its key file, by the same password.
    listed = cunwu("list", str(backup), "committee_members", user="lin", password=PASSWORD)
    assert listed.returncode == 0 and any(s.decode() in listed.stdout for s in secrets), listed.stderr
    # And it restores from the command line, logged in like any other command.
    refused = cunwu("restore-backup", str(demo_db), str(backup))
    assert refused.returncode == 2 and "已加密" in refused.stderr and "Traceback" not in refused.stderr
    restored = cunwu("restore-backup", str(demo_db), str(backup), user="lin", password=PASSWORD)
    assert restored.returncode == 0 and "已从" in restored.stdout, restored.stderr


def test_the_private_keys_are_not_in_clear_once_there_is_a_user(demo_db: Path) -> None:
    with Store.open(demo_db) as store:
        stored = ensure_keys(store).to_b64_dict()
        private = [stored["signing_private_key"].encode(), stored["encryption_private_key"].encode()]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert leaked(demo_db, private) == private  # a database without users: in clear (it says so)
        store.add_user("lin", ADMIN, PASSWORD)
        backup = make_backup(store)
    assert leaked(demo_db, private) == [] and leaked(backup, private) == []
    assert leaked(keyslots.key_file(demo_db), private) == []


def test_a_database_without_users_stays_plain_and_says_it_is_unprotected(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    made = cunwu("init", str(db), "--village-code", "350322111202", "--village-name", "东山村")
    assert made.returncode == 0 and "没有加密" in made.stderr
    assert plain_sqlite_reads(db) and not keyslots.key_file(db).exists()
    listed = cunwu("list", str(db), "committee_members")
    assert listed.returncode == 0 and "没有加密" in listed.stderr


def test_the_recovery_code_opens_the_database_and_sets_a_new_password(village_db: Path) -> None:
    with Store.open(village_db) as store:
        code = store.add_user("lin", ADMIN, PASSWORD)
        assert code and store.add_user("wang", CLERK, "wang2026") is None  # shown once: the first user
    at_rest.forget_all()
    with pytest.raises(StoreError, match="需要先登录"):
        Store.open(village_db)
    with pytest.raises(at_rest.WrongLogin, match="恢复码不正确"):
        login.reset_with_recovery(village_db, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "lin", "new-password")
    # Typed from the paper: lower case, spaces instead of dashes, O for 0.
    typed = code.lower().replace("-", " ").replace("0", "o")
    user = login.reset_with_recovery(village_db, typed, "lin", "new-password")
    assert user.name == "lin" and user.is_admin
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin, match="用户名或密码不正确"):
        login.open_store(village_db, "lin", PASSWORD)  # the forgotten one no longer opens it
    with login.open_store(village_db, "lin", "new-password") as store:
        assert store.user.is_admin and store.village_name
    at_rest.forget_all()
    with login.open_store(village_db, "wang", "wang2026") as store:  # the others' passwords still work
        assert store.user.role == CLERK


def test_a_disabled_user_can_no_longer_unlock_and_a_changed_password_is_the_one(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.add_user("lin", ADMIN, PASSWORD)
        store.add_user("wang", CLERK, "wang2026")
        store.add_user("zhao", CLERK, "zhao2026")
        store.user = store.authenticate("lin", PASSWORD)
        store.disable_user("zhao")
        store.set_password("wang", "wang-new-1")
    at_rest.forget_all()
    for name, password in (("zhao", "zhao2026"), ("wang", "wang2026")):
        with pytest.raises(at_rest.WrongLogin):
            at_rest.unlock(village_db, name, password)
    at_rest.unlock(village_db, "wang", "wang-new-1")
    assert at_rest.key_for(village_db) is not None


def test_files_the_program_creates_are_the_owners_only(village_db: Path, tmp_path: Path) -> None:
    os.umask(0o022)  # as on a default Linux desktop: new files 0644 unless the program says otherwise
    with Store.open(village_db) as store:
        store.add_user("lin", ADMIN, PASSWORD)
        backup = make_backup(store)
        files = [village_db, keyslots.key_file(village_db), backup, keyslots.key_file(backup),
                 Path(f"{village_db}-wal"), Path(f"{village_db}-shm")]
        for path in files:
            assert path.exists(), path
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))
    fresh = tmp_path / "t.db"
    Store.create_township(fresh, "350322111", "榜头镇").close()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_an_encrypted_backup_restores_and_a_plain_one_is_refused_over_an_encrypted_database(village_db: Path) -> None:
    with Store.open(village_db) as store:
        before = make_backup(store, label="plain")
        store.add_user("lin", ADMIN, PASSWORD)
        store.set_setting("backup_keep", 20)
        encrypted = make_backup(store, label="encrypted")
        store.set_setting("backup_keep", 5)
    assert {before, encrypted} <= set(list_backups(village_db))
    with pytest.raises(PermissionError, match="需要登录后才能用备份恢复数据库"):  # nobody logged in
        restore_backup(village_db, encrypted)
    with login.open_store(village_db, "lin", PASSWORD) as store:
        lin = store.user
    safety = restore_backup(village_db, encrypted, lin)
    assert not plain_sqlite_reads(safety)
    with Store.open(village_db) as store:
        assert store.settings()["backup_keep"] == 20 and [u.name for u in store.users()] == ["lin"]
    with pytest.raises(StoreError, match="加密以前"):
        restore_backup(village_db, before, lin)


def test_a_missing_key_file_is_said_plainly(village_db: Path) -> None:
    with Store.open(village_db) as store:
        store.add_user("lin", ADMIN, PASSWORD)
    at_rest.forget_all()
    keyslots.key_file(village_db).unlink()
    with pytest.raises(StoreError, match="钥匙文件"):
        Store.open(village_db)
    result = cunwu("list", str(village_db), "committee_members", user="lin", password=PASSWORD)
    assert result.returncode == 2 and "钥匙文件" in result.stderr and "Traceback" not in result.stderr


def test_files_the_command_line_writes_are_the_owners_only(tmp_path: Path) -> None:
    db, roster = tmp_path / "v.db", tmp_path / "out" / "花名册.xlsx"
    assert cunwu("init", str(db), "--village-code", "350322111202", "--village-name", "东山村").returncode == 0
    made = cunwu("export-excel", str(db), "committee_members", "--out", str(roster))
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(roster.stat().st_mode) == 0o600
