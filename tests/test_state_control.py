"""Control over time: captured, recaptured, claimed and denied, stale, besieged, fought over."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from geomap.models import (
    Actor,
    Controller,
    DateGuess,
    Kind,
    Modality,
    Precision,
    Report,
)
from geomap.state import Timeline, changes, changes_geojson, control_at

D = dt.date
_ids = itertools.count()


def report(
    kind: Kind,
    actor: Actor,
    day: dt.date,
    *,
    place: str = "Soledar",
    side: Actor = Actor.UNKNOWN,
    modality: Modality = Modality.ASSERTED,
    percent: float | None = None,
    place_kind: str = "settlement",
    precision: Precision = Precision.DAY,
    rid: str | None = None,
) -> Report:
    """A report as ``geomap.claims`` would make it, with only what the state rules look at."""
    date = DateGuess(day, day, day, precision, "explicit")
    return Report(
        id=rid or f"r{next(_ids):04d}",
        article_id="a1",
        place_id=f"p:{place.lower()}",
        place_name=place,
        lat=48.68,
        lon=38.09,
        kind=kind,
        actor=actor,
        modality=modality,
        date=date,
        sentence=f"{actor} {kind} {place}",
        sentence_start=0,
        sentence_end=10,
        mention_start=0,
        mention_end=5,
        claimant_side=side,
        percent=percent,
        place_kind=place_kind,
    )


def state_of(reports, day, place="Soledar", **kw):
    return control_at(reports, day, **kw).get(f"p:{place.lower()}")


def test_no_reports_no_state():
    assert control_at([], D(2022, 6, 1)) == {}


def test_captured_then_recaptured_timeline():
    cap = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2))
    lib = report(Kind.LIBERATED, Actor.UA, D(2022, 11, 11))
    reports = [lib, cap]  # input order must not matter
    assert state_of(reports, D(2022, 3, 1)) is None
    s = state_of(reports, D(2022, 3, 2))
    assert (s.controller, s.since, s.supporting, s.stale) == (
        Controller.RU,
        D(2022, 3, 2),
        (cap.id,),
        False,
    )
    s = state_of(reports, D(2022, 11, 11))
    assert (s.controller, s.since, s.supporting) == (Controller.UA, D(2022, 11, 11), (lib.id,))
    assert s.as_of == D(2022, 11, 11)


def test_holds_and_repelled_confirm_without_changing_since():
    cap = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 12))
    holds = report(Kind.HOLDS, Actor.RU, D(2023, 2, 1))
    rep = report(Kind.REPELLED, Actor.RU, D(2023, 2, 20))
    s = state_of([cap, holds, rep], D(2023, 3, 1))
    assert s.controller is Controller.RU
    assert s.since == D(2023, 1, 12)
    assert s.supporting == tuple(sorted([cap.id, holds.id, rep.id]))


def test_withdrew_hands_place_to_other_side_or_unknown():
    s = state_of([report(Kind.WITHDREW, Actor.UA, D(2022, 6, 24))], D(2022, 7, 1))
    assert s.controller is Controller.RU
    s = state_of([report(Kind.WITHDREW, Actor.UNKNOWN, D(2022, 6, 24))], D(2022, 7, 1))
    assert s.controller is Controller.UNKNOWN


def test_partial_control_majority_and_minority():
    s = state_of([report(Kind.PARTIAL_CONTROL, Actor.RU, D(2022, 6, 1), percent=70)], D(2022, 6, 1))
    assert (s.controller, s.percent) == (Controller.RU, 70)
    s = state_of([report(Kind.PARTIAL_CONTROL, Actor.RU, D(2022, 6, 1), percent=30)], D(2022, 6, 1))
    assert (s.controller, s.percent) == (Controller.CONTESTED, 30)


def test_claimed_and_denied_is_contested_until_settled():
    claim = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 11), side=Actor.RU)
    denial = report(Kind.HOLDS, Actor.UA, D(2023, 1, 12), side=Actor.UA)
    admitted = report(Kind.WITHDREW, Actor.UA, D(2023, 1, 25), side=Actor.UA)
    reports = [claim, denial, admitted]
    assert state_of(reports, D(2023, 1, 11)).controller is Controller.RU
    s = state_of(reports, D(2023, 1, 12))
    assert (s.controller, s.since) == (Controller.CONTESTED, D(2023, 1, 12))
    assert s.supporting == tuple(sorted([claim.id, denial.id]))
    s = state_of(reports, D(2023, 1, 20))
    assert s.controller is Controller.CONTESTED
    s = state_of(reports, D(2023, 1, 25))
    assert (s.controller, s.since) == (Controller.RU, D(2023, 1, 25))
    assert s.supporting == (admitted.id,)
    assert s.contradicting == (denial.id,)


def test_admission_against_interest_settles_at_once():
    claim = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 11), side=Actor.RU)
    denial = report(Kind.HOLDS, Actor.UA, D(2023, 1, 12), side=Actor.UA)
    admission = report(Kind.CONTROLS, Actor.RU, D(2023, 1, 13), side=Actor.UA)
    s = state_of([claim, denial, admission], D(2023, 1, 13))
    assert s.controller is Controller.RU


def test_same_side_repeating_itself_is_not_a_dispute():
    a = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 11), side=Actor.RU)
    b = report(Kind.CONTROLS, Actor.RU, D(2023, 1, 12), side=Actor.RU)
    assert state_of([a, b], D(2023, 1, 12)).controller is Controller.RU


def test_claims_far_apart_are_a_change_of_hands_not_a_dispute():
    a = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 1), side=Actor.RU)
    b = report(Kind.LIBERATED, Actor.UA, D(2022, 4, 1), side=Actor.UA)
    s = state_of([a, b], D(2022, 4, 1))
    assert (s.controller, s.since) == (Controller.UA, D(2022, 4, 1))


def test_contest_window_is_an_option():
    claim = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 1), side=Actor.RU)
    denial = report(Kind.HOLDS, Actor.UA, D(2023, 1, 6), side=Actor.UA)
    assert state_of([claim, denial], D(2023, 1, 6)).controller is Controller.UA
    s = state_of([claim, denial], D(2023, 1, 6), contest_window_days=7)
    assert s.controller is Controller.CONTESTED


def test_stale_after_configurable_days():
    cap = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2))
    assert not state_of([cap], D(2022, 4, 30)).stale
    assert state_of([cap], D(2022, 5, 2)).stale  # 61 days later
    assert not state_of([cap], D(2022, 5, 2), stale_after_days=90).stale
    assert state_of([cap], D(2022, 5, 2)).controller is Controller.RU  # stale keeps the state


def test_only_asserted_reports_count():
    hypo = report(Kind.CAPTURED, Actor.RU, D(2023, 3, 1), modality=Modality.HYPOTHETICAL)
    neg = report(Kind.CAPTURED, Actor.RU, D(2023, 3, 1), modality=Modality.NEGATED)
    assert state_of([hypo, neg], D(2023, 3, 2)) is None


def test_regions_never_decide_control():
    oblast = report(Kind.CAPTURED, Actor.RU, D(2022, 7, 3), place="Luhansk", place_kind="oblast")
    region = report(Kind.CONTROLS, Actor.RU, D(2022, 7, 3), place="Donbas", place_kind="region")
    assert control_at([oblast, region], D(2022, 7, 4)) == {}


def test_unknown_actor_says_nothing_and_undated_reports_are_ignored():
    unknown = report(Kind.CAPTURED, Actor.UNKNOWN, D(2022, 7, 3))
    undated = Report(
        **{
            **{f: getattr(unknown, f) for f in unknown.__slots__},
            "id": "u",
            "actor": Actor.RU,
            "date": None,
        }
    )
    assert control_at([unknown, undated], D(2022, 8, 1)) == {}


def test_besieged_keeps_defender_then_capture_lifts_siege():
    siege = report(Kind.BESIEGED, Actor.RU, D(2022, 2, 27), place="Kherson")
    cap = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2), place="Kherson")
    s = state_of([siege, cap], D(2022, 2, 27), place="Kherson")
    assert (s.controller, s.besieged) == (Controller.UA, True)
    s = state_of([siege, cap], D(2022, 3, 3), place="Kherson")
    assert (s.controller, s.besieged) == (Controller.RU, False)


def test_fought_over_while_held_is_contested_but_repelled_is_held():
    holds = report(Kind.HOLDS, Actor.UA, D(2023, 3, 6), place="Bakhmut")
    fight = report(Kind.FIGHTING, Actor.UNKNOWN, D(2023, 3, 7), place="Bakhmut")
    s = state_of([holds, fight], D(2023, 3, 8), place="Bakhmut")
    assert (s.controller, s.since) == (Controller.CONTESTED, D(2023, 3, 7))
    assert fight.id in s.supporting and holds.id in s.supporting
    # two weeks later with no more fighting reports, Ukraine's hold shows again
    assert state_of([holds, fight], D(2023, 3, 25), place="Bakhmut").controller is Controller.UA
    # same-day fighting with a repelled assault: held
    rep = report(Kind.REPELLED, Actor.UA, D(2022, 2, 27), place="Kharkiv")
    street = report(Kind.FIGHTING, Actor.UNKNOWN, D(2022, 2, 27), place="Kharkiv")
    adv = report(Kind.ADVANCE, Actor.RU, D(2022, 2, 27), place="Kharkiv")
    s = state_of([rep, street, adv], D(2022, 2, 27), place="Kharkiv")
    assert s.controller is Controller.UA


def test_attack_alone_does_not_contest_a_held_place():
    cap = report(Kind.CONTROLS, Actor.UA, D(2023, 3, 1), place="Kupiansk")
    attack = report(Kind.ATTACK, Actor.RU, D(2023, 3, 2), place="Kupiansk")
    s = state_of([cap, attack], D(2023, 3, 3), place="Kupiansk")
    assert s.controller is Controller.UA
    holds = report(Kind.HOLDS, Actor.UA, D(2023, 3, 3), place="Kupiansk")
    s = state_of([cap, attack, holds], D(2023, 3, 3), place="Kupiansk")
    assert s.controller is Controller.CONTESTED


def test_same_day_more_precise_date_wins_and_ties_are_deterministic():
    month = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 15), precision=Precision.MONTH, rid="z")
    day = report(Kind.LIBERATED, Actor.UA, D(2023, 1, 15), rid="a")
    for order in ([month, day], [day, month]):
        assert state_of(order, D(2023, 1, 20)).controller is Controller.UA
    a = report(Kind.CAPTURED, Actor.RU, D(2023, 1, 15), rid="a")
    b = report(Kind.LIBERATED, Actor.UA, D(2023, 1, 15), rid="b")
    assert state_of([b, a], D(2023, 1, 20)).controller is Controller.UA  # by id: b comes last


def test_state_at_each_date_and_changes_between_dates():
    reports = [
        report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2), place="Kherson"),
        report(Kind.LIBERATED, Actor.UA, D(2022, 11, 11), place="Kherson"),
        report(Kind.CONTROLS, Actor.UA, D(2022, 3, 1), place="Mykolaiv"),
        report(Kind.CAPTURED, Actor.RU, D(2022, 3, 20), place="Izium"),
        report(Kind.LIBERATED, Actor.UA, D(2022, 9, 10), place="Izium"),
        report(Kind.HOLDS, Actor.UA, D(2022, 5, 1), place="Bakhmut"),
        report(Kind.FIGHTING, Actor.UNKNOWN, D(2022, 12, 1), place="Bakhmut"),
    ]
    timeline = Timeline(reports)
    at = {
        day: {s.place_name: s.controller.value for s in timeline.control_at(day).values()}
        for day in (D(2022, 4, 1), D(2022, 12, 5))
    }
    assert at[D(2022, 4, 1)] == {"Kherson": "RU", "Mykolaiv": "UA", "Izium": "RU"}
    assert at[D(2022, 12, 5)] == {
        "Kherson": "UA",
        "Mykolaiv": "UA",
        "Izium": "UA",
        "Bakhmut": "contested",
    }
    found = changes(reports, D(2022, 4, 1), D(2022, 12, 5))
    assert [(c.place_name, c.before.value, c.after.value, c.kind) for c in found] == [
        ("Bakhmut", "unknown", "contested", "newly contested"),
        ("Izium", "RU", "UA", "regained by UA"),
        ("Kherson", "RU", "UA", "regained by UA"),
    ]
    assert found[1].since == D(2022, 9, 10)
    assert changes(timeline, D(2022, 4, 1), D(2022, 12, 5)) == found
    geo = changes_geojson(found)
    assert geo["features"][2]["properties"]["kind"] == "regained by UA"
    assert geo["features"][2]["geometry"]["type"] == "Point"
    assert changes(reports, D(2022, 2, 28), D(2022, 3, 3))[0].kind == "newly reported"


def test_changes_rejects_reversed_dates():
    with pytest.raises(ValueError, match="before the first"):
        changes([], D(2023, 1, 2), D(2023, 1, 1))


def test_datetimes_are_days_and_bad_dates_say_so():
    cap = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2))
    assert state_of([cap], dt.datetime(2022, 3, 2, 23, 59)).controller is Controller.RU
    with pytest.raises(TypeError, match=r"day must be a datetime\.date"):
        control_at([cap], "2022-03-02")


def test_place_name_comes_from_a_fixed_report_whatever_the_order():
    a = report(Kind.CAPTURED, Actor.RU, D(2022, 3, 2), rid="a1")
    b = Report(
        **{**{f: getattr(a, f) for f in a.__slots__}, "id": "b1", "place_name": "Soledar (town)"}
    )
    for order in ([a, b], [b, a]):
        assert state_of(order, D(2022, 3, 3)).place_name == "Soledar"


def test_same_day_conflict_in_the_article_voice_is_recorded_as_contradicting():
    captured = report(Kind.CAPTURED, Actor.RU, D(2023, 5, 20), rid="a")
    holds = report(Kind.HOLDS, Actor.UA, D(2023, 5, 20), rid="b")
    s = state_of([holds, captured], D(2023, 5, 21))
    assert (s.controller, s.supporting, s.contradicting) == (Controller.UA, ("b",), ("a",))
