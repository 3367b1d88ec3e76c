"""The county chain on the command line from scratch: two townships of three villages each send
their upward packages to the county, whose figures are the sum of the townships' (a person in both counted once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ident

from desktop.cli import main
from sync.store.store import Store

COUNTY = "350322"
TOWNSHIPS = {"350322111": "榜头镇", "350322112": "郊尾镇"}


def run(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> str:
    capsys.readouterr()
    assert main([*argv]) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out + captured.err


def streams(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    """A command's stdout and stderr apart: scripts read stdout alone."""
    capsys.readouterr()
    assert main([*argv]) == 0, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out, captured.err


def add_member(capsys: pytest.CaptureFixture[str], vdb: Path, name: str, seq: int) -> None:
    run(capsys, "add", str(vdb), "committee_members", "--set", f"姓名={name}",
        "--set", f"公民身份号码={ident('19700101', seq)}", "--set", "民族=汉族",
        "--set", "政治面貌=群众", "--set", "文化程度=高中", "--set", "村委会职务=委员",
        "--set", "任职时间=2026-03-18")


def members(capsys: pytest.CaptureFixture[str], db: Path) -> int:
    out = run(capsys, "stats", str(db), "--json")
    return int(json.loads(out[: out.rindex("}") + 1])["groups"]["committee"]["total"]["figures"]["members"]["n"])


def test_two_townships_report_to_the_county(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = tmp_path / "county.db"
    run(capsys, "init", str(county), "--county-code", COUNTY, "--county-name", "仙游县")
    n = 0
    for township, name in TOWNSHIPS.items():
        town = tmp_path / f"{township}.db"
        run(capsys, "init", str(town), "--township-code", township, "--township-name", name)
        files = tmp_path / f"files-{township}"
        files.mkdir()
        out = run(capsys, "enrollment", str(county), "--out", str(files), "--township", township,
                  "--township-name", name)
        assert "专用的注册文件" in out
        [county_file] = files.glob("*.cunwu-enroll")
        assert "区县注册文件：仙游县" in run(capsys, "enroll", str(town), str(county_file))
        stick = tmp_path / f"stick-{township}"
        stick.mkdir()
        for village in (f"{township}201", f"{township}202", f"{township}203"):
            n += 1
            vdb = tmp_path / f"{village}.db"
            run(capsys, "init", str(vdb), "--village-code", village, "--village-name", f"{name[:2]}{n}村",
                "--township-name", name)
            for k, seq in enumerate((100 + n, 300 + n)):
                add_member(capsys, vdb, f"成员{n}-{k}", seq)
            if village.endswith("201"):  # one person in the 两委 of a village of each township
                add_member(capsys, vdb, "刘志强", 777)
            bound = tmp_path / f"bound-{village}"
            bound.mkdir()
            run(capsys, "enrollment", str(town), "--out", str(bound), "--village", village)
            [file] = bound.glob("*.cunwu-enroll")
            run(capsys, "enroll", str(vdb), str(file))
            run(capsys, "export-package", str(vdb), "--out", str(stick))
        run(capsys, "import-package", str(town), str(stick))
        up = tmp_path / f"up-{township}"
        up.mkdir()
        # One line on stdout, the new delivery folder in --out; the details on stderr.
        out, err = streams(capsys, "export-package", str(town), "--out", str(up), "--upward")
        [line] = out.splitlines()
        folder = Path(line)
        assert folder.parent == up and folder.is_dir()
        assert folder.name.startswith(f"{name}（上报仙游县）_{township}_")
        assert len(list(folder.glob("*.cunwu-pkg"))) == 3 and "3 个村的数据包" in err
        out = run(capsys, "import-package", str(county), str(up))  # the stick's root: says where they are
        assert "没有找到数据包" in out and f"文件夹 {folder} 中有 3 个数据包" in out
        out = run(capsys, "import-package", str(county), line)
        assert "导入 3" in out and "拒绝 0" in out
        assert len(list(folder.glob("*.cunwu-receipt"))) == 3
        # The stick comes back: the county's receipts inside the folder are read, nothing is new.
        out, err = streams(capsys, "export-package", str(town), "--out", str(up), "--upward")
        assert out == "没有新的变更\n" and err.count("回执") == 3
        assert [p for p in up.iterdir()] == [folder]  # no empty folder when nothing is new
    # One village of 榜头镇 adds a member: the next delivery carries its package alone.
    town, village = tmp_path / "350322111.db", "350322111202"
    add_member(capsys, tmp_path / f"{village}.db", "新成员", 900)
    stick = tmp_path / "stick-again"
    stick.mkdir()
    run(capsys, "export-package", str(tmp_path / f"{village}.db"), "--out", str(stick))
    run(capsys, "import-package", str(town), str(stick))
    up = tmp_path / "up-350322111"
    out, err = streams(capsys, "export-package", str(town), "--out", str(up), "--upward")
    [line] = out.splitlines()
    [package] = Path(line).glob("*.cunwu-pkg")
    assert village in package.name and "1 个村的数据包" in err
    assert len([p for p in up.iterdir() if p.is_dir()]) == 2
    assert "导入 1" in run(capsys, "import-package", str(county), line)
    # --full: everything again, in one more folder, still one line.
    out, err = streams(capsys, "export-package", str(town), "--out", str(up), "--upward", "--full")
    [line] = out.splitlines()
    assert len(list(Path(line).glob("*.cunwu-pkg"))) == 3 and "3 个村的数据包" in err
    out = run(capsys, "import-package", str(county), line)
    assert "导入 3" in out and "新增 0，更新 0，删除 0" in out  # nothing new for the county
    rows = json.loads(run(capsys, "villages", str(county), "--json"))
    assert len(rows) == 6
    assert {r["code"][:9]: r["township"] for r in rows} == {t: t for t in TOWNSHIPS}
    assert {r["township_name"] for r in rows} == set(TOWNSHIPS.values())
    assert "乡镇 榜头镇（350322111）" in run(capsys, "villages", str(county))
    sums = [members(capsys, tmp_path / f"{t}.db") for t in TOWNSHIPS]
    assert sums == [8, 7]
    # The county is the townships' sum with 刘志强, in a village of each, counted once; and said.
    assert members(capsys, county) == sum(sums) - 1
    out = run(capsys, "stats", str(county), "--json")
    checks = json.loads(out[: out.rindex("}") + 1])["checks"]
    [twice] = [c for c in checks if c["rule"] == "R-X-TWP-DUP"]
    assert "刘志强" in twice["message"] and set(twice["villages"]) == {"350322111201", "350322112201"}


def test_the_county_refuses_to_add_a_village_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = tmp_path / "county.db"
    run(capsys, "init", str(county), "--county-code", COUNTY, "--county-name", "仙游县")
    out = run(capsys, "add", str(county), "committee_members", "--set", "姓名=张三", "--village",
              "350322111201", code=2)
    assert "区县数据库中的村数据是只读的" in out and "Traceback" not in out


def test_a_county_enrollment_file_needs_a_township(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = tmp_path / "county.db"
    run(capsys, "init", str(county), "--county-code", COUNTY, "--county-name", "仙游县")
    assert "--township" in run(capsys, "enrollment", str(county), "--out", str(tmp_path), code=2)
    assert "应为9位数字" in run(capsys, "enrollment", str(county), "--out", str(tmp_path), "--township",
                             "350322x11", code=2)
    assert "只有乡镇数据库" in run(capsys, "export-package", str(county), "--out", str(tmp_path), "--upward",
                             code=2)


def test_a_county_neither_enrolls_with_a_township_nor_sends_down(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    county, town = tmp_path / "county.db", tmp_path / "town.db"
    run(capsys, "init", str(county), "--county-code", COUNTY, "--county-name", "仙游县")
    run(capsys, "init", str(town), "--township-code", "350322111", "--township-name", "榜头镇")
    run(capsys, "enrollment", str(town), "--out", str(tmp_path))
    [file] = tmp_path.glob("*.cunwu-enroll")
    assert "区县数据库不需要导入注册文件" in run(capsys, "enroll", str(county), str(file), code=2)
    assert "区县数据库不导出数据包" in run(capsys, "export-package", str(county), "--out", str(tmp_path),
                                   "--for-village", "350322111201", code=2)
    with Store.open(county) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM enrollment").fetchone()[0] == 0
