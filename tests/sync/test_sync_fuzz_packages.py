"""Random damage to packages: never a crash, never a change to the data.

Two kinds of fuzzing: bytes of a genuine package flipped, inserted, deleted, truncated
(all must be refused), and the decrypted payload mutated and then signed properly with
the village's key, as a buggy or hostile village PC could (each must be refused with a
reason, or accepted leaving a consistent database).
"""

from __future__ import annotations

import copy
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sync_support import World, copy_db, data_digest

from sync.exchange.identity import enrolled_township, local_keys
from sync.exchange.import_summary import ACCEPTED, REFUSED
from sync.exchange.importer import import_packages
from sync.exchange.keys import encryption_public_key_from_bytes
from sync.exchange.package_read import read_package
from sync.exchange.package_write import write_package
from sync.store import driver
from sync.store.store import new_id


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice(["flip", "set", "insert", "delete", "truncate", "swap", "dup"])
        at = rng.randrange(len(out) + 1) if out else 0
        if op == "flip" and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == "set" and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.choice([1, 4, 64]))
        elif op == "delete":
            del out[at:at + rng.choice([1, 2, 30])]
        elif op == "truncate":
            del out[at:]
        elif op == "swap" and len(out) > 1:
            i, j = rng.randrange(len(out)), rng.randrange(len(out))
            out[i], out[j] = out[j], out[i]
        elif op == "dup" and out:
            out[at:at] = out[at:at + 40]
    return bytes(out)


def fuzz_bytes(world: World, cases: int, seed: int) -> None:
    package = world.export()
    assert package is not None
    original = package.read_bytes()
    target = world.root / "fuzzed.cunwu-pkg"
    rng = random.Random(seed)
    before = data_digest(world.township)
    with world.open(world.township) as town:
        for case in range(cases):
            mutated = mutate_bytes(original, rng)
            if mutated == original:
                continue
            target.write_bytes(mutated)
            summary = import_packages(town, [target], backup=False)
            [result] = summary.results
            assert result.status == REFUSED, f"case {case} (seed {seed}) was accepted"
            assert result.reason
            if case % 25 == 0:
                assert data_digest(world.township) == before, f"case {case} changed data"
    assert data_digest(world.township) == before


def test_fuzzed_bytes_are_refused_without_changes(world: World) -> None:
    fuzz_bytes(world, 300, seed=20261121)


@pytest.mark.slow
def test_fuzzed_bytes_many_cases(world: World) -> None:
    fuzz_bytes(world, 1500, seed=7)


# ---------------------------------------------------------------- payload mutations

_SAMPLES: list[Any] = [None, True, False, 0, -1, 2**60, 1.5, float("inf"), "", "x" * 300, "'; DROP TABLE versions;--",
                       [], [1, 2], {}, {"a": 1}, "0" * 32, "f" * 32, "../../x", "350322111299", "１２３",
                       "2025-13-45", "2025-02-30", "25:99", "8:3", "x:y", "2025-1", "11010519491231002X",
                       ["志愿服务"], "2026-11-21"]


def _mutate_payload(body: dict[str, Any], rng: random.Random) -> None:
    for _ in range(rng.choice([1, 1, 2, 3])):
        try:
            _mutate_once(body, rng)
        except (TypeError, KeyError, AttributeError, IndexError):
            pass  # an earlier mutation already broke what this one would change


def _mutate_once(body: dict[str, Any], rng: random.Random) -> None:
    versions = body["versions"]
    choice = rng.randrange(9)
    v = rng.choice(versions) if versions else None
    if choice == 0 and v is not None:
        v[rng.choice(list(v))] = rng.choice(_SAMPLES)
    elif choice == 1 and v is not None:
        values = json.loads(v["data"])
        values[rng.choice(list(values))] = rng.choice(_SAMPLES)
        v["data"] = json.dumps(values, ensure_ascii=False, allow_nan=True)
    elif choice == 2 and v is not None:
        v.pop(rng.choice(list(v)))
    elif choice == 3 and v is not None:
        versions.append(copy.deepcopy(v))  # the same version twice
    elif choice == 4 and v is not None:
        twin = copy.deepcopy(v)
        twin["version_id"] = new_id()
        twin["parent_id"] = rng.choice([x["version_id"] for x in versions])
        versions.append(twin)  # a new branch of some record
    elif choice == 5 and v is not None:
        v["parent_id"] = rng.choice([x["version_id"] for x in versions] + [new_id(), None])
    elif choice == 6 and v is not None:
        v["record_uuid"] = rng.choice([x["record_uuid"] for x in versions] + [new_id()])
    elif choice == 7:
        body[rng.choice([k for k in body if k not in ("package_id", "kind", "village_code",
                                                      "installation_id", "schema_version")])] = \
            rng.choice(_SAMPLES)
    elif choice == 8 and v is not None:
        v["deleted"] = not v["deleted"] if isinstance(v.get("deleted"), bool) else True


def _consistent(db: Path) -> None:
    conn = driver.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        from forms.model import catalog

        for reg in catalog().ordered(include_profile=True):
            orphans = conn.execute(
                f'SELECT COUNT(*) FROM "{reg.key}" r LEFT JOIN versions v ON v.version_id = r._version '
                "AND v.record_uuid = r.uuid AND v.register = ? WHERE v.version_id IS NULL", (reg.key,)).fetchone()[0]
            assert orphans == 0, reg.key
    finally:
        conn.close()


def fuzz_payloads(world: World, cases: int, seed: int) -> None:
    package = world.export()
    assert package is not None
    with world.open(world.township) as town:
        town_keys = local_keys(town)
    with world.open(world.village) as village:
        keys, link = local_keys(village), enrolled_township(village)
    assert town_keys and keys and link
    header = json.loads(zipfile.ZipFile(package).read("header.json"))
    caller_header = {k: header[k] for k in ("kind", "village_code", "village_name", "installation_id",
                                            "sequence", "created", "schema_version", "township_code",
                                            "sender_encryption_key")}
    original = json.loads(read_package(package, town_keys.encryption).payload)
    template = world.root / "fuzz-template.db"
    copy_db(world.township, template)
    empty_digest = data_digest(template)
    rng = random.Random(seed)
    outcomes = {ACCEPTED: 0, REFUSED: 0}
    folder = world.root / "payload-fuzz"
    folder.mkdir()
    target = world.root / "payload-fuzz.db"
    for case in range(cases):
        body = copy.deepcopy(original)
        _mutate_payload(body, rng)
        package_id = new_id()
        body["package_id"] = package_id
        try:
            data = json.dumps(body, ensure_ascii=False).encode()
        except ValueError:
            data = json.dumps(body, ensure_ascii=False, allow_nan=True).encode()
        path = write_package(folder, f"case-{case}.cunwu-pkg", {**caller_header, "package_id": package_id},
                             data, keys.signing, encryption_public_key_from_bytes(link.encryption_public_bytes))
        copy_db(template, target)
        with world.open(target) as town:
            summary = import_packages(town, [path], backup=False, write_receipts=False)
        [result] = summary.results
        assert result.status in (ACCEPTED, REFUSED), result.describe()
        outcomes[result.status] += 1
        if result.status == REFUSED:
            assert result.reason and data_digest(target) == empty_digest, f"case {case}: {result.reason}"
        else:
            _consistent(target)
        path.unlink()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    assert outcomes[REFUSED] > cases // 4


def test_fuzzed_payloads_never_crash(world: World) -> None:
    fuzz_payloads(world, 120, seed=3)


@pytest.mark.slow
def test_fuzzed_payloads_many_cases(world: World) -> None:
    fuzz_payloads(world, 1000, seed=5)


def test_a_header_member_marked_compressed_is_refused(world: World) -> None:
    # Found by the byte fuzzer: one flipped byte made header.json a "deflated" member, and the
    # import's unverified first look at the header let zlib's error escape (no summary).
    package = world.export()
    assert package is not None
    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("header.json")
    data[info.header_offset + 8] = zipfile.ZIP_DEFLATED  # the local header's method
    name = b"header.json"
    central = next(at for at in range(len(data)) if data[at:at + 4] == b"PK\x01\x02"
                   and data[at + 46:at + 46 + len(name)] == name)
    data[central + 10] = zipfile.ZIP_DEFLATED  # and the central directory's
    target = world.root / "deflated-header.cunwu-pkg"
    target.write_bytes(bytes(data))
    before = data_digest(world.township)
    with world.open(world.township) as town:
        [result] = import_packages(town, [target], backup=False).results
    assert result.status == REFUSED and result.reason
    assert data_digest(world.township) == before
