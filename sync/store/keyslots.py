"""How an encrypted database's key is kept: wrapped once per user and once by the recovery code,
in the key file beside the database (``cunwu.db.keys``; docs/decisions.md, "Encryption at rest").

The database key is 32 random bytes. Each slot holds it encrypted with AES-256-GCM under a key
derived from a secret (a user's password, or the recovery code) by argon2id with the slot's own
salt; the slot's name is the associated data, so a slot copied under another name does not open.
Without a password or the recovery code the file tells a thief the users' login names and the
village's name, nothing else. The recovery code is printed once, when the first administrator is
made, for the village's safe: it opens the database when every password is forgotten.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from forms.atomic_file import write_atomic
from sync.store import driver

FORMAT = "cunwu-keys/1"
RECOVERY_SLOT = "*recovery*"
# argon2id as RFC 9106's second recommendation (64 MiB, 3 passes): about 0.1 s here, a thief's
# guesses cost as much. The parameters are stored in each slot so they can be raised later.
KDF = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
# Crockford's base32 letters: no I, L, O, U, so nothing to misread from paper.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP = 6, 4  # 24 letters, 120 bits


class WrongSecret(ValueError):
    """The password or recovery code does not open the slot."""


def key_file(db_path: str | os.PathLike[str]) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=kdf["time_cost"],
                           memory_cost=kdf["memory_cost"], parallelism=kdf["parallelism"],
                           hash_len=32, type=Type.ID)


def _aad(slot: str) -> bytes:
    return f"{FORMAT}:{slot}".encode()


def wrap(db_key: bytes, slot: str, secret: str) -> dict[str, object]:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(secret, salt, KDF)).encrypt(nonce, db_key, _aad(slot))
    return {"kdf": "argon2id", **KDF, "salt": _b64(salt), "nonce": _b64(nonce),
            "wrapped": _b64(sealed)}


def unwrap(entry: dict[str, object], slot: str, secret: str) -> bytes:
    try:
        kdf = {k: int(entry[k]) for k in ("time_cost", "memory_cost", "parallelism")}  # type: ignore[call-overload]
        salt, nonce = _unb64(str(entry["salt"])), _unb64(str(entry["nonce"]))
        sealed = _unb64(str(entry["wrapped"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise WrongSecret("钥匙文件已损坏") from exc
    try:
        return AESGCM(_derive(secret, salt, kdf)).decrypt(nonce, sealed, _aad(slot))
    except InvalidTag as exc:
        raise WrongSecret(slot) from exc


def new_recovery_code() -> str:
    letters = "".join(secrets.choice(RECOVERY_ALPHABET)
                      for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP))
    return "-".join(letters[i:i + RECOVERY_GROUP] for i in range(0, len(letters), RECOVERY_GROUP))


def normalize_recovery_code(text: str) -> str:
    """What a person types from the paper: spaces, dashes, lower case and the letters that look
    like digits (O, I, L) are forgiven."""
    plain = "".join(ch for ch in text.upper() if ch.isalnum())
    plain = plain.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "-".join(plain[i:i + RECOVERY_GROUP] for i in range(0, len(plain), RECOVERY_GROUP))


@dataclass
class KeySlots:
    """The content of a key file."""

    title: str = ""            # the village's or township's name, for the login screen
    township: bool = False
    slots: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def user_names(self) -> list[str]:
        return sorted(name for name in self.slots if name != RECOVERY_SLOT)

    def set_user(self, db_key: bytes, name: str, password: str) -> None:
        self.slots[name] = wrap(db_key, name, password)

    def remove_user(self, name: str) -> None:
        self.slots.pop(name, None)

    def set_recovery(self, db_key: bytes, code: str) -> None:
        self.slots[RECOVERY_SLOT] = wrap(db_key, RECOVERY_SLOT, normalize_recovery_code(code))

    def open_as(self, name: str, password: str) -> bytes:
        entry = self.slots.get(name)
        if entry is None or name == RECOVERY_SLOT:
            raise WrongSecret(name)
        return unwrap(entry, name, password)

    def open_with_recovery(self, code: str) -> bytes:
        entry = self.slots.get(RECOVERY_SLOT)
        if entry is None:
            raise WrongSecret(RECOVERY_SLOT)
        return unwrap(entry, RECOVERY_SLOT, normalize_recovery_code(code))

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "title": self.title, "township": self.township,
                           "slots": self.slots}, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> KeySlots:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("slots"), dict):
            raise ValueError("not a Cunwu key file")
        return cls(str(data.get("title", "")), bool(data.get("township")), dict(data["slots"]))


def read(path: Path) -> KeySlots | None:
    """The key file at ``path``; None if there is none. Raises ValueError if it is damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return KeySlots.from_json(text)


def write(path: Path, slots: KeySlots) -> None:
    """Replace the key file whole (a kill leaves the old or the new one), owner-only."""
    def produce(tmp: Path) -> None:
        os.chmod(tmp, driver.PRIVATE_MODE)  # before a byte is in it
        tmp.write_text(slots.to_json(), encoding="utf-8")

    write_atomic(path, produce)
