"""A database whose key file the first encrypted version wrote (``cunwu-keys/1``: slots named by
login name in clear, each the database key under argon2id(password)) still opens, and each login
upgrades that user's slot to the second format (sync/store/keys_v1.py).

The files in tests/data/keys_v1/ were made by that version's own code (see its README), so these
tests read what a clerk's PC really holds, not a file written by the reader's twin."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from security.killing import DEADLY

from sync.store import at_rest, keys_v1, keyslots, login, rekey
from sync.store.store import StoreError

ROOT = Path(__file__).resolve().parents[2]
MADE_BY_V1 = ROOT / "tests" / "data" / "keys_v1"
LIN, WANG = ("lin", "lin-2026"), ("wang", "wang-2026")
CODE = "YJEX-W894-6PM7-DPRC-6R18-KMX3"
VOLUNTEERS = 6


@pytest.fixture
def v1_db(tmp_path: Path) -> Path:
    for name in ("village.db", "village.db.keys"):
        shutil.copy(MADE_BY_V1 / name, tmp_path / name)
    at_rest.forget_all()
    yield tmp_path / "village.db"
    at_rest.forget_all()


def key_file_data(db: Path) -> dict[str, object]:
    return json.loads(keyslots.key_file(db).read_text(encoding="utf-8"))


def pending_kinds(db: Path) -> list[str]:
    return sorted(str(e["kind"]) for e in key_file_data(db).get(keyslots.PENDING, []))  # type: ignore[union-attr]


def volunteers_as(db: Path, user: tuple[str, str]) -> int:
    at_rest.forget_all()
    with login.open_store(db, *user) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(store.conn.execute("SELECT count(*) FROM volunteers").fetchone()[0])


def owners(db: Path) -> list[str]:
    key = at_rest.key_for(db)
    assert key is not None
    return sorted(o or "?" for o in keyslots.read(keyslots.key_file(db)).owners(key).values())  # type: ignore[union-attr]


def test_the_fixture_is_a_first_format_key_file(v1_db: Path) -> None:
    data = key_file_data(v1_db)
    assert data["format"] == keys_v1.FORMAT and sorted(data["slots"]) == ["*recovery*", "lin", "wang"]  # type: ignore[arg-type]


def test_the_administrator_opens_a_first_format_file_and_it_is_second_format_afterwards(v1_db: Path) -> None:
    assert volunteers_as(v1_db, LIN) == VOLUNTEERS
    data = key_file_data(v1_db)
    assert data["format"] == keyslots.FORMAT
    text = keyslots.key_file(v1_db).read_text(encoding="utf-8")
    assert '"lin"' not in text and '"wang"' not in text and "*recovery*" not in text  # no names in clear
    assert pending_kinds(v1_db) == ["recovery", "user"]  # wang's and the code's wait for them
    at_rest.forget_all()
    with login.open_store(v1_db, *LIN):  # now through lin's second-format slot
        assert owners(v1_db) == ["lin"]
    assert os.stat(keyslots.key_file(v1_db)).st_mode & 0o777 == 0o600


def test_a_second_user_logging_in_later_is_upgraded_too(v1_db: Path) -> None:
    assert volunteers_as(v1_db, LIN) == VOLUNTEERS
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin, match="用户名或密码不正确"):
        login.open_store(v1_db, "wang", "not-his")
    assert pending_kinds(v1_db) == ["recovery", "user"]  # a wrong password changes nothing
    assert volunteers_as(v1_db, WANG) == VOLUNTEERS
    assert pending_kinds(v1_db) == ["recovery"]
    with login.open_store(v1_db, *WANG):
        assert owners(v1_db) == ["lin", "wang"]
    assert volunteers_as(v1_db, LIN) == VOLUNTEERS  # lin's slot is untouched by wang's upgrade


def test_the_first_format_recovery_code_resets_a_password_and_is_upgraded(v1_db: Path) -> None:
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin, match="恢复码不正确"):
        login.reset_with_recovery(v1_db, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "lin", "new-password")
    typed = CODE.lower().replace("-", " ").replace("0", "o")  # as read from the paper
    assert login.reset_with_recovery(v1_db, typed, "lin", "new-password").name == "lin"
    assert key_file_data(v1_db)["format"] == keyslots.FORMAT
    assert volunteers_as(v1_db, ("lin", "new-password")) == VOLUNTEERS
    with pytest.raises(at_rest.WrongLogin):
        volunteers_as(v1_db, LIN)
    with login.open_store(v1_db, "lin", "new-password") as store:
        assert owners(v1_db) == ["*recovery*", "lin"]
        assert login.facts_of(store).recovery
        logged = store.conn.execute("SELECT detail FROM audit WHERE action = 'v1_slots_dropped'").fetchall()
        assert [r[0] for r in logged] == [rekey.V1_DROPPED + "wang"]  # who needs a new password
    # The new password gave the database a new key: the code's slot went with it (upgraded), wang's
    # first-format slot could not (it opens only the old key): an administrator sets him a password.
    assert pending_kinds(v1_db) == []
    with pytest.raises(at_rest.WrongLogin):
        volunteers_as(v1_db, WANG)
    at_rest.forget_all()
    assert login.reset_with_recovery(v1_db, CODE, "wang", "wang-new").name == "wang"
    assert volunteers_as(v1_db, ("wang", "wang-new")) == VOLUNTEERS


def test_the_recovery_code_is_still_offered_before_it_is_upgraded(v1_db: Path) -> None:
    assert login.login_facts(v1_db).recovery  # locked: the first-format file reads
    with login.open_store(v1_db, *LIN) as store:
        assert login.facts_of(store).recovery  # its slot is pending, still a way in


def test_the_command_line_logs_in_to_a_first_format_file(v1_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUNWU_")}
    env["CUNWU_PASSWORD"] = WANG[1]
    listed = subprocess.run([sys.executable, "-m", "desktop.cli", "list", str(v1_db), "volunteers",
                             "--user", "wang"], capture_output=True, text=True, cwd=ROOT, env=env,
                            timeout=300)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert len([line for line in listed.stdout.splitlines() if line.strip()]) > VOLUNTEERS  # heading + rows
    assert key_file_data(v1_db)["format"] == keyslots.FORMAT and pending_kinds(v1_db) == ["recovery", "user"]
    assert volunteers_as(v1_db, LIN) == VOLUNTEERS


CHILD = r"""
import os, signal, sys
from forms import atomic_file
from sync.store import keyslots, login

path, target = sys.argv[1], int(sys.argv[2])
""" + DEADLY + r"""

for owner, name in ((os, "replace"), (os, "fsync"), (atomic_file, "sync_folder"), (keyslots, "write")):
    deadly(owner, name)
login.open_store(path, "lin", "lin-2026").close()
print("CALLS", calls)
"""


def test_a_kill_at_any_step_of_the_upgrade_leaves_a_file_that_opens(v1_db: Path, tmp_path: Path) -> None:
    killed = 0
    for target in range(1, 30):
        db = tmp_path / f"run{target}" / "village.db"
        db.parent.mkdir()
        for name in ("village.db", "village.db.keys"):
            shutil.copy(v1_db.parent / name, db.parent / name)
        child = subprocess.run([sys.executable, "-c", CHILD, str(db), str(target)], capture_output=True,
                               text=True, cwd=ROOT, timeout=120)
        if child.returncode == 0:
            assert "CALLS" in child.stdout
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        killed += 1
        assert key_file_data(db)["format"] in (keys_v1.FORMAT, keyslots.FORMAT)
        for user in (LIN, WANG):  # whichever file the kill left, both still open
            assert volunteers_as(db, user) == VOLUNTEERS
        assert key_file_data(db)["format"] == keyslots.FORMAT  # and the logins finished the upgrade
        at_rest.forget_all()
        assert login.reset_with_recovery(db, CODE, "lin", "after-kill").name == "lin"
    else:
        pytest.fail("the upgrade never finished")
    assert killed >= 3  # the key file's write: temporary file synced, renamed, folder synced


def test_a_damaged_first_format_file_is_said_plainly(v1_db: Path) -> None:
    data = key_file_data(v1_db)
    del data["slots"]["lin"]["salt"]  # type: ignore[index]
    keyslots.key_file(v1_db).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="已损坏"):
        login.open_store(v1_db, *LIN)
