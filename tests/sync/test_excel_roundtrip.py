"""Export → import into a fresh village database gives the same records, for every register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from support import TODAY, VILLAGE_CODE

from forms.model import catalog
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import ADDED, UNCHANGED, import_excel
from sync.store.store import Store

# Parents before children (a service record names a volunteer that must already be there): the
# catalog's order, which the test below holds to that.
IMPORT_ORDER = [r.key for r in catalog().ordered(include_profile=True)]


def comparable(store: Store, register: str, computed: bool = True) -> list[dict[str, Any]]:
    """Records without their UUIDs; references replaced by what they point to."""
    reg = catalog().registers[register]
    out = []
    for rec in store.records(register):
        row = {f.name: rec.get(f.name) for f in (reg.fields if computed else reg.input_fields)}
        for fld in reg.input_fields:
            if fld.type_name == "ref" and row[fld.name]:
                target = store.get(row[fld.name])
                key = target.register.person_field or target.register.title_field
                row[fld.name] = (target.register.key, target.values[key])
        out.append(row)
    return out


@pytest.fixture
def exported(demo_db: Path, tmp_path: Path) -> Path:
    out = tmp_path / "village.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        export_excel(store, out, full_ids=True)
    return out


def test_import_order_puts_every_referenced_register_first() -> None:
    for position, key in enumerate(IMPORT_ORDER):
        for fld in catalog().registers[key].input_fields:
            if fld.ref and fld.ref != key:
                assert IMPORT_ORDER.index(fld.ref) < position, (key, fld.name)


def test_every_register_round_trips_through_one_workbook(demo_db: Path, exported: Path,
                                                         tmp_path: Path) -> None:
    fresh = Store.create_village(tmp_path / "fresh.db", VILLAGE_CODE, "东山村")
    fresh.today = TODAY
    with Store.open(demo_db) as demo:
        demo.today = TODAY
        for key in IMPORT_ORDER:
            report = import_excel(fresh, key, exported)
            assert report.ok, "\n".join(report.lines())
            assert len(report.rows) == demo.count(key), key
            assert comparable(fresh, key, computed=False) == comparable(demo, key, computed=False), key
        # Computed fields (累计服务时长, 星级, 是否村党组织纪检委员 …) once everything is in.
        for key in IMPORT_ORDER:
            assert comparable(fresh, key) == comparable(demo, key), key
    fresh.close()


@pytest.mark.parametrize("register", ["committee_members", "volunteers", "volunteer_services",
                                      "village_rules", "major_decisions", "meetings", "disclosures"])
def test_single_register_export_reimports_as_unchanged(demo_db: Path, tmp_path: Path,
                                                       register: str) -> None:
    out = tmp_path / f"{register}.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        export_excel(store, out, register, full_ids=True)
        assert load_workbook(out, read_only=True).sheetnames == [catalog().registers[register].short, "选项"]
        before = store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        report = import_excel(store, register, out)
        assert report.ok, "\n".join(report.lines())
        assert {r.action for r in report.rows} == {UNCHANGED}
        assert store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == before
        # The export's own hidden sheet of drop-down lists is ours: not named as a sheet left unread.
        assert report.roster.other_sheets == [] and "选项" not in "\n".join(report.lines())
        assert report.roster.sheet_titles == [catalog().registers[register].short]


def test_service_records_name_their_volunteer_by_name_and_id(demo_db: Path, exported: Path) -> None:
    ws = load_workbook(exported)["服务记录"]
    header = [c.value for c in ws[3]]
    column = header.index("志愿者")
    first = ws.cell(4, column + 1).value
    with Store.open(demo_db) as store:
        service = store.records("volunteer_services")[0]
        volunteer = store.get(service["志愿者"]).values
    assert first == f"{volunteer['姓名']}（{volunteer['证件号码']}）"


def test_masked_export_still_resolves_service_records_to_existing_volunteers(
        demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "services_masked.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        export_excel(store, out, "volunteer_services")
        assert "*" in load_workbook(out)["服务记录"].cell(4, 2).value
        report = import_excel(store, "volunteer_services", out)
        assert report.ok, "\n".join(report.lines())
        assert all(r.action == UNCHANGED for r in report.rows)


def test_records_imported_into_fresh_database_are_new_versions(exported: Path, tmp_path: Path) -> None:
    fresh = Store.create_village(tmp_path / "fresh.db", VILLAGE_CODE, "东山村")
    report = import_excel(fresh, "committee_members", exported)
    # 8 members in office and the demo's previous term: 2 re-elected (离任 records) and 4 who left.
    assert [r.action for r in report.rows] == [ADDED] * 14
    assert all(len(fresh.history(r.uuid)) == 1 for r in report.rows if r.uuid)
    fresh.close()
