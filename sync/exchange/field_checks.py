"""Checks for the fields of the files on a stick: a package's header, an enrollment file, a receipt.

Each check returns a bool, so each file phrases its own Chinese message around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sync.exchange.keys import KeyFormatError, from_b64

Check = Callable[[Any], bool]
# Package, installation and record-version IDs: letters and digits first, no path characters.
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"


def matches(pattern: str) -> Check:
    compiled = re.compile(pattern)
    return lambda value: isinstance(value, str) and compiled.fullmatch(value) is not None


def is_int(value: Any, low: int = 0, high: int = 2**53) -> bool:
    # JSON's true and false are ints to Python: not a count, not a sequence number.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def is_timestamp(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_b64(size: int) -> Check:
    def check(value: Any) -> bool:
        try:
            from_b64(value, expected_length=size)
        except KeyFormatError:
            return False
        return True

    return check


is_id = matches(ID_PATTERN)
is_sha256 = matches(r"[0-9a-f]{64}")
is_township_code = matches(r"[0-9]{9}")
is_village_code = matches(r"[0-9]{12}")
