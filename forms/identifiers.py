"""Check algorithms for the identifiers the registers carry.

公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2), 统一社会信用代码 (GB 32100-2015)
and the 12-digit 统计用区划代码. Each checker returns ``None`` when the value is
valid and a Chinese reason otherwise, so callers can put the reason in front of a
person without translating exception types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def to_halfwidth(text: str) -> str:
    """Full-width digits and Latin letters become ASCII; the ideographic space a space."""
    return text.translate(_FULLWIDTH_TABLE).replace("\u3000", " ")


def normalise_code(text: str) -> str:
    """The form in which identifiers are stored: ASCII, no whitespace, upper case."""
    return "".join(to_halfwidth(text).split()).upper()


@dataclass(frozen=True)
class IdInfo:
    birth_date: dt.date
    sex: str  # 男 / 女


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


@lru_cache(maxsize=8192)  # rules ask about the same number several times per record
def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character 公民身份号码, or None if it is."""
    number = normalise_code(value)
    if len(number) == 15 and number.isdigit():
        return "15位旧号码不再接受，请填写18位公民身份号码"
    if len(number) != 18:
        return f"应为18位，实际为{len(number)}位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "前17位应为数字，最后一位为数字或X"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"出生日期 {number[6:10]}-{number[10:12]}-{number[12:14]} 不是有效日期"
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return f"校验位错误（最后一位应为 {expected}），请核对号码"
    return None


@lru_cache(maxsize=8192)
def id_number_info(value: str) -> IdInfo | None:
    """Birth date and sex encoded in a valid ID number; None if it is not valid."""
    number = normalise_code(value)
    if id_number_problem(number) is not None:
        return None
    birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return IdInfo(birth_date=birth, sex="男" if int(number[16]) % 2 == 1 else "女")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 统一社会信用代码, or None if it is."""
    code = normalise_code(value)
    if len(code) != 18:
        return f"应为18位，实际为{len(code)}位"
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return f"含有不允许的字符 {''.join(bad)}（代码不使用 I、O、Z、S、V）"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误（最后一位应为 {expected}），请核对代码"
    return None


ID_NUMBER = "公民身份号码"
CREDIT_CODE = "统一社会信用代码"


@dataclass(frozen=True)
class CodeVerdict:
    """What a bare code (``cunwu check-id``) was checked as, and what is wrong with it."""

    kind: str  # ID_NUMBER or CREDIT_CODE
    problem: str | None  # None: valid as ``kind``
    also_valid_as: str | None = None  # invalid as ``kind`` but valid as this other kind


def looks_like_id_number(code: str) -> bool:
    """17 digits and a digit or X (or any other all-digit value): a 公民身份号码 before anything else.
    An invalid ID number can pass the 统一社会信用代码 check by chance (digits are in its alphabet)."""
    return code.isdigit() or (len(code) == 18 and code[:17].isdigit() and code[17] == "X")


def judge_code(value: str, kind: str | None = None) -> CodeVerdict:
    """Check ``value`` as ``kind``, or as what it looks like: an all-digit value is an ID number
    first; when it fails as one but passes as a credit code, the verdict says both."""
    code = normalise_code(value)
    if kind == CREDIT_CODE or (kind is None and len(code) == 18 and not looks_like_id_number(code)):
        return CodeVerdict(CREDIT_CODE, uscc_problem(code))
    problem = id_number_problem(code)
    if problem and kind is None and len(code) == 18 and uscc_problem(code) is None:
        return CodeVerdict(ID_NUMBER, problem, CREDIT_CODE)
    return CodeVerdict(ID_NUMBER, problem)


def division_code_problem(value: str, digits: int = 12) -> str | None:
    """Why ``value`` is not a well-formed 统计用区划代码 of ``digits`` digits (12, 9 or 6)."""
    code = normalise_code(value)
    if len(code) != digits or not code.isdigit():
        return f"应为{digits}位数字"
    if code[:2] == "00":
        return "省级代码不能为00"
    if digits == 6 and code[4:6] == "00":
        return "区县代码不能以00结尾（那是地级市的代码）"
    if digits >= 9 and code[6:9] == "000":
        return "乡镇（街道）代码不能为000"
    if digits == 12 and code[9:12] == "000":
        return "村（居）代码不能为000"
    return None


def mask_id(value: str) -> str:
    """3503**********0241: enough to tell people apart on paper, not enough to misuse."""
    if len(value) <= 8:
        return value[:1] + "*" * max(len(value) - 1, 0)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) <= 7:
        return digits[:2] + "*" * max(len(digits) - 2, 0)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
