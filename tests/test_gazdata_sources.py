"""Sources of places: looked up by name; a user's file; a GeoNames dump; the online geocoder."""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from geopy.exc import GeocoderServiceError

from gazetteer.data import parse_places, places_by_id
from gazetteer.errors import DataError, GeocoderError
from gazetteer.sources import (
    SOURCES,
    EmbeddedSource,
    GeoNamesDumpSource,
    NominatimSource,
    Source,
    UserFileSource,
    get_source,
    imported_files,
    read_extra,
    resolve_targets,
    user_data_dir,
)

DATA = Path(__file__).parent / "data" / "gazdata"
KLISHCHIIVKA = "ua:UA14020010120064151"


# --------------------------------------------------------------------------- lookup by name


def test_sources_are_looked_up_by_name():
    assert sorted(SOURCES) == ["embedded", "geonames-dump", "nominatim", "user"]
    for name, cls in SOURCES.items():
        assert get_source(name) is cls
        assert issubclass(cls, Source)
    assert get_source(" Embedded ") is EmbeddedSource


def test_unknown_source_name_lists_the_known_ones():
    with pytest.raises(DataError, match="no gazetteer source named 'osm'; known: embedded"):
        get_source("osm")


def test_embedded_lookup_ignores_case_and_apostrophes():
    found = EmbeddedSource().lookup("bilhorod-dnistrovs'kyi")
    assert found and found[0].name == "Bilhorod-Dnistrovskyi"


# --------------------------------------------------------------------------- user file


def test_user_csv_gives_places_and_aliases():
    data = UserFileSource(DATA / "user_places.csv").load()
    (plant,) = data.places
    assert plant.id == "user:koksokhim-plant"
    assert (plant.kind, plant.admin1, plant.source) == ("site", "Donetsk Oblast", "user")
    assert plant.names == ("Koksokhim plant", "Coke plant", "Koksokhim")
    assert plant.note == "seen in a 2023 report"
    assert ("Coke plant", plant.id, "alias") in data.names
    assert ("Bahmuth", "=Bakhmut", "alias") in data.names


def test_user_alias_rows_resolve_to_embedded_places():
    data = UserFileSource(DATA / "user_places.csv").load()
    resolved = resolve_targets(data, places_by_id().values())
    assert ("Bahmuth", "gn:713174", "alias") in resolved.names


def test_user_alias_to_nothing_is_an_error():
    data = UserFileSource(DATA / "user_places.csv").load()
    with pytest.raises(DataError, match="target 'Bakhmut' is no known place"):
        resolve_targets(data, [])


def test_user_tsv_with_semicolon_aliases():
    (hill,) = UserFileSource(DATA / "user_places.tsv").load().places
    assert hill.names == ("Hill 214", "Height 214", "Vysota 214")
    assert (hill.lat, hill.lon, hill.country) == (48.6, 37.9, "UA")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("place,lat,lon\nX,1,2\n", "no 'name' column"),
        ("name,lat,lon\nX,north,2\n", "line 2: lat/lon must be numbers"),
        ("name,lat,lon\nX,95,2\n", "line 2: lat 95.0, lon 2.0 out of range"),
        ("name,lat,lon,kind\nX,1,2,town\n", "line 2: kind 'town' is not one of"),
        ("name,lat,lon\nX,,\n", "line 2: 'X' has no lat/lon and no target"),
        ("name,lat,lon\n,1,2\n", "line 2: empty name"),
        ("name,lat,lon\nX,1,2\nX,3,4\n", "line 3: id user:x already used above"),
    ],
)
def test_bad_user_file_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        UserFileSource(path).load()
    assert str(path) in str(caught.value)


def test_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="cannot read the places file"):
        UserFileSource(tmp_path / "nope.csv").load()


# --------------------------------------------------------------------------- GeoNames dump


def _zip_dump(tmp_path: Path) -> Path:
    path = tmp_path / "UA.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(DATA / "UA_sample.txt", "UA.txt")
        archive.writestr("readme.txt", "GeoNames readme")
    return path


def test_dump_upgrades_an_approximate_settlement_to_its_exact_point():
    places = {p.id: p for p in GeoNamesDumpSource(DATA / "UA_sample.txt").load().places}
    before = places_by_id()[KLISHCHIIVKA]
    assert before.precision == "hromada"
    after = places[KLISHCHIIVKA]
    assert (after.lat, after.lon, after.precision, after.error_km) == (48.5336, 37.9508, "exact", 0)
    assert after.source == "geonames-dump"
    assert after.name == "Klishchiivka" and "Kleshcheevka" in after.names
    assert after.admin2 == "Bakhmut Raion"


def test_dump_adds_places_the_embedded_data_lacks():
    places = {p.id: p for p in GeoNamesDumpSource(DATA / "UA_sample.txt").load().places}
    new = places["gn:99000002"]
    assert (new.name, new.admin1, new.admin2) == ("Novyi Khutir", "Donetsk Oblast", "Bakhmut Raion")
    assert new.names == ("Novyi Khutir", "Новий Хутір")  # codes such as XYZ, Q1 dropped
    assert "gn:713174" not in places  # the embedded data has it already
    assert "gn:99000003" not in places  # historical (PPLH)
    assert "gn:99000004" not in places  # a river: not asked for


def test_dump_classes_and_countries_filter():
    source = GeoNamesDumpSource(DATA / "UA_sample.txt", classes="PH", countries=["UA"])
    places = {p.id: p for p in source.load().places}
    assert places["gn:99000004"].kind == "river"
    assert "gn:99000005" not in places
    everything = {p.id for p in GeoNamesDumpSource(DATA / "UA_sample.txt").load().places}
    assert "gn:99000005" in everything


def test_import_writes_a_table_the_loader_reads(tmp_path):
    out = GeoNamesDumpSource(_zip_dump(tmp_path), progress=False).import_to(tmp_path / "data")
    assert out == tmp_path / "data" / "gazetteer" / "geonames-UA.tsv.gz"
    assert imported_files(tmp_path / "data") == [out]
    places, names = parse_places(out.read_bytes(), origin=str(out))
    assert {p.id for p in places} == {KLISHCHIIVKA, "gn:99000002", "gn:99000005"}
    assert ("Klishchiivka", KLISHCHIIVKA, "official") in names
    assert [p.name for p in tmp_path.rglob(".*.tmp")] == []  # no temporary file left


def test_import_is_deterministic(tmp_path):
    first = GeoNamesDumpSource(DATA / "UA_sample.txt").import_to(tmp_path / "a").read_bytes()
    again = GeoNamesDumpSource(DATA / "UA_sample.txt").import_to(tmp_path / "b").read_bytes()
    assert first == again


def test_bad_dump_names_file_and_line(tmp_path):
    path = tmp_path / "UA.txt"
    shutil.copy(DATA / "UA_sample.txt", path)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("1\tonly\tthree\n")
    with pytest.raises(DataError, match=r"UA.txt: line 7: 3 columns, a GeoNames table has 19"):
        GeoNamesDumpSource(path).load()


def test_zip_without_a_table_is_an_error(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(DataError, match="expected one GeoNames table"):
        GeoNamesDumpSource(path).load()


def test_user_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(tmp_path))
    assert user_data_dir() == tmp_path
    monkeypatch.delenv("GEOMAP_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_data_dir() == tmp_path / "xdg" / "geomap"


# --------------------------------------------------------------------------- Nominatim


@dataclass
class _Location:
    latitude: float
    longitude: float
    address: str
    raw: dict


@dataclass
class FakeGeocoder:
    """Stands in for geopy's Nominatim.geocode; records what it was asked."""

    answers: dict[str, list[_Location]] = field(default_factory=dict)
    calls: list[tuple[str, dict]] = field(default_factory=list)
    fail: bool = False

    def __call__(self, query: str, **options):
        self.calls.append((query, options))
        if self.fail:
            raise GeocoderServiceError("503 Service Unavailable")
        return self.answers.get(query, [])


def _fake() -> FakeGeocoder:
    hit = _Location(
        48.6, 37.9, "Zavod, Bakhmut Raion, Ukraine",
        {"osm_type": "node", "osm_id": 42, "class": "place", "type": "village"},
    )  # fmt: skip
    return FakeGeocoder(answers={"Zavod": [hit]})


def test_nominatim_is_off_unless_enabled(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOMAP_ONLINE", raising=False)
    fake = _fake()
    source = NominatimSource(geocoder=fake, cache_path=tmp_path / "cache.json")
    with pytest.raises(GeocoderError, match="online geocoding is off"):
        source.lookup("Zavod")
    assert fake.calls == []


def test_nominatim_asks_once_and_caches(tmp_path):
    fake = _fake()
    cache = tmp_path / "cache.json"
    source = NominatimSource(enabled=True, geocoder=fake, cache_path=cache, min_delay_seconds=0)
    (place,) = source.lookup("Zavod")
    assert (place.id, place.name, place.kind) == ("osm:node/42", "Zavod", "settlement")
    assert (place.precision, place.source) == ("online", "nominatim")
    assert source.lookup("zavod") == [place]  # same key: answered from the cache
    assert source.lookup("Nothing here") == []
    assert [q for q, _ in fake.calls] == ["Zavod", "Nothing here"]
    assert fake.calls[0][1]["country_codes"] == ["ua", "ru", "by", "md"]
    # A new source, not enabled, still answers from the persistent cache.
    offline = NominatimSource(enabled=False, cache_path=cache)
    assert offline.lookup("Zavod") == [place]
    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert saved["nothing here"] == {"query": "Nothing here", "results": []}
    assert [p.id for p in offline.load().places] == ["osm:node/42"]


def test_nominatim_failure_is_a_geocoder_error(tmp_path):
    fake = FakeGeocoder(fail=True)
    source = NominatimSource(
        enabled=True,
        geocoder=fake,
        cache_path=tmp_path / "c.json",
        min_delay_seconds=0,
        error_wait_seconds=0,
    )
    with pytest.raises(GeocoderError, match="could not look up 'Zavod'"):
        source.lookup("Zavod")
    assert not (tmp_path / "c.json").exists()


def test_nominatim_broken_cache_is_a_clear_error(tmp_path):
    cache = tmp_path / "c.json"
    cache.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        NominatimSource(enabled=False, cache_path=cache).lookup("Zavod")


def test_nominatim_malformed_cache_entry_is_a_clear_error(tmp_path):
    cache = tmp_path / "c.json"
    cache.write_text('{"zavod": [1, 2]}', encoding="utf-8")
    with pytest.raises(DataError, match="cache entry is malformed"):
        NominatimSource(enabled=False, cache_path=cache).lookup("Zavod")


def test_nominatim_enabled_by_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEOMAP_ONLINE", "1")
    assert NominatimSource(cache_path=tmp_path / "c.json").enabled
    monkeypatch.setenv("GEOMAP_ONLINE", "0")
    assert not NominatimSource(cache_path=tmp_path / "c.json").enabled


def test_read_extra_mixes_tables_and_user_files(tmp_path):
    table = GeoNamesDumpSource(DATA / "UA_sample.txt").import_to(tmp_path)
    data = read_extra([table, DATA / "user_places.csv"], known=places_by_id().values())
    ids = {p.id for p in data.places}
    assert {KLISHCHIIVKA, "gn:99000002", "user:koksokhim-plant"} <= ids
    assert ("Bahmuth", "gn:713174", "alias") in data.names
    with pytest.raises(DataError, match="cannot read the places file"):
        read_extra([tmp_path / "missing.csv"])
