"""The seed articles get the publication dates their README gives, with their evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.articles import read_paths
from geomap.dating import date_article, event_date
from geomap.models import Article, Precision

TODAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    found = {}
    for item in read_paths([seeds_dir], today=TODAY):
        assert isinstance(item, Article), str(item)
        found[Path(item.source).name[:3]] = item
    return found


def test_all_five_seeds_are_read_and_the_readme_is_skipped(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_seed_000_is_dated_by_its_date_line(seeds: dict[str, Article]) -> None:
    published = seeds["000"].published
    assert published is not None
    assert published.best == dt.date(2022, 6, 1)
    assert published.precision is Precision.DAY
    assert published.method == "date-line"
    assert seeds["000"].text.startswith("Ukraine President Volodymyr Zelensky claimed Tuesday")


def test_seed_002_is_the_fourth_day_of_the_offensive_a_sunday(seeds: dict[str, Article]) -> None:
    published = seeds["002"].published
    assert published is not None
    assert (published.earliest, published.latest) == (dt.date(2022, 2, 27), dt.date(2022, 2, 27))
    assert published.method == "war-relative"
    assert "the fourth day of their offensive" in published.evidence
    assert "Sunday" in published.evidence


def test_seed_001_falls_in_march_or_april_2023(seeds: dict[str, Article]) -> None:
    published = seeds["001"].published
    assert published is not None
    assert dt.date(2023, 3, 1) <= published.earliest <= published.best
    assert published.best <= published.latest <= dt.date(2023, 4, 30)
    assert "13-month-old war" in published.evidence


@pytest.mark.parametrize("seed", ["003", "004"])
def test_seeds_003_and_004_fall_in_early_2023(seeds: dict[str, Article], seed: str) -> None:
    published = seeds[seed].published
    assert published is not None
    assert dt.date(2023, 1, 1) <= published.earliest <= published.best
    assert published.best <= published.latest <= dt.date(2023, 6, 30)
    assert published.precision is Precision.MONTH  # known to within a quarter: "early 2023"
    assert published.evidence  # the rules used are named


def test_seed_003_evidence_names_soledar_and_last_year(seeds: dict[str, Article]) -> None:
    evidence = seeds["003"].published.evidence  # type: ignore[union-attr]
    assert "capture of Soledar in January" in evidence
    assert "offensive last year" in evidence


def test_caption_in_seed_000_gives_the_event_date(seeds: dict[str, Article]) -> None:
    article = seeds["000"]
    captions = [article.text[s:e] for s, e in article.captions]
    explosion = next(c for c in captions if c.startswith("An explosion in the city"))
    guess = event_date(explosion, article.published)
    assert guess is not None
    assert guess.best == dt.date(2022, 5, 30)
    assert guess.precision is Precision.DAY


def test_date_article_reads_the_raw_seed_text(seed_texts: dict[str, str]) -> None:
    guess = date_article(seed_texts["000"], today=TODAY)
    assert guess is not None
    assert guess.best == dt.date(2022, 6, 1)
