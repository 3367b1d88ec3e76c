"""Key files of the first format (``cunwu-keys/1``, written before key file v2): read, opened and
upgraded at their users' logins (docs/decisions.md, "Key files of the first format open and are
upgraded").

A first-format slot is the database key itself, encrypted with AES-256-GCM under argon2id(the
user's password, or the normalized recovery code) with the slot's own salt; the slot's name (the
login name in clear, or ``*recovery*``) is the associated data. Such a slot cannot be turned into
a second-format one without its secret, so on reading, every slot keeps its ciphertext and loses
its name (``KeySlots.pending``, written as ``pending_v1``): a login tries the pending slots with
the typed name and password, and the one that opens is replaced by a second-format slot for that
user in one atomic write of the key file. The recovery slot is upgraded when the code is used.
Pending slots hold the database key as it was; when the key is replaced (rekey.py) they go.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync.store import keyslots

FORMAT = "cunwu-keys/1"
RECOVERY_SLOT = "*recovery*"  # the first format's name of the recovery code's slot
USER, RECOVERY = "user", "recovery"  # a pending slot's kind (no name: who it is stays unsaid)
_PARAMETERS = ("time_cost", "memory_cost", "parallelism")


@dataclass
class Found:
    """A pending slot that opened, and the database key it holds."""

    entry: dict[str, object]
    key: bytes


def from_v1(data: dict[str, object]) -> keyslots.KeySlots:
    """A first-format file's content as a second-format key file with no slots yet: every slot
    pending, without its name (and without the village's name and kind the first format kept)."""
    slots = data.get("slots")
    if not isinstance(slots, dict):
        raise ValueError("not a Cunwu key file")
    pending: list[dict[str, object]] = []
    for name, entry in slots.items():
        if not isinstance(entry, dict) or not all(k in entry for k in (*_PARAMETERS, "salt", "nonce",
                                                                      "wrapped")):
            raise ValueError("damaged key file")
        kind = RECOVERY if name == RECOVERY_SLOT else USER
        pending.append({"kind": kind, **{k: entry[k] for k in (*_PARAMETERS, "salt", "nonce", "wrapped")}})
    return keyslots.KeySlots(pending=pending)


def read(path: Path) -> keyslots.KeySlots | None:
    """The key file at ``path`` in either format; None if there is none. Raises ValueError if
    it is damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return from_v1(data)
    return keyslots.KeySlots.from_json(text)


def _unwrap(entry: dict[str, object], slot_name: str, secret: str) -> bytes | None:
    """The database key in ``entry`` if ``secret`` opens it under the first format's name
    ``slot_name``; None if not (or if the entry is damaged: it then opens for nobody)."""
    try:
        kdf = {k: int(str(entry[k])) for k in _PARAMETERS}
        salt, nonce, wrapped = (base64.b64decode(str(entry[k]).encode("ascii"), validate=True)
                                for k in ("salt", "nonce", "wrapped"))
        derived = hash_secret_raw(secret.encode("utf-8"), salt, hash_len=32, type=Type.ID, **kdf)
        return AESGCM(derived).decrypt(nonce, wrapped, f"{FORMAT}:{slot_name}".encode())
    except (InvalidTag, KeyError, TypeError, ValueError):
        return None


def open_user(slots: keyslots.KeySlots, name: str, password: str) -> Found | None:
    """The pending slot of ``name`` with ``password``. The slots have no names, so each user slot
    is tried (one argon2id each): only while some are pending, only for a login no second-format
    slot opened."""
    for entry in slots.pending:
        if entry.get("kind") == USER:
            key = _unwrap(entry, name.strip(), password)
            if key is not None:
                return Found(entry, key)
    return None


def open_recovery(slots: keyslots.KeySlots, code: str) -> Found | None:
    for entry in slots.pending:
        if entry.get("kind") == RECOVERY:
            key = _unwrap(entry, RECOVERY_SLOT, keyslots.normalize_recovery_code(code))
            if key is not None:
                return Found(entry, key)
    return None


def has_recovery(slots: keyslots.KeySlots) -> bool:
    return any(entry.get("kind") == RECOVERY for entry in slots.pending)


def _replace(path: Path, slots: keyslots.KeySlots, found: Found, slot_id: str) -> str:
    """Write the key file with ``found`` replaced by the new slot ``slot_id``: one atomic write
    (keyslots.write), so a kill leaves the file as it was (the pending slot still opens) or as it
    is now. A file that cannot be written (a read-only medium) stays as it was and still opens."""
    slots.pending.remove(found.entry)
    try:
        keyslots.write(path, slots)
    except OSError:
        pass
    return slot_id


def upgrade_user(path: Path, slots: keyslots.KeySlots, found: Found, name: str,
                 password: str) -> str:
    """``name``'s pending slot becomes a second-format slot; returns its id."""
    return _replace(path, slots, found, slots.add_user([found.key], name, password))


def upgrade_recovery(path: Path, slots: keyslots.KeySlots, found: Found, code: str) -> str:
    return _replace(path, slots, found, slots.add_recovery([found.key], code))
