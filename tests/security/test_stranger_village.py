"""A stranger posing as a village (issue 13), driven from the command line.

Anyone holding the township's public enrollment file can encrypt to the township, sign with a
new key and claim a village code in range that has not synced yet. Only the village's own
enrollment file (bound to its code, with a one-time secret) lets a first package in without a
person's confirmation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import small_village

from desktop.cli import main
from sync.exchange.package_read import peek_header
from sync.store.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def township(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "township.db"
    assert run(capsys, "init", path, "--township-code", TOWNSHIP_CODE, "--township-name", "榜头镇")[0] == 0
    return path


def enrollment(capsys: pytest.CaptureFixture[str], township: Path, folder: Path, *village: str) -> Path:
    folder.mkdir()
    extra = ("--village", village[0]) if village else ()
    code, _out, err = run(capsys, "enrollment", township, "--out", folder, *extra)
    assert code == 0, err
    return next(folder.glob("*.cunwu-enroll"))


def village_pc(capsys: pytest.CaptureFixture[str], path: Path, enrollment_file: Path) -> Path:
    small_village(path)
    code, _, err = run(capsys, "enroll", path, enrollment_file)
    assert code == 0, err
    return path


def export(capsys: pytest.CaptureFixture[str], village: Path, stick: Path) -> Path:
    stick.mkdir(exist_ok=True)
    code, out, err = run(capsys, "export-package", village, "--out", stick)
    assert code == 0, err
    return Path(out.strip().splitlines()[-1])


def records(township: Path) -> int:
    with Store.open(township) as store:
        return sum(len(store.records(r.key, VILLAGE_CODE)) for r in store.catalog.ordered())


def test_a_stranger_claiming_an_unsynced_village_is_refused_then_the_real_village_is_accepted(
        tmp_path: Path, township: Path, capsys: pytest.CaptureFixture[str]) -> None:
    public = enrollment(capsys, township, tmp_path / "public")  # the generic file found on any stick
    own = enrollment(capsys, township, tmp_path / "own", VILLAGE_CODE)  # handed to 东山村 only
    stranger = village_pc(capsys, tmp_path / "stranger.db", public)
    forged = export(capsys, stranger, tmp_path / "stick-stranger")

    code, out, err = run(capsys, "import-package", township, forged)
    assert code == 1
    assert "冒充" in err and "--accept-new-installation" in err and "未导入任何数据" in err
    assert records(township) == 0

    real = village_pc(capsys, tmp_path / "real.db", own)
    package = export(capsys, real, tmp_path / "stick-real")
    assert "enrollment_proof" in peek_header(package).header
    code, out, err = run(capsys, "import-package", township, package)
    assert code == 0, err
    assert "已导入" in out and "已登记其密钥指纹" in out
    assert records(township) > 0
    # Now the stranger is a second PC of a village that has one: still refused.
    code, _, err = run(capsys, "import-package", township, forged)
    assert code == 1 and "另一台电脑" in err
    code, out, _ = run(capsys, "villages", township, "--json")
    [village] = [v for v in json.loads(out) if v["code"] == VILLAGE_CODE]
    assert len(village["fingerprints"]) == 1


def test_the_secret_vouches_for_one_installation_only(tmp_path: Path, township: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    own = enrollment(capsys, township, tmp_path / "own", VILLAGE_CODE)
    first = village_pc(capsys, tmp_path / "first.db", own)
    assert run(capsys, "import-package", township, export(capsys, first, tmp_path / "s1"))[0] == 0
    # Whoever copies the village's file later (or a second PC set up from it) is a new PC.
    copy = village_pc(capsys, tmp_path / "copy.db", own)
    code, _, err = run(capsys, "import-package", township, export(capsys, copy, tmp_path / "s2"))
    assert code == 1 and "--accept-new-installation" in err


def test_a_proof_copied_onto_another_key_does_not_verify(tmp_path: Path, township: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from sync.exchange.identity import local_keys
    from sync.exchange.keys import KeySet, to_b64
    from sync.exchange.package_read import read_package
    from sync.exchange.package_write import write_package

    own = enrollment(capsys, township, tmp_path / "own", VILLAGE_CODE)
    real = village_pc(capsys, tmp_path / "real.db", own)
    package = export(capsys, real, tmp_path / "stick")
    header = dict(peek_header(package).header)
    thief = KeySet.generate()
    with Store.open(township) as town:
        town_keys = local_keys(town)
    assert town_keys is not None
    payload = read_package(package, town_keys.encryption).payload  # re-signed below by the thief
    for writer_field in ("format", "format_version", "signer_public_key", "recipient_fingerprint",
                         "ephemeral_public_key", "nonce", "plain_size", "payload_sha256", "payload_size"):
        header.pop(writer_field)
    header["sender_encryption_key"] = to_b64(thief.encryption_public_bytes)
    out = tmp_path / "thief"
    out.mkdir()
    forged = write_package(out, package.name, header, payload, thief.signing,
                           town_keys.encryption.public_key())
    code, _, err = run(capsys, "import-package", township, forged)
    assert code == 1 and "冒充" in err
    assert records(township) == 0


def test_a_generic_enrollment_always_needs_the_confirmation(tmp_path: Path, township: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    public = enrollment(capsys, township, tmp_path / "public")
    real = village_pc(capsys, tmp_path / "real.db", public)
    package = export(capsys, real, tmp_path / "stick")
    assert "enrollment_proof" not in peek_header(package).header
    assert run(capsys, "import-package", township, package)[0] == 1
    code, out, err = run(capsys, "import-package", township, package, "--accept-new-installation")
    assert code == 0, err
    assert "已导入" in out


def test_a_village_bound_file_cannot_enroll_another_village(tmp_path: Path, township: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    other_code = TOWNSHIP_CODE + "203"
    bound = enrollment(capsys, township, tmp_path / "own", other_code)
    village = tmp_path / "v.db"
    small_village(village)  # 东山村, VILLAGE_CODE
    code, _out, err = run(capsys, "enroll", village, bound)
    assert code == 2
    assert f"专为{other_code}生成的" in err and f"本村（村代码 {VILLAGE_CODE}）" in err
    assert "Traceback" not in err
    with Store.open(village) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM enrollment").fetchone()[0] == 0
