"""Every file the core saves goes through the one atomic write (``forms.atomic_file``): when the
last step fails (the target is held open in Excel), the old file stays as it was and nothing
else is left in the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from forms import atomic_file
from forms.model import catalog
from forms.roster.template import write_template
from sync.excel.rejects import write_rejected
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import import_excel
from sync.progress import Cancelled
from sync.reports.statistics import compute
from sync.reports.stats_excel import write_excel
from sync.store.store import Store


def _rejected(store: Store, tmp_path: Path) -> Callable[[Path], object]:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "注册时间"])
    ws.append(["王建国", "350322196803151234", "2024.13.1"])  # a bad check digit, no 13th month
    source = tmp_path / "source" / "志愿者.xlsx"
    source.parent.mkdir()
    wb.save(source)
    report = import_excel(store, "volunteers", source, valid_only=True)
    assert report.invalid
    return lambda out: write_rejected(report, out)


WRITERS: dict[str, Callable[[Store, Path], Callable[[Path], object]]] = {
    "statistics workbook": lambda store, _: lambda out: write_excel(compute(store), out),
    "roster export": lambda store, _: lambda out: export_excel(store, out, "committee_members"),
    "blank template": lambda _store, _: lambda out: write_template(catalog().register("volunteers"), out),
    "refused rows": _rejected,
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_refused_replace_keeps_the_old_file(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              writer: str) -> None:
    write = WRITERS[writer](store, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "文件.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic_file.os, "replace", locked)
    with pytest.raises(OSError, match="可能正在被其他程序"):
        write(target)
    assert target.read_bytes() == b"open in Excel"
    assert [p.name for p in folder.iterdir()] == ["文件.xlsx"]
    monkeypatch.undo()
    write(target)
    assert target.read_bytes()[:2] == b"PK"  # the workbook, whole
    assert [p.name for p in folder.iterdir()] == ["文件.xlsx"]


def test_an_export_stopped_by_its_progress_leaves_no_file(store: Store, tmp_path: Path) -> None:
    told: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, message: str) -> bool:
        told.append((done, total, message))
        return len(told) < 2  # stop at the second sheet

    with pytest.raises(Cancelled, match="没有保存文件"):
        export_excel(store, tmp_path / "全部.xlsx", progress=progress)
    assert told[0][2] == "正在导出 村情概况…" and len(told) == 2
    assert not [p for p in tmp_path.iterdir() if "全部" in p.name]  # neither the file nor a temporary one
