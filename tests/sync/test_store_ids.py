"""Record and version IDs (``sync.store.database.new_id``): time-ordered UUIDs whose random part
comes from a pool read from the system a few KiB at a time."""

from __future__ import annotations

import os
import sys
import uuid

import pytest

from sync.store.database import new_id


def test_ids_are_version_7_uuids_unique_and_in_time_order() -> None:
    ids = [new_id() for _ in range(5000)]  # several refills of the pool
    assert len(set(ids)) == len(ids)
    for text in ids[:50]:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    stamps = [int(text[:12], 16) for text in ids]
    assert stamps == sorted(stamps)


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork")
def test_a_forked_child_never_hands_out_the_parents_random_bytes() -> None:
    new_id()  # the pool now holds bytes the parent has not used yet
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its next ID, to the parent
        os.close(read)
        os.write(write, new_id().encode())
        os._exit(0)
    os.close(write)
    theirs = os.read(read, 64).decode()
    os.close(read)
    os.waitpid(child, 0)
    ours = new_id()
    assert len(theirs) == 32
    assert theirs[16:] != ours[16:]  # the last 64 bits are random only
