"""Disabling a user gives the database a new key: a SIGKILL at any moment of it leaves a database
the remaining users open, whole, and after their next login the disabled user's password opens
nothing (sync/store/rekey.py).

A child process logs in as the administrator and disables a clerk, killing itself at the n-th
call of one of the steps (file renames, fsyncs, connections, the key file, remembering the new
key) or after a delay that falls inside the rekey; the parent then logs in to what is on disk."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from security.killing import DEADLY

from sync.store import at_rest, keyslots, login
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK

ROOT = Path(__file__).resolve().parents[2]
LIN, ZHAO = ("lin", "lin-2026"), ("zhao", "zhao-2026")

CHILD = r"""
import os, signal, sys, threading, time
from forms import atomic_file
from sync.store import at_rest, driver, keyslots, login

path, target, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
""" + DEADLY + r"""

store = login.open_store(path, "lin", "lin-2026")
for owner, name in ((os, "replace"), (os, "fsync"), (driver, "connect"), (atomic_file, "sync_folder"),
                    (keyslots, "write"), (at_rest, "remember")):
    deadly(owner, name)
if delay > 0:
    threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGKILL)).start()
started = time.perf_counter()
store.disable_user("zhao")
print("TOOK", time.perf_counter() - started)
store.close()
print("CALLS", calls)
"""


def run_child(db: Path, target: int, delay: float = 0.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(db), str(target), str(delay)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def check(db: Path, records: int) -> str:
    """"disabled" or "active" (zhao), after checking the administrator opens a whole database
    with every record, and that zhao's password opens it exactly when zhao is still active."""
    at_rest.forget_all()
    with login.open_store(db, *LIN) as store:  # finishes an interrupted key change
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == records
        active = ZHAO[0] in [u.name for u in store.users()]
    assert not keyslots.read(keyslots.key_file(db)).in_transition()  # type: ignore[union-attr]
    at_rest.forget_all()
    try:
        at_rest.unlock(db, *ZHAO)  # the key itself, as a thief would use it
        opened = True
    except StoreError:
        opened = False
    at_rest.forget_all()
    assert opened == active, (opened, active)
    return "active" if active else "disabled"


@pytest.fixture
def encrypted_village(demo_db: Path) -> tuple[Path, int]:
    with Store.open(demo_db) as store:
        store.add_user(LIN[0], ADMIN, LIN[1])
        store.add_user(ZHAO[0], CLERK, ZHAO[1])
        records = store.conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    at_rest.forget_all()
    return demo_db, records


def _copy(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    shutil.copy(keyslots.key_file(source), keyslots.key_file(target))
    return target


@pytest.mark.slow
def test_a_kill_at_any_step_of_a_rekey_leaves_a_database_the_others_open(encrypted_village, tmp_path) -> None:
    template, records = encrypted_village
    full = run_child(_copy(template, tmp_path / "probe.db"), 0)
    assert full.returncode == 0, full.stderr
    steps = int(full.stdout.split("CALLS")[1])
    assert steps >= 5
    seen: dict[str, list[int]] = {"active": [], "disabled": []}
    for target in range(1, steps + 1):
        db = _copy(template, tmp_path / f"kill-{target}.db")
        result = run_child(db, target)
        assert result.returncode == -signal.SIGKILL, (target, result.stderr)
        seen[check(db, records)].append(target)
    assert seen["disabled"], seen
    print("kill points", steps, seen)


@pytest.mark.slow
def test_a_kill_inside_the_rekey_leaves_the_old_or_the_new_key_whole(encrypted_village, tmp_path) -> None:
    template, records = encrypted_village
    full = run_child(_copy(template, tmp_path / "probe.db"), 0)
    took = float(full.stdout.split("TOOK")[1].split()[0])
    for n, fraction in enumerate((0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)):
        db = _copy(template, tmp_path / f"timed-{n}.db")
        run_child(db, 0, took * fraction)
        print("timed", fraction, check(db, records))



def test_a_rekey_cut_off_while_its_pages_are_written_leaves_the_old_key_whole(encrypted_village, tmp_path,
                                                                              monkeypatch) -> None:
    """``PRAGMA rekey`` rewrites every page in one transaction; in WAL mode its frames are appended
    to the WAL with the commit mark on the last one. What a kill during that write leaves is the
    WAL cut short at some frame: the database and the WAL as they were the moment the rekey
    returned, copied, then the WAL cut at frame boundaries, must open whole under the old key
    (every cut) and under the new one only with the whole WAL."""
    from sync.store import driver, rekey

    template, records = encrypted_village
    db = _copy(template, tmp_path / "v.db")
    wal = Path(f"{db}-wal")
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    remembered = at_rest.remember

    def copy_then_remember(path, key):  # called right after PRAGMA rekey returns
        shutil.copy(db, snapshot / "v.db")
        shutil.copy(wal, snapshot / "v.db-wal")
        remembered(path, key)

    with login.open_store(db, *LIN) as store:
        old = at_rest.key_for(db)
        size_before = wal.stat().st_size
        monkeypatch.setattr(rekey.at_rest, "remember", copy_then_remember)
        store.disable_user(ZHAO[0])
        monkeypatch.undo()
        new = at_rest.key_for(db)
    assert old is not None and new is not None and new != old
    frames = (snapshot / "v.db-wal").read_bytes()
    page = 4096 + 24  # SQLCipher's 4 KiB pages, each with its WAL frame header
    written = (len(frames) - max(size_before, 32)) // page
    assert written * 4096 >= template.stat().st_size * 0.9  # every page was rewritten into the WAL
    cuts = sorted({max(size_before, 32) + page * n for n in (0, 1, written // 4, written // 2, written - 1)})
    for n, cut in enumerate([*cuts, len(frames)]):
        target = tmp_path / f"cut-{n}"
        target.mkdir()
        shutil.copy(snapshot / "v.db", target / "v.db")
        (target / "v.db-wal").write_bytes(frames[:cut])
        whole = cut == len(frames)
        assert driver.opens_with(target / "v.db", new if whole else old), (cut, len(frames))
        assert not driver.opens_with(target / "v.db", old if whole else new), (cut, len(frames))
        conn = driver.connect(target / "v.db", key=new if whole else old)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == records
        finally:
            conn.close()
