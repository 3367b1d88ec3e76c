"""Packages signed with a real village key but made outside the exporter: what an insider (or a
buggy program) could send."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sync_support import World

from sync.exchange.identity import local_keys
from sync.exchange.keys import encryption_public_key_from_bytes, to_b64
from sync.exchange.package_read import peek_header, read_package
from sync.exchange.package_write import write_package
from sync.exchange.village_secret import proof_fields
from sync.store.store import new_id

WRITER_FIELDS = ("format", "format_version", "signer_public_key", "recipient_fingerprint", "ephemeral_public_key",
                 "nonce", "plain_size", "payload_sha256", "payload_size")


def reforged(world: World, package: Path, change_body: Any = None, **header_changes: Any) -> Path:
    """``package`` decrypted, changed, and signed again with the village's own key."""
    with world.open(world.township) as town:
        town_keys = local_keys(town)
    assert town_keys is not None
    body = json.loads(read_package(package, town_keys.encryption).payload)
    header = {k: v for k, v in peek_header(package).header.items() if k not in WRITER_FIELDS}
    package_id = new_id()
    header["package_id"] = body["package_id"] = package_id
    header.update(header_changes)
    if change_body is not None:
        change_body(body)
    with world.open(world.village) as village:
        keys = local_keys(village)
        assert keys is not None
        header.update(proof_fields(village, header["village_code"], to_b64(keys.signing_public_bytes),
                                   header["sender_encryption_key"]))
        recipient = encryption_public_key_from_bytes(town_keys.encryption_public_bytes)
    out = world.root / "forged"
    out.mkdir(exist_ok=True)
    return write_package(out, f"forged-{package_id[:8]}.cunwu-pkg", header,
                         json.dumps(body, ensure_ascii=False).encode(), keys.signing, recipient)
