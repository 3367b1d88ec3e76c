"""Text that changes what a screen shows (issue 13): control characters, terminal escapes and
direction overrides are refused in names and codes with a message naming the field; zero-width
characters are dropped; nothing the program prints carries a raw escape."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from security.forging import reforged
from sync_support import World, small_village

from desktop.cli import main
from forms.model import catalog
from forms.types.base import ValueProblem
from sync.exchange.import_summary import REFUSED
from sync.store.store import Store

HIDDEN = ["\x1b[2J", "\x00", "\x07", "\u202e", "\u202a", "\u2066", "\u2069"]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def village(tmp_path: Path) -> Path:
    path = tmp_path / "village.db"
    small_village(path)
    return path


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("register", "field", "good"), [
    ("volunteers", "姓名", "陈晓梅"), ("volunteers", "居住村民小组", "一组"),
    ("volunteers", "证件号码", "350322199001010020"), ("volunteer_services", "活动名称", "环境整治")])
def test_names_and_codes_refuse_control_and_direction_characters(
        register: str, field: str, good: str, hidden: str) -> None:
    fld = catalog().register(register).by_name[field]
    with pytest.raises(ValueProblem, match=f"U\\+{ord(hidden[0]):04X}"):
        fld.type.normalise(good[:1] + hidden + good[1:], fld)


def test_zero_width_characters_are_dropped() -> None:
    fld = catalog().register("volunteers").by_name["姓名"]
    assert fld.type.normalise("陈\u200b晓\u200d梅\ufeff", fld) == "陈晓梅"
    code = catalog().register("volunteers").by_name["证件号码"]
    assert code.type.normalise("3503\u200b22199001010020", code) == "350322199001010020"


def test_the_command_line_names_the_field_and_changes_nothing(
        village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "add", village, "volunteers", "--set", "姓名=王\x1b[2J五",
                          "--set", "证件号码=11010519491231002X", "--set", "注册日期=2024-01-01")
    assert code == 2 and "姓名：含有不可见的控制字符（U+001B）" in err
    code, _out, err = run(capsys, "add", village, "volunteers", "--set", "姓名=王五",
                          "--set", "证件号码=1101\u202e0519491231002X", "--set", "注册日期=2024-01-01")
    assert code == 2 and "证件号码：含有改变文字显示方向的字符（U+202E）" in err
    with Store.open(village) as store:
        assert len(store.records("volunteers")) == 1


def test_list_never_prints_a_raw_escape_an_old_database_holds(
        village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(village)  # as an older program (or another tool) left it
    conn.execute('UPDATE volunteers SET "姓名" = ?', ("陈\x1b[2J晓梅\u202e",))
    conn.commit()
    conn.close()
    code, out, _err = run(capsys, "list", village, "volunteers")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "陈<U+001B>[2J晓梅<U+202E>" in out
    code, out, _err = run(capsys, "list", village, "volunteers", "--json")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["姓名"] == "陈\x1b[2J晓梅\u202e"  # the JSON still says what is stored


def test_a_package_carrying_an_escape_is_refused(world: World) -> None:
    package = world.export()
    assert package is not None

    def escape(body: dict[str, Any]) -> None:
        version = next(v for v in body["versions"] if v["register"] == "volunteers")
        values = json.loads(version["data"])
        values["姓名"] = "陈\x1b]0;被改了\x07晓梅"
        version["data"] = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    [result] = world.import_(reforged(world, package, escape)).results
    assert result.status == REFUSED and "姓名" in result.reason
