"""Speed-ups of the claim rules that must not change what they match: word lists grouped by
first letter, and the cached claimant lookup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.claim_rules import _factor, default_rules

_WORDS = r"\b(?:said|says|say|told|according\sto|added|'ll|not(?!\sonly\b)|n't|claim|claims)\b"
_TEXTS = [
    "Russian forces said they told nobody, according to officials; he added a claim.",
    "SAID, Says, TOLD'LL not only n't but not far claims",
    "It's not, we'll see: claimsclaim saysay",
]


def test_factor_groups_words_by_first_letter() -> None:
    factored = _factor(_WORDS)
    assert factored.startswith(r"\b(?:s(?:aid|ays|ay)|t")
    assert r"n(?:ot(?!\sonly\b)|'t)" in factored


def test_factor_leaves_other_shapes_alone() -> None:
    for pattern in (r"(?:said|says)", r"\b(?:(?:un)?likely|said)\b", r"\b(?:s?aid|told)", "x|y"):
        assert _factor(pattern) == pattern


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def test_factor_matches_the_same() -> None:
    for text in _TEXTS:
        assert _spans(_factor(_WORDS), text) == _spans(_WORDS, text)


_PIECES = ["said", "say", "says", "not", "only", "n't", "'ll", " ", ", ", "according", "to", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "Said", "NOT", "claims"]), max_size=12))
def test_factor_matches_the_same_on_any_words(words: list[str]) -> None:
    text = "".join(words)
    assert _spans(_factor(_WORDS), text) == _spans(_WORDS, text)


def test_claimant_lookup_is_the_same_when_cached() -> None:
    rules = default_rules()
    text = "the russian defence ministry said, and governor serhiy haidai added"
    first = rules.claimants_in(text)
    assert first == rules.claimants_in(text)
    assert "Russian Defence Ministry" in [c.label for c in first]
