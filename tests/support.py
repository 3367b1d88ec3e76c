"""Constants and builders shared by tests (importable: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms.identifiers import id_check_char

# A fixed "today" so tests about terms, ages and future dates do not drift with the calendar.
TODAY = dt.date(2026, 11, 21)
VILLAGE_CODE = "350322111202"
TOWNSHIP_CODE = "350322111"


def person(**overrides: object) -> dict[str, object]:
    """A valid 两委 member (a woman born 1975-03-01) that tests adjust field by field."""
    values: dict[str, object] = {
        "姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021",
        "政治面貌": "中共党员", "文化程度": "大学专科", "党组织职务": "委员", "委员分工": "组织",
        "村委会职务": "委员", "任职时间": "2026-03-18", "联系电话": "13812345678",
        "入党时间": "1998-07-01", "转正时间": "1999-07-01",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def ident(birth: str, seq: str | int) -> str:
    """A valid 公民身份号码 of 仙游县 (350322) born ``birth`` (YYYYMMDD), sequence ``seq``
    (three digits, or a number written with three)."""
    first17 = f"350322{birth}{seq:03d}" if isinstance(seq, int) else f"350322{birth}{seq}"
    return first17 + id_check_char(first17)


def older_version_database(path: Path, users: list[tuple[str, str, str]]) -> Path:
    """A village database as a version before encryption at rest left it: users (name, role,
    password) with their argon2 hashes in the plain file, no key file. Written with Python's own
    sqlite3, as that version did."""
    import sqlite3  # plain sqlite3 on purpose: the earlier version's file

    from sync.store.store import Store
    from sync.store.users import user_row

    Store.create_village(path, VILLAGE_CODE, "东山村").close()
    conn = sqlite3.connect(path)
    with conn:
        for name, role, password in users:
            row = user_row(name, role, password)
            conn.execute(f"INSERT INTO users ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
    conn.close()
    return path
