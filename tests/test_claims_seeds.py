"""Acceptance: the reports the five seed articles make, read with the real reader and gazetteer."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

import gazetteer
from geomap.articles import read_text
from geomap.claims import extract
from geomap.models import Actor, Kind, Modality, Report

FIGHTING = {Kind.FIGHTING, Kind.STRIKE, Kind.ATTACK, Kind.BESIEGED}


@cache
def _reports(seed_texts_key: str, text: str) -> tuple[Report, ...]:
    article = read_text(text, f"seeds/{seed_texts_key}.txt")
    return tuple(extract(article, gazetteer.find(article.text)))


@pytest.fixture
def reports(seed_texts):
    def get(key: str) -> list[Report]:
        return list(_reports(key, seed_texts[key]))

    return get


def _at(reports: list[Report], name: str, kind: Kind | None = None) -> list[Report]:
    return [r for r in reports if r.place_name == name and (kind is None or r.kind is kind)]


def test_000_partial_control_of_sievierodonetsk(reports):
    [r] = [r for r in _at(reports("000"), "Sievierodonetsk", Kind.PARTIAL_CONTROL)]
    assert (r.actor, r.modality, r.percent) == (Actor.RU, Modality.ASSERTED, 70.0)
    assert r.date is not None and r.date.best == dt.date(2022, 6, 1)
    assert "local official" in r.claimed_by and r.reported_speech
    assert r.sentence.startswith("As of early Wednesday")
    assert r.lat and r.lon and r.place_kind == "settlement" and r.rule == "partial.percent"


def test_000_caption_gives_fighting_in_severodonetsk_on_may_30(reports):
    found = [
        r
        for r in _at(reports("000"), "Sievierodonetsk", Kind.FIGHTING)
        if r.modality is Modality.ASSERTED
    ]
    assert found, "the caption's 'heavy fighting' in Severodonetsk"
    r = found[0]
    assert r.date is not None and r.date.best == dt.date(2022, 5, 30)
    assert "Severodonetsk" in r.sentence
    text = r.sentence[r.mention_start - r.sentence_start : r.mention_end - r.sentence_start]
    assert text == "Severodonetsk"


def test_000_lysychansk_held_by_ukraine_and_not_captured(reports):
    lys = _at(reports("000"), "Lysychansk")
    holds = [r for r in lys if r.kind is Kind.HOLDS]
    assert [(r.actor, r.modality) for r in holds] == [(Actor.UA, Modality.ASSERTED)]
    assert "Haidai" in holds[0].claimed_by and holds[0].claimant_side is Actor.UA
    captured = [r for r in lys if r.kind is Kind.CAPTURED and r.actor is Actor.RU]
    assert Modality.NEGATED in {r.modality for r in captured}
    assert all(r.modality is not Modality.ASSERTED for r in captured)


def test_000_full_control_is_hypothetical(reports):
    sev = _at(reports("000"), "Sievierodonetsk")
    full = [r for r in sev if r.sentence.startswith("“If the Russians manage")]
    assert full and all(r.modality is Modality.HYPOTHETICAL for r in full)
    assert {r.kind for r in full} == {Kind.CAPTURED}
    assert not [r for r in sev if r.kind in (Kind.CAPTURED, Kind.CONTROLS) and r.is_fact]


def test_001_fighting_in_bahkmut_and_its_fall_only_hypothetical(reports):
    bak = _at(reports("001"), "Bakhmut")
    assert any(r.kind is Kind.FIGHTING and r.is_fact for r in bak)
    falls = [r for r in bak if r.kind is Kind.CAPTURED]
    assert falls and all(r.modality is Modality.HYPOTHETICAL for r in falls)
    assert any("if Bahkmut falls" in r.sentence for r in falls)


def test_002_sieges_and_kharkiv(reports):
    rs = reports("002")
    for name in ("Kherson", "Berdiansk"):
        [r] = _at(rs, name, Kind.BESIEGED)
        assert (r.actor, r.modality, r.claimant_side) == (Actor.RU, Modality.ASSERTED, Actor.RU)
        assert r.reported_speech and r.date is not None and r.date.best == dt.date(2022, 2, 27)
    [rep] = _at(rs, "Kharkiv", Kind.REPELLED)
    assert (rep.actor, rep.modality, rep.claimant_side) == (Actor.UA, Modality.ASSERTED, Actor.UA)
    assert not [r for r in _at(rs, "Kharkiv") if r.kind is Kind.CAPTURED and r.is_fact]


def test_002_talks_near_chernobyl_are_no_fighting(reports):
    rs = reports("002")
    assert not [r for r in rs if r.place_name in ("Chernobyl", "Chornobyl", "Pripyat River")]
    assert not [r for r in rs if "Pripyat" in r.place_name]


def test_003_bakhmut_besieged_and_fought_over(reports):
    bak = _at(reports("003"), "Bakhmut")
    assert any(r.kind is Kind.BESIEGED and r.is_fact for r in bak)
    assert any(r.kind is Kind.FIGHTING and r.is_fact for r in bak)
    assert not [r for r in bak if r.kind is Kind.CAPTURED and r.is_fact]


def test_003_kramatorsk_and_sloviansk_only_hypothetical(reports):
    rs = reports("003")
    near = [r for r in rs if r.place_name in ("Kramatorsk", "Sloviansk")]
    assert {r.place_name for r in near} == {"Kramatorsk", "Sloviansk"}
    assert all(r.modality is Modality.HYPOTHETICAL for r in near)
    assert all(r.actor is Actor.RU for r in near)  # "they" are the Russians named before


def test_003_soledar_captured_by_russia_in_january(reports):
    [r] = _at(reports("003"), "Soledar", Kind.CAPTURED)
    assert (r.actor, r.modality) == (Actor.RU, Modality.ASSERTED)
    assert r.date is not None and r.date.best.month == 1 and r.date.best.year == 2023


def test_004_fighting_in_bakhmut_and_no_withdrawal(reports):
    bak = _at(reports("004"), "Bakhmut")
    assert any(r.kind is Kind.FIGHTING and r.is_fact for r in bak)
    withdrew = [r for r in bak if r.kind is Kind.WITHDREW]
    assert not [r for r in withdrew if r.is_fact]
    negated = [r for r in withdrew if r.modality is Modality.NEGATED]
    assert any("decision not to withdraw" in r.sentence and r.actor is Actor.UA for r in negated)


def test_no_control_for_areas_and_no_reports_in_junk(reports, seed_texts):
    from geomap.models import CONTROL_KINDS

    for key in sorted(seed_texts):
        article = read_text(seed_texts[key], f"seeds/{key}.txt")
        for r in reports(key):
            if r.kind in CONTROL_KINDS:
                assert r.place_kind in ("settlement", "district", "site"), r
            assert r.place_kind != "country"
            assert not any(s <= r.mention_start < e for s, e in article.junk)


def test_ids_are_stable_unique_and_order_is_deterministic(seed_texts):
    for key in sorted(seed_texts):
        article = read_text(seed_texts[key], f"seeds/{key}.txt")
        mentions = gazetteer.find(article.text)
        first = extract(article, mentions)
        again = extract(article, list(reversed(mentions)))
        assert first == again
        assert len({r.id for r in first}) == len(first)
