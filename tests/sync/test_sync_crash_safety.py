"""A process killed during an import applies all of a package or nothing; a stick pulled out
during an export leaves nothing that passes for a package."""

from __future__ import annotations

import errno
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_support import World, copy_db, copy_world, make_world, record_digest

from forms import atomic_file
from sync.demo.village import build_demo
from sync.exchange.exporter import export_package
from sync.exchange.package_file import PackageError, find_packages
from sync.exchange.package_read import read_package
from sync.exchange.receipt import receipt_filename

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A village with a few thousand records: its import takes long enough to be interrupted."""
    from support import TODAY

    folder = tmp_path_factory.mktemp("crash-world")
    build_demo(folder / "demo.db", volunteers=300, seed=11, today=TODAY).close()
    world = make_world(folder / "world", folder / "demo.db")
    assert world.export() is not None
    return world


def _run(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _import_code(db: Path, package: Path) -> str:
    return ("from sync.store.store import Store\nfrom sync.exchange.importer import import_packages\n"
            f"store = Store.open({str(db)!r})\nimport_packages(store, [{str(package)!r}])\n")


def _imported_packages(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM imported_packages").fetchone()[0]
    finally:
        conn.close()


def kill_during_import(world: World, runs: int, seed: int) -> dict[str, int]:
    package = find_packages(world.stick)[0]
    template = world.root / "template.db"
    copy_db(world.township, template)
    before = record_digest(template)
    reference = world.root / "reference.db"
    copy_db(template, reference)
    started = time.monotonic()
    assert _run(_import_code(reference, package)).wait() == 0
    full_run = time.monotonic() - started
    after = record_digest(reference)
    assert after != before
    rng = random.Random(seed)
    outcomes = {"before": 0, "after": 0}
    for run in range(runs):
        target = world.root / f"killed-{run}.db"
        copy_db(template, target)
        process = _run(_import_code(target, package))
        time.sleep(rng.uniform(0.3, 1.1) * full_run)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        digest = record_digest(target)  # opening the database rolls back what was not committed
        assert digest in (before, after), f"run {run}: a partly applied import"
        state = "after" if digest == after else "before"
        # The log of accepted packages moves with the records, in the same transaction.
        assert _imported_packages(target) == (1 if state == "after" else 0)
        outcomes[state] += 1
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    return outcomes


def test_sigkill_during_import_applies_all_or_nothing(big_world: World) -> None:
    outcomes = kill_during_import(big_world, runs=8, seed=1)
    assert sum(outcomes.values()) == 8


@pytest.mark.slow
def test_sigkill_during_import_many_times(big_world: World) -> None:
    outcomes = kill_during_import(big_world, runs=60, seed=2)
    # Killed early and late: both outcomes really happen.
    assert outcomes["before"] > 0 and outcomes["after"] > 0


def _export_code(db: Path, out: Path) -> str:
    return ("from sync.store.store import Store\nfrom sync.exchange.exporter import export_package\n"
            f"store = Store.open({str(db)!r})\nexport_package(store, {str(out)!r}, full=True)\n")


def test_sigkill_during_export_leaves_nothing_that_imports_as_a_package(big_world: World) -> None:
    with big_world.open(big_world.township) as town:
        from sync.exchange.identity import local_keys

        keys = local_keys(town)
    assert keys is not None
    rng = random.Random(3)
    started = time.monotonic()
    probe = big_world.root / "probe"
    probe.mkdir()
    assert _run(_export_code(big_world.village, probe)).wait() == 0
    full_run = time.monotonic() - started
    complete = 0
    for run in range(8):
        stick = big_world.root / f"pulled-{run}"
        stick.mkdir()
        process = _run(_export_code(big_world.village, stick))
        time.sleep(rng.uniform(0.3, 1.05) * full_run)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        for path in find_packages(stick):  # whatever looks like a package is a whole one
            assert read_package(path, keys.encryption).payload
            complete += 1
        assert all(p.name.endswith((".cunwu-pkg", ".tmp")) for p in stick.iterdir())
    assert complete <= 8


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_stick_failing_mid_export_leaves_no_package_and_nothing_marked_sent(
        world: World, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def boom(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    if where == "write":
        def half(fh: object, data: bytes) -> None:
            fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic_file, "write_chunks", half)
    elif where == "fsync":
        monkeypatch.setattr(atomic_file.os, "fsync", boom)
    else:
        monkeypatch.setattr(atomic_file.os, "replace", boom)
    with world.open(world.village) as village:
        with pytest.raises(PackageError, match=r"无法写入文件.*U 盘"):
            export_package(village, world.stick)
        assert village.conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
        assert village.conn.execute("SELECT COUNT(*) FROM exported_versions").fetchone()[0] == 0
    assert find_packages(world.stick) == []
    monkeypatch.undo()
    # The next export sends everything: nothing was lost.
    assert world.export() is not None
    assert world.import_().ok


def _edit_some(world: World, n: int, note: str) -> None:
    with world.open(world.village) as store:
        for record in store.records("volunteers")[:n]:
            store.edit(record["uuid"], {"所属志愿服务队": note})


def test_sigkill_during_a_stick_of_packages_leaves_each_package_whole(
        big_world: World, tmp_path: Path) -> None:
    """Packages are committed together in batches: a kill loses the open batch as a whole, never
    part of a package, and no receipt is ever written for a package that is not in the database."""
    world = copy_world(big_world, tmp_path / "world")
    for i in range(3):
        _edit_some(world, 40, f"第{i + 1}志愿服务队")
        assert world.export() is not None
    packages = find_packages(world.stick)
    assert len(packages) == 3
    template = world.root / "template.db"
    copy_db(world.township, template)
    states = [record_digest(template)]
    reference = world.root / "reference.db"
    copy_db(template, reference)
    for package in packages:  # the state after each package, one import at a time
        assert _run(_import_code(reference, package)).wait() == 0
        states.append(record_digest(reference))
    assert len(set(states)) == 4
    started = time.monotonic()
    whole = world.root / "whole.db"
    copy_db(template, whole)
    assert _run(_import_code(whole, world.stick)).wait() == 0
    full_run = time.monotonic() - started
    assert record_digest(whole) == states[-1]
    rng = random.Random(5)
    for run in range(6):
        for receipt in world.stick.glob("*.cunwu-receipt"):
            receipt.unlink()
        target = world.root / f"stick-killed-{run}.db"
        copy_db(template, target)
        process = _run(_import_code(target, world.stick))
        time.sleep(rng.uniform(0.2, 1.0) * full_run)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        digest = record_digest(target)
        assert digest in states, f"run {run}: a partly applied package"
        applied = states.index(digest)
        assert _imported_packages(target) == applied
        receipted = [p for p in packages if p.with_name(receipt_filename(p.name)).exists()]
        assert len(receipted) <= applied, f"run {run}: a receipt for a package not in the database"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
