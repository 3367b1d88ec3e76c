"""A signed document on a stick: the township's enrollment file and its receipts are both one.

A document is one canonical JSON object: ``format`` and ``format_version`` naming its kind,
its fields, and ``signature`` (Ed25519 over the kind's context string + the canonical JSON of
everything else). Canonical form means one valid spelling per document, so no byte can
change unnoticed; the context keeps a signature made for one kind of file from being
accepted as another (the township's key signs enrollments, receipts and return packages).

A :class:`DocumentKind` says what a kind holds, and reads, checks, verifies, signs and writes
every kind the same way, each message naming the file and what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.exchange.field_checks import Check, is_int
from sync.exchange.keys import (
    SIGNATURE_SIZE,
    KeyFormatError,
    canonical_json,
    from_b64,
    parse_canonical_json,
    signing_public_key_from_bytes,
    to_b64,
)
from sync.exchange.stick_files import SyncFileError, read_limited_file, write_stick_file

# A field's check and what is said when it fails ("" : 字段 X 的值不正确).
FieldRule = tuple[Check, str]


@dataclass(frozen=True)
class DocumentKind:
    format: str  # the value of the "format" field
    version: int
    context: bytes  # signed with the body: a signature of one kind is no signature of another
    max_size: int
    what: str  # how messages name a file of this kind: 注册文件, 回执
    called: str  # how a message says a file is not of this kind: 不是村务台账的{called}
    error: type[SyncFileError]
    fields: Mapping[str, FieldRule]  # every field besides format, format_version and signature
    upgrade: str  # what to do with a file of a newer version
    refusal: str = ""  # appended to a bad signature's message (a receipt: 不予采用)
    more_checks: Callable[[dict[str, Any]], str] | None = None  # rules across fields
    optional: Mapping[str, FieldRule] | None = None  # fields a document may leave out

    def _optional(self) -> Mapping[str, FieldRule]:
        return self.optional or {}

    def problem(self, doc: Mapping[str, Any]) -> str:
        """The first structural problem of a document (signature present, not verified), or ''."""
        known = {*self.fields, *self._optional(), "format", "format_version", "signature"}
        extra = set(doc) - known
        if extra:
            return f"含有未知字段 {sorted(extra)[0]}"
        missing = [f for f in (*self.fields, "signature") if f not in doc]
        if missing:
            return f"缺少字段 {missing[0]}"
        for key, (check, message) in self.fields.items():
            if not check(doc[key]):
                return message or f"字段 {key} 的值不正确"
        for key, (check, message) in self._optional().items():
            if key in doc and not check(doc[key]):
                return message or f"字段 {key} 的值不正确"
        return self.more_checks(dict(doc)) if self.more_checks is not None else ""

    def damaged(self, name: str, reason: str) -> SyncFileError:
        return self.error(f"{self.what} {name} 已损坏或被改动（{reason}）。")

    def parse(self, data: bytes, name: str) -> dict[str, Any]:
        """The document in ``data`` with its kind, version and fields checked; its signature is
        checked by :meth:`verify`, with the key the caller trusts."""
        try:
            doc = parse_canonical_json(data)
        except ValueError as exc:
            raise self.damaged(name, "不是规范的 JSON") from exc
        if doc.get("format") != self.format:
            raise self.error(f"文件 {name} 不是村务台账的{self.called}。")
        version = doc.get("format_version")
        if is_int(version, self.version + 1):
            raise self.error(f"{self.what} {name} 由更新版本的村务台账生成（格式版本 {version}），"
                             f"{self.upgrade}")
        if version != self.version:
            raise self.error(f"{self.what} {name} 已损坏（格式版本号无效）。")
        problem = self.problem(doc)
        if problem:
            raise self.damaged(name, problem)
        return doc

    def read(self, path: Path) -> dict[str, Any]:
        """A file of this kind, read (within the kind's size limit) and parsed; signature not checked."""
        return self.parse(read_limited_file(path, self.max_size, self.error, self.what), path.name)

    def verify(self, doc: Mapping[str, Any], signer_public: bytes, name: str) -> None:
        """Check the ``signature`` field of a parsed document against ``signer_public``."""
        body = {k: v for k, v in doc.items() if k != "signature"}
        try:
            signature = from_b64(doc.get("signature"), expected_length=SIGNATURE_SIZE, what="签名")
            key = signing_public_key_from_bytes(signer_public)
            key.verify(signature, self.context + canonical_json(body))
        except (InvalidSignature, KeyFormatError) as exc:
            raise self.error(f"{self.what} {name} 已损坏或被改动（签名校验失败）{self.refusal}。") from exc

    def write(self, path: Path, fields: Mapping[str, Any], signer: Ed25519PrivateKey, *, overwrite: bool,
              verify: Callable[[bytes], None] | None = None) -> dict[str, Any]:
        """Sign ``fields`` as a document of this kind and write it atomically; returns the body.

        Fields that break the kind's rules are a programming error (ValueError); a file that
        cannot be written raises the kind's error. ``verify`` checks the bytes read back.
        """
        body = {"format": self.format, "format_version": self.version, **fields}
        problem = self.problem({**body, "signature": ""})
        if problem:
            raise ValueError(f"invalid {self.format}: {problem}")
        data = sign_document(body, signer, self.context)
        write_stick_file(path, data, verify or (lambda read_back: None), self.error, overwrite=overwrite)
        return body


def sign_document(body: Mapping[str, Any], signer: Ed25519PrivateKey, context: bytes) -> bytes:
    """Canonical JSON of ``body`` plus a ``signature`` field over context + canonical(body)."""
    signature = signer.sign(context + canonical_json(dict(body)))
    return canonical_json({**body, "signature": to_b64(signature)})
