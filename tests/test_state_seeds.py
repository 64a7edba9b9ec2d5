"""The seed articles through the whole pipeline (read, find places, extract claims) to control.

Expected, from what the articles say:
* 2022-06-01: Sievierodonetsk mostly RU (about 70%), Lysychansk UA;
* 2022-02-27: Kherson and Berdiansk besieged (still Ukraine's), Kharkiv held by UA;
* early 2023: Soledar RU, Bakhmut contested (Ukraine holds it while fighting goes on inside).
"""

from __future__ import annotations

import datetime as dt

import pytest

gazetteer = pytest.importorskip("gazetteer")
articles = pytest.importorskip("geomap.articles")
claims = pytest.importorskip("geomap.claims")

from geomap.models import Controller  # noqa: E402
from geomap.state import changes, control_at, fighting_at  # noqa: E402

D = dt.date


@pytest.fixture(scope="module")
def seed_reports(seed_texts):
    reports = []
    for key in sorted(seed_texts):
        article = articles.read_text(seed_texts[key], source=f"seeds/{key}")
        reports += claims.extract(article, gazetteer.find(article.text))
    return reports


def by_name(states):
    return {s.place_name: s for s in states.values()}


def test_june_2022_sievierodonetsk_mostly_russian_lysychansk_ukrainian(seed_reports):
    states = by_name(control_at(seed_reports, D(2022, 6, 1)))
    sieve = states["Sievierodonetsk"]
    assert sieve.controller is Controller.RU
    assert sieve.percent == pytest.approx(70)
    assert states["Lysychansk"].controller is Controller.UA
    assert "Donbas" not in states  # a region never gets a control state


def test_february_2022_sieges_and_kharkiv(seed_reports):
    states = by_name(control_at(seed_reports, D(2022, 2, 27)))
    for city in ("Kherson", "Berdiansk"):
        assert states[city].besieged, city
        assert states[city].controller is Controller.UA, city  # besieged by RU: UA defends
    assert states["Kharkiv"].controller is Controller.UA
    assert not states["Kharkiv"].besieged
    assert set(states) == {"Kherson", "Berdiansk", "Kharkiv"}  # nothing from later articles


def test_early_2023_soledar_russian_bakhmut_contested(seed_reports):
    states = by_name(control_at(seed_reports, D(2023, 3, 20)))
    assert states["Soledar"].controller is Controller.RU
    bakhmut = states["Bakhmut"]
    assert bakhmut.controller is Controller.CONTESTED
    assert len(bakhmut.supporting) >= 3  # Ukraine's holds and the fighting reports
    # hypothetical falls and negated withdrawals never decide anything
    kinds = {r.id: r for r in seed_reports}
    assert all(kinds[i].is_fact for i in bakhmut.supporting)


def test_seed_changes_and_fighting(seed_reports):
    found = {c.place_name: c.kind for c in changes(seed_reports, D(2022, 3, 1), D(2023, 3, 20))}
    assert found["Soledar"] == "newly reported"
    assert found["Bakhmut"] == "newly contested"
    spots = {s.place_name for s in fighting_at(seed_reports, D(2023, 3, 20), window_days=14)}
    assert "Bakhmut" in spots
