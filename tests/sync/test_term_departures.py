"""Departures are not deletions (issue 15, item 1): 离任 members keep their record, leave every
post-based rule and current count, and a 换届 closes a term in one action."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from support import TODAY, ident, person

from forms.validation import RecordInvalid
from sync.reports.statistics import compute
from sync.store.store import Store, StoreError
from sync.store.term_close import close_term, open_terms

OLD_TERM, NEW_TERM = "第十一届", "第十二届"
ELECTED = dt.date(2026, 3, 18)


def _old_committee(store: Store) -> dict[str, str]:
    """A 村委会 of three (one woman) and a 书记 of the eleventh term, elected 2021."""
    rows = {
        "书记主任": person(姓名="王建国", 公民身份号码=ident("19700101", "011"), 党组织职务="书记",
                       委员分工=None, 村委会职务="主任", 届次=OLD_TERM, 任职时间="2021-03-15",
                       文化程度="初中"),
        "委员女": person(姓名="林秀英", 届次=OLD_TERM, 任职时间="2021-03-15"),
        "委员男": person(姓名="陈志强", 公民身份号码=ident("19800202", "013"), 党组织职务="无",
                      委员分工=None, 入党时间=None, 转正时间=None, 政治面貌="群众", 届次=OLD_TERM,
                      任职时间="2021-03-15"),
    }
    return {key: store.add("committee_members", values).uuid for key, values in rows.items()}


def _new_committee(store: Store) -> None:
    """The twelfth term: 王建国 re-elected (a new record, same ID number), two new members."""
    store.add("committee_members", person(
        姓名="王建国", 公民身份号码=ident("19700101", "011"), 党组织职务="书记", 委员分工=None,
        村委会职务="主任", 届次=NEW_TERM, 任职时间=ELECTED.isoformat(), 任职情况="连任", 文化程度="初中"))
    store.add("committee_members", person(
        姓名="张丽", 公民身份号码=ident("19760303", "024"), 届次=NEW_TERM, 任职时间=ELECTED.isoformat(),
        文化程度="大学本科"))
    store.add("committee_members", person(
        姓名="李明", 公民身份号码=ident("19780404", "035"), 党组织职务="无", 委员分工=None, 入党时间=None,
        转正时间=None, 政治面貌="群众", 届次=NEW_TERM, 任职时间=ELECTED.isoformat(), 文化程度="普通高中"))


def _rules(store: Store) -> set[str]:
    return {i.rule for i in store.check() if i.register == "committee_members"}


def test_closing_a_term_marks_its_members_left_in_one_action(store: Store) -> None:
    ids = _old_committee(store)
    assert open_terms(store) == [(OLD_TERM, 3)]
    done = close_term(store, OLD_TERM, ELECTED)
    assert sorted(done.names) == sorted(["王建国", "林秀英", "陈志强"])
    for uuid in ids.values():
        rec = store.get(uuid)
        assert not rec.deleted  # a departure is not a deletion
        assert (rec.values["在任状态"], rec.values["离任日期"], rec.values["离任原因"]) == \
            ("离任", ELECTED.isoformat(), "换届离任")
        assert store.history(uuid)[-1].reason.startswith("换届")
    assert open_terms(store) == []
    with pytest.raises(StoreError, match="没有届次"):
        close_term(store, OLD_TERM, ELECTED)


def test_re_elected_member_is_in_both_terms_without_a_duplicate(store: Store) -> None:
    _old_committee(store)
    close_term(store, OLD_TERM, ELECTED)
    _new_committee(store)  # would raise RecordInvalid (R-DUP) if the 离任 record were a twin
    assert "R-DUP" not in _rules(store)
    # Two 主任 and two 书记 in the register, but the old ones left: no R-VC-ONE.
    assert not _rules(store) & {"R-VC-ONE", "R-VC-SIZE", "R-VC-WOMAN", "R-DUP"}
    records = store.records("committee_members")
    wang = [r for r in records if r["姓名"] == "王建国"]
    assert sorted(r["在任状态"] for r in wang) == ["在任", "离任"]


def test_a_second_member_in_office_with_the_same_id_is_still_a_duplicate(store: Store) -> None:
    _old_committee(store)
    with pytest.raises(RecordInvalid) as info:
        store.add("committee_members", person(姓名="王建国", 公民身份号码=ident("19700101", "011"),
                                              届次=NEW_TERM))
    assert "R-DUP" in {i.rule for i in info.value.issues}


def test_post_rules_ignore_members_who_left(store: Store) -> None:
    ids = _old_committee(store)
    # The only woman of the 村委会 leaves: R-VC-WOMAN and R-VC-SIZE (2 left in office) fire.
    store.edit(ids["委员女"], {"在任状态": "离任", "离任日期": "2026-06-01", "离任原因": "辞职"})
    assert {"R-VC-WOMAN", "R-VC-SIZE"} <= _rules(store)
    # A 离任 书记 who is no Party member any more is no R-PARTY error.
    store.edit(ids["书记主任"], {"在任状态": "离任", "离任日期": "2026-06-01", "离任原因": "调任",
                                 "政治面貌": "群众", "入党时间": None, "转正时间": None})
    assert "R-PARTY" not in {i.rule for i in store.check() if i.record == ids["书记主任"]}
    assert {"R-VC-ONE"} <= _rules(store)  # no 主任 and no 书记 in office now


def test_left_needs_date_and_reason_not_before_the_start(store: Store) -> None:
    ids = _old_committee(store)
    with pytest.raises(RecordInvalid) as info:
        store.edit(ids["委员男"], {"在任状态": "离任"})
    assert {(i.rule, i.field) for i in info.value.issues} >= {("R-LEFT", "离任日期"), ("R-LEFT", "离任原因")}
    with pytest.raises(RecordInvalid) as info:
        store.edit(ids["委员男"], {"在任状态": "离任", "离任日期": "2020-12-31", "离任原因": "辞职"})
    assert [i.message for i in info.value.issues if i.rule == "R-LEFT"] == \
        ["离任日期：2020-12-31 早于任职时间 2021.03.15"]
    with pytest.raises(RecordInvalid) as info:
        store.edit(ids["委员男"], {"离任日期": "2026-01-01"})  # still 在任
    assert [i.rule for i in info.value.issues] == ["R-LEFT"]


def test_term_close_is_all_or_nothing(store: Store) -> None:
    ids = _old_committee(store)
    late = store.add("committee_members", person(姓名="赵后来", 公民身份号码=ident("19750505", "046"),
                                                 党组织职务="无", 委员分工=None, 村委会职务="无",
                                                 届次=OLD_TERM, 任职时间="2026-05-01"))
    with pytest.raises(StoreError, match=r"赵后来的任职时间为 2026\.05\.01，晚于离任日期 2026-03-18"):
        close_term(store, OLD_TERM, ELECTED)
    for uuid in [*ids.values(), late.uuid]:
        assert store.get(uuid).values.get("在任状态") in (None, "在任")
        assert len(store.history(uuid)) == 1


@pytest.mark.parametrize(("left_on", "counted"), [
    (TODAY - dt.timedelta(days=1), False),  # left the day before the reference date
    (TODAY, False),  # 离任日期 is the first day out of office
    (TODAY + dt.timedelta(days=1), True),  # still in office on the reference date
])
def test_counts_at_the_reference_date(store: Store, left_on: dt.date, counted: bool) -> None:
    store.today = TODAY + dt.timedelta(days=5)  # the departure may be typed a few days later
    ids = _old_committee(store)
    store.edit(ids["委员男"], {"在任状态": "离任", "离任日期": left_on.isoformat(), "离任原因": "辞职"})
    report = compute(store, as_of=TODAY)
    assert report.figure("committee", "members").n == (3 if counted else 2)
    assert report.figure("committee", "vc").n == (3 if counted else 2)


def test_cli_term_close(village_db: Path) -> None:
    with Store.open(village_db) as store:
        _old_committee(store)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desktop.cli", "term-close", str(village_db), *args],
                              capture_output=True, text=True, encoding="utf-8")

    listed = run()
    assert listed.returncode == 0 and f"{OLD_TERM}：在任 3 人" in listed.stdout
    bad = run("--term", OLD_TERM, "--date", "2026-13-01")
    assert bad.returncode == 2 and "--date" in bad.stderr and "Traceback" not in bad.stderr
    wrong = run("--term", OLD_TERM, "--date", "2026-03-18", "--reason", "升职")
    assert wrong.returncode == 2 and "离任原因“升职”不在可选值中" in wrong.stderr
    done = run("--term", OLD_TERM, "--date", "2026-03-18")
    assert done.returncode == 0, done.stderr
    assert "3 人已标为离任" in done.stdout
    with Store.open(village_db) as store:
        assert {r["在任状态"] for r in store.records("committee_members")} == {"离任"}


def _roster(tmp_path: Path, name: str, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["东山村村“两委”成员花名册"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


HEADER = ["姓名", "身份证号", "民族", "政治面貌", "学历", "党内职务", "行政职务", "届次", "任职时间", "手机"]
WANG = ["王建国", ident("19700101", "011"), "汉族", "党员", "初中", "书记", "主任"]
LIN = ["林秀英", ident("19750301", "002"), "汉族", "党员", "大专", "组织委员", "委员"]
ZHANG = ["张丽", ident("19760303", "024"), "汉族", "群众", "本科", "无", "委员"]
LI = ["李明", ident("19780404", "035"), "汉族", "群众", "高中", "无", "委员"]


def test_roster_with_departure_columns_imports_departed_members(store: Store, tmp_path: Path) -> None:
    from sync.excel.roster_import import import_excel

    header = [*HEADER, "在任状态", "离任日期", "离任原因"]
    rows = [
        [*WANG, OLD_TERM, "2021-03-15", "13812345678", "离任", "2026-03-18", "换届"],
        [*WANG, NEW_TERM, "2026-03-18", "13812345678", "在任", None, None],
        [*LIN, OLD_TERM, "2021-03-15", "13812345679", "已离任", "2024-06-30", "辞职"],
        [*ZHANG, NEW_TERM, "2026-03-18", "13812345670", None, None, None],
        [*LI, NEW_TERM, "2026-03-18", "13812345671", "在任", None, None],
    ]
    report = import_excel(store, "两委成员", _roster(tmp_path, "both.xlsx", header, rows))
    assert report.ok and report.committed, report.lines()
    got = sorted((r["姓名"], r["届次"], r.get("在任状态"), r.get("离任日期"), r.get("离任原因"))
                 for r in store.records("committee_members"))
    assert got == [
        ("张丽", NEW_TERM, "在任", None, None),
        ("李明", NEW_TERM, "在任", None, None),
        ("林秀英", OLD_TERM, "离任", "2024-06-30", "辞职"),
        ("王建国", OLD_TERM, "离任", "2026-03-18", "换届离任"),
        ("王建国", NEW_TERM, "在任", None, None),
    ]
    # Read back: the same file changes nothing (each row finds its own record).
    again = import_excel(store, "两委成员", _roster(tmp_path, "both.xlsx", header, rows))
    assert again.committed and again.count("unchanged") == 5, again.lines()


def test_new_term_roster_after_term_close_keeps_the_old_term(store: Store, tmp_path: Path) -> None:
    from sync.excel.roster_import import import_excel

    _old_committee(store)
    close_term(store, OLD_TERM, ELECTED)
    rows = [[*WANG, NEW_TERM, "2026-03-18", "13812345678"], [*ZHANG, NEW_TERM, "2026-03-18", "13812345670"],
            [*LI, NEW_TERM, "2026-03-18", "13812345671"]]
    report = import_excel(store, "两委成员", _roster(tmp_path, "new.xlsx", HEADER, rows))
    assert report.committed and report.count("added") == 3, report.lines()
    records = store.records("committee_members")
    assert sorted((r["姓名"], r["在任状态"]) for r in records if r["届次"] == OLD_TERM) == \
        [("林秀英", "离任"), ("王建国", "离任"), ("陈志强", "离任")]
    assert compute(store, as_of=TODAY).figure("committee", "members").n == 3


def test_training_roster_names_the_re_elected_member_in_office(store: Store, tmp_path: Path) -> None:
    """成员 written 姓名（公民身份号码） of a re-elected member: the record of the new term."""
    from openpyxl import Workbook

    from sync.excel.roster_import import import_excel

    _old_committee(store)
    close_term(store, OLD_TERM, ELECTED)
    _new_committee(store)
    wb = Workbook()
    ws = wb.active
    ws.append(["成员", "类型", "名称", "日期", "组织单位"])
    ws.append([f"王建国（{ident('19700101', '011')}）", "任职培训", "新任村干部任职培训", "2026-04-10", "县委组织部"])
    ws.append(["张丽", "在职培训", "乡村振兴专题培训", "2026-06-10", "镇党委"])
    path = tmp_path / "trainings.xlsx"
    wb.save(path)
    report = import_excel(store, "培训与考核", path)
    assert report.committed, report.lines()
    [first] = [r for r in store.records("member_trainings") if r["名称"] == "新任村干部任职培训"]
    assert store.get(first["成员"]).values["届次"] == NEW_TERM
    assert compute(store, as_of=TODAY).figure("training", "trained").n == 2


@pytest.mark.parametrize("named", ["王建国", ident("19700101", "011")])
def test_a_form_naming_a_re_elected_member_links_the_record_in_office(store: Store, named: str) -> None:
    """成员 typed as the name or the ID number of a member in both terms: the one in office, not
    "对应多条记录" (the 离任 record of the last term has the same name and number)."""
    _old_committee(store)
    close_term(store, OLD_TERM, ELECTED)
    _new_committee(store)
    saved = store.add("member_trainings", {"成员": named, "类型": "任职培训", "名称": "新任村干部任职培训",
                                           "日期": "2026-04-10"})
    member = store.get(store.get(saved.uuid).values["成员"])
    assert (member.values["届次"], member.values["在任状态"]) == (NEW_TERM, "在任")
    # The departed alone (not re-elected) is still found by name: nothing else to prefer.
    saved = store.add("member_trainings", {"成员": "林秀英", "类型": "年度考核", "名称": "2025年度考核",
                                           "日期": "2026-01-10", "结果": "称职"})
    assert store.get(store.get(saved.uuid).values["成员"]).values["在任状态"] == "离任"


def test_data_status_counts_the_members_in_office(store: Store) -> None:
    """The data status's 两委 column: the three of the new term, not the six records."""
    _old_committee(store)
    close_term(store, OLD_TERM, ELECTED)
    _new_committee(store)
    report = compute(store, as_of=TODAY)
    assert len(store.records("committee_members")) == 6
    assert report.figure("status", "n:committee_members").n == 3
    assert report.figure("terms", "left").n == 3  # the departed, where the user finds them
    column = next(c for c in report.groups["status"].columns if c.key == "n:committee_members")
    assert "不含已离任" in column.help
