"""Sections of cities (GeoNames' city districts) are districts, not villages that win homonyms."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from gazetteer.data import load_names, places_by_id
from gazetteer.types import Place

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def by_name() -> dict[str, list[Place]]:
    """Casefolded name -> the places of the embedded data that bear it."""
    places = places_by_id()
    index: dict[str, list[Place]] = defaultdict(list)
    for name, pid, _kind in load_names():
        index[name.casefold()].append(places[pid])
    return index


def _settlements(by_name: dict[str, list[Place]], name: str) -> list[Place]:
    found = {p.id: p for p in by_name[name.casefold()] if p.kind == "settlement"}
    return sorted(found.values(), key=lambda p: (-p.population, p.id))


def test_donetsks_oleksandrivskyi_district_no_longer_wins_oleksandrivka(by_name):
    top = _settlements(by_name, "Oleksandrivka")[0]
    assert top.id != "gn:13561149"
    assert top.population < 30_000  # a village or small town, not a city's district


def test_oleksandrivskyi_is_a_district_of_donetsk():
    place = places_by_id()["gn:13561149"]
    assert place.kind == "district"
    assert place.note == "district of Donetsk"
    assert place.admin1 == "Donetsk Oblast"
    assert "Oleksandrivka" in place.names  # still found by the name, as a district


def test_a_common_village_name_is_not_a_big_citys_former_name(by_name):
    # Donetsk was Oleksandrivka (1779); 108 villages are today.
    assert all(p.population < 30_000 for p in _settlements(by_name, "Oleksandrivka"))


@pytest.mark.parametrize(
    ("name", "oblast"),
    [
        ("Makiivka", "Donetsk Oblast"),
        ("Khartsyzk", "Donetsk Oblast"),
        ("Yasynuvata", "Donetsk Oblast"),
        ("Avdiivka", "Donetsk Oblast"),
        ("Lysychansk", "Luhansk Oblast"),
        ("Sievierodonetsk", "Luhansk Oblast"),
        ("Kramatorsk", "Donetsk Oblast"),
        ("Druzhkivka", "Donetsk Oblast"),
        ("Brovary", "Kyiv Oblast"),
        ("Irpin", "Kyiv Oblast"),
        ("Bucha", "Kyiv Oblast"),
    ],
)
def test_towns_next_to_big_cities_stay_settlements(by_name, name, oblast):
    here = [p for p in by_name[name.casefold()] if p.admin1 == oblast and p.population > 10_000]
    assert here, name
    assert all(p.kind == "settlement" and p.note.startswith("KATOTTG") for p in here)


@pytest.mark.parametrize(
    ("place_id", "city"),
    [
        ("gn:13607657", "Makiivka"),  # Hirnytskyi: within Donetsk's reach too, deeper in Makiivka's
        ("gn:697302", "Donetsk"),  # Voznesenskyi (Petrovskyi), 16 km out
        ("gn:707601", "Kryvyi Rih"),  # Inhulets: too big for the village it shares a name with
        ("gn:6722148", "Kharkiv"),  # Saltivka
        ("gn:690890", "Rivne"),  # Tynne: was linked to a village of Sarny Raion, 60 km away
    ],
)
def test_sections_belong_to_their_city(place_id, city):
    place = places_by_id()[place_id]
    assert (place.kind, place.note) == ("district", f"district of {city}")


def test_a_city_section_is_not_linked_to_a_village_far_across_the_oblast():
    # Kryvyi Rih's Terny; the village Терни of Pavlohrad Raion is 170 km away.
    terny = places_by_id()["gn:691605"]
    assert not terny.note.startswith("KATOTTG")


def test_villages_by_sevastopol_beyond_its_reach_are_settlements():
    assert places_by_id()["gn:698380"].kind == "settlement"  # Orlivka, 14.3 km out


def test_district_radius_grows_with_the_city_and_is_capped():
    pytest.importorskip("translitua", reason="the build's tests need the 'data' extra")
    sys.path.insert(0, str(SCRIPTS))
    build = pytest.importorskip("build_gazetteer_districts")
    assert build.district_radius_km(100_000) == pytest.approx(6.0, abs=0.01)
    assert build.district_radius_km(901_645) == pytest.approx(18.0, abs=0.1)
    assert build.district_radius_km(2_952_301) == build.DISTRICT_RADIUS_MAX_KM
