"""A full disk (issue 13): said in Chinese, the database consistent, the summary finished, and
receipts only for what was committed.

The real thing where the machine lets us mount a small tmpfs (root), a fault at SQLite's write
calls otherwise cannot be simulated honestly, so those tests skip.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_support import World, copy_db, record_digest

from desktop.cli import main
from sync.exchange.import_commit import make_durable
from sync.store import driver
from sync.store.disk_full import DiskFull, is_disk_full
from sync.store.store import Store

FREE = 16 * 1024


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str = "6m") -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path, leave: int = FREE) -> Path:
    """Fill ``disk`` to the brim, then free ``leave`` bytes."""
    filler = disk / "filler.bin"
    block = b"\0" * 65536
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(block)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    size = filler.stat().st_size
    with open(filler, "r+b") as fh:
        fh.truncate(max(0, size - leave))
    return filler


def integrity(db: Path) -> str:
    conn = driver.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_an_import_onto_a_full_disk_says_so_and_leaves_the_database_whole(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = world.export()
    assert package is not None
    with small_disk(tmp_path) as disk:
        township = copy_db(world.township, disk / "township.db")
        before = record_digest(township)
        filler = fill(disk)
        code = main(["import-package", str(township), str(world.stick)])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert code == 1
        assert "磁盘空间已满" in err and "已损坏" not in err
        assert "共 1 个数据包" in out  # the summary is there
        assert not package.with_suffix(".cunwu-receipt").exists()  # nothing committed, nothing vouched
        filler.unlink()
        assert integrity(township) == "ok"
        assert record_digest(township) == before
        # Room again: the same stick imports.
        assert main(["import-package", str(township), str(world.stick)]) == 0
        capsys.readouterr()
        assert package.with_suffix(".cunwu-receipt").exists()


def test_the_database_write_itself_hits_the_full_disk(world: World, tmp_path: Path) -> None:
    """No backup first (the API allows it): the package's own transaction meets the full disk."""
    from sync.exchange.importer import import_packages

    package = world.export()
    assert package is not None
    with small_disk(tmp_path) as disk:
        township = copy_db(world.township, disk / "township.db")
        before = record_digest(township)
        with Store.open(township) as store:
            filler = fill(disk, leave=0)
            summary = import_packages(store, [package], backup=False)
        assert summary.problem is not None and "磁盘空间已满" in summary.problem
        [result] = summary.results
        assert result.status == "refused" and "磁盘空间已满" in result.reason
        assert not package.with_suffix(".cunwu-receipt").exists()
        filler.unlink()
        assert integrity(township) == "ok" and record_digest(township) == before


def test_writing_on_a_full_disk_is_a_disk_full_message_not_a_rollback_traceback(
        world: World, tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        village = copy_db(world.village, disk / "village.db")
        with Store.open(village) as store:
            fill(disk, leave=0)
            with pytest.raises(DiskFull, match="磁盘空间已满"):
                with store.transaction():
                    store.conn.execute("CREATE TABLE big (x BLOB)")
                    store.conn.execute("INSERT INTO big VALUES (zeroblob(8 * 1024 * 1024))")
            assert not store.conn.in_transaction


class _FullOnInsert:
    """Where no small disk can be mounted: SQLite's behaviour on a full disk, imitated (it rolls
    the transaction back itself, then reports SQLITE_FULL)."""

    def __init__(self, conn: driver.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args: object) -> driver.Cursor:
        if sql.lstrip().upper().startswith("INSERT"):
            self.conn.execute("ROLLBACK")
            raise driver.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def test_a_write_sqlite_already_rolled_back_says_disk_full(world: World) -> None:
    with Store.open(world.village) as store:
        before = record_digest(world.village)
        real = store.conn
        store.conn = _FullOnInsert(real)  # type: ignore[assignment]
        try:
            with pytest.raises(DiskFull, match="磁盘空间已满"):
                store.add("volunteers", {"姓名": "赵六", "证件号码": "11010519491231002X",
                                         "注册日期": "2024-01-01"})
        finally:
            store.conn = real
        assert not store.conn.in_transaction
    assert record_digest(world.village) == before


class _FullAtCheckpoint:
    """A connection whose checkpoint meets a full disk (the commit before it went through)."""

    def __init__(self, conn: driver.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args: object) -> driver.Cursor:
        if "wal_checkpoint" in sql:
            raise driver.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def test_a_full_disk_at_the_checkpoint_still_makes_the_commit_durable(world: World) -> None:
    with Store.open(world.village) as store:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        uuid = store.records("committee_members")[0]["uuid"]
        store.edit(uuid, {"联系电话": "13900000099"})
        real = store.conn
        store.conn = _FullAtCheckpoint(real)  # type: ignore[assignment]
        try:
            make_durable(store)  # no exception: the log itself was synced instead
        finally:
            store.conn = real


def test_an_import_whose_checkpoint_meets_a_full_disk_ends_with_summary_and_receipts(world: World) -> None:
    from sync.exchange.importer import import_packages

    package = world.export()
    assert package is not None
    with Store.open(world.township) as store:
        real = store.conn
        store.conn = _FullAtCheckpoint(real)  # type: ignore[assignment]
        try:
            summary = import_packages(store, [package], backup=False)
        finally:
            store.conn = real
    assert summary.ok and [r.status for r in summary.results] == ["accepted"]
    assert package.with_suffix(".cunwu-receipt").exists()


def test_disk_full_is_recognised() -> None:
    assert is_disk_full(driver.OperationalError("database or disk is full"))
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(driver.OperationalError("database is locked"))
