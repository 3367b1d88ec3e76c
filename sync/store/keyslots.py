"""How an encrypted database's key is kept: the key file beside the database (``cunwu.db.keys``;
docs/decisions.md, "Key slots without names; a new database key when a user leaves").

Two layers, so that the database key can be replaced without anyone's password:
- every user has a long-term key pair (X25519). Its private half is wrapped (AES-256-GCM) under a
  key derived by argon2id from the user's login name and password with the file's salt; its public
  half lies in the slot in clear (a random public key says nothing about anyone).
- the database key (32 random bytes, SQLCipher's raw key) is *sealed* to each slot's public key
  (an ephemeral X25519 exchange, HKDF, AES-GCM). Replacing it (``PRAGMA rekey``) seals the new key
  to the public keys of the slots that remain: the person who leaves, or an old password, or an
  old recovery code, opens only keys that no longer open the database.

Nothing in the file names anyone: a slot's id is derived from the name and the password (a thief
has to guess both together, at argon2's price), and who owns a slot (needed to remove a user's
slot) is written encrypted under the database key. The recovery code has a slot of the same kind
(its private key wrapped under the code). While a new database key is being put in place, a slot
carries the new and the old one sealed (``sealed`` lists both), so that a kill at any moment
leaves a key file that opens the database as it is on disk.

A key file of the first format (``cunwu-keys/1``) is read by sync/store/keys_v1.py: its slots,
stripped of their names, wait in ``pending`` until their user logs in (docs/decisions.md, "Key
files of the first format open and are upgraded").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from forms.atomic_file import write_atomic
from sync.store import driver

FORMAT = "cunwu-keys/2"
RECOVERY_OWNER = "*recovery*"
PENDING = "pending_v1"  # the first format's slots not upgraded yet (sync/store/keys_v1.py)
# argon2id as RFC 9106's second recommendation (64 MiB, 3 passes): about 0.1 s here, a thief's
# guesses cost as much. The parameters are stored in the file so they can be raised later.
KDF = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
# Crockford's base32 letters: no I, L, O, U, so nothing to misread from paper.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP = 6, 4  # 24 letters, 120 bits
_RAW = serialization.Encoding.Raw


class WrongSecret(ValueError):
    """The password or recovery code does not open any slot."""


def key_file(db_path: str | os.PathLike[str]) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)


def _derive(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=kdf["time_cost"],
                           memory_cost=kdf["memory_cost"], parallelism=kdf["parallelism"],
                           hash_len=32, type=Type.ID)


def _sub(material: bytes, purpose: str) -> bytes:
    return hmac.new(material, purpose.encode(), hashlib.sha256).digest()


def _aad(what: str) -> bytes:
    return f"{FORMAT}:{what}".encode()


def _public_bytes(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _private_bytes(private: X25519PrivateKey) -> bytes:
    return private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _seal_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=_aad("seal") + ephemeral + public).derive(shared)


def seal(db_key: bytes, public: bytes, owner: str) -> dict[str, str]:
    """``db_key`` for the holder of ``public``'s private key, with the slot's owner encrypted
    under ``db_key`` (readable by whoever has the database open, by nobody else)."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = _public_bytes(ephemeral)
    kek = _seal_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), eph_public, public)
    nonce, owner_nonce = os.urandom(12), os.urandom(12)
    return {"ephemeral": _b64(eph_public), "nonce": _b64(nonce),
            "key": _b64(AESGCM(kek).encrypt(nonce, db_key, _aad("database-key"))),
            "owner_nonce": _b64(owner_nonce),
            "owner": _b64(AESGCM(_sub(db_key, "owner")).encrypt(owner_nonce, owner.encode(),
                                                                 _aad("owner") + public))}


def _unseal(private: X25519PrivateKey, public: bytes, sealed: dict[str, str]) -> bytes:
    eph_public = _unb64(sealed["ephemeral"])
    kek = _seal_key(private.exchange(X25519PublicKey.from_public_bytes(eph_public)), eph_public, public)
    return AESGCM(kek).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["key"]), _aad("database-key"))


def _owner(db_key: bytes, public: bytes, sealed: dict[str, str]) -> str | None:
    try:
        return AESGCM(_sub(db_key, "owner")).decrypt(
            _unb64(sealed["owner_nonce"]), _unb64(sealed["owner"]), _aad("owner") + public).decode()
    except (InvalidTag, KeyError, ValueError):
        return None


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
class Opened:
    """A slot opened with its secret: its id, and the database keys sealed in it (newest first)."""

    slot_id: str
    keys: list[bytes]


@dataclass
class KeySlots:
    """The content of a key file: the file's salt, the users' slots by id, the recovery slot;
    and the first format's slots not upgraded yet (sync/store/keys_v1.py; they hold the
    database key as it was when the file was upgraded, and go when that key is replaced)."""

    salt: bytes = field(default_factory=lambda: os.urandom(16))
    kdf: dict[str, int] = field(default_factory=lambda: dict(KDF))
    slots: dict[str, dict[str, object]] = field(default_factory=dict)
    pending: list[dict[str, object]] = field(default_factory=list)

    # ----------------------------------------------------------------- making slots
    def _material(self, secret: str) -> bytes:
        return _derive(secret, self.salt, self.kdf)

    @staticmethod
    def _login_secret(name: str, password: str) -> str:
        return f"user\x00{name.strip()}\x00{password}"

    @staticmethod
    def _recovery_secret(code: str) -> str:
        return f"recovery\x00{normalize_recovery_code(code)}"

    def _add(self, slot_id: str, material: bytes, db_keys: list[bytes], owner: str) -> str:
        private = X25519PrivateKey.generate()
        public = _public_bytes(private)
        nonce = os.urandom(12)
        wrapped = AESGCM(_sub(material, "wrap")).encrypt(nonce, _private_bytes(private),
                                                         _aad("slot:" + slot_id))
        self.slots[slot_id] = {"public": _b64(public), "nonce": _b64(nonce), "wrapped": _b64(wrapped),
                               "sealed": [seal(k, public, owner) for k in db_keys]}
        return slot_id

    def add_user(self, db_keys: list[bytes], name: str, password: str) -> str:
        """A new slot for ``name`` (a new user, or a new password: a new key pair either way);
        returns its id."""
        material = self._material(self._login_secret(name, password))
        return self._add(_sub(material, "slot-id")[:16].hex(), material, db_keys, name.strip())

    def add_recovery(self, db_keys: list[bytes], code: str) -> str:
        """A slot for a recovery code (the caller removes the old code's slot)."""
        material = self._material(self._recovery_secret(code))
        return self._add(_sub(material, "slot-id")[:16].hex(), material, db_keys, RECOVERY_OWNER)

    # ---------------------------------------------------------------- opening slots
    def _open(self, secret: str) -> Opened:
        material = self._material(secret)
        slot_id = _sub(material, "slot-id")[:16].hex()
        entry = self.slots.get(slot_id)
        if entry is None:
            raise WrongSecret(slot_id)
        try:
            raw = AESGCM(_sub(material, "wrap")).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]),
                                                         _aad("slot:" + slot_id))
            private = X25519PrivateKey.from_private_bytes(raw)
            public = _unb64(entry["public"])
            sealed = entry["sealed"]
            assert isinstance(sealed, list)
            keys = [_unseal(private, public, s) for s in sealed]
        except (InvalidTag, KeyError, TypeError, ValueError, AssertionError) as exc:
            raise WrongSecret("钥匙文件已损坏") from exc
        return Opened(slot_id, keys)

    def open_as(self, name: str, password: str) -> Opened:
        return self._open(self._login_secret(name, password))

    def open_with_recovery(self, code: str) -> Opened:
        return self._open(self._recovery_secret(code))

    # ------------------------------------------------- who owns what (database key in hand)
    def owners(self, db_key: bytes) -> dict[str, str | None]:
        """slot id -> the user name (or RECOVERY_OWNER) it belongs to, read with the key that
        opens the database; None for a slot that does not carry that key."""
        found: dict[str, str | None] = {}
        for slot_id, entry in self.slots.items():
            public = _unb64(entry["public"])
            sealed = entry.get("sealed")
            names = [_owner(db_key, public, s) for s in sealed] if isinstance(sealed, list) else []
            found[slot_id] = next((n for n in names if n is not None), None)
        return found

    def recovery_slot_ids(self, db_key: bytes) -> list[str]:
        return [s for s, owner in self.owners(db_key).items() if owner == RECOVERY_OWNER]

    def has_recovery(self, db_key: bytes) -> bool:
        return bool(self.recovery_slot_ids(db_key))

    def in_transition(self) -> bool:
        """A new database key was being put in place when the program stopped."""
        return any(isinstance(e.get("sealed"), list) and len(e["sealed"]) != 1  # type: ignore[arg-type]
                   for e in self.slots.values())

    def reseal(self, db_keys: list[bytes], owners: dict[str, str]) -> None:
        """Every slot in ``owners`` carries ``db_keys`` (newest first); the other slots go."""
        for slot_id in list(self.slots):
            if slot_id not in owners:
                del self.slots[slot_id]
                continue
            public = _unb64(self.slots[slot_id]["public"])
            self.slots[slot_id]["sealed"] = [seal(k, public, owners[slot_id]) for k in db_keys]

    # ------------------------------------------------------------------- the file
    def to_json(self) -> str:
        data: dict[str, object] = {"format": FORMAT, "salt": _b64(self.salt), "kdf": "argon2id",
                                   **self.kdf, "slots": self.slots}
        if self.pending:
            data[PENDING] = self.pending
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> KeySlots:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("slots"), dict):
            raise ValueError("not a Cunwu key file")
        try:
            kdf = {k: int(data[k]) for k in KDF}
            pending = data.get(PENDING, [])
            if not isinstance(pending, list) or not all(isinstance(e, dict) for e in pending):
                raise TypeError(PENDING)
            return cls(_unb64(data["salt"]), kdf, dict(data["slots"]), pending)
        except (KeyError, TypeError) as exc:
            raise ValueError("damaged key file") from exc


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
