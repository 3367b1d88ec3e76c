"""A village PC dies without a backup; a new PC gets the village's registers back from the township.

The steps a clerk and the township take, on the command line: the new PC (new database,
new key) enrolls and sends a recovery request, the township accepts the new PC
(``--accept-new-installation``) and exports a full return package for it, the new PC imports
it. Afterwards the new PC holds every current record of the village with the same UUIDs
and their history, edits made there reach the township as updates, and a stick the old PC
left behind still merges safely.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import TODAY, TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import open_store, small_village

from desktop.cli import main
from sync.store.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def live(db: Path, village: str | None = None) -> dict[str, dict[str, dict[str, object]]]:
    """Every current (not deleted) record: register → uuid → input values."""
    with open_store(db) as store:
        out = {}
        for reg in store.catalog.ordered(include_profile=True):
            names = [f.name for f in reg.input_fields]
            out[reg.key] = {r["uuid"]: {n: r.get(n) for n in names}
                            for r in store.records(reg.key, village=village)}
        return out


def heads(db: Path) -> dict[str, str]:
    """The current version of every record (deleted ones included)."""
    with open_store(db) as store:
        out = {}
        for reg in store.catalog.ordered(include_profile=True):
            for uuid, version in store.conn.execute(f'SELECT uuid, _version FROM "{reg.key}"'):
                out[uuid] = version
        return out


@pytest.fixture
def dead_pc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """A township that holds everything of 东山村; the village's old PC, about to die."""
    township, old, stick = tmp_path / "township.db", tmp_path / "old-pc.db", tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, "init", township, "--township-code", TOWNSHIP_CODE, "--township-name", "榜头镇")[0] == 0
    assert run(capsys, "enrollment", township, "--out", tmp_path, "--village", VILLAGE_CODE)[0] == 0
    enrollment = next(tmp_path.glob("*.cunwu-enroll"))
    small_village(old)
    assert run(capsys, "enroll", old, enrollment)[0] == 0
    assert run(capsys, "export-package", old, "--out", stick)[0] == 0
    assert run(capsys, "import-package", township, stick)[0] == 0
    with open_store(old) as store:  # a second round: records with more than one version
        volunteer = store.records("volunteers")[0]["uuid"]
        store.edit(volunteer, {"联系电话": "13900000011"})
    assert run(capsys, "export-package", old, "--out", stick)[0] == 0
    assert run(capsys, "import-package", township, stick)[0] == 0
    with open_store(township) as store:  # the township's own settings and choice lists
        store.set_setting("term_years", 3)
        store.add_choice_value("服务类别", "防汛值守")
    return {"township": township, "old": old, "stick": stick, "enrollment": enrollment, "root": tmp_path}


def new_pc(w: dict[str, Path], capsys: pytest.CaptureFixture[str], name: str = "new-pc.db") -> Path:
    """A PC set up from scratch for the same village: new database, new installation key."""
    path = w["root"] / name
    code, _, err = run(capsys, "init", path, "--village-code", VILLAGE_CODE, "--village-name", "东山村",
                       "--set", "常住人口=2001")
    assert code == 0, err
    assert run(capsys, "enroll", path, w["enrollment"])[0] == 0
    return path


def fingerprint(db: Path) -> str:
    from sync.exchange.identity import local_keys

    with Store.open(db) as store:
        keys = local_keys(store)
        assert keys is not None
        return keys.signing_fingerprint


def device(db: Path) -> str:
    with Store.open(db) as store:
        return store.device_id


def recipient(package: Path) -> str:
    from sync.exchange.package_read import peek_header

    return str(peek_header(package).header["recipient_installation"])


def recover(w: dict[str, Path], capsys: pytest.CaptureFixture[str], pc: Path, stick: Path) -> None:
    """The whole round trip: recovery request, township accepts the PC, full return, import."""
    code, out, err = run(capsys, "export-package", pc, "--out", stick, "--recovery-request")
    assert code == 0 and Path(out.strip().splitlines()[-1]).exists(), err
    assert "恢复" in err
    code, out, err = run(capsys, "import-package", w["township"], stick, "--accept-new-installation")
    assert code == 0 and "已导入" in out, err
    assert "请求从乡镇恢复本村数据" in out and "--full" in out
    code, out, err = run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE,
                         "--full")
    assert code == 0 and "乡镇返回" in out, err
    assert recipient(Path(out.strip().splitlines()[-1])) == device(pc)  # the new PC, not the old one
    code, out, err = run(capsys, "import-package", pc, stick)
    assert code == 0 and "已导入" in out, err


def recovered_pc(w: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, Path]:
    """A new PC set up from scratch and recovered from the township; its stick."""
    pc = new_pc(w, capsys)
    stick = tmp_path / "new-stick"
    stick.mkdir()
    recover(w, capsys, pc, stick)
    return pc, stick


def test_the_new_pc_gets_every_record_back(dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    w = dead_pc
    pc, _stick = recovered_pc(w, capsys, tmp_path)
    before = live(w["old"])
    after = live(pc)
    assert after == before  # same UUIDs, same values, one village profile (the township's)
    assert len(after["village_profile"]) == 1
    # The versions the records stand on came back too, so later edits merge as updates.
    old_heads = heads(w["old"])
    new_heads = heads(pc)
    assert all(new_heads[uuid] == old_heads[uuid] for uuid in before["volunteers"])
    with open_store(pc) as store:
        volunteer = next(iter(before["volunteers"]))
        assert len(store.history(volunteer)) == 2
        assert store.settings()["term_years"] == 3
        assert "防汛值守" in store.catalog.choices["服务类别"].values
        # The profile typed when the new PC was set up is retired (kept in its history), not sent as a
        # second profile of the village.
        retired = store.conn.execute("SELECT uuid, _deleted FROM village_profile WHERE uuid NOT IN "
                                     "(SELECT value FROM json_each(?))",
                                     (json.dumps(list(before["village_profile"])),)).fetchall()
        assert [r[1] for r in retired] == [1]
    # The township still holds each record once.
    assert live(w["township"], VILLAGE_CODE) == before


def test_first_edits_on_the_new_pc_merge_as_updates(dead_pc: dict[str, Path],
                                                    capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    w = dead_pc
    pc, stick = recovered_pc(w, capsys, tmp_path)
    before = live(w["old"])
    member = next(iter(before["committee_members"]))
    volunteer = next(iter(before["volunteers"]))
    assert run(capsys, "edit", pc, member, "--set", "联系电话=13700000001")[0] == 0
    assert run(capsys, "edit", pc, volunteer, "--set", "居住村民小组=二组")[0] == 0
    code, out, err = run(capsys, "export-package", pc, "--out", stick)
    assert code == 0, err
    code, out, err = run(capsys, "import-package", w["township"], stick, "--json")
    assert code == 0, err
    accepted = [r for r in json.loads(out)["results"] if r["status"] == "accepted"]
    [result] = accepted
    # Two edits are two updates; the retired set-up profile arrives already deleted.
    assert (result["new"], result["updated"], result["conflicts"]) == (0, 2, 0)
    town = live(w["township"], VILLAGE_CODE)
    assert {k: set(v) for k, v in town.items()} == {k: set(v) for k, v in before.items()}  # no duplicates
    assert town["committee_members"][member]["联系电话"] == "13700000001"
    assert town["volunteers"][volunteer]["居住村民小组"] == "二组"
    code, out, _ = run(capsys, "conflicts", w["township"], "--json")
    assert json.loads(out) == []
    # And the township's next return package has nothing new for the new PC.
    code, out, _ = run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE)
    assert code == 0 and "没有新的变更" in out


def test_an_old_stick_that_turns_up_still_merges(dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    w = dead_pc
    # Before it died, the old PC made one more change and exported it to a stick nobody delivered.
    lost = tmp_path / "lost-stick"
    lost.mkdir()
    member = next(iter(live(w["old"])["committee_members"]))
    assert run(capsys, "edit", w["old"], member, "--set", "文化程度=大学本科")[0] == 0
    assert run(capsys, "export-package", w["old"], "--out", lost)[0] == 0
    pc, stick = recovered_pc(w, capsys, tmp_path)
    volunteer = next(iter(live(pc)["volunteers"]))
    assert run(capsys, "edit", pc, volunteer, "--set", "居住村民小组=三组")[0] == 0
    assert run(capsys, "export-package", pc, "--out", stick)[0] == 0
    assert run(capsys, "import-package", w["township"], stick)[0] == 0
    # The lost stick turns up: the old PC's key is still trusted, its change merges.
    code, out, err = run(capsys, "import-package", w["township"], lost, "--json")
    assert code == 0, err
    [result] = json.loads(out)["results"]
    assert result["status"] == "accepted" and (result["updated"], result["conflicts"]) == (1, 0)
    # Importing it does not make the dead PC the return packages' default recipient.
    code, out, err = run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE)
    assert code == 0 and recipient(Path(out.strip().splitlines()[-1])) == device(pc)
    assert "--installation" in err and fingerprint(w["old"]) in err  # the other PC, and how to choose it
    assert run(capsys, "import-package", pc, stick)[0] == 0
    records = live(pc)
    assert records["committee_members"][member]["文化程度"] == "大学本科"
    assert records["volunteers"][volunteer]["居住村民小组"] == "三组"
    assert {k: set(v) for k, v in records.items()} == {k: set(v) for k, v in live(w["old"]).items()}


def test_the_township_chooses_the_pc(dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    w = dead_pc
    pc, stick = recovered_pc(w, capsys, tmp_path)
    old_print = fingerprint(w["old"])
    code, out, err = run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE,
                         "--installation", old_print.replace("-", "").lower())
    package = Path(out.strip().splitlines()[-1])
    assert code == 0 and old_print in err and recipient(package) == device(w["old"]), err
    code, out, err = run(capsys, "import-package", pc, package)
    assert code == 1 and "是发给其他村或其他电脑的" in err
    code, _, err = run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE,
                       "--installation", "0000-0000-0000-0000")
    assert code == 2 and "0000-0000-0000-0000" in err and old_print in err and fingerprint(pc) in err
    code, _, err = run(capsys, "export-package", pc, "--out", stick, "--installation", old_print)
    assert code == 2 and "--installation" in err


def test_a_plain_first_package_also_recovers(dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """Without the recovery request the set-up profile reaches the township as a second profile;
    the recovery retires it on the new PC and the deletion travels, so it ends up retired there too."""
    w = dead_pc
    pc = new_pc(w, capsys)
    stick = tmp_path / "new-stick"
    stick.mkdir()
    assert run(capsys, "export-package", pc, "--out", stick)[0] == 0
    code, out, _ = run(capsys, "import-package", w["township"], stick, "--accept-new-installation")
    assert code == 0 and "--full" in out  # the hint: a new PC of a village the township already has
    assert len(live(w["township"], VILLAGE_CODE)["village_profile"]) == 2
    assert run(capsys, "export-package", w["township"], "--out", stick, "--for-village", VILLAGE_CODE,
               "--full")[0] == 0
    assert run(capsys, "import-package", pc, stick)[0] == 0
    before = live(w["old"])
    assert live(pc) == before
    assert run(capsys, "export-package", pc, "--out", stick)[0] == 0
    assert run(capsys, "import-package", w["township"], stick)[0] == 0
    assert live(w["township"], VILLAGE_CODE) == before


def test_a_recovery_request_holds_no_records(dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    from sync.exchange.package_read import peek_header

    w = dead_pc
    pc = new_pc(w, capsys)
    with open_store(pc) as store:
        store.today = TODAY
        store.add("volunteers", {"姓名": "郑小红", "证件号码": "350322199202020049", "居住村民小组": "一组",
                                 "注册日期": "2026-11-01"})
    stick = tmp_path / "new-stick"
    stick.mkdir()
    code, out, err = run(capsys, "export-package", pc, "--out", stick, "--recovery-request")
    assert code == 0, err
    header = peek_header(Path(out.strip().splitlines()[-1])).header
    assert header["recovery_request"] is True and header["counts"]["versions"] == 0
    # What the new PC typed (and its set-up profile) waits for its next ordinary package.
    code, out, err = run(capsys, "export-package", pc, "--out", stick)
    assert code == 0 and "新增 2" in err, err
    code, _, err = run(capsys, "export-package", w["township"], "--out", stick, "--recovery-request")
    assert code == 2 and "村" in err


def test_a_new_pc_with_its_clock_behind_still_keeps_the_townships_profile(
        dead_pc: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Old office PCs lose the date: the set-up profile looks older than the village's real one,
    but it was never sent anywhere, so it is the one retired."""
    import time

    w = dead_pc
    with monkeypatch.context() as m:
        m.setattr(time, "time_ns", lambda: 978_307_200 * 10**9)  # 2001-01-01
        pc = new_pc(w, capsys)
    stick = tmp_path / "new-stick"
    stick.mkdir()
    recover(w, capsys, pc, stick)
    assert live(pc) == live(w["old"])


def test_the_default_pc_is_the_one_that_made_the_newest_package(dead_pc: dict[str, Path],
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    from sync.exchange.installations import choose_pc, village_pcs

    w = dead_pc
    pc, _stick = recovered_pc(w, capsys, tmp_path)
    with open_store(w["township"]) as town:
        first = village_pcs(town, VILLAGE_CODE)
        assert [p.installation_id for p in first] == [device(pc), device(w["old"])]
        assert [p.has_records for p in first] == [False, True]
        # The old PC is repaired and makes a package later (UTC offsets compared as moments).
        town.conn.execute("UPDATE imported_packages SET created = '2030-01-01T03:00:00+00:00' "
                          "WHERE installation = ?", (device(w["old"]),))
        town.conn.execute("UPDATE imported_packages SET created = '2030-01-01T10:00:00+08:00' "
                          "WHERE installation = ?", (device(pc),))
        assert choose_pc(town, VILLAGE_CODE).installation_id == device(w["old"])
        assert choose_pc(town, VILLAGE_CODE, fingerprint(pc)).installation_id == device(pc)
        assert choose_pc(town, VILLAGE_CODE, device(pc).upper()).installation_id == device(pc)
