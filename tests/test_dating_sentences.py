"""The sentence spans of the dating rules are exactly the pieces the sentence-break regex gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.dating_cues import _SENTENCE_BREAK, _sentence_spans

# Sentence ends, white space of every kind, and a little text between them.
PIECES = ["a", "Bakhmut", ".", "!", "?", "…", "”", '"', " ", "\n", "\t", "\r", "\u00a0", "\u2028"]


def _pieces(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text) if s.strip()]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_spans_are_the_split_pieces(text: str):
    assert [text[a:b] for a, b in _sentence_spans(text)] == _pieces(text)


def test_breaks_after_punctuation_and_between_lines():
    text = "One. Two!\n\nThree\nfour “five.”\n \n six e.g.seven"
    assert [text[a:b] for a, b in _sentence_spans(text)] == [
        "One.",
        "Two!",
        "Three",
        "four “five.”",
        "six e.g.seven",
    ]
    assert [text[a:b] for a, b in _sentence_spans(text)] == _pieces(text)
