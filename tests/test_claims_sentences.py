"""The sentence splitter: abbreviations, quotes, titles and paragraphs, offsets kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geomap.sentences import sentences


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Zelensky met Gen. Zaluzhnyi. The U.S. Army sent aid. Dr. Smith agreed."
    assert split(text) == [
        "Mr. Zelensky met Gen. Zaluzhnyi.",
        "The U.S. Army sent aid.",
        "Dr. Smith agreed.",
    ]


def test_quotes_close_the_sentence_they_end():
    text = "“We will not retreat.” He said it twice. “Will they hold?” she asked."
    assert split(text) == [
        "“We will not retreat.”",
        "He said it twice.",
        "“Will they hold?” she asked.",
    ]


def test_a_comma_inside_quotes_does_not_split():
    text = "“It’s strategic for us,” Zelensky insisted. Fighting went on."
    assert split(text) == ["“It’s strategic for us,” Zelensky insisted.", "Fighting went on."]


def test_titles_and_paragraphs_end_at_newlines():
    text = "Zelensky says if Bahkmut falls, Russia will win\nUkraine is fighting.\n\nNew paragraph"
    assert split(text) == [
        "Zelensky says if Bahkmut falls, Russia will win",
        "Ukraine is fighting.",
        "New paragraph",
    ]


def test_hard_wrapped_lines_are_joined():
    text = "Russian forces captured the town of\nSoledar on Friday, officials\nsaid."
    assert split(text) == [text]


def test_initials_and_numbers():
    text = "J. Smith wrote on May 30, 2022. About 4,300 soldiers died. No. 5 fell."
    assert split(text) == [
        "J. Smith wrote on May 30, 2022.",
        "About 4,300 soldiers died.",
        "No. 5 fell.",
    ]


def test_empty_and_blank_text():
    assert sentences("") == []
    assert sentences("  \n\n ") == []


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n“”\"'MrU,")), max_size=200))
def test_spans_are_ordered_stripped_and_inside_the_text(text):
    spans = sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e
    # Nothing but whitespace is lost between sentences.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
