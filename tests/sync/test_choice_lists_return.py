"""Choice lists a township extends: stored, audited, sent in return packages, merged by villages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import VILLAGE_CODE
from sync_support import World, data_digest

from desktop.cli import main
from forms.model import SCHEMA_VERSION
from forms.validation import RecordInvalid
from sync.exchange.exporter import export_package, preview_export
from sync.exchange.payload import PayloadError, build_payload, parse_payload
from sync.store import driver
from sync.store.choice_changes import merge_incoming
from sync.store.choices import ALIAS, VALUE, AddedChoice
from sync.store.store import Store, StoreError
from sync.store.users import CLERK, PermissionDenied, User

NEW = "心理疏导"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def service(store: Store, category: str) -> dict[str, object]:
    volunteer = store.records("volunteers")[0]["uuid"]
    return {"志愿者": volunteer, "活动名称": "谈心谈话", "服务日期": "2026-10-01", "服务时长": 1.5,
            "服务类别": category}


def category_issues(store: Store, category: str) -> list[str]:
    _values, issues = store.validate("volunteer_services", service(store, category))
    return [i.message for i in issues if i.field == "服务类别" and i.severity == "error"]


def synced(world: World) -> World:
    """The township has the village's first package (so it knows the village PC)."""
    world.export()
    world.import_()
    return world


# ---------------------------------------------------------------- the township's lists

def test_added_values_persist_and_are_audited(world: World) -> None:
    with world.open(world.township) as town:
        added = town.add_choice_value("服务类别", f" {NEW} ")
        town.add_choice_alias("服务类别", "心理咨询", NEW)
        assert (added.list, added.kind, added.text, added.user) == ("服务类别", VALUE, NEW, "命令行")
        assert NEW in town.catalog.registers["volunteer_services"].field("服务类别").choice_list.values
    with world.open(world.township) as town:  # reopened: built from the database again
        lst = town.catalog.choices["服务类别"]
        assert lst.added_values == (NEW,) and lst.match("心理咨询") == NEW
        assert [(a.kind, a.text, a.value) for a in town.choice_additions()] == [
            (VALUE, NEW, NEW), (ALIAS, "心理咨询", NEW)]
        assert all(a.added_at and a.hlc for a in town.choice_additions())
        audit = town.conn.execute("SELECT user, action, detail FROM audit WHERE action = 'add_choice'").fetchall()
        assert [tuple(r) for r in audit] == [("命令行", "add_choice", f"服务类别：新增选项“{NEW}”"),
                                             ("命令行", "add_choice", f"服务类别：新增别名“心理咨询”→“{NEW}”")]
        with pytest.raises(StoreError, match="已有"):
            town.add_choice_value("服务类别", NEW)


def test_only_a_township_administrator_adds(world: World) -> None:
    with world.open(world.village) as village, pytest.raises(StoreError, match="乡镇统一维护"):
        village.add_choice_value("服务类别", NEW)
    with Store.open(world.township, User("clerk", CLERK, "填报员")) as town:
        with pytest.raises(PermissionDenied, match="管理员"):
            town.add_choice_value("服务类别", NEW)
        assert town.choice_additions() == []


def test_a_database_before_the_lists_existed_opens_and_gains_them(world: World) -> None:
    conn = driver.connect(world.village)
    conn.execute("DROP TABLE choice_additions")
    conn.execute("ALTER TABLE exports DROP COLUMN choices_hlc")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with world.open(world.village) as village:
        assert village.choice_additions() == [] and village.catalog.choices["服务类别"].added_values == ()
        assert village.conn.execute("SELECT COUNT(*) FROM choice_additions").fetchone()[0] == 0


# ---------------------------------------------------------------- to the village and back

def test_return_package_brings_the_lists_to_the_village(world: World, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    synced(world)
    with world.open(world.village) as village:
        assert category_issues(village, NEW)  # not a value of the definition's list
    code, out, _ = run(capsys, "choices", world.township, "--add", f"服务类别={NEW}", "组织类别=乡贤参事",
                       "--alias", f"服务类别=心理咨询:{NEW}")
    assert code == 0 and f"添加选项“{NEW}”" in out and "乡贤参事" in out
    code, out, err = run(capsys, "export-package", world.township, "--out", world.stick,
                         "--for-village", VILLAGE_CODE)
    assert code == 0 and "另含乡镇添加的选项" in err, err
    package = Path(out.strip().splitlines()[-1])
    assert "乡镇返回" in package.name
    code, out, err = run(capsys, "import-package", world.village, package)
    assert code == 0 and "已导入" in out, err

    with world.open(world.village) as village:
        assert category_issues(village, NEW) == []
        saved = village.add("volunteer_services", service(village, "心理咨询"))  # the township's alias
        assert village.get(saved.uuid).values["服务类别"] == NEW
        history = village.conn.execute("SELECT detail FROM audit WHERE action = 'choices_from_township'"
                                       ).fetchall()
        assert len(history) == 1 and NEW in history[0][0]
    code, out, _ = run(capsys, "choices", world.village, "--json", "--list", "服务类别")
    [listed] = json.loads(out)
    assert NEW in listed["values"] and listed["added_values"][0]["value"] == NEW
    assert listed["added_values"][0]["user"] == "命令行"

    # The blank roster's drop-down offers the new value.
    template = tmp_path / "服务记录模板.xlsx"
    code, _, err = run(capsys, "template", "volunteer_services", "--db", world.village, "--out", template)
    assert code == 0, err
    options = load_workbook(template)["选项"]
    column = [c.value for c in next(col for col in options.iter_cols() if col[0].value == "服务类别")]
    assert NEW in column and column[-1] == "其他"

    # The same package again changes nothing.
    before = data_digest(world.village)
    code, out, _ = run(capsys, "import-package", world.village, package)
    assert code == 0 and "重复" in out
    assert data_digest(world.village) == before


def test_the_record_validates_on_the_village_only_after_the_import(world: World) -> None:
    synced(world)
    with world.open(world.village) as village:
        with pytest.raises(RecordInvalid):
            village.add("volunteer_services", service(village, NEW))
        # An administrator saved one with a reason: it is counted with an error until the list arrives.
        flagged = village.add("volunteer_services", service(village, NEW), override_reason="乡镇已同意新增类别")
        assert village.conn.execute("SELECT _errors FROM volunteer_services WHERE uuid = ?",
                                    (flagged.uuid,)).fetchone()[0] == 1
    with world.open(world.township) as town:
        town.add_choice_value("服务类别", NEW)
    assert world.return_package() is not None
    world.import_(world.stick, db=world.village)
    with world.open(world.village) as village:
        assert village.conn.execute("SELECT _errors FROM volunteer_services WHERE uuid = ?",
                                    (flagged.uuid,)).fetchone()[0] == 0
        assert village.add("volunteer_services", service(village, NEW)).issues == []


def test_lists_are_sent_until_confirmed_and_always_in_full(world: World) -> None:
    synced(world)
    with world.open(world.township) as town:
        assert not preview_export(town, for_village=VILLAGE_CODE).choices_changed
        town.add_choice_value("组织类别", "乡贤参事")
        preview = preview_export(town, for_village=VILLAGE_CODE)
        assert preview.choices_changed and not preview.nothing_to_send
        assert [c.text for c in preview.choices] == ["乡贤参事"]
    first = world.return_package()
    assert first is not None
    with world.open(world.township) as town:  # no receipt yet: a lost stick means sending again
        assert preview_export(town, for_village=VILLAGE_CODE).choices_changed
    world.import_(world.stick, db=world.village)  # writes the receipt on the stick
    with world.open(world.township) as town:
        result = export_package(town, world.stick, for_village=VILLAGE_CODE)
        assert result.path is None and all(r.ok for r in result.receipts)
        assert not preview_export(town, for_village=VILLAGE_CODE).choices_changed
        assert preview_export(town, full=True, for_village=VILLAGE_CODE).choices
        town.add_choice_alias("组织类别", "乡贤会", "乡贤参事")
        again = preview_export(town, for_village=VILLAGE_CODE)
        assert again.choices_changed and len(again.choices) == 2  # the lists go whole


def test_a_village_package_never_changes_the_township_lists(world: World) -> None:
    with world.open(world.township) as town:
        town.add_choice_value("组织类别", "乡贤参事")
    synced(world)
    with world.open(world.village) as village:
        assert village.choice_additions() == []  # the village never had it: nothing to send
    with world.open(world.township) as town:
        assert [a.text for a in town.choice_additions()] == ["乡贤参事"]
    # Even a package that carried a choices section (it cannot be made by Cunwu) is read without it.
    item = AddedChoice("组织类别", VALUE, "村自己加的", "村自己加的", _stamp(1),
                       "村", "2026-01-01T00:00:00")
    header = {"kind": "data", "package_id": "p1", "village_code": VILLAGE_CODE, "installation_id": "i1",
              "schema_version": SCHEMA_VERSION}
    data = build_payload(kind="data", package_id="p1", village=VILLAGE_CODE, village_name="东山村",
                         installation="i1", full=False, versions=[], profile=None, choices=[item])
    with world.open(world.township) as town:
        assert parse_payload(data, header, town.catalog, "x.cunwu-pkg").choices == []
        back = parse_payload(data.replace(b'"kind":"data"', b'"kind":"return"'), {**header, "kind": "return"},
                             town.catalog, "x.cunwu-pkg")
        assert back.choices == [item]


def test_malformed_choices_refuse_the_package() -> None:
    from forms.model import catalog

    header = {"kind": "return", "package_id": "p1", "village_code": VILLAGE_CODE, "installation_id": "i1",
              "schema_version": SCHEMA_VERSION}
    body = json.loads(build_payload(kind="return", package_id="p1", village=VILLAGE_CODE, village_name=None,
                                    installation="i1", full=False, versions=[], profile=None))
    assert "choices" not in body  # nothing to send: the section is left out (older readers never see it)
    body["choices"] = [{"list": "组织类别", "kind": "value", "text": "a", "value": "b", "hlc": "x",
                        "user": "", "at": ""}]
    with pytest.raises(PayloadError, match="选项列表"):
        parse_payload(json.dumps(body).encode(), header, catalog(), "x.cunwu-pkg")


# ---------------------------------------------------------------- merging on the village

def _stamp(n: int) -> str:
    return f"{n:016d}.0000"


def test_values_merge_as_a_union_and_aliases_by_the_newer_stamp(store: Store) -> None:
    value = AddedChoice("干部来源", VALUE, "乡贤", "乡贤", _stamp(10), "镇管理员", "2026-01-01T08:00:00")
    alias = AddedChoice("干部来源", ALIAS, "能人", "乡贤", _stamp(11), "镇管理员", "2026-01-01T08:00:00")
    with store.transaction():
        assert merge_incoming(store, [value, alias]) == [value, alias]
    assert store.catalog.choices["干部来源"].match("能人") == "乡贤"
    older = AddedChoice("干部来源", ALIAS, "能人", "其他", _stamp(5), "镇管理员", "")
    newer = AddedChoice("干部来源", ALIAS, "能人", "返乡创业人员", _stamp(9 * 10**15), "镇管理员", "")
    with store.transaction():
        assert merge_incoming(store, [value, older]) == []
        assert merge_incoming(store, [newer]) == [newer]
    assert store.catalog.choices["干部来源"].values.count("乡贤") == 1
    assert store.catalog.choices["干部来源"].match("能人") == "返乡创业人员"
    assert [(a.text, a.value) for a in store.choice_additions() if a.kind == ALIAS] == [("能人", "返乡创业人员")]
    assert store.clock.last.millis == 9 * 10**15  # the village's clock moves past the township's


def test_a_rolled_back_import_takes_the_lists_back(store: Store) -> None:
    item = AddedChoice("干部来源", VALUE, "乡贤", "乡贤", _stamp(10), "镇管理员", "")
    with pytest.raises(RuntimeError), store.transaction():
        merge_incoming(store, [item])
        assert "乡贤" in store.catalog.choices["干部来源"].values
        raise RuntimeError("package refused later")
    assert "乡贤" not in store.catalog.choices["干部来源"].values
    assert store.choice_additions() == []


def test_excel_import_reads_the_townships_values_and_aliases(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from sync.excel.roster_import import import_excel

    volunteer = store.add("volunteers", {"姓名": "陈晓梅", "证件号码": "350322199001010020",
                                         "居住村民小组": "一组", "注册日期": "2024-05-01"})
    path = tmp_path / "服务记录.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["志愿者", "活动名称", "服务日期", "服务时长", "服务类别"])
    sheet.append(["陈晓梅", "谈心谈话", "2026-10-01", 1.5, "心理咨询"])
    sheet.append(["陈晓梅", "心理讲座", "2026-10-02", 2, NEW])
    book.save(path)
    assert not import_excel(store, "volunteer_services", path, dry_run=True).ok  # not in the definition's list
    with store.transaction():
        merge_incoming(store, [
            AddedChoice("服务类别", VALUE, NEW, NEW, _stamp(10), "镇管理员", ""),
            AddedChoice("服务类别", ALIAS, "心理咨询", NEW, _stamp(11), "镇管理员", "")])
    report = import_excel(store, "volunteer_services", path)
    assert report.ok and report.committed
    rows = store.records("volunteer_services")
    assert [(r["活动名称"], r["服务类别"]) for r in rows] == [("谈心谈话", NEW), ("心理讲座", NEW)]
    assert all(r["志愿者"] == volunteer.uuid for r in rows)
