"""The `cunwu` command-line contract for records (issue 2), run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import VILLAGE_CODE

from sync.store import driver

ROOT = Path(__file__).resolve().parents[1]


def cunwu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def versions_count(db: Path) -> int:
    conn = driver.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    finally:
        conn.close()


MEMBER = ["--set", "姓名=林秀英", "--set", "民族=汉族", "--set", "公民身份号码=350322197503010021",
          "--set", "政治面貌=中共党员", "--set", "党组织职务=委员", "--set", "委员分工=组织",
          "--set", "村委会职务=委员", "--set", "任职时间=2026-03-18", "--set", "联系电话=138 1234 5678"]


def test_init_village_and_township(tmp_path: Path) -> None:
    village = tmp_path / "v.db"
    result = cunwu("init", str(village), "--village-code", VILLAGE_CODE, "--village-name", "东山村",
                   "--set", "常住人口=1965")
    assert result.returncode == 0, result.stderr
    assert "东山村" in result.stdout
    township = tmp_path / "t.db"
    assert cunwu("init", str(township), "--township-code", "350322111", "--township-name", "榜头镇").returncode == 0
    bad = cunwu("init", str(tmp_path / "x.db"), "--village-code", "35032211", "--village-name", "x")
    assert bad.returncode != 0 and "12位" in bad.stderr


def test_add_prints_the_uuid_on_the_last_line(village_db: Path) -> None:
    result = cunwu("add", str(village_db), "committee_members", *MEMBER)
    assert result.returncode == 0, result.stderr
    uuid = result.stdout.strip().splitlines()[-1]
    assert len(uuid) == 32 and all(c in "0123456789abcdef" for c in uuid)
    listed = json.loads(cunwu("list", str(village_db), "committee_members", "--json").stdout)
    assert [r["uuid"] for r in listed] == [uuid]
    assert listed[0]["姓名"] == "林秀英" and listed[0]["性别"] == "女" and listed[0]["联系电话"] == "13812345678"


def test_invalid_id_is_refused_naming_the_field_and_nothing_is_written(village_db: Path) -> None:
    before = versions_count(village_db)
    args = [a.replace("350322197503010021", "350322197503010022") for a in MEMBER]
    result = cunwu("add", str(village_db), "两委成员", *args)
    assert result.returncode != 0
    assert "公民身份号码" in result.stderr and "校验位" in result.stderr
    assert versions_count(village_db) == before


def test_unknown_field_and_bad_register_are_explained(village_db: Path) -> None:
    result = cunwu("add", str(village_db), "两委成员", "--set", "身高=180")
    assert result.returncode != 0 and "身高" in result.stderr
    result = cunwu("list", str(village_db), "花名册")
    assert result.returncode != 0 and "没有名为" in result.stderr and "committee_members" in result.stderr


def test_edit_delete_restore_history(village_db: Path) -> None:
    uuid = cunwu("add", str(village_db), "两委成员", *MEMBER).stdout.strip().splitlines()[-1]
    assert cunwu("edit", str(village_db), uuid, "--set", "文化程度=本科").returncode == 0
    assert cunwu("delete", str(village_db), uuid, "--reason", "调离").returncode == 0
    assert json.loads(cunwu("list", str(village_db), "两委成员", "--json").stdout) == []
    assert cunwu("restore", str(village_db), uuid).returncode == 0
    history = cunwu("history", str(village_db), uuid)
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert any("新增" in line for line in lines) and any("删除" in line and "调离" in line for line in lines)
    assert any("文化程度：（空） → 大学本科" in line for line in lines)
    as_json = json.loads(cunwu("history", str(village_db), uuid, "--json").stdout)
    assert [v["deleted"] for v in as_json] == [False, False, True, False]


def test_check_json_and_exit_codes(village_db: Path) -> None:
    result = cunwu("check", str(village_db), "--json", "--as-of", "2026-11-21")
    assert result.returncode == 0  # only warnings in an empty village
    issues = json.loads(result.stdout)
    assert {i["rule"] for i in issues} == {"R-RULES-CURRENT"}
    cunwu("add", str(village_db), "两委成员", *MEMBER)
    result = cunwu("check", str(village_db), "--json")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert any(i["rule"] == "R-VC-SIZE" and i["severity"] == "error" for i in found)
    for key in ("record", "field", "severity", "message"):
        assert all(key in i for i in found)


def test_check_id_lines() -> None:
    result = cunwu("check-id", "11010519491231002X", "110105194912310021", "91350100M000100Y43",
                   "9111000060003IOZSV")
    lines = result.stdout.splitlines()
    assert lines[0] == "11010519491231002X\tok"
    assert lines[1].startswith("110105194912310021\t") and "校验位" in lines[1]
    assert lines[2] == "91350100M000100Y43\tok"
    assert lines[3].startswith("9111000060003IOZSV\t") and "字符" in lines[3]
    assert result.returncode == 1


def test_check_id_an_invalid_id_number_that_passes_as_a_credit_code_says_both() -> None:
    # 350322197512120033: a wrong check digit (should be 8) that happens to pass GB 32100.
    result = cunwu("check-id", "350322197512120033", "350322197512120038")
    wrong, right = result.stdout.splitlines()
    value, reason = wrong.split("\t")
    assert value == "350322197512120033"
    assert reason.startswith("公民身份号码校验位错误（最后一位应为 8）")
    assert "作为统一社会信用代码则有效" in reason and "--type 信用代码" in reason
    assert right == "350322197512120038\tok"
    assert result.returncode == 1


def test_check_id_type_forces_one_kind() -> None:
    as_code = cunwu("check-id", "--type", "信用代码", "350322197512120033")
    assert (as_code.stdout, as_code.returncode) == ("350322197512120033\tok\n", 0)
    as_id = cunwu("check-id", "--type", "身份证", "91350100M000100Y43")
    assert as_id.stdout.startswith("91350100M000100Y43\t公民身份号码") and as_id.returncode == 1
    assert "统一社会信用代码" not in as_id.stdout  # forced: no guess about the other kind
    bad = cunwu("check-id", "--type", "护照", "350322197512120033")
    assert bad.returncode == 2 and bad.stdout == ""


def test_demo_then_check_lists_the_demos_warnings(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = cunwu("demo", str(db), "--volunteers", "60")
    assert result.returncode == 0, result.stderr
    check = cunwu("check", str(db), "--json")
    assert check.returncode == 0
    rules = {i["rule"] for i in json.loads(check.stdout)}
    assert {"R-MEMBERS", "R-RULES-FILE", "R-MINOR"} <= rules
    assert all(i["severity"] == "warning" for i in json.loads(check.stdout))


def test_backup_and_restore_backup(village_db: Path) -> None:
    uuid = cunwu("add", str(village_db), "两委成员", *MEMBER).stdout.strip().splitlines()[-1]
    backup = cunwu("backup", str(village_db)).stdout.strip()
    assert Path(backup).exists()
    cunwu("delete", str(village_db), uuid, "--reason", "误删")
    result = cunwu("restore-backup", str(village_db), backup)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(cunwu("list", str(village_db), "两委成员", "--json").stdout)) == 1


@pytest.mark.parametrize("register", ["committee_members", "village_rules", "supervisory_committee",
                                      "social_organizations", "volunteers", "volunteer_services",
                                      "村“两委”成员", "村规民约", "村务监督委员会", "社区社会组织", "志愿者", "志愿服务记录"])
def test_every_register_key_and_chinese_name_is_accepted(village_db: Path, register: str) -> None:
    assert cunwu("list", str(village_db), register, "--json").returncode == 0
