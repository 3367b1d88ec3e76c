"""An exported roster opened by a real spreadsheet program (LibreOffice, headless).

Runs where ``soffice`` is installed (``apt-get install libreoffice-calc-nogui``); skipped
elsewhere. LibreOffice reads the file the way a clerk's WPS or Excel would: if it shows
the names, the masked numbers and the dates as written, the file is not just something
openpyxl can read back.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import TODAY

from forms.roster.write import FIRST_DATA_ROW, HEADER_ROW
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import ADDED, UNCHANGED, UPDATED, import_excel
from sync.store.store import Store

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
TYPING = Path(__file__).parent.parent / "libreoffice_typing.py"


def uno_python() -> str | None:
    """A Python that can drive LibreOffice (``import uno``): the system one with python3-uno."""
    for candidate in dict.fromkeys(filter(None, (shutil.which("python3"), "/usr/bin/python3"))):
        found = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
        if found.returncode == 0:
            return candidate
    return None


# Comma-separated, UTF-8 (76), quoted text, "as shown" formatting, every sheet to its own file (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(xlsx: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         CSV_FILTER, "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
    sheets = {}
    for path in out.glob("*.csv"):
        sheet = path.stem.removeprefix(xlsx.stem + "-")
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[sheet] = list(csv.reader(fh))
    return sheets


def test_libreoffice_reads_the_exported_village(demo_db: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "village.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        export_excel(store, xlsx)
        members = store.records("committee_members")
        volunteers = store.count("volunteers")
        org_names = [r["名称"] for r in store.records("social_organizations")]
    sheets = convert(xlsx, tmp_path)
    assert set(sheets) == {"村情概况", "荣誉称号", "两委成员", "村规民约", "监委会", "社会组织", "志愿者", "服务记录",
                           "培训表彰", "村级组织", "村级骨干", "选项"}  # the drop-down lists, a hidden sheet

    committee = sheets["两委成员"]
    assert committee[0][0] == "东山村村“两委”成员登记表"
    header = committee[2]
    assert header[:3] == ["序号", "姓名", "性别"]
    rows = [dict(zip(header, r, strict=False)) for r in committee[3:] if any(r)]
    assert [r["姓名"] for r in rows] == [m["姓名"] for m in members]
    first = rows[0]
    number = members[0]["公民身份号码"]
    assert first["公民身份号码"] == number[:4] + "*" * 10 + number[-4:]
    # a year-month field is text as rosters print it (1975.03.01), never a serial number
    assert first["出生年月"] == members[0]["出生年月"].replace("-", ".")
    assert first["序号"] == "1"

    assert len([r for r in sheets["志愿者"][3:] if any(r)]) == volunteers
    assert [r[1] for r in sheets["社会组织"][3:] if any(r)] == org_names


@pytest.mark.skipif(SOFFICE is not None and uno_python() is None, reason="python3-uno is not installed")
def test_ids_typed_in_libreoffice_stay_text_and_import_right(demo_db: Path, tmp_path: Path) -> None:
    """Export → a clerk edits cells in LibreOffice (retypes an ID, a new phone, a new person in
    the first empty row) → import: every ID number arrives digit for digit."""
    exported, edited = tmp_path / "members.xlsx", tmp_path / "edited.xlsx"
    with Store.open(demo_db) as store:
        store.today = TODAY
        export_excel(store, exported, "两委成员", full_ids=True)
        first = store.records("committee_members")[0]
        count = store.count("committee_members")
    ws = load_workbook(exported)["两委成员"]
    col = {c.value: c.column_letter for c in ws[HEADER_ROW] if c.value}
    row, new = FIRST_DATA_ROW, FIRST_DATA_ROW + count
    new_id = "350322199203040017"
    typed = {f"{col['公民身份号码']}{row}": first["公民身份号码"],  # opened and confirmed unchanged
             f"{col['联系电话']}{row}": "13900001111",
             f"{col['姓名']}{new}": "王新", f"{col['民族']}{new}": "汉族", f"{col['公民身份号码']}{new}": new_id,
             f"{col['政治面貌']}{new}": "群众", f"{col['党组织职务']}{new}": "无",
             f"{col['村委会职务']}{new}": "委员", f"{col['任职时间']}{new}": "2026-03-18",
             f"{col['联系电话']}{new}": "13900002222"}
    subprocess.run([uno_python(), str(TYPING), str(exported), str(edited), "两委成员",
                    *(f"{cell}={text}" for cell, text in typed.items())],
                   check=True, capture_output=True, timeout=180)
    saved = load_workbook(edited)["两委成员"]
    for cell in (f"{col['公民身份号码']}{row}", f"{col['公民身份号码']}{new}", f"{col['联系电话']}{new}"):
        assert saved[cell].data_type == "s", (cell, saved[cell].value)  # text, not a rounded number
    with Store.open(demo_db) as store:
        store.today = TODAY
        report = import_excel(store, "committee_members", edited)
        assert report.ok, "\n".join(report.lines())
        actions = [r.action for r in report.rows]
        assert actions[0] == UPDATED and actions[-1] == ADDED and set(actions[1:-1]) == {UNCHANGED}
        assert store.get(first["uuid"]).values["公民身份号码"] == first["公民身份号码"]
        assert store.get(first["uuid"]).values["联系电话"] == "13900001111"
        added = store.get(report.rows[-1].uuid).values
    assert (added["姓名"], added["公民身份号码"], added["性别"]) == ("王新", new_id, "男")
