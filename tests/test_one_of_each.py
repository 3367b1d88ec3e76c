"""The core says each thing once (issue 12): one Progress, one Cancelled, one atomic file write.

A second definition is easy to add without noticing (a local ``Progress = Callable[…]``, a
module's own ``class Cancelled``, an ``os.replace`` of its own); this test notices."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for top in ("forms", "sync", "desktop") for p in (ROOT / top).rglob("*.py"))


def places(pattern: str) -> list[str]:
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_one_progress_and_one_cancelled() -> None:
    assert [p.split(":")[0] for p in places(r"^\s*(class\s+\w*Cancelled\b|class\s+Progress\b|Progress\s*=)")] == [
        "sync/progress.py", "sync/progress.py"]


def test_one_atomic_file_write() -> None:
    # Renaming into place and syncing to disk happen in forms/atomic_file.py only.
    assert {p.split(":")[0] for p in places(r"\bos\.(replace|rename|fsync)\(|mkstemp|NamedTemporaryFile")} == {
        "forms/atomic_file.py"}
