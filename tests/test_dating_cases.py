"""Table-driven publication dates: every case in tests/data/articles/dating_cases.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap.dating import date_article

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
