"""Running the command line as a person at the PC does, and what a thief's sqlite3 sees."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cunwu(*args: str, user: str | None = None, password: str | None = None,
          stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``cunwu ARGS`` in a fresh process, logged in through CUNWU_USER/CUNWU_PASSWORD when given
    (none of the caller's CUNWU_ variables leak in); ``stdin`` is what is typed at a prompt."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUNWU_")}
    if user is not None:
        env["CUNWU_USER"] = user
    if password is not None:
        env["CUNWU_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300, input=stdin or "")


def plain_sqlite_reads(path: Path) -> bool:
    """Whether Python's own sqlite3, with no key, reads the file (a plain database) or not."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
