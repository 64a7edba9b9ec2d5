"""Letters that re.IGNORECASE equates with plain ones (ſ = s, ı = i) read like the plain ones."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.articles import read_text
from geomap.dating import date_article, event_date

_PLAIN_AND_ODD = [
    ("KYIV, August 5, 2022 (Reuters) - Shelling.", "KYIV, Auguſt 5, 2022 (Reuters) - Shelling."),
    ("Published on Friday, Feb 03, 2023.", "Publiſhed on Frıday, Feb 03, 2023."),
    ("It is day 100 of the war.", "It ıs day 100 of the war."),
    ("After almost seven months of war, Kyiv held.", "After almoſt ſeven months of war."),
]


@pytest.mark.parametrize(("plain", "odd"), _PLAIN_AND_ODD)
def test_publication_dates(plain: str, odd: str):
    expected = date_article(plain)
    assert expected is not None
    found = date_article(odd)
    assert found is not None
    assert (found.best, found.precision) == (expected.best, expected.precision)


def test_a_weekday_with_odd_letters_is_no_crash():
    published = date_article("KYIV, March 7, 2023 (Reuters) -")
    event_date("Strikes laſt Frıday and on ſaturday.", published)  # weekdays match case-sensitively


@pytest.mark.parametrize("sentence", ["Fighting on Auguſt 5.", "In the ſummer, Bakhmut held."])
def test_event_dates(sentence: str):
    published = date_article("KYIV, March 7, 2023 (Reuters) -")
    plain = event_date(sentence.replace("ſ", "s").replace("ı", "i"), published)
    found = event_date(sentence, published)
    assert plain is not None and found is not None
    assert (found.earliest, found.latest, found.precision) == (
        plain.earliest,
        plain.latest,
        plain.precision,
    )
    assert found.evidence == sentence[: len(plain.evidence)] or "ſ" in found.evidence


def test_an_article_with_odd_letters_is_read_not_crashed():
    article = read_text("KYIV, Auguſt 5, 2022 (Reuters) - Fighting in Bakhmut on Frıday.")
    assert article.published is not None
    assert article.published.best == dt.date(2022, 8, 5)
