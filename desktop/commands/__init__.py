"""Subcommands of ``cunwu``, one module per feature. Each module defines ``register(sub)``."""

from __future__ import annotations

import argparse
from typing import Any, Protocol

# Modules are imported in this order when the parser is built; a missing optional
# module (a feature still being built) is simply not listed here.
COMMAND_MODULES = ["records", "admin", "gui", "stats", "book", "excel", "sync", "choices", "installations",
                   "terms"]


class Subcommands(Protocol):
    """What ``register(sub)`` receives: ``cunwu``'s subparsers (``add_subparsers()``), to which it adds
    its commands. argparse's own class for it is private (``_SubParsersAction``)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...
