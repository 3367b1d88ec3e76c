"""The township retires a village PC it will no longer hear from (a replaced PC): the PC's later
packages are refused with the reason and change nothing, it gets no return packages, the villages
overview marks it, the import log and audit say who/when/why; 重新启用 undoes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, VILLAGE_CODE
from sync_support import World, data_digest, open_store

from desktop.cli import main
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, local_keys
from sync.exchange.installations import choose_pc, reenable_installation, retire_installation, village_pcs
from sync.exchange.township import village_overview
from sync.store.store import Store, StoreError
from sync.store.users import CLERK, PermissionDenied, User


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(db: Path) -> str:
    with open_store(db) as store:
        keys = local_keys(store)
        assert keys is not None
        return keys.signing_fingerprint


def device(db: Path) -> str:
    with open_store(db) as store:
        return store.device_id


def stick(world: World, name: str) -> Path:
    folder = world.root / name
    folder.mkdir()
    return folder


@pytest.fixture
def replaced(world: World) -> dict[str, Path]:
    """东山村's old PC sent a package; a new PC was set up, enrolled and accepted by the township."""
    first = stick(world, "first")
    world.export(out=first)
    assert world.import_(first).ok
    new = world.root / "new-pc.db"
    with Store.create_village(new, VILLAGE_CODE, "东山村", {"常住人口": 2001}) as store:
        store.today = TODAY
        enroll(store, world.enrollment)
    second = stick(world, "second")
    with open_store(new) as store:
        export_package(store, second, recovery_request=True)
    assert world.import_(second, accept_new_installation=True).ok
    return {"township": world.township, "old": world.village, "new": new}


def old_pc_edits_and_exports(world: World, name: str) -> Path:
    with open_store(world.village) as store:
        volunteer = store.records("volunteers")[0]["uuid"]
        store.edit(volunteer, {"联系电话": "13900000077"})
    folder = stick(world, name)
    world.export(out=folder)
    return folder


def test_a_retired_pc_is_refused_with_the_reason_and_nothing_changes(
        world: World, replaced: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old_fp = fingerprint(replaced["old"])
    code, out, err = run(capsys, "retire-installation", replaced["township"], old_fp.lower(),
                         "--reason", "电脑硬盘损坏，已换新电脑")
    assert code == 0, err
    assert "已停用东山村" in out and old_fp in out

    folder = old_pc_edits_and_exports(world, "late")
    before = data_digest(replaced["township"])
    code, out, err = run(capsys, "import-package", replaced["township"], folder)
    assert code == 1
    assert "拒绝" in err and "已停用的电脑" in err
    assert f"东山村（{VILLAGE_CODE}）" in err and old_fp in err
    assert "由 命令行 停用，原因：电脑硬盘损坏，已换新电脑" in err and "reenable-installation" in err
    assert data_digest(replaced["township"]) == before  # no record, pin or counter changed

    with open_store(replaced["township"]) as store:
        log = store.conn.execute("SELECT status, reason, fingerprint FROM import_log ORDER BY id DESC "
                                 "LIMIT 1").fetchone()
        assert log[0] == "refused" and "电脑硬盘损坏" in log[1] and log[2] == old_fp
        audit = store.conn.execute("SELECT user, action, detail, at FROM audit "
                                   "WHERE action = 'retire_installation'").fetchall()
        assert len(audit) == 1 and old_fp in audit[0][2] and "电脑硬盘损坏" in audit[0][2]
        assert audit[0][0] == store.user.name and audit[0][3]
        overview = next(v for v in village_overview(store) if v.code == VILLAGE_CODE)
        assert set(overview.fingerprints) == {old_fp, fingerprint(replaced["new"])}
        assert list(overview.retired) == [old_fp] and "电脑硬盘损坏" in overview.retired[old_fp]
        # Return packages: never to the retired PC, even when it made the newest package.
        assert [pc.fingerprint for pc in village_pcs(store, VILLAGE_CODE)] == [fingerprint(replaced["new"])]
        assert choose_pc(store, VILLAGE_CODE).installation_id == device(replaced["new"])
        with pytest.raises(StoreError, match=r"已于 .* 停用.*不再给它生成返回数据包"):
            choose_pc(store, VILLAGE_CODE, old_fp)
        everyone = village_pcs(store, VILLAGE_CODE, include_retired=True)
        assert {pc.fingerprint for pc in everyone} == set(overview.fingerprints)

    code, out, err = run(capsys, "villages", replaced["township"])
    assert code == 0 and f"{old_fp}（已停用）" in out and f"{fingerprint(replaced['new'])}（" not in out
    code, out, err = run(capsys, "export-package", replaced["township"], "--out", folder, "--for-village",
                         VILLAGE_CODE, "--installation", old_fp)
    assert code != 0 and "已" in err and "停用" in err


def test_reenabling_lets_the_pc_in_again_and_is_audited(world: World, replaced: dict[str, Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    old_id = device(replaced["old"])
    assert run(capsys, "retire-installation", replaced["township"], old_id, "--reason", "换新电脑")[0] == 0
    folder = old_pc_edits_and_exports(world, "late")
    assert run(capsys, "import-package", replaced["township"], folder)[0] == 1
    code, out, err = run(capsys, "reenable-installation", replaced["township"], fingerprint(replaced["old"]),
                         "--reason", "旧电脑修好了，继续使用")
    assert code == 0 and "已重新启用" in out, err
    code, out, err = run(capsys, "import-package", replaced["township"], folder)
    assert code == 0 and "已导入" in out, err
    with open_store(replaced["township"]) as store:
        actions = [r[0] for r in store.conn.execute("SELECT action FROM audit WHERE action LIKE '%installation' "
                                                    "ORDER BY id")]
        assert actions == ["retire_installation", "reenable_installation"]
        detail = store.conn.execute("SELECT detail FROM audit WHERE action = 'reenable_installation'").fetchone()[0]
        assert "旧电脑修好了" in detail and "换新电脑" in detail  # what it undid
        assert not next(v for v in village_overview(store) if v.code == VILLAGE_CODE).retired
        phone = store.conn.execute('SELECT "联系电话" FROM volunteers').fetchone()[0]
        assert phone == "13900000077"


def test_retiring_needs_a_reason_an_administrator_a_known_pc_and_a_township(
        world: World, replaced: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old_fp = fingerprint(replaced["old"])
    code, _, err = run(capsys, "retire-installation", replaced["township"], old_fp, "--reason", "  ")
    assert code != 0 and "请填写原因" in err
    code, _, err = run(capsys, "retire-installation", replaced["township"], "ABCD-EFGH", "--reason", "x")
    assert code != 0 and "ABCD-EFGH" in err
    code, _, err = run(capsys, "retire-installation", replaced["old"], old_fp, "--reason", "x")
    assert code != 0 and "只有乡镇数据库" in err
    with Store.open(replaced["township"], User("clerk", CLERK, "录入员")) as store, \
            pytest.raises(PermissionDenied):
        retire_installation(store, old_fp, "换新电脑")
    with open_store(replaced["township"]) as store:
        with pytest.raises(StoreError, match="没有停用"):
            reenable_installation(store, old_fp, "x")
        retire_installation(store, old_fp, "换新电脑")
        with pytest.raises(StoreError, match="无需再次停用"):
            retire_installation(store, old_fp, "again")
        assert store.conn.execute("SELECT COUNT(*) FROM audit WHERE action = 'retire_installation'"
                                  ).fetchone()[0] == 1


def test_a_village_whose_pcs_are_all_retired_gets_no_return_package(
        world: World, replaced: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(replaced["township"]) as store:
        for db in (replaced["old"], replaced["new"]):
            retire_installation(store, fingerprint(db), "村委会撤并")
        with pytest.raises(StoreError, match="都已停用"):
            choose_pc(store, VILLAGE_CODE)
    code, _, err = run(capsys, "export-package", replaced["township"], "--out", world.root, "--for-village",
                       VILLAGE_CODE)
    assert code != 0 and "登记的电脑都已停用" in err
