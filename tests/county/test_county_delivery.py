"""The township's delivery folder: one upward export is one folder on the stick, whole or absent,
found by the county's stick import, and the county's receipts in it found by the next export."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from county.chain import Chain, open_store
from sync.exchange import delivery, exporter
from sync.exchange.exporter import export_upward
from sync.exchange.import_summary import ACCEPTED
from sync.exchange.package_file import PackageError
from sync.exchange.stick import import_stick
from sync.progress import Cancelled

T1, T2 = "350322111", "350322112"



def visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def write_fails_on(monkeypatch: pytest.MonkeyPatch, call: int, error: BaseException) -> None:
    """The ``call``-th package written raises ``error`` (a full stick, a power cut)."""
    real = exporter.write_package
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Path:
        nonlocal calls
        calls += 1
        if calls == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(exporter, "write_package", failing)


def test_one_export_is_one_named_folder_of_packages(chain: Chain) -> None:
    stick = chain.stick("one")
    result = chain.upward(T1, stick=stick)
    assert result.folder is not None and visible(stick) == [result.folder]
    assert re.fullmatch(rf"榜头镇（上报仙游县）_{T1}_\d{{8}}-\d{{4}}", result.folder.name)
    assert sorted(result.folder.iterdir()) == sorted(result.paths) and len(result.paths) == 3
    assert not [p for p in stick.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_a_second_export_in_the_same_minute_gets_its_own_folder(tmp_path: Path) -> None:
    first = delivery.finish(delivery.start(tmp_path, "乡镇（上报区县）_350322111_20261205-0930"),
                            "乡镇（上报区县）_350322111_20261205-0930")
    second = delivery.finish(delivery.start(tmp_path, first.name), first.name)
    assert second.name == f"{first.name}-2" and visible(tmp_path) == [first, second]


def test_two_full_exports_make_two_folders(chain: Chain) -> None:
    stick = chain.stick("twice")
    a = chain.upward(T1, stick=stick, full=True).folder
    b = chain.upward(T1, stick=stick, full=True).folder
    assert a is not None and b is not None and a != b and visible(stick) == sorted([a, b])
    assert len(list(b.glob("*.cunwu-pkg"))) == 3


def test_a_failed_write_leaves_no_folder_and_nothing_marked_sent(chain: Chain,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_fails_on(monkeypatch, 2, PackageError("无法写入文件（设备上没有空间）"))
    stick = chain.stick("full")
    with pytest.raises(PackageError):
        chain.upward(T1, stick=stick)
    assert list(stick.iterdir()) == []  # not even the first village's package
    monkeypatch.undo()
    again = chain.upward(T1, stick=stick)
    assert len(again.paths) == 3 and visible(stick) == [again.folder]


def test_a_cancelled_export_leaves_nothing(chain: Chain) -> None:
    asked = 0

    def cancel() -> bool:
        nonlocal asked
        asked += 1
        return asked == 2  # after the first village's package

    stick = chain.stick("cancel")
    with open_store(chain.townships[T1]) as store, pytest.raises(Cancelled, match="没有生成数据包"):
        export_upward(store, stick, cancel=cancel)
    assert list(stick.iterdir()) == []
    assert len(chain.upward(T1, stick=stick).paths) == 3


def test_a_half_built_folder_is_never_imported(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut while the folder is built: its temporary (hidden) folder stays on the stick,
    and the county's stick import does not take its packages."""
    write_fails_on(monkeypatch, 3, KeyboardInterrupt())  # stands for the PC stopping here
    monkeypatch.setattr(delivery, "abandon", lambda tmp: None)  # nothing cleans up after a power cut
    stick = chain.stick("cut")
    with pytest.raises(KeyboardInterrupt):
        chain.upward(T1, stick=stick)
    [half] = list(stick.iterdir())
    assert half.name.startswith(".") and len(list(half.glob("*.cunwu-pkg"))) == 2
    with open_store(chain.county) as store:
        done = import_stick(store, stick)
    assert done.summary.results == [] and done.nearby == []


def test_the_county_imports_the_stick_and_the_townships_read_the_receipts(chain: Chain) -> None:
    """The round trip through one stick: both townships export to its root, the county imports
    the root, each township exports to the root again and finds everything acknowledged."""
    stick = chain.stick("round")
    folders = [chain.upward(t, stick=stick).folder for t in (T1, T2)]
    with open_store(chain.county) as store:
        done = import_stick(store, stick)
    assert [r.status for r in done.summary.results] == [ACCEPTED] * 6
    for folder in folders:
        assert folder is not None and len(list(folder.glob("*.cunwu-receipt"))) == 3
    for township in (T1, T2):
        again = chain.upward(township, stick=stick)
        assert again.nothing_to_send and again.folder is None
        assert [o.ok for o in again.receipts] == [True] * 3  # its own; the other township's are not for it
    assert visible(stick) == sorted(f for f in folders if f is not None)
