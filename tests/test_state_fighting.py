"""Fighting activity within a window before a date."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.models import Actor, DateGuess, Kind, Modality, Report
from geomap.state import fighting_at

D = dt.date


def report(rid, kind, day, *, place="Bakhmut", modality=Modality.ASSERTED, place_kind="settlement"):
    return Report(
        id=rid,
        article_id="a",
        place_id=f"p:{place.lower()}",
        place_name=place,
        lat=48.6,
        lon=38.0,
        kind=kind,
        actor=Actor.RU,
        modality=modality,
        date=DateGuess.exact(day, "explicit"),
        sentence="s",
        sentence_start=0,
        sentence_end=1,
        mention_start=0,
        mention_end=1,
        place_kind=place_kind,
    )


def test_fighting_spots_count_recency_and_kinds():
    reports = [
        report("b1", Kind.FIGHTING, D(2023, 3, 1)),
        report("b2", Kind.ATTACK, D(2023, 3, 6)),
        report("b3", Kind.STRIKE, D(2023, 3, 7)),
        report("old", Kind.FIGHTING, D(2023, 2, 20)),  # before the window
        report("later", Kind.FIGHTING, D(2023, 3, 8)),  # after the date
        report("hyp", Kind.FIGHTING, D(2023, 3, 7), modality=Modality.HYPOTHETICAL),
        report("ctl", Kind.CAPTURED, D(2023, 3, 7)),  # not activity
        report("s1", Kind.STRIKE, D(2023, 3, 1), place="Soledar"),
        report("d1", Kind.FIGHTING, D(2023, 3, 7), place="Donbas", place_kind="region"),
    ]
    spots = fighting_at(reports, D(2023, 3, 7))
    assert [(s.place_name, s.count, s.last_date, s.reports) for s in spots] == [
        ("Bakhmut", 3, D(2023, 3, 7), ("b1", "b2", "b3")),
        ("Soledar", 1, D(2023, 3, 1), ("s1",)),
    ]
    bakhmut, soledar = spots
    assert bakhmut.kinds == (Kind.ATTACK, Kind.FIGHTING, Kind.STRIKE)
    assert 0 < soledar.intensity < bakhmut.intensity <= 1
    assert bakhmut.intensity == 0.6  # 3/5 reports, newest on the day
    assert fighting_at(reports, D(2023, 3, 7), window_days=1)[0].reports == ("b3",)


def test_window_must_be_positive():
    with pytest.raises(ValueError, match="window_days"):
        fighting_at([], D(2023, 3, 7), window_days=0)
