"""The one atomic file write: a target holds the old file or the whole new one, never a part."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from forms import atomic_file
from forms.atomic_file import (
    ReadBackDiffers,
    TargetInUse,
    write_atomic,
    write_bytes_atomic,
    write_text_atomic,
)


def test_bytes_arrive_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    data = os.urandom(3 * atomic_file.CHUNK + 17)  # several slices
    assert write_bytes_atomic(target, data) == target
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_producer_may_write_the_file_its_own_way(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    seen: list[Path] = []

    def produce(tmp: Path) -> None:
        seen.append(tmp)
        tmp.write_text("第一行\n", encoding="utf-8")

    write_atomic(target, produce, verify=lambda tmp: seen.append(tmp))
    assert target.read_text(encoding="utf-8") == "第一行\n"
    tmp = seen[0]
    assert seen == [tmp, tmp] and tmp.parent == tmp_path
    assert tmp.name.startswith(".report.txt.") and tmp.name.endswith(".tmp")  # hidden, never taken for the file
    assert not tmp.exists()


def test_text_files_keep_their_encoding(tmp_path: Path) -> None:
    write_text_atomic(tmp_path / "r.txt", "导入报告\n", encoding="utf-8-sig")
    assert (tmp_path / "r.txt").read_bytes() == "导入报告\n".encode("utf-8-sig")


@pytest.mark.parametrize("stage", ["produce", "verify"])
def test_a_failure_leaves_the_old_file(tmp_path: Path, stage: str) -> None:
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")

    def fail(tmp: Path) -> None:
        if stage == "produce":
            tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        if stage == "produce":
            write_atomic(target, fail)
        else:
            write_atomic(target, lambda tmp: tmp.write_bytes(b"new"), verify=fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_no_overwrite_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "x.cunwu-pkg"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError, match="已存在"):
        write_bytes_atomic(target, b"new", overwrite=False)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.cunwu-pkg"]


def test_a_target_held_open_elsewhere_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"open in Excel")
    monkeypatch.setattr(atomic_file.os, "replace", locked)
    with pytest.raises(TargetInUse, match="可能正在被其他程序"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"open in Excel"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.xlsx"]


def test_bytes_that_read_back_differently_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky_stick(fh: BinaryIO, data: bytes) -> None:
        fh.write(data[:-1] + bytes([data[-1] ^ 1]))

    monkeypatch.setattr(atomic_file, "write_chunks", flaky_stick)
    with pytest.raises(ReadBackDiffers, match="读回的内容与写入的不一致"):
        write_bytes_atomic(tmp_path / "r.cunwu-receipt", b"receipt")
    assert list(tmp_path.iterdir()) == []


def test_the_caller_checks_what_was_read_back(tmp_path: Path) -> None:
    def refuse(read_back: bytes) -> None:
        assert read_back == b"data"
        raise ValueError("不是有效的文件")

    with pytest.raises(ValueError, match="不是有效的文件"):
        write_bytes_atomic(tmp_path / "e.cunwu-enroll", b"data", verify=refuse)
    assert list(tmp_path.iterdir()) == []


def test_what_is_synced_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(atomic_file.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    write_atomic(tmp_path / "a.xlsx", lambda tmp: tmp.write_bytes(b"x"))
    write_bytes_atomic(tmp_path / "b.bin", b"y")
    # each file's bytes once, and (POSIX) its folder once, so the rename survives a power cut
    assert len(synced) == (4 if os.name != "nt" else 2)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_files_are_readable_as_the_umask_allows(tmp_path: Path) -> None:
    # A temporary-file API that creates 0600 files would hide a saved report from other users.
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "汇总.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))
        write_bytes_atomic(tmp_path / "p.cunwu-pkg", b"pkg")
    finally:
        os.umask(old)
    for name in ("汇总.pdf", "p.cunwu-pkg"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
