"""Key pairs for sync packages, enrollment files and receipts, and the canonical JSON they sign.

Every installation (village or township) holds one `KeySet`: an Ed25519 key that
signs what it writes and an X25519 key that others encrypt to. The township's
public keys reach villages in the enrollment file; a village's public keys reach
the township inside its first package (and are pinned there by the store).

Keys are stored as raw 32-byte values (or their base64 text) so the store can
keep them in an ordinary SQLite table. Protecting the private keys at rest is the
store's job; this module only converts them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

KEY_SIZE = 32  # raw size of every Ed25519 / X25519 key, public or private
SIGNATURE_SIZE = 64

AnyPrivateKey = Ed25519PrivateKey | X25519PrivateKey
AnyPublicKey = Ed25519PublicKey | X25519PublicKey
PublicKeyT = TypeVar("PublicKeyT", Ed25519PublicKey, X25519PublicKey)


class KeyFormatError(ValueError):
    """Stored key material cannot be decoded. The message is Chinese, for the user."""


def generate_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def generate_encryption_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def private_key_bytes(key: AnyPrivateKey) -> bytes:
    """Raw 32-byte private key, for storage."""
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_bytes(key: AnyPrivateKey | AnyPublicKey) -> bytes:
    """Raw 32-byte public key of a private or public key."""
    if isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _check_length(data: bytes, what: str) -> bytes:
    if not isinstance(data, bytes | bytearray) or len(data) != KEY_SIZE:
        raise KeyFormatError(f"{what}格式不正确（应为 {KEY_SIZE} 字节）。")
    return bytes(data)


def signing_private_key_from_bytes(data: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_check_length(data, "签名私钥"))


def encryption_private_key_from_bytes(data: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_check_length(data, "加密私钥"))


def _public_key(load: Callable[[bytes], PublicKeyT], data: bytes, what: str) -> PublicKeyT:
    # Public keys come from files on a stick: any fault is the file's, said in Chinese.
    try:
        return load(_check_length(data, what))
    except ValueError as exc:
        raise KeyFormatError(f"{what}格式不正确。") from exc


def signing_public_key_from_bytes(data: bytes) -> Ed25519PublicKey:
    return _public_key(Ed25519PublicKey.from_public_bytes, data, "签名公钥")


def encryption_public_key_from_bytes(data: bytes) -> X25519PublicKey:
    return _public_key(X25519PublicKey.from_public_bytes, data, "加密公钥")


def to_b64(data: bytes) -> str:
    """Standard base64 with padding (RFC 4648 section 4)."""
    return base64.b64encode(data).decode("ascii")


def from_b64(text: Any, *, expected_length: int | None = None, what: str = "密钥") -> bytes:
    """Strict base64 decoding: only the canonical encoding of a value is accepted.

    Strictness matters because signed files must have exactly one valid
    spelling; a lenient decoder would let an altered file decode to the same bytes.
    """
    if not isinstance(text, str) or not text.isascii():
        raise KeyFormatError(f"{what}不是有效的 base64 文本。")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError(f"{what}不是有效的 base64 文本。") from exc
    if to_b64(data) != text:
        raise KeyFormatError(f"{what}不是规范的 base64 文本。")
    if expected_length is not None and len(data) != expected_length:
        raise KeyFormatError(f"{what}长度不正确（应为 {expected_length} 字节）。")
    return data


def fingerprint(public_key_bytes: bytes) -> str:
    """Short text a person reads aloud to compare keys, e.g. `AB12-CD34-EF56-7890`.

    64 bits of SHA-256: enough that nobody can make a second key with the same
    fingerprint in practice, short enough to compare over the phone.
    """
    digest = hashlib.sha256(bytes(public_key_bytes)).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------- canonical JSON


def canonical_json(value: Any) -> bytes:
    """The one byte spelling of a JSON value that gets signed: sorted keys, no spaces."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _refuse(text: str) -> Any:
    raise ValueError(f"number not allowed: {text}")


def parse_canonical_json(data: bytes) -> dict[str, Any]:
    """Parse a JSON object and insist it is in canonical form; raises ValueError.

    Requiring canonical form means a signed file has exactly one valid spelling,
    and duplicate keys (read differently by different parsers) cannot occur.
    """
    try:
        value = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_float=_refuse,
            parse_constant=_refuse,
        )
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    if not isinstance(value, dict):
        raise ValueError("not an object")
    if canonical_json(value) != data:
        raise ValueError("not canonical")
    return value


class PublicKeyPair:
    """One installation's two public keys, held as raw bytes by whoever has them (its own key
    set, an enrollment file, a village's record of its township): the key objects, and the
    fingerprints people read aloud to compare."""

    signing_public_bytes: bytes
    encryption_public_bytes: bytes

    @property
    def signing_public(self) -> Ed25519PublicKey:
        return signing_public_key_from_bytes(self.signing_public_bytes)

    @property
    def encryption_public(self) -> X25519PublicKey:
        return encryption_public_key_from_bytes(self.encryption_public_bytes)

    @property
    def signing_fingerprint(self) -> str:
        return fingerprint(self.signing_public_bytes)

    @property
    def encryption_fingerprint(self) -> str:
        return fingerprint(self.encryption_public_bytes)


@dataclass(frozen=True)
class KeySet(PublicKeyPair):
    """The two private keys of one installation (village PC or township)."""

    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeySet:
        return cls(generate_signing_key(), generate_encryption_key())

    @property
    def signing_public(self) -> Ed25519PublicKey:
        return self.signing.public_key()

    @property
    def encryption_public(self) -> X25519PublicKey:
        return self.encryption.public_key()

    @property
    def signing_public_bytes(self) -> bytes:  # type: ignore[override]
        return public_key_bytes(self.signing)

    @property
    def encryption_public_bytes(self) -> bytes:  # type: ignore[override]
        return public_key_bytes(self.encryption)

    def to_b64_dict(self) -> dict[str, str]:
        """Private keys as base64 text, e.g. for two TEXT columns."""
        return {
            "signing_private_key": to_b64(private_key_bytes(self.signing)),
            "encryption_private_key": to_b64(private_key_bytes(self.encryption)),
        }

    @classmethod
    def from_b64_dict(cls, data: dict[str, str]) -> KeySet:
        try:
            signing = data["signing_private_key"]
            encryption = data["encryption_private_key"]
        except (KeyError, TypeError) as exc:
            raise KeyFormatError("本机密钥记录不完整。") from exc
        return cls(
            signing_private_key_from_bytes(from_b64(signing, expected_length=KEY_SIZE, what="签名私钥")),
            encryption_private_key_from_bytes(
                from_b64(encryption, expected_length=KEY_SIZE, what="加密私钥")
            ),
        )


# Both sides hold the same kinds of keys; the aliases only make call sites read well.
InstallationKeys = KeySet
TownshipKeys = KeySet
