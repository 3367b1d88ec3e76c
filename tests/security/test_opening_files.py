"""Opening a file that is not (or not yet, or no longer) a database this program may change
(issue 13): refused before anything is changed, or opened read-only, with a Chinese message."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_support import small_village

from desktop.cli import main
from sync.store.schema import SCHEMA_DB_VERSION
from sync.store.store import Store, StoreError


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def another_sqlite_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE 账目 (id INTEGER PRIMARY KEY, 金额 REAL)")
    conn.execute("INSERT INTO 账目(金额) VALUES (12.5)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("make", ["another_sqlite", "empty", "text"])
def test_a_file_that_is_not_a_cunwu_database_is_refused_unchanged(
        tmp_path: Path, make: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "账本.db"
    if make == "another_sqlite":
        another_sqlite_file(path)
    elif make == "empty":
        path.write_bytes(b"")
    else:
        path.write_text("姓名,电话\n", encoding="utf-8")
    before = folder_state(folder)
    with pytest.raises(StoreError, match="不是村务台账数据库"):
        Store.open(path)
    code, _out, err = run(capsys, "list", path, "committee_members")
    assert code == 2 and "不是村务台账数据库" in err and "未做任何修改" in err
    assert folder_state(folder) == before  # byte for byte, and no -wal / -shm beside it


def test_a_database_from_a_newer_program_asks_to_upgrade(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "village.db"
    small_village(db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_DB_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    code, _out, err = run(capsys, "list", db, "committee_members")
    assert code == 2 and "请升级村务台账" in err and f"数据库版本 {SCHEMA_DB_VERSION + 1}" in err
    assert db.read_bytes() == before


@contextlib.contextmanager
def read_only_medium(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs mounted, filled by the caller, then made read-only (root only: else skip)."""
    mount = tmp_path / "stick"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_database_on_a_read_only_medium_reads_and_says_why_it_cannot_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with read_only_medium(tmp_path) as stick:
        db = stick / "village.db"
        small_village(db)
        assert subprocess.run(["mount", "-o", "remount,ro", str(stick)], capture_output=True).returncode == 0
        with Store.open(db) as store:
            assert store.read_only and "只读" in store.read_only
            assert [r["姓名"] for r in store.records("committee_members")]
            with pytest.raises(StoreError, match="只读"):
                store.add("committee_members", {"姓名": "赵六"})
        code, out, _err = run(capsys, "list", db, "committee_members")
        assert code == 0 and "王建国" in out
        code, _out, err = run(capsys, "add", db, "committee_members", "--set", "姓名=赵六")
        assert code == 2 and "只读" in err and "复制到本机" in err
