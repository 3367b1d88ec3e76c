"""Registers 6–8 on the command line with no code of their own: keys and Chinese names in add,
edit, list, check, template, export-excel and import-excel; a 会议 or 公开 linked to its 重大事项 by
the matter's name; a rule's refusal exits 2 naming the field and writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]


def cunwu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def sets(**values: object) -> list[str]:
    return [a for k, v in values.items() for a in ("--set", f"{k}={v}")]


DECISION = dict(事项名称="村道硬化筹资筹劳", 事项类别="一事一议", 提议日期="2026-03-02", 商议日期="2026-03-05",
                审议日期="2026-03-09", 决议会议="村民会议", 应到人数=300, 实到人数=180, 其中妇女=70, 赞成=170,
                决议日期="2026-03-12")


def init(path: Path, code: str, name: str) -> None:
    result = cunwu("init", str(path), "--village-code", code, "--village-name", name, "--set", "户数=612")
    assert result.returncode == 0, result.stderr


def test_the_new_registers_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    init(db, "350322111202", "东山村")
    # A step missing and one short of the quorum: refused, exit 2, the fields named, nothing written.
    bad = cunwu("add", str(db), "重大事项决策", *sets(**{**DECISION, "商议日期": "", "实到人数": 150}))
    assert bad.returncode == 2
    assert "商议日期" in bad.stdout + bad.stderr and "第二十二条" in bad.stdout + bad.stderr
    assert json.loads(cunwu("list", str(db), "major_decisions", "--json").stdout) == []

    added = cunwu("add", str(db), "重大事项", *sets(**DECISION))
    assert added.returncode == 0, added.stderr
    matter = added.stdout.strip().splitlines()[-1]
    meeting = cunwu("add", str(db), "会议与协商", *sets(会议类型="村民大会", 会议日期="2026-03-12",
                                                    议题="村道硬化筹资筹劳", 关联事项="村道硬化筹资筹劳",
                                                    应到人数=300, 实到人数=180))
    assert meeting.returncode == 0, meeting.stderr
    posting = cunwu("add", str(db), "disclosures", *sets(公开日期="2026-03-13", 公开类别="村务公开",
                                                         公开标题="村道硬化决议公开", 公开内容="决议",
                                                         关联事项=matter, 公开方式="公开栏、微信群"))
    assert posting.returncode == 0, posting.stderr
    listed = cunwu("list", str(db), "会议")
    assert "村民会议" in listed.stdout and "\t村道硬化筹资筹劳\t村道硬化筹资筹劳\t" in listed.stdout
    [row] = json.loads(cunwu("list", str(db), "村务公开", "--json").stdout)
    assert row["关联事项"] == matter and row["公开类别"] == "村务" and row["公开方式"] == ["村务公开栏", "微信群"]

    edited = cunwu("edit", str(db), matter, *sets(决议公开日期="2026-03-13", 实施情况="实施中"))
    assert edited.returncode == 0, edited.stderr
    [decision] = json.loads(cunwu("list", str(db), "major_decisions", "--json").stdout)
    assert decision["完成步骤"] == 5 and decision["是否通过"] is True

    # Template, export and import into another village: the links follow the matter's name.
    other = tmp_path / "w.db"
    init(other, "350322111203", "西山村")
    for register in ("major_decisions", "meetings", "disclosures"):
        template = tmp_path / f"t-{register}.xlsx"
        assert cunwu("template", register, "--out", str(template)).returncode == 0
        assert openpyxl.load_workbook(template).worksheets[0].max_column > 5
        out = tmp_path / f"{register}.xlsx"
        assert cunwu("export-excel", str(db), register, "--out", str(out)).returncode == 0
        imported = cunwu("import-excel", str(other), register, str(out))
        assert imported.returncode == 0, imported.stdout + imported.stderr
    [copied] = json.loads(cunwu("list", str(other), "major_decisions", "--json").stdout)
    [linked] = json.loads(cunwu("list", str(other), "meetings", "--json").stdout)
    assert linked["关联事项"] == copied["uuid"] != matter
    checks = cunwu("check", str(other))
    assert "R-OPEN-QUARTER" in checks.stdout and "第三十条" in checks.stdout
