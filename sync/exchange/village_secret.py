"""A village's one-time enrollment secret: how a first package proves which village sent it.

The township's public enrollment file lies on every stick, so anybody could encrypt to the
township, sign with a new key and claim a village that has not synced yet. A *village-bound*
enrollment file (``cunwu enrollment DB --out F --village CODE12``) therefore also carries a
random secret made for that village alone. The township keeps it in its database (meta key
``enrollment_secret.<village>``); the village keeps it after importing the file (meta key
``enrollment_secret``). Every data package the village writes carries, in its signed header,

    enrollment_id     the secret's id (32 hex digits)
    enrollment_proof  base64 HMAC-SHA256(secret, PROOF_CONTEXT ‖ id ‖ village ‖ installation ‖
                      signer key ‖ encryption key), fields separated by "\\n"

so the proof is bound to the village code and to the installation's own public keys: copied
onto a package signed by another key it no longer verifies. The township accepts the first
installation of a village without asking a person only when that proof verifies, and then
marks the secret used: it vouches for one installation only (docs/package-format.md).

The township must hold the secret itself to check an HMAC (a hash of it would not do); it lies
in the township's database beside its private keys, and is worthless once used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac

from sync.exchange.keys import KeyFormatError, from_b64, to_b64
from sync.store import driver
from sync.store.store import Store, now_text

PROOF_CONTEXT = b"cunwu-enrollment-proof/1\n"
SECRET_SIZE = 32
_TOWNSHIP_KEY = "enrollment_secret."  # + village code
_VILLAGE_KEY = "enrollment_secret"


@dataclass(frozen=True)
class VillageSecret:
    enrollment_id: str
    village: str
    secret: bytes


def _mac(secret: bytes, message: bytes) -> hmac.HMAC:
    mac = hmac.HMAC(secret, hashes.SHA256())
    mac.update(PROOF_CONTEXT + message)
    return mac


def _message(enrollment_id: str, village: str, installation: str, signer_b64: str,
             encryption_b64: str) -> bytes:
    return "\n".join((enrollment_id, village, installation, signer_b64, encryption_b64)).encode("ascii")


def proof(secret: VillageSecret, installation: str, signer_b64: str, encryption_b64: str) -> str:
    """The header's ``enrollment_proof`` for an installation's public keys (base64)."""
    message = _message(secret.enrollment_id, secret.village, installation, signer_b64, encryption_b64)
    return to_b64(_mac(secret.secret, message).finalize())


# ---------------------------------------------------------------- township

def make_secret(store: Store, village: str) -> VillageSecret:
    """Township: a new secret for ``village`` (it replaces an unused earlier one). Caller holds
    the transaction."""
    made = VillageSecret(os.urandom(16).hex(), village, os.urandom(SECRET_SIZE))
    value = json.dumps({"id": made.enrollment_id, "secret": to_b64(made.secret), "made": now_text()})
    store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                       (_TOWNSHIP_KEY + village, value))
    return made


def _township_record(store: Store, village: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (_TOWNSHIP_KEY + village,)).fetchone()
    if row is None:
        return None
    try:
        record = json.loads(row[0])
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def proves_village(store: Store, header: dict[str, Any], member: str | None = None) -> bool:
    """Township: does a verified package's header prove its village's unused secret? A county
    asks the same of a township's upward package, ``member`` naming the township."""
    village = member or header["village_code"]
    record = _township_record(store, village)
    if record is None or record.get("used_by") or header.get("enrollment_id") != record.get("id"):
        return False
    signer, encryption, given = (header.get("signer_public_key"), header.get("sender_encryption_key"),
                                 header.get("enrollment_proof"))
    if not all(isinstance(v, str) for v in (signer, encryption, given)):
        return False
    try:
        secret = from_b64(record.get("secret"), expected_length=SECRET_SIZE)
        expected = from_b64(given, expected_length=32)
        message = _message(record["id"], village, header["installation_id"], signer, encryption)
        _mac(secret, message).verify(expected)
    except (KeyFormatError, InvalidSignature, UnicodeEncodeError, KeyError):
        return False
    return True


def use_secret(store: Store, village: str, installation: str) -> None:
    """Township: the secret vouched for ``installation``; it vouches for nobody else. Caller
    holds the transaction."""
    record = _township_record(store, village)
    if record is not None:
        record.update(used_by=installation, used_at=now_text())
        store.conn.execute("UPDATE meta SET value = ? WHERE key = ?",
                           (json.dumps(record), _TOWNSHIP_KEY + village))


# ---------------------------------------------------------------- village

def keep_secret(store: Store, secret: VillageSecret | None) -> None:
    """Village: remember the secret of the enrollment file just imported (None: a generic file,
    forget any earlier one). Caller holds the transaction."""
    if secret is None:
        store.conn.execute("DELETE FROM meta WHERE key = ?", (_VILLAGE_KEY,))
        store.meta.pop(_VILLAGE_KEY, None)
        return
    value = json.dumps({"id": secret.enrollment_id, "village": secret.village,
                        "secret": to_b64(secret.secret)})
    store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_VILLAGE_KEY, value))
    store.meta[_VILLAGE_KEY] = value


def proof_fields(store: Store, village: str, signer_b64: str, encryption_b64: str) -> dict[str, str]:
    """Village: the header fields proving the enrollment secret, or {} without one."""
    try:
        row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (_VILLAGE_KEY,)).fetchone()
        record = json.loads(row[0]) if row else None
        if not isinstance(record, dict) or record.get("village") != village:
            return {}
        secret = VillageSecret(record["id"], village, from_b64(record["secret"], expected_length=SECRET_SIZE))
    except (ValueError, KeyError, KeyFormatError, driver.Error):
        return {}
    return {"enrollment_id": secret.enrollment_id,
            "enrollment_proof": proof(secret, store.device_id, signer_b64, encryption_b64)}
