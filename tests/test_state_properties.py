"""Invariants of the control fold, on random reports (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.models import Actor, DateGuess, Kind, Modality, Precision, Report
from geomap.state import Timeline, changes, control_at

START = dt.date(2023, 1, 1)
KINDS = list(Kind)
ACTORS = list(Actor)


@st.composite
def reports(draw):
    n = draw(st.integers(min_value=0, max_value=40))
    out = []
    for i in range(n):
        day = START + dt.timedelta(days=draw(st.integers(0, 60)))
        kind = draw(st.sampled_from(KINDS))
        out.append(
            Report(
                id=f"r{i:03d}",
                article_id="a",
                place_id=f"p{draw(st.integers(0, 3))}",
                place_name="P",
                lat=48.0,
                lon=37.0,
                kind=kind,
                actor=draw(st.sampled_from(ACTORS)),
                modality=draw(
                    st.sampled_from([Modality.ASSERTED, Modality.ASSERTED, Modality.HYPOTHETICAL])
                ),
                date=DateGuess(day, day, day, draw(st.sampled_from(list(Precision))), "x"),
                sentence="",
                sentence_start=0,
                sentence_end=0,
                mention_start=0,
                mention_end=0,
                claimant_side=draw(st.sampled_from(ACTORS)),
                percent=draw(st.sampled_from([None, 30.0, 70.0]))
                if kind == Kind.PARTIAL_CONTROL
                else None,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(reports(), st.integers(0, 70), st.randoms(use_true_random=False))
def test_order_does_not_matter_and_one_shot_equals_timeline(items, offset, rnd):
    day = START + dt.timedelta(days=offset)
    expected = control_at(items, day)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert control_at(shuffled, day) == expected
    assert Timeline(shuffled).control_at(day) == expected


@settings(max_examples=100, deadline=None)
@given(reports(), st.integers(0, 35), st.integers(0, 35))
def test_states_only_use_reports_up_to_the_day_and_changes_match_states(items, a, b):
    d1 = START + dt.timedelta(days=min(a, b))
    d2 = START + dt.timedelta(days=min(a, b) + abs(a - b))
    known = {r.id: r for r in items}
    states = control_at(items, d2)
    for s in states.values():
        assert all(known[i].date.best <= d2 and known[i].is_fact for i in s.supporting)
        assert s.since is None or s.since <= d2
    before = control_at(items, d1)
    for c in changes(items, d1, d2):
        assert c.after == states[c.place_id].controller
        old = before.get(c.place_id)
        assert c.before == (old.controller.value if old else "unknown")
