"""Invariants that hold for any text: identity, spans, and never crashing on input."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.articles import article_id, normalise_text, read_paths, read_text
from geomap.dating import date_article, event_date
from geomap.errors import UnreadableArticle
from geomap.models import Article, DateGuess

TODAY = dt.date(2025, 1, 1)
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)


@given(words)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(words, st.sampled_from([" ", "\n", "\t", "  \r\n"]))
def test_whitespace_does_not_change_identity(text: str, gap: str) -> None:
    assert article_id(text) == article_id(gap.join(text.split()))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Russian forces shelled Kharkiv on Tuesday.", "AFP via Getty Images", "Read more",
    "the fourth day of the offensive", "KYIV, March 7 (Reuters) -", "since 2014", "",
    "Leave a Reply", "the 13-month-old war", "Photo: smoke", "“Quote,” he told AFP.",
]), max_size=12))  # fmt: skip
def test_spans_index_whole_paragraphs_of_the_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        article = read_text(text, source="x.txt", today=TODAY)
    except UnreadableArticle:
        assert not text.strip()
        return
    for start, end in (*article.captions, *article.junk):
        assert 0 <= start < end <= len(article.text)
        assert article.text[start:end] == article.text[start:end].strip()
        assert start == 0 or article.text[start - 1] == "\n"


@settings(max_examples=80, deadline=None)
@given(words)
def test_dating_never_crashes_and_never_guesses_the_future(text: str) -> None:
    guess = date_article(text, today=TODAY)
    if guess is not None:
        assert guess.earliest <= guess.best <= guess.latest
        assert guess.earliest <= TODAY + dt.timedelta(days=1)
    pub = DateGuess.exact(dt.date(2023, 3, 1), "x")
    event = event_date(text, pub)
    if event is not None:
        assert event.earliest <= event.best <= event.latest


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.json", "a.jsonl", "a.csv",
                                                  "a.html", "a.md"]))  # fmt: skip
def test_any_bytes_give_articles_or_errors_naming_the_file(tmp_path_factory, data, name) -> None:
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(data)
    for item in read_paths([path], today=TODAY):
        assert isinstance(item, Article | UnreadableArticle)
        if isinstance(item, UnreadableArticle):
            assert str(item).startswith(str(path))
