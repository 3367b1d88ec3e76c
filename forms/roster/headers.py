"""Recognising roster column headers: the names villages give a field, normalised.

Every header a field answers to comes from the definitions (its name, its label with the
unit, its ``aliases``); this module only decides what counts as the same text: spaces
and line breaks inside a cell, full-width letters, （）/()/【】, quotes, a trailing ：
and the * a template puts on required columns do not matter. A header that still does
not match is tried once more without a trailing parenthesised note
(``联系电话（手机）`` → ``联系电话``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.identifiers import to_halfwidth
from forms.model import Register

SEQ = "序号"
VILLAGE_NAME = "村"
VILLAGE_CODE = "村代码"
# Columns of a file of refused rows (``sync.excel.rejects``): where each row came from and
# why it was refused. They help the clerk fix the file and are never imported.
SOURCE_ROW = "原行号"
PROBLEMS = "导入问题"

# Columns that are not fields but that a roster (or a township export) carries.
_SPECIAL = {
    SEQ: ("序号", "序", "no", "no.", "编号序号"),
    VILLAGE_NAME: ("村", "村名", "所属村", "村(社区)", "村(居)", "村名称", "村(社区)名称", "所在村"),
    VILLAGE_CODE: ("村代码", "村区划代码", "村统计用区划代码", "统计用区划代码", "区划代码"),
    SOURCE_ROW: (SOURCE_ROW, "原表行号"),
    PROBLEMS: (PROBLEMS, "错误原因", "导入错误"),
}

_PUNCT = str.maketrans({
    "（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")",
    "：": ":", "／": "/", "＼": "/", "、": "/", "—": "-", "－": "-", "＊": "*",
})
_DROP = re.compile(r"[\s\"'“”‘’「」『』*※]+")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def normalise_header(text: object) -> str:
    """The comparable form of a header cell ("" for an empty one)."""
    if text is None:
        return ""
    out = to_halfwidth(str(text)).translate(_PUNCT)
    out = _DROP.sub("", out).rstrip(":").lower()
    return out


@dataclass(frozen=True)
class HeaderMatch:
    """What a header names: a field to import, a computed field, a special column, or nothing."""

    kind: str  # "field", "computed", "special" or "unknown"
    name: str | None = None


class HeaderMatcher:
    """Maps header texts to a register's fields (built once per register)."""

    def __init__(self, reg: Register) -> None:
        self.register = reg
        self._names: dict[str, HeaderMatch] = {}
        # Names and labels first, aliases after: a field's own name always wins over
        # another field's alias (村情概况's 统计用区划代码 is a field, not the village column).
        for fld in reg.fields:
            kind = "computed" if fld.computed else "field"
            for text in (fld.name, fld.label):
                self._names.setdefault(normalise_header(text), HeaderMatch(kind, fld.name))
        for fld in reg.fields:
            kind = "computed" if fld.computed else "field"
            for text in fld.aliases:
                self._names.setdefault(normalise_header(text), HeaderMatch(kind, fld.name))
        for special, texts in _SPECIAL.items():
            for text in texts:
                self._names.setdefault(normalise_header(text), HeaderMatch("special", special))

    def match(self, header: object) -> HeaderMatch:
        key = normalise_header(header)
        if not key:
            return HeaderMatch("unknown")
        found = self._names.get(key)
        if found is None:
            stripped = _TRAILING_NOTE.sub("", key)
            if stripped and stripped != key:
                found = self._names.get(stripped)
        return found or HeaderMatch("unknown")

    def field_names(self, header: object) -> str | None:
        found = self.match(header)
        return found.name if found.kind == "field" else None
