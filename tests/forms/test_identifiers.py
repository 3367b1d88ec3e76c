"""identifiers.md: worked examples, edge cases, and properties of the check algorithms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.identifiers import (
    CREDIT_CODE,
    ID_NUMBER,
    USCC_ALPHABET,
    CodeVerdict,
    division_code_problem,
    id_check_char,
    id_number_info,
    id_number_problem,
    judge_code,
    mask_id,
    mask_phone,
    normalise_code,
    uscc_check_char,
    uscc_problem,
)


def test_worked_example_products_and_sum() -> None:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    digits = "11010519491231002"
    products = [int(d) * w for d, w in zip(digits, weights, strict=True)]
    assert products == [7, 9, 0, 5, 0, 20, 2, 9, 24, 27, 7, 18, 30, 5, 0, 0, 4]
    assert sum(products) == 167 and 167 % 11 == 2
    assert id_check_char(digits) == "X"


@pytest.mark.parametrize(
    ("number", "sex", "birth"),
    [
        ("11010519491231002X", "女", dt.date(1949, 12, 31)),
        ("11010519491231002x", "女", dt.date(1949, 12, 31)),
        ("440524188001010014", "男", dt.date(1880, 1, 1)),
    ],
)
def test_valid_numbers_from_the_table(number: str, sex: str, birth: dt.date) -> None:
    assert id_number_problem(number) is None
    info = id_number_info(number)
    assert info is not None and info.sex == sex and info.birth_date == birth


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "校验位"),
        ("110105194902300020", "不是有效日期"),
        ("11010519491231002", "18位"),
        ("110105491231002", "15位"),
        ("11010519491231002Y", "数字或X"),
    ],
)
def test_invalid_numbers_say_why(number: str, reason: str) -> None:
    problem = id_number_problem(number)
    assert problem is not None and reason in problem


def test_normalisation_of_full_width_spaces_and_lowercase_x() -> None:
    messy = " １１０１０５ １９４９１２３１ ００２ｘ "
    assert normalise_code(messy) == "11010519491231002X"
    assert id_number_problem(messy) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y43", None),
        ("91110000600037341N", "校验位"),
        ("9111000060003IOZSV", "不允许的字符"),
        ("91350100M000100Y4", "18位"),
    ],
)
def test_uscc_table(code: str, reason: str | None) -> None:
    problem = uscc_problem(code)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("code", "digits", "ok"),
    [
        ("350322111202", 12, True),
        ("350322111", 9, True),
        ("35032211120", 12, False),
        ("35032211120A", 12, False),
        ("350322000202", 12, False),
        ("350322111000", 12, False),
        ("000322111202", 12, False),
    ],
)
def test_division_codes(code: str, digits: int, ok: bool) -> None:
    assert (division_code_problem(code, digits) is None) is ok


def test_masks_keep_ends_only() -> None:
    assert mask_id("350322197503010021") == "3503**********0021"
    assert mask_phone("13812345678") == "138****5678"


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    area = draw(st.from_regex(r"[1-6][0-9]{5}", fullmatch=True))
    birth = draw(dates)
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


@given(id_numbers())
def test_generated_numbers_validate(number: str) -> None:
    assert id_number_problem(number) is None


@given(id_numbers(), st.data())
def test_any_single_character_change_is_caught(number: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, 17))
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    new = data.draw(st.sampled_from([c for c in alphabet if c != number[pos]]))
    changed = number[:pos] + new + number[pos + 1 :]
    assert id_number_problem(changed) is not None


@st.composite
def uscc_codes(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
    return body + uscc_check_char(body)


@given(uscc_codes())
def test_generated_uscc_validate(code: str) -> None:
    assert uscc_problem(code) is None


@given(uscc_codes(), st.data())
def test_any_single_uscc_character_change_is_caught(code: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, 17))
    new = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != code[pos]]))
    assert uscc_problem(code[:pos] + new + code[pos + 1 :]) is not None


def test_an_all_digit_code_is_judged_as_an_id_number_first() -> None:
    verdict = judge_code("350322197512120033")  # invalid ID number, valid 统一社会信用代码 by chance
    assert (verdict.kind, verdict.also_valid_as) == (ID_NUMBER, CREDIT_CODE)
    assert verdict.problem is not None and "校验位" in verdict.problem
    assert judge_code("350322197512120038") == CodeVerdict(ID_NUMBER, None)
    assert judge_code("11010519491231002x") == CodeVerdict(ID_NUMBER, None)
    assert judge_code("91350100M000100Y43") == CodeVerdict(CREDIT_CODE, None)
    assert judge_code("12345").kind == ID_NUMBER
    assert judge_code("350322197512120033", CREDIT_CODE) == CodeVerdict(CREDIT_CODE, None)
    forced = judge_code("91350100M000100Y43", ID_NUMBER)
    assert forced.kind == ID_NUMBER and forced.problem is not None and forced.also_valid_as is None


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_a_valid_id_number_is_always_ok_and_never_called_a_credit_code(first17: str) -> None:
    number = first17 + id_check_char(first17)
    verdict = judge_code(number)
    assert verdict.kind == ID_NUMBER
    assert (verdict.problem is None) == (id_number_problem(number) is None)
    if verdict.also_valid_as:
        assert verdict.problem is not None and uscc_problem(number) is None
