"""Breaking Chinese (and mixed Latin) text into lines that fit a width. Pure Python.

Chinese may break between any two characters, except that closing punctuation (，。、）…)
never starts a line and opening punctuation (（《「…) never ends one. Runs of Latin letters
and digits (ID numbers, dates, phone numbers, names of places in pinyin) stay together
unless a run alone is wider than the line.
"""

from __future__ import annotations

from collections.abc import Callable

CLOSING = set("，。、；：？！）》」』】〕〉”’…—%,.;:?!)]}")
OPENING = set("（《「『【〔〈“‘([{")
_WORD_EXTRA = set("-_./*@#+&'’×")


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _WORD_EXTRA)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word, a Chinese character with its punctuation, a space."""
    raw: list[str] = []
    word = ""
    for ch in text:
        if _is_word_char(ch):
            word += ch
            continue
        if word:
            raw.append(word)
            word = ""
        raw.append(ch)
    if word:
        raw.append(word)
    out: list[str] = []
    carry = ""
    for tok in raw:
        if tok in OPENING:
            carry += tok
            continue
        tok = carry + tok
        carry = ""
        if tok[0] in CLOSING and out and out[-1] != " ":
            out[-1] += tok
        else:
            out.append(tok)
    if carry:
        out.append(carry)
    return out


def wrap(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a line break in the text starts a new line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, char_width))
    return lines


def _width(text: str, char_width: Callable[[str], float]) -> float:
    return sum(char_width(ch) for ch in text)


def _wrap_paragraph(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    line = ""
    used = 0.0
    for tok in tokens(text):
        if tok == " " and not line:
            continue
        tok_w = _width(tok, char_width)
        if used + tok_w <= width:
            line, used = line + tok, used + tok_w
            continue
        if line and tok_w <= width:
            lines.append(line.rstrip())
            line, used = ("", 0.0) if tok == " " else (tok, tok_w)
            continue
        # Wider than a whole line: fill the rest of this line, then split by character.
        for ch in tok:
            ch_w = char_width(ch)
            if used + ch_w > width and line:
                lines.append(line.rstrip())
                line, used = "", 0.0
            line, used = line + ch, used + ch_w
    if line or not lines:
        lines.append(line.rstrip())
    return lines
