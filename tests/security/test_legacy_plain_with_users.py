"""A database an earlier version made, with users but not encrypted, becomes encrypted at the
first login of an administrator (the same crash-safe copy as for a first user), who gets the
recovery code once; anyone else is told an administrator must log in once. And
``cunwu recovery-code`` makes a new code, the old one stops working."""

from __future__ import annotations

from pathlib import Path

import pytest
from security.cli_runs import cunwu, plain_sqlite_reads
from support import VILLAGE_CODE, older_version_database

from sync.store import at_rest, keyslots, login
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK

LIN, WANG = ("lin", "lin-2026"), ("wang", "wang-2026")


@pytest.fixture
def legacy_db(tmp_path: Path) -> Path:
    path = older_version_database(tmp_path / "v.db", [(LIN[0], ADMIN, LIN[1]), (WANG[0], CLERK, WANG[1])])
    assert plain_sqlite_reads(path) and not keyslots.key_file(path).exists()
    return path


def recovery_code_in(text: str) -> str:
    return next(line.split("：", 1)[1] for line in text.splitlines() if "恢复码（只显示这一次）" in line)


def test_an_administrators_login_encrypts_an_older_versions_database(legacy_db: Path) -> None:
    clerk = cunwu("list", str(legacy_db), "committee_members", user=WANG[0], password=WANG[1])
    assert clerk.returncode == 0, clerk.stderr
    assert "请管理员登录一次" in clerk.stderr and plain_sqlite_reads(legacy_db)  # said, and nothing changed

    admin = cunwu("list", str(legacy_db), "village_profile", user=LIN[0], password=LIN[1])
    assert admin.returncode == 0 and "东山村" in admin.stdout, admin.stderr
    assert "恢复码" not in admin.stdout  # the command's output stays what it was
    code = recovery_code_in(admin.stderr)
    assert "保险柜" in admin.stderr and "wang" in admin.stderr and "重设密码" in admin.stderr
    assert not plain_sqlite_reads(legacy_db) and b"\xe4\xb8\x9c\xe5\xb1\xb1" not in legacy_db.read_bytes()
    assert "lin" not in keyslots.key_file(legacy_db).read_text(encoding="utf-8")

    again = cunwu("list", str(legacy_db), "village_profile", user=LIN[0], password=LIN[1])
    assert again.returncode == 0 and "恢复码" not in again.stderr, again.stderr
    # wang's password was not at hand: refused until an administrator sets a new one.
    refused = cunwu("list", str(legacy_db), "committee_members", user=WANG[0], password=WANG[1])
    assert refused.returncode == 2 and "用户名或密码不正确" in refused.stderr
    reset = cunwu("password", str(legacy_db), WANG[0], "--password-stdin", user=LIN[0], password=LIN[1],
                  stdin="wang-new-2026\n")
    assert reset.returncode == 0, reset.stderr
    assert cunwu("list", str(legacy_db), "committee_members", user=WANG[0],
                 password="wang-new-2026").returncode == 0
    # The code printed once opens it when every password is forgotten.
    at_rest.forget_all()
    assert login.reset_with_recovery(legacy_db, code, LIN[0], "lin-new-2026").is_admin


def test_the_window_path_encrypts_too_and_a_clerk_changes_nothing(legacy_db: Path) -> None:
    # What the window calls after its login dialog (desktop/ui/start/protect.py).
    with login.open_store(legacy_db, *WANG) as store:
        assert login.needs_protection(store) and login.protect(store, WANG[1]) is None
    assert plain_sqlite_reads(legacy_db)
    with login.open_store(legacy_db, *LIN) as store:
        protected = login.protect(store, LIN[1])
        assert protected is not None and protected.need_password == [WANG[0]]
        assert [u.name for u in store.users()] == [LIN[0], WANG[0]]  # still open, as lin
    at_rest.forget_all()
    with login.open_store(legacy_db, *LIN) as store:
        assert not login.needs_protection(store)


def test_recovery_code_command_makes_a_new_code_for_administrators_only(legacy_db: Path) -> None:
    first = recovery_code_in(cunwu("list", str(legacy_db), "village_profile", user=LIN[0],
                                   password=LIN[1]).stderr)
    reset = cunwu("password", str(legacy_db), WANG[0], "--password-stdin", user=LIN[0], password=LIN[1],
                  stdin="wang-new-2026\n")
    assert reset.returncode == 0, reset.stderr
    refused = cunwu("recovery-code", str(legacy_db), user=WANG[0], password="wang-new-2026")
    assert refused.returncode == 2 and "管理用户" in refused.stderr and "Traceback" not in refused.stderr
    no_login = cunwu("recovery-code", str(legacy_db))
    assert no_login.returncode == 2 and "请登录" in no_login.stderr
    made = cunwu("recovery-code", str(legacy_db), user=LIN[0], password=LIN[1])
    assert made.returncode == 0, made.stderr
    second = recovery_code_in(made.stdout)
    assert second != first and "旧恢复码从此失效" in made.stdout and "保险柜" in made.stdout
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin, match="恢复码不正确"):
        login.reset_with_recovery(legacy_db, first, LIN[0], "lin-new-2026")
    assert login.reset_with_recovery(legacy_db, second, LIN[0], "lin-new-2026").is_admin


def test_recovery_code_on_a_database_without_users_says_why_not(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    Store.create_village(db, VILLAGE_CODE, "东山村").close()
    result = cunwu("recovery-code", str(db))
    assert result.returncode == 2 and "没有加密" in result.stderr and "user-add" in result.stderr
    assert "Traceback" not in result.stderr
