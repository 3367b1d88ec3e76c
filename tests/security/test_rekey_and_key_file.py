"""Old credentials open only old copies (issue 13): disabling a user, changing a password and
making a new recovery code give the database a new key, so the password of someone who left (or
an old password, or an old recovery code), even with the key file as it was, opens nothing
made since. And the key file beside the database names nobody and no village."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sync.store import at_rest, keyslots, login
from sync.store.backup import make_backup, restore_backup
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK

LIN, WANG, ZHAO = ("lin", "lin-2026"), ("王芳", "wang-2026"), ("zhao", "zhao-2026")


@pytest.fixture
def three_users(village_db: Path) -> Path:
    with Store.open(village_db) as store:
        store.add_user(LIN[0], ADMIN, LIN[1])
        store.add_user(WANG[0], CLERK, WANG[1])
        store.add_user(ZHAO[0], CLERK, ZHAO[1])
    at_rest.forget_all()
    return village_db


def opens(db: Path, name: str, password: str, key_file_text: str | None = None) -> bool:
    """Whether ``name``/``password`` gets a key that decrypts ``db`` as it is now, with its key
    file or (given) the text of an older one put beside it, in a fresh process's state. The key,
    not the program's login: a thief with the key reads the file with any SQLCipher, and never
    meets the check that a user is disabled."""
    at_rest.forget_all()
    if key_file_text is not None:
        keyslots.key_file(db).write_text(key_file_text, encoding="utf-8")
    try:
        at_rest.unlock(db, name, password)
        return True
    except StoreError:  # WrongLogin (no slot) or "不配套" (a slot's key is not the file's)
        return False
    finally:
        at_rest.forget_all()


def copy_db(db: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / db.name
    shutil.copy(db, target)
    shutil.copy(keyslots.key_file(db), keyslots.key_file(target))
    return target


def test_the_key_file_names_no_user_and_no_village(three_users: Path) -> None:
    text = keyslots.key_file(three_users).read_text(encoding="utf-8")
    for secret in ("lin", "王芳", "zhao", "东山村", "350322111202"):
        assert secret not in text, secret
    assert "\\u" not in text  # nor escaped
    facts = login.login_facts(three_users)  # what the login screen knows before a login
    assert facts.names == [] and facts.title == "" and facts.recovery
    # Login by name keeps working; a name typed with spaces too.
    assert opens(three_users, " 王芳 ", WANG[1])
    with login.open_store(three_users, " 王芳 ", WANG[1]) as store:
        assert store.user.name == WANG[0]
    assert not opens(three_users, "王", WANG[1]) and not opens(three_users, WANG[0], LIN[1])


def test_a_disabled_users_password_opens_no_copy_made_since_even_with_the_old_key_file(
        three_users: Path, tmp_path: Path) -> None:
    old_key_file = keyslots.key_file(three_users).read_text(encoding="utf-8")
    old_copy = copy_db(three_users, tmp_path / "old")
    with login.open_store(three_users, *LIN) as store:
        reader = Store.open(three_users)  # another connection of this process (the window's)
        store.disable_user(ZHAO[0])
        backup = make_backup(store)
        # The other connection follows the new key and goes on reading and writing.
        assert [u.name for u in reader.users()] == [LIN[0], WANG[0]]
        reader.user = store.user
        reader.set_setting("backup_keep", 9)
        reader.close()
    assert not opens(three_users, *ZHAO)
    assert not opens(backup, *ZHAO)
    assert opens(three_users, *LIN) and opens(three_users, *WANG) and opens(backup, *WANG)
    # The old key file beside the current database or its new backup: zhao's slot is in it, but
    # the key it holds is no longer the database's.
    assert not opens(three_users, *ZHAO, key_file_text=old_key_file)
    assert not opens(backup, *ZHAO, key_file_text=old_key_file)
    # What stays possible, and is no news to zhao: the copy from before, with its key file.
    assert opens(old_copy, *ZHAO)


def test_an_old_password_opens_nothing_after_it_was_changed(three_users: Path) -> None:
    old_key_file = keyslots.key_file(three_users).read_text(encoding="utf-8")
    with login.open_store(three_users, *LIN) as store:
        store.set_password(WANG[0], "wang-new-2026")  # an administrator resets it
    new_key_file = keyslots.key_file(three_users).read_text(encoding="utf-8")
    assert not opens(three_users, *WANG)
    assert not opens(three_users, *WANG, key_file_text=old_key_file)
    keyslots.key_file(three_users).write_text(new_key_file, encoding="utf-8")
    assert opens(three_users, WANG[0], "wang-new-2026") and opens(three_users, *LIN)
    with login.open_store(three_users, *ZHAO) as store:  # one's own password, too
        store.set_password(ZHAO[0], "zhao-new-2026")
    assert not opens(three_users, *ZHAO) and opens(three_users, ZHAO[0], "zhao-new-2026")


def test_a_new_recovery_code_replaces_the_old_one(three_users: Path) -> None:
    with login.open_store(three_users, *LIN) as store:
        first = store.new_recovery_code()
    old_key_file = keyslots.key_file(three_users).read_text(encoding="utf-8")
    with login.open_store(three_users, *LIN) as store:
        second = store.new_recovery_code()
        assert second != first
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin, match="恢复码不正确"):
        login.reset_with_recovery(three_users, first, LIN[0], "lin-new-2026")
    keyslots.key_file(three_users).write_text(old_key_file, encoding="utf-8")
    with pytest.raises(StoreError, match="不配套"):  # the old paper with the old key file
        login.reset_with_recovery(three_users, first, LIN[0], "lin-new-2026")


def test_a_clerk_may_not_make_a_recovery_code(three_users: Path) -> None:
    with login.open_store(three_users, *WANG) as store:
        with pytest.raises(PermissionError, match="管理用户"):
            store.new_recovery_code()


def test_a_backup_from_before_a_rekey_still_restores(three_users: Path) -> None:
    with login.open_store(three_users, *LIN) as store:
        store.set_setting("backup_keep", 20)
        earlier = make_backup(store, label="earlier")
        store.disable_user(ZHAO[0])
        store.set_password(WANG[0], "wang-new-2026")  # a second new key: two keys back
        store.set_setting("backup_keep", 5)
        lin = store.user
    safety = restore_backup(three_users, earlier, lin)
    assert safety.exists()
    with login.open_store(three_users, *LIN) as store:  # the current key file opens it
        assert store.settings()["backup_keep"] == 20  # what the backup held
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The old backup's users came back with it, but not their old keys: zhao has no slot.
    assert not opens(three_users, *ZHAO)
    assert not list(three_users.parent.glob(".*.restore.tmp"))  # the re-keyed copy is gone
