"""``clean_text`` only trims text that needs nothing else (the bulk paths read every field of
every row through it): for any text it gives what the full cleaning gives, or refuses the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.types import ValueProblem
from forms.types.base import clean_text, clean_text_in_full

# What a cell or a form may hold, with every kind of character the full cleaning treats.
TRICKY = ("a", "Z", "5", " ", "  ", "\t", "\n", "\r\n", "\r", "\u3000", "\uff15", "\uff21", "\uff41",
          "\u200b", "\ufeff", "\x00", "\x1b", "\x7f", "\x85", "\xa0", "\u202e", "\u2066", "王", "秀",
          "，", "－", "\U0001f600")


def _outcome(fn, text: str) -> tuple[str, str]:
    try:
        return ("ok", fn(text))
    except ValueProblem as exc:
        return ("refused", str(exc))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=8).map("".join))
def test_the_fast_path_cleans_like_the_full_one(text: str) -> None:
    assert _outcome(clean_text, text) == _outcome(clean_text_in_full, text)


def test_plain_text_is_only_trimmed_and_the_rest_still_cleaned() -> None:
    assert clean_text("  王秀英 ") == "王秀英"
    assert clean_text("１２３ ａＢ") == "123 aB"
    assert clean_text("王\u200b秀  英\t") == "王秀 英"
    assert clean_text(42) == "42"
