"""Adding the first user encrypts the database in place: a SIGKILL at any moment of it leaves
the old plain file or the new encrypted one whole, never a mix and never a file nobody can open.

A child process adds the user and kills itself at the n-th call of one of the steps the
encryption is made of (file renames, fsyncs, connections, the key file, the check of the copy),
or after a delay; the parent then opens what is on disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from security.killing import DEADLY

from sync.store import at_rest, driver
from sync.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "dongshan2026"

CHILD = r"""
import os, signal, sys, threading, time
from forms import atomic_file
from sync.store import at_rest, driver, keyslots
from sync.store.store import Store

path, target, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
""" + DEADLY + r"""

for owner, name in ((os, "replace"), (os, "fsync"), (driver, "connect"), (driver, "private_file"),
                    (atomic_file, "sync_folder"), (keyslots, "write"), (at_rest, "_write_first_user"),
                    (at_rest, "_verify_copy"), (Store, "reconnect")):
    deadly(owner, name)
if delay > 0:
    threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGKILL)).start()
store = Store.open(path)
store.add_user("lin", "管理员", sys.argv[4])
store.close()
print("CALLS", calls)
"""


def run_child(db: Path, target: int, delay: float = 0.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(db), str(target), str(delay), PASSWORD],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def state_of(db: Path, records: int) -> str:
    """"old" or "new", after checking that file is whole and holds every record."""
    if driver.is_plain(db):
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == records
        finally:
            conn.close()
        return "old"
    at_rest.forget_all()
    at_rest.unlock(db, "lin", PASSWORD)  # the key file is there and opens this file
    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [u.name for u in store.users()] == ["lin"]
        assert store.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == records
    return "new"


@pytest.fixture
def plain_village(demo_db: Path) -> tuple[Path, int]:
    with Store.open(demo_db) as store:
        records = store.conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    assert records > 100
    return demo_db, records


@pytest.mark.slow
def test_a_kill_at_any_step_of_the_encryption_leaves_one_whole_database(plain_village, tmp_path) -> None:
    template, records = plain_village
    full = run_child(_copy(template, tmp_path / "probe.db"), 0)
    assert full.returncode == 0, full.stderr
    steps = int(full.stdout.split("CALLS")[1])
    assert steps >= 8
    seen: dict[str, list[int]] = {"old": [], "new": []}
    for target in range(1, steps + 1):
        db = _copy(template, tmp_path / f"kill-{target}.db")
        result = run_child(db, target)
        assert result.returncode == -signal.SIGKILL, (target, result.stderr)
        seen[state_of(db, records)].append(target)
    # Early kills leave the old file, late ones the new: both outcomes happened.
    assert seen["old"] and seen["new"], seen
    assert max(seen["old"]) < min(seen["new"]), seen
    print("kill points", steps, seen)


@pytest.mark.slow
def test_a_kill_at_an_arbitrary_moment_leaves_one_whole_database(plain_village, tmp_path) -> None:
    template, records = plain_village
    for n, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 3.0)):
        db = _copy(template, tmp_path / f"timed-{n}.db")
        run_child(db, 0, delay)
        print("timed", delay, state_of(db, records))


def _copy(source: Path, target: Path) -> Path:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(target, 0o600)
    return target
