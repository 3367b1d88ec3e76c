"""Bad package files on a stick (issue 13): a crafted header, a FIFO, another village's package.

Each is refused with a Chinese reason; the import still ends with its summary, the genuine
packages beside it are imported and receipted, nothing unchecked reaches the import log.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from sync_support import World

from desktop.cli import main
from sync.exchange.identity import enroll
from sync.exchange.import_summary import ACCEPTED, REFUSED
from sync.exchange.importer import import_packages
from sync.exchange.package_zip import build_zip
from sync.store.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def members(package: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(package) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


@pytest.mark.parametrize("name_value", [["东山村"], {"名": "东山村"}])
def test_a_crafted_header_is_refused_with_a_summary_and_the_genuine_package_is_imported(
        world: World, name_value: object, capsys: pytest.CaptureFixture[str]) -> None:
    genuine = world.export()
    assert genuine is not None
    parts = members(genuine)
    header = json.loads(parts["header.json"])
    header["village_name"] = name_value  # no valid signature needed: read before verifying
    header["package_id"] = "crafted-" + header["package_id"][:40]
    raw = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    crafted = world.stick / ("0" + genuine.name)  # sorted first on the stick
    crafted.write_bytes(build_zip([("header.json", raw), ("payload.bin", parts["payload.bin"]),
                                   ("signature", parts["signature"])]))

    code, out, err = run(capsys, "import-package", world.township, world.stick)
    assert code == 1
    assert "Traceback" not in err and "ProgrammingError" not in err
    assert f"拒绝 {crafted.name}" in err and "未导入任何数据" in err
    assert f"已导入 {genuine.name}" in out  # the summary
    assert genuine.with_suffix(".cunwu-receipt").exists()
    code, out, _ = run(capsys, "import-log", world.township, "--json")
    log = {Path(r["file"]).name: r for r in json.loads(out)}
    assert log[crafted.name]["status"] == REFUSED and log[crafted.name]["village_name"] is None
    assert log[genuine.name]["status"] == ACCEPTED


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_named_as_a_package_is_refused_not_waited_on(world: World, tmp_path: Path) -> None:
    fifo = tmp_path / "管道.cunwu-pkg"
    os.mkfifo(fifo)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(world.import_(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        worker.join(timeout=10)
        pytest.fail("importing a FIFO waited for a writer")
    [summary] = outcome
    [result] = summary.results  # type: ignore[attr-defined]
    assert result.status == REFUSED and "不是普通文件" in result.reason


def test_a_village_importing_another_villages_data_package_is_told_so(world: World) -> None:
    package = world.export()
    assert package is not None
    with Store.create_village(world.root / "west.db", "350322111203", "西山村") as west:
        enroll(west, world.enrollment_for("350322111203"))
        summary = import_packages(west, [package])
    [result] = summary.results
    assert result.status == REFUSED
    assert "发给乡镇的数据包" in result.reason and "乡镇发来的返回数据包" in result.reason
    assert "发给其他乡镇" not in result.reason  # the township's wording
