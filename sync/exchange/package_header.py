"""A package's header: the fields a caller gives, the fields the container adds, and their checks.

The header is plaintext on the stick, so it must never carry personal data; the writer
refuses a citizen ID number anywhere in it. Unknown extra fields pass through (lower-case
names), so a newer program may add optional ones without a new format version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sync.exchange.field_checks import (
    Check,
    is_b64,
    is_id,
    is_int,
    is_sha256,
    is_timestamp,
    is_township_code,
    is_village_code,
    matches,
)
from sync.exchange.keys import KEY_SIZE, canonical_json, parse_canonical_json
from sync.exchange.package_file import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_HEADER_SIZE,
    NONCE_SIZE,
    PackageError,
    corrupt,
)

# A key the header may carry beyond the known ones (and a register key in ``counts``).
is_extra_key = matches(r"[a-z][a-z0-9_]{0,63}")
# A citizen ID number standing alone: the header must never carry personal data.
_CITIZEN_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def _is_counts(value: Any) -> bool:
    return isinstance(value, dict) and all(is_extra_key(k) and is_int(v) for k, v in value.items())


REQUIRED_CALLER_FIELDS: dict[str, Check] = {
    "package_id": is_id,
    "kind": matches(r"[a-z][a-z_]{0,31}"),
    "village_code": is_village_code,
    "installation_id": is_id,
    "sequence": is_int,
    "created": is_timestamp,
    "schema_version": lambda v: is_int(v, 1),
}
OPTIONAL_CALLER_FIELDS: dict[str, Check] = {
    "village_name": lambda v: isinstance(v, str) and 0 < len(v) <= 100,
    "township_code": is_township_code,
    "counts": _is_counts,
}
CRYPTO_CHECKS: dict[str, Check] = {
    "format": lambda v: v == FORMAT_NAME,
    "format_version": lambda v: v == FORMAT_VERSION,
    "signer_public_key": is_b64(KEY_SIZE),
    "recipient_fingerprint": matches(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}"),
    "ephemeral_public_key": is_b64(KEY_SIZE),
    "nonce": is_b64(NONCE_SIZE),
    "plain_size": is_int,
    "payload_sha256": is_sha256,
    "payload_size": is_int,
}
# Fields the writer adds. A caller must not supply them.
CRYPTO_FIELDS = tuple(CRYPTO_CHECKS)


def header_problem(header: dict[str, Any], checks: dict[str, Check]) -> str:
    """First problem with the header's known fields, or '' if there is none."""
    for key, check in checks.items():
        if key not in header:
            return f"头部缺少字段 {key}"
        if not check(header[key]):
            return f"头部字段 {key} 的值不正确"
    for key, check in OPTIONAL_CALLER_FIELDS.items():
        if key in header and not check(header[key]):
            return f"头部字段 {key} 的值不正确"
    for key in header:
        if not is_extra_key(key):
            return f"头部字段名 {key!r} 不合规"
    return ""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_caller_header(header: dict[str, Any]) -> dict[str, Any]:
    """The caller's header as it will read back (tuples become lists...).

    Mistakes in it are programming errors and raise ValueError.
    """
    reserved = sorted(set(header) & set(CRYPTO_FIELDS))
    if reserved:
        raise ValueError(f"header fields reserved for the container: {reserved}")
    try:
        encoded = canonical_json(header)
        normalized = parse_canonical_json(encoded)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"header must be JSON without floats: {exc}") from exc
    problem = header_problem(normalized, REQUIRED_CALLER_FIELDS)
    if problem:
        raise ValueError(f"invalid package header: {problem}")
    if any(_CITIZEN_ID.search(text) for text in _strings(normalized)):
        raise ValueError("package header must not contain personal data (citizen ID number)")
    if len(encoded) > MAX_HEADER_SIZE // 2:
        raise ValueError("package header too large")
    return normalized


def parse_header(raw: bytes, name: str) -> dict[str, Any]:
    """The header member of a file on a stick: canonical JSON of this format and version."""
    if len(raw) > MAX_HEADER_SIZE:
        raise corrupt(name, "头部过大")
    try:
        header = parse_canonical_json(raw)
    except ValueError as exc:
        raise corrupt(name, "头部不是规范的 JSON") from exc
    if header.get("format") != FORMAT_NAME:
        raise PackageError(f"文件 {name} 不是村务台账数据包，未导入任何数据。")
    version = header.get("format_version")
    if is_int(version, FORMAT_VERSION + 1):
        raise PackageError(
            f"数据包 {name} 由更新版本的村务台账生成（格式版本 {version}），"
            f"本程序只支持格式版本 {FORMAT_VERSION}。请升级村务台账后再导入。"
        )
    if version != FORMAT_VERSION:
        raise corrupt(name, "格式版本号无效")
    return header
