"""The kind of a field is the field type's business: consumers ask the type (its methods and
attributes) or the definition (``ref``, ``mask``), and do not compare type names or mask
names. The few places that truly are about one kind of field are listed here with why."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# type_name == "x", type.name in (...), fld.mask == "id": a decision that belongs to the type.
KIND_TEST = re.compile(r"\b(type_name|type\.name|\.mask)\s*(==|!=|\bin\b|\bnot in\b)")
ALLOWED = {
    "forms/model.py": "a computed field has no type of its own; ref and its type go together",
    "sync/excel/roster_import.py": "a 村情概况 row names its own village by its 统计用区划代码",
    "sync/excel/import_report.py": "a child record is known by its parent, title, first date and time",
}


def test_consumers_ask_the_field_type_rather_than_compare_its_name() -> None:
    found = set()
    for top in ("forms", "sync", "desktop"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("forms/types/") or rel in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if KIND_TEST.search(line):
                    found.add(f"{rel}:{number}: {line.strip()}")
    assert not found, "ask the field type (forms/types) instead:\n" + "\n".join(sorted(found))
