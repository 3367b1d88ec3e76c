"""A county chain built the real way: villages → their townships (data packages) → the county
(upward packages), through the same calls the command line makes. Tests of h17a's import."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from support import TODAY, ident, person

from sync.exchange.county import enroll_with_county, write_county_enrollment_file
from sync.exchange.exporter import UpwardResult, export_package, export_upward
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.import_summary import ImportSummary
from sync.exchange.importer import import_packages
from sync.exchange.receipts_read import read_upward_receipts
from sync.store.store import Store

COUNTY_CODE = "350322"
COUNTY_NAME = "仙游县"
# Two townships of three villages each; the second township's villages are 2xx.
TOWNSHIPS = {"350322111": "榜头镇", "350322112": "郊尾镇"}


def open_store(path: Path) -> Store:
    store = Store.open(path)
    store.today = TODAY
    return store


def village_codes(township: str) -> list[str]:
    return [f"{township}{n:03d}" for n in (201, 202, 203)]


@dataclass
class Chain:
    root: Path
    county: Path
    townships: dict[str, Path] = field(default_factory=dict)
    villages: dict[str, Path] = field(default_factory=dict)  # village code → its database
    township_of: dict[str, str] = field(default_factory=dict)  # village code → township code
    enrollments: dict[str, Path] = field(default_factory=dict)  # township code → county's file

    def copy_to(self, root: Path) -> Chain:
        """A copy of this chain of its own under ``root`` (databases, enrollment files, sticks)."""
        shutil.copytree(self.root, root)

        def moved(path: Path) -> Path:
            return root / path.relative_to(self.root)

        return Chain(root, moved(self.county), {k: moved(v) for k, v in self.townships.items()},
                     {k: moved(v) for k, v in self.villages.items()}, dict(self.township_of),
                     {k: moved(v) for k, v in self.enrollments.items()})

    def stick(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(exist_ok=True)
        return path

    def village_up(self, village: str, *, full: bool = False) -> ImportSummary:
        """The village sends its changes to its township (data package, imported there)."""
        stick = self.stick(f"v-{village}")
        with open_store(self.villages[village]) as store:
            export_package(store, stick, full=full)
        with open_store(self.townships[self.township_of[village]]) as store:
            return import_packages(store, [stick], workers=0)

    def upward(self, township: str, *, full: bool = False, stick: Path | None = None) -> UpwardResult:
        with open_store(self.townships[township]) as store:
            return export_upward(store, stick or self.stick(f"t-{township}"), full=full)

    def county_import(self, *paths: Path, **options: object) -> ImportSummary:
        with open_store(self.county) as store:
            return import_packages(store, list(paths), workers=0, **options)  # type: ignore[arg-type]

    def send_up(self, township: str, *, full: bool = False) -> ImportSummary:
        """Upward export, county import, then the township reads the county's receipts (as when
        the stick comes back and it next exports)."""
        stick = self.stick(f"t-{township}")
        sent = self.upward(township, full=full, stick=stick)
        assert sent.folder is not None and sent.folder.parent == stick
        summary = self.county_import(sent.folder)
        with open_store(self.townships[township]) as store:  # at the stick's root, as it exports
            assert all(o.ok for o in read_upward_receipts(store, stick))
        return summary


def add_village(path: Path, code: str, name: str, n: int) -> None:
    with Store.create_village(path, code, name, {"常住人口": 1000 + n, "户数": 300 + n}) as store:
        store.today = TODAY
        store.add("committee_members", person(姓名=f"{name}书记", 公民身份号码=ident("19680512", 10 + n),
                                              党组织职务="书记", 委员分工=None, 村委会职务="主任"))
        store.add("committee_members", person(姓名=f"{name}委员", 公民身份号码=ident("19750301", 500 + n)))


def build_chain(root: Path, *, villages_per_township: int = 3, enroll_townships: bool = True) -> Chain:
    """The county, its two townships enrolled with it, each with three enrolled villages whose
    data reached their township (nothing sent up yet). ``enroll_townships=False``: the townships
    have not enrolled with the county yet (the window's journey does it)."""
    root.mkdir(parents=True, exist_ok=True)
    chain = Chain(root, root / "county.db")
    Store.create_county(chain.county, COUNTY_CODE, COUNTY_NAME).close()
    n = 0
    for township, township_name in TOWNSHIPS.items():
        path = root / f"township-{township}.db"
        Store.create_township(path, township, township_name).close()
        chain.townships[township] = path
        if enroll_townships:
            with open_store(chain.county) as store:
                made = write_county_enrollment_file(store, root, township=township, township_name=township_name)
            assert made.path is not None
            chain.enrollments[township] = made.path
            with open_store(path) as store:
                enroll_with_county(store, made.path)
        for village in village_codes(township)[:villages_per_township]:
            n += 1
            vpath = root / f"village-{village}.db"
            add_village(vpath, village, f"{township_name[:2]}{n}村", n)
            chain.villages[village] = vpath
            chain.township_of[village] = township
            bound = root / "bound"
            bound.mkdir(exist_ok=True)
            with open_store(path) as store:
                file = write_enrollment_file(store, bound, village=village)
            with open_store(vpath) as store:
                assert file.path is not None
                enroll(store, file.path)
            summary = chain.village_up(village)
            assert summary.ok, [r.reason for r in summary.results]
    return chain
