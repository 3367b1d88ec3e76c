"""The package payload's encryption: an ephemeral X25519 key agreement with the recipient, HKDF,
ChaCha20-Poly1305 over the zlib-compressed payload, bound to the header as associated data."""

from __future__ import annotations

import hashlib
import secrets
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.exchange.keys import (
    KeyFormatError,
    canonical_json,
    encryption_public_key_from_bytes,
    fingerprint,
    from_b64,
    public_key_bytes,
    to_b64,
)
from sync.exchange.package_file import HKDF_INFO, NONCE_SIZE, corrupt

# Fields that depend on the ciphertext cannot be part of the AEAD's associated data.
_NOT_IN_AAD = ("payload_sha256", "payload_size")


def payload_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=HKDF_INFO,
    ).derive(shared)


def associated_data(header: dict[str, Any]) -> bytes:
    # Binds the ciphertext to this header (signer, package id, village...), so
    # nobody can re-sign someone else's ciphertext under their own header.
    return canonical_json({k: v for k, v in header.items() if k not in _NOT_IN_AAD})


def encrypt(header: dict[str, Any], payload: bytes, recipient_public: X25519PublicKey
            ) -> tuple[dict[str, Any], bytes, bytes]:
    """The header (with the signer already in it: it is bound to the ciphertext) plus the
    recipient's, key and size fields; the ciphertext; and the payload key (kept by the writer to
    check what it wrote)."""
    recipient_bytes = public_key_bytes(recipient_public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_bytes = public_key_bytes(ephemeral)
    key = payload_key(ephemeral.exchange(recipient_public), ephemeral_bytes, recipient_bytes)
    nonce = secrets.token_bytes(NONCE_SIZE)
    full = {
        **header,
        "recipient_fingerprint": fingerprint(recipient_bytes),
        "ephemeral_public_key": to_b64(ephemeral_bytes),
        "nonce": to_b64(nonce),
        "plain_size": len(payload),
    }
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, zlib.compress(payload, 9), associated_data(full))
    full["payload_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    full["payload_size"] = len(ciphertext)
    return full, ciphertext, key


def decrypt(key: bytes, header: dict[str, Any], ciphertext: bytes, name: str) -> bytes:
    nonce = from_b64(header["nonce"])
    try:
        compressed = ChaCha20Poly1305(key).decrypt(nonce, ciphertext, associated_data(header))
    except InvalidTag as exc:
        raise corrupt(name, "解密校验失败") from exc
    plain_size = header["plain_size"]
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(compressed, plain_size + 1)
    except zlib.error as exc:
        raise corrupt(name, "解压失败") from exc
    if len(payload) != plain_size or not inflater.eof or inflater.unused_data:
        raise corrupt(name, "解压后的大小与声明不符")
    return payload


def recipient_key(recipient_private: X25519PrivateKey, header: dict[str, Any], name: str) -> bytes:
    """The payload key as the recipient derives it from the header's ephemeral key."""
    ephemeral = from_b64(header["ephemeral_public_key"])
    try:
        shared = recipient_private.exchange(encryption_public_key_from_bytes(ephemeral))
    except (ValueError, KeyFormatError) as exc:
        raise corrupt(name, "临时公钥无效") from exc
    return payload_key(shared, ephemeral, public_key_bytes(recipient_private))
