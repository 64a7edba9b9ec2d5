"""Table-driven publication dates: every case in tests/data/articles/dating_cases.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap.dating import date_article, event_date

CASES = json.loads(
    (Path(__file__).parent / "data" / "articles" / "dating_cases.json").read_text("utf-8")
)["cases"]
TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_dating_case(case: dict) -> None:
    guess = date_article(case["text"], today=TODAY)
    if case["truth"] is None:
        assert guess is None, guess.describe() if guess else ""
        return
    truth = dt.date.fromisoformat(case["truth"])
    assert guess is not None, "undated"
    assert guess.earliest <= truth <= guess.latest, guess.describe()


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest"),
    [
        ("Since 2014, Russia has occupied Crimea.", "2014-01-01", "2023-03-07"),
        ("In January, Wagner fighters captured Soledar.", "2023-01-01", "2023-01-31"),
        ("Last May, Russian forces took Bakhmut.", "2022-05-01", "2022-05-31"),
        ("In 2022, the full-scale invasion began.", "2022-01-01", "2022-12-31"),
    ],
)
def test_a_date_phrase_opening_the_sentence(sentence: str, earliest: str, latest: str):
    # "In January, ..." reads like "... in January": the capital is the sentence's, not a name's.
    found = event_date(sentence, date_article("KYIV, March 7, 2023 (Reuters) -"))
    assert found is not None
    assert (found.earliest.isoformat(), found.latest.isoformat()) == (earliest, latest)
