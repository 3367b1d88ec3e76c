"""换届: closing a term marks its members 离任 in one transaction (registers.md, "Additions").

After an election the clerk chooses the old 届次, the date the new term took office and the
reason (换届离任 by default); every 两委 member of that 届次 still 在任 becomes 离任 on that
date, each by a new version (history kept, nothing deleted). The new term is then started
from the election's roster (an Excel import, or typing): a re-elected member gets a record of
the new term beside the 离任 one of the old (``sync.excel.roster_import`` matches 在任 rows to
records in office only). All members or none: one that cannot leave on that date (离任日期
before its 任职时间, R-LEFT) refuses the whole action, naming the member.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from forms.tenure import ELECTION_REASON, LEFT, LEFT_ON, LEFT_WHY, STATUS_FIELD, TERM_FIELD, has_left
from forms.types import as_partial_date
from sync.store.database import Database
from sync.store.errors import StoreError
from sync.store.saving import assess, write_record

REGISTER = "committee_members"


@dataclass(frozen=True)
class TermClosed:
    term: str
    day: dt.date
    reason: str
    names: tuple[str, ...]  # the members marked 离任, in the register's order


def open_terms(db: Database, village: str | None = None) -> list[tuple[str, int]]:
    """(届次, members still 在任) of a village, most members first: what the 换届 dialog offers.
    Members without a 届次 are listed under ""."""
    village = _village(db, village)
    found = Counter(r.get(TERM_FIELD) or "" for r in db.records(REGISTER, village) if not has_left(r))
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def close_term(db: Database, term: str, day: dt.date, reason: str = ELECTION_REASON,
               village: str | None = None) -> TermClosed:
    """Mark every 在任 member of ``term`` (届次) 离任 on ``day``; all of them or none."""
    db.require_edit()
    db.refuse_foreign()
    village = _village(db, village)
    term = (term or "").strip()
    reg = db.catalog.register(REGISTER)
    choice_list = reg.field(LEFT_WHY).choice_list
    reasons = tuple(choice_list.values) if choice_list else ()
    if reasons and reason not in reasons:
        raise StoreError(f"离任原因“{reason}”不在可选值中（{'、'.join(reasons)}）")
    if day > db.reference_date():
        raise StoreError(f"离任日期 {day.isoformat()} 晚于今天")
    members = [r for r in db.records(REGISTER, village)
               if not has_left(r) and (r.get(TERM_FIELD) or "") == term]
    if not members:
        raise StoreError(f"没有届次为“{term or '（未填写）'}”的在任两委成员")
    changes = {STATUS_FIELD: LEFT, LEFT_ON: day.isoformat(), LEFT_WHY: reason}
    names: list[str] = []
    with db.transaction():
        for member in members:
            record = db.get(member["uuid"])
            values = {**record.values, **changes}
            start = as_partial_date(values.get("任职时间"))
            if start is not None and day < start.first:
                began = reg.field("任职时间").format(values["任职时间"])
                raise StoreError(f"{record.title}的任职时间为 {began}，晚于离任日期 {day.isoformat()}："
                                 "请核对换届日期或该成员的任职时间")
            _full, issues = assess(db, reg, record.uuid, village, values)
            write_record(db, reg, record.uuid, village, values, record.version_id, deleted=False,
                         reason=f"换届：{term or '未填届次'}{reason}", issues=issues)
            names.append(record.title)
        db.audit("term_close", f"{village} {term} {day.isoformat()} {reason}：{len(names)} 人")
    return TermClosed(term, day, reason, tuple(names))


def _village(db: Database, village: str | None) -> str:
    found = village or db.village_code
    if not found:
        raise StoreError("乡镇数据库中换届须指明村（--village）")
    return found
