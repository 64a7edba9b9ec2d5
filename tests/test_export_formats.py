"""Exports: the documented columns, byte-identical reruns, atomic writes, readable by GIS tools."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from store_helpers import standins

from geomap import export
from geomap.errors import GeomapError
from geomap.store import ReportStore

DATA = Path(__file__).parent / "data" / "store"


S = standins()

DOCUMENTED = [
    "report_id", "date", "date_earliest", "date_latest", "date_precision", "place", "place_id",
    "lat", "lon", "precision", "kind", "actor", "modality", "claimed_by", "claimant_side",
    "percent", "sentence", "article_title", "article_source", "article_url",
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(
        "date 2022-06-01 Russian forces controlled about 70% of Sievierodonetsk. "
        "Lysychansk was shelled.\n",
        encoding="utf-8",
    )
    (d / "b.txt").write_text("If Bakhmut falls, “Kharkiv” follows.\n", encoding="utf-8")
    from geomap.pipeline import ingest

    with ReportStore(tmp_path / "s.sqlite") as s:
        ingest(
            [d], s, gazetteer=S.Gazetteer(), reader=S.read_paths, extractor=S.extract,
            progress=False,
        )  # fmt: skip
        yield s


def test_columns_start_with_the_documented_ones():
    assert list(export.COLUMNS[: len(DOCUMENTED)]) == DOCUMENTED
    for column in export.COLUMNS:
        assert f"\n{column} " in export.__doc__


def test_geojson(store, tmp_path):
    out = tmp_path / "r.geojson"
    assert export.to_geojson(store, out) == 4
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    first = data["features"][0]
    assert first["id"] == first["properties"]["report_id"]
    assert list(first["properties"]) == list(export.COLUMNS)
    assert first["geometry"] == {"type": "Point", "coordinates": [38.4273, 48.9165]}
    sievierodonetsk = data["features"][1]["properties"]
    assert (sievierodonetsk["place"], sievierodonetsk["percent"]) == ("Sievierodonetsk", 70.0)
    assert data["features"][2]["properties"]["percent"] is None
    assert data["features"][2]["properties"]["date"] == ""
    assert "“Kharkiv”" in out.read_text(encoding="utf-8")


def test_csv(store, tmp_path):
    out = tmp_path / "r.csv"
    assert export.to_csv(store, out, kinds=["strike"]) == 1
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(export.COLUMNS)
    assert rows[0]["place"] == "Lysychansk" and rows[0]["lat"] == "48.9165"
    assert rows[0]["percent"] == "" and rows[0]["date"] == "2022-06-01"
    assert b"\r\n" not in out.read_bytes()
    assert list(rows[0])[-1] == "oblast"  # new columns are appended


def test_oblast_column_comes_from_the_places_stored(store):
    oblasts = {p.id: p.admin1 for p in store.places()}
    got = export.rows(store)
    assert got and all(row["oblast"] == oblasts.get(row["place_id"], "") for row in got)


def test_gpkg_reads_back(store, tmp_path):
    import geopandas as gpd
    import pyogrio

    out = tmp_path / "r.gpkg"
    assert export.to_gpkg(store, out) == 4
    assert [name for name, _ in pyogrio.list_layers(out)] == ["reports"]
    back = gpd.read_file(out, layer="reports")
    assert list(back.columns) == [*export.COLUMNS, "geometry"]
    assert back.crs.to_epsg() == 4326
    assert list(back["place"]) == ["Lysychansk", "Sievierodonetsk", "Bakhmut", "Kharkiv"]


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg"])
def test_same_reports_same_bytes_and_no_leftovers(store, tmp_path, suffix):
    one, two = tmp_path / "x" / f"one{suffix}", tmp_path / "y" / f"two{suffix}"
    one.parent.mkdir()
    two.parent.mkdir()
    assert export.write(store, one) == export.write(store, two) == 4
    assert one.read_bytes() == two.read_bytes()
    export.write(store, one)  # over an existing file
    assert one.read_bytes() == two.read_bytes()
    assert sorted(p.name for p in one.parent.iterdir()) == [one.name]


def test_empty_selection_writes_valid_files(store, tmp_path):
    import geopandas as gpd

    assert export.to_geojson(store, tmp_path / "e.geojson", place="Nowhere") == 0
    assert json.loads((tmp_path / "e.geojson").read_text())["features"] == []
    assert export.to_csv(store, tmp_path / "e.csv", place="Nowhere") == 0
    assert (tmp_path / "e.csv").read_text().strip() == ",".join(export.COLUMNS)
    assert export.to_gpkg(store, tmp_path / "e.gpkg", place="Nowhere") == 0
    assert len(gpd.read_file(tmp_path / "e.gpkg")) == 0


def test_write_errors(store, tmp_path):
    with pytest.raises(GeomapError, match="cannot tell the format"):
        export.write(store, tmp_path / "r.txt")
    with pytest.raises(GeomapError, match="unknown export format 'kml'"):
        export.write(store, tmp_path / "r.kml", "kml")
    with pytest.raises(GeomapError, match="does not exist"):
        export.write(store, tmp_path / "no" / "r.csv")
