"""The command line logs in on a database that has users, and the roles hold there (issue 13).

Every subcommand that opens a database is listed here (a new one without an entry fails
``test_every_command_is_covered``): each refuses without a login, in Chinese, exit 2; a 查看 user
changes nothing through any of them, sync ones included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from roles_support import PASSWORD, Places
from support import VILLAGE_CODE
from sync_support import data_digest

import desktop.commands.login as login
from desktop.cli import build_parser, main
from sync.exchange.installations import all_installations
from sync.store.store import Store

NO_DATABASE = {"init", "demo", "check-id", "gui"}  # they create a database, or open none


def _record(p: Places) -> str:
    with Store.open(p.world.village) as store:
        return store.records("committee_members")[0]["uuid"]


def _version(p: Places) -> list[str]:
    with Store.open(p.world.village) as store:
        uuid = store.records("committee_members")[0]["uuid"]
        return [uuid, store.history(uuid)[-1].version_id]


def _pc(p: Places) -> str:
    with Store.open(p.world.township) as store:
        return all_installations(store)[0].installation_id


V, T = "village", "township"
Args = Callable[[Places], list[object]]
# command -> (database, its arguments after the database, does it write?)
COMMANDS: dict[str, tuple[str, Args, bool]] = {
    "add": (V, lambda p: ["committee_members", "--set", "姓名=赵新"], True),
    "edit": (V, lambda p: [_record(p), "--set", "联系电话=13900000009"], True),
    "delete": (V, lambda p: [_record(p), "--reason", "调离"], True),
    "restore": (V, lambda p: [_record(p)], True),
    "revert": (V, _version, True),
    "history": (V, lambda p: [_record(p)], False),
    "list": (V, lambda p: ["committee_members"], False),
    "check": (V, lambda p: [], False),
    "backup": (V, lambda p: ["--list"], False),
    "restore-backup": (V, lambda p: [p.world.village], True),
    "user-add": (V, lambda p: ["newcomer", "--role", "填报员", "--password", "newcomer1"], True),
    "password": (V, lambda p: ["admin", "--password-stdin"], True),
    "settings": (V, lambda p: ["--set", "stale_days=60"], True),
    "recovery-code": (V, lambda p: [], True),
    "stats": (V, lambda p: [], False),
    "print-book": (V, lambda p: ["--out", p.out.parent / "book.pdf"], False),
    "import-excel": (V, lambda p: ["committee_members", p.roster], True),
    "export-excel": (V, lambda p: ["--out", p.out.parent / "out.xlsx"], False),
    "template": (V, lambda p: [], False),  # `template REGISTER --out F --db DB`: arranged in argv()
    "enroll": (V, lambda p: [p.world.enrollment], True),
    "export-package": (V, lambda p: ["--out", p.out, "--full"], True),
    "enrollment": (T, lambda p: ["--out", p.out], True),
    "import-package": (T, lambda p: [p.fresh], True),
    "conflicts": (T, lambda p: [], False),
    "resolve": (T, lambda p: ["1", "--take", "ours"], True),
    "villages": (T, lambda p: [], False),
    "import-log": (T, lambda p: [], False),
    "choices": (T, lambda p: ["--add", "干部来源=乡镇推荐"], True),
    "retire-installation": (T, lambda p: [_pc(p), "--reason", "电脑已损坏"], True),
    "reenable-installation": (T, lambda p: [_pc(p), "--reason", "修好了"], True),
    "term-close": (V, lambda p: [], False),  # without --term: lists the 届次 in office
}
# Sync commands a village and a township run in both directions: the return package too.
EXTRA = {
    "import-package (village: return)": ("import-package", V, lambda p: [p.returns], True),
    "export-package (township: return)": ("export-package", T,
                                          lambda p: ["--out", p.out, "--for-village", VILLAGE_CODE, "--full"],
                                          True),
    "enroll (another township)": ("enroll", V, lambda p: [p.other_enrollment, "--replace-township"], True),
}



@pytest.fixture(autouse=True)
def no_login_from_outside(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    # qapp: print-book run in this process would otherwise make a QGuiApplication, and a later
    # test's widgets in the same worker would run on it and crash.
    monkeypatch.delenv(login.USER_ENV, raising=False)
    monkeypatch.delenv(login.PASSWORD_ENV, raising=False)
    login._warned_unprotected.clear()


def argv(command: str, db: Path, extra: list[object]) -> list[str]:
    if command == "template":
        return ["template", "committee_members", "--out", str(db.parent / "t.xlsx"), "--db", str(db)]
    return [command, str(db), *(str(a) for a in extra)]


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_is_covered() -> None:
    parser = build_parser()
    commands = next(a for a in parser._subparsers._group_actions).choices  # type: ignore[union-attr]
    assert set(commands) - NO_DATABASE == set(COMMANDS)
    for name, sub in commands.items():
        assert "--user" in sub.format_usage(), name


def _cases() -> list[tuple[str, str, str, Args, bool]]:
    cases = [(name, name, db, args, writes) for name, (db, args, writes) in COMMANDS.items()]
    cases += [(label, name, db, args, writes) for label, (name, db, args, writes) in EXTRA.items()]
    return cases


CASES = _cases()


@pytest.mark.parametrize(("label", "command", "which", "args", "writes"), CASES, ids=[c[0] for c in CASES])
def test_without_a_login_every_command_is_refused(places: Places, capsys: pytest.CaptureFixture[str],
                                                  label: str, command: str, which: str, args: Args,
                                                  writes: bool) -> None:
    db = places.world.village if which == V else places.world.township
    before = data_digest(db)
    code, out, err = run(capsys, argv(command, db, args(places)))
    assert code == 2 and "已设置用户，请登录" in err and "--user" in err
    assert "Traceback" not in err and out == ""
    assert data_digest(db) == before


@pytest.mark.parametrize(("label", "command", "which", "args", "writes"), CASES, ids=[c[0] for c in CASES])
def test_a_viewer_changes_nothing_through_any_command(places: Places, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, label: str,
                                                      command: str, which: str, args: Args,
                                                      writes: bool) -> None:
    db = places.world.village if which == V else places.world.township
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(sys, "stdin", _Stdin("newpassword1\n"))
    before = data_digest(db)
    code, out, err = run(capsys, [*argv(command, db, args(places)), "--user", "viewer"])
    assert "Traceback" not in err
    if writes:
        assert code == 2, (out, err)
        assert "（查看）不能" in err or "只有管理员可以管理用户" in err, err
    else:
        assert code in (0, 1), err  # check: 1 when a rule finds an error
    assert data_digest(db) == before, f"{label} as 查看 changed the database"
    assert list(places.out.iterdir()) == []


@pytest.mark.parametrize(("label", "command", "which", "args", "writes"), CASES, ids=[c[0] for c in CASES])
def test_every_command_works_for_an_administrator_who_logs_in(places: Places,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch, label: str,
                                                              command: str, which: str, args: Args,
                                                              writes: bool) -> None:
    db = places.world.village if which == V else places.world.township
    monkeypatch.setenv(login.USER_ENV, "admin")
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(sys, "stdin", _Stdin("newpassword1\n"))
    extra = ["--replace-township"] if command == "enroll" and "another" not in label else []
    code, out, err = run(capsys, [*argv(command, db, args(places)), *extra])
    assert "Traceback" not in err
    assert code in OUTCOME.get(label, (0,)), (label, out, err)
    assert "登录" not in err and "只有" not in err, (label, err)  # a refusal, if any, is the data's


# Where the world's data answers otherwise than 0 (the login and the role having passed): check
# finds the errors its records have; the record is not deleted, the PC not retired, the new
# member lacks required fields, there is no conflict numbered 1, a package was imported before.
OUTCOME: dict[str, tuple[int, ...]] = {"check": (0, 1), "resolve": (0, 2), "import-package": (0, 1),
                                       "import-package (village: return)": (0, 1), "add": (2,),
                                       "restore": (2,), "reenable-installation": (2,)}


class _Stdin:
    """Standard input that is not a terminal, holding ``text``."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""


def test_a_wrong_password_is_refused(places: Places, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(login.PASSWORD_ENV, "not-the-password")
    code, out, err = run(capsys, ["list", str(places.world.village), "committee_members", "--user", "admin"])
    assert code == 2 and "用户名或密码不正确" in err and out == ""


def test_the_user_and_password_from_the_environment(places: Places, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(login.USER_ENV, "clerk")
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    code, _out, err = run(capsys, ["add", str(places.world.village), "committee_members", "--set", "姓名=赵新",
                                  "--set", "公民身份号码=350322196801010121", "--set", "民族=汉族",
                                  "--set", "政治面貌=群众", "--set", "党组织职务=无", "--set", "村委会职务=委员"])
    assert code == 0, err
    with Store.open(places.world.village) as store:
        added = [r for r in store.records("committee_members") if r["姓名"] == "赵新"]
        assert len(added) == 1
        version = store.history(added[0]["uuid"])[-1]
        assert version.user == "clerk"  # the version names who logged in, not 命令行


def test_the_password_is_asked_on_a_terminal(places: Places, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    class Terminal(_Stdin):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr(login.getpass, "getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    code, out, _err = run(capsys, ["list", str(places.world.village), "committee_members", "--user", "viewer"])
    assert code == 0 and asked == ["用户“viewer”的密码："]
    assert "林秀英" in out


def test_a_database_without_users_says_once_that_it_is_unprotected(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.db"
    assert run(capsys, ["init", str(db), "--village-code", VILLAGE_CODE, "--village-name", "东山村"])[0] == 0
    code, _out, err = run(capsys, ["list", str(db), "committee_members"])
    assert code == 0 and err.count("未受保护") == 1
    code, _out, err = run(capsys, ["list", str(db), "committee_members"])
    assert code == 0 and "未受保护" not in err  # once per run of the program


def test_new_passwords_come_from_a_prompt_twice_or_standard_input(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "v.db"
    assert run(capsys, ["init", str(db), "--village-code", VILLAGE_CODE, "--village-name", "东山村"])[0] == 0
    # standard input that is not a terminal: one line
    monkeypatch.setattr(sys, "stdin", _Stdin("first-admin1\n"))
    code, out, err = run(capsys, ["user-add", str(db), "admin", "--role", "管理员"])
    assert code == 0 and "已添加用户 admin" in out and "进程列表" not in err
    monkeypatch.setenv(login.PASSWORD_ENV, "first-admin1")

    class Terminal(_Stdin):
        def isatty(self) -> bool:
            return True

    answers = ["clerk-pass1", "clerk-pass2"]  # typed differently the second time
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr(login.getpass, "getpass", lambda prompt: answers.pop(0))
    code, _out, err = run(capsys, ["user-add", str(db), "clerk", "--user", "admin"])
    assert code == 2 and "两次输入的密码不一致" in err
    answers[:] = ["clerk-pass1", "clerk-pass1"]
    assert run(capsys, ["user-add", str(db), "clerk", "--user", "admin"])[0] == 0
    # --password still works for old scripts, with a warning
    code, _out, err = run(capsys, ["user-add", str(db), "viewer", "--role", "查看", "--password", "viewer-pass1",
                                   "--user", "admin"])
    assert code == 0 and "进程列表" in err
    with Store.open(db) as store:
        assert store.authenticate("clerk", "clerk-pass1") is not None
        assert store.authenticate("viewer", "viewer-pass1") is not None
    # a clerk changes their own password, from standard input
    monkeypatch.setenv(login.PASSWORD_ENV, "clerk-pass1")
    monkeypatch.setattr(sys, "stdin", _Stdin("clerk-new-1\n"))
    code, out, err = run(capsys, ["password", str(db), "--user", "clerk", "--password-stdin"])
    assert code == 0, err
    with Store.open(db) as store:
        assert store.authenticate("clerk", "clerk-new-1") is not None


def test_changing_the_township_on_the_command_line(places: Places, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    village = str(places.world.village)
    before = data_digest(places.world.village)
    code, _out, err = run(capsys, ["enroll", village, str(places.other_enrollment), "--user", "admin"])
    assert code == 2 and "榜头镇" in err and "石门镇" in err and "--replace-township" in err
    code, _out, err = run(capsys, ["enroll", village, str(places.other_enrollment), "--replace-township",
                                   "--user", "clerk"])
    assert code == 2 and "（填报员）不能更换本村注册的乡镇" in err
    assert data_digest(places.world.village) == before
    code, out, err = run(capsys, ["enroll", village, str(places.other_enrollment), "--replace-township",
                                  "--user", "admin"])
    assert code == 0, err
    assert "由“榜头镇”" in out and "改为“石门镇”" in out


def test_a_real_process_without_a_login(places: Places) -> None:
    """The installed command, no terminal: Chinese refusal, exit 2, no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in (login.USER_ENV, login.PASSWORD_ENV)}
    cunwu = Path(sys.executable).with_name("cunwu")
    done = subprocess.run([str(cunwu), "export-package", str(places.world.village), "--out", str(places.out)],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 2 and "请登录" in done.stderr and "Traceback" not in done.stderr
    env[login.USER_ENV], env[login.PASSWORD_ENV] = "viewer", PASSWORD
    done = subprocess.run([str(cunwu), "export-package", str(places.world.village), "--out", str(places.out)],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 2 and "（查看）不能导出数据包" in done.stderr
    assert list(places.out.iterdir()) == []
