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
from support import TODAY

from sync.excel_export import export_excel
from sync.store import Store

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
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
    assert set(sheets) == {"村情概况", "两委成员", "村规民约", "监委会", "社会组织", "志愿者", "服务记录", "培训表彰"}

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
