"""Who is in office: the one definition of a 两委 member who has left (registers.md, "Additions").

A register that has the field 在任状态 keeps people who left: 离任 with a 离任日期 and a 离任原因.
They keep their history and print in the book's previous-term appendix, but hold no post in
the rules (R-VC-*, R-PC-SIZE, R-PARTY, R-SV-EXCL, 纪检委员), are no duplicate of the person
re-elected in the new term (R-DUP) and count in no current figure (R-LEFT). An empty 在任状态
(a record or package from before the field existed) means 在任, the field's default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from forms.types import as_partial_date

STATUS_FIELD = "在任状态"
LEFT_ON = "离任日期"
LEFT_WHY = "离任原因"
SERVING = "在任"
LEFT = "离任"
TERM_FIELD = "届次"
ELECTION_REASON = "换届离任"

Rec = TypeVar("Rec", bound=Mapping[str, Any])


def has_left(rec: Mapping[str, Any]) -> bool:
    """Marked 离任 (whatever the date): out of the rules and of the register's checks."""
    return rec.get(STATUS_FIELD) == LEFT


def serving(records: Iterable[Rec]) -> list[Rec]:
    """The records not marked 离任, in the order given."""
    return [r for r in records if r.get(STATUS_FIELD) != LEFT]


def left_by(rec: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether the member had left by ``as_of``: marked 离任 and the 离任日期 (the first day out
    of office) is on or before it. A 离任 without a date (an error, R-LEFT) counts as gone."""
    if rec.get(STATUS_FIELD) != LEFT:
        return False
    day = as_partial_date(rec.get(LEFT_ON))
    return day is None or day.first <= as_of
