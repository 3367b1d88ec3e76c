"""The sync commands of ``cunwu`` as the issue names them: output, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import small_village

from desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    township, village, stick = tmp_path / "t.db", tmp_path / "v.db", tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, "init", township, "--township-code", TOWNSHIP_CODE, "--township-name", "榜头镇")[0] == 0
    code, out, _ = run(capsys, "enrollment", township, "--out", tmp_path, "--village", VILLAGE_CODE)
    assert code == 0 and "签名密钥指纹" in out
    enrollment = next(tmp_path.glob("*.cunwu-enroll"))
    small_village(village)
    code, out, _ = run(capsys, "enroll", village, enrollment)
    assert code == 0 and "榜头镇" in out and "本机密钥指纹" in out
    return {"township": township, "village": village, "stick": stick, "enrollment": enrollment}


def test_export_import_and_nothing_new(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    package = Path(out.strip().splitlines()[-1])
    assert code == 0 and package.exists() and package.name.startswith(f"东山村_{VILLAGE_CODE}_")
    code, out, _ = run(capsys, "import-package", setup["township"], setup["stick"])
    assert code == 0 and "已导入" in out and "已登记其密钥指纹" in out
    code, out, _ = run(capsys, "import-package", setup["township"], package)
    assert code == 0 and "重复" in out
    code, out, _ = run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    assert code == 0 and "没有新的变更" in out and "回执" in out
    code, out, _ = run(capsys, "export-package", setup["village"], "--out", setup["stick"], "--full")
    assert code == 0 and Path(out.strip().splitlines()[-1]).exists()


def test_refused_package_exits_1_with_a_chinese_reason(setup: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    package = next(setup["stick"].glob("*.cunwu-pkg"))
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0xFF
    package.write_bytes(bytes(data))
    code, out, err = run(capsys, "import-package", setup["township"], package)
    assert code == 1 and "拒绝" in err and "未导入任何数据" in err
    code, out, _ = run(capsys, "import-log", setup["township"], "--json")
    assert [r["status"] for r in json.loads(out)] == ["refused"]


def test_new_installation_needs_the_flag(setup: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    run(capsys, "import-package", setup["township"], setup["stick"])
    replaced = tmp_path / "replaced-pc.db"
    small_village(replaced)  # a new PC set up from scratch for the same village
    run(capsys, "enroll", replaced, setup["enrollment"])
    other = tmp_path / "other-stick"
    other.mkdir()
    run(capsys, "export-package", replaced, "--out", other)
    code, _, err = run(capsys, "import-package", setup["township"], other)
    assert code == 1 and "--accept-new-installation" in err
    code, out, _ = run(capsys, "import-package", setup["township"], other, "--accept-new-installation")
    assert code == 0 and "已导入" in out
    code, out, _ = run(capsys, "villages", setup["township"], "--json")
    [village] = json.loads(out)
    assert village["code"] == VILLAGE_CODE and len(village["fingerprints"]) == 2


def test_conflicts_and_resolve(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    run(capsys, "import-package", setup["township"], setup["stick"])
    run(capsys, "export-package", setup["village"], "--out", setup["stick"])  # reads the receipt
    code, out, _ = run(capsys, "list", setup["village"], "volunteers", "--json")
    uuid = json.loads(out)[0]["uuid"]
    run(capsys, "edit", setup["village"], uuid, "--set", "联系电话=13900000001")
    run(capsys, "edit", setup["township"], uuid, "--set", "联系电话=13900000002")
    run(capsys, "export-package", setup["village"], "--out", setup["stick"])
    code, out, _ = run(capsys, "import-package", setup["township"], setup["stick"])
    assert code == 0 and "冲突 1" in out
    code, out, _ = run(capsys, "conflicts", setup["township"], "--json", "--unmask")
    [conflict] = json.loads(out)
    [field] = conflict["fields"]
    assert field["field"] == "联系电话" and field["base"] is None
    assert (field["ours"], field["theirs"]) == ("13900000002", "13900000001")
    code, out, _ = run(capsys, "conflicts", setup["township"])
    assert "共同祖先" in out and "139****0001" in out and "13900000001" not in out
    code, out, _ = run(capsys, "resolve", setup["township"], conflict["id"], "--take", "联系电话=13900000003")
    assert code == 0 and "已解决" in out
    code, out, _ = run(capsys, "conflicts", setup["township"])
    assert "没有待审核的冲突" in out
    code, out, err = run(capsys, "resolve", setup["township"], conflict["id"], "--take", "ours")
    assert code == 2 and "已于" in err
    code, out, _ = run(capsys, "export-package", setup["township"], "--out", setup["stick"],
                       "--for-village", VILLAGE_CODE)
    assert code == 0 and "乡镇返回" in out
    code, out, _ = run(capsys, "import-package", setup["village"], setup["stick"])
    assert code == 0
    code, out, _ = run(capsys, "list", setup["village"], "volunteers", "--json")
    assert json.loads(out)[0]["联系电话"] in ("13900000003", "139****0003")


def test_errors_before_any_package(setup: dict[str, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    lonely = tmp_path / "lonely.db"
    run(capsys, "init", lonely, "--village-code", "350322111203", "--village-name", "西山村")
    code, _, err = run(capsys, "export-package", lonely, "--out", setup["stick"])
    assert code == 2 and "注册文件" in err
    code, _, err = run(capsys, "export-package", setup["township"], "--out", setup["stick"],
                       "--for-village", VILLAGE_CODE)
    assert code == 2 and "还没有收到村" in err
    code, _, err = run(capsys, "enroll", setup["village"], tmp_path / "missing.cunwu-enroll")
    assert code == 2 and "找不到" in err
    code, out, _ = run(capsys, "import-log", setup["township"])
    assert "还没有导入记录" in out
