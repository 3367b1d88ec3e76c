"""A township's delivery folder for its county: one folder per upward export, whole or absent.

An upward export holds one package per village (the unit the county verifies and applies all
or nothing), but people and scripts handle one thing: the folder
``<乡镇名>（上报<区县名>）_<乡镇代码>_<YYYYMMDD-HHMM>`` (``-2``, ``-3`` … when a second export
falls in the same minute). It is built under a hidden temporary name beside it (a folder scan
skips names starting with "."), synced, and only then renamed into place, so a pulled stick or
a power cut never leaves a half delivery that looks complete. The county writes its receipts
next to the packages, inside the folder; the township finds them there when it next exports to
the folder above (``subfolders``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

from forms.atomic_file import rename_folder_into_place, temporary_path
from sync.exchange.package_file import PackageError
from sync.exchange.stick_files import safe_name_part


def delivery_name(township_name: str, township_code: str, county_name: str, when: dt.datetime) -> str:
    """``榜头镇（上报仙游县）_350322111_20261205-0930``: what it is, from whom, when."""
    who = safe_name_part(township_name, fallback="乡镇")
    to = safe_name_part(county_name, fallback="区县")
    return f"{who}（上报{to}）_{township_code}_{when:%Y%m%d-%H%M}"


def start(out: Path, name: str) -> Path:
    """A new hidden folder in ``out`` to build the delivery ``name`` in."""
    tmp = temporary_path(out / name)  # hidden: no folder scan takes it
    try:
        tmp.mkdir()
    except OSError as exc:
        raise PackageError(f"无法在 {out} 中建立文件夹（{exc.strerror or exc}）。"
                           "请检查 U 盘是否插好、是否已满或写保护，然后重试。") from exc
    return tmp


def finish(tmp: Path, name: str) -> Path:
    """Sync the folder built at ``tmp`` and rename it to ``name`` (a free variant of it) beside it."""
    out = tmp.parent
    target, n = out / name, 1
    while target.exists():
        n += 1
        target = out / f"{name}-{n}"
    try:
        rename_folder_into_place(tmp, target)
    except OSError as exc:
        raise PackageError(f"无法完成数据包文件夹 {target.name}（{exc.strerror or exc}）。"
                           "请检查 U 盘后重试。") from exc
    return target


def abandon(tmp: Path) -> None:
    """Remove a delivery that was not finished (cancelled, or the stick failed)."""
    with contextlib.suppress(OSError):
        shutil.rmtree(tmp)


def subfolders(folder: Path) -> list[Path]:
    """The visible folders directly in ``folder``: delivery folders (and whatever else lies there)."""
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
