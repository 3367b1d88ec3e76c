"""Hybrid logical clock: timestamps that order versions across offline installations.

A timestamp is wall-clock milliseconds plus a counter, written as a fixed-width string
(``0001763766000000.0000``) so SQLite sorts it as text. It never runs backwards on one
installation, and after seeing another installation's versions it moves past them, so a
version made after an import always sorts after what was imported, even when the PC's
clock is wrong. Ties between installations are broken by device ID and version ID, never
by a per-device counter, so a PC restored from an old copy of its database stays safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int

    def __str__(self) -> str:
        return f"{self.millis:016d}.{self.counter:04d}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        millis, _, counter = text.partition(".")
        return cls(int(millis), int(counter or 0))

    def wall_iso(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.millis / 1000))


class Clock:
    def __init__(self, last: Timestamp | None = None,
                 wall: Callable[[], int] = lambda: time.time_ns() // 1_000_000) -> None:
        self.last = last or Timestamp(0, 0)
        self._wall = wall

    def now(self) -> Timestamp:
        wall = self._wall()
        if wall > self.last.millis:
            self.last = Timestamp(wall, 0)
        else:
            self.last = Timestamp(self.last.millis, self.last.counter + 1)
        return self.last

    def observe(self, seen: Timestamp) -> None:
        """Move past a timestamp received from another installation."""
        if seen > self.last:
            self.last = seen
