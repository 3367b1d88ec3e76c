"""The program's version, as ``cunwu --version``, the 关于 box and error reports show it.

Qt-free and importing nothing of the program, so the command line, the windows and the self
test can all ask it without importing each other.
"""

from __future__ import annotations

import sys

FALLBACK = "0.1.0"  # a source checkout that was never installed (no package metadata)


def baked_version() -> str | None:
    """The version packaging/cunwu.spec wrote into ``desktop/frozen_version.py`` (a frozen
    program has no package metadata), or None when that file is not there."""
    try:
        from desktop.frozen_version import VERSION  # generated at build time, not in git
    except ImportError:
        return None
    return VERSION


def program_version() -> str:
    """The version of the running program: baked in when frozen, else the installed package's."""
    if getattr(sys, "frozen", False):
        baked = baked_version()
        if baked is not None:
            return baked
    try:
        from importlib.metadata import version

        return version("cunwu")
    except Exception:
        return FALLBACK
