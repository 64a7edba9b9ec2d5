"""Rules that begin with a place are only tried at places: the same matches as a full scan."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.claim_rules import default_rules, slot

_PLACE_FIRST = [r for r in default_rules().rules if r.place_first]
_PIECES = [
    "the", "The", "city", "of", ",", "and", "or", "was", "were", "has been", "is", "under",
    "captured", "seized", "taken", "liberated", "recaptured", "shelled", "struck", "besieged",
    "encircled", "by", "Russian", "Ukrainian", "forces", "control", "came", "fell", "remains",
    "which", "that", "troops", "the scene of", "heavy fighting", "attack", "split between",
]  # fmt: skip


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_there_are_place_first_rules():
    assert len(_PLACE_FIRST) >= 10
    assert all(r.regex.pattern.startswith(r"(?<![\w-])(?:(?P<places>") for r in _PLACE_FIRST)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.integers(0, 3).map(slot)), max_size=14))
def test_same_matches_as_finditer(words):
    masked = " ".join(words)
    for rule in _PLACE_FIRST:
        assert _spans(rule.finditer(masked)) == _spans(rule.regex.finditer(masked)), rule.id


def test_examples_match_at_their_places():
    masked = f"Officials said {slot(0)} was captured by Russian forces and the {slot(1)} fell."
    rule = next(r for r in _PLACE_FIRST if r.id == "captured.passive")
    assert _spans(rule.finditer(masked)) == _spans(rule.regex.finditer(masked))
    assert _spans(rule.finditer(masked))
    assert re.search("captured", masked[slice(*_spans(rule.finditer(masked))[0])])
