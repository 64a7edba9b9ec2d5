"""Articles naming several battles: each battle's cues are read, with its durations."""

from __future__ import annotations

import datetime as dt

from geomap.dating import date_article

TODAY = dt.date(2026, 1, 1)


def test_a_duration_of_one_battle_then_another_battle_ongoing():
    guess = date_article(
        "Russian forces have besieged Mariupol for two months. Fighting in Severodonetsk goes on.",
        today=TODAY,
    )
    assert guess is not None
    assert (guess.earliest, guess.latest) == (dt.date(2022, 5, 6), dt.date(2022, 5, 24))
    assert "battle-of-mariupol-duration: for two months" in guess.evidence
    assert "battle-of-sievierodonetsk-ongoing" in guess.evidence


def test_battles_named_across_lines_and_sentences():
    text = (
        "The battle for Bakhmut has raged for more than half a year.\n\n"
        "“We will stand firm in Bakhmut,” he said.  Fighting in Avdiivka goes on."
    )
    guess = date_article(text, today=TODAY)
    assert guess is not None
    assert guess.earliest <= dt.date(2023, 3, 1) <= guess.latest
    assert "battle-of-bakhmut-ongoing: The battle for Bakhmut" in guess.evidence
    assert "ignored battle-of-avdiivka-ongoing" in guess.evidence
