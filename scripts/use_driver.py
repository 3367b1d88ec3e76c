"""Make every module use the one SQLite driver (sync/store/driver.py) instead of ``sqlite3``.

    .venv/bin/python scripts/use_driver.py [--check]

sqlcipher3's exceptions are not subclasses of Python's ``sqlite3`` ones, so an
``except sqlite3.Error`` around a store's connection would let a SQLCipher error through
(docs/decisions.md, "Encryption at rest"). This rewrites, in every .py file under sync/,
desktop/, bench/, scripts/ and tests/: the line ``import sqlite3`` becomes
``from sync.store import driver`` and each ``sqlite3.NAME`` becomes ``driver.NAME``; then
ruff sorts the imports of the files it changed. Re-run it after merging a branch that added
``import sqlite3`` somewhere. ``--check`` changes nothing and exits 1 if a file would change.

Left alone: forms/ (it never touches a database and may not import sync/), the driver itself,
and files that read a database with Python's own module on purpose (a thief's view: they say
``plain sqlite3 on purpose`` in a comment, or live in tests/security/).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("sync", "desktop", "bench", "scripts", "tests")
SKIP = {Path("sync/store/driver.py"), Path("scripts/use_driver.py")}
ON_PURPOSE = "plain sqlite3 on purpose"
IMPORT = re.compile(r"^([ \t]*)import sqlite3\n", re.MULTILINE)
HAS_DRIVER = re.compile(r"^from sync\.store import [^\n]*\bdriver\b", re.MULTILINE)
USE = re.compile(r"\bsqlite3\.(?=[A-Za-z_])")


def wanted(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return rel not in SKIP and rel.parts[:2] != ("tests", "security")


def rewrite(text: str) -> str | None:
    if not IMPORT.search(text) or ON_PURPOSE in text:
        return None
    if HAS_DRIVER.search(text):  # already imports the driver: the sqlite3 import just goes
        text = IMPORT.sub("", text)
    elif re.search(r"\bdriver\b", text):  # a name of its own called driver: by hand
        raise SystemExit("driver 这个名字已被使用，请手工修改")
    else:
        text = IMPORT.sub(r"\1from sync.store import driver\n", text)
    return USE.sub("driver.", text)


def main() -> int:
    check = "--check" in sys.argv[1:]
    changed: list[Path] = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not wanted(path):
                continue
            text = path.read_text(encoding="utf-8")
            try:
                new = rewrite(text)
            except SystemExit as exc:
                raise SystemExit(f"{path.relative_to(ROOT)}: {exc}") from None
            if new is None or new == text:
                continue
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(path.relative_to(ROOT))
    if changed and not check:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        subprocess.run([str(ruff if ruff.exists() else "ruff"), "check", "--fix", "--select", "I",
                        "--quiet", *map(str, changed)], check=False)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
